"""``newsgraph query``: run SPARQL (text, a .rq file or a saved query) against the store."""

from __future__ import annotations

import click

from .options import library_errors, store_option

__all__ = ["query"]

_EPILOG = """\b
Examples:
  newsgraph query --list
  newsgraph query dyads --format csv > dyads.csv
  newsgraph query actor --param actor=Moallem
  newsgraph query actor --param 'actor=<https://w3id.org/newsgraph/id/country/SYR>'
  newsgraph query my-question.rq --format json
  newsgraph query 'PREFIX ng: <https://w3id.org/newsgraph/ontology#>
                   SELECT (COUNT(*) AS ?n) WHERE { ?e a ng:Event }'

\b
--param values: <…> is an IRI, "…" or a bare word a string, 12 or 1.5 a number,
2016-02-06 an xsd:date. They are bound to the query's ?NAME (which must be in its
SELECT clause), never pasted into the text. Leave one out and a saved query uses its
documented default.

\b
Safety: SERVICE and LOAD are refused unless --allow-remote; updates are refused unless
--allow-update; FROM / FROM NAMED may name only graphs that are in the store. Queries
without FROM see the union of all graphs; updates see the default graph only (use
GRAPH, WITH or USING to reach the article and entity graphs).
"""


def _parse_params(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """Check each NAME=VALUE now, so a bad one is a usage error (exit 2)."""
    from ..errors import QueryError
    from ..query.params import parse_assignment

    params: dict[str, str] = {}
    for text in values:
        try:
            name, _ = parse_assignment(text)
        except QueryError as error:
            raise click.BadParameter(str(error), ctx=ctx, param=param) from None
        params[name] = text.partition("=")[2]
    return params


@click.command("query", epilog=_EPILOG)
@click.argument("query_arg", metavar="QUERY", required=False)
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table for reading; csv, tsv and json are the W3C SPARQL 1.1 result formats.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    callback=_parse_params,
    help="Bind ?NAME to VALUE (repeatable).",
)
@click.option("--list", "list_only", is_flag=True, help="List the saved queries and exit.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="Rows shown by --format table (0: all).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    metavar="S",
    help="Stop the query after S seconds.",
)
@click.option("--allow-update", is_flag=True, help="Allow SPARQL updates (writes).")
@click.option("--allow-remote", is_flag=True, help="Allow SERVICE and LOAD (network access).")
def query(
    query_arg: str | None,
    store_path: str,
    fmt: str,
    params: dict[str, str],
    list_only: bool,
    limit: int,
    timeout: float,
    allow_update: bool,
    allow_remote: bool,
) -> None:
    """Run QUERY: SPARQL text, a path to a .rq file, or the name of a saved query."""
    from ..query import Kind, list_saved_queries, print_result, resolve_query, run_query
    from ..query.output import output_console

    console = output_console()
    if list_only:
        console.print(_saved_table(list_saved_queries()))
        return
    if query_arg is None:
        raise click.UsageError("missing QUERY (or use --list to see the saved queries)")
    with library_errors():
        text, _saved = resolve_query(query_arg)
        result = run_query(
            store_path,
            text,
            params=params,
            timeout=timeout,
            allow_update=allow_update,
            allow_remote=allow_remote,
            # a table shows the first rows: the query child sends only those (and how
            # many the others are); the W3C formats come from the child ready to print
            result_format="json" if fmt == "table" else fmt,
            max_rows=limit if fmt == "table" and limit > 0 else None,
        )
    if result.kind is Kind.UPDATE:
        click.echo(f"update done in {result.elapsed:.2f} s", err=True)
        return
    print_result(result, fmt, limit=limit, console=console)


def _saved_table(saved):  # noqa: ANN001, ANN202 - rich is imported lazily
    """Name, title and parameters of each saved query."""
    from rich.table import Table

    table = Table(title="Saved queries (newsgraph query NAME [--param NAME=VALUE])")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("params")
    for item in saved:
        params = "\n".join(
            f"{p.name} (default: {p.default})" if p.default else p.name for p in item.params
        )
        table.add_row(item.name, item.title, params)
    return table

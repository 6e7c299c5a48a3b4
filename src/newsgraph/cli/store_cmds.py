"""``newsgraph stats``, ``validate`` and ``prune``: commands over the whole store."""

from __future__ import annotations

import json

import click

from .options import library_errors, progress_bar, store_option

__all__ = ["stats", "validate", "prune"]


@click.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def stats(store_path: str, fmt: str) -> None:
    """Count articles, entities by class, events by CAMEO root and triples.

    \b
    Example:
      newsgraph stats --format json
    """
    from rich.console import Console
    from rich.table import Table

    from ..extract.lexicon import CAMEO_ROOTS
    from ..stats import store_stats
    from ..store import open_store

    with library_errors():
        result = store_stats(open_store(store_path))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    table = Table(title=f"newsgraph store {store_path}")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles", str(result.articles))
    for cls, n in result.entities.items():
        table.add_row(cls, str(n))
    table.add_row("mentions", str(result.mentions))
    table.add_row("events", str(result.events))
    for code, n in result.events_by_root.items():
        name = CAMEO_ROOTS[code].name.title() if code in CAMEO_ROOTS else code
        table.add_row(f"  {code} {name}", str(n))
    table.add_row("graphs", str(result.graphs))
    table.add_row("triples", str(result.triples))
    Console().print(table)


@click.command()
@store_option
@click.option(
    "--limit", type=int, default=50, show_default=True, help="Report at most this many violations."
)
def validate(store_path: str, limit: int) -> None:
    """Check the store against the SHACL shapes in ontology/shapes.ttl.

    Exit code 1, with one line per violation, when the store does not conform.

    \b
    Example:
      newsgraph validate --store newsgraph.store
    """
    from ..store import open_store
    from ..validate import validate_store

    with library_errors(), progress_bar("validating graphs") as progress:
        report = validate_store(open_store(store_path), limit=limit, progress=progress)
    if report.conforms:
        click.echo(f"valid: {report.graphs_checked} graphs conform to the shapes")
        return
    for line in report.violations:
        click.echo(line, err=True)
    raise click.ClickException(
        f"{len(report.violations)} violation(s) in {report.graphs_checked} graphs checked"
    )


@click.command()
@store_option
def prune(store_path: str) -> None:
    """Remove entities that no article mentions any more.

    \b
    Example:
      newsgraph prune
    """
    from ..prune import prune as run_prune
    from ..store import open_store

    with library_errors():
        n = run_prune(open_store(store_path, write=True))
    click.echo(f"pruned {n} {'entity' if n == 1 else 'entities'}")

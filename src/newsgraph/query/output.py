"""Write a :class:`QueryResult` as a table for people or a W3C format for programs.

csv, tsv and json are exactly the SPARQL 1.1 result formats, produced by pyoxigraph's
own serialisers so they are never hand-rolled. Results that are not tables get the
nearest sensible form: ASK gives ``true``/``false`` (W3C JSON for json); CONSTRUCT and
DESCRIBE give N-Triples (csv, tsv), JSON-LD (json) or prefixed Turtle (table).
"""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from ..rdf.vocab import NAMESPACES
from .guard import Kind
from .run import RESULT_FORMATS, QueryResult

__all__ = ["FORMATS", "PREFIXES", "compact", "format_result", "result_table", "print_result"]

FORMATS = ("table", "csv", "tsv", "json")

#: Prefixes used to shorten IRIs in tables and Turtle: the vocabularies newsgraph writes
#: (rdf/vocab.py, which imports nothing heavy), its entity IRIs and GeoNames. No namespace
#: here starts with another, so the order does not matter.
PREFIXES: dict[str, str] = {
    **NAMESPACES,
    "id": "https://w3id.org/newsgraph/id/",
    "geonames": "https://sws.geonames.org/",
}


def format_result(result: QueryResult, fmt: str) -> bytes:
    """Serialise ``result`` as csv, tsv or json (bytes, as the W3C formats are UTF-8)."""
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"not a machine format: {fmt}")
    if result.kind is Kind.UPDATE:
        return b""
    if result.kind.returns_graph:
        if fmt == "json":
            return ox.serialize(result.triples(), format=ox.RdfFormat.JSON_LD)
        return result.data  # N-Triples: one triple a line, what csv/tsv users can grep
    return result.serialized(fmt)  # as is when the query child wrote it in ``fmt``


def compact(term: object) -> str:
    """A term as a person reads it: ``ng:Person``, ``id:person/…``, a literal's value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


_MAX_CELL = 60


def _natural_width(result: QueryResult, limit: int) -> int:
    """Width of the table with every column as wide as its longest cell (capped)."""
    rows = result.rows() if limit <= 0 else result.rows()[:limit]
    total = 1
    for i, name in enumerate(result.variables):
        longest = max([len(name), *(len(compact(row[i])) for row in rows)])
        total += min(longest, _MAX_CELL) + 3
    return total


def result_table(result: QueryResult, *, limit: int = 100) -> Table:
    """A rich table of a SELECT result, at most ``limit`` rows (0: all), noting the rest."""
    rows = result.rows()
    shown = rows if limit <= 0 else rows[:limit]
    total = len(rows) if result.total_rows is None else result.total_rows
    hidden = total - len(shown)
    caption = None
    if hidden:
        caption = f"… {hidden} more rows (use --format csv for all)"
    elif not rows:
        caption = "no rows"
    table = Table(caption=caption, show_lines=False, caption_justify="left")
    for name in result.variables:
        # one line per row: long sentences and IRIs end in "…" rather than folding every
        # column into a ribbon of three-letter lines on a narrow terminal
        table.add_column(name, overflow="ellipsis", no_wrap=True, max_width=_MAX_CELL)
    for row in shown:
        table.add_row(*(compact(term) for term in row), end_section=False)
    return table


def output_console() -> Console:
    """The console query results go to (stdout)."""
    return Console()


def print_result(
    result: QueryResult, fmt: str, *, limit: int = 100, console: Console | None = None
) -> None:
    """Write ``result`` in ``fmt`` to ``console`` (stdout by default)."""
    console = console or output_console()
    if fmt != "table":
        _write_bytes(console.file, format_result(result, fmt))
    elif result.kind is Kind.SELECT:
        table = result_table(result, limit=limit)
        # rich squeezes columns to nothing when a table is wider than the console; print
        # at the table's own width instead (a terminal wraps; a pipe keeps whole rows)
        needed = _natural_width(result, limit)
        if needed > console.width:
            console = Console(file=console.file, width=needed, color_system=console.color_system)
        console.print(table)
    elif result.kind is Kind.ASK:
        console.print("true" if result.boolean else "false", highlight=False)
    elif result.kind.returns_graph:
        triples = result.triples()
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_used(triples))
        _write_bytes(console.file, turtle)


def _used(triples: list[ox.Triple]) -> dict[str, str]:
    """The prefixes worth declaring in Turtle: used, and giving readable local names.

    ``id:`` and ``geonames:`` are left out: their local names contain ``/``, which
    Turtle would have to escape (``id:person\\/walid-al-moallem``).
    """
    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, ox.NamedNode)
    }
    iris |= {
        triple.object.datatype.value
        for triple in triples
        if isinstance(triple.object, ox.Literal)
        and triple.object.datatype.value != PREFIXES["xsd"] + "string"  # written bare
    }
    return {
        prefix: namespace
        for prefix, namespace in PREFIXES.items()
        if prefix not in ("id", "geonames") and any(iri.startswith(namespace) for iri in iris)
    }


def _write_bytes(stream: IO[str], data: bytes) -> None:
    """Write bytes unchanged (CSV's CRLF must stay CRLF), via the binary buffer if any."""
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8"))
        stream.flush()

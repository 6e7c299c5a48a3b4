"""``newsgraph export``."""

from __future__ import annotations

import sys

import click

from .options import library_errors, store_option

__all__ = ["export"]


@click.command()
@click.option(
    "--format",
    "fmt",
    required=True,
    metavar="FMT",
    help="Output format: turtle (ttl), ntriples (nt), nquads (nq), trig, jsonld.",
)
@click.option("--view", default=None, help="Graph view, for network formats (later versions).")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file (default: stdout).",
)
@store_option
def export(fmt: str, view: str | None, output: str | None, store_path: str) -> None:
    """Export the store in format FMT.

    Triple formats (turtle, ntriples) hold the union of all graphs, each triple once;
    quad formats (nquads, trig, jsonld) keep the graph of every triple.

    \b
    Examples:
      newsgraph export --format turtle -o graph.ttl
      newsgraph export --format nquads > graph.nq
    """
    from ..export import get_exporter
    from ..store import open_store

    with library_errors():
        exporter = get_exporter(fmt)
        if view is not None:
            raise click.UsageError(f"format {exporter.name} has no views")
        store = open_store(store_path)
        if output is None:
            exporter.write(store, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with open(output, "wb") as out:
                exporter.write(store, out)

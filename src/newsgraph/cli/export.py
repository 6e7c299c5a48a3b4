"""``newsgraph export``: RDF formats dump the store, network formats a projection of it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from . import exit_without_teardown
from .options import library_errors, store_option

__all__ = ["export", "network_filter_options", "used_filters"]

_FORMATS_HELP = (
    "Output format. RDF: turtle (ttl), ntriples (nt), nquads (nq), trig, jsonld. "
    "Network: graphml, gexf, cytoscape (cyjs), graphology (sigma), dot, csv, geojson, "
    "html, png, svg."
)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..analysis.filters import check_date
    from ..errors import NewsgraphError

    try:
        return check_date(value)
    except NewsgraphError as exc:
        raise click.BadParameter(
            f"{value!r} is not a date like 2024, 2024-03 or 2024-03-05"
        ) from exc


def _check_types(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    from ..analysis.filters import EventTypeFilter
    from ..errors import NewsgraphError

    try:
        EventTypeFilter.parse(value)
    except NewsgraphError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


def network_filter_options(*, weight: bool = True) -> Callable[[Any], Any]:
    """The projection filters as click options (shared by ``export`` and ``plot``).

    ``weight=False`` leaves out ``--min-weight``, which means nothing for event counts.
    """

    def decorate(func: Any) -> Any:
        options = [
            click.option(
                "--since", callback=_check_date, metavar="DATE", help="Events on or after DATE."
            ),
            click.option(
                "--until", callback=_check_date, metavar="DATE", help="Events on or before DATE."
            ),
            click.option(
                "--event-type",
                "event_types",
                multiple=True,
                callback=_check_types,
                metavar="TYPE",
                help="Only these event types: CAMEO root (19), code (194) or QuadClass (q4). "
                "Repeatable.",
            ),
        ]
        if weight:
            options.append(
                click.option(
                    "--min-weight",
                    type=click.FloatRange(min=0),
                    default=0,
                    metavar="N",
                    help="Drop edges lighter than this (events per edge).",
                )
            )
        options += [
            click.option("--actor", metavar="NAME|IRI", help="Only the network around this actor."),
            click.option(
                "--radius",
                type=click.IntRange(min=0),
                default=1,
                metavar="N",
                show_default=True,
                help="Steps around --actor.",
            ),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


# filter parameter -> (its default, the option that sets it)
_FILTERS = {
    "since": (None, "--since"),
    "until": (None, "--until"),
    "event_types": ((), "--event-type"),
    "min_weight": (0, "--min-weight"),
    "actor": (None, "--actor"),
    "radius": (1, "--radius"),
}


def used_filters(params: dict[str, Any]) -> list[str]:
    """The filter options the user set (network formats only take them)."""
    return [
        option
        for name, (default, option) in _FILTERS.items()
        if params.get(name, default) not in (default, None, ())
    ]


@click.command()
@click.option("--format", "fmt", required=True, metavar="FMT", help=_FORMATS_HELP)
@click.option(
    "--view",
    default=None,
    metavar="VIEW",
    help="Network formats: actors (default; geojson: full), comentions, full, places.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=str),
    default=None,
    help="Write to this file (default: stdout); for csv, a directory (or FILE.zip).",
)
@network_filter_options()
@store_option
def export(
    fmt: str,
    view: str | None,
    output: str | None,
    store_path: str,
    **filters: Any,
) -> None:
    """Export the store in format FMT.

    RDF formats dump the store: triple formats (turtle, ntriples) hold the union of all
    graphs, each triple once; quad formats (nquads, trig, jsonld) keep the graph of
    every triple. Network formats export a projection (--view) of it, filtered by date,
    event type, edge weight or the neighbourhood of one actor.

    \b
    Examples:
      newsgraph export --format turtle -o graph.ttl
      newsgraph export --format gexf -o actors.gexf
      newsgraph export --format html --since 2024-03 --event-type q4 -o conflict.html
      newsgraph export --format csv -o tables/
      newsgraph export --format png --actor Turkey --radius 2 -o turkey.png
    """
    from ..export import get_exporter
    from ..export._network import NetworkOptions, network_format
    from ..store import open_store

    with library_errors():
        exporter = get_exporter(fmt)
        network = network_format(exporter)
        if network is None:
            _export_rdf(exporter, view, output, store_path, filters)
            return
        from ..analysis.projections import VIEWS

        if view is not None and view not in VIEWS:
            raise click.BadParameter(
                f"unknown view {view!r}; available: {', '.join(VIEWS)}", param_hint="'--view'"
            )
        if output is not None and network.write_directory is None and _is_dir(output):
            raise click.BadParameter(f"{output} is a directory", param_hint="'-o'")
        options = NetworkOptions(
            view=view or network.default_view,
            since=filters["since"],
            until=filters["until"],
            event_types=tuple(filters["event_types"]),
            min_weight=filters["min_weight"],
            actor=filters["actor"],
            radius=filters["radius"],
        )
        store = open_store(store_path)
        try:
            written = network.export(store, options, output)
        finally:
            store.close()
            # the projection is the command's large heap: at exit, leave it to the OS
            exit_without_teardown()
        if output is not None:
            click.echo(f"wrote {written}", err=True)


def _is_dir(path: str) -> bool:
    from pathlib import Path

    return Path(path).is_dir()


def _export_rdf(
    exporter: Any, view: str | None, output: str | None, store_path: str, filters: dict
) -> None:
    """The RDF formats: the whole store, no views or filters."""
    from ..store import open_store

    if view is not None:
        raise click.UsageError(f"format {exporter.name} has no views")
    used = used_filters(filters)
    if used:
        raise click.UsageError(
            f"only network formats take {', '.join(used)}; {exporter.name} exports the whole store"
        )
    if output is not None and _is_dir(output):
        raise click.BadParameter(f"{output} is a directory", param_hint="'-o'")
    store = open_store(store_path)
    if output is None:
        exporter.write(store, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with open(output, "wb") as out:
            exporter.write(store, out)

"""``newsgraph plot``: charts drawn from the store (matplotlib, no display needed)."""

from __future__ import annotations

import io
from pathlib import Path

import click

from . import exit_without_teardown
from .export import network_filter_options
from .options import library_errors, store_option

__all__ = ["plot"]


@click.group()
def plot() -> None:
    """Draw charts of the events in the store.

    \b
    Examples:
      newsgraph plot timeline -o timeline.png
      newsgraph plot timeline --by quad --period month --since 2024 -o quad.svg
    """


@plot.command()
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True),
    default="timeline.png",
    show_default=True,
    help="Image file to write; .png or .svg.",
)
@click.option(
    "--by",
    "group",
    type=click.Choice(["root", "quad"]),
    default="root",
    show_default=True,
    help="Stack events by CAMEO root or by QuadClass.",
)
@click.option(
    "--period",
    type=click.Choice(["week", "month"]),
    default="week",
    show_default=True,
    help="One bar per week (from Monday) or per month.",
)
@network_filter_options(weight=False)
@store_option
def timeline(
    output: str,
    group: str,
    period: str,
    since: str | None,
    until: str | None,
    event_types: tuple[str, ...],
    actor: str | None,
    radius: int,
    store_path: str,
) -> None:
    """Events per week or month, stacked by CAMEO root or QuadClass.

    Events are dated by their time stamp, else by their article's date; events with
    neither are left out (the title says how many). --actor keeps the events that
    actor takes part in.
    """
    from ..plot import event_timeline, image_format, plot_timeline
    from ..store import open_store

    with library_errors():
        fmt = image_format(output)
        store = open_store(store_path)
        try:
            data = event_timeline(
                store,
                period=period,
                group=group,
                since=since,
                until=until,
                event_types=event_types,
                actor=actor,
                radius=radius,
            )
        finally:
            store.close()
            # the projection is the command's large heap: at exit, leave it to the OS
            exit_without_teardown()
        picture = io.BytesIO()  # drawn first, so a failed plot leaves no empty file
        plot_timeline(data, picture, fmt)
        Path(output).write_bytes(picture.getvalue())
    undated = f" ({data.undated} undated left out)" if data.undated else ""
    periods = f"{len(data.counts)} {period}{'' if len(data.counts) == 1 else 's'}"
    click.echo(f"plotted {data.total} events in {periods}{undated} to {output}")

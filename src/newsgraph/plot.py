"""Event timelines: how many events of each type happened per week or month.

Why built on the ``full`` projection: its event nodes carry the date (``sem:hasTimeStamp``,
else the article's date), CAMEO root and QuadClass after the same filters every other
command applies (``--since``, ``--event-type``, ``--actor``…), so a timeline and an
export of the same filters count the same events.

>>> period_start("2024-03-07", "week"), period_start("2024-03-07", "month")
('2024-03-04', '2024-03-01')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from .errors import NewsgraphError
from .store import GraphStore

__all__ = ["PERIODS", "GROUPS", "Timeline", "event_timeline", "period_start", "plot_timeline"]

PERIODS = ("week", "month")
GROUPS = ("root", "quad")
QUAD_NAMES = {
    1: "1 verbal cooperation",
    2: "2 material cooperation",
    3: "3 verbal conflict",
    4: "4 material conflict",
}
QUAD_COLOURS = {1: "#76B7B2", 2: "#4E79A7", 3: "#F28E2B", 4: "#E15759"}
IMAGE_FORMATS = ("png", "svg")


class PlotError(NewsgraphError):
    """A plot cannot be drawn as asked (nothing to plot, unknown output format)."""


@dataclass
class Timeline:
    """Event counts per period (ISO date of the period's first day) and per group."""

    period: str
    group: str
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def groups(self) -> list[str]:
        """Every group that occurs, in code order."""
        return sorted({g for c in self.counts.values() for g in c})


def period_start(iso_date: str, period: str) -> str:
    """The first day of the week (Monday) or month that ``iso_date`` falls in."""
    day = date.fromisoformat(iso_date[:10])
    if period == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    return day.replace(day=1).isoformat()


def _all_periods(first: str, last: str, period: str) -> list[str]:
    """Every period from ``first`` to ``last``, empty ones included (gaps show)."""
    out = []
    current = date.fromisoformat(first)
    end = date.fromisoformat(last)
    while current <= end:
        out.append(current.isoformat())
        if period == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def event_timeline(
    store: GraphStore,
    *,
    period: str = "week",
    group: str = "root",
    since: str | None = None,
    until: str | None = None,
    event_types: Sequence[str] = (),
    actor: str | None = None,
    radius: int = 1,
) -> Timeline:
    """Count the events that pass the filters per ``period`` and ``group``.

    ``group`` is ``root`` (CAMEO root, "19") or ``quad`` (QuadClass, "4"). With
    ``actor``, the events within ``radius`` steps of that actor in the full view
    (radius 1: the events it takes part in).
    """
    from .analysis.projections import project

    if period not in PERIODS:
        raise PlotError(f"unknown period {period!r}; available: {', '.join(PERIODS)}")
    if group not in GROUPS:
        raise PlotError(f"unknown grouping {group!r}; available: {', '.join(GROUPS)}")
    graph = project(
        store,
        "full",
        since=since,
        until=until,
        event_types=tuple(event_types),
        actor=actor,
        radius=radius,
    )
    timeline = Timeline(period, group)
    for _, data in graph.nodes(data=True):
        if data.get("kind") != "event":
            continue
        when = str(data.get("date") or "")
        if not when:
            timeline.undated += 1
            continue
        key = str(data.get("root") or "??") if group == "root" else str(data.get("quad_class") or 0)
        timeline.counts.setdefault(period_start(when, period), Counter())[key] += 1
    if timeline.counts:
        periods = sorted(timeline.counts)
        for start in _all_periods(periods[0], periods[-1], period):
            timeline.counts.setdefault(start, Counter())
        timeline.counts = dict(sorted(timeline.counts.items()))
    return timeline


def _group_style(timeline: Timeline) -> list[tuple[str, str, str]]:
    """(group key, legend label, colour) for every group in the timeline."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    if timeline.group == "quad":
        return [
            (g, QUAD_NAMES.get(int(g), f"QuadClass {g}"), QUAD_COLOURS.get(int(g), "#999999"))
            for g in timeline.groups()
        ]
    from .extract.lexicon import CAMEO_ROOTS

    palette = colormaps["tab20"]
    style = []
    for g in timeline.groups():
        info = CAMEO_ROOTS.get(g)
        index = int(g) - 1 if g.isdigit() else 19
        label = f"{g} {info.name.lower()}" if info else f"{g} (unknown)"
        colour = to_hex(palette(index % 20))
        style.append((g, label, colour))
    return style


def plot_timeline(timeline: Timeline, out: BinaryIO, fmt: str = "png", *, title: str = "") -> None:
    """Draw ``timeline`` as stacked bars (one bar per period) to ``out``."""
    if fmt not in IMAGE_FORMATS:
        raise PlotError(f"unknown image format {fmt!r}; use .png or .svg")
    if not timeline.total:
        raise PlotError("no dated events match the filters; nothing to plot")
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.dates as mdates
    from matplotlib import pyplot as plt

    starts = [date.fromisoformat(p) for p in timeline.counts]
    width = 6 if timeline.period == "week" else 26
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "newsgraph"}):
        fig, ax = plt.subplots(figsize=(11, 5.5), dpi=150)
        try:
            bottom = [0] * len(starts)
            for key, label, colour in _group_style(timeline):
                values = [c.get(key, 0) for c in timeline.counts.values()]
                ax.bar(
                    starts,
                    values,
                    width=width,
                    bottom=bottom,
                    color=colour,
                    label=label,
                    align="edge",
                    edgecolor="white",
                    linewidth=0.3,
                )
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
            ax.xaxis.set_major_locator(mdates.AutoDateLocator())
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
            ax.yaxis.get_major_locator().set_params(integer=True)
            ax.set_ylabel(f"events per {timeline.period}")
            what = "CAMEO root" if timeline.group == "root" else "QuadClass"
            note = f"; {timeline.undated} undated left out" if timeline.undated else ""
            ax.set_title(
                title
                or f"newsgraph — {timeline.total} events per {timeline.period} by {what}{note}",
                loc="left",
                fontsize=11,
            )
            ax.spines[["top", "right"]].set_visible(False)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
            fig.tight_layout()
            metadata = (
                {"Creator": "newsgraph", "Date": None}
                if fmt == "svg"
                else {"Software": "newsgraph"}
            )
            fig.savefig(out, format=fmt, metadata=metadata)
        finally:
            plt.close(fig)


def image_format(path: str | Path) -> str:
    """``png`` or ``svg`` from a file name; anything else is an error."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in IMAGE_FORMATS:
        raise PlotError(f"cannot tell the image format of {str(path)!r}: name it .png or .svg")
    return suffix

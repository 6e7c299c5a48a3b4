"""Activity over time: how many events each actor takes part in per ISO week.

Why ISO weeks: news cycles run by week, and ``2024-W10`` sorts as text, so a table or a
plot can use the keys as they are. Counts come from the node attribute ``dates`` that
every projection sets (one entry per event of the node), so activity respects the
projection's filters.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("x:rus", label="Russia", dates=["2024-03-04", "2024-03-05", "2024-03-11"])
>>> weekly_activity(G)["x:rus"]
{'2024-W10': 2, '2024-W11': 1}
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable

import networkx as nx

__all__ = ["iso_week", "weekly_activity", "activity_table"]


def iso_week(date: str) -> str:
    """``"2024-03-05"`` → ``"2024-W10"`` (ISO 8601 week; the year is the ISO year).

    >>> iso_week("2021-01-03")
    '2020-W53'
    """
    year, week, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def weekly_activity(
    graph: nx.Graph, nodes: Iterable[Hashable] | None = None
) -> dict[Hashable, dict[str, int]]:
    """Node → {ISO week → number of events}, weeks in order; nodes without dates are left out."""
    out: dict[Hashable, dict[str, int]] = {}
    for node in graph if nodes is None else nodes:
        dates = graph.nodes[node].get("dates") or []
        weeks = Counter(iso_week(d) for d in dates if d)
        if weeks:
            out[node] = dict(sorted(weeks.items()))
    return out


def activity_table(graph: nx.Graph, nodes: Iterable[Hashable] | None = None) -> list[dict]:
    """Long format, one row per (node, week): ``node``, ``label``, ``week``, ``events``.

    Ordered by week, then by most events, then label: ready for CSV or a plot.
    """
    rows = [
        {
            "node": node,
            "label": graph.nodes[node].get("label", str(node)),
            "week": week,
            "events": count,
        }
        for node, weeks in weekly_activity(graph, nodes).items()
        for week, count in weeks.items()
    ]
    rows.sort(key=lambda r: (r["week"], -r["events"], str(r["label"])))
    return rows

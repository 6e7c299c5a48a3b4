"""Where nodes go, how big and which colour: shared by every export that draws.

Why shared: Gephi, Cytoscape, sigma.js, the HTML viewer, the DOT and PNG pictures then
show one network the same way, so a reader can move between them.

- :func:`layout`: each connected component gets its own layout (Kamada-Kawai up to 300
  nodes, else a seeded spring layout) in a square box whose side grows with the square
  root of its size, and the boxes are packed in rows, largest first. Isolated actors (a
  news corpus has many) end in a compact grid instead of a ring around everything.
- :func:`node_sizes`: by PageRank between its lowest and highest value, area-true.
- :data:`KIND_COLOURS`: Okabe-Ito colours, distinguishable with the common colour-vision
  deficiencies; :func:`community_colour` for colouring by community.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = [
    "COMMUNITY_COLOURS",
    "KIND_COLOURS",
    "KIND_ORDER",
    "community_colour",
    "kind_colour",
    "layout",
    "node_sizes",
]

KIND_COLOURS: Mapping[str, str] = {
    "person": "#0072B2",
    "organization": "#E69F00",
    "group": "#009E73",
    "country": "#D55E00",
    "place": "#56B4E9",
    "event": "#CC79A7",
    "article": "#999999",
}
KIND_ORDER: tuple[str, ...] = tuple(KIND_COLOURS)
_OTHER_COLOUR = "#666666"

#: Colours for communities, largest community first (Tableau 10; repeats after ten).
COMMUNITY_COLOURS: tuple[str, ...] = (
    "#4E79A7",
    "#F28E2B",
    "#E15759",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
)

_KAMADA_KAWAI_MAX = 300
_GAP = 0.6  # space between packed boxes, in the unit of one node's box


def kind_colour(kind: str) -> str:
    """The colour of a node kind (hex ``#RRGGBB``)."""
    return KIND_COLOURS.get(kind, _OTHER_COLOUR)


def community_colour(community: int) -> str:
    """The colour of a community number."""
    return COMMUNITY_COLOURS[community % len(COMMUNITY_COLOURS)]


def _component_layout(graph: nx.Graph, nodes: list[Any]) -> dict[Any, tuple[float, float]]:
    """Positions of one component inside the unit square [0, 1]²."""
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    sub = graph.subgraph(nodes)
    if len(nodes) <= _KAMADA_KAWAI_MAX:
        pos = nx.kamada_kawai_layout(sub, weight=None)
    else:
        pos = nx.spring_layout(sub, seed=7, weight=None, iterations=100)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {
        n: (
            0.5 + (float(x) - (max(xs) + min(xs)) / 2) / span,
            0.5 + (float(y) - (max(ys) + min(ys)) / 2) / span,
        )
        for n, (x, y) in pos.items()
    }


def layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Node positions in [-1, 1]², the same on every run for the same graph.

    Why positions in the files: a tool that opens one shows a readable picture at once.
    """
    if len(graph) == 0:
        return {}
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    order = {node: i for i, node in enumerate(graph.nodes)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(undirected)),
        key=lambda c: (-len(c), order[c[0]]),
    )
    sides = [math.sqrt(len(c)) * 2.5 if len(c) > 1 else 1.0 for c in components]
    width = max(max(sides), math.sqrt(sum((s + _GAP) ** 2 for s in sides)) * 1.2)
    positions: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, side in zip(components, sides, strict=True):
        if x > 0 and x + side > width:  # next row, below
            x, y, row_height = 0.0, y - row_height - _GAP, 0.0
        for node, (u, v) in _component_layout(graph, nodes).items():
            positions[node] = (x + u * side, y - (1 - v) * side)
        x += side + _GAP
        row_height = max(row_height, side)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: ((px - cx) * 2 / span, (py - cy) * 2 / span) for n, (px, py) in positions.items()}


def node_sizes(graph: nx.Graph, smallest: float, largest: float) -> dict[Any, float]:
    """A size per node from ``smallest`` to ``largest`` by PageRank (area-true)."""
    ranks = {n: float(d.get("pagerank", 0.0)) for n, d in graph.nodes(data=True)}
    low, high = min(ranks.values(), default=0.0), max(ranks.values(), default=0.0)
    if high <= low:
        return {n: (smallest + largest) / 2 if high > 0 else smallest for n in ranks}
    return {
        n: smallest + (largest - smallest) * math.sqrt((r - low) / (high - low))
        for n, r in ranks.items()
    }

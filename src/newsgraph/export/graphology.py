"""graphology JSON: the network for sigma.js (``graph.import(data)``).

Why these attributes: sigma.js draws a node from ``x``, ``y``, ``size``, ``color`` and
``label``, so we write them (shared layout, PageRank size, colour by kind); ``type`` is
left out because sigma reads it as the name of a drawing program. Node keys are the IRIs;
every other projection attribute is kept as it is (JSON holds lists and dicts).
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import networkx as nx

from ._network import (
    ExportContext,
    NetworkFormat,
    kind_colour,
    layout,
    node_sizes,
    register_network,
)

__all__ = ["to_graphology"]

_RESERVED = ("type", "key")


def to_graphology(graph: nx.Graph) -> dict[str, Any]:
    """The serialised graphology graph for ``graph``."""
    positions = layout(graph)
    sizes = node_sizes(graph, 3.0, 20.0)
    nodes = []
    for node, data in graph.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in _RESERVED}
        x, y = positions[node]
        attrs.update(
            label=str(data.get("label", node)),
            x=round(x, 5),
            y=round(y, 5),
            size=round(sizes[node], 3),
            color=kind_colour(str(data.get("kind", ""))),
        )
        nodes.append({"key": str(node), "attributes": attrs})
    edges = []
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        attrs = {k: val for k, val in data.items() if k not in _RESERVED}
        attrs.setdefault("size", 1 + min(float(data.get("weight", 1) or 1), 9.0) / 2)
        edges.append({"key": f"e{i}", "source": str(u), "target": str(v), "attributes": attrs})
    return {
        "attributes": {k: v for k, v in graph.graph.items()},
        "options": {
            "type": "directed" if graph.is_directed() else "undirected",
            "multi": graph.is_multigraph(),
            "allowSelfLoops": True,
        },
        "nodes": nodes,
        "edges": edges,
    }


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    text = json.dumps(to_graphology(graph), ensure_ascii=False, indent=1, allow_nan=False)
    out.write(text.encode("utf-8") + b"\n")


register_network(
    NetworkFormat(
        "graphology",
        _render,
        "graphology JSON network (sigma.js)",
        aliases=("sigma",),
        extension="json",
    )
)

"""Cytoscape.js JSON (``.cyjs``): loads in Cytoscape desktop and in cytoscape.js.

Why networkx's ``cytoscape_data``: it writes the ``elements`` layout both readers expect
(and ``networkx.cytoscape_graph`` reads back). We add what it leaves out: ``name`` = the
label (Cytoscape desktop's default label column), node positions from the shared layout,
edge ids, and nested values Cytoscape desktop cannot hold in a column (dicts, lists of
dicts) as JSON text. Lists of strings stay lists (Cytoscape *List of String* columns).
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import networkx as nx

from .. import __version__
from ._flat import flat_value
from ._network import ExportContext, NetworkFormat, layout, register_network

__all__ = ["to_cytoscape"]

_POSITION_SCALE = 500.0


def _column_value(value: Any) -> Any:
    """Scalars and lists of scalars as they are; anything deeper as JSON text."""
    if isinstance(value, (list, tuple)) and all(
        isinstance(v, (str, int, float, bool)) for v in value
    ):
        return list(value)
    return flat_value(value)


def to_cytoscape(graph: nx.Graph) -> dict[str, Any]:
    """The Cytoscape.js document for ``graph`` (node ids are the IRIs)."""
    plain = graph.__class__()
    plain.graph.update({k: _column_value(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        attrs = {k: _column_value(v) for k, v in data.items()}
        attrs["name"] = str(data.get("label", node))
        attrs["id"] = str(node)
        plain.add_node(node, **attrs)
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        plain.add_edge(u, v, **{k: _column_value(x) for k, x in data.items()}, id=f"e{i}")
    document = nx.cytoscape_data(plain)
    positions = layout(graph)
    for element in document["elements"]["nodes"]:
        x, y = positions[element["data"]["value"]]
        element["position"] = {"x": x * _POSITION_SCALE, "y": -y * _POSITION_SCALE}
    # networkx gives the graph data as a list of pairs; both readers want an object
    document["data"] = {
        "name": f"newsgraph {graph.graph.get('view', 'network')}",
        **dict(document["data"]),
    }
    return {
        "format_version": "1.0",
        "generated_by": f"newsgraph-{__version__}",
        "target_cytoscapejs_version": "~3.30",
        **document,
    }


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    text = json.dumps(to_cytoscape(graph), ensure_ascii=False, indent=1, allow_nan=False)
    out.write(text.encode("utf-8") + b"\n")


register_network(
    NetworkFormat(
        "cytoscape",
        _render,
        "Cytoscape.js JSON network (Cytoscape desktop, cytoscape.js)",
        aliases=("cyjs",),
        extension="cyjs",
    )
)

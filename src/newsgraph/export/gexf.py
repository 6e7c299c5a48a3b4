"""GEXF 1.3: the network for Gephi, with a timeline, colours, sizes and positions.

Why our own writer (lxml element builders, never text pasted together): networkx writes
``<graph name="">`` and, for 1.3, a misspelt XML Schema instance namespace, and both
fail the GEXF 1.3 schema; nor does it write the timestamps Gephi's timeline needs. The
output validates against GEXF 1.3's normative RELAX NG schema.

- Dynamic: every node and edge has one ``<spell timestamp="…"/>`` per date it was
  active on (``timerepresentation="timestamp"``, ``timeformat="date"``), so Gephi's
  timeline filters the network by event date. Elements without dates are static.
- ``viz:color`` by node kind, ``viz:size`` by PageRank, ``viz:position`` from a seeded
  spring layout; ``pagerank`` and ``community`` are attributes too, so Gephi's
  Appearance panel can colour by community instead.
- Node ``label`` and edge ``weight`` are GEXF's own fields (Gephi's reserved columns),
  not attributes.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import networkx as nx
from lxml import etree

from .. import __version__
from ._flat import table, xml_safe
from ._network import (
    ExportContext,
    NetworkFormat,
    kind_colour,
    layout,
    node_sizes,
    register_network,
)

__all__ = ["GEXF_NS", "VIZ_NS", "to_gexf"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
# Our column types -> GEXF attribute types Gephi reads (it has no anyURI).
_TYPES = {"boolean": "boolean", "int": "long", "double": "double", "string": "string"}
_POSITION_SCALE = 500.0


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return xml_safe(str(value))


def _rgb(hex_colour: str) -> dict[str, str]:
    value = hex_colour.lstrip("#")
    return {
        "r": str(int(value[0:2], 16)),
        "g": str(int(value[2:4], 16)),
        "b": str(int(value[4:6], 16)),
    }


def _dates(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return sorted({str(d) for d in value if d})
    return []


def to_gexf(graph: nx.Graph) -> etree._ElementTree:
    """The GEXF 1.3 document for ``graph`` (a projection; see :mod:`._network`)."""
    # label and weight are GEXF's own (Gephi's reserved columns), not attributes
    flat = table(graph, xml=True, drop=("label", "weight"))
    g_ = f"{{{GEXF_NS}}}"
    v_ = f"{{{VIZ_NS}}}"
    root = etree.Element(g_ + "gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS}, version="1.3")
    meta = etree.SubElement(root, g_ + "meta")
    etree.SubElement(meta, g_ + "creator").text = f"newsgraph {__version__}"
    settings = ", ".join(f"{k}={v}" for k, v in sorted(graph.graph.items()) if v not in ("", 0))
    etree.SubElement(meta, g_ + "description").text = xml_safe(
        f"newsgraph network ({settings})" if settings else "newsgraph network"
    )

    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(data=True))
    dynamic = any(_dates(d.get("dates")) for _, d in nodes) or any(
        _dates(d.get("dates")) for *_, d in edges
    )
    graph_el = etree.SubElement(
        root, g_ + "graph", defaultedgetype="directed" if graph.is_directed() else "undirected"
    )
    if dynamic:
        graph_el.set("mode", "dynamic")
        graph_el.set("timeformat", "date")
        graph_el.set("timerepresentation", "timestamp")
    for scope, types in (("node", flat.node_types), ("edge", flat.edge_types)):
        attributes = etree.SubElement(
            graph_el, g_ + "attributes", {"class": scope, "mode": "static"}
        )
        for name, kind in types.items():
            etree.SubElement(attributes, g_ + "attribute", id=name, title=name, type=_TYPES[kind])

    def add_values(parent: etree._Element, attrs: dict[str, Any]) -> None:
        if attrs:
            values = etree.SubElement(parent, g_ + "attvalues")
            for name, value in attrs.items():
                etree.SubElement(values, g_ + "attvalue", {"for": name, "value": _text(value)})

    def add_spells(parent: etree._Element, dates: list[str]) -> None:
        if dynamic and dates:
            spells = etree.SubElement(parent, g_ + "spells")
            for date in dates:
                etree.SubElement(spells, g_ + "spell", timestamp=date)

    positions = layout(graph)
    sizes = node_sizes(graph, 4.0, 40.0)
    nodes_el = etree.SubElement(graph_el, g_ + "nodes", count=str(len(nodes)))
    for (node, data), (node_id, attrs) in zip(nodes, flat.nodes, strict=True):
        node_el = etree.SubElement(
            nodes_el, g_ + "node", id=node_id, label=_text(data.get("label", node))
        )
        add_values(node_el, attrs)
        add_spells(node_el, _dates(data.get("dates")))
        etree.SubElement(node_el, v_ + "color", _rgb(kind_colour(str(data.get("kind", "")))))
        etree.SubElement(node_el, v_ + "size", value=f"{sizes[node]:.3f}")
        x, y = positions[node]
        etree.SubElement(
            node_el,
            v_ + "position",
            x=f"{x * _POSITION_SCALE:.3f}",
            y=f"{y * _POSITION_SCALE:.3f}",
            z="0.0",
        )
    edges_el = etree.SubElement(graph_el, g_ + "edges", count=str(len(edges)))
    for (_, _, data), (edge_id, source, target, attrs) in zip(edges, flat.edges, strict=True):
        edge_el = etree.SubElement(
            edges_el,
            g_ + "edge",
            id=edge_id,
            source=source,
            target=target,
            weight=repr(float(data.get("weight", 1) or 1)),
        )
        label = data.get("relation") or data.get("cameo_roots")
        if label:
            edge_el.set("label", _text(label))
        add_values(edge_el, attrs)
        add_spells(edge_el, _dates(data.get("dates")))
    return etree.ElementTree(root)


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    to_gexf(graph).write(out, encoding="UTF-8", xml_declaration=True, pretty_print=True)


register_network(
    NetworkFormat(
        "gexf",
        _render,
        "GEXF 1.3 network with timeline, colours and sizes (Gephi)",
        extension="gexf",
    )
)

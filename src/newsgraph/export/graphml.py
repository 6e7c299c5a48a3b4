"""GraphML: the network for Gephi, Cytoscape, yEd, igraph and NetworkX.

Why written with lxml rather than ``networkx.write_graphml``: GraphML node ids must be XML
NMTOKENs, so IRIs become ``n0, n1…`` (the IRI stays in the ``iri`` attribute) and every
attribute needs one declared type; networkx also spells booleans ``True``, which is not an
``xs:boolean``. The output validates against the GraphML schema.

Every node has a ``label`` key: Gephi and Cytoscape show it, and yEd's *Properties Mapper*
maps it onto the node label (see docs/exports.md).
"""

from __future__ import annotations

from typing import Any, BinaryIO

import networkx as nx
from lxml import etree

from ._flat import column_types, flat_value, table, xml_safe
from ._network import ExportContext, NetworkFormat, register_network

__all__ = ["GRAPHML_NS", "to_graphml"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA = f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
# Our column types -> GraphML attr.type (ints become long: counts may pass 2**31).
_TYPES = {"boolean": "boolean", "int": "long", "double": "double", "string": "string"}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_graphml(graph: nx.Graph) -> etree._ElementTree:
    """The GraphML document for ``graph`` (a projection; see :mod:`._network`)."""
    flat = table(graph, xml=True)
    q = f"{{{GRAPHML_NS}}}"
    root = etree.Element(q + "graphml", nsmap={None: GRAPHML_NS, "xsi": _XSI})
    root.set(f"{{{_XSI}}}schemaLocation", _SCHEMA)

    graph_attrs = {k: flat_value(v) for k, v in sorted(graph.graph.items())}
    keys: dict[tuple[str, str], str] = {}
    for scope, types in (
        ("graph", column_types([graph_attrs])),
        ("node", flat.node_types),
        ("edge", flat.edge_types),
    ):
        for name, kind in types.items():
            key_id = f"d{len(keys)}"
            keys[scope, name] = key_id
            etree.SubElement(
                root,
                q + "key",
                {"id": key_id, "for": scope, "attr.name": name, "attr.type": _TYPES[kind]},
            )

    def add_data(parent: etree._Element, scope: str, attrs: dict[str, Any]) -> None:
        for name, value in attrs.items():
            data = etree.SubElement(parent, q + "data", key=keys[scope, name])
            data.text = xml_safe(_text(value))

    edge_default = "directed" if graph.is_directed() else "undirected"
    g = etree.SubElement(root, q + "graph", id="G", edgedefault=edge_default)
    add_data(g, "graph", graph_attrs)
    for node_id, attrs in flat.nodes:
        add_data(etree.SubElement(g, q + "node", id=node_id), "node", attrs)
    for edge_id, source, target, attrs in flat.edges:
        edge = etree.SubElement(g, q + "edge", id=edge_id, source=source, target=target)
        add_data(edge, "edge", attrs)
    return etree.ElementTree(root)


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    to_graphml(graph).write(out, encoding="UTF-8", xml_declaration=True, pretty_print=True)


register_network(
    NetworkFormat(
        "graphml",
        _render,
        "GraphML network (Gephi, Cytoscape, yEd, igraph)",
        extension="graphml",
    )
)

"""Flattening a projected graph into typed tables (GraphML, GEXF, CSV share it).

Why: projections carry lists (``dates``, ``evidence``), dicts (``root_counts``) and lists
of dicts (``sentences``), and IRIs as node ids. Table formats need one scalar per cell, one
type per column and, for XML, ids that are NMTOKENs and text without the characters XML
1.0 cannot hold. Doing it once keeps the formats in agreement: a list is JSON text in
every one of them.

>>> flat_value(["2024-03-05", "2024-03-09"])
'["2024-03-05", "2024-03-09"]'
>>> column_types([{"w": 1}, {"w": 2.5}, {"s": "x"}])
{'w': 'double', 's': 'string'}
>>> xml_safe("a\\x00b\\x1fc\\td")
'abc\\td'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = ["Table", "coerce", "column_types", "flat_value", "table", "xml_safe"]

# Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/F).
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (NUL, other C0 controls...).

    Why remove rather than escape: XML 1.0 has no escape for them (``&#1;`` is illegal
    too), and a reader (Gephi, yEd, lxml) rejects the whole file for one such character.
    """
    return _XML_ILLEGAL.sub("", text)


def flat_value(value: Any) -> str | int | float | bool:
    """A scalar for table-like formats: lists and dicts become JSON text, None ''."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return json.dumps(items, ensure_ascii=False, sort_keys=True)
    return str(value)


def column_types(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """One type per attribute name: ``boolean``, ``int``, ``double`` or ``string``.

    Why: typed formats (GraphML, GEXF) declare each attribute once, so an attribute that
    is an int on one node and a float on another must become a double everywhere, and
    anything mixed with text becomes text.
    """
    types: dict[str, str] = {}
    for record in records:
        for name, value in record.items():
            if value is None:
                continue
            if isinstance(value, bool):
                kind = "boolean"
            elif isinstance(value, int):
                kind = "int"
            elif isinstance(value, float):
                kind = "double"
            else:
                kind = "string"
            old = types.setdefault(name, kind)
            if old != kind:
                types[name] = "double" if {old, kind} == {"int", "double"} else "string"
    return types


def coerce(value: Any, kind: str) -> str | int | float | bool:
    """``value`` flattened and converted to the column type ``kind``."""
    flat = flat_value(value)
    if kind == "double" and isinstance(flat, (int, float)) and not isinstance(flat, bool):
        return float(flat)
    if kind == "string" and not isinstance(flat, str):
        return json.dumps(flat) if isinstance(flat, bool) else str(flat)
    return flat


@dataclass
class Table:
    """Nodes and edges as flat, consistently typed records (for GraphML, GEXF, CSV)."""

    node_ids: dict[Any, str]
    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, str, dict[str, Any]]]
    node_types: dict[str, str]
    edge_types: dict[str, str]


def table(graph: nx.Graph, *, xml: bool = False, drop: Sequence[str] = ()) -> Table:
    """Flatten ``graph``: ids ``n0, n1…`` (XML NMTOKENs), edges ``e0, e1…``, typed values.

    The IRI stays in the ``iri`` attribute. With ``xml=True`` text values lose the
    characters XML cannot hold. Attributes named in ``drop`` are left out.
    """
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    raw_nodes = []
    for node, data in graph.nodes(data=True):
        attrs = {"iri": str(node), "label": str(data.get("iri", node)), **data}
        raw_nodes.append((ids[node], {k: v for k, v in attrs.items() if k not in drop}))
    raw_edges = []
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        attrs = {k: val for k, val in data.items() if k not in drop}
        raw_edges.append((f"e{i}", ids[u], ids[v], attrs))
    node_types = column_types(_flat(a) for _, a in raw_nodes)
    edge_types = column_types(_flat(a) for *_, a in raw_edges)

    def clean(attrs: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
        out = {}
        for name, value in attrs.items():
            if value is None:
                continue
            typed = coerce(value, types[name])
            out[name] = xml_safe(typed) if xml and isinstance(typed, str) else typed
        return out

    return Table(
        ids,
        [(nid, clean(a, node_types)) for nid, a in raw_nodes],
        [(eid, s, t, clean(a, edge_types)) for eid, s, t, a in raw_edges],
        node_types,
        edge_types,
    )


def _flat(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: flat_value(v) for k, v in attrs.items() if v is not None}

r"""Graphviz DOT: render with ``dot -Tsvg`` (or ``sfdp`` for large networks).

Why our own quoting function instead of a DOT library: pydot and networkx's writer pass
labels through unescaped or escape them for the wrong layer. A label goes through two
layers, and :func:`dot_string` handles both:

1. the DOT lexer: inside ``"…"`` only ``\"`` is an escape, so ``"`` must be ``\"`` and
   a backslash must be doubled (else ``\"`` at a label's end would swallow the quote);
2. Graphviz's label expansion: ``\n``, ``\l``, ``\N`` … are escapes and ``&…;`` are
   HTML entities, so a literal backslash is ``\\`` (step 1 does it), a literal ``&``
   is ``&amp;``, and a newline is ``\n``.

Control characters Graphviz cannot show are dropped. Node ids are ``n0, n1…`` (safe
unquoted); the IRI is the node's ``URL``, so SVG output links every node to its IRI.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import networkx as nx

from ._flat import xml_safe
from ._network import (
    ExportContext,
    NetworkFormat,
    kind_colour,
    node_sizes,
    register_network,
)

__all__ = ["dot_string", "to_dot"]


def dot_string(text: str, *, label: bool = True) -> str:
    r"""``text`` as a quoted DOT string that Graphviz shows exactly as ``text``.

    ``label=False`` is for attributes without entity expansion (ids, colours, URLs).

    >>> print(dot_string('say "hi" \\ & go'))
    "say \"hi\" \\ &amp; go"
    >>> print(dot_string("two\nlines"))
    "two\nlines"
    """
    text = xml_safe(text).replace("\\", "\\\\").replace('"', '\\"')
    if label:
        text = text.replace("&", "&amp;")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        if isinstance(value, (int, float)):
            parts.append(f"{name}={value}")
        else:
            parts.append(f"{name}={dot_string(str(value), label=name in _LABELS)}")
    return ", ".join(parts)


# Attributes Graphviz expands escapes and entities in (escString with entities).
_LABELS = frozenset({"label", "tooltip", "xlabel"})


def to_dot(graph: nx.Graph) -> str:
    """The DOT text for ``graph`` (a projection; see :mod:`._network`)."""
    directed = graph.is_directed()
    arrow = "->" if directed else "--"
    sizes = node_sizes(graph, 0.3, 1.6)
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    view = str(graph.graph.get("view", "network"))
    lines = [
        f"{'digraph' if directed else 'graph'} newsgraph {{",
        f"  graph [{_attrs({'label': f'newsgraph {view}', 'overlap': 'false'})}, "
        "outputorder=edgesfirst, fontname=Helvetica];",
        "  node [style=filled, fontname=Helvetica, fontsize=10, penwidth=0.5];",
        '  edge [color="#00000066", arrowsize=0.6];',
    ]
    for node, data in graph.nodes(data=True):
        kind = str(data.get("kind", ""))
        attrs: dict[str, Any] = {
            "label": str(data.get("label", node)),
            "tooltip": f"{data.get('label', node)} ({kind})",
            "URL": str(data.get("iri", node)),
            "fillcolor": kind_colour(kind),
            "width": round(sizes[node], 3),
            "kind": kind,
        }
        if data.get("country"):
            attrs["country"] = str(data["country"])
        lines.append(f"  {ids[node]} [{_attrs(attrs)}];")
    for u, v, data in graph.edges(data=True):
        weight = data.get("weight", 1) or 1
        attrs = {
            "weight": max(1, int(round(float(weight)))),
            "penwidth": round(0.5 + min(float(weight), 10.0) / 2, 2),
        }
        tip = data.get("relation") or data.get("cameo_roots")
        if tip:
            attrs["tooltip"] = str(tip)
        lines.append(f"  {ids[u]} {arrow} {ids[v]} [{_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    out.write(to_dot(graph).encode("utf-8"))


register_network(
    NetworkFormat(
        "dot",
        _render,
        "Graphviz DOT network (dot -Tsvg, sfdp)",
        aliases=("graphviz", "gv"),
        extension="dot",
    )
)

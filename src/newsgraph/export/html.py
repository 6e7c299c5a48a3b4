"""A self-contained HTML viewer: one file, opens offline in any browser.

Why this shape:

- cytoscape.js (MIT, vendored from npm in ``assets/``) and the viewer's own script are
  inlined, so the file needs no network and no server; node positions come precomputed
  from the shared layout, so the picture appears at once and matches the other exports.
- The data sits in ``<script type="application/json">`` with ``<``, ``>`` and ``&``
  written as ``\\u003c``, ``\\u003e``, ``\\u0026``: no label can close the element or
  open a tag. The viewer reads it with ``JSON.parse`` and shows every text through
  ``textContent`` (never ``innerHTML``), and links only http(s) URLs.
- A Content-Security-Policy admits exactly the two inline scripts (by SHA-256) and no
  network access, so even markup that slipped through could run nothing.
- The template is filled in one pass (:func:`fill`), so text inserted for one
  placeholder is never scanned for another.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from importlib import resources
from typing import Any, BinaryIO

import networkx as nx

from .. import __version__
from ._network import (
    KIND_COLOURS,
    ExportContext,
    NetworkFormat,
    article_info,
    community_colour,
    kind_colour,
    layout,
    node_sizes,
    register_network,
)

__all__ = ["fill", "script_json", "viewer_html"]

_PLACEHOLDER = re.compile(r"\{\{([A-Z]+)\}\}")
# attributes the viewer reads from nodes; others (big lists) stay out of the page
_NODE_KEYS = (
    "iri",
    "label",
    "kind",
    "country",
    "mentions",
    "articles",
    "first",
    "last",
    "dates",
    "roles",
    "pagerank",
    "community",
    "cameo",
    "root",
    "date",
    "sentence",
    "article",
)
_EDGE_KEYS = ("weight", "relation", "cameo_roots", "goldstein", "first", "last", "sentences")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` element: nothing in it can end
    the element or start markup, because ``<``, ``>`` and ``&`` are ``\\u`` escapes.

    >>> script_json({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace every ``{{NAME}}`` in ``template`` in one pass (inserted text is not
    scanned again, so data that contains ``{{VIEWER}}`` stays data)."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _title(graph: nx.Graph) -> str:
    g = graph.graph
    parts = [f"newsgraph: {g.get('view', 'network')} network"]
    for name in ("since", "until", "event_types", "actor"):
        if g.get(name):
            parts.append(f"{name.replace('_', ' ')} {g[name]}")
    return ", ".join(parts)


def viewer_data(graph: nx.Graph, context: ExportContext) -> dict[str, Any]:
    """What the page embeds: nodes with positions, colours and sizes; edges; articles."""
    from ..extract.lexicon import CAMEO_ROOTS

    positions = layout(graph)
    sizes = node_sizes(graph, 14.0, 60.0)
    # about 55 px between neighbours of the packed layout, whatever the graph's size
    scale = 55.0 * math.sqrt(max(len(graph), 1)) + 60.0
    fonts = node_sizes(graph, 10.0, 22.0)
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    nodes = []
    for node, data in graph.nodes(data=True):
        item = {k: data[k] for k in _NODE_KEYS if k in data}
        item.setdefault("iri", str(node))
        item.setdefault("label", str(node))
        x, y = positions[node]
        kind = str(data.get("kind", ""))
        item.update(
            id=ids[node],
            x=round(x * scale, 2),
            y=round(-y * scale, 2),
            size=round(sizes[node], 2),
            font=round(fonts[node], 1),
            kindColour=kind_colour(kind),
            communityColour=community_colour(int(data.get("community", 0) or 0)),
        )
        nodes.append(item)
    edges = []
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        item = {k: data[k] for k in _EDGE_KEYS if k in data}
        weight = float(data.get("weight", 1) or 1)
        item.update(
            id=f"e{i}",
            source=ids[u],
            target=ids[v],
            width=round(1.0 + min(weight, 10.0) * 0.6, 2),
        )
        edges.append(item)
    return {
        "view": str(graph.graph.get("view", "")),
        "directed": graph.is_directed(),
        "kinds": dict(KIND_COLOURS),
        "roots": {code: info.name for code, info in CAMEO_ROOTS.items()},
        "articles": article_info(context.store, graph),
        "nodes": nodes,
        "edges": edges,
    }


def viewer_html(graph: nx.Graph, context: ExportContext | None = None) -> str:
    """The complete HTML page for ``graph``."""
    context = context or ExportContext()
    library = _asset("cytoscape.min.js").replace("</script", "<\\/script")
    viewer = _asset("viewer.js")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(library)} {_csp_hash(viewer)}",
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return fill(
        _asset("viewer.html"),
        {
            "CSP": html.escape(csp),
            "GENERATOR": html.escape(f"newsgraph {__version__}"),
            "TITLE": html.escape(_title(graph)),
            "STYLE": _asset("viewer.css"),
            "DATA": script_json(viewer_data(graph, context)),
            "CYTOSCAPE": library,
            "VIEWER": viewer,
        },
    )


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    out.write(viewer_html(graph, context).encode("utf-8"))


register_network(
    NetworkFormat(
        "html",
        _render,
        "self-contained HTML network viewer (any browser, offline)",
        extension="html",
    )
)

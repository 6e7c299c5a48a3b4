"""A one-screen description of a projection: size, kinds, components, dates, top nodes.

Why: before ranking or clustering, an analyst checks that the filters kept what they
meant to keep (how many actors, how connected, which period).

>>> import networkx as nx
>>> G = nx.Graph([("a", "b")])
>>> G.add_node("c")
>>> s = summarize(G)
>>> s["nodes"], s["edges"], s["components"], s["isolated"]
(3, 1, 2, 1)
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from .communities import components

__all__ = ["summarize"]


def summarize(graph: nx.Graph, top: int = 5) -> dict:
    """Counts and the ``top`` nodes by weighted degree, as a JSON-ready dict."""
    kinds = Counter(str(d.get("kind", "")) for _, d in graph.nodes(data=True))
    parts = components(graph)
    firsts = [d["first"] for _, d in graph.nodes(data=True) if d.get("first")]
    lasts = [d["last"] for _, d in graph.nodes(data=True) if d.get("last")]
    strength = sorted(
        graph.degree(weight="weight"), key=lambda nd: (-nd[1], str(graph.nodes[nd[0]].get("label")))
    )
    result: dict = {
        "view": graph.graph.get("view", ""),
        "directed": graph.is_directed(),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    }
    result.update({f"nodes: {kind}": n for kind, n in sorted(kinds.items()) if kind})
    result.update(
        {
            "total weight": float(graph.size(weight="weight")),
            "density": round(nx.density(graph), 6) if len(graph) > 1 else 0.0,
            "components": len(parts),
            "largest component": len(parts[0]) if parts else 0,
            "isolated": nx.number_of_isolates(graph),
            "first date": min(firsts) if firsts else "",
            "last date": max(lasts) if lasts else "",
            "top": [str(graph.nodes[n].get("label", n)) for n, _ in strength[:top]],
        }
    )
    return result

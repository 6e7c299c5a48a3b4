"""Centrality: who is central in a projection (degree, weighted degree, PageRank, betweenness).

Why two backends: NetworkX is the reference and handles small graphs and sampled
betweenness (``k``); igraph (C) takes over PageRank and exact betweenness on large graphs,
where NetworkX needs minutes. Both give the same numbers (tested); ``backend="auto"`` picks
igraph from :data:`IGRAPH_MIN_NODES` nodes on.

Betweenness counts hops (edge weights are event counts, i.e. strengths, not distances).

>>> import networkx as nx
>>> star = nx.star_graph(4)  # node 0 is the centre
>>> max(pagerank(star), key=pagerank(star).get), degree(star)[0]
(0, 4)
>>> round(betweenness(star)[0], 3)
1.0
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from ._igraph import to_igraph
from .errors import AnalysisError

__all__ = [
    "IGRAPH_MIN_NODES",
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "centrality_table",
]

#: From this many nodes on, ``backend="auto"`` uses igraph.
IGRAPH_MIN_NODES = 2000

Scores = dict[Hashable, float]


def _use_igraph(graph: nx.Graph, backend: str) -> bool:
    if backend not in ("auto", "igraph", "networkx"):
        raise AnalysisError(f"unknown backend {backend!r}; use auto, igraph or networkx")
    return backend == "igraph" or (backend == "auto" and len(graph) >= IGRAPH_MIN_NODES)


def degree(graph: nx.Graph) -> dict[Hashable, int]:
    """Number of edges at each node (in + out for a directed graph)."""
    return dict(graph.degree())


def weighted_degree(graph: nx.Graph, weight: str = "weight") -> Scores:
    """Sum of edge weights at each node (e.g. events an actor took part in with others)."""
    return {n: float(d) for n, d in graph.degree(weight=weight)}


def pagerank(
    graph: nx.Graph, *, weight: str | None = "weight", alpha: float = 0.85, backend: str = "auto"
) -> Scores:
    """PageRank with damping ``alpha``; on a directed actors graph, rank flows to targets.

    >>> G = nx.DiGraph([("a", "c"), ("b", "c")])
    >>> max(pagerank(G, backend="igraph"), key=pagerank(G).get)
    'c'
    """
    if len(graph) == 0:
        return {}
    if not _use_igraph(graph, backend):
        return nx.pagerank(graph, alpha=alpha, weight=weight)
    g, nodes = to_igraph(graph, weight)
    scores = g.pagerank(directed=graph.is_directed(), damping=alpha, weights="weight")
    return dict(zip(nodes, scores, strict=True))


def betweenness(
    graph: nx.Graph,
    *,
    k: int | None = None,
    seed: int | None = 0,
    normalized: bool = True,
    backend: str = "auto",
) -> Scores:
    """Betweenness centrality; ``k`` samples that many source nodes (NetworkX, seeded).

    Exact betweenness on a large graph goes to igraph, normalised as NetworkX does.

    >>> path = nx.path_graph(3)
    >>> betweenness(path, backend="igraph") == betweenness(path, backend="networkx")
    True
    """
    n = len(graph)
    if k is not None and k < 1:
        raise AnalysisError("k must be 1 or more")
    if k is not None and k < n:
        return nx.betweenness_centrality(graph, k=k, seed=seed, normalized=normalized)
    if not _use_igraph(graph, backend):
        return nx.betweenness_centrality(graph, normalized=normalized)
    g, nodes = to_igraph(graph, None)
    raw = g.betweenness(directed=graph.is_directed())
    if normalized and n > 2:
        scale = (1 if graph.is_directed() else 2) / ((n - 1) * (n - 2))
    elif normalized:
        scale = 0.0
    else:
        scale = 1.0
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


def centrality_table(
    graph: nx.Graph,
    *,
    k: int | None = None,
    seed: int | None = 0,
    backend: str = "auto",
    weight: str = "weight",
) -> list[dict]:
    """One row per node with every measure, highest PageRank first (ties: by label).

    >>> rows = centrality_table(nx.star_graph(3))
    >>> rows[0]["node"], rows[0]["degree"]
    (0, 3)
    """
    deg = degree(graph)
    wdeg = weighted_degree(graph, weight)
    pr = pagerank(graph, weight=weight, backend=backend)
    btw = betweenness(graph, k=k, seed=seed, backend=backend)
    rows = [
        {
            "node": node,
            "label": data.get("label", str(node)),
            "kind": data.get("kind", ""),
            "degree": deg[node],
            "weighted_degree": wdeg[node],
            "pagerank": pr.get(node, 0.0),
            "betweenness": btw.get(node, 0.0),
        }
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-round(r["pagerank"], 9), -r["degree"], str(r["label"])))
    return rows

"""Centrality: who is central in a projection (degree, weighted degree, PageRank, betweenness).

Why two backends: NetworkX is the reference and handles small graphs; igraph (C) takes
over PageRank and betweenness (exact, or sampled from ``k`` sources) on large graphs,
where NetworkX needs minutes (sampled betweenness with ``k=100`` on 100k nodes / 500k
edges: NetworkX 115-188 s, igraph 6-12 s). Both give the same numbers (tested: the same
sample for the same seed, rescaled as NetworkX rescales it); ``backend="auto"`` picks
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

import math
import random
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
    "betweenness_sample",
    "centrality_table",
]

#: From this many nodes on, ``backend="auto"`` uses igraph.
IGRAPH_MIN_NODES = 2000
#: Largest graph whose exact betweenness the CLI computes unasked (igraph here: 10 s at
#: 10k nodes / 50k edges, 58 s at 20k / 100k; it grows with nodes × edges, so 100k /
#: 500k would take about half an hour). Above it, see :func:`betweenness_sample`.
EXACT_BETWEENNESS_MAX_NODES = 10_000
#: Sources × edges a sampled estimate may cost: about 10 s here (k=100 on 500k edges
#: took 6.4 s); and the fewest sources sampled, whatever the size.
SAMPLE_BUDGET = 50_000_000
SAMPLE_MIN = 100

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
    sampled = k is not None and k < n
    if not _use_igraph(graph, backend):
        if sampled:
            return nx.betweenness_centrality(graph, k=k, seed=seed, normalized=normalized)
        return nx.betweenness_centrality(graph, normalized=normalized)
    g, nodes = to_igraph(graph, None)
    if sampled:
        return _sampled_betweenness(graph, g, nodes, k, seed, normalized)
    raw = g.betweenness(directed=graph.is_directed())
    if normalized and n > 2:
        scale = (1 if graph.is_directed() else 2) / ((n - 1) * (n - 2))
    elif normalized:
        scale = 0.0
    else:
        scale = 1.0
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


def betweenness_sample(graph: nx.Graph) -> int | None:
    """How many sources to sample for betweenness when the user did not say: ``None``
    (exact) up to :data:`EXACT_BETWEENNESS_MAX_NODES` nodes, else as many as
    :data:`SAMPLE_BUDGET` allows for this many edges (at least :data:`SAMPLE_MIN`; ``None``
    when that would be every node).

    Why: exact betweenness costs nodes × edges; on a corpus-sized projection it would
    run for an hour with nothing to show, while a sample of sources ranks the central
    nodes the same way within seconds.
    """
    n = len(graph)
    if n <= EXACT_BETWEENNESS_MAX_NODES:
        return None
    k = max(SAMPLE_MIN, SAMPLE_BUDGET // max(1, graph.number_of_edges()))
    return k if k < n else None


def _sampled_betweenness(
    graph: nx.Graph,
    g,
    nodes: list,
    k: int,
    seed: int | None,
    normalized: bool,
) -> Scores:
    """Betweenness from the shortest paths out of ``k`` sampled sources, as NetworkX
    computes it: the same sources for the same seed (``random.Random(seed).sample`` of
    the nodes in graph order), the same sums, the same rescaling (NetworkX ≥ 3.6, which
    scales a sampled source by ``k - 1`` sources and any other node by ``k``)."""
    rng = random.Random(seed) if seed is not None else random._inst  # noqa: SLF001
    # ``nodes`` is ``list(graph)``, the list NetworkX samples from, and vertex i is
    # nodes[i]: sampling positions picks the same sources, already as vertex ids
    sources = rng.sample(range(len(nodes)), k)
    directed = graph.is_directed()
    raw = g.betweenness(directed=directed, sources=sources)
    pairs = len(graph) - 1  # targets a path through v can end at: v itself excluded
    if pairs < 2:
        return dict.fromkeys(nodes, 0.0)
    # igraph counts an undirected path once, NetworkX once from each end: double it
    raw_scale = 1.0 if directed else 2.0
    if normalized:
        at_source = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
        elsewhere = 1 / (k * (pairs - 1))
    else:
        correction = 1 if directed else 2
        at_source = pairs / ((k - 1) * correction) if k > 1 else math.nan
        elsewhere = pairs / (k * correction)
    chosen = set(sources)
    return {
        node: value * raw_scale * (at_source if i in chosen else elsewhere)
        for i, (node, value) in enumerate(zip(nodes, raw, strict=True))
    }


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

"""Shortest paths between two actors, with the sentences that back every hop.

Why evidence per hop: "how is A connected to B?" is only useful to an analyst who can
check each link, so every hop carries the sentences (and their articles and dates) of
the events or co-mentions that make the edge.

Paths follow edges in either direction unless ``directed=True``. Among several shortest
paths the one with the most events behind it (sum of hop weights) wins, then the first in
node order, so the answer repeats.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_edge("a", "b", weight=2, sentences=[{"sentence": "A hit B."}])
>>> G.add_edge("c", "b", weight=1, sentences=[{"sentence": "C met B."}])
>>> p = shortest_path(G, "a", "c")
>>> p.nodes, [h.direction for h in p.hops], p.hops[1].sentences[0]["sentence"]
(['a', 'b', 'c'], ['->', '<-'], 'C met B.')
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from itertools import islice

import networkx as nx

from .errors import NoPathError
from .projections import resolve_actor

__all__ = ["Hop", "ActorPath", "shortest_path"]

#: At most this many equally short paths are compared to pick the best-supported one.
MAX_CANDIDATES = 1000


@dataclass
class Hop:
    """One step of a path: ``direction`` is ``->``, ``<-``, ``<->`` (directed) or ``--``."""

    source: Hashable
    target: Hashable
    source_label: str
    target_label: str
    direction: str
    weight: float
    sentences: list[dict] = field(default_factory=list)


@dataclass
class ActorPath:
    """The nodes of a shortest path and its hops."""

    nodes: list[Hashable]
    hops: list[Hop]

    def __len__(self) -> int:
        return len(self.hops)

    def as_dict(self) -> dict:
        return {
            "nodes": [str(n) for n in self.nodes],
            "hops": [
                {
                    "source": str(h.source),
                    "target": str(h.target),
                    "source_label": h.source_label,
                    "target_label": h.target_label,
                    "direction": h.direction,
                    "weight": h.weight,
                    "sentences": h.sentences,
                }
                for h in self.hops
            ],
        }


def _label(graph: nx.Graph, node: Hashable) -> str:
    return str(graph.nodes[node].get("label", node))


def _hop(graph: nx.Graph, u: Hashable, v: Hashable) -> Hop:
    if not graph.is_directed():
        data = graph.edges[u, v]
        return Hop(
            u,
            v,
            _label(graph, u),
            _label(graph, v),
            "--",
            data.get("weight", 1),
            list(data.get("sentences", [])),
        )
    forward, backward = graph.get_edge_data(u, v), graph.get_edge_data(v, u)
    edges = [d for d in (forward, backward) if d is not None]
    direction = "<->" if forward and backward else ("->" if forward else "<-")
    sentences = [s for d in edges for s in d.get("sentences", [])]
    sentences.sort(key=lambda s: (s.get("date", ""), s.get("article", ""), s.get("event", "")))
    return Hop(
        u,
        v,
        _label(graph, u),
        _label(graph, v),
        direction,
        sum(d.get("weight", 1) for d in edges),
        sentences,
    )


def shortest_path(
    graph: nx.Graph, source: str, target: str, *, directed: bool = False
) -> ActorPath:
    """The shortest path from ``source`` to ``target`` (IRIs, labels or parts of labels).

    Raises :class:`~newsgraph.analysis.errors.UnknownActorError` for a name that matches
    no node and :class:`~newsgraph.analysis.errors.NoPathError` when none connects them.
    """
    start = resolve_actor(graph, source)
    end = resolve_actor(graph, target)
    walk = graph if directed or not graph.is_directed() else graph.to_undirected(as_view=True)
    try:
        candidates = list(islice(nx.all_shortest_paths(walk, start, end), MAX_CANDIDATES))
    except nx.NetworkXNoPath:
        raise NoPathError(
            f"no path between {_label(graph, start)!r} and {_label(graph, end)!r}"
        ) from None
    best: ActorPath | None = None
    best_key: tuple[float, list[str]] | None = None
    for nodes in candidates:
        hops = [_hop(graph, u, v) for u, v in zip(nodes, nodes[1:], strict=False)]
        key = (-sum(h.weight for h in hops), [str(n) for n in nodes])
        if best_key is None or key < best_key:
            best, best_key = ActorPath(list(nodes), hops), key
    assert best is not None
    return best

"""``prune``: remove entities that no article mentions any more.

Entity facts are corpus knowledge and stay when an article goes (DESIGN.md); once no
article graph links to an entity (as mention, agent, target or place), its facts go.
Countries and places still referenced by a kept entity (ng:locatedIn, ng:affiliatedWith)
stay too, so no dangling links are left.
"""

from __future__ import annotations

import pyoxigraph as ox

from .store import GraphStore

__all__ = ["prune"]


def prune(store: GraphStore) -> int:
    """Delete unreferenced entities from the entities graph; returns how many."""
    ents_graph = store.entities_graph
    entity_quads = list(store.graph_quads(ents_graph))
    subjects = {q.subject for q in entity_quads}
    used: set[ox.NamedNode] = set()
    for graph in store.article_graphs():
        for q in store.graph_quads(graph):
            if q.subject in subjects:
                used.add(q.subject)
            if q.object in subjects:
                used.add(q.object)
    # keep what kept entities point to (containing country, affiliation), transitively
    by_subject: dict[ox.NamedNode, list[ox.Quad]] = {}
    for q in entity_quads:
        by_subject.setdefault(q.subject, []).append(q)
    stack = list(used)
    while stack:
        s = stack.pop()
        for q in by_subject.get(s, ()):
            if q.object in subjects and q.object not in used:
                used.add(q.object)
                stack.append(q.object)
    doomed = subjects - used
    store.remove(q for q in entity_quads if q.subject in doomed)
    store.flush()
    return len(doomed)

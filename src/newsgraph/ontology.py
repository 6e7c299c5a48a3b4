"""Loading the shipped ontology (OWL, SKOS event types, SHACL shapes) into its graph."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from .resources import ontology_dir
from .store import GraphStore

__all__ = ["ONTOLOGY_FILES", "ontology_triples", "ensure_ontology"]

ONTOLOGY_FILES = ("newsgraph.ttl", "event-types.ttl", "shapes.ttl")


@lru_cache(maxsize=1)
def ontology_triples() -> frozenset[ox.Triple]:
    """Every triple of the three ontology files (blank nodes kept as parsed)."""
    triples: set[ox.Triple] = set()
    for name in ONTOLOGY_FILES:
        path = ontology_dir() / name
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            triples.add(quad.triple)
    return frozenset(triples)


def ensure_ontology(store: GraphStore) -> bool:
    """Write the ontology graph when it is missing or differs in size; True if written.

    Blank nodes (in SHACL lists) get new ids on each parse, so the graphs are compared by
    size and IRI-only triples rather than term by term.
    """
    graph = store.ontology_graph
    wanted = ontology_triples()
    stored = [q.triple for q in store.graph_quads(graph)]
    ground = {t for t in wanted if not _has_bnode(t)}
    if len(stored) == len(wanted) and ground <= set(stored):
        return False
    store.replace_graph(graph, (ox.Quad(t.subject, t.predicate, t.object, graph) for t in wanted))
    store.flush()
    return True


def _has_bnode(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)

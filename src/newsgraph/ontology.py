"""Loading the shipped ontology (OWL, SKOS event types, SHACL shapes) into its graph."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import pyoxigraph as ox

from .rdf.vocab import NG
from .resources import ontology_dir
from .store import GraphStore

__all__ = ["ONTOLOGY_FILES", "ontology_triples", "ontology_checksum", "ensure_ontology"]

_CONTENT_HASH = ox.NamedNode(str(NG.contentHash))

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


@lru_cache(maxsize=1)
def ontology_checksum() -> str:
    """SHA-256 over the three ontology files as shipped."""
    digest = hashlib.sha256()
    for name in ONTOLOGY_FILES:
        digest.update((ontology_dir() / name).read_bytes())
    return digest.hexdigest()


def ensure_ontology(store: GraphStore) -> bool:
    """Write the ontology graph when it is missing or out of date; True if written.

    The graph carries the files' checksum (``<graph> ng:contentHash "…"``): comparing
    triples instead does not work, because the SHACL lists' blank nodes get new ids on
    every parse and Oxigraph stores literals such as ``-2.0`` in canonical form.
    """
    graph = store.ontology_graph
    marker = ox.Quad(graph, _CONTENT_HASH, ox.Literal(ontology_checksum()), graph)
    if any(True for _ in store.ox.quads_for_pattern(graph, _CONTENT_HASH, marker.object, graph)):
        return False
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ontology_triples()]
    store.replace_graph(graph, [*quads, marker])
    store.flush()
    return True

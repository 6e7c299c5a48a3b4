"""Write analysis scores back into the store, in the metrics graph ``{base}graph/metrics``.

Why write back: once PageRank or communities are triples on the entity IRIs, SPARQL can
rank and filter by them ("events between actors of community 0"). Why replace the whole
graph each time: scores only mean something together with the projection and filters
they came from, so the metrics graph always holds one consistent analysis (described by
an ``rdfs:comment`` on the graph's IRI), never a mix of runs.

Properties: ``ng:degree`` and ``ng:community`` (xsd:integer), ``ng:weightedDegree``,
``ng:pagerank`` and ``ng:betweenness`` (xsd:double). Only nodes whose id is an IRI are
written.

>>> scores = {"https://w3id.org/newsgraph/id/country/RUS": {"pagerank": 0.4, "degree": 2}}
>>> write_back("newsgraph.store", scores, description="view=actors")  # doctest: +SKIP
2
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDFS, XSD

from ..rdf.namespaces import NG
from ..store import GraphStore, open_store
from .errors import AnalysisError

__all__ = ["METRICS", "metric_quads", "write_metrics", "write_back"]

_INT = ox.NamedNode(str(XSD.integer))
_DOUBLE = ox.NamedNode(str(XSD.double))

#: Score name (as the analysis functions call it) → (property, datatype).
METRICS: Mapping[str, tuple[ox.NamedNode, ox.NamedNode]] = {
    "degree": (ox.NamedNode(str(NG.degree)), _INT),
    "weighted_degree": (ox.NamedNode(str(NG.weightedDegree)), _DOUBLE),
    "pagerank": (ox.NamedNode(str(NG.pagerank)), _DOUBLE),
    "betweenness": (ox.NamedNode(str(NG.betweenness)), _DOUBLE),
    "community": (ox.NamedNode(str(NG.community)), _INT),
}


def _literal(value: float, datatype: ox.NamedNode) -> ox.Literal:
    text = str(int(value)) if datatype == _INT else repr(float(value))
    return ox.Literal(text, datatype=datatype)


def _is_iri(node: Hashable) -> bool:
    return isinstance(node, str) and ":" in node and not node.startswith("_:")


def metric_quads(
    scores: Mapping[Hashable, Mapping[str, float]], graph: ox.NamedNode, description: str = ""
) -> Iterator[ox.Quad]:
    """Quads for ``{node IRI: {metric name: value}}`` in ``graph``; unknown metrics raise."""
    if description:
        yield ox.Quad(graph, ox.NamedNode(str(RDFS.comment)), ox.Literal(description), graph)
    for node in sorted(n for n in scores if _is_iri(n)):
        subject = ox.NamedNode(str(node))
        for name, value in sorted(scores[node].items()):
            if name not in METRICS:
                raise AnalysisError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
            prop, datatype = METRICS[name]
            yield ox.Quad(subject, prop, _literal(value, datatype), graph)


def write_metrics(
    store: GraphStore, scores: Mapping[Hashable, Mapping[str, float]], description: str = ""
) -> int:
    """Replace the metrics graph of a store opened for writing; return the triples written."""
    quads = list(metric_quads(scores, store.metrics_graph, description))
    store.replace_graph(store.metrics_graph, quads)
    store.flush()
    return len(quads)


def write_back(
    path: str | Path, scores: Mapping[Hashable, Mapping[str, float]], description: str = ""
) -> int:
    """Open the store at ``path`` for writing just long enough to replace its metrics graph.

    Why a path and not an open store: analysis reads a read-only snapshot (which may run
    during a build); only this step needs the single writer's lock.
    """
    store = open_store(path, write=True)
    try:
        return write_metrics(store, scores, description)
    finally:
        store.close()

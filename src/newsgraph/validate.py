"""SHACL validation of the store, graph by graph so memory stays bounded.

Each article graph is checked together with the types (and labels) of the entities it
links to and the ontology graph, so ``sh:class`` constraints see what they need without
loading the whole store; the entities graph is checked once on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .ontology import ONTOLOGY_FILES
from .resources import ontology_dir
from .store import GraphStore

__all__ = ["ValidationReport", "validate_store", "to_rdflib"]


@dataclass
class ValidationReport:
    graphs_checked: int = 0
    violations: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations


def _term(t):  # noqa: ANN001, ANN202
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=URIRef(t.datatype.value))
    raise TypeError(f"unsupported term {t!r}")


def to_rdflib(quads, graph: Graph | None = None) -> Graph:  # noqa: ANN001
    """Copy pyoxigraph quads (or triples) into an rdflib Graph as triples."""
    g = graph if graph is not None else Graph()
    for q in quads:
        g.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return g


def _shapes() -> Graph:
    g = Graph()
    g.parse(ontology_dir() / "shapes.ttl", format="turtle")
    return g


def _ontology() -> Graph:
    g = Graph()
    for name in ONTOLOGY_FILES:
        if name != "shapes.ttl":
            g.parse(ontology_dir() / name, format="turtle")
    return g


def validate_store(
    store: GraphStore, *, on_graph: Callable[[str], None] | None = None, limit: int = 50
) -> ValidationReport:
    """Validate every article graph and the entities graph against ontology/shapes.ttl."""
    from pyshacl import validate

    shapes = _shapes()
    ontology = _ontology()
    report = ValidationReport()
    entities = list(store.graph_quads(store.entities_graph))
    by_subject: dict[str, list[ox.Quad]] = {}
    for q in entities:
        by_subject.setdefault(q.subject.value, []).append(q)

    def check(data: Graph, name: str) -> None:
        conforms, results, text = validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none",
            abort_on_first=False, allow_warnings=True,
        )
        report.graphs_checked += 1
        if not conforms:
            for line in _summarise(results, name):
                if len(report.violations) < limit:
                    report.violations.append(line)
        if on_graph:
            on_graph(name)

    check(to_rdflib(entities), store.entities_graph.value)
    for graph in store.article_graphs():
        quads = list(store.graph_quads(graph))
        data = to_rdflib(quads)
        linked = {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)}
        linked |= {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
        for iri in linked:
            for q in by_subject.get(iri, ()):
                if q.predicate.value.endswith(("#type", "#label")):
                    data.add((_term(q.subject), _term(q.predicate), _term(q.object)))
        check(data, graph.value)
    return report


def _summarise(results: Graph, graph_name: str) -> list[str]:
    """One readable line per violation: graph, focus node, path, message."""
    rows = results.query(
        """PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?msg WHERE {
          ?r a sh:ValidationResult ; sh:focusNode ?focus .
          OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:resultMessage ?msg } }"""
    )
    lines = []
    for focus, path, msg in rows:
        lines.append(f"{graph_name}: {focus} {path or ''}: {msg or 'violation'}".replace("  ", " "))
    return sorted(lines)

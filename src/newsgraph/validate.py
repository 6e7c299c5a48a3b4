"""SHACL validation of the store, graph by graph so memory stays bounded.

Each article graph is checked together with the types (and labels) of the entities it
links to and the ontology graph, so ``sh:class`` constraints see what they need without
loading the whole store; the entities graph is checked once on its own.

The linked entities are kept out of an article check by dropping the targets that would
pick them (:func:`_article_shapes`), not by pyshacl's ``focus_nodes`` option: that option
also filters every nested evaluation (``sh:node``, ``sh:or``) to the focus list, so the
concepts and entities those check were silently skipped, and it tests membership by
scanning a list, so a check took time quadratic in its number of nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

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


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(t):  # noqa: ANN001, ANN202
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == _XSD_STRING:  # rdflib keeps plain and xsd:string apart
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))
    raise TypeError(f"unsupported term {t!r}")


def to_rdflib(quads, graph: Graph | None = None) -> Graph:  # noqa: ANN001
    """Copy pyoxigraph quads (or triples) into an rdflib Graph as triples."""
    g = graph if graph is not None else Graph()
    for q in quads:
        g.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return g


SH = "http://www.w3.org/ns/shacl#"
_TARGET_CLASS = URIRef(SH + "targetClass")
_RDF_TYPE = str(RDF.type)


def _shapes() -> tuple[Graph, list[tuple[str, str]]]:
    """The shapes without their SPARQL constraints, and those constraints' (query, message).

    pyshacl re-parses a SPARQL constraint for every focus node (about 0.1 s each), which
    made validation minutes long on a few dozen articles. The same SELECTs run once over
    the whole store in Oxigraph instead; the shapes file stays standard SHACL for any
    other validator.
    """
    g = Graph()
    g.parse(ontology_dir() / "shapes.ttl", format="turtle")
    constraints = []
    for shape, node in list(g.subject_objects(URIRef(SH + "sparql"))):
        select = g.value(node, URIRef(SH + "select"))
        message = g.value(node, URIRef(SH + "message"))
        if select is not None:
            constraints.append((str(select), str(message or "SPARQL constraint violated")))
        g.remove((shape, URIRef(SH + "sparql"), node))
    return g, constraints


def _run_sparql_constraints(
    store: GraphStore, constraints: list[tuple[str, str]], report: ValidationReport, limit: int
) -> None:
    from .rdf.namespaces import PREFIXES

    for select, message in constraints:
        query = select.replace("$this", "?this")
        for row in store.ox.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
            if len(report.violations) < limit:
                report.violations.append(f"{row['this'].value}: {message}")


def _ontology() -> Graph:
    """The OWL and SKOS files: concept schemes and notations that shapes refer to."""
    g = Graph()
    for name in ONTOLOGY_FILES:
        if name != "shapes.ttl":
            g.parse(ontology_dir() / name, format="turtle")
    return g


def _entity_targets(shapes: Graph, ontology: Graph, entities: list[ox.Quad]) -> set[URIRef]:
    """The target classes of the shapes that pick entities: every ``sh:targetClass`` an
    entity of the entities graph is an instance of (its type or a superclass of it in the
    ontology)."""
    classes: set[URIRef] = set()
    for q in entities:
        if q.predicate.value == _RDF_TYPE:
            classes.update(ontology.transitive_objects(URIRef(q.object.value), RDFS.subClassOf))
    return set(shapes.objects(None, _TARGET_CLASS)) & classes


def _article_shapes(shapes: Graph, entity_targets: set[URIRef]) -> Graph:
    """``shapes`` without the targets that pick entities, for the article checks.

    An article check carries the types and labels of the entities its graph links to, so
    that ``sh:class`` sees them; their own shapes need the rest of the entities graph and
    are checked once, with it.
    """
    article_shapes = Graph()
    for triple in shapes:
        if not (triple[1] == _TARGET_CLASS and triple[2] in entity_targets):
            article_shapes.add(triple)
    return article_shapes


def validate_store(
    store: GraphStore,
    *,
    progress: Callable[[int, int], None] | None = None,
    limit: int = 50,
    chunk: int = 25,
) -> ValidationReport:
    """Validate the entities graph, then the article graphs ``chunk`` at a time.

    Article chunks are validated with just the types and labels of the entities they link
    to, and with shapes that do not target entities (:func:`_article_shapes`), so sh:class
    constraints see what they need while each entity is checked once, with the entities
    graph. pyshacl's per-call overhead dominates on small graphs, hence chunks. A node
    typed as an entity inside an article graph but absent from the entities graph
    (newsgraph writes none; a hand edit or another tool might) gets the full shapes too,
    as the chunk's only focus nodes.
    ``progress(done, total)`` is called after each chunk with the graphs checked so far
    (the entities graph counts as one): a store of 2 M triples takes minutes.
    """
    from pyshacl import validate

    shapes, sparql_constraints = _shapes()
    ontology = _ontology()
    report = ValidationReport()
    _run_sparql_constraints(store, sparql_constraints, report, limit)
    entities = list(store.graph_quads(store.entities_graph))
    by_subject: dict[str, list[ox.Quad]] = {}
    for q in entities:
        by_subject.setdefault(q.subject.value, []).append(q)

    def check(data: Graph, label: str, shape_graph: Graph, focus: list[URIRef] | None) -> None:
        for t in ontology:
            data.add(t)
        kwargs = {"focus_nodes": focus} if focus else {}
        conforms, results, _ = validate(
            data,
            shacl_graph=shape_graph,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            inplace=True,
            **kwargs,
        )
        if not conforms:
            for line in _summarise(results, label):
                if len(report.violations) < limit:
                    report.violations.append(line)

    def checked(count: int) -> None:
        report.graphs_checked += count
        if progress is not None:
            progress(report.graphs_checked, total)

    graphs = list(store.article_graphs())
    total = len(graphs) + 1
    check(to_rdflib(entities), store.entities_graph.value, shapes, None)
    checked(1)
    entity_targets = _entity_targets(shapes, ontology, entities)
    article_shapes = _article_shapes(shapes, entity_targets)
    is_entity_type: dict[str, bool] = {}
    for i in range(0, len(graphs), chunk):
        names = [g.value for g in graphs[i : i + chunk]]
        data = Graph()
        linked: set[str] = set()
        stray: set[str] = set()
        for g in graphs[i : i + chunk]:
            quads = list(store.graph_quads(g))
            to_rdflib(quads, data)
            for q in quads:
                if q.subject.value in by_subject:
                    linked.add(q.subject.value)
                elif q.predicate.value == _RDF_TYPE and _is_entity_type(
                    q.object.value, ontology, entity_targets, is_entity_type
                ):
                    stray.add(q.subject.value)
                if isinstance(q.object, ox.NamedNode) and q.object.value in by_subject:
                    linked.add(q.object.value)
        for iri in linked:
            for q in by_subject[iri]:
                if q.predicate.value.endswith(("#type", "#label")):
                    data.add((_term(q.subject), _term(q.predicate), _term(q.object)))
        label = names[0] if len(names) == 1 else "article graphs"
        check(data, label, article_shapes, None)
        if stray:
            check(data, label, shapes, [URIRef(iri) for iri in sorted(stray)])
        checked(len(names))
    return report


def _is_entity_type(
    iri: str, ontology: Graph, entity_targets: set[URIRef], seen: dict[str, bool]
) -> bool:
    """Whether the class ``iri`` or a superclass of it is one of the entity targets the
    article shapes dropped; ``seen`` remembers the answer per class."""
    if iri not in seen:
        supers = ontology.transitive_objects(URIRef(iri), RDFS.subClassOf)
        seen[iri] = not entity_targets.isdisjoint(supers)
    return seen[iri]


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

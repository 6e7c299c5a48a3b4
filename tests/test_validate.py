"""``newsgraph validate``: nested shapes are checked, entities once, progress is reported.

Each test breaks a copy of one real build (the sample's minister-visit article, real model
and store) in one way and checks what validation says about it.
"""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SH, Graph, URIRef

from conftest import SAMPLE
from newsgraph.cli import main
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.store import open_store
from newsgraph.validate import _article_shapes, _entity_targets, _ontology, _shapes, validate_store

NG = PREFIXES["ng"]
SKOS = PREFIXES["skos"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = tmp_path_factory.mktemp("validate") / "built.store"
    result = CliRunner().invoke(
        main, ["build", str(SAMPLE / "minister-visit.txt"), "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def store_copy(built, tmp_path):
    copy = tmp_path / "copy.store"
    shutil.copytree(built, copy)
    return copy


def _validate(store) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--store", str(store)])
    return result.exit_code, result.output.splitlines()


def _replace_object(store, predicate: str, new: ox.NamedNode) -> str:
    """Point the first ``predicate`` link in the store at ``new``; return its subject."""
    s = open_store(store, write=True)
    quad = next(s.ox.quads_for_pattern(None, ox.NamedNode(predicate), None, None))
    s.ox.remove(quad)
    s.ox.add(ox.Quad(quad.subject, quad.predicate, new, quad.graph_name))
    s.close()
    return quad.subject.value


def _a_plover_concept(store) -> ox.NamedNode:
    s = open_store(store)
    concept = next(s.ox.quads_for_pattern(None, ox.NamedNode(NG + "ploverType"), None, None))
    s.close()
    return concept.object


def test_a_fresh_build_validates(built):
    code, lines = _validate(built)
    assert code == 0, lines
    assert lines == ["valid: 2 graphs conform to the shapes"]


def test_an_event_type_outside_the_cameo_scheme_is_reported(store_copy):
    # sh:node ngsh:CameoConceptShape: a nested shape whose focus is the concept, which
    # pyshacl's focus_nodes option used to filter out (the violation went unreported)
    event = _replace_object(store_copy, NG + "eventType", _a_plover_concept(store_copy))
    code, lines = _validate(store_copy)
    assert code == 1
    assert any(
        event in line and "a skos:Concept of the CAMEO root scheme" in line for line in lines
    ), lines


def test_an_event_target_that_is_no_actor_or_place_is_reported(store_copy):
    # sh:or ( [ sh:class ng:Actor ] [ sh:class ng:Place ] ): nested shapes again
    event = _replace_object(store_copy, NG + "target", _a_plover_concept(store_copy))
    code, lines = _validate(store_copy)
    assert code == 1
    assert any(event in line and "ng:target points to an ng:Actor" in line for line in lines), lines


def test_an_entity_is_checked_once_with_the_entities_graph(store_copy):
    # an article check carries the labels of the entities it links to: a second label
    # must be reported by the entities check alone, not again for every article check
    s = open_store(store_copy, write=True)
    label = ox.NamedNode(str(RDFS.label))
    quad = next(
        q
        for q in s.ox.quads_for_pattern(None, label, None, s.entities_graph)
        if any(s.ox.quads_for_pattern(None, None, q.subject, None))  # linked from an article
    )
    s.ox.add(ox.Quad(quad.subject, label, ox.Literal("another name"), quad.graph_name))
    s.close()
    code, lines = _validate(store_copy)
    assert code == 1
    named = [line for line in lines if quad.subject.value in line and "rdfs:label" in line]
    assert len(named) == 1, lines
    assert named[0].startswith(s.entities_graph.value)


def test_an_entity_typed_inside_an_article_graph_alone_is_still_checked(store_copy):
    # newsgraph writes actors to the entities graph; a person added to an article graph
    # by hand, with no label, is not linked context but a node of its own
    s = open_store(store_copy, write=True)
    article = next(iter(s.article_graphs()))
    stray = ox.NamedNode(article.value + "/stray-person")
    s.ox.add(ox.Quad(stray, ox.NamedNode(str(RDF.type)), ox.NamedNode(NG + "Person"), article))
    s.close()
    code, lines = _validate(store_copy)
    assert code == 1
    assert any(stray.value in line and "exactly one rdfs:label" in line for line in lines), lines


def test_article_checks_target_no_entity_class():
    shapes, _ = _shapes()
    ontology = _ontology()
    person = ox.NamedNode("https://w3id.org/newsgraph/id/entity/person/x")
    country = ox.NamedNode("https://w3id.org/newsgraph/id/entity/country/y")
    graph = ox.NamedNode("https://w3id.org/newsgraph/id/graph/entities")
    entities = [
        ox.Quad(person, ox.NamedNode(str(RDF.type)), ox.NamedNode(NG + "Person"), graph),
        ox.Quad(country, ox.NamedNode(str(RDF.type)), ox.NamedNode(NG + "Country"), graph),
    ]

    def targets(g: Graph) -> set[str]:
        return {str(c).removeprefix(NG) for c in g.objects(None, SH.targetClass)}

    assert {"Actor", "Country", "Place"} <= targets(shapes)
    # Person is an Actor; Country is a Place and an Actor: all three shapes target entities
    entity_targets = _entity_targets(shapes, ontology, entities)
    assert entity_targets == {URIRef(NG + name) for name in ("Actor", "Country", "Place")}
    kept = _article_shapes(shapes, entity_targets)
    assert targets(kept) == targets(shapes) - {"Actor", "Country", "Place"}
    assert {"Article", "Mention", "Event"} <= targets(kept)
    # nothing else is dropped: the constraints themselves stay
    assert len(kept) == len(shapes) - 3
    assert set(kept.subjects(SH.node, None)) == set(shapes.subjects(SH.node, None))
    # with no Country among the entities, the Country shape keeps its target
    only_person = _article_shapes(shapes, _entity_targets(shapes, ontology, entities[:1]))
    assert "Country" in targets(only_person) and "Actor" not in targets(only_person)
    assert URIRef(NG + "Person") not in set(shapes.objects(None, SH.targetClass))


def test_progress_reaches_every_graph(built):
    calls: list[tuple[int, int]] = []
    report = validate_store(
        open_store(built), progress=lambda done, total: calls.append((done, total))
    )
    assert report.conforms
    assert calls[0] == (1, 2)  # the entities graph first
    assert calls[-1] == (report.graphs_checked, report.graphs_checked) == (2, 2)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)

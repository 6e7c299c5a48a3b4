"""IRI minting, the RDF mapping (compared by graph isomorphism) and cross-article resolution."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from newsgraph.extract.gazetteer import get_gazetteer
from newsgraph.model import Article, EntityRef, Event, Extraction, Span
from newsgraph.rdf.iri import article_iri, entity_iri, sha1_hex, slug
from newsgraph.rdf.mapping import article_quads
from newsgraph.resolve import Resolver
from newsgraph.validate import to_rdflib

BASE = "https://w3id.org/newsgraph/id/"
FORBIDDEN = set(' <>"{}|^`\\') | {chr(c) for c in range(0x20)} | {"\x7f"}


@given(st.text())
def test_slug_is_never_empty_and_iri_safe(text):
    s = slug(text)
    assert s and not (set(s) & FORBIDDEN)


@given(st.sampled_from(["person", "org", "group", "place", "country"]), st.text())
def test_entity_iris_are_valid_iris(kind, name):
    iri = entity_iri(BASE, f"{kind}:{name}")
    assert not (set(iri) & FORBIDDEN)
    ox.NamedNode(iri)  # pyoxigraph validates IRIs and raises on an invalid one


@given(st.text())
def test_article_iri_follows_the_identity_contract(article_id):
    assert article_iri(BASE, article_id) == f"{BASE}article/{sha1_hex(article_id)[:16]}"


def test_readable_slugs_and_canonical_iris():
    assert slug("Walid al-Moallem") == "walid-al-moallem"
    assert entity_iri(BASE, "country:SYR") == f"{BASE}country/SYR"
    assert entity_iri(BASE, "place:gn:170063") == f"{BASE}place/geonames-170063"
    assert entity_iri(BASE, "org:united nations") == f"{BASE}organization/united-nations"
    assert slug("Erdoğan") == "erdoğan"


def _extraction() -> Extraction:
    text = "Russia bombarded Aleppo on Friday."
    article = Article(
        id="t1",
        text=text,
        title="Strikes",
        published="2016-02-06",
        url="https://example.org/t1",
        source="Wire",
    )
    russia = EntityRef(
        "country:RUS", "country", "Russia", [Span(0, 6, "Russia", 0)], country_code="RUS"
    )
    aleppo = EntityRef(
        "place:gn:170063",
        "place",
        "Aleppo",
        [Span(17, 23, "Aleppo", 0)],
        geonames_id=170063,
        lat=36.20124,
        lon=37.16117,
        located_in="SYR",
    )
    event = Event(
        trigger="bombard",
        cameo="195",
        span=Span(7, 16, "bombarded", 0),
        sentence_text=text,
        agents=[russia.key],
        targets=[aleppo.key],
        places=[aleppo.key],
        date="2016-02-05",
    )
    return Extraction(article=article, entities=[russia, aleppo], events=[event])


EXPECTED = """
@prefix ng: <https://w3id.org/newsgraph/ontology#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <https://schema.org/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix gaf: <http://groundedannotationframework.org/gaf#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix a: <https://w3id.org/newsgraph/id/article/> .
@prefix id: <https://w3id.org/newsgraph/id/> .

<ART> a ng:Article ; schema:identifier "t1" ; schema:headline "Strikes" ;
  schema:datePublished "2016-02-06"^^xsd:date ;
  schema:url "https://example.org/t1"^^xsd:anyURI ; schema:publisher "Wire" ;
  ng:text "Russia bombarded Aleppo on Friday." ; ng:contentHash "h" ; ng:extractor "x" .
<ART/mention/0-6> a ng:Mention ; ng:inArticle <ART> ; nif:beginIndex 0 ; nif:endIndex 6 ;
  nif:anchorOf "Russia" ; ng:sentenceIndex 0 .
<ART/mention/17-23> a ng:Mention ; ng:inArticle <ART> ; nif:beginIndex 17 ;
  nif:endIndex 23 ; nif:anchorOf "Aleppo" ; ng:sentenceIndex 0 .
<ART/mention/7-16> a ng:Mention ; ng:inArticle <ART> ; nif:beginIndex 7 ; nif:endIndex 16 ;
  nif:anchorOf "bombarded" ; ng:sentenceIndex 0 .
<https://w3id.org/newsgraph/id/country/RUS> gaf:denotedBy <ART/mention/0-6> .
<https://w3id.org/newsgraph/id/place/geonames-170063> gaf:denotedBy <ART/mention/17-23> .
<ART/event/0-7> a ng:Event, sem:Event ; ng:inArticle <ART> ;
  ng:sentence "Russia bombarded Aleppo on Friday." ; ng:trigger "bombard" ;
  ng:cameoCode "195" ; ng:eventType <https://w3id.org/newsgraph/ontology/cameo/19> ;
  ng:ploverType <https://w3id.org/newsgraph/ontology/plover/ASSAULT> ;
  ng:agent <https://w3id.org/newsgraph/id/country/RUS> ;
  ng:target <https://w3id.org/newsgraph/id/place/geonames-170063> ;
  sem:hasPlace <https://w3id.org/newsgraph/id/place/geonames-170063> ;
  sem:hasTimeStamp "2016-02-05"^^xsd:date ; gaf:denotedBy <ART/mention/7-16> .
"""


def test_article_graph_is_isomorphic_to_the_expected_graph():
    ex = _extraction()
    resolver = Resolver(BASE, get_gazetteer())
    iri_of, entity_quads = resolver.resolve(ex)
    quads = list(article_quads(ex, iri_of, base=BASE, content_hash="h", extractor="x"))
    art = article_iri(BASE, "t1")
    assert {q.graph_name.value for q in quads} == {art}
    expected = Graph().parse(data=EXPECTED.replace("ART", art), format="turtle")
    assert isomorphic(to_rdflib(quads), expected)
    # entity facts go to the entities graph only, with materialised types
    assert {q.graph_name.value for q in entity_quads} == {f"{BASE}graph/entities"}
    ents = to_rdflib(entity_quads)
    syria = f"{BASE}country/SYR"
    assert any(str(o) == syria for o in ents.objects())  # Aleppo ng:locatedIn Syria
    assert len(list(ents.triples((None, None, None)))) == len(entity_quads)


def _person(key: str, label: str) -> EntityRef:
    return EntityRef(key, "person", label, [Span(0, len(label), label, 0)])


def _one(article_id: str, *refs: EntityRef) -> Extraction:
    return Extraction(article=Article(id=article_id, text="x"), entities=list(refs))


def test_surname_joins_the_one_person_of_that_name_across_articles():
    resolver = Resolver(BASE, get_gazetteer())
    iri_full, _ = resolver.resolve(_one("a", _person("person:donald trump", "Donald Trump")))
    iri_short, quads = resolver.resolve(_one("b", _person("person:trump", "Trump")))
    assert iri_short["person:trump"] == iri_full["person:donald trump"]
    # the merged variant stays visible as an altLabel, the first label stays the label
    alts = [q.object.value for q in quads if q.predicate.value.endswith("altLabel")]
    assert alts == ["Trump"]


def test_people_sharing_a_surname_are_not_merged():
    resolver = Resolver(BASE, get_gazetteer())
    resolver.resolve(_one("a", _person("person:john smith", "John Smith")))
    resolver.resolve(_one("b", _person("person:mary smith", "Mary Smith")))
    iri, _ = resolver.resolve(_one("c", _person("person:smith", "Smith")))
    assert iri["person:smith"] == f"{BASE}person/smith"


def test_resolver_state_reloads_from_the_entities_graph():
    first = Resolver(BASE, get_gazetteer())
    _, quads = first.resolve(_one("a", _person("person:donald trump", "Donald Trump")))
    second = Resolver(BASE, get_gazetteer())
    second.load((q.subject, q.predicate, q.object) for q in quads)
    iri, new = second.resolve(_one("b", _person("person:trump", "Trump")))
    assert iri["person:trump"] == f"{BASE}person/donald-trump"
    assert all(q.predicate.value.endswith("altLabel") for q in new)

"""End to end on real news: the 2016-02-06 article and a Wikinews slice.

Concrete facts from the article, every contract term in use, offsets that index ng:text
exactly, idempotent rebuilds, SHACL validity and every saved query running.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import ARTICLE
from newsgraph.build import build
from newsgraph.query import list_saved_queries, run_query
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.store import open_store
from newsgraph.validate import validate_store

BASE = "https://w3id.org/newsgraph/id/"


def _select(store_path, query: str) -> list[dict[str, str]]:
    results = open_store(store_path).ox.query(
        query, prefixes=PREFIXES, use_default_graph_as_union=True
    )
    names = [v.value for v in results.variables]
    return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in results]


def _ask(store_path, query: str) -> bool:
    return bool(
        open_store(store_path).ox.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    )


def test_aleppo_is_a_place_in_syria_with_coordinates(corpus_store):
    path, _ = corpus_store
    store = open_store(path)
    rows = list(
        store.ox.query(
            """SELECT ?p ?lat ?long WHERE { ?p a ng:Place ; rdfs:label "Aleppo" ;
             ng:locatedIn ?c ; geo:lat ?lat ; geo:long ?long . ?c ng:countryCode "SYR" }""",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    )
    assert len(rows) == 1
    lat, lon = float(rows[0]["lat"].value), float(rows[0]["long"].value)
    assert abs(lat - 36.2) < 0.1 and abs(lon - 37.2) < 0.1
    assert rows[0]["p"].value == f"{BASE}place/geonames-170063"


def test_moallem_is_a_person_with_role_and_affiliation(corpus_store):
    path, _ = corpus_store
    assert _ask(
        path,
        """ASK { ?p a ng:Person ; rdfs:label "Walid al-Moallem" ;
        ng:role "Foreign Minister" ; ng:affiliatedWith ?c . ?c ng:countryCode "SYR" ;
        a ng:Country }""",
    )


def test_russia_is_agent_of_an_attack(corpus_store):
    path, _ = corpus_store
    rows = list(
        open_store(path).ox.query(
            """SELECT ?code WHERE { ?e ng:agent ?r ; ng:eventType/skos:notation ?code .
             ?r ng:countryCode "RUS" ; a ng:Country }""",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    )
    codes = {r["code"].value for r in rows}
    assert codes & {"18", "19", "20"}, codes


def test_statement_dated_from_relative_weekday(corpus_store):
    path, _ = corpus_store
    # Kirby "said Friday" in an article published Saturday 2016-02-06
    assert _ask(
        path,
        """ASK { ?e ng:agent ?k ; ng:cameoCode ?c ;
        sem:hasTimeStamp "2016-02-05"^^xsd:date . ?k rdfs:label "John Kirby" .
        FILTER(STRSTARTS(?c, "01")) }""",
    )


CONTRACT_TERMS = [
    "ng:Article",
    "ng:Actor",
    "ng:Person",
    "ng:Organization",
    "ng:Group",
    "ng:Place",
    "ng:Country",
    "ng:Event",
    "ng:Mention",
    "sem:Actor",
    "sem:Place",
    "sem:Event",
]
CONTRACT_PROPERTIES = [
    "schema:identifier",
    "schema:headline",
    "schema:datePublished",
    "schema:url",
    "schema:publisher",
    "ng:text",
    "geo:lat",
    "geo:long",
    "ng:locatedIn",
    "owl:sameAs",
    "ng:countryCode",
    "ng:affiliatedWith",
    "ng:role",
    "rdfs:label",
    "skos:altLabel",
    "ng:sentence",
    "ng:agent",
    "ng:target",
    "sem:hasPlace",
    "sem:hasTimeStamp",
    "ng:eventType",
    "ng:cameoCode",
    "ng:trigger",
    "gaf:denotedBy",
    "ng:inArticle",
    "nif:beginIndex",
    "nif:endIndex",
    "nif:anchorOf",
    "ng:sentenceIndex",
    "ng:ploverType",
]


@pytest.mark.parametrize("cls", CONTRACT_TERMS)
def test_every_contract_class_is_used(corpus_store, cls):
    assert _ask(corpus_store[0], f"ASK {{ ?x a {cls} }}")


@pytest.mark.parametrize("prop", CONTRACT_PROPERTIES)
def test_every_contract_property_is_used(corpus_store, prop):
    assert _ask(corpus_store[0], f"ASK {{ ?x {prop} ?y }}")


def test_event_types_are_cameo_concepts_with_plover_matches(corpus_store):
    assert _ask(
        corpus_store[0],
        """ASK { ?e ng:eventType ?t . ?t skos:notation ?n ;
        ng:quadClass ?q ; ng:goldstein ?g ; skos:closeMatch ?p }""",
    )


def test_mention_offsets_index_ng_text_exactly(corpus_store):
    store = open_store(corpus_store[0])
    texts = {
        q.subject.value: q.object.value
        for q in store.ox.quads_for_pattern(None, ox.NamedNode(PREFIXES["ng"] + "text"), None, None)
    }
    rows = list(
        store.ox.query(
            """SELECT ?a ?b ?e ?s WHERE { ?m a ng:Mention ; ng:inArticle ?a ; nif:beginIndex ?b ;
             nif:endIndex ?e ; nif:anchorOf ?s }""",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    )
    assert len(rows) > 500
    for r in rows:
        text = texts[r["a"].value]
        assert text[int(r["b"].value) : int(r["e"].value)] == r["s"].value


def test_page_furniture_is_not_in_the_text(corpus_store):
    rows = _select(
        corpus_store[0],
        """SELECT ?t WHERE { ?a schema:identifier ?id ; ng:text ?t .
        FILTER(CONTAINS(?id, "turkey-syria-border")) }""",
    )
    text = rows[0]["t"]
    assert "IE 11" not in text and "Related:" not in text and "Bunyamin Aygun" not in text
    assert "Walid al-Moallem warned Saturday" in text


def test_no_triple_is_in_two_graphs(corpus_store):
    store = open_store(corpus_store[0])
    triples = [q.triple for q in store.ox]
    assert len(triples) == len(set(triples))


def test_second_build_changes_nothing(corpus_store, wikinews40):
    path, _ = corpus_store
    before = {str(q) for q in open_store(path).ox}
    report = build([str(ARTICLE), str(wikinews40)], store_path=str(path), published="2016-02-06")
    assert (report.new, report.updated, report.unchanged) == (0, 0, 41)
    after = {str(q) for q in open_store(path).ox}
    assert before == after


def test_store_validates(corpus_store):
    report = validate_store(open_store(corpus_store[0]))
    assert report.conforms, report.violations[:5]
    assert report.graphs_checked == 42


@pytest.mark.parametrize("saved", list_saved_queries(), ids=lambda q: q.name)
def test_every_saved_query_runs_on_the_corpus(corpus_store, saved):
    result = run_query(str(corpus_store[0]), saved.path.read_text(encoding="utf-8"))
    assert result.variables or result.boolean is not None


# -- the 2016-02-06 article, as issue 3 lists its facts -----------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Walid al-Moallem",
        "Staffan de Mistura",
        "John Kirby",
        "Samantha Power",
        "Bashar Assad",
        "Suleyman Tapsiz",
    ],
)
def test_article_people_are_one_person_node_each(corpus_store, name):
    rows = _select(
        corpus_store[0],
        f"""SELECT DISTINCT ?p WHERE {{ ?p a ng:Person ;
        rdfs:label|skos:altLabel "{name}" }}""",
    )
    assert len(rows) == 1


def test_no_actor_from_page_furniture_or_bad_spans(corpus_store):
    assert not _ask(
        corpus_store[0],
        """ASK { ?x a ng:Actor ; rdfs:label|skos:altLabel ?l .
        FILTER(CONTAINS(?l, "inches") || CONTAINS(?l, "IE 11") || CONTAINS(?l, "Crisis")) }""",
    )


def test_un_acronym_and_name_are_one_organisation(corpus_store):
    rows = _select(
        corpus_store[0],
        """SELECT DISTINCT ?o WHERE { ?o a ng:Organization ;
        rdfs:label|skos:altLabel ?l . FILTER(?l IN ("U.N.", "United Nations")) }""",
    )
    assert len(rows) == 1


@pytest.mark.parametrize("place,iso3", [("Aleppo", "SYR"), ("Kilis", "TUR"), ("Geneva", "CHE")])
def test_cities_are_located_in_their_country(corpus_store, place, iso3):
    assert _ask(
        corpus_store[0],
        f"""ASK {{ ?p a ng:Place ; rdfs:label "{place}" ;
        ng:locatedIn ?c . ?c ng:countryCode "{iso3}" }}""",
    )


def test_syrians_are_a_group_of_syria(corpus_store):
    assert _ask(
        corpus_store[0],
        """ASK { ?g a ng:Group ; rdfs:label "Syrians" ;
        ng:countryCode "SYR" ; ng:affiliatedWith ?c . ?c ng:countryCode "SYR" }""",
    )


def test_moallem_threatens(corpus_store):
    assert _ask(
        corpus_store[0],
        """ASK { ?e ng:agent ?p ; ng:eventType/skos:notation "13" .
        ?p rdfs:label "Walid al-Moallem" . FILTER(CONTAINS(?s, "coffins")) ?e ng:sentence ?s }""",
    )


def test_geneva_talks_are_a_consultation_in_geneva(corpus_store):
    assert _ask(
        corpus_store[0],
        """ASK { ?e ng:eventType/skos:notation "04" ;
        sem:hasPlace/rdfs:label "Geneva" ; ng:trigger "talk" }""",
    )


def test_russia_attacks_aleppo(corpus_store):
    assert _ask(
        corpus_store[0],
        """ASK { ?e ng:agent/ng:countryCode "RUS" ;
        ng:target/rdfs:label "Aleppo" ; ng:eventType/skos:notation ?n .
        FILTER(?n IN ("18", "19", "20")) }""",
    )

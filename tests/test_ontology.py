"""The ontology files, the NG namespace that mirrors them, and the SHACL shapes.

Why these tests: the mapping, queries and validator all rely on the ontology's term names
and on the shapes accepting exactly the graph shape the mapping writes. A term added to one
side only, a shape that cannot fail, or event-type values drifting from the reference table
would otherwise go unnoticed until a user's query silently returns nothing.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, Namespace

from newsgraph.rdf.namespaces import (
    CAMEO,
    CAMEO_SCHEME,
    GEO,
    NG,
    NG_NS,
    NIF,
    PLOVER,
    PLOVER_SCHEME,
    PREFIXES,
    bind_prefixes,
)

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
# A plain Namespace: rdflib's XSD DefinedNamespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
FILES = ["newsgraph.ttl", "event-types.ttl", "shapes.ttl"]
DEFINING_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "newsgraph.ttl")


@pytest.fixture(scope="module")
def event_types() -> Graph:
    return Graph().parse(ONTOLOGY / "event-types.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl")


def defined_ng_terms(graph: Graph) -> set[str]:
    """Local names of ng: terms the ontology declares as a class or property."""
    names = set()
    for kind in DEFINING_TYPES:
        for subject in graph.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and str(subject).startswith(str(NG_NS)):
                names.add(str(subject)[len(str(NG_NS)) :])
    return names


def ng_attributes() -> set[str]:
    """Terms the NG DefinedNamespace declares (its annotations, minus private ones)."""
    return {name for name in NG.__annotations__ if not name.startswith("_")}


# (a) the ontology and NG mirror each other --------------------------------------------


def test_ontology_terms_and_ng_namespace_are_the_same_set(ontology: Graph) -> None:
    in_ttl = defined_ng_terms(ontology)
    in_python = ng_attributes()
    assert in_ttl - in_python == set(), "defined in newsgraph.ttl but missing from NG"
    assert in_python - in_ttl == set(), "in NG but not defined in newsgraph.ttl"
    # The contract terms from DESIGN.md are among them.
    contract = {
        "Article", "Actor", "Person", "Organization", "Group", "Place", "Country", "Event",
        "Mention", "countryCode", "affiliatedWith", "role", "agent", "target", "eventType",
        "cameoCode", "trigger", "inArticle", "locatedIn", "sentence", "sentenceIndex", "text",
        "quadClass", "goldstein",
    }  # fmt: skip
    assert contract <= in_ttl


def test_every_ng_iri_used_in_the_ontology_files_is_defined(ontology: Graph) -> None:
    """No file may use an ng: term the ontology does not define (e.g. a typo in a shape)."""
    defined = {NG_NS[name] for name in defined_ng_terms(ontology)}
    for name in FILES:
        graph = Graph().parse(ONTOLOGY / name)
        used = {
            term
            for triple in graph
            for term in triple
            if isinstance(term, URIRef) and str(term).startswith(str(NG_NS))
        }
        assert used - defined == set(), name


def test_ng_attributes_resolve_to_ng_iris() -> None:
    assert NG.Event == URIRef("https://w3id.org/newsgraph/ontology#Event")
    assert NG.affiliatedWith in NG
    assert str(NG) == "https://w3id.org/newsgraph/ontology#"


def test_plain_vocabulary_agrees_with_rdflib_and_is_closed() -> None:
    """build writes IRIs from rdf/vocab.py without importing rdflib; they must be the
    IRIs rdflib's objects (exports, SHACL) and the ontology use, and a typo must fail."""
    from rdflib.namespace import PROV
    from rdflib.namespace import XSD as RDFLIB_XSD

    from newsgraph.rdf import vocab

    assert {name: vocab.NG[name] for name in ng_attributes()} == {
        name: str(NG[name]) for name in ng_attributes()
    }
    for prefix, rdflib_ns in [
        ("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("skos", SKOS), ("xsd", RDFLIB_XSD),
        ("prov", PROV),
    ]:  # fmt: skip
        assert vocab.NAMESPACES[prefix] == str(rdflib_ns), prefix
    assert vocab.RDF.type == str(RDF.type)
    assert vocab.CAMEO["19"] == str(CAMEO["19"])
    with pytest.raises(AttributeError):
        vocab.NG.agnet  # noqa: B018 - the typo is the point
    with pytest.raises(KeyError):
        vocab.NG["agnet"]


def test_build_does_not_import_rdflib() -> None:
    """Importing rdflib costs a build process ~0.15-0.2 s it does not need (issue 5)."""
    code = "import sys, newsgraph.build, newsgraph.cli.build; print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# (b) labels and comments ----------------------------------------------------------------


def test_every_term_has_label_and_comment(ontology: Graph) -> None:
    for name in sorted(defined_ng_terms(ontology)):
        term = NG_NS[name]
        assert len(list(ontology.objects(term, RDFS.label))) == 1, name
        comments = list(ontology.objects(term, RDFS.comment))
        assert len(comments) == 1 and len(str(comments[0])) > 20, name


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/newsgraph/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) == Literal("0.1.0")
    license_ = ontology.value(onto, URIRef("http://purl.org/dc/terms/license"))
    assert "LICENSE-2.0" in str(license_)


def test_alignment_axioms(ontology: Graph) -> None:
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    sub = RDFS.subClassOf
    assert (NG.Actor, sub, URIRef(sem + "Actor")) in ontology
    assert (NG.Place, sub, URIRef(sem + "Place")) in ontology
    assert (NG.Event, sub, URIRef(sem + "Event")) in ontology
    assert {NG.Place, NG.Actor} <= set(ontology.objects(NG.Country, sub))
    for prop in (NG.agent, NG.target):
        assert (prop, RDFS.subPropertyOf, URIRef(sem + "hasActor")) in ontology
    for cls in (NG.Person, NG.Organization, NG.Group):
        assert (cls, sub, NG.Actor) in ontology
    assert (NG.eventType, RDFS.range, SKOS.Concept) in ontology


# (c) parsing with both libraries ---------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_rdflib_and_pyoxigraph(name: str) -> None:
    path = ONTOLOGY / name
    graph = Graph().parse(path)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(graph) > 50
    assert len(store) == len(graph)


def test_prefixes_work_in_pyoxigraph_queries() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY / "event-types.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(
        store.query("SELECT ?label WHERE { cameo:19 skos:prefLabel ?label }", prefixes=PREFIXES)
    )
    assert [row["label"].value for row in rows] == ["Fight"]


def test_bind_prefixes_makes_geo_wgs84() -> None:
    graph = Graph()
    bind_prefixes(graph)
    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    for prefix, iri in PREFIXES.items():
        assert namespaces[prefix] == iri
    graph.add((URIRef("urn:x"), GEO.lat, Literal("1.5", datatype=XSD.decimal)))
    assert "geo:lat" in graph.serialize(format="turtle")


# (d) event types ----------------------------------------------------------------------------


def reference_roots() -> list[dict[str, str]]:
    with (REFERENCE / "cameo-roots.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_twenty_root_concepts_match_the_reference_table(event_types: Graph) -> None:
    roots = sorted(event_types.subjects(SKOS.topConceptOf, CAMEO_SCHEME))
    assert len(roots) == 20
    notations = sorted(str(event_types.value(c, SKOS.notation)) for c in roots)
    assert notations == [f"{i:02d}" for i in range(1, 21)]
    for row in reference_roots():
        concept = CAMEO[row["code"]]
        assert concept in roots
        quad = event_types.value(concept, NG.quadClass)
        assert quad.datatype == XSD.integer and quad.toPython() in {1, 2, 3, 4}
        assert quad.toPython() == int(row["quad_class"])
        goldstein = event_types.value(concept, NG.goldstein)
        assert goldstein.datatype == XSD.decimal
        assert goldstein.toPython() == Decimal(row["goldstein"])
        assert (concept, SKOS.altLabel, Literal(row["name"], lang="en")) in event_types
        expected = {PLOVER[p] for p in row["plover"].split("|") if p}
        assert set(event_types.objects(concept, SKOS.closeMatch)) == expected, row["code"]


def test_labels_are_sentence_cased(event_types: Graph) -> None:
    assert event_types.value(CAMEO["19"], SKOS.prefLabel) == Literal("Fight", lang="en")
    assert event_types.value(CAMEO["20"], SKOS.prefLabel) == Literal(
        "Use unconventional mass violence", lang="en"
    )


def test_root_01_has_no_plover_and_02_is_request(event_types: Graph) -> None:
    assert list(event_types.objects(CAMEO["01"], SKOS.closeMatch)) == []
    assert list(event_types.objects(CAMEO["02"], SKOS.closeMatch)) == [PLOVER.REQUEST]


def test_root_08_splits_into_concede_and_retreat(event_types: Graph) -> None:
    narrower = {
        str(c).rsplit("/", 1)[1]: c for c in event_types.subjects(SKOS.broader, CAMEO["08"])
    }
    assert sorted(narrower) == [f"08{i}" for i in range(8)]
    for code, concept in narrower.items():
        expected = PLOVER.CONCEDE if int(code[2]) <= 3 else PLOVER.RETREAT
        assert list(event_types.objects(concept, SKOS.closeMatch)) == [expected], code
        assert (CAMEO["08"], SKOS.narrower, concept) in event_types
        assert event_types.value(concept, SKOS.notation) == Literal(code)
        assert (concept, SKOS.topConceptOf, CAMEO_SCHEME) not in event_types
    assert event_types.value(CAMEO["084"], SKOS.prefLabel) == Literal("Return, release", lang="en")


def test_plover_scheme_covers_every_type_in_the_table(event_types: Graph) -> None:
    named = {p for row in reference_roots() for p in row["plover"].split("|") if p}
    concepts = set(event_types.subjects(SKOS.inScheme, PLOVER_SCHEME))
    assert concepts == {PLOVER[p] for p in named}
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in event_types
        assert event_types.value(concept, SKOS.prefLabel) is not None


def test_schemes_credit_their_sources(event_types: Graph) -> None:
    dcterms = "http://purl.org/dc/terms/"
    cameo_sources = {str(s) for s in event_types.objects(CAMEO_SCHEME, URIRef(dcterms + "source"))}
    assert any("gdelt" in s.lower() for s in cameo_sources)
    assert any("PLOVER" in s for s in cameo_sources)
    plover_license = event_types.value(PLOVER_SCHEME, URIRef(dcterms + "license"))
    assert "by-sa/4.0" in str(plover_license)


def test_generator_reproduces_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "event-types.ttl"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_event_types.py"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == (ONTOLOGY / "event-types.ttl").read_text(
        encoding="utf-8"
    )


def test_packaged_copy_of_cameo_roots_is_verbatim() -> None:
    packaged = REPO / "src" / "newsgraph" / "data" / "cameo-roots.tsv"
    assert packaged.read_bytes() == (REFERENCE / "cameo-roots.tsv").read_bytes()


# (e) SHACL ----------------------------------------------------------------------------------

TEXT = "Russian jets bombarded Aleppo on Friday, Syria's Foreign Minister Walid al-Moallem said."
ALEPPO = TEXT.index("Aleppo")
MOALLEM = TEXT.index("Walid al-Moallem")

VALID = f"""
@prefix ng: <https://w3id.org/newsgraph/ontology#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix gaf: <http://groundedannotationframework.org/gaf#> .
@prefix cameo: <https://w3id.org/newsgraph/ontology/cameo/> .
@prefix plover: <https://w3id.org/newsgraph/ontology/plover/> .
@prefix id: <https://w3id.org/newsgraph/id/> .
@prefix a: <https://w3id.org/newsgraph/id/article/0123456789abcdef/> .

id:article\\/0123456789abcdef a ng:Article ;
    schema:identifier "story-1" ;
    schema:headline "Jets strike Aleppo" ;
    schema:datePublished "2016-02-06"^^xsd:date ;
    schema:url "https://example.org/story-1"^^xsd:anyURI ;
    schema:publisher "NBC News" ;
    ng:text "{TEXT}" ;
    ng:contentHash "{"ab" * 32}" ;
    ng:extractor "newsgraph 0.1.0; model test" .

a:mention\\/{ALEPPO}-{ALEPPO + 6} a ng:Mention ;
    ng:inArticle id:article\\/0123456789abcdef ;
    nif:beginIndex {ALEPPO} ; nif:endIndex {ALEPPO + 6} ;
    nif:anchorOf "Aleppo" ; ng:sentenceIndex 0 .

a:mention\\/{MOALLEM}-{MOALLEM + 16} a ng:Mention ;
    ng:inArticle id:article\\/0123456789abcdef ;
    nif:beginIndex {MOALLEM} ; nif:endIndex {MOALLEM + 16} ;
    nif:anchorOf "Walid al-Moallem" ; ng:sentenceIndex 0 .

a:event\\/0-22 a ng:Event, sem:Event ;
    ng:inArticle id:article\\/0123456789abcdef ;
    ng:sentence "{TEXT}" ;
    ng:trigger "bombard" ;
    ng:cameoCode "195" ;
    ng:eventType cameo:19 ;
    ng:ploverType plover:ASSAULT ;
    ng:agent id:country\\/RUS ;
    ng:target id:place\\/geonames-170063 ;
    sem:hasPlace id:place\\/geonames-170063 ;
    sem:hasTimeStamp "2016-02-05"^^xsd:date ;
    ng:negated false .

id:place\\/geonames-170063 gaf:denotedBy a:mention\\/{ALEPPO}-{ALEPPO + 6} .
id:person\\/walid-al-moallem gaf:denotedBy a:mention\\/{MOALLEM}-{MOALLEM + 16} .

# entities graph
id:person\\/walid-al-moallem a ng:Person, ng:Actor, sem:Actor ;
    rdfs:label "Walid al-Moallem" ; skos:altLabel "Moallem" ;
    ng:role "Foreign Minister" ; ng:affiliatedWith id:country\\/SYR ; ng:countryCode "SYR" .

id:country\\/SYR a ng:Country, ng:Place, ng:Actor, sem:Place, sem:Actor ;
    rdfs:label "Syria" ; ng:countryCode "SYR" ;
    owl:sameAs <https://sws.geonames.org/163843/> ;
    geo:lat "35.0"^^xsd:decimal ; geo:long "38.0"^^xsd:decimal .

id:country\\/RUS a ng:Country, ng:Place, ng:Actor, sem:Place, sem:Actor ;
    rdfs:label "Russia" ; ng:countryCode "RUS" .

id:place\\/geonames-170063 a ng:Place, sem:Place ;
    rdfs:label "Aleppo" ;
    geo:lat "36.20124"^^xsd:decimal ; geo:long "37.16117"^^xsd:decimal ;
    ng:locatedIn id:country\\/SYR ;
    owl:sameAs <https://sws.geonames.org/170063/> .
"""

B = "https://w3id.org/newsgraph/id/"
ARTICLE = URIRef(B + "article/0123456789abcdef")
EVENT = URIRef(f"{ARTICLE}/event/0-22")
MENTION = URIRef(f"{ARTICLE}/mention/{ALEPPO}-{ALEPPO + 6}")
MOALLEM_IRI = URIRef(B + "person/walid-al-moallem")
ALEPPO_IRI = URIRef(B + "place/geonames-170063")
SYRIA = URIRef(B + "country/SYR")


@pytest.fixture(scope="module")
def ontology_graph(ontology: Graph, event_types: Graph) -> Graph:
    """What the validator loads next to the data: the ontology graph (OWL + SKOS)."""
    return ontology + event_types


def shacl_results(
    data: Graph, ontology_graph: Graph, shapes: Graph
) -> tuple[bool, set[tuple[URIRef, URIRef | None]]]:
    """Validate without inference; return (conforms, {(focus node, result path)})."""
    conforms, report, _text = validate(
        data + ontology_graph, shacl_graph=shapes, inference="none", allow_warnings=False
    )
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        assert report.value(result, SH.resultSeverity) == SH.Violation
        assert report.value(result, SH.resultMessage) is not None
        found.add((report.value(result, SH.focusNode), report.value(result, SH.resultPath)))
    return conforms, found


def valid_graph() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def test_valid_graph_conforms(ontology_graph: Graph, shapes: Graph) -> None:
    conforms, found = shacl_results(valid_graph(), ontology_graph, shapes)
    assert found == set()
    assert conforms


def without_types(graph: Graph, node: URIRef, *keep: URIRef) -> Graph:
    for cls in set(graph.objects(node, RDF.type)) - set(keep):
        graph.remove((node, RDF.type, cls))
    return graph


def break_mention_begin(g: Graph) -> None:
    g.remove((MENTION, NIF.beginIndex, None))


def break_agent(g: Graph) -> None:
    g.set((EVENT, NG.agent, ALEPPO_IRI))  # a plain place, not an actor


def break_lat(g: Graph) -> None:
    g.set((ALEPPO_IRI, GEO.lat, Literal("36.2")))


def break_label(g: Graph) -> None:
    g.add((MOALLEM_IRI, RDFS.label, Literal("Walid Muallem")))


def break_country_code(g: Graph) -> None:
    g.set((MOALLEM_IRI, NG.countryCode, Literal("Syria")))


def break_anchor(g: Graph) -> None:
    g.set((MENTION, NIF.anchorOf, Literal("Aleppx")))


def break_begin_after_end(g: Graph) -> None:
    g.set((MENTION, NIF.beginIndex, Literal(ALEPPO + 7)))


def break_event_type(g: Graph) -> None:
    g.set((EVENT, NG.eventType, PLOVER.ASSAULT))  # a concept, but not in the CAMEO scheme


def break_cameo_code(g: Graph) -> None:
    g.set((EVENT, NG.cameoCode, Literal("18x")))


def break_cameo_prefix(g: Graph) -> None:
    g.set((EVENT, NG.cameoCode, Literal("183")))  # eventType is 19


def break_timestamp(g: Graph) -> None:
    g.set((EVENT, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp"), Literal("x")))


def break_located_in(g: Graph) -> None:
    g.set((ALEPPO_IRI, NG.locatedIn, MOALLEM_IRI))


def break_same_as(g: Graph) -> None:
    g.set((ALEPPO_IRI, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q41183")))


def break_article_text(g: Graph) -> None:
    g.remove((ARTICLE, NG.text, None))


def break_target(g: Graph) -> None:
    g.set((EVENT, NG.target, MENTION))


BROKEN = {
    "mention without beginIndex": (break_mention_begin, MENTION, NIF.beginIndex),
    "agent not an actor": (break_agent, EVENT, NG.agent),
    "lat as string": (break_lat, ALEPPO_IRI, GEO.lat),
    "two labels on an actor": (break_label, MOALLEM_IRI, RDFS.label),
    "bad country code": (break_country_code, MOALLEM_IRI, NG.countryCode),
    "anchor differs from text": (break_anchor, MENTION, NIF.anchorOf),
    "begin after end": (break_begin_after_end, MENTION, NIF.beginIndex),
    "event type outside CAMEO": (break_event_type, EVENT, NG.eventType),
    "cameo code not digits": (break_cameo_code, EVENT, NG.cameoCode),
    "cameo code of another root": (break_cameo_prefix, EVENT, NG.cameoCode),
    "timestamp not a date": (
        break_timestamp,
        EVENT,
        URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp"),
    ),
    "locatedIn a person": (break_located_in, ALEPPO_IRI, NG.locatedIn),
    "sameAs not GeoNames": (break_same_as, ALEPPO_IRI, OWL.sameAs),
    "article without text": (break_article_text, ARTICLE, NG.text),
    "target a mention": (break_target, EVENT, NG.target),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_variant_fails_with_expected_path(
    case: str, ontology_graph: Graph, shapes: Graph
) -> None:
    breaker, focus, path = BROKEN[case]
    data = valid_graph()
    breaker(data)
    conforms, found = shacl_results(data, ontology_graph, shapes)
    assert not conforms
    assert (focus, path) in found, found


def test_country_counts_as_actor_and_place_through_the_ontology(
    ontology_graph: Graph, shapes: Graph
) -> None:
    """sh:class must also accept a node typed only ng:Country (subClassOf in the ontology)."""
    data = without_types(valid_graph(), SYRIA, NG.Country)
    conforms, found = shacl_results(data, ontology_graph, shapes)
    assert conforms, found


def test_place_needs_both_coordinates(ontology_graph: Graph, shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ALEPPO_IRI, GEO.long, None))
    conforms, found = shacl_results(data, ontology_graph, shapes)
    assert not conforms
    assert (ALEPPO_IRI, None) in found


def test_shapes_use_violation_severity_and_messages(shapes: Graph) -> None:
    for shape in shapes.subjects(SH.targetClass, None):
        assert shapes.value(shape, SH.severity) == SH.Violation
        for prop in shapes.objects(shape, SH.property):
            assert shapes.value(prop, SH.message) is not None, (shape, shapes.value(prop, SH.path))


# (f) _fail ----------------------------------------------------------------------------------


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        NG.Typo  # noqa: B018
    with pytest.raises(AttributeError):
        NG["agnet"]

"""The newsgraph vocabulary as Python names, mirroring ``ontology/newsgraph.ttl``.

Why a ``DefinedNamespace`` with ``_fail = True``: a typo such as ``NG.agnet`` must raise
``AttributeError`` at once instead of silently minting a new IRI that no query or shape
knows about (the pattern of rdflib's ``namespace/_FOAF.py``). ``tests/test_ontology.py``
checks that the terms listed here and the terms the ontology defines are the same set.

The other vocabularies are plain :class:`~rdflib.Namespace` objects: we use only a few
of their terms and do not own them. ``PREFIXES`` is the one prefix table, shared by
rdflib serialisers (via :func:`bind_prefixes`) and pyoxigraph (``prefixes=PREFIXES``).

>>> str(NG.Event)
'https://w3id.org/newsgraph/ontology#Event'
>>> str(CAMEO["19"])
'https://w3id.org/newsgraph/ontology/cameo/19'
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import (
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
    NamespaceManager,
)
from rdflib.term import URIRef

__all__ = [
    "NG",
    "NG_NS",
    "SEM",
    "SCHEMA",
    "GEO",
    "NIF",
    "GAF",
    "DCTERMS",
    "CAMEO",
    "PLOVER",
    "ONTOLOGY_IRI",
    "CAMEO_SCHEME",
    "PLOVER_SCHEME",
    "PREFIXES",
    "bind_prefixes",
]

#: The ontology document's IRI (no trailing ``#``); the terms live under ``NG_NS``.
ONTOLOGY_IRI = URIRef("https://w3id.org/newsgraph/ontology")
NG_NS = Namespace("https://w3id.org/newsgraph/ontology#")


class NG(DefinedNamespace):
    """newsgraph ontology terms (``ng:``); see ontology/newsgraph.ttl for their meaning."""

    _fail = True
    _NS = Namespace("https://w3id.org/newsgraph/ontology#")

    # Classes
    Article: URIRef  # A news story; the text that mention offsets index into.
    Actor: URIRef  # Who acts (sem:Actor).
    Person: URIRef  # A human actor.
    Organization: URIRef  # A formal organisation: government body, party, company, army.
    Group: URIRef  # A collective without formal membership ("Syrians", "rebels").
    Place: URIRef  # A geographic place (sem:Place).
    Country: URIRef  # A state: both a place and an actor.
    Event: URIRef  # Something that happened, reported in one sentence (sem:Event).
    Mention: URIRef  # A stretch of an article's ng:text that names an entity or event.

    # Object properties
    inArticle: URIRef  # Mention or event -> the article it comes from.
    locatedIn: URIRef  # Place -> the place that contains it (city -> country).
    affiliatedWith: URIRef  # Actor -> the organisation or country it belongs to.
    agent: URIRef  # Event -> the actor who acts.
    target: URIRef  # Event -> the actor (or place) acted upon.
    eventType: URIRef  # Event -> CAMEO root concept.
    ploverType: URIRef  # Event -> PLOVER concept.

    # Datatype properties
    text: URIRef  # Article -> its cleaned body.
    contentHash: URIRef  # Article -> SHA-256 of text, metadata and extractor version.
    extractor: URIRef  # Article -> which extractor version produced its graph.
    sentence: URIRef  # Event -> the text of the sentence that reports it.
    sentenceIndex: URIRef  # Mention -> 0-based sentence number.
    role: URIRef  # Actor -> role or title ("Foreign Minister").
    countryCode: URIRef  # Actor -> ISO 3166-1 alpha-3 code.
    cameoCode: URIRef  # Event -> most specific CAMEO code found ("195").
    trigger: URIRef  # Event -> lemma of the word naming the event.
    negated: URIRef  # Event -> true when the sentence denies the event.
    quadClass: URIRef  # CAMEO concept -> GDELT QuadClass 1..4.
    goldstein: URIRef  # CAMEO concept -> Goldstein scale value.
    degree: URIRef  # Node -> degree in the analysed projection.
    weightedDegree: URIRef  # Node -> weighted degree.
    pagerank: URIRef  # Node -> PageRank score.
    betweenness: URIRef  # Node -> betweenness centrality.
    community: URIRef  # Node -> community number.


SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
#: Concepts of the CAMEO root scheme: ``CAMEO["19"]``, sub-codes ``CAMEO["084"]``.
CAMEO = Namespace("https://w3id.org/newsgraph/ontology/cameo/")
#: PLOVER concepts, minted in our namespace (PLOVER has none): ``PLOVER.ASSAULT``.
PLOVER = Namespace("https://w3id.org/newsgraph/ontology/plover/")
CAMEO_SCHEME = URIRef("https://w3id.org/newsgraph/ontology/cameo")
PLOVER_SCHEME = URIRef("https://w3id.org/newsgraph/ontology/plover")

#: prefix -> namespace IRI, for SPARQL prologues and ``pyoxigraph`` ``prefixes=``.
PREFIXES: dict[str, str] = {
    "ng": str(NG_NS),
    "sem": str(SEM),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "prov": str(PROV),
    "geo": str(GEO),
    "nif": str(NIF),
    "gaf": str(GAF),
    "dcterms": str(DCTERMS),
    "cameo": str(CAMEO),
    "plover": str(PLOVER),
}


def bind_prefixes(target: Graph | NamespaceManager) -> None:
    """Bind every newsgraph prefix on a graph (or its namespace manager).

    ``replace=True`` matters: rdflib binds ``geo:`` to GeoSPARQL by default, and we
    want it to mean WGS84 so serialised output reads like the design's examples.
    """
    manager = target.namespace_manager if isinstance(target, Graph) else target
    for prefix, iri in PREFIXES.items():
        manager.bind(prefix, Namespace(iri), override=True, replace=True)

"""The IRIs newsgraph writes, as plain strings: the one table of namespaces and ng: terms.

Why plain strings beside :mod:`.namespaces` (rdflib objects): ``build`` needs only IRIs,
which it hands to pyoxigraph, and importing rdflib costs every build process ~0.15-0.2 s
(rdflib.term alone pulls in an HTML parser). :mod:`.namespaces` builds its rdflib
``Namespace`` objects and the ``NG`` ``DefinedNamespace`` from the tables here, so the
two never disagree.

``NG`` here, like ``namespaces.NG``, is closed: a typo such as ``NG.agnet`` raises
``AttributeError`` instead of minting an IRI no query or shape knows about.

>>> NG.Event
'https://w3id.org/newsgraph/ontology#Event'
>>> RDF.type
'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'
"""

from __future__ import annotations

__all__ = [
    "Vocabulary",
    "NG_TERMS",
    "NAMESPACES",
    "NG",
    "SEM",
    "SCHEMA",
    "SKOS",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "GEO",
    "NIF",
    "GAF",
    "CAMEO",
    "PLOVER",
]

#: The ng: terms ``ontology/newsgraph.ttl`` defines, with what each means
#: (``tests/test_ontology.py`` checks that the two lists are the same set).
NG_TERMS: dict[str, str] = {
    # Classes
    "Article": "A news story; the text that mention offsets index into.",
    "Actor": "Who acts (sem:Actor).",
    "Person": "A human actor.",
    "Organization": "A formal organisation: government body, party, company, army.",
    "Group": 'A collective without formal membership ("Syrians", "rebels").',
    "Place": "A geographic place (sem:Place).",
    "Country": "A state: both a place and an actor.",
    "Event": "Something that happened, reported in one sentence (sem:Event).",
    "Mention": "A stretch of an article's ng:text that names an entity or event.",
    # Object properties
    "inArticle": "Mention or event -> the article it comes from.",
    "locatedIn": "Place -> the place that contains it (city -> country).",
    "affiliatedWith": "Actor -> the organisation or country it belongs to.",
    "agent": "Event -> the actor who acts.",
    "target": "Event -> the actor (or place) acted upon.",
    "eventType": "Event -> CAMEO root concept.",
    "ploverType": "Event -> PLOVER concept.",
    # Datatype properties
    "text": "Article -> its cleaned body.",
    "contentHash": "Article -> SHA-256 of text, metadata and extractor version.",
    "extractor": "Article -> which extractor version produced its graph.",
    "sentence": "Event -> the text of the sentence that reports it.",
    "sentenceIndex": "Mention -> 0-based sentence number.",
    "role": 'Actor -> role or title ("Foreign Minister").',
    "countryCode": "Actor -> ISO 3166-1 alpha-3 code.",
    "cameoCode": 'Event -> most specific CAMEO code found ("195").',
    "trigger": "Event -> lemma of the word naming the event.",
    "negated": "Event -> true when the sentence denies the event.",
    "quadClass": "CAMEO concept -> GDELT QuadClass 1..4.",
    "goldstein": "CAMEO concept -> Goldstein scale value.",
    "degree": "Node -> degree in the analysed projection.",
    "weightedDegree": "Node -> weighted degree.",
    "pagerank": "Node -> PageRank score.",
    "betweenness": "Node -> betweenness centrality.",
    "community": "Node -> community number.",
}

#: prefix -> namespace IRI: SPARQL prologues, pyoxigraph's ``prefixes=``, rdflib bindings.
NAMESPACES: dict[str, str] = {
    "ng": "https://w3id.org/newsgraph/ontology#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "gaf": "http://groundedannotationframework.org/gaf#",
    "dcterms": "http://purl.org/dc/terms/",
    "cameo": "https://w3id.org/newsgraph/ontology/cameo/",
    "plover": "https://w3id.org/newsgraph/ontology/plover/",
}


class Vocabulary:
    """The terms of one namespace as IRI strings: ``SEM.Actor``, ``CAMEO["19"]``.

    With ``terms`` the vocabulary is closed: any other name raises ``AttributeError``
    (``KeyError`` through ``[]``).
    """

    __slots__ = ("iri", "_terms")

    def __init__(self, iri: str, terms: frozenset[str] | None = None) -> None:
        self.iri = iri
        self._terms = terms

    def __getattr__(self, name: str) -> str:
        if name.startswith("__") or (self._terms is not None and name not in self._terms):
            raise AttributeError(f"{name!r} is not a term of <{self.iri}>")
        return self.iri + name

    def __getitem__(self, name: str) -> str:
        if self._terms is not None and name not in self._terms:
            raise KeyError(f"{name!r} is not a term of <{self.iri}>")
        return self.iri + name

    def __repr__(self) -> str:
        return f"Vocabulary({self.iri!r})"


NG = Vocabulary(NAMESPACES["ng"], frozenset(NG_TERMS))
SEM = Vocabulary(NAMESPACES["sem"])
SCHEMA = Vocabulary(NAMESPACES["schema"])
SKOS = Vocabulary(NAMESPACES["skos"])
RDF = Vocabulary(NAMESPACES["rdf"])
RDFS = Vocabulary(NAMESPACES["rdfs"])
OWL = Vocabulary(NAMESPACES["owl"])
XSD = Vocabulary(NAMESPACES["xsd"])
GEO = Vocabulary(NAMESPACES["geo"])
NIF = Vocabulary(NAMESPACES["nif"])
GAF = Vocabulary(NAMESPACES["gaf"])
CAMEO = Vocabulary(NAMESPACES["cameo"])
PLOVER = Vocabulary(NAMESPACES["plover"])

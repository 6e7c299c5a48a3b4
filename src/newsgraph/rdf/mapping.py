"""Resolved extraction → RDF quads (pure and deterministic).

Produces pyoxigraph terms directly: the store takes them without conversion, and
rdflib is only needed where rdflib's features are (SHACL, JSON-LD, tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pyoxigraph as ox

from ..extract.lexicon import plover
from ..model import EntityRef, Extraction, Span
from .iri import article_iri
from .vocab import CAMEO, GAF, GEO, NG, NIF, OWL, PLOVER, RDF, RDFS, SCHEMA, SEM, SKOS, XSD

__all__ = ["KIND_TYPES", "article_quads", "entity_triples", "geonames_iri", "Triple"]

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]


def _n(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


TYPE = _n(RDF.type)
LABEL = _n(RDFS.label)
ALT = _n(SKOS.altLabel)
SAME_AS = _n(OWL.sameAs)
XSD_INT = _n(XSD.integer)
XSD_DEC = _n(XSD.decimal)
XSD_DATE = _n(XSD.date)
XSD_DATETIME = _n(XSD.dateTime)
XSD_ANYURI = _n(XSD.anyURI)
XSD_BOOL = _n(XSD.boolean)

#: Types are materialised on write so SPARQL users need no reasoner (DESIGN.md).
KIND_TYPES: Mapping[str, tuple[ox.NamedNode, ...]] = {
    "person": (_n(NG.Person), _n(NG.Actor), _n(SEM.Actor)),
    "organization": (_n(NG.Organization), _n(NG.Actor), _n(SEM.Actor)),
    "group": (_n(NG.Group), _n(NG.Actor), _n(SEM.Actor)),
    "place": (_n(NG.Place), _n(SEM.Place)),
    "country": (_n(NG.Country), _n(NG.Place), _n(NG.Actor), _n(SEM.Place), _n(SEM.Actor)),
}

P = {
    name: _n(term)
    for name, term in {
        "Article": NG.Article,
        "Mention": NG.Mention,
        "Event": NG.Event,
        "SemEvent": SEM.Event,
        "identifier": SCHEMA.identifier,
        "headline": SCHEMA.headline,
        "datePublished": SCHEMA.datePublished,
        "url": SCHEMA.url,
        "publisher": SCHEMA.publisher,
        "text": NG.text,
        "contentHash": NG.contentHash,
        "extractor": NG.extractor,
        "inArticle": NG.inArticle,
        "begin": NIF.beginIndex,
        "end": NIF.endIndex,
        "anchor": NIF.anchorOf,
        "sentenceIndex": NG.sentenceIndex,
        "denotedBy": GAF.denotedBy,
        "sentence": NG.sentence,
        "trigger": NG.trigger,
        "cameoCode": NG.cameoCode,
        "eventType": NG.eventType,
        "ploverType": NG.ploverType,
        "agent": NG.agent,
        "target": NG.target,
        "hasPlace": SEM.hasPlace,
        "hasTimeStamp": SEM.hasTimeStamp,
        "negated": NG.negated,
        "countryCode": NG.countryCode,
        "role": NG.role,
        "affiliatedWith": NG.affiliatedWith,
        "locatedIn": NG.locatedIn,
        "lat": GEO.lat,
        "long": GEO.long,
    }.items()
}


def geonames_iri(geonames_id: int) -> ox.NamedNode:
    return ox.NamedNode(f"https://sws.geonames.org/{geonames_id}/")


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INT)


def _decimal(value: float) -> ox.Literal:
    text = f"{value:.6f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return ox.Literal(text, datatype=XSD_DEC)


def _date_literal(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=XSD_DATETIME if "T" in value else XSD_DATE)


def _mention(article: ox.NamedNode, span: Span) -> tuple[ox.NamedNode, list[Triple]]:
    node = ox.NamedNode(f"{article.value}/mention/{span.start}-{span.end}")
    return node, [
        (node, TYPE, P["Mention"]),
        (node, P["inArticle"], article),
        (node, P["begin"], _int(span.start)),
        (node, P["end"], _int(span.end)),
        (node, P["anchor"], ox.Literal(span.text)),
        (node, P["sentenceIndex"], _int(span.sentence)),
    ]


def article_quads(
    extraction: Extraction,
    iri_of: Mapping[str, str],
    *,
    base: str,
    content_hash: str,
    extractor: str,
) -> Iterator[ox.Quad]:
    """The article's own graph: article node, mentions, denotedBy links and events.

    ``iri_of`` maps the extraction's entity keys to resolved entity IRIs.
    """
    art = extraction.article
    a = ox.NamedNode(article_iri(base, art.id))
    triples: list[Triple] = [
        (a, TYPE, P["Article"]),
        (a, P["identifier"], ox.Literal(art.id)),
        (a, P["text"], ox.Literal(art.text)),
        (a, P["contentHash"], ox.Literal(content_hash)),
        (a, P["extractor"], ox.Literal(extractor)),
    ]
    if art.title:
        triples.append((a, P["headline"], ox.Literal(art.title)))
    if art.published:
        triples.append((a, P["datePublished"], _date_literal(art.published)))
    if art.url:
        triples.append((a, P["url"], ox.Literal(art.url, datatype=XSD_ANYURI)))
    if art.source:
        triples.append((a, P["publisher"], ox.Literal(art.source)))
    seen_mentions: set[str] = set()
    for ref in extraction.entities:
        entity = ox.NamedNode(iri_of[ref.key])
        for span in ref.mentions:
            node, mention_triples = _mention(a, span)
            if node.value not in seen_mentions:
                seen_mentions.add(node.value)
                triples.extend(mention_triples)
            triples.append((entity, P["denotedBy"], node))
    for event in extraction.events:
        e = ox.NamedNode(f"{a.value}/event/{event.span.sentence}-{event.span.start}")
        triples += [
            (e, TYPE, P["Event"]),
            (e, TYPE, P["SemEvent"]),
            (e, P["inArticle"], a),
            (e, P["sentence"], ox.Literal(event.sentence_text)),
            (e, P["trigger"], ox.Literal(event.trigger)),
            (e, P["cameoCode"], ox.Literal(event.cameo)),
            (e, P["eventType"], _n(CAMEO[event.root])),
        ]
        plover_type = plover(event.cameo)
        if plover_type:  # at the sub-code level: root 08 splits into CONCEDE and RETREAT
            triples.append((e, P["ploverType"], _n(PLOVER[plover_type])))
        node, mention_triples = _mention(a, event.span)
        if node.value not in seen_mentions:
            seen_mentions.add(node.value)
            triples.extend(mention_triples)
        triples.append((e, P["denotedBy"], node))
        for key in event.agents:
            triples.append((e, P["agent"], ox.NamedNode(iri_of[key])))
        for key in event.targets:
            triples.append((e, P["target"], ox.NamedNode(iri_of[key])))
        for key in event.places:
            triples.append((e, P["hasPlace"], ox.NamedNode(iri_of[key])))
        if event.date:
            triples.append((e, P["hasTimeStamp"], ox.Literal(event.date, datatype=XSD_DATE)))
        if event.negated:
            triples.append((e, P["negated"], ox.Literal("true", datatype=XSD_BOOL)))
    seen: set[Triple] = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield ox.Quad(t[0], t[1], t[2], a)


def entity_triples(
    ref: EntityRef,
    iri: str,
    iri_of: Callable[[str], str],
    country_iri: Callable[[str], str],
) -> Iterator[Triple]:
    """Facts about one entity for the shared entities graph (label excluded: the resolver
    decides whether this name is the label or an altLabel)."""
    node = ox.NamedNode(iri)
    for t in KIND_TYPES[ref.kind]:
        yield node, TYPE, t
    if ref.country_code and ref.kind != "place":
        yield node, P["countryCode"], ox.Literal(ref.country_code)
    if ref.geonames_id:
        yield node, SAME_AS, geonames_iri(ref.geonames_id)
    if ref.lat is not None and ref.lon is not None:
        yield node, P["lat"], _decimal(ref.lat)
        yield node, P["long"], _decimal(ref.lon)
    if ref.kind == "place" and ref.located_in:
        yield node, P["locatedIn"], ox.NamedNode(country_iri(ref.located_in))
    for role in sorted(ref.roles):
        yield node, P["role"], ox.Literal(role)
    for key in sorted(ref.affiliations):
        yield node, P["affiliatedWith"], ox.NamedNode(iri_of(key))

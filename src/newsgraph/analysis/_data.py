"""Read what the projections need from the store with a few SPARQL SELECTs.

Why this shape: each query returns one row per *fact* (an event, one participant link, one
entity property, one mention), never the cross product of several OPTIONAL multi-valued
properties, so the row count stays linear in the store size and the Python side only
joins dictionaries. Nothing else of the store (mention offsets, ontology, texts) is read
unless a view needs it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES
from ..store import GraphStore

__all__ = [
    "ACTOR_KINDS",
    "ENTITY_KINDS",
    "Article",
    "Entity",
    "Event",
    "Mention",
    "Snapshot",
    "EVENT_PARTS",
    "load_snapshot",
    "load_mentions",
    "load_texts",
    "select",
]

#: Entity kinds that act (nodes of the actors and comentions views).
ACTOR_KINDS = frozenset({"person", "organization", "group", "country"})
#: Every entity kind (events and articles are the other node kinds of the full view).
ENTITY_KINDS = ACTOR_KINDS | {"place"}

_NG = PREFIXES["ng"]
_SEM = PREFIXES["sem"]
# The most specific class wins: a country is also an ng:Place and an ng:Actor.
_KIND_OF_TYPE = {
    f"{_NG}Country": ("country", 0),
    f"{_NG}Person": ("person", 1),
    f"{_NG}Organization": ("organization", 2),
    f"{_NG}Group": ("group", 3),
    f"{_NG}Place": ("place", 4),
}


@dataclass(slots=True)
class Event:
    """One ng:Event with its participants; ``date`` is its time stamp, else the article's."""

    iri: str
    article: str
    date: str = ""
    root: str = ""
    cameo: str = ""
    quad: int = 0
    goldstein: float | None = None
    sentence: str = ""
    trigger: str = ""
    negated: bool = False
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """One actor or place of the entities graph, with its corpus-wide mention counts."""

    iri: str
    kind: str
    rank: int = 9
    label: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    roles: list[str] = field(default_factory=list)
    located_in: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    mentions: int = 0
    articles: int = 0


@dataclass(slots=True)
class Article:
    iri: str
    date: str = ""
    label: str = ""


@dataclass(slots=True)
class Mention:
    """A mention of an entity or event: where it is, for sentence-level co-occurrence."""

    subject: str
    article: str
    sentence: int
    begin: int
    end: int


@dataclass
class Snapshot:
    """Events, entities and articles of the store, keyed by IRI."""

    events: dict[str, Event]
    entities: dict[str, Entity]
    articles: dict[str, Article]


def select(
    store: GraphStore, query: str, bindings: dict[str, ox.NamedNode] | None = None
) -> Iterator[tuple[str | None, ...]]:
    """Run a SELECT over the union of all graphs; yield each row as plain strings.

    ``bindings`` put IRIs in place of placeholders written ``{{name}}``: an
    ``ox.NamedNode`` prints as a valid ``<IRI>`` (it cannot hold ``>`` or spaces), so no
    text reaches the query unchecked. (pyoxigraph's ``substitutions`` would do, but only
    for variables the query returns, and each returned IRI costs a dictionary lookup.)
    """
    for name, node in (bindings or {}).items():
        query = query.replace(f"{{{{{name}}}}}", str(ox.NamedNode(node.value)))
    result = store.ox.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    width = len(result.variables)
    for solution in result:
        row = []
        for i in range(width):
            term = solution[i]
            row.append(None if term is None else term.value)
        yield tuple(row)


_CONCEPTS = """
SELECT ?concept ?notation ?quad ?goldstein WHERE {
  ?concept ng:quadClass ?quad .
  OPTIONAL { ?concept skos:notation ?notation }
  OPTIONAL { ?concept ng:goldstein ?goldstein }
}"""

# Why so many small queries: reading a disk store costs about 4 µs per long string a
# result row carries (RocksDB dictionary lookups), so each query returns as few string
# columns as it can: events per CAMEO concept without the concept's IRI, one property
# per query without the property's IRI. That halved the projection time on 500k events
# against one ``VALUES ?p`` query (and a chain of OPTIONALs was slower still).
_EVENT_TYPES = "SELECT DISTINCT ?type WHERE { ?event ng:eventType ?type }"

_EVENTS_OF_TYPE = """
SELECT ?event ?article WHERE { ?event ng:eventType {{type}} ; ng:inArticle ?article . }"""

_EVENT_COUNT = "SELECT (COUNT(?event) AS ?n) WHERE { ?event a ng:Event }"

_UNTYPED_EVENTS = """
SELECT ?event ?article WHERE {
  ?event a ng:Event ; ng:inArticle ?article .
  FILTER NOT EXISTS { ?event ng:eventType ?type }
}"""

_EVENT_PROPERTY = "SELECT ?event ?value WHERE { ?event {{property}} ?value }"

_NEGATED = "SELECT ?event WHERE { ?event ng:negated true }"

#: Event properties each snapshot part needs (``load_snapshot(parts=...)``).
EVENT_PARTS = {
    "agent": "agents",
    "target": "targets",
    "place": "places",
    "trigger": "trigger",
}

_ARTICLES = """
SELECT ?article ?published ?headline ?id WHERE {
  ?article a ng:Article .
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:identifier ?id }
}"""

_ENTITY_FACTS = """
SELECT ?e ?p ?o WHERE {
  VALUES ?p { rdf:type rdfs:label ng:countryCode geo:lat geo:long ng:role ng:locatedIn
              ng:affiliatedWith }
  ?e ?p ?o .
  FILTER(?p != rdf:type || ?o IN (ng:Country, ng:Person, ng:Organization, ng:Group, ng:Place))
}"""

_MENTION_COUNTS = """
SELECT ?e (COUNT(?m) AS ?mentions) (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?e gaf:denotedBy ?m . ?m ng:inArticle ?article .
} GROUP BY ?e"""

_MENTIONS = """
SELECT ?e ?article ?sentence ?begin ?end WHERE {
  ?e gaf:denotedBy ?m .
  ?m ng:inArticle ?article ; ng:sentenceIndex ?sentence .
  OPTIONAL { ?m nif:beginIndex ?begin }
  OPTIONAL { ?m nif:endIndex ?end }
}"""


@functools.lru_cache(maxsize=64)
def _fallback_root(root: str) -> tuple[int, float | None]:
    """QuadClass and Goldstein from the packaged CAMEO table when the ontology is absent."""
    from ..extract.lexicon import CAMEO_ROOTS

    info = CAMEO_ROOTS.get(root)
    return (info.quad_class, info.goldstein) if info else (0, None)


def _load_concepts(store: GraphStore) -> dict[str, tuple[str, int, float | None]]:
    concepts: dict[str, tuple[str, int, float | None]] = {}
    for concept, notation, quad, goldstein in select(store, _CONCEPTS):
        root = notation or concept.rsplit("/", 1)[-1]
        concepts[concept] = (root, int(quad), float(goldstein) if goldstein else None)
    return concepts


def _load_articles(store: GraphStore) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    for iri, published, headline, ident in select(store, _ARTICLES):
        if iri not in articles:
            articles[iri] = Article(iri, (published or "")[:10], headline or ident or iri)
    return articles


def _load_events(
    store: GraphStore, articles: dict[str, Article], concepts: dict, parts: frozenset[str]
) -> dict[str, Event]:
    events: dict[str, Event] = {}

    def add(iri: str, article: str, root: str, quad: int, goldstein: float | None) -> None:
        if iri not in events:  # an event in two articles would break the contract: keep one
            published = articles[article].date if article in articles else ""
            events[iri] = Event(iri, article, published, root, "", quad, goldstein)

    for (type_iri,) in select(store, _EVENT_TYPES):
        if type_iri in concepts:
            root, quad, goldstein = concepts[type_iri]
        else:
            root = type_iri.rsplit("/", 1)[-1]
            quad, goldstein = _fallback_root(root)
        bound = {"type": ox.NamedNode(type_iri)}
        for iri, article in select(store, _EVENTS_OF_TYPE, bound):
            add(iri, article, root, quad, goldstein)
    ((total,),) = select(store, _EVENT_COUNT)
    if int(total or 0) > len(events):  # FILTER NOT EXISTS costs 20 s on 500k events: only if needed
        for iri, article in select(store, _UNTYPED_EVENTS):
            add(iri, article, "", 0, None)

    def values(prop: str) -> Iterator[tuple[Event, str]]:
        bound = {"property": ox.NamedNode(prop)}
        for iri, value in select(store, _EVENT_PROPERTY, bound):
            event = events.get(iri)
            if event is not None:
                yield event, value

    for event, value in values(f"{_SEM}hasTimeStamp"):
        event.date = value[:10]
    for event, value in values(f"{_NG}cameoCode"):
        event.cameo = value
    for event, value in values(f"{_NG}sentence"):
        event.sentence = value
    if "trigger" in parts:
        for event, value in values(f"{_NG}trigger"):
            event.trigger = value
    for (iri,) in select(store, _NEGATED):
        if iri in events:
            events[iri].negated = True
    for part, prop in (
        ("agent", f"{_NG}agent"),
        ("target", f"{_NG}target"),
        ("place", f"{_SEM}hasPlace"),
    ):
        if part in parts:
            slot = EVENT_PARTS[part]
            for event, value in values(prop):
                getattr(event, slot).append(value)
    for event in events.values():
        event.cameo = event.cameo or event.root
        event.agents.sort()
        event.targets.sort()
        event.places.sort()
    return events


def _load_entities(store: GraphStore) -> dict[str, Entity]:
    facts = list(select(store, _ENTITY_FACTS))
    entities: dict[str, Entity] = {}
    rdf_type = PREFIXES["rdf"] + "type"
    for subject, prop, obj in facts:
        if prop == rdf_type:
            kind, rank = _KIND_OF_TYPE[obj]
            entity = entities.setdefault(subject, Entity(subject, kind, rank))
            if rank < entity.rank:
                entity.kind, entity.rank = kind, rank
    for subject, prop, obj in facts:
        entity = entities.get(subject)
        if entity is None or prop == rdf_type:
            continue
        name = prop.rsplit("#", 1)[-1]
        if name == "label" and not entity.label:
            entity.label = obj
        elif name == "countryCode":
            entity.country = obj
        elif name == "lat":
            entity.lat = float(obj)
        elif name == "long":
            entity.lon = float(obj)
        elif name == "role":
            entity.roles.append(obj)
        elif name == "locatedIn":
            entity.located_in.append(obj)
        elif name == "affiliatedWith":
            entity.affiliations.append(obj)
    for subject, mentions, articles in select(store, _MENTION_COUNTS):
        entity = entities.get(subject)
        if entity is not None:
            entity.mentions, entity.articles = int(mentions), int(articles)
    for entity in entities.values():
        entity.label = entity.label or entity.iri.rsplit("/", 1)[-1]
        entity.roles.sort()
        entity.located_in.sort()
        entity.affiliations.sort()
    return entities


def load_snapshot(
    store: GraphStore, parts: Iterable[str] = ("agent", "target", "place", "trigger")
) -> Snapshot:
    """Events, entities and articles: what every view starts from.

    ``parts`` names the event links to read (keys of :data:`EVENT_PARTS`); a view that
    does not draw places or trigger words skips their queries.
    """
    articles = _load_articles(store)
    events = _load_events(store, articles, _load_concepts(store), frozenset(parts))
    return Snapshot(events, _load_entities(store), articles)


def load_mentions(store: GraphStore) -> Iterator[Mention]:
    """Every mention of an entity or event with its article and sentence number."""
    for subject, article, sentence, begin, end in select(store, _MENTIONS):
        yield Mention(subject, article, int(sentence), int(begin or -1), int(end or -1))


def load_texts(store: GraphStore, articles: Iterable[str]) -> dict[str, str]:
    """``ng:text`` of the given articles only (texts are the bulk of a store)."""
    texts: dict[str, str] = {}
    for article in sorted(set(articles)):
        node = ox.NamedNode(article)
        for quad in store.ox.quads_for_pattern(node, ox.NamedNode(f"{_NG}text"), None, None):
            texts[article] = quad.object.value
            break
    return texts

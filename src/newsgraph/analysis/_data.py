"""Read what the projections need from the store with a few SPARQL SELECTs.

Why this shape: each query returns one row per *fact* (an event, one participant link, one
entity property, one mention), never the cross product of several OPTIONAL multi-valued
properties, so the row count stays linear in the store size and the Python side only
joins dictionaries. Nothing else of the store (mention offsets, ontology, texts) is read
unless a view needs it.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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

# Why these queries: reading a disk store costs a few microseconds per IRI or long
# literal a result row returns (RocksDB dictionary lookups), and far more per row a
# SPARQL join looks up by index. So events come from one hash join (type ⋈ article, the
# subqueries make Oxigraph hash instead of probing the index once per event), every other
# event property from its own scan, one row per fact, joined in Python; and all of them
# run through ``_Reader``: serialised to CSV inside Rust (which releases the GIL) on two
# threads, parsed by the csv module. On 500k events that read 3× faster (82 s to 24-27 s
# wall) than one pyoxigraph solution at a time from a query per CAMEO type and property.
_EVENTS = """
SELECT ?event ?type ?article WHERE {
  { SELECT ?event ?type WHERE { ?event ng:eventType ?type } }
  { SELECT ?event ?article WHERE { ?event ng:inArticle ?article } }
}"""

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


class _Reader:
    """Runs SELECTs on two threads; each result comes back as CSV rows of plain strings.

    Why CSV: pyoxigraph serialises a whole result inside Rust with the GIL released, so
    two queries run at once while this thread parses a third with the C csv module,
    instead of building a Python object per term. A CSV row holds exactly what
    ``term.value`` gives (unbound: ``""``), except blank nodes, written ``_:id``: the
    columns named in ``nodes`` get the prefix stripped again.
    """

    def __init__(self, store: GraphStore, workers: int = 2) -> None:
        self._store = store
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsgraph-read")
        self._jobs: dict[str, tuple[Future[bytes], tuple[int, ...]]] = {}

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(
        self,
        key: str,
        query: str,
        bindings: dict[str, ox.NamedNode] | None = None,
        nodes: tuple[int, ...] = (0,),
    ) -> None:
        """Start ``query`` (see :func:`select` for ``bindings``); ``nodes``: IRI columns."""
        for name, node in (bindings or {}).items():
            query = query.replace(f"{{{{{name}}}}}", str(ox.NamedNode(node.value)))
        self._jobs[key] = (self._pool.submit(self._run, query), nodes)

    def _run(self, query: str) -> bytes:
        result = self._store.ox.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        return result.serialize(format=ox.QueryResultsFormat.CSV)

    def rows(self, key: str) -> Iterator[list[str]]:
        """The rows of the query submitted as ``key`` (waits for it), header left out."""
        future, nodes = self._jobs.pop(key)
        data = future.result()
        blank = b"_:" in data
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        del data
        next(reader, None)
        if not blank:
            return reader
        return (_unblank(row, nodes) for row in reader)


def _unblank(row: list[str], nodes: tuple[int, ...]) -> list[str]:
    for i in nodes:
        if row[i].startswith("_:"):
            row[i] = row[i][2:]
    return row


def _load_concepts(rows: Iterable[list[str]]) -> dict[str, tuple[str, int, float | None]]:
    concepts: dict[str, tuple[str, int, float | None]] = {}
    for concept, notation, quad, goldstein in rows:
        root = notation or concept.rsplit("/", 1)[-1]
        concepts[concept] = (root, int(quad), float(goldstein) if goldstein else None)
    return concepts


def _load_articles(rows: Iterable[list[str]]) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    for iri, published, headline, ident in rows:
        if iri not in articles:
            articles[iri] = Article(iri, (published or "")[:10], headline or ident or iri)
    return articles


#: Event properties read by their own scan: (reader key, property IRI).
_SCALARS = (
    ("date", f"{_SEM}hasTimeStamp"),
    ("cameo", f"{_NG}cameoCode"),
    ("sentence", f"{_NG}sentence"),
    ("trigger", f"{_NG}trigger"),
)
_LINKS = (("agent", f"{_NG}agent"), ("target", f"{_NG}target"), ("place", f"{_SEM}hasPlace"))


def _submit_events(reader: _Reader, parts: frozenset[str]) -> None:
    reader.submit("event_count", _EVENT_COUNT, nodes=())
    for key, prop in _SCALARS:
        if key != "trigger" or "trigger" in parts:
            reader.submit(key, _EVENT_PROPERTY, {"property": ox.NamedNode(prop)})
    reader.submit("negated", _NEGATED)
    for part, prop in _LINKS:
        if part in parts:
            reader.submit(part, _EVENT_PROPERTY, {"property": ox.NamedNode(prop)}, (0, 1))


def _load_events(
    store: GraphStore,
    reader: _Reader,
    articles: dict[str, Article],
    concepts: dict,
    parts: frozenset[str],
) -> dict[str, Event]:
    events: dict[str, Event] = {}
    roots: dict[str, tuple[str, int, float | None]] = {}

    def root_of(type_iri: str) -> tuple[str, int, float | None]:
        if type_iri in concepts:
            return concepts[type_iri]
        root = type_iri.rsplit("/", 1)[-1]
        return (root, *_fallback_root(root))

    for iri, type_iri, article in reader.rows("events"):
        if iri in events:  # an event in two articles would break the contract: keep one
            continue
        info = roots.get(type_iri)
        if info is None:
            info = roots[type_iri] = root_of(type_iri)
        known = articles.get(article)
        events[iri] = Event(iri, article, known.date if known else "", *info[:1], "", *info[1:])
    ((total,),) = reader.rows("event_count")
    if int(total or 0) > len(events):  # FILTER NOT EXISTS costs 20 s on 500k events: only if needed
        for iri, article in select(store, _UNTYPED_EVENTS):
            if iri not in events:
                known = articles.get(article)
                events[iri] = Event(iri, article, known.date if known else "", "", "", 0, None)

    get = events.get
    for key, _ in _SCALARS:
        if key == "trigger" and "trigger" not in parts:
            continue
        for iri, value in reader.rows(key):
            event = get(iri)
            if event is not None:
                if key == "date":
                    event.date = value[:10]
                elif key == "cameo":
                    event.cameo = value
                elif key == "sentence":
                    event.sentence = value
                else:
                    event.trigger = value
    for (iri,) in reader.rows("negated"):
        if iri in events:
            events[iri].negated = True
    for part, _ in _LINKS:
        if part in parts:
            slot = EVENT_PARTS[part]
            for iri, value in reader.rows(part):
                event = get(iri)
                if event is not None:
                    getattr(event, slot).append(value)
    for event in events.values():
        event.cameo = event.cameo or event.root
        if len(event.agents) > 1:
            event.agents.sort()
        if len(event.targets) > 1:
            event.targets.sort()
        if len(event.places) > 1:
            event.places.sort()
    return events


def _load_entities(facts: Iterable[list[str]], counts: Iterable[list[str]]) -> dict[str, Entity]:
    facts = list(facts)
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
    for subject, mentions, articles in counts:
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
    wanted = frozenset(parts)
    with _Reader(store) as reader:
        # The events join is the longest query: it starts first, the rest share the other
        # thread, and this one parses results in the order it needs them.
        reader.submit("events", _EVENTS, nodes=(0, 1, 2))
        reader.submit("concepts", _CONCEPTS)
        reader.submit("articles", _ARTICLES)
        _submit_events(reader, wanted)
        reader.submit("entity_facts", _ENTITY_FACTS, nodes=(0, 1, 2))
        reader.submit("mention_counts", _MENTION_COUNTS)
        concepts = _load_concepts(reader.rows("concepts"))
        articles = _load_articles(reader.rows("articles"))
        events = _load_events(store, reader, articles, concepts, wanted)
        entities = _load_entities(reader.rows("entity_facts"), reader.rows("mention_counts"))
    return Snapshot(events, entities, articles)


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

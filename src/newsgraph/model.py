"""Plain data passed between the pipeline stages (no spaCy, no RDF here).

``Article`` comes out of :mod:`newsgraph.sources`; ``Extraction`` out of
:mod:`newsgraph.extract`. Both are plain dataclasses so they pickle cheaply between
worker processes and can be built by hand in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Article",
    "SourceProblem",
    "Span",
    "EntityRef",
    "Event",
    "Extraction",
    "ENTITY_KINDS",
]


@dataclass
class Article:
    """One news story as read from an input.

    ``text`` is the body without the title: the exact string mention offsets index into.
    ``origin`` says where it came from ("stories/a.txt", "feed.jsonl:12", "stdin") so
    messages can name it. ``published_from`` records how ``published`` was found
    ("metadata", "option", "dateline") so the build summary can say so.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    origin: str = ""
    published_from: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class SourceProblem:
    """An input that produced no article.

    ``skipped`` is True for inputs left out on purpose (e.g. non-English), which are
    reported but are not failures (exit code 0); False for real failures (exit code 3).
    """

    origin: str
    message: str
    skipped: bool = False


#: Entity kinds an extraction may produce; they map to ontology classes in rdf.mapping.
ENTITY_KINDS = ("person", "organization", "group", "place", "country")


@dataclass
class Span:
    """A stretch of ng:text: code-point offsets [start, end) and its sentence number."""

    start: int
    end: int
    text: str
    sentence: int


@dataclass
class EntityRef:
    """One entity as seen in one article, with all its mentions there.

    ``key`` is the in-article key the extractor merged mentions under (e.g. the full
    name); the resolver maps it to a corpus-level canonical key. ``label`` is the best
    name seen in the article; ``aliases`` every other surface form. Linked data the
    extractor knows (GeoNames id, ISO code, coordinates, containing country, role,
    affiliation) travels along for the resolver and the RDF mapping.
    """

    key: str
    kind: str
    label: str
    mentions: list[Span] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    country_code: str | None = None  # ISO alpha-3, for countries and actors of a country
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    located_in: str | None = None  # ISO alpha-3 of the containing country
    roles: set[str] = field(default_factory=set)
    affiliations: set[str] = field(default_factory=set)  # keys of other EntityRefs


@dataclass
class Event:
    """Something that happened, reported in one sentence.

    ``agents``/``targets``/``places`` hold EntityRef keys of the same Extraction.
    """

    trigger: str  # lemma of the event word
    cameo: str  # most specific CAMEO code found, e.g. "195"
    span: Span  # the trigger word
    sentence_text: str
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: str | None = None  # ISO date
    negated: bool = False

    @property
    def root(self) -> str:
        """The two-digit CAMEO root ("19")."""
        return self.cameo[:2]


@dataclass
class Extraction:
    """Everything extracted from one article: a pure function of article, model, lexicons."""

    article: Article
    entities: list[EntityRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sentences: int = 0
    words: int = 0

"""The scoring arithmetic of ``newsgraph evaluate``: pure functions over plain values.

Nothing here reads files, runs spaCy or touches a store, so every number can be checked
by hand in a unit test. The rules are those of ``../shared/eval/README.md`` (the way the
held-back gold halves are scored), restated in ``docs/quality.md``:

- entities: exact character spans; micro and per-type precision, recall and F1 over
  PER, ORG and LOC. A predicted MISC span (an ``ng:Group``) is not scored; a predicted
  PER/ORG/LOC span that overlaps a gold MISC span is set aside (neither right nor wrong).
- events: one gold record is one article. Events of CAMEO root 01 are set aside; a record
  is a hit when one of its events has a root that maps to the gold PLOVER type; every
  other event is a false positive. Source, target and location are judged on hits only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "SCORED_TYPES",
    "STATEMENT_ROOT",
    "GOLD_TYPES_BY_ROOT",
    "STOP_WORDS",
    "LabelledSpan",
    "Counts",
    "Accuracy",
    "EntityTally",
    "SpanError",
    "score_entities",
    "entity_errors",
    "GoldActor",
    "GoldRecord",
    "GraphActor",
    "PredictedEvent",
    "RecordResult",
    "EventTally",
    "words",
    "shares_word",
    "root_matches",
    "actor_matches",
    "score_events",
    "EntityScores",
    "EventScores",
]

#: Entity types that are scored; any other gold label (MISC) only sets predictions aside.
SCORED_TYPES = ("PER", "ORG", "LOC")

#: CAMEO root 01 (make public statement): PLOVER does not code it, so it is set aside.
STATEMENT_ROOT = "01"

#: Which gold PLOVER types a CAMEO root counts for. This is ``cameo-roots.tsv``'s plover
#: column read with the gold set's older names (eval README): it says DEMAND where PLOVER
#: 2021 says REQUEST, INVESTIGATE and DISAPPROVE where 2021 says ACCUSE, and keeps FIGHT
#: (19) apart from ASSAULT (18). Written out here rather than read from the package's data
#: tables so that improving the extractor's tables can never move the yardstick.
GOLD_TYPES_BY_ROOT: Mapping[str, frozenset[str]] = {
    "02": frozenset({"DEMAND"}),
    "03": frozenset({"AGREE"}),
    "04": frozenset({"CONSULT"}),
    "05": frozenset({"SUPPORT"}),
    "06": frozenset({"COOPERATE"}),
    "07": frozenset({"AID"}),
    "08": frozenset({"CONCEDE", "RETREAT"}),
    "09": frozenset({"INVESTIGATE"}),
    "10": frozenset({"DEMAND"}),
    "11": frozenset({"DISAPPROVE"}),
    "12": frozenset({"REJECT"}),
    "13": frozenset({"THREATEN"}),
    "14": frozenset({"PROTEST"}),
    "15": frozenset({"MOBILIZE"}),
    "16": frozenset({"SANCTION"}),
    "17": frozenset({"COERCE"}),
    "18": frozenset({"ASSAULT"}),
    "19": frozenset({"FIGHT"}),
    "20": frozenset({"ASSAULT", "FIGHT"}),
}

#: Words that say nothing about who an actor is; "the" or "of" must not make
#: "the United Nations" match "the Government of Iraq". One-letter words are dropped too.
STOP_WORDS = frozenset(
    "a an and the of in on at to for by with from as or its their his her al el".split()
)

_WORD = re.compile(r"\w+")


# -- shared counters --------------------------------------------------------------------
@dataclass
class Counts:
    """True/false positives and false negatives, with P/R/F1 (0.0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Accuracy:
    """How many of the scored cases were right (0.0 when none was scored)."""

    right: int = 0
    scored: int = 0

    @property
    def value(self) -> float:
        return self.right / self.scored if self.scored else 0.0

    def add(self, verdict: bool | None) -> None:
        """Count one verdict; ``None`` means the case is not scored."""
        if verdict is None:
            return
        self.scored += 1
        self.right += int(verdict)

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": self.value, "right": self.right, "scored": self.scored}


# -- entities ---------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class LabelledSpan:
    """A typed stretch ``[start, end)`` of one document's text (gold or predicted)."""

    doc: str
    start: int
    end: int
    label: str

    def overlaps(self, other: LabelledSpan) -> bool:
        return self.doc == other.doc and self.start < other.end and other.start < self.end

    def same_span(self, other: LabelledSpan) -> bool:
        return (self.doc, self.start, self.end) == (other.doc, other.start, other.end)


@dataclass
class EntityTally:
    """Entity scores plus the spans behind them (the error listing reads those)."""

    by_type: dict[str, Counts]
    micro: Counts
    true_positives: list[LabelledSpan] = field(default_factory=list)
    false_positives: list[LabelledSpan] = field(default_factory=list)
    false_negatives: list[LabelledSpan] = field(default_factory=list)
    set_aside: list[LabelledSpan] = field(default_factory=list)
    unscored: list[LabelledSpan] = field(default_factory=list)
    gold_unscored: int = 0


def _by_doc(spans: Iterable[LabelledSpan]) -> dict[str, list[LabelledSpan]]:
    out: dict[str, list[LabelledSpan]] = {}
    for s in spans:
        out.setdefault(s.doc, []).append(s)
    return out


def score_entities(gold: Iterable[LabelledSpan], predicted: Iterable[LabelledSpan]) -> EntityTally:
    """Exact-span scores over PER/ORG/LOC.

    Predictions with another label (MISC) go to ``unscored``; scored predictions that
    overlap a gold span of another label (MISC) go to ``set_aside``. A prediction with
    the right span but the wrong label is a false positive of its label and leaves the
    gold span a false negative of its own. Duplicates count once (sets of spans).

    >>> g = [LabelledSpan("d", 0, 5, "PER"), LabelledSpan("d", 10, 14, "MISC")]
    >>> p = [LabelledSpan("d", 0, 5, "PER"), LabelledSpan("d", 10, 12, "LOC")]
    >>> t = score_entities(g, p)
    >>> (t.micro.tp, t.micro.fp, t.micro.fn, len(t.set_aside))
    (1, 0, 0, 1)
    """
    gold_set = set(gold)
    scored_gold = {g for g in gold_set if g.label in SCORED_TYPES}
    other_gold = _by_doc(g for g in gold_set if g.label not in SCORED_TYPES)
    tally = EntityTally(by_type={t: Counts() for t in SCORED_TYPES}, micro=Counts())
    tally.gold_unscored = sum(len(v) for v in other_gold.values())
    kept: set[LabelledSpan] = set()
    for p in sorted(set(predicted)):
        if p.label not in SCORED_TYPES:
            tally.unscored.append(p)
        elif any(p.overlaps(g) for g in other_gold.get(p.doc, ())):
            tally.set_aside.append(p)
        else:
            kept.add(p)
    for p in sorted(kept):
        bucket = tally.true_positives if p in scored_gold else tally.false_positives
        bucket.append(p)
    tally.false_negatives = sorted(scored_gold - kept)
    for spans, attr in (
        (tally.true_positives, "tp"),
        (tally.false_positives, "fp"),
        (tally.false_negatives, "fn"),
    ):
        for s in spans:
            counts = tally.by_type[s.label]
            setattr(counts, attr, getattr(counts, attr) + 1)
            setattr(tally.micro, attr, getattr(tally.micro, attr) + 1)
    return tally


@dataclass(frozen=True)
class SpanError:
    """One entity error, for the ``--errors`` listing.

    ``kind``: ``missed`` (a gold span no prediction touches), ``spurious`` (a prediction
    touching no gold span), ``type`` (right span, wrong label; one FP and one FN) or
    ``boundary`` (a prediction overlapping a gold span without matching it exactly).
    """

    kind: str
    gold: LabelledSpan | None
    predicted: LabelledSpan | None


def entity_errors(tally: EntityTally) -> list[SpanError]:
    """Classify every false negative and false positive of ``tally`` once.

    A wrong-label prediction and its gold span make one ``type`` error, not two; every
    other false positive is a ``boundary`` error when it overlaps a scored gold span,
    else ``spurious``; a false negative no prediction overlaps is ``missed``.
    """
    predicted = _by_doc(tally.true_positives + tally.false_positives)
    gold = _by_doc(tally.true_positives + tally.false_negatives)
    errors: list[SpanError] = []
    for g in tally.false_negatives:
        near = [p for p in predicted.get(g.doc, ()) if p.overlaps(g)]
        exact = [p for p in near if p.same_span(g)]
        if exact:
            errors.append(SpanError("type", g, exact[0]))
        elif not near:
            errors.append(SpanError("missed", g, None))
    for p in tally.false_positives:
        near = [g for g in gold.get(p.doc, ()) if g.overlaps(p)]
        if any(g.same_span(p) for g in near):
            continue  # reported above as a type error
        if near:
            errors.append(SpanError("boundary", near[0], p))
        else:
            errors.append(SpanError("spurious", None, p))
    return errors


# -- events -----------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldActor:
    """One gold source or target: its text and its CAMEO-style code (``USA``, ``IGO``)."""

    text: str
    code: str | None = None


@dataclass(frozen=True)
class GoldRecord:
    """One PLOVER gold record, made regular (see :mod:`newsgraph.evaluate.plover`).

    ``key`` is the article id it is built under; ``targets`` is empty when the record
    has no usable gold target (then targets are not scored); ``location`` is the
    ``eventLoc`` name or None.
    """

    key: str
    id: str
    text: str
    event: str
    date: str | None = None
    sources: tuple[GoldActor, ...] = ()
    targets: tuple[GoldActor, ...] = ()
    location: str | None = None


@dataclass(frozen=True)
class GraphActor:
    """An actor or place an event points to: its rdfs:label and skos:altLabels, and its
    ng:countryCode values."""

    labels: tuple[str, ...]
    codes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.labels[0] if self.labels else "?"


@dataclass(frozen=True)
class PredictedEvent:
    """One ng:Event of the graph: its CAMEO roots (none when it has no ng:eventType)
    and the actors and places it points to."""

    roots: tuple[str, ...]
    cameo: str | None = None
    trigger: str | None = None
    agents: tuple[GraphActor, ...] = ()
    targets: tuple[GraphActor, ...] = ()
    places: tuple[GraphActor, ...] = ()

    @property
    def is_statement(self) -> bool:
        return bool(self.roots) and all(r == STATEMENT_ROOT for r in self.roots)


def words(text: str) -> set[str]:
    """Lower-cased words of ``text`` without stop words and one-letter words.

    >>> sorted(words("The Government of Greek-Cypriot"))
    ['cypriot', 'government', 'greek']
    """
    return {w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS}


def shares_word(names: Iterable[str], text: str) -> bool:
    """True when one of ``names`` has a (non-stop) word in common with ``text``."""
    wanted = words(text)
    return bool(wanted) and any(words(n) & wanted for n in names)


def root_matches(roots: Sequence[str], gold_type: str) -> bool:
    """True when one of the CAMEO ``roots`` counts for the gold PLOVER type."""
    return any(gold_type in GOLD_TYPES_BY_ROOT.get(r, ()) for r in roots)


def actor_matches(actor: GraphActor, gold: Sequence[GoldActor]) -> bool:
    """The eval README's actor rule: a shared word with a gold ``actorText`` (through a
    label or alt label), or the gold code's first three letters as a country code."""
    codes = {c.upper() for c in actor.codes}
    for g in gold:
        if shares_word(actor.labels, g.text):
            return True
        if g.code and len(g.code) >= 3 and g.code[:3].upper() in codes:
            return True
    return False


@dataclass
class RecordResult:
    """How one gold record fared: its events split into matching, false positives and
    set-aside statements, and the verdicts on source, target and location (``None``
    when not scored)."""

    record: GoldRecord
    events: list[PredictedEvent]
    matching: list[PredictedEvent] = field(default_factory=list)
    false_positives: list[PredictedEvent] = field(default_factory=list)
    set_aside: int = 0
    source: bool | None = None
    target: bool | None = None
    location: bool | None = None

    @property
    def hit(self) -> bool:
        return bool(self.matching)


@dataclass
class EventTally:
    """Event scores: type P/R/F1 (TP = hit records, FN = records without a hit, FP =
    non-matching events), accuracies on hits, and per-record results."""

    types: Counts
    source: Accuracy
    target: Accuracy
    location: Accuracy
    set_aside: int
    by_gold_type: dict[str, Counts]
    false_positive_roots: dict[str, int]
    results: list[RecordResult]


def _judge(record: GoldRecord, events: Sequence[PredictedEvent]) -> RecordResult:
    result = RecordResult(record, list(events))
    for e in events:
        if e.is_statement:
            result.set_aside += 1
        elif root_matches(e.roots, record.event):
            result.matching.append(e)
        else:
            result.false_positives.append(e)
    if not result.matching:
        return result
    if record.sources:
        result.source = any(
            actor_matches(a, record.sources) for e in result.matching for a in e.agents
        )
    if record.targets:
        result.target = any(
            actor_matches(a, record.targets) for e in result.matching for a in e.targets
        )
    if record.location:
        result.location = any(
            shares_word(p.labels, record.location) for e in result.matching for p in e.places
        )
    return result


def score_events(
    records: Sequence[GoldRecord], predicted: Mapping[str, Sequence[PredictedEvent]]
) -> EventTally:
    """Score the events the graph holds for each record (``predicted[record.key]``).

    Event type: TP = records with a hit, FN = records without one, FP = events (root 01
    set aside) whose root does not map to their record's gold type, so
    P = TP / (TP + FP), R = TP / (TP + FN). A second matching event in a hit record is
    neither TP nor FP. Source, target and location accuracies are over hit records that
    have a gold source, target or eventLoc.
    """
    tally = EventTally(
        types=Counts(),
        source=Accuracy(),
        target=Accuracy(),
        location=Accuracy(),
        set_aside=0,
        by_gold_type={},
        false_positive_roots={},
        results=[],
    )
    fp_roots: Counter[str] = Counter()
    for record in records:
        result = _judge(record, predicted.get(record.key, ()))
        tally.results.append(result)
        per_type = tally.by_gold_type.setdefault(record.event, Counts())
        if result.hit:
            tally.types.tp += 1
            per_type.tp += 1
        else:
            tally.types.fn += 1
            per_type.fn += 1
        tally.types.fp += len(result.false_positives)
        per_type.fp += len(result.false_positives)
        tally.set_aside += result.set_aside
        for e in result.false_positives:
            fp_roots[",".join(e.roots) or "none"] += 1
        tally.source.add(result.source)
        tally.target.add(result.target)
        tally.location.add(result.location)
    tally.by_gold_type = dict(sorted(tally.by_gold_type.items()))
    tally.false_positive_roots = dict(sorted(fp_roots.items()))
    return tally


# -- results of a whole run -------------------------------------------------------------
@dataclass
class EntityScores:
    """What ``evaluate_entities`` returns: the tally, the texts (for error contexts) and
    what the run did (documents, tokens, build problems, seconds)."""

    gold_path: str
    model: str
    documents: int
    tokens: int
    tally: EntityTally
    texts: dict[str, str]
    problems: list[str] = field(default_factory=list)
    build_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def micro(self) -> Counts:
        return self.tally.micro


@dataclass
class EventScores:
    """What ``evaluate_events`` returns: the tally and what the run did."""

    gold_path: str
    model: str
    records: int
    tally: EventTally
    problems: list[str] = field(default_factory=list)
    build_seconds: float = 0.0
    seconds: float = 0.0

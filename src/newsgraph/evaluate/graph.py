"""Run gold texts through the real ``build`` and read back what the graph holds.

Evaluation scores the store, not a side path: the gold texts are written to a temporary
JSONL, built with :func:`newsgraph.build.build` (``keep_text=True``, so offsets index the
caller's own text) into a temporary store, and the mentions and events are then read
back with SPARQL over the union of the store's graphs, exactly as a user would see them.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..build import BuildReport, build
from ..rdf.namespaces import PREFIXES
from ..store import GraphStore, open_store
from .scoring import GraphActor, LabelledSpan, PredictedEvent

__all__ = [
    "CLASS_LABELS",
    "Built",
    "Progress",
    "built_store",
    "label_of",
    "read_texts",
    "read_mentions",
    "read_events",
]

_NG = PREFIXES["ng"]

#: A progress callback: ``progress(done, total)``.
Progress = Callable[[int, int], None]

#: Entity class -> CoNLL label, in order of precedence for an entity (or a mention of
#: several entities) with several classes: a Country is also a Place and counts as LOC;
#: Person, Organization and Group count as typed; a plain Place is LOC.
CLASS_LABELS: tuple[tuple[str, str], ...] = (
    (_NG + "Country", "LOC"),
    (_NG + "Person", "PER"),
    (_NG + "Organization", "ORG"),
    (_NG + "Group", "MISC"),
    (_NG + "Place", "LOC"),
)


def label_of(classes: set[str]) -> str | None:
    """The CoNLL label for an entity's set of class IRIs, or None if it has none of ours.

    >>> label_of({PREFIXES["ng"] + "Place", PREFIXES["ng"] + "Country"})
    'LOC'
    """
    for cls, label in CLASS_LABELS:
        if cls in classes:
            return label
    return None


@dataclass
class Built:
    """A temporary store built from gold texts, with what the build reported."""

    store: GraphStore
    report: BuildReport
    problems: list[str]  # "ID: message" per record that failed or was skipped


@contextmanager
def built_store(
    records: Sequence[dict[str, Any]],
    *,
    model: str,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Iterator[Built]:
    """Build ``records`` (JSON objects with ``id`` and ``text``) into a temporary store.

    Yields the store (read-only), the build report and one ``"ID: message"`` line per
    record that failed or was skipped (scored as if the graph held nothing for it); the
    temporary directory is removed afterwards. ``progress(done, total)`` is called as
    each record is built.
    """
    with tempfile.TemporaryDirectory(prefix="newsgraph-eval-") as tmp:
        gold = Path(tmp) / "gold.jsonl"
        with gold.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        store_path = str(Path(tmp) / "eval.store")
        done = 0

        def on_article(_origin: str) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, len(records))

        report = build(
            [str(gold)],
            store_path=store_path,
            model=model,
            keep_text=True,
            jobs=jobs,
            on_article=on_article,
        )
        problems = [_problem_line(p.origin, p.message, records) for p in report.problems]
        store = open_store(store_path)
        try:
            yield Built(store, report, problems)
        finally:
            store.close()


def _problem_line(origin: str, message: str, records: Sequence[dict[str, Any]]) -> str:
    """Name a failed record by its id rather than by the temporary file's line."""
    _, _, line = origin.rpartition(":")
    if line.isdigit() and 0 < int(line) <= len(records):
        return f"{records[int(line) - 1]['id']}: {message}"
    return f"{origin}: {message}"


def _select(store: GraphStore, query: str) -> Iterator[ox.QuerySolution]:
    return store.ox.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)


_TEXTS = """
SELECT ?id ?text WHERE { ?a a ng:Article ; schema:identifier ?id ; ng:text ?text }
"""

_MENTIONS = """
SELECT ?id ?begin ?end ?class WHERE {
  VALUES ?class { ng:Person ng:Organization ng:Group ng:Place ng:Country }
  ?a a ng:Article ; schema:identifier ?id .
  ?m a ng:Mention ; ng:inArticle ?a ; nif:beginIndex ?begin ; nif:endIndex ?end .
  ?entity gaf:denotedBy ?m ; a ?class .
}
"""


def read_texts(store: GraphStore) -> dict[str, str]:
    """Article id -> ``ng:text`` (the text offsets index into)."""
    return {row["id"].value: row["text"].value for row in _select(store, _TEXTS)}


def read_mentions(store: GraphStore) -> list[LabelledSpan]:
    """Every entity mention in the store as a span labelled PER, ORG, LOC or MISC.

    A mention's label is its entity's class (:data:`CLASS_LABELS`); a span that several
    entities denote gets one label, from all their classes together.
    """
    classes: dict[tuple[str, int, int], set[str]] = {}
    for row in _select(store, _MENTIONS):
        key = (row["id"].value, int(row["begin"].value), int(row["end"].value))
        classes.setdefault(key, set()).add(row["class"].value)
    spans = []
    for (doc, begin, end), found in classes.items():
        label = label_of(found)
        if label is not None:
            spans.append(LabelledSpan(doc, begin, end, label))
    return sorted(spans)


_EVENTS = """
SELECT ?id ?e ?type ?notation ?code ?trigger WHERE {
  ?a a ng:Article ; schema:identifier ?id .
  ?e a ng:Event ; ng:inArticle ?a .
  OPTIONAL { ?e ng:eventType ?type . OPTIONAL { ?type skos:notation ?notation } }
  OPTIONAL { ?e ng:cameoCode ?code }
  OPTIONAL { ?e ng:trigger ?trigger }
}
"""

_ROLES = """
SELECT ?e ?role ?x ?label ?alt ?code WHERE {
  VALUES ?role { ng:agent ng:target sem:hasPlace }
  ?e a ng:Event ; ?role ?x .
  OPTIONAL { ?x rdfs:label ?label }
  OPTIONAL { ?x skos:altLabel ?alt }
  OPTIONAL { ?x ng:countryCode ?code }
}
"""

_ROLE_NAMES = {_NG + "agent": "agents", _NG + "target": "targets"}


def _root(type_iri: ox.NamedNode, notation: ox.Literal | None) -> str:
    """The two-digit CAMEO root of an ng:eventType concept: its skos:notation when the
    ontology graph has it, else the concept IRI's last segment."""
    code = notation.value if notation is not None else type_iri.value.rsplit("/", 1)[-1]
    return code[:2]


def _actor(labels: set[str], alts: set[str], codes: set[str]) -> GraphActor:
    """The canonical label first, then the other surface forms, each once."""
    names = sorted(labels) + sorted(alts - labels)
    return GraphActor(tuple(names), tuple(sorted(codes)))


def read_events(store: GraphStore) -> dict[str, list[PredictedEvent]]:
    """Article id -> its events, each with roots, code, trigger, agents, targets, places.

    Events come in IRI order (article, sentence, trigger offset), so runs are repeatable.
    """
    info: dict[str, dict[str, Any]] = {}
    for row in _select(store, _EVENTS):
        e = info.setdefault(
            row["e"].value,
            {"id": row["id"].value, "roots": set(), "cameo": None, "trigger": None},
        )
        if row["type"] is not None:
            e["roots"].add(_root(row["type"], row["notation"]))
        if row["code"] is not None:
            e["cameo"] = row["code"].value
        if row["trigger"] is not None:
            e["trigger"] = row["trigger"].value
    # event -> role -> actor IRI -> (labels, alt labels, codes)
    roles: dict[str, dict[str, dict[str, tuple[set[str], set[str], set[str]]]]] = {}
    for row in _select(store, _ROLES):
        role = _ROLE_NAMES.get(row["role"].value, "places")
        found = (
            roles.setdefault(row["e"].value, {})
            .setdefault(role, {})
            .setdefault(row["x"].value, (set(), set(), set()))
        )
        for term, bucket in zip((row["label"], row["alt"], row["code"]), found, strict=True):
            if term is not None:
                bucket.add(term.value)
    out: dict[str, list[PredictedEvent]] = {}
    for iri in sorted(info):
        e = info[iri]
        parts = {
            role: tuple(_actor(*found) for _, found in sorted(actors.items()))
            for role, actors in roles.get(iri, {}).items()
        }
        out.setdefault(e["id"], []).append(
            PredictedEvent(
                roots=tuple(sorted(e["roots"])),
                cameo=e["cameo"],
                trigger=e["trigger"],
                **parts,
            )
        )
    return out

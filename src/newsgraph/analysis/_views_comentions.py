"""The comentions view: actors mentioned in the same sentence of the same article.

The store keeps a sentence's text only on events (``ng:sentence``). For a sentence with
no event the text is cut out of ``ng:text``: the mentions' sentence numbers bound where
the sentence can start and end (after the last mention of an earlier sentence, before the
first mention of a later one), and within those bounds it starts after the last ``. ! ?``
or line break before its first mention and ends at the first one after its last
mention. Abbreviations such as "Feb." can make that cut shorter than spaCy's sentence;
the article IRI and sentence number (``index``) are always exact.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable

import networkx as nx

from ..store import GraphStore
from ._attrs import entity_attrs
from ._data import ACTOR_KINDS, Event, Mention, Snapshot, load_mentions, load_texts
from .filters import EventTypeFilter

__all__ = ["comentions_view", "cut_sentence"]

_BOUNDARY = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'\u201d\u2019)])\s+|\n\s*")

Key = tuple[str, int]  # (article IRI, sentence index)


def cut_sentence(text: str, begin: int, end: int, lower: int = 0, upper: int | None = None) -> str:
    """The sentence of ``text`` around ``[begin, end)``, not reaching outside [lower, upper).

    >>> cut_sentence("Rain fell. Ali met Bo in Rome. It ended.", 11, 22)
    'Ali met Bo in Rome.'
    """
    upper = len(text) if upper is None else upper
    breaks = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text)]
    starts = [0] + [b for _, b in breaks]
    ends = [a for a, _ in breaks] + [len(text)]
    start = starts[bisect.bisect_right(starts, begin) - 1]
    stop = ends[bisect.bisect_left(ends, end)] if end <= len(text) else len(text)
    return text[max(start, lower) : min(stop, upper)].strip()


def _sentence_texts(
    store: GraphStore, keys: set[Key], spans: dict[str, list[tuple[int, int, int]]]
) -> dict[Key, str]:
    """Texts of sentences without an event, cut from their articles' ``ng:text``."""
    texts = load_texts(store, {article for article, _ in keys})
    out: dict[Key, str] = {}
    for article, index in keys:
        text = texts.get(article)
        own = [(b, e) for s, b, e in spans[article] if s == index]
        if text is None or not own:
            out[article, index] = ""
            continue
        lower = max((e for s, _, e in spans[article] if s < index), default=0)
        upper = min((b for s, b, _ in spans[article] if s > index), default=len(text))
        begin, end = min(b for b, _ in own), max(e for _, e in own)
        out[article, index] = cut_sentence(text, begin, end, lower, upper)
    return out


def comentions_view(
    snapshot: Snapshot,
    events: list[Event],
    store: GraphStore,
    *,
    keep: Callable[[str], bool],
    types: EventTypeFilter,
) -> nx.Graph:
    """Actor–actor edges weighted by the number of sentences that mention both.

    A sentence's date is the earliest date of an event reported in it, else its article's
    date; ``keep`` (the date filter) tests it. With event types, only sentences that
    report a kept event count.
    """
    entities = snapshot.entities
    kept_events = {e.iri for e in events}
    actors_in: dict[Key, set[str]] = defaultdict(set)
    events_in: dict[Key, list[Event]] = defaultdict(list)
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    mention: Mention
    for mention in load_mentions(store):
        key = (mention.article, mention.sentence)
        if mention.begin >= 0 and mention.end >= 0:
            spans[mention.article].append((mention.sentence, mention.begin, mention.end))
        if mention.subject in snapshot.events:
            events_in[key].append(snapshot.events[mention.subject])
        elif mention.subject in entities and entities[mention.subject].kind in ACTOR_KINDS:
            actors_in[key].add(mention.subject)

    def sentence_date(key: Key) -> str:
        dated = sorted(e.date for e in events_in.get(key, ()) if e.date)
        article = snapshot.articles.get(key[0])
        return dated[0] if dated else (article.date if article else "")

    kept: dict[Key, str] = {}
    for key in sorted(actors_in):
        if types and not any(e.iri in kept_events for e in events_in.get(key, ())):
            continue
        date = sentence_date(key)
        if keep(date):
            kept[key] = date
    pairs: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in kept:
        actors = sorted(actors_in[key])
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                pairs[a, b].append(key)
    linked = {key for keys in pairs.values() for key in keys}
    texts = _sentence_texts(store, {k for k in linked if not events_in.get(k)}, spans)

    def evidence(key: Key) -> dict:
        reported = sorted(events_in.get(key, ()), key=lambda e: e.iri)
        first = reported[0] if reported else None
        return {
            "sentence": first.sentence if first and first.sentence else texts.get(key, ""),
            "article": key[0],
            "date": kept[key],
            "event": first.iri if first else "",
            "cameo": first.cameo if first else "",
            "index": key[1],
        }

    dates: dict[str, list[str]] = defaultdict(list)
    for event in events:
        for actor in set(event.agents) | set(event.targets):
            dates[actor].append(event.date)
    graph = nx.Graph()
    for iri in sorted({a for key in kept for a in actors_in[key]}):
        graph.add_node(iri, **entity_attrs(entities[iri], dates.get(iri, ())))
    for (a, b), keys in sorted(pairs.items()):
        edge_dates = sorted(kept[k] for k in keys if kept[k])
        graph.add_edge(
            a,
            b,
            weight=len(keys),
            first=edge_dates[0] if edge_dates else "",
            last=edge_dates[-1] if edge_dates else "",
            dates=edge_dates,
            evidence=sorted({k[0] for k in keys}),
            sentences=[evidence(k) for k in sorted(keys, key=lambda k: (kept[k], k))],
        )
    return graph

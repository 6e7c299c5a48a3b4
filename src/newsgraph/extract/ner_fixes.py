"""Corrections to spaCy's entity spans before extraction reads them.

The small English model misses names it has seen elsewhere in the same article, names
in ALL-CAPS datelines and headlines, and surname-only mentions of people it found in
full. These rules use only the article itself and the offline gazetteer:

* document-level consistency: a string labelled somewhere in the article gets that
  label where the model left it unlabelled; a single word that is the surname of a
  person named in full in the article is that person (PERSON) wherever it appears;
* gazetteer matches for unlabelled capitalised runs: countries, demonyms, known
  organisations and cities (large ones only, to keep ordinary capitalised words out);
* sports tables: a place name directly followed by a score ("Surrey 312", "CHICAGO 5
  Houston 3") names a team, i.e. an organisation.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from spacy.attrs import IS_STOP, ORTH
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from .gazetteer import Gazetteer, normalize_name

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["fix_entities", "TEAMS_KEY"]

_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
#: Cities found only by the gazetteer must be at least this big to be tagged.
_MIN_CITY_POPULATION = 100_000
_MAX_RUN = 4
_IGNORED_LABELS = frozenset({"LAW", "PRODUCT", "WORK_OF_ART", "LANGUAGE", "EVENT"})


def _is_cap(text: str, is_stop: bool) -> bool:
    """Whether a token can be part of a capitalised name run: "Kilis", "NATO"."""
    return (
        len(text) > 1
        and text[0].isupper()
        and any(ch.isalpha() for ch in text)
        and not is_stop
        or (text.isupper() and len(text) > 1 and text.isalpha())
    )


#: :func:`_is_cap` by (ORTH hash, IS_STOP): both inputs belong to the word, not the
#: token, and a document repeats its words; the hash names the text in any vocabulary.
_CAP: dict[tuple[int, int], bool] = {}


def _cap_flags(doc: Doc) -> list[bool]:
    """:func:`_is_cap` of every token, read from one array: no Token object per token."""
    strings = doc.vocab.strings
    flags = []
    for key in map(tuple, doc.to_array([ORTH, IS_STOP]).tolist()) if len(doc) else ():
        flag = _CAP.get(key)
        if flag is None:
            flag = _CAP[key] = _is_cap(strings[key[0]], bool(key[1]))
        flags.append(flag)
    return flags


def _gazetteer_label(text: str, gaz: Gazetteer) -> str | None:
    if gaz.organization(text) is not None:
        return "ORG"
    if gaz.country(text) is not None:
        return "GPE"
    if gaz.demonym(text) is not None:
        return "NORP"
    place = gaz.place(text)
    if place is not None and place.population >= _MIN_CITY_POPULATION:
        return "GPE"
    return None


#: "at Kilis", "protesters in Minsk": a name after a locative preposition that the
#: gazetteer knows as a city is that city, whatever label the model gave it. Persons rarely
#: stand there; organisations do ("at Google"), so they need "in/near/outside" and a city
#: big enough that the name is mostly used for the place.
_LOCATIVE = {
    "PERSON": frozenset({"in", "at", "near", "outside"}),
    "ORG": frozenset({"in", "near", "outside"}),
}
_LOCATED_MIN_POPULATION = {"PERSON": 15_000, "ORG": 500_000}


def _located(ent: SpacySpan, gaz: Gazetteer) -> bool:
    """Whether ``ent`` (PERSON or ORG) is a city named after a locative preposition."""
    preps = _LOCATIVE.get(ent.label_)
    root = ent.root
    if preps is None or root.dep_ != "pobj" or root.head.lower_ not in preps:
        return False
    if gaz.organization(ent.text) is not None:
        return False
    place = gaz.place(ent.text)
    return (
        place is not None
        and place.feature == "city"
        and place.population >= _LOCATED_MIN_POPULATION[ent.label_]
    )


def fix_entities(doc: Doc, gaz: Gazetteer) -> Doc:
    """Add and relabel entity spans in ``doc`` (in place) by the rules above."""
    # labels extraction never reads: free their tokens for the rules below ("Surrey 429-7"
    # tagged LAW in a cricket table)
    ents = [e for e in doc.ents if e.label_ not in _IGNORED_LABELS]
    votes: dict[str, Counter] = defaultdict(Counter)
    surnames: set[str] = set()
    for e in ents:
        if e.label_ in _NAME_LABELS:
            votes[normalize_name(e.text)][e.label_] += 1
            if e.label_ == "PERSON" and len(e) >= 2 and e[-1].text[:1].isupper():
                surnames.add(e[-1].text.lower())
    covered = {i for e in ents for i in range(e.start, e.end)}
    new: list[SpacySpan] = []
    relabelled: list[SpacySpan] = []
    for e in ents:
        if e.label_ in _NAME_LABELS and len(e) == 1 and e.text.lower() in surnames:
            if e.label_ != "PERSON":
                relabelled.append(SpacySpan(doc, e.start, e.end, label="PERSON"))
                continue
        elif _located(e, gaz):
            relabelled.append(SpacySpan(doc, e.start, e.end, label="GPE"))
            continue
        relabelled.append(e)
    scored_runs: list[SpacySpan] = []
    cap = _cap_flags(doc)
    i = 0
    n = len(doc)
    while i < n:
        if i in covered or not cap[i]:
            i += 1
            continue
        j = i
        while j < n and j - i < _MAX_RUN and j not in covered and cap[j]:
            j += 1
        found = None
        for end in range(j, i, -1):  # longest match first
            text = doc[i:end].text
            label = None
            if end - i > 1 and votes.get(normalize_name(text)):  # one word: too ambiguous
                label = votes[normalize_name(text)].most_common(1)[0][0]
            elif end - i == 1 and text.lower() in surnames:
                label = "PERSON"
            else:
                label = _gazetteer_label(text, gaz)
            if label:
                found = SpacySpan(doc, i, end, label=label)
                break
        if found is None and j - i >= 2 and _titled(doc, i, j):
            found = SpacySpan(doc, i, j, label="PERSON")  # "Suleyman Tapsiz, governor of"
        if (
            found is None
            and j < n
            and _SCORE.match(doc[j].text)
            and not (_ISO_DATE.match(doc[j].text))
        ):
            found = SpacySpan(doc, i, j, label="ORG")  # kept only if a line of scores
            scored_runs.append(found)
        if found is not None:
            new.append(found)
            i = found.end
        else:
            i += 1
    per_sentence = Counter(s.sent.start for s in scored_runs)
    doubtful = {id(s) for s in scored_runs if per_sentence[s.sent.start] < 2}
    spans = relabelled + [s for s in new if id(s) not in doubtful]
    teams = _teams(spans)
    if teams:
        # a team once is a team everywhere in the article ("Surrey 429-7", "Surrey captain")
        spans = [
            SpacySpan(doc, s.start, s.end, label="ORG")
            if s.label_ in {"GPE", "LOC"} and normalize_name(s.text) in teams
            else s
            for s in spans
        ]
        doc.user_data[TEAMS_KEY] = teams
    doc.ents = filter_spans(spans)
    return doc


#: doc.user_data key under which the names judged to be sports teams are kept, so entity
#: typing does not turn them back into places.
TEAMS_KEY = "newsgraph_teams"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCORE = re.compile(r"^\d+(?:[-/]\d+)?$")
_VERSUS = frozenset({"v", "v.", "vs", "vs.", "versus"})


def _titled(doc: Doc, start: int, end: int) -> bool:
    """A capitalised run next to an office: "envoy Ann Lee", "Ann Lee, the governor"."""
    from .entities import TITLE_WORDS

    if start > 0 and doc[start - 1].lower_ in TITLE_WORDS:
        return True
    k = end
    if k < len(doc) and doc[k].text == ",":
        k += 1
        if k < len(doc) and doc[k].lower_ in {"the", "a", "an"}:
            k += 1
        return k < len(doc) and doc[k].lower_ in TITLE_WORDS
    return False


def _followed_by_score(span: SpacySpan) -> bool:
    doc = span.doc
    if span.end >= len(doc):
        return False
    text = doc[span.end].text
    return bool(_SCORE.match(text)) and not _ISO_DATE.match(text)


def _teams(spans: list[SpacySpan]) -> set[str]:
    """Names of sports teams: two or more names each followed by a score in one sentence
    ("Warwickshire 195 , Surrey 429-7"), or either side of "v"/"vs"."""
    by_sentence: dict[int, list[SpacySpan]] = defaultdict(list)
    teams: set[str] = set()
    for span in spans:
        if span.label_ not in {"GPE", "LOC", "ORG"}:
            continue
        doc = span.doc
        if _followed_by_score(span):
            by_sentence[span.sent.start].append(span)
        nxt = doc[span.end].lower_ if span.end < len(doc) else ""
        prev = doc[span.start - 1].lower_ if span.start > 0 else ""
        if nxt in _VERSUS or prev in _VERSUS:
            teams.add(normalize_name(span.text))
    for scored in by_sentence.values():
        if len(scored) >= 2:
            teams.update(normalize_name(s.text) for s in scored)
    return teams

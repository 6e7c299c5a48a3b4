"""Is this text English? Detection for inputs that do not say which language they are in.

newsgraph's model and lexicons are English only: a German story run through them gives
junk entities and no events, silently. Records with a ``language`` field are trusted; for
the rest (every .txt, HTML without ``lang``, JSON without the field) the text decides.

Two checks, both offline, so that English is never skipped by mistake:

1. English function words ("the", "of", "and", "said" ...) make up a fifth or more of
   the words of any English prose and almost none of other languages' prose. Text where
   they are common enough is English, without loading any model. They are counted
   against the words that start lower-case: names and acronyms would otherwise dilute
   the share of a short, name-heavy English story (an obituary, a list of officials)
   until the classifier is needed, whose model takes ~1 s to load.
2. Otherwise py3langid (a naive Bayes classifier over byte n-grams that ships its model
   in the package) names the language, and the text is skipped only when it is confident
   the language is not English. Short or name-only text ("Egypt met Jordan.") is never
   confidently anything, so it is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Detected", "detect_language", "language_name", "SAMPLE_CHARS"]

#: Only the start of a long text is looked at: enough to tell, and the cost stays flat.
SAMPLE_CHARS = 5000
#: Share of English function words (per lower-case word) above which text is English outright.
ENGLISH_WORD_SHARE = 0.08
#: py3langid's normalised probability needed to call text "not English".
CONFIDENCE = 0.9
#: Text with fewer letters or words than this is never judged (a headline, a name list).
MIN_LETTERS = 20
MIN_WORDS = 5
# Letters below this code point are Latin script (Basic Latin to Latin Extended-B).
_LATIN_END = "\u0250"

# Frequent English words that are rare as words in other languages written in Latin
# script: "a", "in", "on", "to", "is", "was", "for", "by", "at", "as", "we", "will" and
# the like are left out, being words in German, Dutch, Danish, Polish, Spanish or others.
_ENGLISH_WORDS = frozenset(
    """the of and that with said from his has have are were this which would they their
    he she been who its not but after than about into could more when there what our
    your you it be""".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Detected:
    """The outcome: ``english`` is False only when the text is confidently not English."""

    english: bool
    code: str | None = None  # ISO 639-1 code when the classifier named one
    probability: float | None = None


def detect_language(text: str) -> Detected:
    """Decide whether ``text`` is English; see the module docstring for how."""
    sample = text[:SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return Detected(True)
    latin = sum(1 for c in letters if c < _LATIN_END) / len(letters)
    if latin < 0.5:  # mostly Arabic, Cyrillic, CJK ... letters: English is not written so
        code, probability = _identifier().classify(sample)
        return Detected(False, str(code) if code != "en" else None, float(probability))
    words = _WORD_RE.findall(sample)
    if len(words) < MIN_WORDS:
        return Detected(True)
    function_words = sum(1 for w in words if w.lower() in _ENGLISH_WORDS)
    # per lower-case word when there are enough of them (an all-caps text has none)
    lower = sum(1 for w in words if w[0].islower())
    share = function_words / (lower if lower >= MIN_WORDS else len(words))
    if share >= ENGLISH_WORD_SHARE:
        return Detected(True, "en")
    code, probability = _identifier().classify(sample)
    english = code == "en" or float(probability) < CONFIDENCE
    return Detected(english, str(code), float(probability))


def language_name(code: str) -> str:
    """ "German" for "de"; the code itself when pycountry does not know it."""
    try:
        import pycountry

        found = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    except (ImportError, KeyError, LookupError):  # pragma: no cover - pycountry is a dependency
        found = None
    return getattr(found, "name", None) or code


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's classifier, loaded once per process (about 1.5 s) and only if needed."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

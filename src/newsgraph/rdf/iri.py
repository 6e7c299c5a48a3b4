"""Minting IRIs from untrusted text.

Names come from articles, so an IRI segment must never carry spaces, control characters,
``<>"{}|^`\\`` or anything else RDF tools reject. Unicode letters and digits are kept
(IRIs allow them, and "Erdoğan" should stay readable); everything else becomes ``-``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["slug", "article_iri", "entity_iri", "sha1_hex"]

_NON_WORD = re.compile(
    r"[^0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff"
    r"\u0e00-\u0eff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+"
)
_MAX = 80


def sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def slug(text: str) -> str:
    """A readable, IRI-safe path segment for ``text``; never empty.

    >>> slug("Walid al-Moallem")
    'walid-al-moallem'
    >>> slug('<script>"x"</script>')
    'script-x-script'
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    s = _NON_WORD.sub("-", folded).strip("-")
    if not s:
        return "x-" + sha1_hex(text)[:12]
    if len(s) > _MAX:
        s = s[:_MAX].rstrip("-") + "-" + sha1_hex(text)[:8]
    return s


def article_iri(base: str, article_id: str) -> str:
    """``{base}article/`` + the first 16 hex digits of SHA-1(id) (DESIGN.md identity)."""
    return f"{base}article/{sha1_hex(article_id)[:16]}"


def entity_iri(base: str, canonical_key: str) -> str:
    """The IRI of a resolved entity from its canonical key.

    Keys are ``country:SYR``, ``place:gn:170063``, ``place:<name>``, ``org:<name>``,
    ``person:<name>``, ``group:<name>``.
    """
    kind, _, rest = canonical_key.partition(":")
    if kind == "country":
        return f"{base}country/{slug(rest).upper()}"
    if kind == "place" and rest.startswith("gn:"):
        return f"{base}place/geonames-{int(rest[3:])}"
    folder = {"org": "organization"}.get(kind, kind)
    return f"{base}{folder}/{slug(rest)}"

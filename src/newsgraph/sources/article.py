"""Shared by every reader: options, publication-date precedence, language filter.

Keeping these rules in one place means a .txt file, a JSONL record and an HTML page
get the same id, date and language treatment (DESIGN.md, "Identity").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, SourceProblem
from .clean import clean_text
from .dates import find_dateline_date, parse_published
from .language import detect_language, language_name

__all__ = [
    "ReadOptions",
    "finish_article",
    "is_english",
    "split_point",
    "limit_text",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
]

_ENGLISH = {"en", "eng", "english"}

#: Longest article body analysed and stored, in characters. Longer text is cut at a
#: paragraph break below it, with a warning: a real news story is rarely a tenth of this,
#: so anything longer is a scraper mishap (a whole site in one file), and analysing it
#: whole would take minutes per article.
MAX_TEXT_CHARS = 200_000
#: Longest title kept; a longer "title" is a paragraph that lost its line breaks.
MAX_TITLE_CHARS = 1_000


@dataclass(frozen=True)
class ReadOptions:
    """What the user asked for: fallback date and source, and whether to clean text."""

    published: str | None = None  # already normalised by parse_published
    source: str | None = None
    keep_text: bool = False


def is_english(language: str) -> bool:
    """True for "en", "en-GB", "en_US", "eng", "English" (any case)."""
    primary = language.strip().lower().replace("_", "-").split("-")[0]
    return primary in _ENGLISH


def finish_article(
    *,
    article_id: str,
    origin: str,
    text: str,
    options: ReadOptions,
    title: str | None = None,
    url: str | None = None,
    published: object = None,
    source: object = None,
    language: object = None,
    warnings: list[str] | None = None,
    clean: bool = True,
) -> Article | SourceProblem:
    """Build the Article for one input, or the problem that stops it.

    ``published``/``source``/``language`` are raw metadata values (may be any JSON
    type). Date precedence: metadata, then the ``--published`` option, then a full date
    from a dateline or caption (with a warning, since it is a guess). ``clean`` is
    False when the caller already cleaned (or must not clean) the text.
    """
    notes = list(warnings or [])
    lang: str | None = None
    if language is not None and language != "":
        if not isinstance(language, str):
            return SourceProblem(origin, f'"language" must be a string, got {language!r}')
        if not is_english(language):
            return SourceProblem(origin, f"language is {language!r}, not English", skipped=True)
        lang = language
    text = limit_text(text, notes, clean=clean and not options.keep_text)
    if not text.strip():
        return SourceProblem(origin, "no text left after removing page furniture")
    if lang is None:
        detected = detect_language(text)
        if not detected.english:
            looks = f"looks like {language_name(detected.code)}," if detected.code else "is"
            return SourceProblem(origin, f"text {looks} not English", skipped=True)
    if isinstance(title, str) and len(title) > MAX_TITLE_CHARS:
        notes.append(f"title is {len(title):,} characters long; cut to {MAX_TITLE_CHARS:,}")
        title = title[: split_point(title, MAX_TITLE_CHARS)]

    date, how = _published(published, notes, origin)
    if date is None and options.published:
        date, how = options.published, "option"
    if date is None:
        found = find_dateline_date(text)
        if found is not None:
            date, how = found.isoformat(), "dateline"
            notes.append(f"published date {date} taken from a dateline or caption in the text")

    if source is not None and not isinstance(source, str):
        notes.append(f'ignored "source" that is not a string: {source!r}')
        source = None
    return Article(
        id=article_id,
        text=text,
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        url=url or None,
        published=date,
        source=source or options.source,
        language=lang,
        origin=origin,
        published_from=how,
        warnings=notes,
    )


def _published(value: object, notes: list[str], origin: str) -> tuple[str | None, str | None]:
    """The metadata date, normalised; a bad one is dropped with a warning, not fatal."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        notes.append(f'ignored "published" that is not a string: {value!r}')
        return None, None
    try:
        date = parse_published(value)
    except ValueError as exc:
        reason = str(exc)
        detail = "" if repr(value) in reason else f" ({reason})"
        notes.append(f"ignored unparseable published date {value!r}{detail}")
        return None, None
    return (date, "metadata") if date else (None, None)


def limit_text(text: str, notes: list[str], *, clean: bool) -> str:
    """``text`` cleaned (when ``clean``) and cut to :data:`MAX_TEXT_CHARS`, noting a cut.

    Text far over the limit is first cut to four times the limit, so a 30 MB page costs
    no more cleaning than an 800 kB one; the cleaner only drops short furniture lines, so
    that still leaves more than enough to fill the limit.
    """
    length = len(text)
    rough = 4 * MAX_TEXT_CHARS
    if length > rough:
        text = text[: split_point(text, rough)]
    if clean:
        text = clean_text(text)
    if length > rough or len(text) > MAX_TEXT_CHARS:
        cut = split_point(text, MAX_TEXT_CHARS)
        notes.append(
            f"text is {length:,} characters long; only the first {cut:,} were analysed "
            f"and stored (the limit is {MAX_TEXT_CHARS:,}; cut at a paragraph or sentence "
            "break)"
        )
        text = text[:cut]
    return text


def split_point(text: str, limit: int) -> int:
    """Where to cut ``text`` so the first part has at most ``limit`` characters.

    The latest paragraph break in the second half of the window, else the latest line
    break, sentence end or space there, else exactly ``limit`` (text with no break at
    all). Cutting at a break keeps sentences whole, so no half sentence is analysed.
    The cut lies after the break, so ``text[:cut] + text[cut:] == text``.
    """
    if len(text) <= limit:
        return len(text)
    window = text[:limit]
    floor = limit // 2
    for separators in (("\n\n",), ("\n",), (". ", "? ", "! "), (" ", "\t")):
        at, separator = max((window.rfind(sep, floor), sep) for sep in separators)
        if at >= floor:
            return at + len(separator)
    return limit

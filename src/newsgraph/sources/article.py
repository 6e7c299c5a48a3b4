"""Shared by every reader: options, publication-date precedence, language filter.

Keeping these rules in one place means a .txt file, a JSONL record and an HTML page
get the same id, date and language treatment (DESIGN.md, "Identity").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, SourceProblem
from .clean import clean_text
from .dates import find_dateline_date, parse_published

__all__ = ["ReadOptions", "finish_article", "is_english"]

_ENGLISH = {"en", "eng", "english"}


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
    if clean and not options.keep_text:
        text = clean_text(text)
    if not text.strip():
        return SourceProblem(origin, "no text left after removing page furniture")

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
    except ValueError:
        notes.append(f"ignored unparseable published date {value!r}")
        return None, None
    return (date, "metadata") if date else (None, None)

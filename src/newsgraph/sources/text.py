"""Plain text (.txt files and stdin): the first real line is the title.

Scraped .txt stories start with whatever the page showed first, often a browser banner
or navigation; the title is the first line that is not such furniture, the rest the body.
"""

from __future__ import annotations

import hashlib

from ..model import Article, SourceProblem
from .article import ReadOptions, finish_article, limit_text
from .clean import is_furniture

__all__ = ["split_title", "read_text", "stdin_id"]


def split_title(text: str) -> tuple[str | None, str]:
    """(title, rest): the first non-blank, non-furniture line and the text after it.

    The rest is returned verbatim (from just after the title's line break), so
    ``--keep-text`` offsets index the caller's own text.
    """
    position = 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        if line.strip() and not is_furniture(line):
            return line.strip(), text[position:]
    return None, ""


def stdin_id(text: str) -> str:
    """Article id for stdin: "stdin:" + SHA-1 hex of the text (DESIGN.md, Identity)."""
    return "stdin:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_text(
    text: str, *, article_id: str, origin: str, options: ReadOptions, warnings: list[str]
) -> Article | SourceProblem:
    """One article from a decoded plain-text input."""
    title, body = split_title(text)
    if title is None:
        return SourceProblem(origin, "no text: the file holds only page furniture")
    warnings = list(warnings)
    body = limit_text(body, warnings, clean=not options.keep_text)
    if not body.strip():
        return SourceProblem(origin, "no body text after the title line")
    return finish_article(
        article_id=article_id,
        origin=origin,
        text=body,
        title=title,
        options=options,
        warnings=warnings,
        clean=False,
    )

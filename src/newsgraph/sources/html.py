"""HTML pages: main text, title, date and URL via trafilatura, never the network.

trafilatura is given the page as a string, so it has nothing to fetch; its guessing date
search over the body text is turned off (it invents dates such as "2016-01-01" from any
year mentioned), so only dates the page's metadata states are used.

Nothing in a page is ever fetched or expanded: lxml's HTML parser loads no DTD and no
external entity, ``<script>``, ``<iframe>``, ``<img>``, ``<link>`` and JSON-LD are only
text to it (JSON-LD contexts are never resolved). A DOCTYPE with an internal subset
(``<!DOCTYPE x [<!ENTITY e SYSTEM "...">]>``, the shape of an XXE attack) is removed
before parsing, with a warning: no news page needs one, and lxml would otherwise reject
the whole page.
"""

from __future__ import annotations

import logging
import re

import trafilatura

from ..model import Article, SourceProblem
from .article import ReadOptions, finish_article

__all__ = ["read_html"]

_INTERNAL_SUBSET_RE = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_LANG_RE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)")
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def read_html(
    html: str, *, path_id: str, origin: str, options: ReadOptions, warnings: list[str]
) -> Article | SourceProblem:
    """One article from a decoded HTML page; its URL (if stated) is its id."""
    html, removed = _INTERNAL_SUBSET_RE.subn("<!DOCTYPE html>", html, count=1)
    if removed:
        warnings = [
            *warnings,
            "removed the DOCTYPE's internal subset (its entities are never expanded)",
        ]
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises assorted lxml and parser errors
        return SourceProblem(origin, f"cannot parse HTML: {exc}")
    raw = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not raw.strip():
        return SourceProblem(origin, "no article text found in the HTML")
    title = doc.title or None
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    if title and lines and lines[0] == title.strip():
        lines = lines[1:]  # trafilatura repeats the <h1> headline as the first line
    language = _LANG_RE.search(html[:4096])
    return finish_article(
        article_id=doc.url or path_id,
        origin=origin,
        text="\n\n".join(lines),
        title=title,
        url=doc.url,
        published=doc.date,
        source=doc.sitename,
        language=language.group(1) if language else None,
        options=options,
        warnings=warnings,
    )

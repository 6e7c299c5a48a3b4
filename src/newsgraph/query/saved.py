"""Saved queries: ``queries/NAME.rq`` files with a header comment that documents them.

The header is the leading block of ``#`` lines (format in queries/README.md)::

    # title: Who did what to whom
    # description: One row per event, agent and target, GDELT-style.
    #   An indented comment line continues the entry above it.
    # param: actor — an IRI <…> or part of a name; default: every actor

Keeping the documentation inside the ``.rq`` file means the file still runs as is in any
SPARQL tool, and ``newsgraph query --list`` cannot drift from it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError
from ..resources import queries_dir

__all__ = ["SavedParam", "SavedQuery", "list_saved_queries", "load_saved_query", "resolve_query"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ENTRY = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)", re.IGNORECASE)
_PARAM = re.compile(r"\??([A-Za-z_][A-Za-z0-9_]*)\s*(?:—|–|-{1,2}|:)\s*(.*)")
_DEFAULT = re.compile(r"default\s*:\s*(.*)$", re.IGNORECASE)
_QUERY_SUFFIXES = (".rq", ".sparql", ".ru")


@dataclass(frozen=True)
class SavedParam:
    """One documented parameter: its name, what it means and what leaving it out does."""

    name: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file in queries/ with its header fields."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[SavedParam, ...] = ()

    @property
    def text(self) -> str:
        """The query text, read on demand so listing stays cheap."""
        return self.path.read_text(encoding="utf-8")


def list_saved_queries(directory: Path | None = None) -> list[SavedQuery]:
    """Every saved query in ``directory`` (default: the shipped queries/), sorted by name."""
    folder = directory if directory is not None else queries_dir()
    if not folder.is_dir():
        return []
    return [load_saved_query(path) for path in sorted(folder.glob("*.rq"))]


def load_saved_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file's header block."""
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[list[str]] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends at the first line of SPARQL
        entry = _ENTRY.fullmatch(stripped)
        if entry:
            key, value = entry.group(1).lower(), entry.group(2).strip()
            current = [value]
            if key == "param":
                params.append(current)
            else:
                fields[key] = current
        elif current is not None and re.match(r"#\s{2,}\S", stripped):
            current.append(stripped.lstrip("#").strip())
        else:
            current = None  # any other comment ends the entry
    return SavedQuery(
        name=path.stem,
        path=path,
        title=" ".join(fields["title"]) or path.stem,
        description=" ".join(fields["description"]),
        params=tuple(_param(" ".join(parts)) for parts in params),
    )


def resolve_query(arg: str, directory: Path | None = None) -> tuple[str, SavedQuery | None]:
    """Turn the QUERY argument into SPARQL text (and the saved query it came from, if any).

    The three kinds barely overlap, so detection is by shape: a one-line argument
    ending in ``.rq``/``.sparql``/``.ru``, or containing a path separator and naming an
    existing file, is a file (a missing ``.rq`` file is an error, not SPARQL); a plain
    name (letters, digits, ``._-``; no SPARQL query looks like that) is a saved query,
    and an unknown one is an error listing the available names; anything else is SPARQL.
    """
    candidate = arg.strip()
    if not candidate:
        raise QueryError("empty query")
    single_line = "\n" not in candidate
    if single_line and candidate.lower().endswith(_QUERY_SUFFIXES):
        path = Path(candidate).expanduser()
        if not _is_file(path):
            raise QueryError(f"no query file {candidate}")
        return _read(path), None
    looks_like_path = "/" in candidate or os.sep in candidate
    if single_line and looks_like_path and _is_file(Path(candidate).expanduser()):
        return _read(Path(candidate).expanduser()), None
    if _NAME.fullmatch(candidate):
        saved = {query.name: query for query in list_saved_queries(directory)}
        if candidate in saved:
            return saved[candidate].text, saved[candidate]
        available = ", ".join(sorted(saved)) or "none"
        raise QueryError(f"unknown saved query {candidate!r}; available: {available}")
    return arg, None


def _param(text: str) -> SavedParam:
    match = _PARAM.fullmatch(text)
    if not match:
        return SavedParam(name=text.split()[0] if text else "?", description=text)
    name, description = match.group(1), match.group(2).strip()
    default = _DEFAULT.search(description)
    return SavedParam(
        name=name,
        description=description,
        default=default.group(1).strip().rstrip(".") if default else None,
    )


def _is_file(path: Path) -> bool:
    """``Path.is_file`` that says no (rather than raising) for a name too long to exist."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"cannot read query file {path}: {error}") from None

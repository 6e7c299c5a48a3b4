"""Where the shipped ontology, saved queries and data files live.

In a wheel they are inside the package (``newsgraph/ontology``, ``newsgraph/queries``);
in a source checkout (editable install) they are at the repository's top level.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_dir", "queries_dir", "data_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / name


def ontology_dir() -> Path:
    """Directory holding newsgraph.ttl, event-types.ttl and shapes.ttl."""
    return _find("ontology")


def queries_dir() -> Path:
    """Directory holding the saved ``.rq`` queries."""
    return _find("queries")


def data_dir() -> Path:
    """Directory of the package's data tables (lexicons, demonyms, organisations)."""
    return _PACKAGE / "data"

"""Errors of the analysis layer, subclasses of :class:`~newsgraph.errors.NewsgraphError`.

They live here rather than in ``newsgraph.errors`` so the analysis package is
self-contained; the CLI turns each into a one-line ``Error: ...`` message (exit 1).
"""

from __future__ import annotations

from ..errors import NewsgraphError

__all__ = ["AnalysisError", "UnknownActorError", "NoPathError"]


class AnalysisError(NewsgraphError):
    """A projection or analysis cannot be made as asked (bad filter, unknown view)."""


class UnknownActorError(AnalysisError):
    """No node of the projection matches the actor name or IRI the user gave."""

    def __init__(self, query: str) -> None:
        super().__init__(f"no actor matches {query!r}")
        self.query = query


class NoPathError(AnalysisError):
    """Two actors are in the projection but no chain of edges connects them."""

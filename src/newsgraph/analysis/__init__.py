"""Network analysis of the knowledge graph: projections to NetworkX and measures on them."""

from __future__ import annotations

from .errors import AnalysisError, NoPathError, UnknownActorError
from .projections import VIEWS, project, resolve_actor

__all__ = ["VIEWS", "project", "resolve_actor", "AnalysisError", "NoPathError", "UnknownActorError"]

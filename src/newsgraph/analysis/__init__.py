"""Network analysis of the knowledge graph: projections to NetworkX and measures on them.

Laid out like NetworkX, one module per family; the common names are re-exported here.
igraph is imported only when a function needs it.

>>> import networkx as nx
>>> [sorted(c) for c in louvain(nx.barbell_graph(3, 0))]
[[0, 1, 2], [3, 4, 5]]
"""

from __future__ import annotations

from .activity import activity_table, iso_week, weekly_activity
from .centrality import betweenness, centrality_table, degree, pagerank, weighted_degree
from .communities import components, core_numbers, k_core, louvain, membership, modularity
from .errors import AnalysisError, NoPathError, UnknownActorError
from .paths import ActorPath, Hop, shortest_path
from .projections import VIEWS, project, resolve_actor
from .summary import summarize
from .writeback import write_back, write_metrics

__all__ = [
    "VIEWS",
    "project",
    "resolve_actor",
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "centrality_table",
    "louvain",
    "modularity",
    "membership",
    "k_core",
    "core_numbers",
    "components",
    "shortest_path",
    "ActorPath",
    "Hop",
    "iso_week",
    "weekly_activity",
    "activity_table",
    "summarize",
    "write_back",
    "write_metrics",
    "AnalysisError",
    "NoPathError",
    "UnknownActorError",
]

"""RDF → NetworkX projections: the store seen as a graph of actors, places or everything.

Why projections: network measures (centrality, communities, paths) need a plain graph,
while the store holds events as nodes with agent/target/place links. A *view* decides what
becomes a node and what an edge:

``actors`` (default, :class:`networkx.DiGraph`)
    actor → actor for each event (every agent → every target that is an actor; an
    event's agent acting on itself is no edge). Edge ``weight`` = number of events.
    Actors of the kept events without a partner stay as isolated nodes.
``comentions`` (:class:`networkx.Graph`)
    actors mentioned in the same sentence of the same article; ``weight`` = number of
    distinct sentences.
``full`` (:class:`networkx.DiGraph`)
    actors, places, events and articles; edges event→agent (``relation="agent"``),
    event→target, event→place, event→article (``in_article``), place→country
    (``located_in``) and actor→organisation/country (``affiliated_with``), weight 1.
``places`` (:class:`networkx.Graph`)
    places where the kept events happen; two places are linked when one article reports
    events at both, ``weight`` = number of such articles.

Node ids are IRIs. Denied events (``ng:negated``) are left out unless ``negated=True``.
See :func:`project` for the filters and ``docs/analysis.md`` for every attribute.

>>> from newsgraph.store import open_store
>>> G = project(open_store("newsgraph.store"), "actors", since="2024-03")  # doctest: +SKIP
>>> sorted(G.nodes["https://w3id.org/newsgraph/id/country/RUS"])[:3]  # doctest: +SKIP
['articles', 'country', 'dates']
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from .._gc import gc_paused, projection_done
from ..store import GraphStore
from ._data import ACTOR_KINDS, Snapshot, load_snapshot
from ._views import (
    actors_view,
    comentions_view,
    full_view,
    places_view,
)
from .errors import AnalysisError, UnknownActorError
from .filters import EventTypeFilter, check_date, in_range

__all__ = ["VIEWS", "project", "resolve_actor", "project_snapshot"]

_NOT_ACTORS = frozenset({"event", "article"})
# The event links each view draws: the others are not read from the store.
_VIEW_PARTS = {
    "actors": ("agent", "target"),
    "comentions": ("agent", "target"),
    "places": ("place",),
    "full": ("agent", "target", "place", "trigger"),
}

#: The views :func:`project` knows, the default first.
VIEWS = ("actors", "comentions", "full", "places")


def project(
    store: GraphStore,
    view: str = "actors",
    *,
    since: str | None = None,
    until: str | None = None,
    event_types: Sequence[str] = (),
    min_weight: float = 0,
    actor: str | None = None,
    radius: int = 1,
    negated: bool = False,
) -> nx.DiGraph | nx.Graph:
    """Project the store onto a NetworkX graph (``view``: one of :data:`VIEWS`).

    Filters, applied in this order:

    - ``since`` / ``until``: ISO date prefixes (``2024``, ``2024-03``, ``2024-03-05``) on
      the event date (``sem:hasTimeStamp``, else the article's ``schema:datePublished``);
      undated events drop out once either bound is given;
    - ``event_types``: CAMEO roots (``"19"``), CAMEO code prefixes (``"194"``) or
      QuadClasses (``"q4"``, ``"quad:4"``), any of them;
    - ``min_weight``: edges lighter than this go, and so do the nodes left without edges;
    - ``actor`` (an IRI, or part of a label, case-insensitive) with ``radius``: the ego
      network around that node, following edges in either direction.

    Raises :class:`~newsgraph.analysis.errors.AnalysisError` on a bad filter and
    :class:`~newsgraph.analysis.errors.UnknownActorError` when ``actor`` matches nothing.
    """
    if view not in VIEWS:
        raise AnalysisError(f"unknown view {view!r}; available: {', '.join(VIEWS)}")
    since = check_date(since, "since")
    until = check_date(until, "until")
    types = EventTypeFilter.parse(event_types)
    if radius < 0:
        raise AnalysisError("radius must be 0 or more")
    with gc_paused():
        snapshot = load_snapshot(store, _VIEW_PARTS[view])
        graph = project_snapshot(
            snapshot, view, since=since, until=until, types=types, negated=negated, store=store
        )
    graph.graph.update(
        view=view,
        since=since or "",
        until=until or "",
        event_types=";".join(event_types),
        min_weight=float(min_weight),
        actor=actor or "",
        radius=radius if actor else 0,
    )
    if min_weight:
        _drop_light_edges(graph, min_weight)
    if actor:
        centre = resolve_actor(graph, actor)
        graph = nx.ego_graph(graph, centre, radius=radius, undirected=True)
    projection_done()
    return graph


def project_snapshot(
    snapshot: Snapshot,
    view: str,
    *,
    since: str | None = None,
    until: str | None = None,
    types: EventTypeFilter | None = None,
    negated: bool = False,
    store: GraphStore | None = None,
) -> nx.DiGraph | nx.Graph:
    """Build one view from an already loaded snapshot (no ``min_weight``/ego step).

    ``store`` is needed by the ``comentions`` view only, which reads mentions and texts.
    """
    types = types or EventTypeFilter()
    events = [e for e in snapshot.events.values() if negated or not e.negated]
    if since is not None or until is not None:
        events = [e for e in events if in_range(e.date, since=since, until=until)]
    if types:
        events = [e for e in events if types.matches(root=e.root, cameo=e.cameo, quad=e.quad)]
    if view == "actors":  # builds in sorted order itself: sorting 500k events took seconds
        return actors_view(snapshot, events)
    events.sort(key=lambda e: e.iri)
    if view == "places":
        return places_view(snapshot, events)
    if view == "full":
        return full_view(snapshot, events)
    if store is None:
        raise AnalysisError("the comentions view needs the store")
    return comentions_view(
        snapshot, events, store, keep=lambda e: in_range(e, since=since, until=until), types=types
    )


def _drop_light_edges(graph: nx.Graph, min_weight: float) -> None:
    """Remove edges below ``min_weight``, then every node left without an edge.

    Why isolated nodes go too: asking for strong ties means the weakly tied (and the
    untied) are not of interest; without ``min_weight`` isolated actors stay.
    """
    light = [(u, v) for u, v, w in graph.edges(data="weight", default=1) if w < min_weight]
    graph.remove_edges_from(light)
    graph.remove_nodes_from(list(nx.isolates(graph)))


def resolve_actor(graph: nx.Graph, query: str, *, actors_only: bool = False) -> str:
    """The node that ``query`` names: its IRI, its label, or part of its label.

    Why an order of preference: "Turkey" must pick ``country/TUR`` even though "Turkey's
    army" also contains it. Exact IRI, then exact label (case-insensitive), then label
    substring; among several substring matches the most mentioned node wins (ties: the
    shorter label, then the IRI). Events and articles are never matched (with
    ``actors_only``, nothing but actors); a node without ``kind`` matches by its id.

    >>> G = nx.Graph()
    >>> G.add_node("x:tur", label="Turkey", kind="country", mentions=9)
    >>> G.add_node("x:ta", label="Turkish Army", kind="organization", mentions=2)
    >>> resolve_actor(G, "turk"), resolve_actor(G, "Turkish army")
    ('x:tur', 'x:ta')
    """
    wanted = query.strip()
    candidates = [
        (n, d)
        for n, d in graph.nodes(data=True)
        if (d.get("kind") in ACTOR_KINDS if actors_only else d.get("kind") not in _NOT_ACTORS)
    ]
    for node, _ in candidates:
        if node == wanted:
            return node
    lowered = wanted.casefold()
    if not lowered:
        raise UnknownActorError(query)
    exact = [n for n, d in candidates if str(d.get("label", "")).casefold() == lowered]
    partial = [(n, d) for n, d in candidates if lowered in str(d.get("label", "")).casefold()]
    if exact:
        return sorted(exact)[0]
    if not partial:
        raise UnknownActorError(query)
    partial.sort(key=lambda nd: (-int(nd[1].get("mentions", 0)), len(nd[1]["label"]), nd[0]))
    return partial[0][0]

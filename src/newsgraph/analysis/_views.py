"""The event-based views (actors, places, full) built from a loaded snapshot.

Why nodes and edges are added in sorted order: NetworkX keeps insertion order, and
igraph conversion, Louvain and shortest-path tie-breaking follow it, so a sorted build
makes every analysis repeat exactly on the same store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import networkx as nx

from ._attrs import edge_attrs, entity_attrs, event_evidence
from ._data import ACTOR_KINDS, Event, Snapshot
from ._views_comentions import comentions_view

__all__ = [
    "actors_view",
    "places_view",
    "full_view",
    "comentions_view",
]


def _add_entities(
    graph: nx.Graph, snapshot: Snapshot, dates: dict[str, list[str]], nodes: Iterable[str]
) -> None:
    for iri in sorted(set(nodes)):
        graph.add_node(iri, **entity_attrs(snapshot.entities[iri], dates.get(iri, ())))


def actors_view(snapshot: Snapshot, events: list[Event]) -> nx.DiGraph:
    """Actor → actor edges from the agents and targets of ``events`` (in any order).

    Why no per-call NetworkX API in the loop: on 500k events, ``add_edge`` per edge, a
    sort of every event and of 500k (agent, target) string pairs took half the build.
    Pairs are grouped by agent, so only the 100k agents and each one's few targets are
    sorted; nodes and edges still go in sorted order, each edge's events in IRI order.
    """
    entities = snapshot.entities
    actors = {iri for iri, entity in entities.items() if entity.kind in ACTOR_KINDS}
    by_agent: dict[str, dict[str, list[Event]]] = {}
    dates: dict[str, list[str]] = {}
    for event in events:
        date = event.date
        agents = [a for a in event.agents if a in actors]
        targets = [t for t in event.targets if t in actors]
        if len(agents) == 1 and len(targets) == 1:  # most events: skip building sets
            involved: Iterable[str] = agents if agents == targets else (agents[0], targets[0])
        else:
            involved = set(agents) | set(targets)
        for actor in involved:
            if actor in dates:
                dates[actor].append(date)
            else:
                dates[actor] = [date]
        for agent in agents:
            row = by_agent.get(agent)
            if row is None:
                row = by_agent[agent] = {}
            for target in targets:
                if agent != target:
                    if target in row:
                        row[target].append(event)
                    else:
                        row[target] = [event]
    graph = nx.DiGraph()
    _add_entities(graph, snapshot, dates, dates)
    # What DiGraph.add_edge does, minus its per-call checks and copy of the attribute
    # dict (both ends are nodes already): a fifth of the build on 500k edges.
    succ, pred = graph._succ, graph._pred
    for agent, target, attrs in _actor_edges(by_agent):
        succ[agent][target] = pred[target][agent] = attrs
    clear_cache = getattr(nx, "_clear_cache", None)  # NetworkX ≥ 3.3 caches its views
    if clear_cache is not None:
        clear_cache(graph)
    return graph


def _actor_edges(by_agent: dict[str, dict[str, list[Event]]]) -> Iterator[tuple]:
    for agent in sorted(by_agent):
        row = by_agent[agent]
        for target in sorted(row) if len(row) > 1 else row:
            edge_events = row[target]
            if len(edge_events) > 1:
                edge_events.sort(key=_iri)
            yield agent, target, edge_attrs(edge_events)


def _iri(event: Event) -> str:
    return event.iri


def places_view(snapshot: Snapshot, events: list[Event]) -> nx.Graph:
    """Places linked when one article reports events at both (weight: such articles)."""
    entities = snapshot.entities
    dates: dict[str, list[str]] = defaultdict(list)
    by_article: dict[str, dict[str, list[Event]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        for place in dict.fromkeys(event.places):
            if place in entities:
                dates[place].append(event.date)
                by_article[event.article][place].append(event)
    links: dict[tuple[str, str], list[tuple[str, list[Event]]]] = defaultdict(list)
    for article, at in by_article.items():
        places = sorted(at)
        for i, p in enumerate(places):
            for q in places[i + 1 :]:
                links[p, q].append((article, at[p] + at[q]))
    graph = nx.Graph()
    _add_entities(graph, snapshot, dates, dates)
    for (p, q), reports in sorted(links.items()):
        reported = sorted(
            {e.iri: e for _, evs in reports for e in evs}.values(),
            key=lambda e: (e.date, e.article, e.iri),
        )
        edge_dates = sorted(e.date for e in reported if e.date)
        graph.add_edge(
            p,
            q,
            weight=len(reports),
            first=edge_dates[0] if edge_dates else "",
            last=edge_dates[-1] if edge_dates else "",
            dates=edge_dates,
            evidence=sorted(article for article, _ in reports),
            sentences=[event_evidence(e) for e in reported],
        )
    return graph


def _event_attrs(event: Event) -> dict:
    return {
        "iri": event.iri,
        "label": event.trigger or event.cameo or event.iri.rsplit("/", 1)[-1],
        "kind": "event",
        "country": "",
        "mentions": 0,
        "articles": 1,
        "first": event.date,
        "last": event.date,
        "dates": [event.date] if event.date else [],
        "roles": "",
        "cameo": event.cameo,
        "root": event.root,
        "quad_class": event.quad,
        "goldstein": event.goldstein if event.goldstein is not None else 0.0,
        "sentence": event.sentence,
        "date": event.date,
        "article": event.article,
    }


def _article_attrs(snapshot: Snapshot, iri: str, dates: list[str]) -> dict:
    article = snapshot.articles.get(iri)
    known = sorted(d for d in dates if d)
    return {
        "iri": iri,
        "label": article.label if article else iri,
        "kind": "article",
        "country": "",
        "mentions": 0,
        "articles": 1,
        "first": known[0] if known else "",
        "last": known[-1] if known else "",
        "dates": known,
        "roles": "",
        "date": article.date if article else "",
    }


def full_view(snapshot: Snapshot, events: list[Event]) -> nx.DiGraph:
    """Events with their agents, targets, places and articles, plus containment links."""
    entities = snapshot.entities
    dates: dict[str, list[str]] = defaultdict(list)
    edges: list[tuple[str, str, str]] = []
    article_dates: dict[str, list[str]] = defaultdict(list)
    for event in events:
        article_dates[event.article].append(event.date)
        for relation, others in (
            ("agent", event.agents),
            ("target", event.targets),
            ("place", event.places),
        ):
            for other in dict.fromkeys(others):
                if other in entities:
                    dates[other].append(event.date)
                    edges.append((event.iri, other, relation))
        edges.append((event.iri, event.article, "in_article"))
    linked = set(dates)
    for iri in sorted(linked):
        entity = entities[iri]
        for country in entity.located_in if entity.kind == "place" else ():
            if country in entities:
                edges.append((iri, country, "located_in"))
        for org in entity.affiliations if entity.kind in ACTOR_KINDS else ():
            if org in entities:
                edges.append((iri, org, "affiliated_with"))
    graph = nx.DiGraph()
    extra = {v for _, v, rel in edges if rel in ("located_in", "affiliated_with")}
    _add_entities(graph, snapshot, dates, linked | extra)
    for event in events:
        graph.add_node(event.iri, **_event_attrs(event))
    for article in sorted(article_dates):
        graph.add_node(article, **_article_attrs(snapshot, article, article_dates[article]))
    for u, v, relation in sorted(set(edges)):
        if graph.has_edge(u, v):  # e.g. a country that is both agent and place of an event
            graph.edges[u, v]["relation"] += f";{relation}"
        else:
            graph.add_edge(u, v, relation=relation, weight=1)
    return graph

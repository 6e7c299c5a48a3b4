"""Node and edge attributes shared by the views (one place, so every view agrees)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from statistics import fmean

from ._data import Entity, Event

__all__ = ["entity_attrs", "event_evidence", "edge_attrs"]


def entity_attrs(entity: Entity, dates: Iterable[str]) -> dict:
    """Node attributes of an actor or place; ``dates`` has one entry per event."""
    sorted_dates = sorted(d for d in dates if d)
    attrs = {
        "iri": entity.iri,
        "label": entity.label,
        "kind": entity.kind,
        "country": entity.country,
        "mentions": entity.mentions,
        "articles": entity.articles,
        "first": sorted_dates[0] if sorted_dates else "",
        "last": sorted_dates[-1] if sorted_dates else "",
        "dates": sorted_dates,
        "roles": "; ".join(entity.roles),
    }
    if entity.lat is not None and entity.lon is not None:
        attrs["lat"], attrs["lon"] = entity.lat, entity.lon
    if entity.kind == "country" and not entity.country:
        attrs["country"] = entity.iri.rsplit("/", 1)[-1] if "/country/" in entity.iri else ""
    return attrs


def event_evidence(event: Event) -> dict:
    """One evidence record: the sentence that reports an event, and where it comes from."""
    return {
        "sentence": event.sentence,
        "article": event.article,
        "date": event.date,
        "event": event.iri,
        "cameo": event.cameo,
    }


def edge_attrs(events: list[Event]) -> dict:
    """Attributes of an edge that aggregates ``events`` (the actors view's edges)."""
    if len(events) == 1:  # most edges: skip the counters (a third of a 500k-edge build)
        return _single_event_attrs(events[0])
    roots = Counter(e.root for e in events if e.root)
    quads = Counter(e.quad for e in events if e.quad)
    scores = [e.goldstein for e in events if e.goldstein is not None]
    dates = sorted(e.date for e in events if e.date)
    ordered = sorted(events, key=lambda e: (e.date, e.article, e.iri))
    return {
        "weight": len(events),
        "cameo_roots": ";".join(f"{r}:{n}" for r, n in sorted(roots.items())),
        "root_counts": dict(sorted(roots.items())),
        "goldstein": round(fmean(scores), 4) if scores else 0.0,
        "quad_counts": ";".join(f"{q}:{n}" for q, n in sorted(quads.items())),
        "first": dates[0] if dates else "",
        "last": dates[-1] if dates else "",
        "dates": dates,
        "evidence": sorted({e.article for e in events}),
        "sentences": [event_evidence(e) for e in ordered],
    }


def _single_event_attrs(e: Event) -> dict:
    # event_evidence inlined: this runs once per edge (500k times on the benchmark).
    root, quad, date = e.root, e.quad, e.date
    return {
        "weight": 1,
        "cameo_roots": f"{root}:1" if root else "",
        "root_counts": {root: 1} if root else {},
        "goldstein": round(e.goldstein, 4) if e.goldstein is not None else 0.0,
        "quad_counts": f"{quad}:1" if quad else "",
        "first": date,
        "last": date,
        "dates": [date] if date else [],
        "evidence": [e.article],
        "sentences": [
            {
                "sentence": e.sentence,
                "article": e.article,
                "date": date,
                "event": e.iri,
                "cameo": e.cameo,
            }
        ],
    }

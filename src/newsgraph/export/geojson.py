"""GeoJSON (RFC 7946): places and events as points, for QGIS and kepler.gl.

Why the ``full`` view by default: events are nodes there, linked to their places, so
each event can be put on the map at its place. A node with coordinates (a place, or any
node that has ``lat``/``lon``) becomes a point; an event without coordinates of its own
takes those of the first of its places that has them, and one without any is left out
(``properties.events_without_place`` in the collection's ``newsgraph`` member counts
them). Coordinates are ``[longitude, latitude]``, as RFC 7946 says.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import networkx as nx

from ._flat import flat_value
from ._network import ExportContext, NetworkFormat, register_network

__all__ = ["to_geojson"]

_EVENT_KEYS = ("date", "cameo", "root", "quad_class", "goldstein", "sentence", "article")
_PLACE_KEYS = ("country", "mentions", "articles", "first", "last", "roles")


def _point(data: dict[str, Any]) -> list[float] | None:
    lat, lon = data.get("lat"), data.get("lon")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return [float(lon), float(lat)]
    return None


def _event_place(graph: nx.Graph, event: Any) -> tuple[Any, list[float]] | None:
    neighbours = graph.successors(event) if graph.is_directed() else graph.neighbors(event)
    for other in sorted(neighbours, key=str):
        relation = str(graph.edges[event, other].get("relation", "place"))
        point = _point(graph.nodes[other])
        if "place" in relation.split(";") and point is not None:
            return other, point
    return None


def _labels(graph: nx.Graph, event: Any, relation: str) -> str:
    if not graph.is_directed():
        return ""
    names = [
        str(graph.nodes[v].get("label", v))
        for v in graph.successors(event)
        if relation in str(graph.edges[event, v].get("relation", "")).split(";")
    ]
    return "; ".join(sorted(names))


def to_geojson(graph: nx.Graph) -> dict[str, Any]:
    """A FeatureCollection of the graph's located nodes and events."""
    features = []
    unplaced = 0
    for node, data in graph.nodes(data=True):
        kind = str(data.get("kind", ""))
        props: dict[str, Any] = {
            "iri": str(data.get("iri", node)),
            "label": str(data.get("label", node)),
            "kind": kind,
        }
        point = _point(data)
        if kind == "event":
            found = None if point else _event_place(graph, node)
            if point is None and found is None:
                unplaced += 1
                continue
            if found is not None:
                place, point = found
                props["place"] = str(graph.nodes[place].get("label", place))
                props["place_iri"] = str(place)
            props.update((k, flat_value(data.get(k))) for k in _EVENT_KEYS if k in data)
            props["agents"] = _labels(graph, node, "agent")
            props["targets"] = _labels(graph, node, "target")
        elif point is None:
            continue
        else:
            props.update((k, flat_value(data.get(k))) for k in _PLACE_KEYS if k in data)
            props["events"] = len(data.get("dates") or ())
        features.append(
            {
                "type": "Feature",
                "id": props["iri"],
                "geometry": {"type": "Point", "coordinates": point},
                "properties": props,
            }
        )
    return {
        "type": "FeatureCollection",
        "newsgraph": {
            "view": graph.graph.get("view", ""),
            "events_without_place": unplaced,
        },
        "features": features,
    }


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    text = json.dumps(to_geojson(graph), ensure_ascii=False, indent=1, allow_nan=False)
    out.write(text.encode("utf-8") + b"\n")


register_network(
    NetworkFormat(
        "geojson",
        _render,
        "GeoJSON points of places and events (QGIS, kepler.gl)",
        extension="geojson",
        default_view="full",
    )
)

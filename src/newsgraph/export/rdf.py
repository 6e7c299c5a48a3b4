"""RDF exports through pyoxigraph's own serializers.

Triple formats get the union of all graphs; since no triple is in two graphs
(DESIGN.md) dumping graph by graph writes each triple once without holding the store in
memory. Quad formats keep the graphs.
"""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES
from ..store import GraphStore
from .registry import Exporter, register

__all__: list[str] = []


def _dataset_writer(fmt: ox.RdfFormat):  # noqa: ANN202
    def write(store: GraphStore, out: BinaryIO) -> None:
        kwargs = {"prefixes": PREFIXES} if fmt in (ox.RdfFormat.TRIG,) else {}
        store.ox.dump(out, format=fmt, **kwargs)

    return write


def _union_writer(fmt: ox.RdfFormat):  # noqa: ANN202
    def write(store: GraphStore, out: BinaryIO) -> None:
        kwargs = {"prefixes": PREFIXES} if fmt is ox.RdfFormat.TURTLE else {}
        graphs = sorted(store.ox.named_graphs(), key=str)
        for graph in [ox.DefaultGraph(), *graphs]:
            out.write(store.ox.dump(format=fmt, from_graph=graph, **kwargs))

    return write


for name, fmt, aliases, ext, what in [
    ("turtle", ox.RdfFormat.TURTLE, ("ttl",), "ttl", "Turtle, union of all graphs"),
    (
        "ntriples",
        ox.RdfFormat.N_TRIPLES,
        ("nt", "n-triples"),
        "nt",
        "N-Triples, union of all graphs",
    ),
]:
    register(Exporter(name, _union_writer(fmt), what, aliases, ext))

for name, fmt, aliases, ext, what in [
    ("nquads", ox.RdfFormat.N_QUADS, ("nq", "n-quads"), "nq", "N-Quads, graphs kept"),
    ("trig", ox.RdfFormat.TRIG, (), "trig", "TriG, graphs kept"),
    ("jsonld", ox.RdfFormat.JSON_LD, ("json-ld",), "jsonld", "JSON-LD, graphs kept"),
]:
    register(Exporter(name, _dataset_writer(fmt), what, aliases, ext))

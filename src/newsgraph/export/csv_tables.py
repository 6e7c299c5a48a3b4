"""CSV: ``nodes.csv`` and ``edges.csv`` in a directory (Gephi, spreadsheets, pandas, R).

Why these column names: Gephi's spreadsheet import recognises ``Id`` and ``Label`` for
nodes and ``Source``, ``Target``, ``Type`` and ``Weight`` for edges, so the two files load
with *File → Import spreadsheet* without mapping columns. Ids are the IRIs. Lists and
dicts are JSON text, as in the other table formats. Values are written as they are (no
quote prefix before ``=``, ``+``, ``-``, ``@``), so a spreadsheet program must open them
as text: see docs/exports.md. As a stream (``write(store, out)``, ``-o FILE.zip``) the two
files come as one ZIP archive.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx

from ._flat import table
from ._network import ExportContext, NetworkFormat, register_network, zip_directory

__all__ = ["write_tables"]

_NODE_FIRST = ("Id", "Label", "kind")
_EDGE_FIRST = ("Source", "Target", "Type", "Weight", "source_label", "target_label")


def _columns(first: tuple[str, ...], rows: list[dict[str, Any]]) -> list[str]:
    seen = dict.fromkeys(first)
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def write_tables(graph: nx.Graph, directory: Path, context: ExportContext) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``directory`` (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    flat = table(graph)
    iri_of = {nid: attrs["iri"] for nid, attrs in flat.nodes}
    label_of = {nid: attrs.get("label", "") for nid, attrs in flat.nodes}
    nodes = []
    for _, attrs in flat.nodes:
        row = {"Id": attrs["iri"], "Label": attrs.get("label", "")}
        row.update((k, v) for k, v in attrs.items() if k not in ("iri", "label"))
        nodes.append(row)
    kind = "Directed" if graph.is_directed() else "Undirected"
    edges = []
    for _, source, target, attrs in flat.edges:
        row = {
            "Source": iri_of[source],
            "Target": iri_of[target],
            "Type": kind,
            "Weight": attrs.get("weight", 1),
            "source_label": label_of[source],
            "target_label": label_of[target],
        }
        row.update((k, v) for k, v in attrs.items() if k != "weight")
        edges.append(row)
    paths = []
    for name, first, rows in (("nodes", _NODE_FIRST, nodes), ("edges", _EDGE_FIRST, edges)):
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=_columns(first, rows), restval="")
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths


def _render(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    zip_directory(write_tables, graph, out, context)


register_network(
    NetworkFormat(
        "csv",
        _render,
        "nodes.csv and edges.csv (Gephi spreadsheet import, pandas); -o names a directory",
        extension="zip",
        binary=True,
        write_directory=write_tables,
    )
)

"""What every network export shares: options, the graph it draws from, and conversions.

Why one module: the formats differ only in syntax. The graph (a projection from
:func:`newsgraph.analysis.projections.project`, plus PageRank and community scores), the
node ids that XML formats need, the flattening of lists and dicts into typed columns, the
colours and the layout must be the same in every file, so a node is the same colour in
Gephi, the browser and the PNG.

A network format registers a :class:`NetworkFormat` as its ``Exporter.write``: called as
``write(store, out)`` it exports the default view with no filters (the registry's
contract); the CLI calls :meth:`NetworkFormat.export` with the user's view and filters.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from ..errors import NewsgraphError
from ..store import GraphStore
from ._drawing import (
    COMMUNITY_COLOURS,
    KIND_COLOURS,
    KIND_ORDER,
    community_colour,
    kind_colour,
    layout,
    node_sizes,
)
from .registry import Exporter, register

__all__ = [
    "COMMUNITY_COLOURS",
    "KIND_COLOURS",
    "KIND_ORDER",
    "NetworkFormat",
    "NetworkOptions",
    "OutputError",
    "article_info",
    "community_colour",
    "ensure_scores",
    "kind_colour",
    "layout",
    "load_graph",
    "network_format",
    "node_sizes",
    "register_network",
    "zip_directory",
]


class OutputError(NewsgraphError):
    """The output asked for does not suit the format (e.g. binary PNG to a terminal)."""


@dataclass(frozen=True)
class NetworkOptions:
    """Which projection to export: the view and the filters :func:`project` takes."""

    view: str = "actors"
    since: str | None = None
    until: str | None = None
    event_types: tuple[str, ...] = ()
    min_weight: float = 0
    actor: str | None = None
    radius: int = 1


@dataclass(frozen=True)
class ExportContext:
    """What a format may need besides the graph: the store (for article URLs), options."""

    store: GraphStore | None = None
    options: NetworkOptions = field(default_factory=NetworkOptions)


RenderFn = Callable[[nx.Graph, BinaryIO, ExportContext], None]
DirectoryFn = Callable[[nx.Graph, Path, ExportContext], list[Path]]


@dataclass(frozen=True)
class NetworkFormat:
    """A network export: renders a projected graph to bytes (or to a directory).

    ``binary`` formats refuse a terminal; ``directory`` formats write several files into
    the directory ``-o`` names, and as a stream write them as one ZIP archive.
    """

    name: str
    render: RenderFn
    description: str
    aliases: tuple[str, ...] = ()
    extension: str = ""
    default_view: str = "actors"
    binary: bool = False
    write_directory: DirectoryFn | None = None

    def __call__(self, store: GraphStore, out: BinaryIO) -> None:
        """The registry's ``write(store, out)``: the default view, unfiltered."""
        options = NetworkOptions(view=self.default_view)
        self.render(load_graph(store, options), out, ExportContext(store, options))

    def export(self, store: GraphStore, options: NetworkOptions, output: str | None) -> str:
        """Project with ``options`` and write to ``output`` (a path, or None: stdout).

        The output is checked before the (slow) projection and written only once it is
        complete, so a failed export leaves no half-written file. Returns what was
        written, for the CLI to report.
        """
        import io
        import sys

        as_directory = self.write_directory is not None and output is not None
        as_directory = as_directory and not str(output).lower().endswith(".zip")
        if output is None and self.write_directory is not None:
            raise OutputError(
                f"format {self.name} writes several files: pass -o DIRECTORY "
                "(or -o FILE.zip for one archive)"
            )
        if output is None and self.binary and sys.stdout.isatty():
            raise OutputError(
                f"format {self.name} is binary; pass -o FILE.{self.extension} "
                "or redirect stdout to a file"
            )
        graph = load_graph(store, options)
        context = ExportContext(store, options)
        try:
            if as_directory and self.write_directory is not None and output is not None:
                paths = self.write_directory(graph, Path(output), context)
                return ", ".join(str(p) for p in paths)
            buffer = io.BytesIO()
            self.render(graph, buffer, context)
            if output is None:
                sys.stdout.buffer.write(buffer.getvalue())
                sys.stdout.buffer.flush()
                return "stdout"
            Path(output).write_bytes(buffer.getvalue())
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
        return output


def register_network(fmt: NetworkFormat) -> NetworkFormat:
    """Register a network format in the export registry (its ``write`` is ``fmt``)."""
    register(Exporter(fmt.name, fmt, fmt.description, fmt.aliases, fmt.extension))
    return fmt


def network_format(exporter: Exporter) -> NetworkFormat | None:
    """The :class:`NetworkFormat` behind an exporter, or None for RDF formats."""
    write = exporter.write
    return write if isinstance(write, NetworkFormat) else None


def zip_directory(
    write_directory: DirectoryFn, graph: nx.Graph, out: BinaryIO, context: ExportContext
) -> None:
    """Write a directory format's files as one ZIP archive (the stream form)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_directory(graph, Path(tmp), context)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in paths:  # a fixed time stamp: the same store gives the same bytes
                entry = zipfile.ZipInfo(path.name, date_time=(1980, 1, 1, 0, 0, 0))
                archive.writestr(entry, path.read_bytes(), zipfile.ZIP_DEFLATED)


# -- the graph -------------------------------------------------------------------------------


def load_graph(store: GraphStore, options: NetworkOptions) -> nx.Graph:
    """Project the store as ``options`` say and make sure every node has its scores."""
    from ..analysis.projections import project

    graph = project(
        store,
        options.view,
        since=options.since,
        until=options.until,
        event_types=options.event_types,
        min_weight=options.min_weight,
        actor=options.actor,
        radius=options.radius,
    )
    ensure_scores(graph)
    return graph


def ensure_scores(graph: nx.Graph) -> nx.Graph:
    """Add ``pagerank`` and ``community`` to nodes that lack them (in place).

    Why compute them here: pictures size nodes by centrality and may colour them by
    community, whether or not ``analyze`` has written scores. Communities (Leiden, as
    ``analyze communities``) get a fixed seed,
    and communities are numbered largest first, so exports repeat exactly.
    """
    if len(graph) == 0:
        return graph
    # the analysis package's implementations: igraph on large graphs, both edge
    # directions' weights summed for communities, the same numbering as `analyze`
    from ..analysis import louvain, membership, pagerank

    if any("pagerank" not in d for _, d in graph.nodes(data=True)):
        ranks = pagerank(graph, weight="weight") if graph.number_of_edges() else {}
        uniform = 1.0 / len(graph)
        for node, data in graph.nodes(data=True):
            data.setdefault("pagerank", float(ranks.get(node, uniform)))
    if any("community" not in d for _, d in graph.nodes(data=True)):
        for node, index in membership(louvain(graph, weight="weight")).items():
            graph.nodes[node].setdefault("community", index)
    return graph


# -- articles --------------------------------------------------------------------------------


def article_info(store: GraphStore | None, graph: nx.Graph) -> dict[str, dict[str, str]]:
    """Headline, URL and date of every article the graph cites as evidence.

    Why ask the store: projections cite articles by IRI, but a reader wants the story's
    own URL (``schema:url``) to click. Without a store, the map is empty.
    """
    if store is None:
        return {}
    wanted = _cited_articles(graph)
    if not wanted:
        return {}
    from ..rdf.namespaces import PREFIXES

    values = " ".join(f"<{iri}>" for iri in sorted(wanted) if ">" not in iri)
    query = f"""
    SELECT ?a ?url ?title ?date ?id WHERE {{
      VALUES ?a {{ {values} }}
      ?a a ng:Article .
      OPTIONAL {{ ?a schema:url ?url }}
      OPTIONAL {{ ?a schema:headline ?title }}
      OPTIONAL {{ ?a schema:datePublished ?date }}
      OPTIONAL {{ ?a schema:identifier ?id }}
    }}"""
    info: dict[str, dict[str, str]] = {}
    result = store.ox.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    for row in result:
        iri = row["a"].value
        if iri in info:
            continue
        info[iri] = {
            "title": row["title"].value if row["title"] else "",
            "url": row["url"].value if row["url"] else "",
            "date": row["date"].value[:10] if row["date"] else "",
            "id": row["id"].value if row["id"] else "",
        }
    return info


def _cited_articles(graph: nx.Graph) -> set[str]:
    cited: set[str] = set()
    for _, data in graph.nodes(data=True):
        if data.get("kind") == "article":
            cited.add(str(data.get("iri", "")))
        if data.get("article"):
            cited.add(str(data["article"]))
    for _, _, data in graph.edges(data=True):
        cited.update(str(a) for a in data.get("evidence", ()) or ())
        for sentence in data.get("sentences", ()) or ():
            if isinstance(sentence, Mapping) and sentence.get("article"):
                cited.add(str(sentence["article"]))
    cited.discard("")
    return cited

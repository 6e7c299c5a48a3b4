"""PNG and SVG pictures of the network, drawn with matplotlib (no Graphviz needed).

Why matplotlib: it is a Python dependency, so a picture needs nothing installed outside
the virtualenv, and its Agg backend draws without a display. Nodes sit where the shared
layout puts them (as in the other exports), sized by PageRank and coloured by kind, with
a legend. Only the most central nodes are labelled, so a large network stays readable.

Labels are drawn with ``parse_math=False``: a name holding ``$`` must not be read as
TeX. SVG keeps text as text (``svg.fonttype: none``), escaped by matplotlib's XML
writer; characters XML cannot hold are removed first. Outputs carry no creation date,
so the same store gives the same file.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import networkx as nx

from ._flat import xml_safe
from ._network import (
    KIND_ORDER,
    ExportContext,
    NetworkFormat,
    kind_colour,
    layout,
    node_sizes,
    register_network,
)

__all__ = ["draw_network", "MAX_LABELS"]

#: Nodes labelled in a picture: the most central ones.
MAX_LABELS = 30


def _title(graph: nx.Graph) -> str:
    g = graph.graph
    title = f"newsgraph — {g.get('view', 'network')} network"
    extras = [
        f"{k.replace('_', ' ')} {g[k]}"
        for k in ("since", "until", "event_types", "actor")
        if g.get(k)
    ]
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    return f"{title} ({', '.join([*extras, counts])})"


def draw_network(graph: nx.Graph, out: BinaryIO, fmt: str) -> None:
    """Draw ``graph`` to ``out`` as ``fmt`` (``png`` or ``svg``)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D

    positions = layout(graph)
    sizes = node_sizes(graph, 20.0, 500.0)
    nodes = list(graph.nodes)
    kinds = [str(graph.nodes[n].get("kind", "")) for n in nodes]
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "newsgraph"}):
        fig, ax = plt.subplots(figsize=(12, 9), dpi=150)
        try:
            ax.set_axis_off()
            if graph.number_of_edges():
                widths = [
                    0.5 + min(float(d.get("weight", 1) or 1), 10.0) * 0.4
                    for *_, d in graph.edges(data=True)
                ]
                nx.draw_networkx_edges(
                    graph,
                    positions,
                    ax=ax,
                    width=widths,
                    edge_color="#777777",
                    alpha=0.6,
                    arrows=graph.is_directed(),
                    arrowsize=10,
                    node_size=[sizes[n] for n in graph.nodes],
                )
            if nodes:
                ax.scatter(
                    [positions[n][0] for n in nodes],
                    [positions[n][1] for n in nodes],
                    s=[sizes[n] for n in nodes],
                    c=[kind_colour(k) for k in kinds],
                    edgecolors="#333333",
                    linewidths=0.5,
                    zorder=2,
                )
            _labels(ax, graph, positions, sizes)
            present = [k for k in KIND_ORDER if k in kinds] + sorted(set(kinds) - set(KIND_ORDER))
            handles = [
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=9,
                    markerfacecolor=kind_colour(k),
                    markeredgecolor="#333333",
                    label=k,
                )
                for k in present
            ]
            if handles:
                ax.legend(
                    handles=handles,
                    loc="upper left",
                    bbox_to_anchor=(1.0, 1.0),
                    frameon=False,
                    title="kind\n(size: PageRank)",
                )
            ax.set_title(xml_safe(_title(graph)), fontsize=11, loc="left")
            if not nodes:
                ax.text(0.5, 0.5, "no nodes match the filters", ha="center", transform=ax.transAxes)
            ax.margins(0.08)
            fig.tight_layout()
            metadata: dict[str, Any] = (
                {"Creator": "newsgraph", "Date": None}
                if fmt == "svg"
                else {"Software": "newsgraph"}
            )
            fig.savefig(out, format=fmt, metadata=metadata)
        finally:
            plt.close(fig)


def _labels(
    ax: Any,
    graph: nx.Graph,
    positions: dict[Any, tuple[float, float]],
    sizes: dict[Any, float],
) -> None:
    """Label the most central nodes just above their marker (``sizes`` are areas)."""
    ranked = sorted(
        graph.nodes(data=True), key=lambda nd: (-float(nd[1].get("pagerank", 0.0)), str(nd[0]))
    )
    for node, data in ranked[:MAX_LABELS]:
        ax.annotate(
            xml_safe(str(data.get("label", node))),
            positions[node],
            xytext=(0, sizes[node] ** 0.5 / 2 + 2),
            textcoords="offset points",
            fontsize=8,
            ha="center",
            va="bottom",
            parse_math=False,
            zorder=3,
            annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
        )


def _png(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    draw_network(graph, out, "png")


def _svg(graph: nx.Graph, out: BinaryIO, context: ExportContext) -> None:
    draw_network(graph, out, "svg")


register_network(
    NetworkFormat(
        "png",
        _png,
        "PNG picture of the network (matplotlib)",
        extension="png",
        binary=True,
    )
)
register_network(
    NetworkFormat("svg", _svg, "SVG picture of the network (matplotlib)", extension="svg")
)

"""``newsgraph analyze``: network analysis of a projection of the store.

Each subcommand projects the store (``newsgraph.analysis.project``) with the shared view
and filter options, calls one analysis function and prints a table, CSV or JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence

import click

from . import exit_without_teardown
from .options import library_errors, store_option

__all__ = ["analyze"]

_VIEWS = ("actors", "comentions", "full", "places")


def _projection_options(*, ego: bool = True) -> Callable:
    """``--view`` and the filters every subcommand shares (``ego`` adds ``--actor``)."""

    def decorate(func: Callable) -> Callable:
        options = [
            store_option,
            click.option(
                "--view",
                type=click.Choice(_VIEWS),
                default="actors",
                show_default=True,
                help="Projection: actors (who acts on whom), comentions (same sentence), "
                "full (actors, places, events, articles) or places.",
            ),
            click.option("--since", metavar="DATE", help="Keep events on or after DATE."),
            click.option("--until", metavar="DATE", help="Keep events on or before DATE."),
            click.option(
                "--event-type",
                "event_types",
                multiple=True,
                metavar="TYPE",
                help="CAMEO root (19), CAMEO code (194) or QuadClass (q4); repeatable.",
            ),
            click.option(
                "--min-weight",
                type=float,
                default=0,
                show_default=True,
                help="Drop edges lighter than this (e.g. fewer events).",
            ),
        ]
        if ego:
            options += [
                click.option("--actor", help="Keep the ego network of this actor (IRI or name)."),
                click.option(
                    "--radius",
                    type=click.IntRange(min=0),
                    default=1,
                    show_default=True,
                    help="Hops around --actor.",
                ),
            ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _format_option(func: Callable) -> Callable:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def _top_option(default: int) -> Callable:
    return click.option(
        "--top",
        type=click.IntRange(min=0),
        default=default,
        show_default=True,
        help="Show at most N rows (0: all).",
    )


def _project(store_path: str, view: str, **filters: object):
    from ..analysis import project
    from ..store import open_store

    store = open_store(store_path)
    try:
        return project(store, view, **filters)
    finally:
        store.close()
        # the projection is the command's large heap: at exit, leave it to the OS
        exit_without_teardown()


def _describe(view: str, filters: dict) -> str:
    parts = [f"view={view}"]
    for key, value in filters.items():
        if value not in (None, (), [], 0, ""):
            shown = ",".join(value) if isinstance(value, tuple | list) else value
            parts.append(f"{key}={shown}")
    return "newsgraph analyze: " + "; ".join(parts)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return str(value)


def _emit(rows: Sequence[dict], columns: Sequence[str], fmt: str, title: str) -> None:
    """Print ``rows`` as a rich table, CSV (all columns) or JSON."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        numeric = bool(rows) and isinstance(rows[0].get(column), int | float)
        table.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(_cell(row.get(c, "")) for c in columns))
    Console().print(table)


@click.group()
def analyze() -> None:
    """Network analysis: centrality, communities, paths and ego networks.

    Every subcommand first projects the store onto a graph (--view) with the
    same filters, then analyses it.

    \b
    Examples:
      newsgraph analyze summary
      newsgraph analyze centrality --top 10 --event-type q4
      newsgraph analyze path "Russia" "Turkey"
    """


@analyze.command()
@_projection_options()
@_format_option
def summary(store_path: str, view: str, fmt: str, **filters: object) -> None:
    """Size and shape of the projection: nodes by kind, edges, components, dates.

    \b
    Example:
      newsgraph analyze summary --view comentions --since 2024-03
    """
    from ..analysis.summary import summarize

    with library_errors():
        graph = _project(store_path, view, **filters)
        result = summarize(graph)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    rows = [{"what": k, "value": v} for k, v in result.items() if not isinstance(v, list)]
    rows += [{"what": "top", "value": ", ".join(result["top"])}]
    _emit(rows, ["what", "value"], fmt, f"{view} projection")


@analyze.command()
@_projection_options()
@click.option(
    "--k",
    type=click.IntRange(min=1),
    help="Sample K source nodes for betweenness (seeded). Default: exact up to 10,000 "
    "nodes, sampled above (a note says how many).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --k sampling.")
@_top_option(20)
@_format_option
@click.option(
    "--write-back", is_flag=True, help="Store the scores in the metrics graph (replaces it)."
)
def centrality(
    store_path: str,
    view: str,
    k: int | None,
    seed: int,
    top: int,
    fmt: str,
    write_back: bool,
    **filters: object,
) -> None:
    """Rank nodes by PageRank, with degree, weighted degree and betweenness.

    \b
    Examples:
      newsgraph analyze centrality --top 10
      newsgraph analyze centrality --k 500 --write-back --format csv > scores.csv
    """
    from ..analysis.centrality import betweenness_sample, centrality_table
    from ..analysis.writeback import write_back as store_scores

    with library_errors():
        graph = _project(store_path, view, **filters)
        if k is None:
            k = betweenness_sample(graph)
            if k is not None:
                click.echo(
                    f"betweenness estimated from {k:,} sampled nodes of {len(graph):,} "
                    f"(exact would take long on a graph this size); --k {len(graph)} "
                    "computes it exactly",
                    err=True,
                )
        rows = centrality_table(graph, k=k, seed=seed)
        if write_back:
            scores = {
                r["node"]: {
                    m: r[m] for m in ("degree", "weighted_degree", "pagerank", "betweenness")
                }
                for r in rows
            }
            n = store_scores(store_path, scores, _describe(view, {**filters, "k": k}))
            click.echo(f"wrote {n} triples to the metrics graph", err=True)
    for rank, row in enumerate(rows, 1):
        row["rank"], row["iri"] = rank, row.pop("node")
    columns = ["rank", "label", "kind", "degree", "weighted_degree", "pagerank", "betweenness"]
    _emit(rows[:top] if top else rows, columns + ["iri"] * (fmt != "table"), fmt, "centrality")


@analyze.command()
@_projection_options()
@click.option(
    "--method",
    type=click.Choice(["leiden", "multilevel"]),
    default="leiden",
    show_default=True,
    help="igraph's Leiden (Louvain with a refinement step; fast on large projections) "
    "or its multilevel Louvain.",
)
@click.option(
    "--resolution", type=float, default=1.0, show_default=True, help="Modularity resolution."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@_top_option(10)
@_format_option
@click.option(
    "--write-back", is_flag=True, help="Store ng:community in the metrics graph (replaces it)."
)
def communities(
    store_path: str,
    view: str,
    method: str,
    resolution: float,
    seed: int,
    top: int,
    fmt: str,
    write_back: bool,
    **filters: object,
) -> None:
    """Modularity communities (seeded, so they repeat); CSV and JSON list every node.

    \b
    Examples:
      newsgraph analyze communities
      newsgraph analyze communities --view comentions --format csv --write-back
    """
    from ..analysis.communities import louvain, modularity
    from ..analysis.writeback import write_back as store_scores

    with library_errors():
        graph = _project(store_path, view, **filters)
        parts = louvain(graph, resolution=resolution, seed=seed, method=method)
        score = modularity(graph, parts) if parts else 0.0
        if write_back:
            scores = {n: {"community": i} for i, part in enumerate(parts) for n in part}
            description = _describe(
                view, {**filters, "method": method, "resolution": resolution, "seed": seed}
            )
            written = store_scores(store_path, scores, description)
            click.echo(f"wrote {written} triples to the metrics graph", err=True)
    strength = dict(graph.degree(weight="weight"))
    if fmt != "table":
        rows = [
            {
                "community": i,
                "iri": n,
                "label": graph.nodes[n].get("label", n),
                "kind": graph.nodes[n].get("kind", ""),
                "weighted_degree": strength[n],
            }
            for i, part in enumerate(parts[:top] if top else parts)
            for n in sorted(part, key=lambda n: (-strength[n], str(n)))
        ]
        _emit(rows, ["community", "iri", "label", "kind", "weighted_degree"], fmt, "")
        return
    rows = [
        {
            "community": i,
            "size": len(part),
            "members": ", ".join(
                graph.nodes[n].get("label", n)
                for n in sorted(part, key=lambda n: (-strength[n], str(n)))[:8]
            )
            + (", …" if len(part) > 8 else ""),
        }
        for i, part in enumerate(parts[:top] if top else parts)
    ]
    title = f"{len(parts)} communities, modularity {score:.3f}"
    _emit(rows, ["community", "size", "members"], fmt, title)


@analyze.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@_projection_options(ego=False)
@click.option("--directed", is_flag=True, help="Follow edges only from agent to target.")
@_format_option
def path(
    source: str, target: str, store_path: str, view: str, directed: bool, fmt: str, **filters
) -> None:
    """Shortest path between two actors, with the sentences behind every hop.

    FROM and TO are IRIs, names or parts of names (case-insensitive).

    \b
    Example:
      newsgraph analyze path "Youssef Amin" "Egypt"
    """
    from ..analysis.paths import shortest_path

    with library_errors():
        graph = _project(store_path, view, **filters)
        found = shortest_path(graph, source, target, directed=directed)
    if fmt == "json":
        click.echo(json.dumps(found.as_dict(), indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        rows = [
            {
                "hop": i,
                "source": h.source_label,
                "direction": h.direction,
                "target": h.target_label,
                "weight": h.weight,
                **{k: s.get(k, "") for k in ("date", "sentence", "article", "event")},
            }
            for i, h in enumerate(found.hops, 1)
            for s in h.sentences or [{}]
        ]
        columns = ["hop", "source", "direction", "target", "weight", "date", "sentence"]
        _emit(rows, columns + ["article", "event"], fmt, "")
        return
    names = [graph.nodes[n].get("label", n) for n in found.nodes]
    click.echo(f"{' → '.join(names)} ({len(found)} hop{'s' * (len(found) != 1)})")
    for i, hop in enumerate(found.hops, 1):
        click.echo(f"{i}. {hop.source_label} {hop.direction} {hop.target_label} ({hop.weight:g})")
        for s in hop.sentences:
            click.echo(f"   [{s.get('date') or '?'}] {s.get('sentence') or '(no sentence)'}")
            click.echo(f"      {s.get('article', '')}")


@analyze.command()
@click.argument("actor")
@_projection_options(ego=False)
@click.option(
    "--radius", type=click.IntRange(min=0), default=1, show_default=True, help="Hops around ACTOR."
)
@_top_option(30)
@_format_option
def ego(actor: str, store_path: str, view: str, radius: int, top: int, fmt: str, **filters) -> None:
    """The ego network of ACTOR: its neighbours within --radius hops and their links.

    \b
    Example:
      newsgraph analyze ego Egypt --radius 2 --view comentions
    """
    import networkx as nx

    from ..analysis import resolve_actor

    with library_errors():
        graph = _project(store_path, view, actor=actor, radius=radius, **filters)
        centre = resolve_actor(graph, actor)
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre)

    def tie(u: str, v: str) -> float:
        return graph.edges[u, v].get("weight", 1) if graph.has_edge(u, v) else 0

    rows = [
        {
            "distance": distance.get(n, 0),
            "label": data.get("label", n),
            "kind": data.get("kind", ""),
            "degree": graph.degree(n),
            "out": tie(centre, n),
            "in": tie(n, centre),
            "iri": n,
        }
        for n, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (r["distance"], -(r["out"] + r["in"]), -r["degree"], str(r["label"])))
    columns = ["distance", "label", "kind", "degree", "out", "in"]
    label = graph.nodes[centre].get("label", centre)
    title = f"ego network of {label}: {len(graph)} nodes, {graph.number_of_edges()} edges"
    _emit(rows[:top] if top else rows, columns + ["iri"] * (fmt != "table"), fmt, title)


@analyze.command()
@_projection_options()
@_top_option(50)
@_format_option
def activity(store_path: str, view: str, top: int, fmt: str, **filters: object) -> None:
    """Events per actor per ISO week (2024-W10), busiest first within each week.

    \b
    Example:
      newsgraph analyze activity --actor Russia --radius 0 --format csv
    """
    from ..analysis.activity import activity_table

    with library_errors():
        graph = _project(store_path, view, **filters)
    rows = [{**r, "iri": r.pop("node")} for r in activity_table(graph)]
    columns = ["week", "label", "events"]
    _emit(rows[:top] if top else rows, columns + ["iri"] * (fmt != "table"), fmt, "activity")

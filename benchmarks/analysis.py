"""Benchmark: projection, PageRank and Louvain at 100k nodes / 500k edges (issue 5).

Not part of the test run. Two parts:

1. A random directed graph of ``--nodes`` nodes and ``--edges`` weighted edges, built in
   NetworkX: times the NetworkX → igraph conversion, PageRank and Louvain through igraph
   (what ``newsgraph analyze`` uses on large graphs), and NetworkX's own PageRank (scipy)
   as the baseline. NetworkX's Louvain is left out by default (it did not finish in 190 s
   at this size); ``--nx-louvain`` runs it anyway.
2. With ``--store-events N`` (default: as many as ``--edges``), a synthetic store with N
   events between ``--nodes`` actors in article graphs shaped as rdf/mapping.py writes
   them, then ``project(store)`` on it: the SPARQL-to-NetworkX step. The store is bulk
   loaded, then compacted (``Store.optimize``) as ``queries.py`` does its store: a
   bulk load leaves RocksDB's files uncompacted, a state no newsgraph command leaves a
   store in (``build`` writes in transactions and RocksDB compacts as it goes), and
   reading it is slower (the projection's queries took ~25 % more CPU here).

Usage::

    .venv/bin/python benchmarks/analysis.py               # full size, about a minute or two
    .venv/bin/python benchmarks/analysis.py --quick       # 10k nodes / 50k edges
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsgraph.analysis import project  # noqa: E402
from newsgraph.analysis._igraph import to_igraph  # noqa: E402
from newsgraph.analysis.centrality import pagerank  # noqa: E402
from newsgraph.analysis.communities import louvain  # noqa: E402
from newsgraph.config import DEFAULT_BASE  # noqa: E402
from newsgraph.rdf.mapping import KIND_TYPES, TYPE, P  # noqa: E402
from newsgraph.rdf.vocab import CAMEO, RDFS  # noqa: E402
from newsgraph.store import open_store  # noqa: E402

#: Wall times of the run in benchmarks/RESULTS.md before issue 5's rework (load about 3),
#: printed next to each figure. Louvain then meant igraph's ``community_multilevel``.
BASELINE = {
    "build nx.DiGraph": 4.73,
    "nx -> igraph conversion": 3.32,
    "PageRank (igraph)": 2.11,
    "PageRank (networkx, scipy)": 4.51,
    "Louvain (igraph, seeded)": 10.20,
    "load store (bulk_extend)": 51.39,
    "project(store) actors view": 121.83,
    "PageRank on projection (auto)": 2.66,
    "Louvain on projection": 93.19,
    "projection + PageRank + Louvain": 217.68,
}
TARGET = 60.0  # issue 5: projection + PageRank + Louvain at 100k nodes / 500k edges


def report(label: str, seconds: float, cpu: float | None = None) -> None:
    """One figure with its CPU time and, at full size, its baseline and the ratio."""
    line = f"{label:<38} {seconds:8.2f} s"
    if cpu is not None:
        line += f"  (CPU {cpu:.2f} s)"
    if FULL_SIZE and label in BASELINE:
        ratio = BASELINE[label] / seconds
        line += f"  session-1 run {BASELINE[label]:.2f} s, speed-up {ratio:.2f}x"
    print(line, flush=True)


def timed(label: str, func: Callable[[], Any], results: dict[str, float]) -> Any:
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    results[label] = time.perf_counter() - start
    report(label, results[label], time.process_time() - cpu)
    return value


FULL_SIZE = False


def random_graph(nodes: int, edges: int, seed: int) -> nx.DiGraph:
    """A weighted random digraph with a skewed degree distribution, like news actors."""
    rng = random.Random(seed)
    graph = nx.DiGraph()
    graph.add_nodes_from(f"{DEFAULT_BASE}person/p{i}" for i in range(nodes))
    names = list(graph)
    count = 0
    while count < edges:  # graph.number_of_edges() is O(nodes): count instead
        u = names[int(nodes * rng.random() ** 2)]  # popular actors act more
        v = names[rng.randrange(nodes)]
        if u != v and not graph.has_edge(u, v):
            graph.add_edge(u, v, weight=rng.randint(1, 5))
            count += 1
    return graph


def event_quads(nodes: int, events: int, seed: int) -> Iterator[ox.Quad]:
    """Entities and article graphs with ``events`` agent → target events."""
    rng = random.Random(seed)
    base = DEFAULT_BASE
    entities = ox.NamedNode(f"{base}graph/entities")
    label = ox.NamedNode(str(RDFS.label))
    actors = [ox.NamedNode(f"{base}person/p{i}") for i in range(nodes)]
    for i, actor in enumerate(actors):
        for t in KIND_TYPES["person"]:
            yield ox.Quad(actor, TYPE, t, entities)
        yield ox.Quad(actor, label, ox.Literal(f"Person {i}"), entities)
    per_article = 50
    roots = [ox.NamedNode(str(CAMEO[f"{r:02d}"])) for r in range(1, 21)]
    date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    for n in range(events):
        a = ox.NamedNode(f"{base}article/{n // per_article:016x}")
        if n % per_article == 0:
            yield ox.Quad(a, TYPE, P["Article"], a)
            day = f"2024-{1 + n // per_article % 12:02d}-{1 + n // per_article % 28:02d}"
            yield ox.Quad(a, P["datePublished"], ox.Literal(day, datatype=date), a)
        e = ox.NamedNode(f"{a.value}/event/{n % per_article}-0")
        root = rng.randrange(20)
        agent = actors[int(nodes * rng.random() ** 2)]
        target = actors[rng.randrange(nodes)]
        yield ox.Quad(e, TYPE, P["Event"], a)
        yield ox.Quad(e, P["inArticle"], a, a)
        yield ox.Quad(e, P["eventType"], roots[root], a)
        yield ox.Quad(e, P["cameoCode"], ox.Literal(f"{root + 1:02d}0"), a)
        yield ox.Quad(e, P["sentence"], ox.Literal(f"Sentence {n}."), a)
        yield ox.Quad(e, P["agent"], agent, a)
        yield ox.Quad(e, P["target"], target, a)


def ig_modularity(graph: nx.Graph, parts: list[set]) -> float:
    """Modularity of ``parts`` as :func:`modularity` defines it, computed by igraph (fast)."""
    g, nodes = to_igraph(graph, "weight", directed=False)
    label = {node: i for i, part in enumerate(parts) for node in part}
    return g.modularity([label[n] for n in nodes], weights="weight")


def random_part(args: argparse.Namespace, results: dict[str, float]) -> None:
    """PageRank and Louvain on a random graph, igraph path against NetworkX."""
    print(f"random graph: {args.nodes} nodes, {args.edges} edges")
    graph = timed(
        "build nx.DiGraph", lambda: random_graph(args.nodes, args.edges, args.seed), results
    )
    timed("nx -> igraph conversion", lambda: to_igraph(graph), results)
    ig_pr = timed("PageRank (igraph)", lambda: pagerank(graph, backend="igraph"), results)
    nx_pr = timed(
        "PageRank (networkx, scipy)", lambda: pagerank(graph, backend="networkx"), results
    )
    parts = timed("Louvain (igraph, seeded)", lambda: louvain(graph, seed=0), results)
    diff = max(abs(ig_pr[n] - nx_pr[n]) for n in graph)
    print(f"  PageRank max |igraph - networkx| = {diff:.2e}")
    q = ig_modularity(graph, parts)
    print(f"  Louvain (Leiden): {len(parts)} communities, modularity {q:.3f}")
    if args.multilevel:
        ml = timed(
            "Louvain (igraph multilevel)",
            lambda: louvain(graph, seed=0, method="multilevel"),
            results,
        )
        print(f"  multilevel: {len(ml)} communities, modularity {ig_modularity(graph, ml):.3f}")
    if args.nx_louvain:
        nx_parts = timed(
            "Louvain (networkx)", lambda: louvain(graph, seed=0, backend="networkx"), results
        )
        print(f"  networkx modularity {ig_modularity(graph, nx_parts):.3f}")
    print(
        f"ratio PageRank networkx / igraph: "
        f"{results['PageRank (networkx, scipy)'] / results['PageRank (igraph)']:.1f}x"
    )
    analysis = results["PageRank (igraph)"] + results["Louvain (igraph, seeded)"]
    print(f"PageRank + Louvain (igraph path): {analysis:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--store-events", type=int, default=None, help="0 skips the store part")
    parser.add_argument("--quick", action="store_true", help="10k nodes, 50k edges")
    parser.add_argument("--nx-louvain", action="store_true", help="also time NetworkX Louvain")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-random", action="store_true", help="only the store part")
    parser.add_argument("--keep-store", type=Path, help="build the store here once, reuse it")
    parser.add_argument(
        "--multilevel",
        action="store_true",
        help="also time igraph's Louvain (community_multilevel; 90 s on the full projection)",
    )
    args = parser.parse_args()
    if args.quick:
        args.nodes, args.edges = args.nodes // 10, args.edges // 10
    global FULL_SIZE
    FULL_SIZE = (args.nodes, args.edges) == (100_000, 500_000)
    store_events = args.edges if args.store_events is None else args.store_events
    results: dict[str, float] = {}
    if not args.skip_random:
        random_part(args, results)
    if store_events:
        print(f"\nsynthetic store: {args.nodes} actors, {store_events} events")
        with tempfile.TemporaryDirectory() as tmp:
            path = args.keep_store or Path(tmp) / "bench.store"
            if not path.exists():
                raw = ox.Store(str(path))
                timed(
                    "load store (bulk_extend)",
                    lambda: raw.bulk_extend(event_quads(args.nodes, store_events, args.seed)),
                    results,
                )
                raw.flush()
                timed("compact store (optimize)", raw.optimize, results)
                del raw
            store = open_store(path)
            projected = timed("project(store) actors view", lambda: project(store), results)
            print(f"  {len(projected)} nodes, {projected.number_of_edges()} edges")
            timed("PageRank on projection (auto)", lambda: pagerank(projected), results)
            parts = timed("Louvain on projection", lambda: louvain(projected), results)
            q = ig_modularity(projected, parts)
            print(f"  Louvain (Leiden): {len(parts)} communities, modularity {q:.3f}")
            if args.multilevel:
                ml = timed(
                    "Louvain on projection (multilevel)",
                    lambda: louvain(projected, method="multilevel"),
                    results,
                )
                q = ig_modularity(projected, ml)
                print(f"  multilevel: {len(ml)} communities, modularity {q:.3f}")
            total = sum(
                results[k]
                for k in (
                    "project(store) actors view",
                    "PageRank on projection (auto)",
                    "Louvain on projection",
                )
            )
            label = "projection + PageRank + Louvain"
            report(label, total)
            verdict = "met" if total <= TARGET else "NOT met"
            print(f"issue 5 target: {TARGET:.0f} s; {total / TARGET:.2f} of it: {verdict}")


if __name__ == "__main__":
    main()

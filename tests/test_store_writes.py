"""How articles reach the store: bulk loads in a first build, transactions otherwise.

A bulk load (``GraphStore.bulk_add``) must be as atomic as a transaction: a writer killed
while it loads leaves every graph either whole or absent, and the loader's temporary files
are cleared on the next read-write open. It must store exactly the quads a transaction
stores. ``build`` uses it only when the store holds no article yet, and then compacts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import SAMPLE
from newsgraph import store as store_module
from newsgraph.build import build
from newsgraph.store import COMPACTION_PENDING, GraphStore, open_store

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
P = ox.NamedNode(EX + "p")


def _article(n: int, size: int) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """An article graph of ``size`` quads plus one fact in a shared graph."""
    graph = ox.NamedNode(f"{EX}article/{n}")
    quads = [
        ox.Quad(ox.NamedNode(f"{EX}article/{n}/mention/{i}"), P, ox.Literal(f"m{n}.{i}"), graph)
        for i in range(size)
    ]
    shared = ox.Quad(ox.NamedNode(f"{EX}entity/{n}"), P, graph, ox.NamedNode(EX + "entities"))
    return graph, [*quads, shared]


class _Spy:
    """Stands in for the pyoxigraph store and records which write methods were called."""

    WRITES = frozenset({"extend", "bulk_load", "update", "optimize"})

    def __init__(self, inner: ox.Store, names: frozenset[str] = WRITES) -> None:
        self.inner = inner
        self.names = names
        self.calls: list[str] = []

    def __getattr__(self, name: str):  # noqa: ANN204
        attr = getattr(self.inner, name)
        if name in self.names:

            def record(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
                self.calls.append(name)
                return attr(*args, **kwargs)

            return record
        return attr


def _spied(path: Path, names: frozenset[str] = _Spy.WRITES) -> tuple[GraphStore, _Spy]:
    store = open_store(path, write=True, create=True)
    spy = _Spy(store.ox, names)
    store.ox = spy  # type: ignore[assignment]
    return store, spy


def test_a_writer_killed_in_the_middle_of_a_bulk_load_leaves_whole_graphs(
    tmp_path: Path,
) -> None:
    """Killed while the loader's temporary files exist, i.e. inside a load; four times,
    after 0, 1, 2 and 3 whole loads. Each load is a batch of four 20,000-quad articles,
    each with a fact in a shared graph, so the loader is busy for a good part of a
    second and the kill lands in it."""
    child = textwrap.dedent(
        f"""
        import sys
        import pyoxigraph as ox
        from newsgraph.store import open_store
        P = ox.NamedNode({EX!r} + "p")
        store = open_store(sys.argv[1], write=True, create=True)
        print("open", flush=True)
        for n in range(0, 4000, 4):
            items = []
            for k in range(n, n + 4):
                graph = ox.NamedNode(f"{EX}article/{{k}}")
                quads = [ox.Quad(ox.NamedNode(f"{EX}m/{{k}}/{{i}}"), P, ox.Literal(str(i)), graph)
                         for i in range(20_000)]
                quads.append(ox.Quad(ox.NamedNode(f"{EX}e/{{k}}"), P, graph,
                                     ox.NamedNode({EX!r} + "entities")))
                items.append((graph, quads))
            store.replace_graphs(items, bulk=True)
        """
    )
    killed_mid_load = 0
    for trial in range(4):
        path = tmp_path / f"killed-{trial}.store"
        process = subprocess.Popen(
            [sys.executable, "-c", child, str(path)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert process.stdout.readline() == "open\n"
            deadline = time.monotonic() + 120
            loads = 0
            while time.monotonic() < deadline:
                if _loading(path):
                    if loads == trial:
                        break
                    loads += 1
                    while _loading(path):  # let this load finish
                        time.sleep(0.001)
                time.sleep(0.001)
            else:
                pytest.fail("never saw a bulk load under way")
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
        assert process.returncode == -signal.SIGKILL
        killed_mid_load += _loading(path)

        store = open_store(path, write=True)  # as the next build would
        try:
            assert not _loading(path)  # the killed load's files are gone
            graphs = sorted(
                int(g.rsplit("/", 1)[1]) for g in store.graph_names() if "/article/" in g
            )
            # whole loads only, in order; the one killed is absent
            assert graphs == list(range(4 * trial))
            for n in graphs:
                assert store.triple_count(ox.NamedNode(f"{EX}article/{n}")) == 20_000
            assert store.triple_count(ox.NamedNode(EX + "entities")) == len(graphs)
        finally:
            store.close()
    assert killed_mid_load >= 1  # the kills did land inside loads


def _loading(path: Path) -> bool:
    """Whether the bulk loader's temporary files are in the store directory."""
    return any(name.startswith("bulk-") for name in os.listdir(path))


def test_bulk_and_transactional_writes_store_the_same_quads(tmp_path: Path) -> None:
    tricky = [
        ox.Literal('line\nbreak "quoted" \\ back\tslash'),
        ox.Literal("Zürich 🙂 \u200b\x01", language="de"),
        ox.Literal("3.10", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Literal("+05", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("2016-02-06", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal('} ; DROP ALL ; INSERT DATA { <a> <b> "c" } #'),
        ox.Literal("x" * 5000),
    ]
    graph = ox.NamedNode(EX + "article/tricky")
    items = [
        (graph, [ox.Quad(ox.NamedNode(f"{EX}s{i}"), P, o, graph) for i, o in enumerate(tricky)]),
        _article(1, 50),
        _article(2, 50),
    ]
    stores = {}
    for bulk in (True, False):
        store, spy = _spied(tmp_path / f"{bulk}.store")
        store.replace_graphs(items, bulk=bulk)
        # then: one graph replaced, one given twice in one call (both transactional)
        store.replace_graphs([_article(1, 10), _article(3, 5), _article(3, 7)], bulk=bulk)
        stores[bulk] = {str(q) for q in store.ox.inner}
        assert spy.calls == (["bulk_load", "update"] if bulk else ["extend", "update"])
        assert store.compaction_pending == bulk  # bulk loads wait for a compaction
        store.compact()
        assert not store.compaction_pending
        store.close()
    assert stores[True] == stores[False]
    assert len(stores[True]) == 7 + 10 + 50 + 7 + 3  # tricky, 1, 2, 3, entities


def test_blank_nodes_and_big_loads_go_through_a_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader renames blank nodes, and cuts big loads into several ingestions."""
    store, spy = _spied(tmp_path / "s.store")
    node = ox.BlankNode()
    graph = ox.NamedNode(EX + "article/b")
    quads = [ox.Quad(graph, P, node, graph), ox.Quad(node, P, ox.Literal("x"), graph)]
    store.replace_graphs([(graph, quads)], bulk=True)
    assert set(store.ox.inner) == set(quads)  # the same blank node, not a renamed one
    monkeypatch.setattr(store_module, "BULK_MAX", 30)
    store.replace_graphs([_article(1, 29)], bulk=True)  # 30 quads: at the limit
    store.replace_graphs([_article(2, 30)], bulk=True)  # 31: over it
    assert spy.calls == ["extend", "bulk_load", "extend"]
    store.close()


def test_a_first_build_bulk_loads_and_compacts_and_a_later_one_uses_transactions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    for name in ("bulk_add", "compact"):
        real = getattr(GraphStore, name)

        def spy(self, *args, _real=real, _name=name):  # noqa: ANN001, ANN002, ANN202
            calls.append(_name)
            return _real(self, *args)

        monkeypatch.setattr(GraphStore, name, spy)
    inputs = [str(SAMPLE / "minister-visit.txt"), str(SAMPLE / "wire.jsonl")]

    together = tmp_path / "together.store"
    report = build(inputs, store_path=str(together))
    assert report.new >= 2 and report.failed == 0
    assert calls[-1] == "compact" and calls.count("compact") == 1 and "bulk_add" in calls
    assert not (together / COMPACTION_PENDING).exists()

    calls.clear()
    stepwise = tmp_path / "stepwise.store"
    build(inputs[:1], store_path=str(stepwise))  # a first build: bulk
    assert calls == ["bulk_add", "compact"]
    calls.clear()
    later = build(inputs, store_path=str(stepwise))  # into a store with an article
    assert later.new == report.new - 1 and later.unchanged == 1
    assert calls == []  # transactions, no compaction

    def quads(path: Path) -> set[str]:
        store = open_store(path)
        try:
            return {str(q) for q in store.ox if q.graph_name != store.ontology_graph}
        finally:
            store.close()

    assert quads(stepwise) == quads(together)


def test_a_first_build_bulk_loads_by_batch_not_at_every_pause_in_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each bulk load leaves table files for RocksDB to merge, so after its first
    articles a first build hands articles to the writer by batch size and age only; a
    build with transactions writes what waits whenever extraction is busy (with
    ``--jobs 2``, every few articles).
    """
    from newsgraph import build as build_module

    # extraction pauses (is "busy") before every article; batches never fill or age
    monkeypatch.setattr(build_module, "BATCH", 1)
    monkeypatch.setattr(build_module, "FIRST_BATCH", 1)
    monkeypatch.setattr(build_module, "WRITE_BATCH", 1000)
    monkeypatch.setattr(build_module, "WRITE_SECONDS", 1e9)
    writes: list[tuple[bool, int]] = []
    real = GraphStore.replace_graphs

    def spy(self, items, *, bulk=False):  # noqa: ANN001, ANN202
        items = list(items)
        if all(graph != self.ontology_graph for graph, _ in items):
            writes.append((bulk, len(items)))
        return real(self, items, bulk=bulk)

    monkeypatch.setattr(GraphStore, "replace_graphs", spy)
    store = tmp_path / "store"

    first = build([str(SAMPLE / "wire.jsonl")], store_path=str(store))
    assert first.new >= 3 and first.failed == 0
    # the first article as soon as extraction pauses, the rest in one load at the end
    assert writes == [(True, 1), (True, first.new - 1)]

    writes.clear()
    more = tmp_path / "more"
    more.mkdir()
    (more / "talks.txt").write_text(
        "Talks resume in Geneva\n\nThe foreign minister of Norway met rebel leaders in "
        "Geneva on Monday. The talks will continue on Friday.\n",
        encoding="utf-8",
    )
    inputs = [str(SAMPLE / "minister-visit.txt"), str(more)]
    later = build(inputs, store_path=str(store))
    assert later.new == 2 and later.failed == 0
    assert writes == [(False, 1)] * later.new  # handed over at every pause


def test_a_bulk_loading_writer_hands_over_at_a_pause_what_has_waited_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgraph import build as build_module

    monkeypatch.setattr(build_module, "WRITE_BATCH", 1000)
    store = open_store(tmp_path / "store", write=True, create=True)
    writes = build_module._Writes(store, bulk=True)  # noqa: SLF001
    try:
        for n in range(3):
            graph, quads = _article(n, 5)
            writes.add(graph, quads, f"article {n}")
            writes.idle()
        # the first article went at the first pause; the next two wait for more
        assert writes.handed == 1 and len(writes.items) == 2
        writes.since -= build_module.WRITE_SECONDS  # now they have waited long enough
        writes.idle()
        assert writes.handed == 2 and writes.items == []
    finally:
        writes.close()
    try:
        assert sum(1 for q in store.ox if q.graph_name.value.startswith(EX + "article/")) == 15
    finally:
        store.close()


def test_graphs_holding_quads_names_exactly_the_graphs_with_content(tmp_path: Path) -> None:
    """A graph with quads is found; one Oxigraph only knows of (empty), one never written
    and one given twice are handled; the default graph's quads do not count for any."""
    store = open_store(tmp_path / "s.store", write=True, create=True)
    graphs = [ox.NamedNode(f"{EX}article/{n}") for n in range(6)]
    store.ox.add(ox.Quad(P, P, ox.Literal("a"), graphs[0]))
    store.ox.add(ox.Quad(P, P, ox.Literal("b"), graphs[4]))
    store.ox.add_graph(graphs[2])  # known to Oxigraph, holding nothing
    store.ox.add(ox.Quad(P, P, ox.Literal("c")))  # default graph
    assert store.graphs_holding_quads([*graphs, graphs[0]]) == {graphs[0], graphs[4]}
    assert store.graphs_holding_quads(iter([graphs[1], graphs[2]])) == set()
    assert store.graphs_holding_quads([]) == set()
    store.close()


def test_replace_graphs_asks_the_store_once_a_batch_which_graphs_exist(tmp_path: Path) -> None:
    """build's writer thread runs beside the spaCy pass, and every pyoxigraph call costs it
    a wait for the GIL (~3.5 ms): a check per article made 0.4 s of its 0.9 s for 120
    articles. One query per batch, whatever its size, and the graphs that exist are still
    replaced (dropped and rewritten), the new ones loaded."""
    names = frozenset({"contains_named_graph", "query", "bulk_load", "extend", "update"})
    store, spy = _spied(tmp_path / "s.store", names)
    store.replace_graphs([_article(n, 3) for n in range(40)], bulk=True)
    assert spy.calls == ["query", "bulk_load"]
    spy.calls.clear()
    store.replace_graphs([_article(n, 2) for n in range(38, 45)], bulk=True)
    assert spy.calls == ["query", "bulk_load", "update"]  # 40-44 new; 38 and 39 replaced
    quads = set(spy.inner)
    for n in (38, 39):
        graph = ox.NamedNode(f"{EX}article/{n}")
        assert sum(1 for q in quads if q.graph_name == graph) == 2  # the old 3 are gone
    store.close()

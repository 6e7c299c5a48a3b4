"""The quad store: an embedded Oxigraph (RocksDB) database on disk.

One process writes (``build``, ``prune``, ``analyze --write-back``); any number read
(``query``, ``export``, ``stats``, ``validate``) through ``Store.read_only``, which sees a
snapshot even while a build writes. Every article is written in one atomic step together
with the entity facts it adds (``build`` writes whole articles in batches, see
:meth:`GraphStore.replace_graphs`), so a killed build never leaves half an article behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .config import DEFAULT_BASE
from .errors import StoreError, StoreInUseError

__all__ = ["GraphStore", "open_store", "open_error", "graph_iri"]

#: Most quads written through Oxigraph's bulk loader in one call (see
#: :meth:`GraphStore.bulk_add`). Its loader cuts a load into batches of 1,000,000 quads
#: and ingests each batch on its own, so only a load below that is one atomic step.
BULK_MAX = 500_000
#: The temporary files Oxigraph's bulk loader writes into the store directory before
#: RocksDB ingests them; one left behind belonged to a writer that was killed.
_BULK_TEMP = re.compile(r"bulk-\d+\.sst")
#: A file in the store directory that says: bulk loads were written and the store has
#: not been compacted since (a first build was stopped before its compaction).
COMPACTION_PENDING = "newsgraph-compaction-pending"


def graph_iri(base: str, name: str) -> ox.NamedNode:
    """The IRI of one of the shared graphs: ``entities``, ``ontology`` or ``metrics``."""
    return ox.NamedNode(f"{base}graph/{name}")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "resource temporarily unavailable" in text


class GraphStore:
    """A thin wrapper over :class:`pyoxigraph.Store` that knows newsgraph's graph layout."""

    def __init__(self, store: ox.Store, path: str, *, base: str = DEFAULT_BASE, writable: bool):
        self.ox = store
        self.path = path
        self.base = base
        self.writable = writable

    # -- graphs ---------------------------------------------------------------------------
    @property
    def entities_graph(self) -> ox.NamedNode:
        return graph_iri(self.base, "entities")

    @property
    def ontology_graph(self) -> ox.NamedNode:
        return graph_iri(self.base, "ontology")

    @property
    def metrics_graph(self) -> ox.NamedNode:
        return graph_iri(self.base, "metrics")

    def graph_names(self) -> set[str]:
        """IRIs of every named graph in the store."""
        return {g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode)}

    def article_graphs(self) -> Iterator[ox.NamedNode]:
        """Named graphs that hold one article each (everything under ``{base}article/``)."""
        prefix = f"{self.base}article/"
        for g in self.ox.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value.startswith(prefix):
                yield g

    def graph_quads(self, graph: ox.NamedNode) -> Iterator[ox.Quad]:
        return self.ox.quads_for_pattern(None, None, None, graph)

    def triple_count(self, graph: ox.NamedNode | None = None) -> int:
        """Quads in one graph, or in all graphs (each triple is in one graph only)."""
        if graph is None:
            return len(self.ox)
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, graph))

    # -- writing --------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"store {self.path} is open read-only")

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace one graph's content by ``quads`` in a single transaction.

        ``quads`` may also hold quads of other graphs (the entity facts an article adds);
        they are added in the same transaction. A new graph is written with ``extend``;
        an existing one with one SPARQL update (``DROP SILENT GRAPH`` then ``INSERT
        DATA``), which Oxigraph applies atomically. So a process killed at any moment
        leaves either the old graph or the new one, never a mix and never none.
        """
        self.replace_graphs([(graph, quads)])

    def replace_graphs(
        self, items: Iterable[tuple[ox.NamedNode, Iterable[ox.Quad]]], *, bulk: bool = False
    ) -> None:
        """Replace several graphs, as :meth:`replace_graph` would one after the other.

        Each item is (graph, its new content plus quads of other graphs to add). Graphs
        that hold no quads yet (and come once; :meth:`graphs_holding_quads` asks for the
        whole batch at once) are written together in one ``extend``, or with
        ``bulk`` in one load through Oxigraph's bulk loader (:meth:`bulk_add`); the
        others (existing graphs, a graph given twice) in one SPARQL update that drops and
        inserts each in turn. Each item is thus written whole in one atomic step: a
        process killed at any moment leaves every item either written or not at all.
        """
        self._check_writable()
        items = [
            (graph, quads if isinstance(quads, list) else list(quads)) for graph, quads in items
        ]
        seen: dict[ox.NamedNode, int] = {}
        for graph, _ in items:
            seen[graph] = seen.get(graph, 0) + 1
        once = {g for g, n in seen.items() if n == 1}
        fresh = once - self.graphs_holding_quads(once)
        new = [q for graph, quads in items if graph in fresh for q in quads]
        if new:
            (self.bulk_add if bulk else self.ox.extend)(new)
        # graphs disjoint from the fresh ones: applying these after the extend is the same
        # as applying every item in order
        replaced = [(graph, quads) for graph, quads in items if graph not in fresh]
        if replaced:
            self.ox.update(
                " ;\n".join(
                    f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{\n{_quad_block(quads)}}}"
                    for graph, quads in replaced
                )
            )

    def graphs_holding_quads(self, graphs: Iterable[ox.NamedNode]) -> set[ox.NamedNode]:
        """Those of ``graphs`` that hold at least one quad, found with one query.

        Why one query rather than ``contains_named_graph`` per graph: ``build`` calls
        :meth:`replace_graphs` from its writer thread while the spaCy pass holds the GIL,
        and every pyoxigraph call gives the GIL up and then waits to get it back (~3.5 ms
        a call here, against ~0.07 ms of work): 121 checks for 120 articles took 0.40 s of
        the writer's 0.9 s. A graph Oxigraph knows of but that holds nothing counts as
        not holding quads: writing into it without dropping it first gives the same
        content as dropping it and inserting.
        """
        graphs = list(dict.fromkeys(graphs))
        if not graphs:
            return set()
        values = " ".join(str(g) for g in graphs)  # NamedNode IRIs are validated: no ">"
        rows = self.ox.query(
            f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} "
            "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        )
        return {row["g"] for row in rows}

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction."""
        self._check_writable()
        self.ox.extend(quads)

    def bulk_add(self, quads: list[ox.Quad]) -> None:
        """Add quads in one atomic step, through Oxigraph's bulk loader when it can.

        Why not a transaction: ``extend`` goes through RocksDB's write-ahead log and
        memory tables and writes at ~50k quads/s here (every quad of a named graph goes
        to six indexes), and the log is flushed later on top; the bulk loader sorts the
        quads into one new table file per index itself and hands them all to RocksDB in
        a single ``IngestExternalFiles`` call, 2-3 times faster, with no log to flush.
        RocksDB applies one such call atomically across the indexes (every file or none,
        also after a crash), so a load that the loader does not cut into batches is as
        atomic as a transaction: ``tests/test_store_writes.py`` kills writers mid-load.

        The catch, and why only a first build uses it (see ``build``): the loader writes
        its table files without the prefix filters RocksDB gives the files it writes
        itself, so until they are compacted every lookup also searches them; queries run
        10-45 % slower. :meth:`compact` after the load removes that. A marker file
        (:data:`COMPACTION_PENDING`) says one is due, so that when a first build is
        stopped before it compacts, the next build does.

        Why from N-Quads text: ``bulk_extend`` holds the GIL for the whole load, which
        would stop ``build``'s spaCy pass while its writer thread writes; ``bulk_load``
        of bytes releases it. Serialising costs ~0.5 µs a quad, and every term was
        validated when it was made, so the parse can be lenient.

        Quads with blank nodes go through ``extend``: the loader gives a parsed blank
        node a new id, so they would not match the ones written earlier (only the
        ontology graph has any). So do loads of more than :data:`BULK_MAX` quads, which
        the loader would write in several steps.
        """
        self._check_writable()
        if len(quads) > BULK_MAX or any(
            isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads
        ):
            self.ox.extend(quads)
            return
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        self._marker.touch()  # before the load: a kill after it must still find it
        self.ox.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)

    def remove(self, quads: Iterable[ox.Quad]) -> None:
        self._check_writable()
        for q in quads:
            self.ox.remove(q)

    def compact(self) -> None:
        """Rewrite the store's files into RocksDB's compacted layout (``optimize``).

        Costs ~3 µs a quad of the whole store (0.5 s for 300 articles here, 7 s for 2 M
        quads), so only a build whose bulk loads are waiting for it does (a first build,
        or the next one if that was stopped): then the store is about what the first
        build wrote, and the compaction ~1 % of its time.
        """
        self._check_writable()
        self.ox.optimize()
        self._marker.unlink(missing_ok=True)

    @property
    def compaction_pending(self) -> bool:
        """Whether bulk loads were written and not compacted since (a first build that
        was stopped before its compaction: the next build does it)."""
        return self._marker.exists()

    @property
    def _marker(self) -> Path:
        return Path(self.path) / COMPACTION_PENDING

    def flush(self) -> None:
        """Flush RocksDB's write-ahead log so reopening does not replay it."""
        if self.writable:
            self.ox.flush()

    def close(self) -> None:
        self.flush()
        del self.ox

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quad_block(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of a SPARQL ``INSERT DATA``, grouped by graph.

    Terms are written by pyoxigraph itself (its N-Triples forms, valid SPARQL): IRIs were
    validated when the NamedNode was made, and literals come out escaped, so no text from
    an article can end the block early or inject an operation.
    """
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for name, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(f"GRAPH {name} {{\n{body}\n}}\n" if name else f"{body}\n")
    return "".join(parts)


def open_store(
    path: str | Path, *, write: bool = False, create: bool = False, base: str = DEFAULT_BASE
) -> GraphStore:
    """Open the store at ``path``.

    ``write`` opens it read-write (one writer at a time: a second writer gets
    :class:`StoreInUseError`); otherwise read-only. ``create`` allows a missing store to
    be created (``build`` does; reading commands say to run ``build`` first).
    """
    p = Path(path)
    if not p.exists():
        if not (write and create):
            raise StoreError(f"no store at {p}; run `newsgraph build` first")
        p.mkdir(parents=True, exist_ok=True)
    elif not p.is_dir():
        raise StoreError(f"{p} is not a store directory")
    try:
        store = ox.Store(str(p)) if write else _open_read_only(str(p))
    except (OSError, RuntimeError) as exc:
        raise open_error(p, exc, write=write) from exc
    if write:
        _remove_stray_bulk_files(p)
    return GraphStore(store, str(p), base=_detect_base(store, base), writable=write)


def _remove_stray_bulk_files(path: Path) -> None:
    """Delete the bulk loader's temporary files that a killed writer left behind.

    RocksDB never reads them (they are not in its manifest) and never deletes them, so
    each killed build would leave its unfinished load's files for good. Safe only while
    this process holds the store's write lock, as here: then no loader is writing one.
    """
    for entry in path.iterdir():
        if _BULK_TEMP.fullmatch(entry.name):
            entry.unlink(missing_ok=True)


def open_error(path: str | Path, exc: Exception, *, write: bool) -> StoreError:
    """The one-line error for a store that pyoxigraph could not open.

    pyoxigraph raises OSError for RocksDB's LOCK and missing files, and RuntimeError
    for a store whose creation was cut short (a build killed in its first moments: the
    column families, or the version record, are missing until a read-write open finishes
    creating them).
    """
    text = str(exc)
    if write and _is_lock_error(exc):
        return StoreInUseError(
            f"store {path} is in use by another process (a build?); try again when it finishes"
        )
    if "CURRENT" in text and "No such file" in text:
        return StoreError(f"no store at {path}; run `newsgraph build` first")
    # killed before creation finished: the column families, or the storage version
    # record a read-only open would have to write, are missing
    if "Column family not found" in text or "only possible on read-write" in text:
        return StoreError(
            f"store {path} is incomplete (a build was stopped while creating it); "
            "run `newsgraph build` again to finish it"
        )
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return StoreError(f"cannot open store {path}: {first}")


def _detect_base(store: ox.Store, base: str) -> str:
    """The base IRI the store was built with (``build --base``), else ``base``.

    Reading commands take no ``--base``: the entities graph's IRI tells which base the
    data uses, so validate, prune and stats find the right graphs.
    """
    if store.contains_named_graph(graph_iri(base, "entities")):
        return base
    for g in store.named_graphs():
        if isinstance(g, ox.NamedNode) and g.value.endswith("/graph/entities"):
            return g.value[: -len("graph/entities")]
    return base


def _open_read_only(path: str, attempts: int = 5) -> ox.Store:
    """Open a read-only snapshot, retrying when a running build's compaction removes a
    table file between RocksDB reading the manifest and opening the file."""
    import time

    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except OSError as exc:
            if "No such file" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover

"""``build``: sources → extraction → resolution → RDF → store, streaming.

Skipping comes first: an article whose content hash (text, metadata, extractor version)
is already in the store is passed over before any NLP, and the spaCy model is loaded only
when the first article actually needs extracting. Workers (``jobs > 1``) extract; this
process alone resolves and writes, in input order, so output does not depend on ``jobs``.
Each article's graph and the entity facts it adds go to the store in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import TextIO

import pyoxigraph as ox

from .config import DEFAULT_BASE, default_model
from .errors import InputError, NewsgraphError
from .extract.gazetteer import get_gazetteer
from .extract.version import extractor_version
from .model import Article, Extraction, SourceProblem
from .ontology import ensure_ontology
from .rdf.iri import article_iri
from .rdf.mapping import P, article_quads
from .resolve import Resolver
from .sources import read_inputs
from .store import GraphStore, open_store

__all__ = ["BuildReport", "build", "content_hash"]

BATCH = 32


@dataclass
class BuildReport:
    """What a build did, for the summary table and the exit code."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    ignored: int = 0  # skipped on purpose (e.g. not English): reported, not a failure
    problems: list[SourceProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dated_from_text: int = 0
    words: int = 0
    events: int = 0
    seconds: float = 0.0

    @property
    def written(self) -> int:
        return self.new + self.updated


def content_hash(article: Article, extractor: str) -> str:
    """SHA-256 over the article's text, metadata and the extractor version."""
    payload = json.dumps(
        [
            article.id,
            article.title,
            article.text,
            article.url,
            article.published,
            article.source,
            article.language,
            extractor,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _stored_hashes(store: GraphStore) -> dict[str, str]:
    return {
        q.subject.value: q.object.value
        for q in store.ox.quads_for_pattern(None, P["contentHash"], None, None)
    }


# -- worker side ----------------------------------------------------------------------
_WORKER = None


def _worker_init(model: str) -> None:
    global _WORKER
    from .extract.extractor import Extractor

    _WORKER = Extractor(model)


def _worker_extract(articles: list[Article]) -> list[Extraction | str]:
    """Extract a batch in a worker; an article that fails becomes its error message."""
    return _extract_batch(_WORKER, articles)


def _extract_batch(extractor, articles: list[Article]) -> list[Extraction | str]:  # noqa: ANN001
    try:
        return list(extractor.pipe(articles))
    except Exception:  # one bad article must not sink the batch: retry one by one
        out: list[Extraction | str] = []
        for article in articles:
            try:
                out.append(extractor.extract(article))
            except Exception as exc:  # noqa: BLE001 - reported per article
                out.append(f"extraction failed: {type(exc).__name__}: {exc}")
        return out


def _batches(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(items, size)):
        yield batch


def _extract_stream(
    articles: Iterator[Article], model: str, jobs: int
) -> Iterator[tuple[Article, Extraction | str]]:
    """Extractions in input order; the model loads only if an article arrives."""
    first = next(articles, None)
    if first is None:
        return
    stream = _chain(first, articles)
    if jobs <= 1:
        from .extract.extractor import Extractor

        extractor = Extractor(model)
        for batch in _batches(stream, BATCH):
            yield from zip(batch, _extract_batch(extractor, batch), strict=True)
        return
    # forkserver: workers do not inherit the writer's RocksDB threads and locks
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_init, initargs=(model,)
    ) as pool:
        pending: list[tuple[list[Article], Future]] = []
        batches = _batches(stream, BATCH)
        for batch in batches:
            pending.append((batch, pool.submit(_worker_extract, batch)))
            if len(pending) >= jobs * 2:  # bounded window: memory stays flat
                done_batch, fut = pending.pop(0)
                yield from zip(done_batch, fut.result(), strict=True)
        for done_batch, fut in pending:
            yield from zip(done_batch, fut.result(), strict=True)


def _chain(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest


def build(
    inputs: Sequence[str],
    *,
    store_path: str,
    model: str | None = None,
    jobs: int = 1,
    published: str | None = None,
    source: str | None = None,
    base: str = DEFAULT_BASE,
    strict: bool = False,
    keep_text: bool = False,
    stdin: TextIO | None = None,
    on_article: Callable[[str], None] | None = None,
    on_problem: Callable[[SourceProblem], None] | None = None,
) -> BuildReport:
    """Build (or update) the store at ``store_path`` from ``inputs``.

    ``on_article`` is called with each article's origin as it is done (progress);
    ``on_problem`` with each input that failed or was skipped on purpose. With ``strict``
    the first failure raises :class:`InputError`.
    """
    started = time.perf_counter()
    model = model or default_model()
    version = extractor_version(model)
    report = BuildReport()
    store = open_store(store_path, write=True, create=True, base=base)
    try:
        ensure_ontology(store)
        hashes = _stored_hashes(store)
        resolver = Resolver(base, get_gazetteer())
        resolver.load(
            (q.subject, q.predicate, q.object) for q in store.graph_quads(store.entities_graph)
        )

        def problem(p: SourceProblem) -> None:
            report.problems.append(p)
            if p.skipped:
                report.ignored += 1
            else:
                report.failed += 1
            if on_problem:
                on_problem(p)
            if strict and not p.skipped:
                raise InputError(f"{p.origin}: {p.message}")

        pending_hash: dict[int, str] = {}

        def needing_extraction() -> Iterator[Article]:
            for item in read_inputs(
                inputs, published=published, source=source, keep_text=keep_text, stdin=stdin
            ):
                if isinstance(item, SourceProblem):
                    problem(item)
                    continue
                digest = content_hash(item, version)
                if hashes.get(article_iri(base, item.id)) == digest:
                    report.unchanged += 1
                    if on_article:
                        on_article(item.origin)
                    continue
                pending_hash[id(item)] = digest
                yield item

        since_flush = 0
        for article, result in _extract_stream(needing_extraction(), model, jobs):
            digest = pending_hash.pop(id(article))
            if isinstance(result, str):
                problem(SourceProblem(article.origin, result))
                continue
            _write(store, resolver, result, digest, version, base, hashes, report)
            since_flush += 1
            if since_flush >= BATCH:
                store.flush()
                since_flush = 0
            if on_article:
                on_article(article.origin)
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report


def _write(
    store: GraphStore,
    resolver: Resolver,
    extraction: Extraction,
    digest: str,
    version: str,
    base: str,
    hashes: dict[str, str],
    report: BuildReport,
) -> None:
    article = extraction.article
    graph = ox.NamedNode(article_iri(base, article.id))
    iri_of, entity_quads = resolver.resolve(extraction)
    quads = list(
        article_quads(extraction, iri_of, base=base, content_hash=digest, extractor=version)
    )
    existed = graph.value in hashes
    try:
        store.replace_graph(graph, [*quads, *entity_quads])
    except OSError as exc:  # pragma: no cover - disk full and the like
        raise NewsgraphError(f"cannot write {article.origin} to the store: {exc}") from exc
    hashes[graph.value] = digest
    if existed:
        report.updated += 1
    else:
        report.new += 1
    if article.published_from == "dateline":
        report.dated_from_text += 1
    report.words += extraction.words
    report.events += len(extraction.events)

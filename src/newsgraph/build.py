"""``build``: sources → extraction → resolution → RDF → store, streaming.

Skipping comes first: an article whose content hash (text, metadata, extractor version)
is already in the store is passed over before any NLP, and the spaCy model is loaded only
when the first article actually needs extracting. Workers (``jobs > 1``) extract; this
process alone resolves and writes, in input order, so output does not depend on ``jobs``.
Each article's graph and the entity facts it adds go to the store in one atomic step;
articles are written in batches (:data:`WRITE_BATCH` articles or :data:`WRITE_SECONDS`,
whichever comes first), a batch's whole articles in one transaction (in a first build,
one bulk load: :meth:`GraphStore.bulk_add`), so a killed build loses at most the batch
it had not written yet and never leaves half an article.

Long articles are analysed in pieces of at most :data:`CHUNK_CHARS` characters, cut at
paragraph or sentence breaks, and the pieces' results are merged with their offsets
shifted back, so mentions still index the whole ``ng:text``. That keeps memory and time
per article bounded (spaCy refuses texts over ``nlp.max_length``; the parser's memory and
the extractor's time grow faster than linearly with the length of one ``Doc``).
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import re
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TextIO

import pyoxigraph as ox

from ._gc import frozen_heap
from .config import DEFAULT_BASE, default_model
from .errors import InputError, NewsgraphError
from .extract.gazetteer import get_gazetteer
from .extract.version import extractor_version
from .model import Article, EntityRef, Event, Extraction, SourceProblem, Span
from .ontology import ensure_ontology
from .rdf.iri import article_iri
from .rdf.mapping import P, article_quads
from .resolve import Resolver
from .sources import read_inputs
from .sources.article import split_point
from .store import GraphStore, open_store
from .workers import prestart, start_forkserver, stop_forkserver

__all__ = ["BuildReport", "build", "content_hash", "chunk_offsets", "merge_chunks"]

#: Articles (or pieces) per extraction batch.
BATCH = 32
#: Pieces per batch sent to a worker (``jobs > 1``): small, so that when the input runs
#: out no worker sits idle while another finishes a long batch (with 32, the last batch
#: alone kept one of two workers busy for seconds); spaCy is no slower at 8 than at 32.
POOL_BATCH = 8
#: ... except the first, kept small so the first articles reach the store (and a reader,
#: and the progress display) within seconds of the model load, not a whole batch later.
FIRST_BATCH = 4
#: Articles per store transaction, at most; and the longest an extracted article waits.
WRITE_BATCH = 32
WRITE_SECONDS = 5.0
#: Seconds between flushes of the store's memory tables to disk, done by the writer
#: thread while spaCy works, so the flush at close (which nothing overlaps) is short.
FLUSH_SECONDS = 5.0
#: Characters of text per extraction batch: a batch of long pieces holds fewer of them.
BATCH_CHARS = 200_000
#: Longest text analysed as one spaCy Doc; longer articles are analysed in pieces.
CHUNK_CHARS = 20_000
#: Longest run of text without a sentence break analysed as one piece.
SENTENCE_CHARS = 2_000


@dataclass
class BuildReport:
    """What a build did, for the summary table and the exit code."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    ignored: int = 0  # skipped on purpose (e.g. not English): reported, not a failure
    warned: int = 0  # articles read with a warning (encoding guessed, text cut, ...)
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
    gc.freeze()  # for the worker's whole life (see _gc.frozen_heap for why)


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


@dataclass
class _Piece:
    """One unit of extraction: a whole article, or one chunk of a long one."""

    article: Article  # what is analysed: the article itself or a copy holding one chunk
    parent: Article  # the article the result belongs to
    offset: int  # where ``article.text`` starts in ``parent.text``
    last: bool  # True for the parent's last (or only) piece


def chunk_offsets(text: str, size: int = CHUNK_CHARS, sentence: int = SENTENCE_CHARS) -> list[int]:
    """Start offsets of the pieces ``text`` is analysed in; ``[0]`` when it fits in one.

    Pieces are contiguous (together they are exactly ``text``), at most ``size``
    characters, and end at a paragraph or sentence break where there is one in the second
    half of the window. A run of more than ``sentence`` characters with no sentence break
    (a scraped table, a list without full stops) is cut into pieces of at most
    ``sentence`` characters at spaces: spaCy would parse it as one sentence, and parse
    time grows with sentence length.
    """
    starts: list[int] = []
    position = 0
    while position < len(text) or not starts:
        starts.append(position)
        end = position + split_point(text[position : position + size + 1], size)
        run = next((r for r in _RUN.finditer(text, position, end) if len(r[0]) > sentence), None)
        if run is not None:
            if run.start() > position:  # analyse what comes before the run on its own
                end = run.start()
            else:
                end = position + split_point(text[position : position + sentence + 1], sentence)
        position = end
    return starts


#: Text between sentence breaks (a full stop, question or exclamation mark, line break).
_RUN = re.compile(r"[^.!?\n]+")


def _pieces(articles: Iterator[Article]) -> Iterator[_Piece]:
    for article in articles:
        starts = chunk_offsets(article.text)
        ends = [*starts[1:], len(article.text)]
        for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
            piece = article if len(starts) == 1 else replace(article, text=article.text[start:end])
            yield _Piece(piece, article, start, number == len(starts) - 1)


def _batches(
    pieces: Iterator[_Piece], size: int, chars: int, first: int | None = None
) -> Iterator[list[_Piece]]:
    """Batches of at most ``size`` pieces and (unless one piece is longer) ``chars``;
    the first batch holds at most ``first`` pieces, if given."""
    batch: list[_Piece] = []
    length = 0
    limit = min(size, first or size)
    for piece in pieces:
        if batch and (len(batch) >= limit or length + len(piece.article.text) > chars):
            yield batch
            batch, length, limit = [], 0, size
        batch.append(piece)
        length += len(piece.article.text)
    if batch:
        yield batch


def _shift(span: Span, offset: int, sentences: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text, span.sentence + sentences)


def merge_chunks(parent: Article, parts: Sequence[tuple[int, Extraction]]) -> Extraction:
    """One Extraction for ``parent`` from the extractions of its pieces.

    ``parts`` are (offset of the piece in ``parent.text``, its extraction), in order.
    Offsets and sentence numbers are shifted so they index the whole text; an entity seen
    in several pieces (same in-article key) becomes one, with every mention.
    """
    entities: dict[str, EntityRef] = {}
    events: list[Event] = []
    sentences = words = 0
    for offset, part in parts:
        for ref in part.entities:
            mentions = [_shift(m, offset, sentences) for m in ref.mentions]
            seen = entities.get(ref.key)
            if seen is None:
                entities[ref.key] = replace(
                    ref,
                    mentions=mentions,
                    aliases=set(ref.aliases),
                    roles=set(ref.roles),
                    affiliations=set(ref.affiliations),
                )
                continue
            seen.mentions += mentions
            seen.aliases |= ref.aliases | ({ref.label} - {seen.label})
            seen.roles |= ref.roles
            seen.affiliations |= ref.affiliations
            for name in ("country_code", "geonames_id", "lat", "lon", "located_in"):
                if getattr(seen, name) is None:
                    setattr(seen, name, getattr(ref, name))
        for event in part.events:
            events.append(replace(event, span=_shift(event.span, offset, sentences)))
        sentences += part.sentences
        words += part.words
    return Extraction(
        article=parent,
        entities=list(entities.values()),
        events=events,
        sentences=sentences,
        words=words,
    )


#: Yielded by the extraction stream, as ``(None, None)``, when the next result is not
#: ready yet (the next batch is to be analysed, or a worker is still busy): a moment for
#: the writer to write what it holds.
_WAIT = (None, None)


def _reassemble(
    results: Iterator[tuple[_Piece, Extraction | str] | tuple[None, None]],
) -> Iterator[tuple[Article, Extraction | str] | tuple[None, None]]:
    """Whole-article results from piece results (which arrive in order)."""
    parts: list[tuple[int, Extraction]] = []
    error: str | None = None
    for piece, result in results:
        if piece is None:  # _WAIT: passed on
            yield None, None
            continue
        if isinstance(result, str):
            error = error or result
        else:
            parts.append((piece.offset, result))
        if not piece.last:
            continue
        if error is not None:
            yield piece.parent, error
        elif len(parts) == 1 and parts[0][0] == 0:  # the common case: one piece
            yield piece.parent, parts[0][1]
        else:
            yield piece.parent, merge_chunks(piece.parent, parts)
        parts, error = [], None


def _extract_stream(
    articles: Iterator[Article], model: str, jobs: int
) -> Iterator[tuple[Article, Extraction | str] | tuple[None, None]]:
    """Extractions in input order, and :data:`_WAIT` before each wait for one; the model
    loads only if an article arrives."""
    first = next(articles, None)
    if first is None:
        return
    size = BATCH if jobs <= 1 else POOL_BATCH
    batches = _batches(_pieces(_chain(first, articles)), size, BATCH_CHARS, FIRST_BATCH)
    yield from _reassemble(_extract_pieces(batches, model, jobs))


def _extract_pieces(
    batches: Iterator[list[_Piece]], model: str, jobs: int
) -> Iterator[tuple[_Piece, Extraction | str] | tuple[None, None]]:
    if jobs <= 1:
        from .extract.extractor import Extractor

        extractor = Extractor(model)
        with frozen_heap():
            for batch in batches:
                texts = [piece.article for piece in batch]
                yield _WAIT
                yield from zip(batch, _extract_batch(extractor, texts), strict=True)
        return
    # forkserver: workers do not inherit the writer's RocksDB threads and locks;
    # build() stops it when it is done
    context = multiprocessing.get_context("forkserver")
    start_forkserver(model)
    # This process only waits, resolves and maps meanwhile, but its heap (the gazetteer,
    # the resolver's names, the store) lives as long as a loaded pipeline: the same
    # collector policy. Its collections took 0.16-0.23 s of CPU in a 200-article build,
    # from the cores the two workers run on; frozen, 0.04-0.06 s.
    with frozen_heap():
        yield from _pool_extract(batches, model, jobs, context)


def _pool_extract(
    batches: Iterator[list[_Piece]],
    model: str,
    jobs: int,
    context,  # noqa: ANN001
) -> Iterator[tuple[_Piece, Extraction | str] | tuple[None, None]]:
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_init, initargs=(model,)
    ) as pool:
        pending: list[tuple[list[_Piece], Future]] = []
        for batch in batches:
            work = [piece.article for piece in batch]
            pending.append((batch, pool.submit(_worker_extract, work)))
            if len(pending) >= jobs * 2:  # bounded window: memory stays flat
                done_batch, fut = pending.pop(0)
                if not fut.done():
                    yield _WAIT
                yield from zip(done_batch, fut.result(), strict=True)
        for done_batch, fut in pending:
            if not fut.done():
                yield _WAIT
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
    on_warning: Callable[[str, str], None] | None = None,
    on_status: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build (or update) the store at ``store_path`` from ``inputs``.

    ``on_article`` is called with each article's origin as it is done (progress);
    ``on_problem`` with each input that failed or was skipped on purpose; ``on_warning``
    with (origin, message) for each warning about an article that is still built (an
    encoding guessed, a date ignored, text cut); ``on_status`` with what a long step after
    the last article is doing (compacting the store). With ``strict`` the first failure raises
    :class:`InputError`; the articles before it stay written.
    """
    started = time.perf_counter()
    model = model or default_model()
    version = extractor_version(model)
    report = BuildReport()
    # a new store: every article will need the workers, so their preload starts now
    prestart(store_path, model, jobs)
    try:
        store = open_store(store_path, write=True, create=True, base=base)
    except BaseException:
        stop_forkserver()
        raise
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
                raise InputError(f"{p.origin}: {p.message} (--strict: build stopped here)")

        pending_hash: dict[int, str] = {}
        # article IRI -> (origin, content hash) of the last record with that id in this
        # build: a later record with the same id replaces the earlier one, and says so
        read_ids: dict[str, tuple[str, str]] = {}
        sent: set[str] = set()  # article IRIs passed on to be written in this build

        def needing_extraction() -> Iterator[Article]:
            for item in read_inputs(
                inputs, published=published, source=source, keep_text=keep_text, stdin=stdin
            ):
                if isinstance(item, SourceProblem):
                    problem(item)
                    continue
                iri = article_iri(base, item.id)
                digest = content_hash(item, version)
                warnings = list(item.warnings)
                earlier = read_ids.get(iri)
                if earlier is not None and earlier[1] != digest:
                    warnings.append(
                        f"id {item.id!r} was already read from {earlier[0]} in this build; "
                        "this later record replaces it"
                    )
                if warnings:
                    report.warned += 1
                    for message in warnings if on_warning else ():
                        on_warning(item.origin, message)
                read_ids[iri] = (item.origin, digest)
                # Unchanged: the same as the earlier record of this build, or as the store
                # -- unless an earlier, different record with this id is on its way to the
                # store: then this one must be written after it, or the earlier would win.
                if (earlier is not None and earlier[1] == digest) or (
                    hashes.get(iri) == digest and iri not in sent
                ):
                    report.unchanged += 1
                    if on_article:
                        on_article(item.origin)
                    continue
                sent.add(iri)
                pending_hash[id(item)] = digest
                yield item

        # A first build writes every article new: bulk loads, then one compaction, cost
        # less than transactions (see GraphStore.bulk_add). Into a store that already
        # holds articles, the compaction would rewrite what was there: transactions.
        writes = _Writes(store, bulk=next(store.article_graphs(), None) is None)
        try:
            for article, result in _extract_stream(needing_extraction(), model, jobs):
                if article is None:  # extraction is busy: a moment to write what waits
                    writes.idle()
                    continue
                digest = pending_hash.pop(id(article))
                if isinstance(result, str):
                    problem(SourceProblem(article.origin, result))
                    continue
                _write(writes, resolver, result, digest, version, base, hashes, report)
                if on_article:
                    on_article(article.origin)
        finally:
            # whole articles extracted before a failure (--strict, Ctrl-C) stay written
            writes.close()
        # bulk loads written, by this build or by a first build stopped before compacting
        if store.compaction_pending:
            if on_status:
                on_status("compacting the store")
            store.compact()
    finally:
        store.close()
        stop_forkserver()  # the workers' forkserver, if this build started one
    report.seconds = time.perf_counter() - started
    return report


class _Writes:
    """Articles resolved and mapped, waiting to be written to the store in one batch.

    Batches are written by one background thread, in order, one at a time: pyoxigraph
    releases the GIL while it writes, so the store's work overlaps the next batch's
    spaCy pass instead of adding to it. The store is not used by anything else while
    a build extracts, and each batch is whole articles in one atomic step, so a build
    stopped or killed at any moment still leaves whole articles only.
    """

    def __init__(self, store: GraphStore, *, bulk: bool = False) -> None:
        self.store = store
        self.bulk = bulk
        self.items: list[tuple[ox.NamedNode, list[ox.Quad], str]] = []
        self.since = 0.0  # when the oldest waiting article was added
        self.flushed = time.monotonic()
        self.handed = 0  # batches handed to the writer thread
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newsgraph-writer")
        self._writing: Future | None = None

    def add(self, graph: ox.NamedNode, quads: list[ox.Quad], origin: str) -> None:
        if not self.items:
            self.since = time.monotonic()
        self.items.append((graph, quads, origin))
        if len(self.items) >= WRITE_BATCH or self._waited():
            self.commit()

    def commit(self) -> None:
        """Hand what is waiting to the writer thread (after the batch it is writing)."""
        if not self.items:
            return
        items, self.items = self.items, []
        self.handed += 1
        self._wait()  # one batch in flight: memory stays flat, errors surface at once
        self._writing = self._thread.submit(self._write, items)

    def idle(self) -> None:
        """Extraction is busy: a moment to hand what waits to the writer.

        A build that bulk-loads does so only for its first articles (so that they reach
        the store within seconds, see :data:`FIRST_BATCH`) and for articles that have
        waited :data:`WRITE_SECONDS`; otherwise its batches go by size (:meth:`add`).
        Why: each bulk load adds a table file per index, which RocksDB's background
        threads merge once a few have piled up. With ``--jobs 2`` extraction is busy
        every few articles, and a 200-article first build made 23 small loads whose
        merging kept two background threads busy for 1.3 s of CPU, taken from the two
        workers (now 8 loads: 0.4 s).
        """
        if not self.bulk or not self.handed or self._waited():
            self.commit()

    def _waited(self) -> bool:
        """Whether the oldest article waiting has waited :data:`WRITE_SECONDS`."""
        return bool(self.items) and time.monotonic() - self.since >= WRITE_SECONDS

    def close(self) -> None:
        """Write what is waiting and wait until it is in the store."""
        try:
            self.commit()
            self._wait()
        finally:
            self._thread.shutdown(wait=True)

    def _wait(self) -> None:
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.result()  # raises what the writer thread raised

    def _write(self, items: list[tuple[ox.NamedNode, list[ox.Quad], str]]) -> None:
        try:
            self.store.replace_graphs(((graph, quads) for graph, quads, _ in items), bulk=self.bulk)
        except OSError as exc:  # pragma: no cover - disk full and the like
            origins = ", ".join(origin for _, _, origin in items[:3])
            more = f" and {len(items) - 3} more" if len(items) > 3 else ""
            raise NewsgraphError(f"cannot write {origins}{more} to the store: {exc}") from exc
        if time.monotonic() - self.flushed >= FLUSH_SECONDS:
            self.store.flush()
            self.flushed = time.monotonic()


def _write(
    writes: _Writes,
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
    writes.add(graph, [*quads, *entity_quads], article.origin)
    hashes[graph.value] = digest
    if existed:
        report.updated += 1
    else:
        report.new += 1
    if article.published_from == "dateline":
        report.dated_from_text += 1
    report.words += extraction.words
    report.events += len(extraction.events)

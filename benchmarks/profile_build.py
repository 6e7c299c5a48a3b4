"""Benchmark: where ``build`` spends its time, and the store's share of it (issue 5).

Two runs of the real :func:`newsgraph.build.build` on the same articles (default 120), each
in a fresh interpreter with a fresh store:

1. **Instrumented**: timing wrappers are put, inside this benchmark process only, around
   the functions that make up a build (reading, hashing, model load, gazetteer, the spaCy
   pass, entity fixes, entity and event extraction, resolution, RDF mapping, store
   writes). They are called a few hundred times, so the wrappers cost nothing measurable,
   and the stage times are true wall times. This gives the target figure "store writes
   ≤ 10 % of build time" (``GraphStore.replace_graph`` + ``flush`` + ``compact``, wrapped here by
   monkeypatching, not by editing the code).
2. **cProfile**: the top functions by cumulative and by own time. cProfile slows down
   Python-heavy code (many small calls) far more than compiled code, so its percentages
   overstate newsgraph's Python and understate spaCy's models; use run 1 for shares and
   run 2 to find *which* functions to fix. The ``.prof`` file is kept for ``snakeviz``.

Usage::

    .venv/bin/python benchmarks/profile_build.py             # 120 articles
    .venv/bin/python benchmarks/profile_build.py --quick     # 40 articles
"""

from __future__ import annotations

import functools
import io
import json
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    PYTHON,
    Figure,
    Results,
    banner,
    base_parser,
    corpus_records,
    default_model,
    fresh_dir,
    run,
    write_subset,
)

#: Exclusive time per stage (seconds, calls): time inside a wrapped function minus the
#: time inside wrapped functions it called, so the stages add up without overlap. Time
#: spent in another thread than the main one (build's store writer) is recorded under
#: ``BACKGROUND + name``: it overlaps the main thread's stages and is not added to them.
TIMES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
BACKGROUND = "background thread: "
#: The calling thread's own CPU time in the wrapped calls of background threads, by name.
#: Why: a background thread's wall time in a call also holds its waits for the GIL while
#: the main thread runs spaCy (session 23 found 0.4 s of them in 121 store calls) and the
#: time pyoxigraph's other threads and the disk take; its CPU time tells them apart.
THREAD_CPU: dict[str, float] = defaultdict(float)
#: Time spent in wrapped callees, one accumulator per wrapped call in progress, per thread.
_LOCAL = threading.local()


def _stack() -> list[list[float]]:
    if not hasattr(_LOCAL, "stack"):
        _LOCAL.stack = []
    return _LOCAL.stack


def _enter() -> tuple[float, float]:
    _stack().append([0.0, 0.0])
    return time.perf_counter(), time.thread_time()


def _leave(name: str, start: tuple[float, float], calls: int = 1) -> None:
    elapsed = time.perf_counter() - start[0]
    cpu = time.thread_time() - start[1]
    stack = _stack()
    inner, inner_cpu = stack.pop()
    if threading.current_thread() is not threading.main_thread():
        name = BACKGROUND + name
        THREAD_CPU[name] += cpu - inner_cpu
    TIMES[name][0] += elapsed - inner
    TIMES[name][1] += calls
    if stack:
        stack[-1][0] += elapsed
        stack[-1][1] += cpu


def _timed(name: str, func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        start = _enter()
        try:
            return func(*args, **kwargs)
        finally:
            _leave(name, start)

    return wrapper


def _timed_iter(name: str, func: Callable) -> Callable:
    """Time only what is spent inside a generator's ``next()``, not in its consumer."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs) -> Iterator:  # noqa: ANN002, ANN003
        start = _enter()
        iterator = iter(func(*args, **kwargs))
        _leave(name, start, 0)
        while True:
            start = _enter()
            try:
                item = next(iterator)
            except StopIteration:
                _leave(name, start)
                return
            _leave(name, start, 0)
            yield item

    return wrapper


def _timed_list(name: str, func: Callable) -> Callable:
    """For a generator the caller consumes at once: produce it all, timed."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs) -> Iterator:  # noqa: ANN002, ANN003
        start = _enter()
        try:
            items = list(func(*args, **kwargs))
        finally:
            _leave(name, start)
        return iter(items)

    return wrapper


def instrumented(subset: str, store: str, model: str) -> dict:
    """Child: one build with timing wrappers; returns the stage times."""
    started = time.perf_counter()
    import newsgraph.build as nb
    import newsgraph.extract.extractor as ex
    import newsgraph.extract.gazetteer as gz
    import newsgraph.extract.ner_fixes as nf
    import newsgraph.nlp as nlp_pkg
    from newsgraph.resolve import Resolver
    from newsgraph.store import GraphStore

    imports = time.perf_counter() - started
    # before load_pipeline runs: the entity-fixes factory binds fix_entities when made
    nf.fix_entities = _timed("entity fixes (newsgraph_entity_fixes)", nf.fix_entities)
    nlp_pkg.load_pipeline = _timed(
        "model load (spacy.load in load_pipeline)", nlp_pkg.load_pipeline
    )
    try:  # the stand-in for the model's attribute_ruler + lemmatizer since issue 5
        from newsgraph.nlp.tags import TagRules

        TagRules.apply = _timed("POS, morphology and lemmas (newsgraph_tags)", TagRules.apply)
    except ImportError:
        pass
    gz.Gazetteer.__init__ = _timed("gazetteer load (tables)", gz.Gazetteer.__init__)
    if hasattr(gz, "_load_city_index"):  # cached per user since issue 5
        gz._load_city_index = _timed(
            "gazetteer city index (first use: cache load or build)", gz._load_city_index
        )
        gz._CityIndex.build = classmethod(
            _timed("gazetteer city index: build (cache miss)", gz._CityIndex.build.__func__)
        )
    else:
        gz._CityIndex.__init__ = _timed(
            "gazetteer city index (built on first use)", gz._CityIndex.__init__
        )
    ex.load_lexicon = _timed("event lexicon load", ex.load_lexicon)
    nb.extractor_version = _timed("extractor version (checksums)", nb.extractor_version)
    ex.Extractor.pipe = _timed_iter(
        "spaCy components (nlp.pipe, minus newsgraph_tags and entity fixes)", ex.Extractor.pipe
    )
    ex.Extractor.extract_doc = _timed(
        "extraction: rest of extract_doc (sentences, word count)", ex.Extractor.extract_doc
    )
    ex.extract_entities = _timed("extraction: entities (extract_entities)", ex.extract_entities)
    ex.extract_events = _timed("extraction: events (extract_events)", ex.extract_events)
    nb.read_inputs = _timed_iter("reading inputs (read_inputs)", nb.read_inputs)
    nb.content_hash = _timed("content hash", nb.content_hash)
    nb.ensure_ontology = _timed("ontology (ensure_ontology)", nb.ensure_ontology)
    nb.open_store = _timed("store open", nb.open_store)
    nb.article_quads = _timed_list("RDF mapping (article_quads)", nb.article_quads)
    nb.merge_chunks = _timed("chunk merging (merge_chunks)", nb.merge_chunks)
    Resolver.resolve = _timed("resolution (Resolver.resolve)", Resolver.resolve)
    Resolver.load = _timed("resolver load (entities graph)", Resolver.load)
    GraphStore.replace_graph = _timed("store writes (replace_graph)", GraphStore.replace_graph)
    if hasattr(GraphStore, "replace_graphs"):  # build writes batches since issue 5
        GraphStore.replace_graphs = _timed(
            "store writes (replace_graph)", GraphStore.replace_graphs
        )
    GraphStore.flush = _timed("store flush", GraphStore.flush)
    if hasattr(GraphStore, "compact"):  # a first build compacts after its bulk loads
        GraphStore.compact = _timed("store compaction (compact)", GraphStore.compact)
    if hasattr(nb, "_Writes"):  # build writes in a background thread since issue 5
        nb._Writes._wait = _timed("store: waiting for the writer thread", nb._Writes._wait)

    collections = _count_collections()
    start = time.perf_counter()
    report = nb.build([subset], store_path=store, model=model)
    build_seconds = time.perf_counter() - start
    return {
        "imports": imports,
        "build": build_seconds,
        "words": report.words,
        "articles": report.written,
        "times": {k: v for k, v in TIMES.items()},
        "thread_cpu": dict(THREAD_CPU),
        "gc": collections,
    }


def _count_collections() -> dict[str, list[float]]:
    """Time the cyclic garbage collector's collections from now on, per generation.

    They happen inside whichever stage allocates, so they are part of the stage times;
    a build's long-lived heap (the pipeline) makes each full collection cost more.
    """
    import gc

    counts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    started: list[float] = [0.0]

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            entry = counts[f"generation {info['generation']}"]
            entry[0] += time.perf_counter() - started[0]
            entry[1] += 1

    gc.callbacks.append(callback)
    return counts


def profiled(subset: str, store: str, model: str, prof: str) -> dict:
    """Child: one build under cProfile; returns the top of the profile as text."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    from newsgraph.build import build

    build([subset], store_path=store, model=model)
    profile.disable()
    profile.dump_stats(prof)
    text = {}
    for key in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(prof, stream=buffer)
        stats.strip_dirs().sort_stats(key).print_stats(35)
        text[key] = buffer.getvalue()
    return {"profile": prof, "top": text}


def main() -> None:
    parser = base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=None, help="default 120 (quick: 40)")
    parser.add_argument("--child", choices=["instrumented", "profiled"], help=_hidden())
    parser.add_argument("--subset", help=_hidden())
    parser.add_argument("--store", help=_hidden())
    parser.add_argument("--prof", help=_hidden())
    args = parser.parse_args()
    model = args.model or default_model()
    if args.child == "instrumented":
        print(json.dumps(instrumented(args.subset, args.store, model)))
        return
    if args.child == "profiled":
        print(json.dumps(profiled(args.subset, args.store, model, args.prof)))
        return

    articles = args.articles or (40 if args.quick else 120)
    params = {"articles": articles, "model": model}
    banner("profile_build", params)
    results = Results("profile_build", params)
    work = args.workdir / "profile"
    subset = write_subset(
        work / f"wikinews-{articles}.jsonl", corpus_records(args.corpus), articles
    )
    store = work / "profile.store"
    me = [PYTHON, __file__, "--model", model, "--subset", str(subset), "--store", str(store)]

    fresh_dir(store)
    outcome = run([*me, "--child", "instrumented"])
    data = json.loads(outcome.stdout.strip().splitlines()[-1])
    results.note_load()
    total = data["imports"] + data["build"]
    times = {k: v[0] for k, v in data["times"].items()}
    print(
        f"instrumented build: {data['articles']} articles, {data['words']} words, "
        f"{total:.1f} s in-process (+ {outcome.wall - total:.1f} s interpreter start-up "
        f"and exit); cpu share {outcome.cpu_share:.2f}, load {outcome.load:.1f}",
        flush=True,
    )
    stages = derived_stages(data["imports"], data["build"], times)
    for name, seconds in stages.items():
        print(f"  {name:<52} {seconds:7.2f} s  {100 * seconds / total:5.1f} %", flush=True)
    background = {k: v for k, v in times.items() if k.startswith(BACKGROUND)}
    # Every background call name has a CPU entry: _leave records both in one branch.
    thread_cpu = data["thread_cpu"]
    for name, seconds in background.items():
        own = f"the thread's own CPU {thread_cpu[name]:.2f} s"
        print(f"  {name:<52} {seconds:7.2f} s  (overlaps the stages above; {own})", flush=True)
    for name, (seconds, calls) in sorted(data.get("gc", {}).items()):
        label = f"garbage collections, {name} ({calls:.0f})"
        print(f"  {label:<52} {seconds:7.2f} s  (within the stages above)", flush=True)
    results.details.update(
        instrumented=data,
        stages=stages,
        background=background,
        background_thread_cpu=thread_cpu,
        total=total,
        process_wall=outcome.wall,
    )
    store_calls = ("store writes (replace_graph)", "store flush", "store compaction (compact)")
    writes = sum(
        times.get(prefix + name, 0.0) for prefix in ("", BACKGROUND) for name in store_calls
    )
    writer_cpu = sum(thread_cpu.get(BACKGROUND + name, 0.0) for name in store_calls)
    results.add(
        Figure(
            "store writes (replace_graph + flush + compact) vs whole build",
            writes,
            "s",
            "build time",
            total,
            writes / total,
            "≤ 0.10",
            writes / total <= 0.10,
            f"{100 * writes / total:.1f} % of the build, {data['articles']} articles, "
            "in-process wall time"
            + (
                " (mostly in build's writer thread, overlapping the spaCy pass; that "
                f"thread's own CPU in its store calls: {writer_cpu:.2f} s)"
                if background
                else ""
            ),
        )
    )

    # What the store adds to the build's own time: the part of its work nothing overlaps
    # (writes and flushes in the main thread, the flush at close, waiting for the writer
    # thread); the writer thread's own time runs beside the spaCy pass on the other core.
    critical = sum(
        times.get(name, 0.0)
        for name in (
            "store writes (replace_graph)",
            "store flush",
            "store compaction (compact)",
            "store: waiting for the writer thread",
        )
    )
    results.add(
        Figure(
            "store work on the build's critical path vs whole build",
            critical,
            "s",
            "build time",
            total,
            critical / total,
            "",
            None,
            "writes, flushes and the compaction in the main thread (the flush at close) and "
            "waiting for the writer thread; not the writer thread's own time, which "
            "overlaps spaCy",
        )
    )

    fresh_dir(store)
    prof = work / "build.prof"
    outcome = run([*me, "--child", "profiled", "--prof", str(prof)])
    top = json.loads(outcome.stdout.strip().splitlines()[-1])["top"]
    results.details["cprofile_top"] = top
    (work / "cprofile.txt").write_text(top["cumulative"] + "\n" + top["tottime"], encoding="utf-8")
    print(f"cProfile (under profiling: {outcome.wall:.1f} s); top by cumulative time:")
    print("\n".join(top["cumulative"].splitlines()[:45]))
    print(f"full listings: {work / 'cprofile.txt'}; profile: {prof}", flush=True)
    results.save(args.workdir)


def derived_stages(imports: float, build: float, times: dict[str, float]) -> dict[str, float]:
    """Stages in a fixed order; the remainder is what no wrapper covers."""
    stages = {"imports before build() (spaCy, newsgraph)": imports}
    stages.update((k, v) for k, v in times.items() if not k.startswith(BACKGROUND))
    stages["other (imports inside build, chunking, glue)"] = imports + build - sum(stages.values())
    return stages


def _hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()

"""Benchmark: what the store adds to a build's wall time, measured by leaving it out (issue 5).

Target: writing to the store takes at most 10 % of build time. ``profile_build.py`` adds
up the time spent in store calls (the writer thread's and the main thread's); this script
checks that figure from the outside, because two busy threads on a 2-core machine can slow
each other beyond the time either spends: the writer's loads and RocksDB's own threads
share caches and memory bandwidth with the spaCy pass on the other core, and their cost
then shows up as a slower spaCy pass, not as store time.

So the same first build (``newsgraph.build.build`` on the same articles, a fresh store,
``--jobs 1``) runs in fresh interpreters in two ways, alternating:

``with store``
    as it is;
``without store``
    the writer thread's store call (``_Writes._write``) and the closing compaction
    (``GraphStore.compact``) replaced by no-ops. Everything else is the same: reading,
    extraction, resolution, RDF mapping, the batches handed to the writer thread, the
    store opened and closed.

The figure is the median of the pairs' differences against the median build with the
store, with a distribution-free 95 % interval for that median: two builds of the same
input back to back differ here by up to 3.5 s, several times the store's effect, and
session 28's default of 5 pairs gave 10.7 % where 12 more gave 7.0 %
(docs/performance.md section S28). Each child also reports its main thread's CPU time
(``time.thread_time``): when the store's effect is larger than the main thread's waiting
for it, the rest is the main thread's own work done more slowly while the writer ran.

Usage::

    .venv/bin/python benchmarks/store_effect.py            # 120 articles, 12 pairs
    .venv/bin/python benchmarks/store_effect.py --quick    # 40 articles, 2 pairs
"""

from __future__ import annotations

import argparse
import json
import sys
import time
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
    median,
    median_interval,
    run,
    spread,
    write_subset,
)

MODES = ("with store", "without store")


def child(mode: str, subset: str, store: str, model: str) -> dict:
    """One build in this interpreter; wall and CPU times from before the imports."""
    wall0, main0, cpu0 = time.perf_counter(), time.thread_time(), time.process_time()
    import newsgraph.build as build_module
    from newsgraph.store import GraphStore

    if mode == "without store":
        build_module._Writes._write = lambda self, items: None  # noqa: SLF001
        GraphStore.compact = lambda self: None
    report = build_module.build([subset], store_path=store, model=model)
    wall = time.perf_counter() - wall0
    main = time.thread_time() - main0
    return {
        "wall": wall,
        "main_cpu": main,
        "other_threads_cpu": time.process_time() - cpu0 - main,
        "main_waiting": wall - main,
        "articles": report.new + report.updated,
    }


def effect_figure(articles: int, with_store: list[float], without: list[float]) -> Figure:
    """The store's effect: the median of the paired differences, ÷ the median build.

    Why the interval: the pairs' differences swing by more than the effect, so the median
    of a few can land on either side of the target by luck; the note says how far it
    could be, as a share of the build, to read against the target.
    """
    differences = [a - b for a, b in zip(with_store, without, strict=True)]
    effect = median(differences)
    build_wall = median(with_store)
    low, high, coverage = median_interval(differences)
    return Figure(
        "store's effect on build wall time (with store minus without, paired)",
        effect,
        "s",
        "build with store",
        build_wall,
        effect / build_wall,
        "≤ 0.10",
        effect / build_wall <= 0.10,
        f"{articles} articles, median of {len(differences)} pairs (differences "
        f"{', '.join(f'{d:+.2f}' for d in differences)} s; builds {spread(with_store)} s "
        f"with the store, {spread(without)} s without); {100 * coverage:.0f} % interval "
        f"of the median {low:+.2f} to {high:+.2f} s, {100 * low / build_wall:.1f} to "
        f"{100 * high / build_wall:.1f} % of the build",
    )


def main() -> None:
    parser = base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=None, help="default 120 (quick: 40)")
    parser.add_argument("--pairs", type=int, default=None, help="default 12 (quick: 2)")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--subset", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    model = args.model or default_model()
    if args.child:
        print(json.dumps(child(args.child, args.subset, args.store, model)))
        return

    articles = args.articles or (40 if args.quick else 120)
    pairs = args.pairs or (2 if args.quick else 12)
    params = {"articles": articles, "pairs": pairs, "model": model}
    banner("store_effect", params)
    results = Results("store_effect", params)
    work = args.workdir / "store_effect"
    records = corpus_records(args.corpus)
    subset = write_subset(work / f"wikinews-{articles}.jsonl", records, articles)
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for number in range(pairs):
        for mode in MODES:
            store = fresh_dir(work / "build.store")
            outcome = run(
                [PYTHON, __file__, "--model", model, "--child", mode]
                + ["--subset", str(subset), "--store", str(store)]
            )
            data = json.loads(outcome.stdout.strip().splitlines()[-1])
            data["wall_outside"] = outcome.wall
            data["load"] = outcome.load
            runs[mode].append(data)
            print(
                f"  pair {number + 1}/{pairs} {mode:<13} wall {outcome.wall:5.1f} s  "
                f"main thread: cpu {data['main_cpu']:5.2f} s, "
                f"waiting {data['main_waiting']:4.2f} s  "
                f"other threads' cpu {data['other_threads_cpu']:4.2f} s  "
                f"(load {outcome.load:.1f})",
                flush=True,
            )
        results.note_load()
    with_store = [r["wall_outside"] for r in runs["with store"]]
    without = [r["wall_outside"] for r in runs["without store"]]
    differences = [a - b for a, b in zip(with_store, without, strict=True)]

    def main_cpu(mode: str) -> float:
        return median([r["main_cpu"] for r in runs[mode]])

    def waiting(mode: str) -> float:
        return median([r["main_waiting"] for r in runs[mode]])

    results.details.update(runs=runs, differences=differences)
    results.add(effect_figure(articles, with_store, without))
    results.add(
        Figure(
            "main thread's CPU time, with store vs without",
            main_cpu("with store"),
            "s",
            "without store",
            main_cpu("without store"),
            main_cpu("with store") / main_cpu("without store"),
            note=(
                f"the same work on the main thread, medians; its waiting (wall minus CPU): "
                f"{waiting('with store'):.2f} s with the store, "
                f"{waiting('without store'):.2f} s without"
            ),
        )
    )
    results.save(args.workdir)


if __name__ == "__main__":
    main()

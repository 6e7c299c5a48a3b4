"""Benchmark: peak memory of ``build`` on 10× the corpus against 1× (issue 5).

Target: the peak RSS of ``newsgraph build`` on ten times the corpus is at most 1.3 times
its peak RSS on the corpus once. Ten times the corpus is the corpus written ten times
with the ids (and URLs) of copies 1–9 suffixed ``#k``: ten times the articles, article
graphs and store, the same entities — which is what streaming must keep flat (the
resolver's entity table grows with distinct entities, not with articles).

Both builds run ``--jobs 1`` into a fresh store. Memory is measured from outside: the
summed RSS of the process tree sampled every 50 ms (psutil, the ``bench`` extra) and the
kernel's ``ru_maxrss`` of the largest process.

The whole corpus ten times is about 1.9 M words: ~20 minutes of CPU here. By default
the "corpus" is its first 60 articles (so 600 articles for 10×); ``--full`` takes all
291 (2,910 articles), ``--quick`` 20 (200).

Usage::

    .venv/bin/python benchmarks/memory.py            # 60 vs 600 articles
    .venv/bin/python benchmarks/memory.py --full     # 291 vs 2,910 articles
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    NEWSGRAPH,
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


def main() -> None:
    parser = base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=None, help="default 60 (quick: 20)")
    parser.add_argument("--full", action="store_true", help="the whole corpus (291 articles)")
    parser.add_argument("--scale", type=int, default=10, help="copies for the large build")
    args = parser.parse_args()
    model = args.model or default_model()
    records = corpus_records(args.corpus)
    articles = len(records) if args.full else args.articles or (20 if args.quick else 60)
    params = {"articles": articles, "scale": args.scale, "model": model}
    banner("memory", params)
    results = Results("memory", params)
    work = args.workdir / "memory"

    measured = {}
    for copies in (1, args.scale):
        subset = write_subset(work / f"x{copies}.jsonl", records, articles, copies)
        store = fresh_dir(work / f"x{copies}.store")
        cmd = [*NEWSGRAPH, "build", str(subset), "--store", str(store), "--model", model]
        result = run(cmd, sample_memory=True)
        measured[copies] = result
        print(
            f"  {copies:>2}x ({articles * copies} articles): peak tree RSS "
            f"{result.tree_peak_mb:7.0f} MiB, ru_maxrss {result.maxrss_mb:7.0f} MiB, wall "
            f"{result.wall:6.1f} s, cpu {result.total_cpu:6.1f} s, load {result.load:.1f}",
            flush=True,
        )
        results.note_load()
    small, large = measured[1], measured[args.scale]
    results.details["runs"] = {
        str(k): {
            "articles": articles * k,
            "tree_peak_mb": v.tree_peak_mb,
            "maxrss_mb": v.maxrss_mb,
            "wall": v.wall,
            "cpu": v.total_cpu,
            "load": v.load,
        }
        for k, v in measured.items()
    }
    ratio = large.tree_peak_mb / small.tree_peak_mb
    results.add(
        Figure(
            f"peak RSS building {args.scale}x the corpus vs 1x",
            large.tree_peak_mb,
            "MiB",
            f"1x ({articles} articles)",
            small.tree_peak_mb,
            ratio,
            "≤ 1.3",
            ratio <= 1.3,
            f"{articles * args.scale} vs {articles} articles; process tree, sampled",
        )
    )
    results.add(
        Figure(
            f"ru_maxrss building {args.scale}x vs 1x (kernel, largest process)",
            large.maxrss_mb,
            "MiB",
            "1x",
            small.maxrss_mb,
            large.maxrss_mb / small.maxrss_mb,
            "≤ 1.3",
            large.maxrss_mb / small.maxrss_mb <= 1.3,
        )
    )
    results.save(args.workdir)


if __name__ == "__main__":
    main()

"""Benchmark: rebuilding unchanged input against the first build (issue 5).

Target: ``newsgraph build`` run again on the same input, with nothing changed, takes at
most 5 % of the first build's time. A rebuild reads every input and hashes it (text,
metadata, extractor version), finds every hash in the store and stops before loading the
spaCy model; what is left is interpreter start-up, imports, opening the store, reading
and hashing, and the summary table's store statistics.

Also shown (not a target): a rebuild where one article's text changed, which has to load
the model to re-extract that one article.

The first build's store is kept (``<workdir>/rebuild/corpus.store``, with a note of what
it holds) for ``queries.py`` to reuse.

Usage::

    .venv/bin/python benchmarks/rebuild.py            # the whole corpus, 3 rebuilds
    .venv/bin/python benchmarks/rebuild.py --quick    # 40 articles, 3 rebuilds
"""

from __future__ import annotations

import json
import shutil
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
    median,
    run,
    spread,
    write_subset,
)


def main() -> None:
    parser = base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=None, help="default: all (quick: 40)")
    parser.add_argument("--repeats", type=int, default=3, help="rebuilds (median)")
    args = parser.parse_args()
    model = args.model or default_model()
    records = corpus_records(args.corpus)
    articles = args.articles or (40 if args.quick else len(records))
    params = {"articles": articles, "repeats": args.repeats, "model": model}
    banner("rebuild", params)
    results = Results("rebuild", params)
    work = args.workdir / "rebuild"
    subset = write_subset(work / "corpus.jsonl", records, articles)
    store = fresh_dir(work / "corpus.store")
    (work / "corpus.json").unlink(missing_ok=True)
    cmd = [*NEWSGRAPH, "build", str(subset), "--store", str(store), "--model", model]

    first = run(cmd)
    print(f"  first build: wall {first.wall:.1f} s, cpu {first.cpu:.1f} s, load {first.load:.1f}")
    (work / "corpus.json").write_text(
        json.dumps({"articles": articles, "corpus": str(args.corpus), "model": model}),
        encoding="utf-8",
    )
    again = []
    for r in range(args.repeats):
        result = run(cmd)
        again.append(result)
        print(f"  rebuild {r + 1}: wall {result.wall:.2f} s, cpu {result.cpu:.2f} s")
    results.note_load()
    unchanged = _unchanged(again[-1].stdout)
    rebuild = median([x.wall for x in again])
    results.details.update(
        first={"wall": first.wall, "cpu": first.cpu, "load": first.load},
        rebuilds=[{"wall": x.wall, "cpu": x.cpu, "load": x.load} for x in again],
        unchanged_reported=unchanged,
    )
    results.add(
        Figure(
            "rebuild of unchanged input vs first build (wall)",
            rebuild,
            "s",
            "first build",
            first.wall,
            rebuild / first.wall,
            "≤ 0.05",
            rebuild / first.wall <= 0.05,
            f"{articles} articles ({unchanged} reported unchanged), median of "
            f"{args.repeats} ({spread([x.wall for x in again])} s)",
        )
    )

    # One article changed: the model loads for it (not a target; shows the fixed cost).
    changed = [dict(r) for r in records[:articles]]
    changed[0]["text"] = changed[0]["text"] + "\n\nThe talks resumed on Friday."
    subset2 = work / "corpus-changed.jsonl"
    subset2.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in changed), encoding="utf-8"
    )
    copy = fresh_dir(work / "changed.store")
    shutil.copytree(store, copy, dirs_exist_ok=True)
    one = run([*NEWSGRAPH, "build", str(subset2), "--store", str(copy), "--model", model])
    results.add(
        Figure(
            "rebuild with one article changed vs first build",
            one.wall,
            "s",
            "first build",
            first.wall,
            one.wall / first.wall,
            note="loads the model for the one changed article",
        )
    )
    results.save(args.workdir)


def _unchanged(summary: str) -> int | None:
    """The "articles unchanged (skipped)" count from the build summary table."""
    for line in summary.splitlines():
        if "unchanged" in line:
            digits = "".join(ch if ch.isdigit() else " " for ch in line).split()
            return int(digits[-1]) if digits else None
    return None


if __name__ == "__main__":
    main()

"""Benchmark: build throughput now against the core version (issue 3).

Target (issue 3): the extraction-quality work may cost at most 10 % of build throughput
against the core version, i.e. words/s now ≥ 0.90 × words/s of the core version on the
same articles, model load included.

The core version is the last commit before the extraction-quality work began
(``CORE_COMMIT``, "Sort imports", the state in which issue 2, the core, was complete).
Its ``src``, ``ontology`` and ``queries`` are taken out of git with ``git archive`` into
the work directory and run from there with the same interpreter, the same installed
libraries and the same model; the current version runs from this checkout's ``src``.
Both build the same articles into fresh stores, alternately, ``--repeats`` times; the
medians are compared on wall time and on CPU time (CPU time hardly moves with the load
of a shared machine).

Usage::

    .venv/bin/python benchmarks/core_throughput.py            # 120 articles, 3 rounds
    .venv/bin/python benchmarks/core_throughput.py --quick    # 40 articles, 2 rounds
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    PYTHON,
    ROOT,
    Figure,
    Results,
    analysed_texts,
    banner,
    base_parser,
    corpus_records,
    default_model,
    fresh_dir,
    median,
    run,
    spread,
    word_count,
    write_subset,
)

#: Last commit of the core (issue 2) before the extraction-quality work (issue 3).
CORE_COMMIT = "3bc20ed6884375122d87edf689bbe070fad40364"


def export_core(commit: str, dest: Path) -> Path:
    """The core version's sources, ontology and saved queries under ``dest``."""
    fresh_dir(dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "src", "ontology", "queries"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    # The core registered its spaCy factories in a module with postponed annotations,
    # which spaCy 3.8.6 (pyproject.toml) cannot validate ("field nlp not yet prepared");
    # without the __future__ import its signatures hold the classes themselves, and
    # nothing else about the core changes.
    components = dest / "src" / "newsgraph" / "nlp" / "components.py"
    text = components.read_text(encoding="utf-8")
    components.write_text(
        text.replace("from __future__ import annotations\n", "", 1), encoding="utf-8"
    )
    return dest


def main() -> None:
    parser = base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=None, help="default 120 (quick: 40)")
    parser.add_argument("--repeats", type=int, default=None, help="rounds (default 3, quick 2)")
    parser.add_argument("--commit", default=CORE_COMMIT, help="the core version's commit")
    args = parser.parse_args()
    model = args.model or default_model()
    articles = args.articles or (40 if args.quick else 120)
    repeats = args.repeats or (2 if args.quick else 3)
    params = {"articles": articles, "repeats": repeats, "model": model, "core": args.commit[:10]}
    banner("core_throughput", params)
    results = Results("core_throughput", params)

    work = args.workdir / "core_throughput"
    core = export_core(args.commit, work / "core")
    subset = write_subset(work / "articles.jsonl", corpus_records(args.corpus), articles)
    words = word_count(analysed_texts(subset))

    versions = {"current": ROOT / "src", "core": core / "src"}
    walls: dict[str, list[float]] = {name: [] for name in versions}
    cpus: dict[str, list[float]] = {name: [] for name in versions}
    for r in range(repeats):
        order = list(versions) if r % 2 == 0 else list(reversed(versions))
        for name in order:
            env = dict(os.environ, PYTHONPATH=str(versions[name]))
            store = fresh_dir(work / f"{name}.store")
            cmd = [PYTHON, "-m", "newsgraph", "build", str(subset), "--store", str(store)]
            result = run([*cmd, "--model", model], env=env)
            walls[name].append(result.wall)
            cpus[name].append(result.cpu)
            print(
                f"  round {r + 1} {name:>7}: wall {result.wall:.1f} s, cpu {result.cpu:.1f} s, "
                f"load {result.load:.1f}",
                flush=True,
            )
        results.note_load()

    now, then = median(walls["current"]), median(walls["core"])
    results.details.update(words=words, walls=walls, cpus=cpus)
    results.add(
        Figure(
            "build words/s now vs the core version (wall)",
            words / now,
            "words/s",
            f"core version {args.commit[:10]}",
            words / then,
            then / now,
            "≥ 0.90",
            then / now >= 0.90,
            f"{articles} articles, {words} words, model load included, median of {repeats} "
            f"(now {spread(walls['current'])} s, core {spread(walls['core'])} s)",
        )
    )
    cnow, cthen = median(cpus["current"]), median(cpus["core"])
    results.add(
        Figure(
            "build words/CPU-s now vs the core version",
            words / cnow,
            "words/CPU-s",
            "core version",
            words / cthen,
            cthen / cnow,
            "≥ 0.90",
            cthen / cnow >= 0.90,
            "load-independent check of the line above",
        )
    )
    results.save(args.workdir)


if __name__ == "__main__":
    main()

"""Benchmark: start-up of ``newsgraph --help`` and ``newsgraph query`` (issue 5).

Target: both start in less than 1.5 s (wall time of the command, median of 5).
``newsgraph query`` runs a saved query on a small existing store (the five sample
stories), so the figure is start-up, not query work; it includes the query's child
process (``python -m newsgraph.query._worker``, which run_query spawns so a query can be
killed at ``--timeout``), i.e. two interpreter start-ups.

Baselines in the same run: ``python -c pass`` (the interpreter floor) and ``python -c
"import pyoxigraph"``. Then ``python -X importtime`` lists the heaviest imports on each
path: the CLI process for ``--help`` and for ``query``, and the query child.

Usage::

    .venv/bin/python benchmarks/startup.py [--repeats 5]
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    NEWSGRAPH,
    PYTHON,
    ROOT,
    Figure,
    Results,
    banner,
    base_parser,
    fresh_dir,
    median,
    run,
    spread,
)

QUERY = "top-actors"


def cli() -> list[str]:
    """The ``newsgraph`` console script a user runs (else ``python -m newsgraph``)."""
    script = Path(PYTHON).parent / "newsgraph"
    return [str(script)] if script.exists() else NEWSGRAPH


def heaviest_imports(stderr: str, top: int = 12) -> list[tuple[str, float, float]]:
    """(module, cumulative ms, self ms) of the top-level imports in ``-X importtime`` output.

    Top-level means imported by the program itself, not by another module: their
    cumulative times add up to the whole import phase without double counting.
    """
    rows = []
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    for line in stderr.splitlines():
        match = pattern.match(line)
        if match and len(match.group(3)) == 1:
            rows.append((match.group(4), int(match.group(2)) / 1000, int(match.group(1)) / 1000))
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def all_imports(stderr: str, top: int = 15) -> list[tuple[str, float]]:
    """The modules with the largest cumulative import time at any depth."""
    rows = []
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    for line in stderr.splitlines():
        match = pattern.match(line)
        if match:
            rows.append((match.group(4).strip(), int(match.group(2)) / 1000))
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def main() -> None:
    parser = base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    params = {"repeats": args.repeats, "query": QUERY}
    banner("startup", params)
    results = Results("startup", params)
    store = fresh_dir(args.workdir / "startup" / "sample.store")
    run([*NEWSGRAPH, "build", str(ROOT / "examples" / "sample"), "--store", str(store)])

    commands = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "python -c 'import pyoxigraph'": [PYTHON, "-c", "import pyoxigraph"],
        "newsgraph --help": [*cli(), "--help"],
        f"newsgraph query {QUERY}": [*cli(), "query", QUERY, "--store", str(store)],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    run(commands["newsgraph --help"])  # warm the page cache and __pycache__ once
    for _ in range(args.repeats):
        for name, cmd in commands.items():
            walls[name].append(run(cmd).wall)
    results.note_load()
    for name, values in walls.items():
        print(f"  {name:<32} median {median(values):.3f} s ({spread(values)})", flush=True)
    floor = median(walls["python -c pass"])
    for name in ("newsgraph --help", f"newsgraph query {QUERY}"):
        value = median(walls[name])
        results.add(
            Figure(
                f"`{name}` start-up (wall)",
                value,
                "s",
                "python -c pass",
                floor,
                value / floor,
                "< 1.5 s",
                value < 1.5,
                f"median of {args.repeats} ({spread(walls[name])})",
            )
        )
    results.details["walls"] = walls

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    paths = {
        "newsgraph --help": [PYTHON, "-X", "importtime", "-m", "newsgraph", "--help"],
        "newsgraph query (CLI process)": [PYTHON, "-X", "importtime", "-m", "newsgraph"]
        + ["query", QUERY, "--store", str(store)],
        "query child (newsgraph.query._worker)": [PYTHON, "-X", "importtime", "-c"]
        + ["import newsgraph.query._worker"],
    }
    importtime = {}
    for name, cmd in paths.items():
        stderr = run(cmd, env=env).stderr
        top = heaviest_imports(stderr)
        total = sum(ms for _, ms, _ in heaviest_imports(stderr, top=10_000))
        importtime[name] = {"total_ms": total, "top": top, "deep": all_imports(stderr)}
        print(f"  imports on the path of {name}: {total:.0f} ms in all; heaviest top-level:")
        for module, cumulative, own in top[:8]:
            print(f"    {cumulative:8.1f} ms  {module} (own {own:.1f} ms)")
    results.details["importtime"] = importtime
    results.save(args.workdir)


if __name__ == "__main__":
    main()

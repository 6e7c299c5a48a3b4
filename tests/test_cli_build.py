"""CLI tests for build, stats, validate, export and prune (CliRunner, real model and store)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from conftest import SAMPLE
from newsgraph.cli import main
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.store import open_store


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "sample.store"
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_summary_counts_articles(sample_store):
    result = run("build", str(SAMPLE), "--store", str(sample_store))
    assert result.exit_code == 0
    assert "articles unchanged (skipped)" in result.output
    assert "│     5 │" in result.output.split("articles unchanged")[1].splitlines()[0]


def test_every_command_has_help_with_an_example():
    for name in ["build", "query", "export", "stats", "validate", "prune"]:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, name
    assert run("--help").exit_code == 0


def test_stats_json(sample_store):
    result = run("stats", "--store", str(sample_store), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["articles"] == 5
    assert data["entities"]["Person"] >= 4
    assert data["events"] == sum(data["events_by_root"].values())


def test_validate_accepts_a_fresh_build(sample_store):
    result = run("validate", "--store", str(sample_store))
    assert result.exit_code == 0
    assert result.output.startswith("valid: 6 graphs conform")


def test_validate_reports_a_broken_mention(tmp_path):
    store = tmp_path / "s.store"
    assert run("build", str(SAMPLE / "minister-visit.txt"), "--store", str(store)).exit_code == 0
    s = open_store(store, write=True)
    anchor = ox.NamedNode(PREFIXES["nif"] + "anchorOf")
    quad = next(s.ox.quads_for_pattern(None, anchor, None, None))
    s.ox.remove(quad)
    s.ox.add(ox.Quad(quad.subject, anchor, ox.Literal("not what the text says"), quad.graph_name))
    s.close()
    result = run("validate", "--store", str(store))
    assert result.exit_code == 1
    assert "nif:anchorOf is not the text" in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: 1 violation(s)")


@pytest.mark.parametrize("fmt", ["turtle", "ttl", "ntriples", "nquads", "trig", "jsonld"])
def test_export_formats_parse_back_with_the_same_counts(sample_store, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), "--store", str(sample_store))
    assert result.exit_code == 0, result.output
    total = len(open_store(sample_store).ox)
    rdflib_format = {"ttl": "turtle", "ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt)
    if fmt in {"nquads", "trig", "jsonld"}:
        ds = Dataset()
        ds.parse(out, format=rdflib_format)
        assert sum(len(g) for g in ds.graphs()) == total
        assert len(list(ds.graphs())) >= 7  # 5 articles, entities, ontology (+ default)
    else:
        g = Graph()
        g.parse(out, format=rdflib_format)
        assert len(g) == total


def test_export_to_stdout(sample_store):
    result = run("export", "--format", "nt", "--store", str(sample_store))
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == len(open_store(sample_store).ox)


def test_export_unknown_format_lists_the_available_ones(sample_store):
    result = run("export", "--format", "gml", "--store", str(sample_store))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: unknown format 'gml'; available: csv, cytoscape, dot, geojson, gexf, graphml, "
        "graphology, html, jsonld, nquads, ntriples, png, svg, trig, turtle"
    )


def test_missing_store_is_one_error_line(tmp_path):
    result = run("stats", "--store", str(tmp_path / "nope.store"))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: no store at {tmp_path / 'nope.store'}; run `newsgraph build` first"
    )


def test_some_inputs_failing_gives_exit_3(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "good.txt").write_text(
        "Leaders meet\n\nPresident Anna Berg met Chancellor Olaf Brandt in Berlin on Monday.\n"
    )
    result = run(
        "build", str(tmp_path), "--store", str(tmp_path / "s.store"), "--published", "2024-01-10"
    )
    assert result.exit_code == 3, result.output
    assert "failed: " in result.output and "empty.txt" in result.output


def test_every_input_failing_gives_exit_1(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("build", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "s.store"))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: no input could be built"


def test_strict_stops_at_the_first_failure(tmp_path):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text("Title\n\nThe minister said talks would resume.\n")
    result = run("build", str(tmp_path), "--store", str(tmp_path / "s.store"), "--strict")
    assert result.exit_code == 1
    assert "Error: " in result.output and "a.txt" in result.output


def test_bad_published_date_is_a_usage_error(tmp_path):
    result = run(
        "build", str(SAMPLE), "--store", str(tmp_path / "s.store"), "--published", "2016-02-30"
    )
    assert result.exit_code == 2


def test_second_writer_gets_store_in_use(tmp_path):
    store = tmp_path / "s.store"
    holder = open_store(store, write=True, create=True)
    try:
        result = run("build", str(SAMPLE / "minister-visit.txt"), "--store", str(store))
    finally:
        holder.close()
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: store {store} is in use by another process (a build?); try again when it finishes"
    )


def test_changed_article_replaces_its_graph_and_prune_removes_orphans(tmp_path):
    feed = tmp_path / "feed.jsonl"
    store = tmp_path / "s.store"
    record = {
        "id": "a1",
        "title": "Talks",
        "published": "2024-05-02",
        "text": "Foreign Minister Lena Holm met President Pedro Alves in Lisbon.",
    }
    feed.write_text(json.dumps(record) + "\n")
    assert run("build", str(feed), "--store", str(store)).exit_code == 0
    record["text"] = "Prime Minister Omar Said visited Cairo on Monday."
    feed.write_text(json.dumps(record) + "\n")
    result = run("build", str(feed), "--store", str(store))
    assert result.exit_code == 0
    s = open_store(store)
    text = PREFIXES["ng"] + "text"
    texts = [q.object.value for q in s.ox.quads_for_pattern(None, ox.NamedNode(text), None)]
    assert texts == [record["text"]]
    labels = {
        r["l"].value
        for r in s.ox.query(
            "SELECT ?l WHERE { GRAPH ?g { ?x gaf:denotedBy ?m } ?x rdfs:label ?l }",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    }
    assert "Lena Holm" not in labels and "Omar Said" in labels
    del s
    # the entity facts stayed; prune removes those no article mentions any more
    result = run("prune", "--store", str(store))
    assert result.exit_code == 0
    assert int(result.output.split()[1]) >= 2
    s = open_store(store)
    assert not s.ox.query(
        'ASK { ?x rdfs:label "Lena Holm" }', prefixes=PREFIXES, use_default_graph_as_union=True
    )
    assert s.ox.query(
        'ASK { ?x rdfs:label "Omar Said" }', prefixes=PREFIXES, use_default_graph_as_union=True
    )


def test_parallel_build_writes_identical_triples(tmp_path, sample_store):
    store = tmp_path / "jobs2.store"
    result = run("build", str(SAMPLE), "--store", str(store), "--jobs", "2")
    assert result.exit_code == 0, result.output
    one = {str(q) for q in open_store(sample_store).ox if "graph/ontology" not in str(q)}
    two = {str(q) for q in open_store(store).ox if "graph/ontology" not in str(q)}
    assert one == two


def _run_script(tmp_path, script: str, *args: str):
    """Run ``script`` as a program of its own: forkservers and the way a process exits
    belong to the process, so these tests cannot run in pytest's."""
    import subprocess
    import sys

    path = tmp_path / "run.py"
    path.write_text(script)
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True)


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "newsgraph", "--help"], capture_output=True, text=True, check=True
    )
    assert "Turn news stories into a knowledge graph" in out.stdout


def test_parallel_build_of_a_new_store_preloads_the_workers_before_opening_it(tmp_path):
    """--jobs > 1 on a store that does not exist yet starts the workers' forkserver (its
    preload imports spaCy and loads the model) before the store is even opened: every
    article will need it. A rebuild of an existing store still starts it only for an
    article that needs extraction, and a new store whose inputs all fail stops it."""

    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    script = (
        "import os, sys\n"
        "from multiprocessing import forkserver\n"
        "import newsgraph.build as b\n"
        "seen = []\n"
        "real_open = b.open_store\n"
        "def spy(*args, **kwargs):\n"
        "    seen.append(forkserver._forkserver._forkserver_pid)\n"
        "    return real_open(*args, **kwargs)\n"
        "b.open_store = spy\n"
        "def server_gone():\n"
        "    return forkserver._forkserver._forkserver_pid is None\n"
        "if __name__ == '__main__':\n"
        f"    new, bad = {str(tmp_path / 'new.store')!r}, {str(tmp_path / 'bad.store')!r}\n"
        f"    first = b.build([{str(SAMPLE)!r}], store_path=new, jobs=2)\n"
        "    gone_1 = server_gone()\n"
        f"    again = b.build([{str(SAMPLE)!r}], store_path=new, jobs=2)\n"
        f"    failed = b.build([{str(tmp_path / 'bad.json')!r}], store_path=bad, jobs=2)\n"
        "    pid = seen[2]\n"
        "    try:\n"
        "        os.kill(pid, 0)\n"
        "        reaped = False\n"
        "    except (ProcessLookupError, TypeError):\n"
        "        reaped = True\n"
        "    print(seen[0] is not None, gone_1, first.new > 0, seen[1] is None,\n"
        "          again.unchanged == first.new, pid is not None, failed.failed == 1,\n"
        "          server_gone(), reaped)\n"
    )
    out = _run_script(tmp_path, script)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True"] * 9


def test_console_build_skips_teardown_but_runs_atexit_and_keeps_its_exit_code(tmp_path):
    """The console script ends a build without Python's teardown of the spaCy pipeline
    (~0.3 s), after printing everything and running atexit handlers; the exit code (3:
    one input failed) and the store are what a normal exit gives."""

    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    store = tmp_path / "s.store"
    script = (
        "import atexit, sys\n"
        "from newsgraph.cli import run\n"
        "class Teardown:\n"
        "    def __del__(self):\n"
        "        print('teardown ran', file=sys.stderr, flush=True)\n"
        "KEEP = Teardown()\n"
        "atexit.register(lambda: print('atexit ran', file=sys.stderr, flush=True))\n"
        "if __name__ == '__main__':\n"
        "    sys.argv = ['newsgraph', *sys.argv[1:]]\n"
        "    run()\n"
    )
    inputs = [str(SAMPLE / "wire.jsonl"), str(tmp_path / "bad.json")]
    out = _run_script(tmp_path, script, "build", *inputs, "--store", str(store))
    assert out.returncode == 3, out.stderr
    assert "bad.json: not valid JSON" in out.stderr
    assert "atexit ran" in out.stderr
    assert "teardown ran" not in out.stderr
    assert "store: triples" in out.stdout and out.stdout.rstrip().endswith("┘")
    stats = json.loads(run("stats", "--store", str(store), "--format", "json").output)
    assert stats["articles"] == sum(1 for line in (SAMPLE / "wire.jsonl").open() if line.strip())
    open_store(store, write=True).close()  # the build's write lock is gone
    # a command that did not ask for it exits normally: its objects are torn down
    out = _run_script(tmp_path, script, "--version")
    assert out.returncode == 0 and "teardown ran" in out.stderr


def test_build_keeps_its_loaded_pipeline_from_the_collector_only_while_it_runs(tmp_path):
    """A build freezes the heap once the model is loaded (full collections no longer walk
    the pipeline), and unfreezes it when done: a caller's collector is as it was. A caller
    that froze objects itself keeps them frozen, and the build freezes nothing more."""
    import gc

    from newsgraph._gc import YOUNG_THRESHOLD
    from newsgraph.build import build

    wire = str(SAMPLE / "wire.jsonl")
    counts: list[int] = []
    thresholds: list[tuple[int, int, int]] = []
    before = gc.get_threshold()

    def seen(_: str) -> None:
        counts.append(gc.get_freeze_count())
        thresholds.append(gc.get_threshold())

    report = build([wire], store_path=str(tmp_path / "a.store"), on_article=seen)
    assert report.new == len(counts) > 0
    assert min(counts) > 10_000  # the pipeline, frozen while articles are extracted
    assert gc.get_freeze_count() == 0
    # young collections less often meanwhile; the caller's thresholds back afterwards
    assert {t[0] for t in thresholds} == {max(before[0], YOUNG_THRESHOLD)}
    assert {t[1:] for t in thresholds} == {before[1:]}
    assert gc.get_threshold() == before

    class Stop(Exception):
        pass

    def stop(_: str) -> None:
        assert gc.get_freeze_count() > 10_000
        raise Stop

    with pytest.raises(Stop):  # a build stopped half-way unfreezes too
        build([wire], store_path=str(tmp_path / "c.store"), on_article=stop)
    assert gc.get_freeze_count() == 0

    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        counts.clear()
        report = build(
            [wire],
            store_path=str(tmp_path / "b.store"),
            on_article=lambda _: counts.append(gc.get_freeze_count()),
        )
        assert report.new == len(counts) > 0
        # nothing more frozen (frozen objects that die still go: the count may drop a
        # little), nothing unfrozen
        assert max(counts) <= mine and mine - 1_000 < gc.get_freeze_count() <= mine
    finally:
        gc.unfreeze()


def test_a_build_worker_freezes_its_loaded_pipeline(tmp_path):
    """A ``--jobs`` worker process lives only to extract: it freezes its heap for good once
    its model is loaded."""
    script = (
        "import gc\n"
        "from newsgraph.build import _worker_init\n"
        "from newsgraph.config import default_model\n"
        "before = gc.get_freeze_count()\n"
        "_worker_init(default_model())\n"
        "print(before, gc.get_freeze_count())\n"
    )
    out = _run_script(tmp_path, script)
    assert out.returncode == 0, out.stderr
    before, after = map(int, out.stdout.split())
    assert before == 0 and after > 10_000


def test_reading_commands_find_a_store_built_with_another_base(tmp_path):
    store = tmp_path / "b.store"
    base = "https://example.org/kg/"
    result = run("build", str(SAMPLE / "wire.jsonl"), "--store", str(store), "--base", base)
    assert result.exit_code == 0, result.output
    s = open_store(store)
    assert s.base == base
    assert s.entities_graph.value == f"{base}graph/entities"
    del s
    stats = json.loads(run("stats", "--store", str(store), "--format", "json").output)
    assert stats["entities"]["Person"] > 0
    assert run("validate", "--store", str(store)).output.startswith("valid: 5 graphs")


def test_parallel_build_leaves_spacy_to_the_workers_and_stops_its_forkserver(tmp_path):
    """With --jobs the writer process never imports spaCy (it used to, through the
    forkserver preload module, paying seconds before the workers could start), and the
    forkserver the build started (it holds a model) is gone, reaped, when build returns."""

    script = (
        "import os, sys\n"
        "from multiprocessing import forkserver\n"
        "from newsgraph.build import build\n"
        "pids = []\n"
        "def seen(origin):\n"
        "    pids.append(forkserver._forkserver._forkserver_pid)\n"
        "if __name__ == '__main__':\n"
        f"    report = build([{str(SAMPLE)!r}], store_path={str(tmp_path / 's')!r}, jobs=2,\n"
        "                   on_article=seen)\n"
        "    assert report.new > 0, report\n"
        "    print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))\n"
        "    server = {p for p in pids if p is not None}\n"
        "    assert len(server) == 1, pids\n"
        "    assert forkserver._forkserver._forkserver_pid is None\n"
        "    try:\n"
        "        os.kill(server.pop(), 0)\n"
        "    except ProcessLookupError:\n"
        "        print('forkserver gone')\n"
    )
    out = _run_script(tmp_path, script)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["[]", "forkserver gone"]


def test_a_parallel_build_freezes_the_writers_heap_only_while_workers_extract(tmp_path):
    """With --jobs the writer process mostly waits for its workers, but it holds the
    gazetteer, the resolver and the store: its collector walks them no more than a
    single-process build walks its pipeline (the heap frozen, young collections rarer),
    and the caller's collector is as it was when the build returns."""
    script = (
        "import gc\n"
        "from newsgraph._gc import YOUNG_THRESHOLD\n"
        "from newsgraph.build import build\n"
        "seen = []\n"
        "def article(origin):\n"
        "    seen.append((gc.get_freeze_count(), gc.get_threshold()[0]))\n"
        "if __name__ == '__main__':\n"
        "    before = gc.get_threshold()\n"
        f"    report = build([{str(SAMPLE)!r}], store_path={str(tmp_path / 's')!r}, jobs=2,\n"
        "                   on_article=article)\n"
        "    assert report.new == len(seen) > 0, (report, seen)\n"
        "    young = {t for _, t in seen}\n"
        "    assert young == {max(before[0], YOUNG_THRESHOLD)}, (young, before)\n"
        "    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before\n"
        "    print(min(c for c, _ in seen))\n"
    )
    out = _run_script(tmp_path, script)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 10_000  # the writer's heap, frozen while articles arrive

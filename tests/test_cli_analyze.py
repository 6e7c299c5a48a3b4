"""CLI tests for ``newsgraph analyze`` on the sample store (CliRunner, real build).

Expected values come from the library on the same store, so the tests check that the CLI
shows what the analysis computes, whatever the extractor finds in the sample stories.
"""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import SAMPLE
from newsgraph.analysis import project
from newsgraph.analysis.centrality import centrality_table
from newsgraph.analysis.communities import louvain
from newsgraph.cli import main
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.store import open_store

SUBCOMMANDS = ["summary", "centrality", "communities", "path", "ego", "activity"]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli-analyze") / "sample.store"
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def actors(sample_store):
    store = open_store(sample_store)
    graph = project(store)
    store.close()
    return graph


def run(*args: str):
    return CliRunner().invoke(main, ["analyze", *args])


def test_every_subcommand_has_help_with_an_example():
    assert "analyze" in CliRunner().invoke(main, ["--help"]).output
    assert "Example" in run("--help").output
    for name in SUBCOMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, name


def test_summary_json(sample_store, actors):
    result = run("summary", "--store", str(sample_store), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["view"] == "actors" and data["directed"] is True
    assert (data["nodes"], data["edges"]) == (len(actors), actors.number_of_edges())


def test_summary_table_names_the_view(sample_store):
    result = run("summary", "--store", str(sample_store), "--view", "comentions")
    assert result.exit_code == 0
    assert "comentions projection" in result.stdout


def test_centrality_csv_matches_library(sample_store, actors):
    result = run("centrality", "--store", str(sample_store), "--format", "csv", "--top", "3")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = centrality_table(actors)[:3]
    assert [r["iri"] for r in rows] == [r["node"] for r in expected]
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert float(rows[0]["pagerank"]) == pytest.approx(expected[0]["pagerank"])


def test_centrality_samples_betweenness_on_a_large_graph(sample_store, actors, monkeypatch):
    from newsgraph.analysis import centrality

    exact = run("centrality", "--store", str(sample_store), "--format", "csv", "--top", "0")
    assert "estimated" not in exact.stderr
    monkeypatch.setattr(centrality, "EXACT_BETWEENNESS_MAX_NODES", 2)
    monkeypatch.setattr(centrality, "SAMPLE_BUDGET", 0)  # the floor: SAMPLE_MIN sources
    monkeypatch.setattr(centrality, "SAMPLE_MIN", 5)
    n = len(actors)
    assert n > 5
    result = run("centrality", "--store", str(sample_store), "--format", "csv", "--top", "0")
    assert result.exit_code == 0, result.output
    assert f"betweenness estimated from 5 sampled nodes of {n:,}" in result.stderr
    assert f"--k {n} computes it exactly" in result.stderr
    sampled = {
        r["iri"]: float(r["betweenness"]) for r in csv.DictReader(io.StringIO(result.stdout))
    }
    expected = centrality.betweenness(actors, k=5, seed=0)
    assert sampled.keys() == expected.keys()
    assert all(sampled[node] == pytest.approx(expected[node], abs=1e-6) for node in sampled)


def test_centrality_table_shows_labels(sample_store, actors):
    result = run("centrality", "--store", str(sample_store), "--top", "1")
    assert result.exit_code == 0
    top = centrality_table(actors)[0]
    assert top["label"].split()[0] in result.stdout


def test_centrality_write_back(tmp_path, sample_store, actors):
    copy = shutil.copytree(sample_store, tmp_path / "copy.store")
    result = run("centrality", "--store", str(copy), "--write-back", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and "metrics graph" in result.stderr
    store = open_store(copy)
    metrics = store.metrics_graph.value
    rows = list(
        store.ox.query(
            f"SELECT ?a ?pr WHERE {{ GRAPH <{metrics}> {{ ?a ng:pagerank ?pr }} }}",
            prefixes=PREFIXES,
        )
    )
    assert {r["a"].value for r in rows} == set(actors)


def test_communities_json_and_write_back(tmp_path, sample_store, actors):
    copy = shutil.copytree(sample_store, tmp_path / "copy.store")
    result = run(
        "communities", "--store", str(copy), "--format", "json", "--top", "0", "--write-back"
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["iri"] for r in rows} == set(actors)
    parts = louvain(actors)
    assert {r["iri"]: r["community"] for r in rows} == {
        n: i for i, part in enumerate(parts) for n in part
    }
    store = open_store(copy)
    written = {
        q.subject.value: int(q.object.value)
        for q in store.graph_quads(store.metrics_graph)
        if q.predicate.value.endswith("#community")
    }
    assert written == {r["iri"]: r["community"] for r in rows}


def test_communities_method_multilevel_is_igraphs_louvain(sample_store, actors):
    result = run(
        "communities", "--store", str(sample_store), "--method", "multilevel",
        "--format", "json", "--top", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    parts = louvain(actors, method="multilevel")
    assert {r["iri"]: r["community"] for r in json.loads(result.stdout)} == {
        n: i for i, part in enumerate(parts) for n in part
    }


def test_communities_table_title(sample_store):
    result = run("communities", "--store", str(sample_store))
    assert result.exit_code == 0
    assert "modularity" in result.stdout


def _an_edge(graph):
    """The heaviest edge of the projection, with the sentence behind it."""
    u, v, data = max(graph.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1]))
    return u, v, data["sentences"][0]["sentence"]


def test_path_prints_evidence(sample_store, actors):
    u, v, sentence = _an_edge(actors)
    labels = actors.nodes[u]["label"], actors.nodes[v]["label"]
    result = run("path", labels[0], labels[1], "--store", str(sample_store))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"{labels[0]} → {labels[1]} (1 hop)"
    assert sentence in result.stdout


def test_path_json(sample_store, actors):
    u, v, sentence = _an_edge(actors)
    result = run("path", u, v, "--store", str(sample_store), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["nodes"] == [u, v]
    assert sentence in [s["sentence"] for s in data["hops"][0]["sentences"]]


def test_ego(sample_store, actors):
    u, v, _ = _an_edge(actors)
    label = actors.nodes[u]["label"]
    result = run("ego", label, "--store", str(sample_store), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["iri"] == u and rows[0]["distance"] == "0"
    assert v in {r["iri"] for r in rows if r["distance"] == "1"}


def test_activity_csv(sample_store, actors):
    result = run("activity", "--store", str(sample_store), "--format", "csv", "--top", "0")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    total = sum(len(d["dates"]) for _, d in actors.nodes(data=True))
    assert sum(int(r["events"]) for r in rows) == total
    assert all(r["week"][4:6] == "-W" for r in rows)


def test_unknown_actor_is_one_error_line(sample_store):
    result = run("ego", "Nobody Atall", "--store", str(sample_store))
    assert result.exit_code == 1
    assert result.stderr == "Error: no actor matches 'Nobody Atall'\n"
    result = run("path", "Nobody Atall", "Egypt", "--store", str(sample_store))
    assert result.stderr == "Error: no actor matches 'Nobody Atall'\n"


def test_bad_filters(sample_store):
    result = run("summary", "--store", str(sample_store), "--event-type", "q9")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: event type 'q9' is not a CAMEO root")
    result = run("summary", "--store", str(sample_store), "--since", "yesterday")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: since 'yesterday' is not a date")
    assert run("summary", "--store", str(sample_store), "--view", "bogus").exit_code == 2


def test_missing_store(tmp_path):
    missing = tmp_path / "none.store"
    result = run("summary", "--store", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no store at {missing}; run `newsgraph build` first\n"


def test_centrality_help_states_the_sampling_limit():
    from newsgraph.analysis.centrality import EXACT_BETWEENNESS_MAX_NODES

    text = " ".join(run("centrality", "--help").output.split())
    assert f"exact up to {EXACT_BETWEENNESS_MAX_NODES:,} nodes, sampled above" in text


#: A console-script run of ``newsgraph ARGS``, reporting at exit how many objects
#: ``gc.freeze()`` moved aside, and whether the process ended through ``os._exit``
#: (no teardown of the heap object by object).
CONSOLE = (
    "import atexit, gc, os, sys\n"
    "from newsgraph.cli import run\n"
    "_exit = os._exit\n"
    "def fast_exit(code):\n"
    "    print('fast exit', code, file=sys.stderr, flush=True)\n"
    "    _exit(code)\n"
    "os._exit = fast_exit\n"
    "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr,"
    " flush=True))\n"
    "if __name__ == '__main__':\n"
    "    sys.argv = ['newsgraph', *sys.argv[1:]]\n"
    "    run()\n"
)


def _console(tmp_path, *args: str):
    """Run the console script in a process of its own: how it exits belongs to it."""
    import subprocess
    import sys

    path = tmp_path / "console.py"
    path.write_text(CONSOLE)
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True)


def _frozen(stderr: str) -> int:
    return int(stderr.split("frozen ")[1].split()[0])


def test_console_freezes_the_projection_and_skips_teardown(tmp_path, sample_store):
    """In the console script a projecting command freezes the heap its projection leaves
    (later collections do not walk it) and ends through ``os._exit``, without Python's
    teardown of that heap; what it prints and its exit code are those of an in-process
    run, which does neither."""
    import gc

    args = ["analyze", "centrality", "--store", str(sample_store), "--format", "csv"]
    before = gc.get_freeze_count()
    expected = CliRunner().invoke(main, args)
    assert expected.exit_code == 0, expected.output
    assert gc.get_freeze_count() == before  # in-process (tests, notebooks): no freeze
    out = _console(tmp_path, *args)
    assert out.returncode == 0, out.stderr
    assert out.stdout == expected.stdout
    assert _frozen(out.stderr) > 10_000  # the interpreter, the modules and the graph
    assert "fast exit 0" in out.stderr

    # an error after the projection: one line, the usual exit code, still no teardown
    out = _console(tmp_path, "analyze", "ego", "no such actor", "--store", str(sample_store))
    assert out.returncode == 1 and "no such actor" in out.stderr
    assert "fast exit 1" in out.stderr

    # export and plot project too
    graphml = tmp_path / "g.graphml"
    out = _console(
        tmp_path, "export", "--format", "graphml", "-o", str(graphml), "--store", str(sample_store)
    )
    assert out.returncode == 0, out.stderr
    assert _frozen(out.stderr) > 10_000 and "fast exit 0" in out.stderr
    assert graphml.read_bytes() == _graphml_in_process(tmp_path, sample_store)
    png = tmp_path / "t.png"
    out = _console(tmp_path, "plot", "timeline", "-o", str(png), "--store", str(sample_store))
    assert out.returncode == 0, out.stderr
    assert _frozen(out.stderr) > 10_000 and "fast exit 0" in out.stderr
    assert png.read_bytes().startswith(b"\x89PNG")

    # a command that projects nothing exits as before: no freeze, a normal exit
    out = _console(tmp_path, "stats", "--store", str(sample_store))
    assert out.returncode == 0 and _frozen(out.stderr) == 0 and "fast exit" not in out.stderr


def _graphml_in_process(tmp_path, sample_store) -> bytes:
    path = tmp_path / "in-process.graphml"
    result = CliRunner().invoke(
        main, ["export", "--format", "graphml", "-o", str(path), "--store", str(sample_store)]
    )
    assert result.exit_code == 0, result.output
    return path.read_bytes()

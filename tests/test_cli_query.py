"""``newsgraph query`` through click's CliRunner: formats, parameters, --list, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.query import list_saved_queries

FIXTURE = Path(__file__).parent / "data" / "queries" / "fixture.trig"
NG = "https://w3id.org/newsgraph/ontology#"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    writer = ox.Store(str(path))
    writer.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    writer.flush()
    del writer
    return str(path)


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["query", *args], catch_exceptions=False)


def test_help_has_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "--param" in result.output and "--allow-remote" in result.output


def test_json_is_w3c_sparql_results(store: str) -> None:
    result = run("top-actors", "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["actor", "label", "kind", "mentions", "articles"]
    first = document["results"]["bindings"][0]
    assert first["actor"] == {"type": "uri", "value": "https://w3id.org/newsgraph/id/country/SYR"}
    assert first["mentions"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    # W3C JSON round-trips through pyoxigraph's own parser.
    parsed = ox.parse_query_results(result.stdout_bytes, ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 7


def test_csv_has_header_and_crlf(store: str) -> None:
    result = run("top-actors", "--store", store, "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout_bytes.split(b"\r\n")
    assert lines[0] == b"actor,label,kind,mentions,articles"
    assert lines[1] == b"https://w3id.org/newsgraph/id/country/SYR,Syria,country,4,3"


def test_tsv_keeps_rdf_terms(store: str) -> None:
    result = run("top-actors", "--store", store, "--format", "tsv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "?actor\t?label\t?kind\t?mentions\t?articles"
    assert lines[1] == '<https://w3id.org/newsgraph/id/country/SYR>\t"Syria"\t"country"\t4\t3'


def test_table_compacts_iris_and_caps_rows(store: str) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main, ["query", "top-actors", "--store", store, "--limit", "4"]
    )
    assert result.exit_code == 0
    assert "id:country/SYR" in result.stdout
    assert "United Nations" in result.stdout and "Syrians" not in result.stdout
    assert "… 3 more rows (use --format csv for all)" in result.stdout


def test_table_limit_zero_shows_all(store: str) -> None:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(
        main, ["query", "top-actors", "--store", store, "--limit", "0"]
    )
    assert result.exit_code == 0
    assert "more rows" not in result.stdout
    assert result.stdout.count("id:") == 7


def test_ask_and_construct(store: str) -> None:
    ask = run("--store", store, f"ASK {{ ?a a <{NG}Article> }}")
    assert ask.stdout.strip() == "true"
    ask_json = run("--store", store, "--format", "json", "ASK { ?s <http://ex/none> ?o }")
    assert json.loads(ask_json.stdout) == {"head": {}, "boolean": False}
    construct = f"CONSTRUCT {{ ?g <{NG}label> ?l }} WHERE {{ ?g a <{NG}Group> ; ?p ?l }}"
    nt = run("--store", store, "--format", "csv", construct)
    graph = list(ox.parse(nt.stdout_bytes, format=ox.RdfFormat.N_TRIPLES))
    assert len(graph) > 0
    turtle = run("--store", store, construct)
    assert "@prefix ng: <https://w3id.org/newsgraph/ontology#> ." in turtle.stdout
    assert set(ox.parse(turtle.stdout_bytes, format=ox.RdfFormat.TURTLE)) == set(graph)


def test_param_binding_from_the_command_line(store: str) -> None:
    result = run("statements", "--store", store, "--format", "csv", "--param", "person=Ban")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 2 and all(",Ban Ki-moon," in row for row in rows)


def test_param_with_quotes_and_braces_does_not_break_the_query(store: str) -> None:
    value = '"} ; DROP ALL ; SELECT * { ?s ?p ?o'
    result = run("actor", "--store", store, "--format", "json", "--param", f"actor={value}")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == []
    # A bare value with braces is a string too; the store is untouched.
    echo = run(
        "--store",
        store,
        "--format",
        "tsv",
        "--param",
        "x=a{b}c",
        "SELECT ?x WHERE {}",
    )
    assert echo.stdout.splitlines()[1] == '"a{b}c"'
    assert run("--store", store, f"ASK {{ ?a a <{NG}Article> }}").stdout.strip() == "true"


def test_param_iri(store: str) -> None:
    result = run(
        "actor",
        "--store",
        store,
        "--format",
        "csv",
        "--param",
        "actor=<https://w3id.org/newsgraph/id/group/rebels>",
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + 7


def test_list_shows_saved_queries() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    for saved in list_saved_queries():
        assert saved.name in result.stdout
    assert "actor (default: every actor)" in result.stdout


def test_unknown_saved_query_error_line(store: str) -> None:
    result = run("nope", "--store", store)
    assert result.exit_code == 1
    names = ", ".join(saved.name for saved in list_saved_queries())
    assert result.stderr == f"Error: unknown saved query 'nope'; available: {names}\n"


def test_refused_and_malformed_exit_1(store: str) -> None:
    refused = run("--store", store, "SELECT * { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: SERVICE <http://127.0.0.1:9/s> is refused")
    update = run("--store", store, "CLEAR ALL")
    assert update.exit_code == 1
    assert update.stderr == "Error: updates are refused; pass --allow-update to run them\n"
    malformed = run("--store", store, "SELECT ?s WHERE { ?s ?p }")
    assert malformed.exit_code == 1
    assert malformed.stderr.startswith("Error: malformed query at line 1, column ")
    assert "Traceback" not in malformed.output


def test_missing_store_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "none"
    result = run("top-actors", "--store", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no store at {missing}; run `newsgraph build` first\n"


def test_unknown_param_exit_1(store: str) -> None:
    result = run("roles", "--store", store, "--param", "actor=x")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: parameter 'actor' is not used by the query")


@pytest.mark.parametrize(
    "args",
    [
        [],  # no QUERY
        ["dyads", "--format", "xml"],
        ["dyads", "--param", "no-equals-sign"],
        ["dyads", "--param", "x=<not an iri>"],
        ["dyads", "--timeout", "0"],
        ["dyads", "--limit", "-1"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_update_allowed_writes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    ox.Store(str(path)).flush()
    graph = "https://w3id.org/newsgraph/id/graph/metrics"
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <http://ex/a> <http://ex/b> 1 }} }}"
    result = run("--store", str(path), "--allow-update", update)
    assert result.exit_code == 0, result.output
    assert "update done" in result.stderr
    check = run("--store", str(path), f"ASK FROM <{graph}> {{ ?s ?p 1 }}")
    assert check.stdout.strip() == "true"


def test_query_child_does_not_import_rich() -> None:
    """The query child process imports newsgraph.query but not rich (start-up cost)."""
    import subprocess
    import sys

    code = "import sys, newsgraph.query._worker; print('rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("args", "asked"),
    [
        (["--limit", "4"], ("json", 4)),  # a table: only its rows leave the query child
        (["--limit", "0"], ("json", None)),  # a table of every row
        (["--format", "csv"], ("csv", None)),  # written by the child, printed as is
        (["--format", "tsv"], ("tsv", None)),
        (["--format", "json"], ("json", None)),
    ],
)
def test_each_format_asks_the_query_child_for_what_it_prints(
    store: str, monkeypatch: pytest.MonkeyPatch, args: list[str], asked: tuple
) -> None:
    import newsgraph.query as query_package

    real = query_package.run_query
    calls: list[tuple] = []

    def spy(*a: object, **kw: object) -> object:
        calls.append((kw.get("result_format", "json"), kw.get("max_rows")))
        return real(*a, **kw)

    monkeypatch.setattr(query_package, "run_query", spy)
    result = run("top-actors", "--store", store, *args)
    assert result.exit_code == 0, result.output
    assert calls == [asked]

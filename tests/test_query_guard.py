"""The query guard and runner: refusals, graph checks, parameters, store errors, timeouts."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from newsgraph.errors import (
    QueryError,
    QueryRefusedError,
    QueryTimeoutError,
    StoreError,
    StoreInUseError,
)
from newsgraph.query import Kind, analyse_query, check_query, parse_param, run_query

FIXTURE = Path(__file__).parent / "data" / "queries" / "fixture.trig"
B = "https://w3id.org/newsgraph/id/"
ENTITIES = B + "graph/entities"
ONTOLOGY = B + "graph/ontology"
NG = "https://w3id.org/newsgraph/ontology#"
STORE_GRAPHS = {ENTITIES, ONTOLOGY}
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER = ox.NamedNode(XSD + "integer")


def check(text: str, **options: object) -> Kind:
    settings = {"allow_update": False, "allow_remote": False, "graphs": STORE_GRAPHS}
    settings.update(options)
    return check_query(text, **settings)  # type: ignore[arg-type]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return path


# --- updates ---------------------------------------------------------------------------

UPDATES = [
    "INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/newsgraph/id/graph/entities>",
    "PREFIX ex: <http://ex/> WITH ex:g DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_by_default(update: str) -> None:
    with pytest.raises(QueryRefusedError, match=r"^updates are refused; pass --allow-update"):
        check(update)


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_allowed_with_allow_update(update: str) -> None:
    assert check(update, allow_update=True) is Kind.UPDATE


def test_query_kinds() -> None:
    assert check("SELECT * { ?s ?p ?o }") is Kind.SELECT
    assert check("ASK{}") is Kind.ASK
    assert check("CONSTRUCT WHERE { ?s ?p ?o }") is Kind.CONSTRUCT
    assert check("DESCRIBE <http://ex/a>") is Kind.DESCRIBE


# --- SERVICE and LOAD ------------------------------------------------------------------

SERVICES = {
    "top level": "SELECT * WHERE { SERVICE <http://ex/sparql> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <http://ex/sparql> { ?s ?p ?o } }",
    "variable endpoint": "SELECT * WHERE { ?s <http://ex/p> ?e SERVICE ?e { ?s ?p ?o } }",
    "in OPTIONAL": "SELECT * { ?s ?p ?o OPTIONAL { SERVICE <http://ex/sparql> { ?s ?q ?r } } }",
    "in UNION": "SELECT * { { ?s ?p ?o } UNION { SERVICE <http://ex/sparql> { ?s ?p ?o } } }",
    "in subquery": (
        "SELECT ?s { { SELECT ?s WHERE { OPTIONAL { SERVICE <http://ex/sparql> { ?s ?p ?o } } } } }"
    ),
    "in FILTER EXISTS": (
        "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://ex/sparql> { ?s ?p ?o } } }"
    ),
    "in MINUS": "SELECT * { ?s ?p ?o MINUS { SERVICE <http://ex/sparql> { ?s ?p ?o } } }",
    "prefixed": "PREFIX ex: <http://ex/> SELECT * { SERVICE ex:sparql { ?s ?p ?o } }",
    "unicode escape": "SELECT * { \\u0053ERVICE <http://ex/sparql> { ?s ?p ?o } }",
    "lower case": "select * { service <http://ex/sparql> { ?s ?p ?o } }",
    "in CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://ex/sparql> { ?s ?p ?o } }",
    "in an update": "INSERT { ?s ?p ?o } WHERE { SERVICE <http://ex/sparql> { ?s ?p ?o } }",
}


@pytest.mark.parametrize("text", SERVICES.values(), ids=SERVICES.keys())
def test_service_is_refused_anywhere(text: str) -> None:
    with pytest.raises(QueryRefusedError, match="SERVICE .* is refused.*--allow-remote"):
        check(text, allow_update=True)


def test_service_is_allowed_with_allow_remote() -> None:
    assert check(SERVICES["in subquery"], allow_remote=True) is Kind.SELECT


def test_service_in_a_comment_or_string_is_not_a_service() -> None:
    text = '# SERVICE <http://ex/>\nSELECT * { ?s ?p "SERVICE <http://ex/> {}" }'
    assert check(text) is Kind.SELECT


def test_load_is_refused_even_when_updates_are_allowed() -> None:
    with pytest.raises(QueryRefusedError, match=r"LOAD <http://ex/data.ttl> is refused"):
        check("LOAD <http://ex/data.ttl> INTO GRAPH <http://ex/g>", allow_update=True)
    with pytest.raises(QueryRefusedError, match="updates are refused"):
        check("LOAD <http://ex/data.ttl>", allow_remote=True)
    assert check("LOAD <http://ex/data.ttl>", allow_update=True, allow_remote=True) is Kind.UPDATE


# --- FROM / FROM NAMED / USING ---------------------------------------------------------


def test_from_a_graph_not_in_the_store_is_refused() -> None:
    text = "SELECT * FROM <http://ex/elsewhere> WHERE { ?s ?p ?o }"
    with pytest.raises(QueryRefusedError) as error:
        check(text)
    assert str(error.value) == "graph <http://ex/elsewhere> is not in the store"


def test_from_named_and_using_are_checked_too() -> None:
    with pytest.raises(QueryRefusedError, match="graph <http://ex/n> is not in the store"):
        check(f"SELECT * FROM <{ENTITIES}> FROM NAMED <http://ex/n> {{ ?s ?p ?o }}")
    with pytest.raises(QueryRefusedError, match="graph <http://ex/u> is not in the store"):
        check(
            "DELETE { ?s ?p ?o } USING <http://ex/u> WHERE { ?s ?p ?o }",
            allow_update=True,
        )


def test_from_with_a_prefixed_name_is_resolved() -> None:
    text = f"PREFIX g: <{B}graph/> SELECT * FROM g:entities WHERE {{ ?s ?p ?o }}"
    assert check(text) is Kind.SELECT
    assert analyse_query(text).dataset == (ENTITIES,)


def test_from_a_store_graph_gives_exactly_that_graph(store_path: Path) -> None:
    everything = run_query(store_path, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    entities = run_query(store_path, f"SELECT (COUNT(*) AS ?n) FROM <{ENTITIES}> {{ ?s ?p ?o }}")
    store = ox.Store.read_only(str(store_path))
    in_entities = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES))))
    assert int(entities.rows()[0][0].value) == in_entities
    assert int(everything.rows()[0][0].value) == len(store) > in_entities
    # Only the entities graph: no article or ontology data in the default graph.
    articles = run_query(store_path, f"ASK FROM <{ENTITIES}> {{ ?a a <{NG}Article> }}")
    assert articles.boolean is False


def test_from_named_only_gives_those_graphs_to_graph(store_path: Path) -> None:
    result = run_query(
        store_path,
        f"SELECT DISTINCT ?g FROM NAMED <{ONTOLOGY}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    )
    assert [row[0].value for row in result.rows()] == [ONTOLOGY]


def test_from_an_unknown_graph_is_refused_by_run_query(store_path: Path) -> None:
    with pytest.raises(QueryRefusedError, match="graph <http://ex/nope> is not in the store"):
        run_query(store_path, "SELECT * FROM <http://ex/nope> { ?s ?p ?o }")


# --- malformed -------------------------------------------------------------------------


def test_malformed_query_message_has_a_position() -> None:
    text = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER( }"
    with pytest.raises(QueryError) as error:
        check(text)
    message = str(error.value)
    assert message.startswith("malformed query at line 4, column ")
    assert "\n" not in message


def test_malformed_update_message_has_a_position() -> None:
    with pytest.raises(QueryError, match=r"^malformed query at line 1, column \d+"):
        check("INSERT DATA { <http://ex/a> <http://ex/b> }", allow_update=True)


def test_undefined_prefix_is_malformed() -> None:
    with pytest.raises(QueryError, match="^malformed query: Unknown namespace prefix : ex"):
        check("SELECT * { ?s ex:p ?o }")


def test_syntax_the_guard_cannot_parse_is_refused() -> None:
    """rdflib has no SPARQL 1.2 triple terms: the guard cannot see inside, so no run."""
    with pytest.raises(QueryError, match="^malformed query at line 1"):
        check("SELECT * { << ?s ?p ?o >> ?q ?r }")


# --- parameters ------------------------------------------------------------------------


def test_parse_param_types() -> None:
    assert parse_param("<http://ex/a>") == ox.NamedNode("http://ex/a")
    assert parse_param('"two words"') == ox.Literal("two words")
    assert parse_param("Aleppo") == ox.Literal("Aleppo")
    assert parse_param("12") == ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))
    assert parse_param("-1.5") == ox.Literal("-1.5", datatype=ox.NamedNode(XSD + "decimal"))
    assert parse_param("2016-02-06") == ox.Literal(
        "2016-02-06", datatype=ox.NamedNode(XSD + "date")
    )
    with pytest.raises(QueryError, match="invalid date"):
        parse_param("2016-02-30")
    with pytest.raises(QueryError, match="invalid IRI"):
        parse_param("<not an iri>")


def test_param_with_quotes_and_braces_is_bound_not_pasted(store_path: Path) -> None:
    nasty = '"x" } ; DROP ALL ; SELECT * { ?s ?p ?o '
    text = "SELECT ?name ?n WHERE { BIND(STRLEN(?name) AS ?n) }"
    result = run_query(store_path, text, params={"name": nasty})
    assert result.rows() == [(ox.Literal(nasty), ox.Literal(str(len(nasty)), datatype=INTEGER))]


def test_param_binds_typed_values(store_path: Path) -> None:
    text = (
        "PREFIX schema: <https://schema.org/> "
        "SELECT ?id ?day WHERE { ?a schema:datePublished ?day ; schema:identifier ?id }"
    )
    result = run_query(store_path, text, params={"day": "2016-02-10"})
    assert [row[0].value for row in result.rows()] == ["reuters-2016-02-10-ceasefire"]


def test_unused_param_is_named(store_path: Path) -> None:
    with pytest.raises(QueryError) as error:
        run_query(store_path, "SELECT ?s { ?s ?p ?o }", params={"actor": "x"})
    assert str(error.value) == (
        "parameter 'actor' is not used by the query (its variables: ?o, ?p, ?s)"
    )


def test_param_not_in_select_clause_is_explained(store_path: Path) -> None:
    text = "SELECT ?s { ?s ?p ?o FILTER(?o = ?x) }"
    with pytest.raises(QueryError, match=r"cannot bind parameter \?x: .*SELECT clause"):
        run_query(store_path, text, params={"x": "Aleppo"})


def test_params_only_in_select(store_path: Path) -> None:
    with pytest.raises(QueryError, match="only in SELECT queries, not in ASK"):
        run_query(store_path, "ASK { ?s ?p ?x }", params={"x": "1"})


# --- running: store states ---------------------------------------------------------------


def test_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(StoreError) as error:
        run_query(missing, "ASK {}")
    assert str(error.value) == f"no store at {missing}; run `newsgraph build` first"


def test_empty_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="^no store at "):
        run_query(tmp_path, "ASK {}")


def test_update_with_allow_update_writes(store_path: Path) -> None:
    graph = f"{B}graph/metrics"
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <http://ex/a> <http://ex/b> 1 }} }}"
    with pytest.raises(QueryRefusedError):
        run_query(store_path, update)
    result = run_query(store_path, update, allow_update=True)
    assert result.kind is Kind.UPDATE
    after = run_query(store_path, f"ASK FROM <{graph}> {{ <http://ex/a> ?p ?o }}")
    assert after.boolean is True


def test_update_while_another_process_writes(store_path: Path) -> None:
    writer = ox.Store(str(store_path))  # holds RocksDB's LOCK, as a build would
    try:
        with pytest.raises(StoreInUseError) as error:
            run_query(store_path, "CLEAR GRAPH <http://ex/g>", allow_update=True)
        assert str(error.value) == (
            f"store {store_path} is in use by another process (a build?); "
            "try again when it finishes"
        )
        # A read-only query still works beside the writer.
        assert run_query(store_path, "ASK { ?s ?p ?o }").boolean is True
    finally:
        del writer


# --- remote access never happens -------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {{ SELECT ?s {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        " }} }} }}",
    ],
    ids=["top", "nested"],
)
def test_service_to_a_loopback_server_makes_no_connection(store_path: Path, template: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
        with pytest.raises(QueryRefusedError, match=f"SERVICE <{url}> is refused"):
            run_query(store_path, template.format(url=url))
        server.settimeout(0.5)
        with pytest.raises(TimeoutError):
            server.accept()


# --- timeout -----------------------------------------------------------------------------


def test_slow_query_times_out_quickly(tmp_path: Path) -> None:
    path = tmp_path / "big"
    store = ox.Store(str(path))
    predicate = ox.NamedNode("http://ex/p")
    graph = ox.NamedNode("http://ex/g")
    store.bulk_extend(
        ox.Quad(ox.NamedNode(f"http://ex/s{i}"), predicate, ox.Literal(i), graph)
        for i in range(3000)
    )
    store.flush()
    del store
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"  # 2.7e10 rows
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError) as error:
        run_query(path, slow, timeout=1)
    assert str(error.value) == "query timed out after 1 s"
    assert time.monotonic() - started < 10


# --- the shipped verdicts on saved queries -------------------------------------------


def test_shipped_verdicts_match_a_fresh_analysis_of_every_saved_query() -> None:
    from newsgraph.query.guard import SAVED_VERDICTS, saved_verdicts
    from newsgraph.query.saved import list_saved_queries

    queries = list_saved_queries()
    assert len(queries) >= 10
    expected = saved_verdicts((q.path.name, q.text) for q in queries)
    assert SAVED_VERDICTS.read_text(encoding="utf-8") == expected, (
        "src/newsgraph/query/saved_verdicts.json is stale: run "
        "`.venv/bin/python scripts/make_saved_verdicts.py`"
    )


def test_a_saved_query_is_not_parsed_but_any_other_text_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsgraph.query import guard
    from newsgraph.query.saved import resolve_query

    text, saved = resolve_query("timeline")
    assert saved is not None
    parsed = guard._analyse(text)

    def no_parsing(_: str) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(guard, "_analyse", no_parsing)
    assert analyse_query(text) == parsed
    assert parsed.kind is Kind.SELECT and "actor" in parsed.variables
    # one character more is another request: parsed, whatever it resembles
    for other in (text + " ", text.replace("SELECT", "select", 1), "CLEAR ALL"):
        with pytest.raises(AssertionError, match="parsed"):
            analyse_query(other)


def test_an_unreadable_verdicts_file_means_parsing_not_trusting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from newsgraph.query import guard

    text = "CLEAR ALL"
    broken = tmp_path / "saved_verdicts.json"
    for content in ("not json", "[]", '{"x": 1}', '{"' + guard._digest(text) + '": {}}'):
        broken.write_text(content, encoding="utf-8")
        monkeypatch.setattr(guard, "SAVED_VERDICTS", broken)
        guard._shipped_verdicts.cache_clear()
        try:
            assert guard._shipped_verdicts() == {}
            with pytest.raises(QueryRefusedError, match="updates are refused"):
                check(text)
        finally:
            guard._shipped_verdicts.cache_clear()

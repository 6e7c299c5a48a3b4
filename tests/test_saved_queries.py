"""Golden tests for the saved queries: queries/NAME.rq + fixture.trig -> NAME.expected.json.

The fixture has three article graphs, the entities graph and an ontology graph; the same
actors are mentioned in several articles (and al-Moallem twice in one sentence), so a
query that counts over the union of graphs without DISTINCT gets different numbers.
Rows are compared as multisets; ORDER BY is checked separately where it matters.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from newsgraph.errors import QueryError
from newsgraph.query import list_saved_queries, resolve_query, run_query
from newsgraph.resources import queries_dir

DATA = Path(__file__).parent / "data" / "queries"
FIXTURE = DATA / "fixture.trig"
XSD = "http://www.w3.org/2001/XMLSchema#"
SAVED = {query.name: query for query in list_saved_queries()}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture loaded into an on-disk store, closed before the queries open it."""
    path = tmp_path_factory.mktemp("golden") / "store"
    store = ox.Store(str(path))
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return path


def term_text(term: object) -> str | None:
    """N-Triples form of a term, with the XSD namespace shortened as in the expected files."""
    if term is None:
        return None
    text = str(term)
    if text.endswith(">") and f"^^<{XSD}" in text:
        text = text.replace(f"^^<{XSD}", "^^xsd:")[:-1]
    return text


def expected_cases() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(DATA.glob("*.expected.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            cases.append((document["query"], case))
    return cases


def case_id(value: object) -> str:
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value["params"].items()) or "no-params"
    return str(value)


def test_there_are_at_least_ten_saved_queries() -> None:
    assert len(SAVED) >= 10
    assert {
        "dyads",
        "top-actors",
        "events-by-type",
        "actor",
        "events-at-place",
        "statements",
        "places",
        "comentions",
        "articles-mentioning",
        "roles",
    } <= set(SAVED)


@pytest.mark.parametrize("name", sorted(SAVED))
def test_saved_query_has_header_and_expected_file(name: str) -> None:
    saved = SAVED[name]
    assert saved.path.parent == queries_dir()
    assert saved.title and saved.title != name
    assert saved.description
    expected = DATA / f"{name}.expected.json"
    assert expected.is_file(), f"no golden file for {name}"
    document = json.loads(expected.read_text(encoding="utf-8"))
    # Every saved query runs as is: a case without parameters is required.
    assert any(case["params"] == {} for case in document["cases"])
    for param in saved.params:
        assert param.default, f"{name}: parameter {param.name} documents no default"
        assert f"?{param.name}" in saved.text
        # pyoxigraph binds only selected variables: the parameter must be in SELECT.
        select = saved.text[saved.text.index("SELECT") : saved.text.index("WHERE")]
        assert f"?{param.name}" in select, f"{name}: ?{param.name} is not selected"


@pytest.mark.parametrize(("name", "case"), expected_cases(), ids=case_id)
def test_saved_query_gives_expected_rows(store_path: Path, name: str, case: dict) -> None:
    text, saved = resolve_query(name)
    assert saved is not None and saved.name == name
    result = run_query(store_path, text, params=case["params"])
    assert result.variables == case["vars"]
    actual = Counter(tuple(term_text(t) for t in row) for row in result.rows())
    expected = Counter(tuple(row) for row in case["rows"])
    assert actual == expected


def test_dyads_are_ordered_by_date(store_path: Path) -> None:
    result = run_query(store_path, SAVED["dyads"].text)
    dates = [row[0].value for row in result.rows()]
    assert dates == sorted(dates)
    assert len(dates) == 11  # 10 events, one with two targets


def test_top_actors_counts_distinct_mentions_and_articles(store_path: Path) -> None:
    """al-Moallem: 4 mentions (two in one sentence) in 2 articles; Lavrov: never."""
    result = run_query(store_path, SAVED["top-actors"].text)
    counts = {row[1].value: (int(row[3].value), int(row[4].value)) for row in result.rows()}
    assert counts["Walid al-Moallem"] == (4, 2)
    assert counts["Syria"] == (4, 3)
    assert "Sergei Lavrov" not in counts


def test_param_matches_iri_or_part_of_any_name(store_path: Path) -> None:
    text = SAVED["actor"].text
    by_alt = run_query(store_path, text, params={"actor": "al-moallem"})
    by_iri = run_query(
        store_path,
        text,
        params={"actor": "<https://w3id.org/newsgraph/id/person/walid-al-moallem>"},
    )
    assert {row[0] for row in by_alt.rows()} == {row[0] for row in by_iri.rows()}
    assert len({row[0] for row in by_iri.rows()}) == 1


def test_unused_param_on_saved_query_is_an_error(store_path: Path) -> None:
    with pytest.raises(QueryError, match="parameter 'actors' is not used by the query"):
        run_query(store_path, SAVED["actor"].text, params={"actors": "Moallem"})


def test_resolve_query_reads_files_and_text(tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK {}", encoding="utf-8")
    assert resolve_query(str(rq)) == ("ASK {}", None)
    assert resolve_query("ASK{}") == ("ASK{}", None)
    with pytest.raises(QueryError, match="no query file"):
        resolve_query(str(tmp_path / "missing.rq"))
    with pytest.raises(QueryError) as error:
        resolve_query("no-such-query")
    assert str(error.value).startswith("unknown saved query 'no-such-query'; available: actor,")

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


# --- parameters resolved first (issue 5) -----------------------------------------------
#
# The parametrised saved queries resolve their parameter to entities in a subquery at the
# start of the WHERE clause instead of filtering the full join afterwards. These tests pin
# the old semantics: the rows for a parameter are exactly the rows of the unparametrised
# query whose entity matches it (its IRI, or part of its label or of another name,
# case-insensitive), with the parameter column filled in.

ENTITY_COLUMN = {
    "actor": ("actor_iri", "actor"),
    "timeline": ("actor_iri", "actor"),
    "statements": ("speaker_iri", "person"),
    "articles-mentioning": ("entity_iri", "entity"),
}


def _names(store_path: Path) -> dict[str, list[str]]:
    """Every entity's rdfs:label and skos:altLabel values, by IRI."""
    store = ox.Store.read_only(str(store_path))
    names: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.predicate.value in (
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2004/02/skos/core#altLabel",
        ):
            names.setdefault(quad.subject.value, []).append(quad.object.value)
    return names


def _matches(iri: str, value: str, names: dict[str, list[str]]) -> bool:
    if value.startswith("<"):
        return iri == value[1:-1]
    return any(value.lower() in name.lower() for name in names.get(iri, []))


@pytest.mark.parametrize("name", sorted(ENTITY_COLUMN))
@pytest.mark.parametrize(
    "value",
    ["moallem", "Syria", "UNITED", "<https://w3id.org/newsgraph/id/person/walid-al-moallem>"],
)
def test_param_rows_are_the_matching_rows_of_the_full_query(
    store_path: Path, name: str, value: str
) -> None:
    iri_column, param = ENTITY_COLUMN[name]
    names = _names(store_path)
    everything = run_query(store_path, SAVED[name].text)
    column = everything.variables.index(iri_column)
    expected = [
        tuple(term_text(t) for t in row[:-1])
        for row in everything.rows()
        if row[column] is not None and _matches(row[column].value, value, names)
    ]
    got = run_query(store_path, SAVED[name].text, params={param: value})
    rows = [tuple(term_text(t) for t in row) for row in got.rows()]
    # the parameter column holds the bound value on every row
    assert {row[-1] for row in rows} <= {term_text(got.rows()[0][-1])} if rows else True
    # same rows, in the same order, as filtering the unparametrised result
    assert [row[:-1] for row in rows] == expected
    if value == "moallem":
        assert expected, "the fixture has al-Moallem rows for every parametrised query"


def test_events_at_place_param_includes_places_inside(store_path: Path) -> None:
    """A country's rows are its own events plus those of the places located in it."""
    text = SAVED["events-at-place"].text
    everything = run_query(store_path, text)
    where = everything.variables.index("where_iri")
    syria = run_query(store_path, text, params={"place": "syria"})
    by_iri = run_query(
        store_path, text, params={"place": "<https://w3id.org/newsgraph/id/country/SYR>"}
    )
    assert [r[:-1] for r in syria.rows()] == [r[:-1] for r in by_iri.rows()]
    places = {row[where].value for row in syria.rows()}
    assert "https://w3id.org/newsgraph/id/country/SYR" in places or len(places) > 1
    assert all(row[:-1] in [r[:-1] for r in everything.rows()] for row in syria.rows()), (
        "a parameter only narrows the unparametrised rows"
    )
    assert len(syria.rows()) < len(everything.rows())


def test_ties_are_ordered_by_iri(store_path: Path) -> None:
    """top-actors breaks ties on counts and label by IRI: the order is deterministic."""
    rows = run_query(store_path, SAVED["top-actors"].text).rows()
    keys = [(-int(r[3].value), -int(r[4].value), r[1].value, r[0].value) for r in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "value", ["moallem", "Syria", "UNITED", "a", "<https://w3id.org/newsgraph/id/country/SYR>"]
)
def test_articles_mentioning_plans_give_the_same_rows(store_path: Path, value: str) -> None:
    """articles-mentioning looks up the entities a parameter names when there are at most
    100 of them and scans otherwise; both plans must give the same rows in the same order
    (each plan is forced here by moving the threshold in the query text)."""
    text = SAVED["articles-mentioning"].text
    switch = ("?named > 100)", "?named <= 100)")
    assert all(text.count(s) == 1 for s in switch), "the plan switch moved; update this test"
    scan = text.replace(switch[0], "?named > -1)").replace(switch[1], "?named <= -1)")
    lookup = text.replace(switch[0], "?named > 1000000)").replace(switch[1], "?named <= 1000000)")
    params = {"entity": value}
    rows = {
        plan: [
            tuple(term_text(t) for t in row)
            for row in run_query(store_path, q, params=params).rows()
        ]
        for plan, q in [("saved", text), ("scan", scan), ("lookup", lookup)]
    }
    assert rows["saved"], value
    assert rows["scan"] == rows["lookup"] == rows["saved"]


def test_actor_rows_are_in_a_total_order(store_path: Path) -> None:
    """actor's rows follow its sort keys, the event IRI last: two rows never tie, so the
    order does not depend on which of its two plans ran or how it joined."""
    result = run_query(store_path, SAVED["actor"].text)
    names = result.variables
    columns = ["label", "actor_iri", "fact", "date", "value", "other", "event"]
    keys = [
        tuple("" if row[names.index(c)] is None else row[names.index(c)].value for c in columns)
        for row in result.rows()
    ]
    assert len(keys) > 20
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)

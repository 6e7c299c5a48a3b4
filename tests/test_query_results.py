"""What ``run_query`` hands back: a W3C format chosen by the caller, or a preview of the
first rows with the number of all of them (what ``--format table`` shows)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from newsgraph.query import Kind, format_result, result_table, run_query
from newsgraph.query.run import RESULTS_CSV, RESULTS_JSON, RESULTS_TSV

EX = "http://example.org/"
#: Literals a line-based count could trip on: newlines, tabs and carriage returns.
AWKWARD = ["plain", "two\nlines", "tab\there", "cr\rlf\r\n", "", 'quote " and , comma']
ORDERED = (
    f"SELECT ?s ?o ?missing WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}q> ?missing }} }} "
    "ORDER BY ?s"
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("results") / "store"
    store = ox.Store(str(path))
    graph = ox.NamedNode(f"{EX}graph")
    for i in range(40):
        value = AWKWARD[i % len(AWKWARD)] + f" #{i}"
        subject = ox.NamedNode(f"{EX}s{i:02d}")
        store.add(ox.Quad(subject, ox.NamedNode(f"{EX}p"), ox.Literal(value), graph))
    store.flush()
    del store
    return path


def full(store_path: Path) -> list[tuple]:
    return run_query(store_path, ORDERED).rows()


@pytest.mark.parametrize("max_rows", [0, 1, 7, 39, 40, 41, 500])
def test_preview_has_the_first_rows_and_counts_all(store_path: Path, max_rows: int) -> None:
    rows = full(store_path)
    assert len(rows) == 40
    preview = run_query(store_path, ORDERED, max_rows=max_rows)
    assert preview.kind is Kind.SELECT
    assert preview.variables == ["s", "o", "missing"]
    assert preview.rows() == rows[:max_rows]  # unbound ?missing stays None
    assert preview.total_rows == 40
    assert preview.data == b""


def test_preview_of_an_empty_result_and_of_one_empty_solution(store_path: Path) -> None:
    empty = run_query(store_path, f"SELECT ?s WHERE {{ ?s <{EX}nothing> ?o }}", max_rows=5)
    assert empty.rows() == [] and empty.total_rows == 0
    unit = run_query(store_path, "SELECT * WHERE {}", max_rows=0)
    assert unit.variables == [] and unit.total_rows == 1


def test_preview_table_says_how_many_rows_it_leaves_out(store_path: Path) -> None:
    preview = run_query(store_path, ORDERED, max_rows=3)
    table = result_table(preview, limit=3)
    assert table.row_count == 3
    assert table.caption == "… 37 more rows (use --format csv for all)"
    with pytest.raises(ValueError, match="preview"):
        format_result(preview, "csv")


@pytest.mark.parametrize(
    ("fmt", "media"), [("json", RESULTS_JSON), ("csv", RESULTS_CSV), ("tsv", RESULTS_TSV)]
)
def test_each_format_comes_ready_from_the_child(store_path: Path, fmt: str, media: str) -> None:
    """The bytes are what pyoxigraph writes for the whole result, with no JSON round trip."""
    expected = (
        ox.Store.read_only(str(store_path))
        .query(ORDERED, use_default_graph_as_union=True)
        .serialize(
            format={
                "json": ox.QueryResultsFormat.JSON,
                "csv": ox.QueryResultsFormat.CSV,
                "tsv": ox.QueryResultsFormat.TSV,
            }[fmt]
        )
    )
    result = run_query(store_path, ORDERED, result_format=fmt)
    assert result.media_type == media
    assert result.data == expected
    assert format_result(result, fmt) == expected
    # and from JSON, as a library caller gets it by default, the same bytes
    assert format_result(run_query(store_path, ORDERED), fmt) == expected


def test_tsv_reads_back_and_csv_says_why_it_cannot(store_path: Path) -> None:
    tsv = run_query(store_path, ORDERED, result_format="tsv")
    assert tsv.rows() == full(store_path)
    assert format_result(tsv, "json") == run_query(store_path, ORDERED).data
    csv = run_query(store_path, ORDERED, result_format="csv")
    with pytest.raises(ValueError, match="CSV result cannot be read back"):
        csv.rows()


def test_ask_in_each_format(store_path: Path) -> None:
    ask = f"ASK {{ ?s <{EX}p> ?o }}"
    assert run_query(store_path, ask).boolean is True
    assert run_query(store_path, ask, result_format="tsv").boolean is True
    assert run_query(store_path, ask, max_rows=3).boolean is True  # no rows to preview
    assert format_result(run_query(store_path, ask, result_format="csv"), "csv") == b"true"


def test_bad_arguments_are_refused_before_running(store_path: Path) -> None:
    with pytest.raises(ValueError, match="result format"):
        run_query(store_path, ORDERED, result_format="xml")
    with pytest.raises(ValueError, match="max_rows"):
        run_query(store_path, ORDERED, max_rows=-1)

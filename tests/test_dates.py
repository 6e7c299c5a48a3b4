"""Publication dates, dateline dates and DATE-entity resolution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.extract.time import resolve_date
from newsgraph.sources.dates import WEEKDAYS, find_dateline_date, parse_published

TURKEY = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TURKEY = TURKEY / "turkey-syria-border-2016-02-06.txt"
SATURDAY = dt.date(2016, 2, 6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-02-06", "2016-02-06"),
        (" 2016-02-06 ", "2016-02-06"),
        ("2016-02-06T10:30:00Z", "2016-02-06T10:30:00+00:00"),
        ("2016-02-06T10:30:00+02:00", "2016-02-06T10:30:00+02:00"),
        ("2016-02-06 10:30", "2016-02-06T10:30:00"),
        ("Feb. 6, 2016", "2016-02-06"),
        ("February 6, 2016", "2016-02-06"),
        ("6 February 2016", "2016-02-06"),
        ("Saturday, Feb. 6, 2016", "2016-02-06"),
        ("Sat, 06 Feb 2016 10:30:00 +0000", "2016-02-06T10:30:00+00:00"),
        ("", None),
    ],
)
def test_parse_published(value: str, expected: str | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["2016-02-30", "Feb. 30, 2016", "2016-13-01", "yesterday", "2016", "February 2016"]
)
def test_parse_published_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_published(value)


def test_dateline_from_caption_in_turkey_story() -> None:
    assert find_dateline_date(TURKEY.read_text(encoding="utf-8")) == SATURDAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON, Feb. 6, 2016 (AP) — Officials said.", SATURDAY),
        ("KILIS, Turkey, Saturday, 6 February 2016 — Refugees waited.", SATURDAY),
        ("Published: 2016-02-06\nBody text.", SATURDAY),
        (
            "Body.\nRefugees at the gate, in Syria, Saturday, Feb. 6, 2016.Bunyamin Aygun / AP",
            SATURDAY,
        ),
        ("The war began in 2011.\nRussia joined in September.", None),
        ("Talks should resume by Feb. 25, though it is unclear.", None),
        ("He said the talks would resume on Feb. 25, 2016 in Geneva.", None),
        ("Refugees at the gate, Saturday, Feb. 30, 2016.", None),
    ],
)
def test_find_dateline_date(text: str, expected: dt.date | None) -> None:
    assert find_dateline_date(text) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Friday", dt.date(2016, 2, 5)),
        ("Saturday", SATURDAY),
        ("on Monday", dt.date(2016, 2, 1)),
        ("Friday night", dt.date(2016, 2, 5)),
        ("last Friday", dt.date(2016, 2, 5)),
        ("last Saturday", dt.date(2016, 1, 30)),
        ("next Friday", dt.date(2016, 2, 12)),
        ("next Saturday", dt.date(2016, 2, 13)),
        ("this Friday", dt.date(2016, 2, 12)),
        ("today", SATURDAY),
        ("yesterday", dt.date(2016, 2, 5)),
        ("tomorrow", dt.date(2016, 2, 7)),
        ("two days ago", dt.date(2016, 2, 4)),
        ("Feb. 25", dt.date(2016, 2, 25)),
        ("February 25", dt.date(2016, 2, 25)),
        ("25 February", dt.date(2016, 2, 25)),
        ("Feb. 6, 2016", SATURDAY),
        ("2016-02-06", SATURDAY),
        ("6 February 2016", SATURDAY),
        ("Saturday, Feb. 6, 2016", SATURDAY),
        ("last week", None),
        ("48 hours", None),
        ("the last 48 hours", None),
        ("September", None),
        ("2011", None),
        ("recent days", None),
        ("five-year-old", None),
        ("mid-week", None),
        ("Feb. 30", None),
        ("", None),
    ],
)
def test_resolve_date(expression: str, expected: dt.date | None) -> None:
    assert resolve_date(expression, SATURDAY) == expected


def test_resolve_without_reference() -> None:
    assert resolve_date("Friday", None) is None
    assert resolve_date("Feb. 25", None) is None
    assert resolve_date("yesterday", None) is None
    assert resolve_date("Feb. 6, 2016", None) == SATURDAY


def test_resolve_at_calendar_edges_does_not_raise() -> None:
    assert resolve_date("Friday", dt.date.min) is None
    assert resolve_date("tomorrow", dt.date.max) is None


@given(st.text(), st.one_of(st.none(), st.dates()))
def test_resolve_never_raises(expression: str, reference: dt.date | None) -> None:
    result = resolve_date(expression, reference)
    assert result is None or isinstance(result, dt.date)


@given(
    st.sampled_from(sorted(WEEKDAYS)),
    st.sampled_from(["", "on "]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_weekday_is_within_the_week_up_to_reference(
    day: str, prefix: str, reference: dt.date
) -> None:
    result = resolve_date(prefix + day.capitalize(), reference)
    assert result is not None
    assert result.weekday() == WEEKDAYS[day]
    assert 0 <= (reference - result).days < 7


@given(st.text())
def test_find_dateline_date_never_raises(text: str) -> None:
    result = find_dateline_date(text)
    assert result is None or isinstance(result, dt.date)


@given(st.text())
def test_parse_published_only_raises_value_error(text: str) -> None:
    try:
        result = parse_published(text)
    except ValueError:
        return
    assert result is None or result[:4].isdigit()

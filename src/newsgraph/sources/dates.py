"""Publication dates: normalising metadata values and finding a date in a dateline.

Readers need one normal form for ``Article.published`` ("YYYY-MM-DD" or a full ISO
datetime) whatever the input used, and a careful fallback for plain-text stories that
carry their date only in a dateline ("WASHINGTON, Feb. 6, 2016 —") or a photo caption
("..., Saturday, Feb. 6, 2016."). The fallback must not mistake "in 2011" or
"in September" for a publication date, so only full dates (day, month and year) count.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "WEEKDAY_PREFIX",
    "full_date_pattern",
    "date_from_match",
    "parse_published",
    "find_dateline_date",
]

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_DAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday"

#: Month names and abbreviations (lower case, no dot) -> month number.
MONTHS: dict[str, int] = {"sept": 9}
for _number, _name in enumerate(_MONTH_NAMES.split(), start=1):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number

#: Weekday names and abbreviations (lower case, no dot) -> ``date.weekday()`` number.
WEEKDAYS: dict[str, int] = {"tues": 1, "thur": 3, "thurs": 3}
for _number, _name in enumerate(_DAY_NAMES.split()):
    WEEKDAYS[_name] = _number
    WEEKDAYS[_name[:3]] = _number


def _alternatives(words: dict[str, int]) -> str:
    """Regex alternation, longest first so "sept" wins over "sep"."""
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH_RE = r"(?:" + _alternatives(MONTHS) + r")"
#: An optional leading weekday: "Saturday, " / "Sat. ".
WEEKDAY_PREFIX = r"(?:(?:" + _alternatives(WEEKDAYS) + r")\.?,?\s+)?"


def full_date_pattern() -> str:
    """Regex for a full date (day, month, year) in the forms English news uses.

    Named groups: ``md``/``mm``/``my`` for "Feb. 6, 2016", ``dd``/``dm``/``dy`` for
    "6 February 2016", ``iy``/``im``/``id`` for "2016-02-06". Shared with the
    relative-date resolver in :mod:`newsgraph.extract.time`.
    """
    month_first = rf"(?P<mm>{_MONTH_RE})\.?\s+(?P<md>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
    day_first = (
        rf"(?P<dd>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_MONTH_RE})\.?,?\s+"
        rf"(?P<dy>\d{{4}})"
    )
    iso = r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    return rf"(?:{month_first}|{day_first}|{iso})(?![\d-])"


def date_from_match(match: re.Match[str]) -> dt.date:
    """Turn a :func:`full_date_pattern` match into a date; ``ValueError`` if impossible."""
    g = match.groupdict()
    if g.get("my"):
        return dt.date(int(g["my"]), MONTHS[g["mm"].lower()], int(g["md"]))
    if g.get("dy"):
        return dt.date(int(g["dy"]), MONTHS[g["dm"].lower()], int(g["dd"]))
    return dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))


_FULL_DATE = full_date_pattern()
_WHOLE_DATE_RE = re.compile(rf"{WEEKDAY_PREFIX}{_FULL_DATE}", re.IGNORECASE)

# Dateline: at a line start, an optional "Published:" label, up to two place names each
# followed by a comma ("KILIS, Turkey,"), an optional weekday, then the date.
_DATELINE_RE = re.compile(
    r"^[ \t]*(?:(?:published|posted|updated|date)(?:[ \t]+on)?[ \t]*:?[ \t]*)?"
    r"(?:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3},[ \t]*){0,2}"
    rf"{WEEKDAY_PREFIX}{_FULL_DATE}",
    re.IGNORECASE | re.MULTILINE,
)
# Caption: ", [Saturday,] Feb. 6, 2016." closing a line, maybe glued to a photo credit
# ("2016.Bunyamin Aygun / AP").
_CAPTION_RE = re.compile(
    rf",[ \t]*{WEEKDAY_PREFIX}{_FULL_DATE}\.?[ \t]*(?:[^\n/]{{1,60}}/[^\n]{{1,40}})?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def parse_published(value: str) -> str | None:
    """Normalise a publication date to "YYYY-MM-DD" or a full ISO 8601 datetime.

    Accepts ISO 8601 dates and datetimes, "Feb. 6, 2016" and "6 February 2016"
    (optionally after a weekday) and RFC 2822 ("Sat, 06 Feb 2016 10:00:00 +0000").
    Returns None for an empty value. Raises ``ValueError`` for anything else, including
    impossible dates such as 2016-02-30, so a reader can warn and drop the value rather
    than store a wrong date.
    """
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text).isoformat()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", text):
        try:
            return dt.datetime.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise ValueError(f"not a valid ISO 8601 datetime: {value!r}") from exc
    match = _WHOLE_DATE_RE.fullmatch(text)
    if match:
        return date_from_match(match).isoformat()
    if re.search(r"\d{1,2}:\d{2}", text):
        try:
            return email.utils.parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError, OverflowError) as exc:
            raise ValueError(f"not a recognised date: {value!r}") from exc
    raise ValueError(f"not a recognised date: {value!r}")


def find_dateline_date(text: str) -> dt.date | None:
    """The first full date found in a dateline or a photo caption of ``text``.

    Used only when an input has no date in its metadata and none was given as an
    option. Only dates with day, month and year count, and only where news puts the
    story's own date: at the start of a line (dateline) or closing a line after a comma
    (caption). A date in running prose ("talks resume on Feb. 25, 2017, he said") is
    not taken; nor is a year or a month alone.
    """
    candidates: list[tuple[int, dt.date]] = []
    for regex in (_DATELINE_RE, _CAPTION_RE):
        for match in regex.finditer(text):
            try:
                candidates.append((match.start(), date_from_match(match)))
            except ValueError:
                continue
            break
    return min(candidates)[1] if candidates else None

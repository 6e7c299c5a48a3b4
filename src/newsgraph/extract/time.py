"""Resolve the text of a spaCy DATE entity to one calendar day, against the article date.

News is written in the past tense about the days just before publication, so a bare
weekday ("said Friday", "on Monday") means the most recent such day on or before the
article date (AP style: the day name is used for the seven days up to the story).
Choices for the qualified forms:

- "last Friday": the most recent Friday strictly before the article date. On Saturday
  2016-02-06 that is 2016-02-05; "last Saturday" is 2016-01-30. (This is what reporters
  mean by it in practice; reading it as "Friday of the previous week" would need the
  writer's week convention, which the text does not give.)
- "this Friday": the Friday of the seven days starting at the article date (on or
  after it), because "this" points forward from the time of writing.
- "next Friday": the first Friday strictly after the article date.
- "today"/"tonight", "yesterday", "tomorrow", "N days ago"; "Feb. 25", "25 February"
  (year of the article date); full dates "Feb. 6, 2016", "6 February 2016", "2016-02-06".

Everything that is not a single day ("last week", "48 hours", "September", "2011",
"recent days", "five-year-old") gives None; so does a relative expression without an
article date. The resolver never raises: a DATE entity is free text.
"""

from __future__ import annotations

import datetime as dt
import re

from ..sources.dates import MONTHS, WEEKDAY_PREFIX, WEEKDAYS, date_from_match, full_date_pattern

__all__ = ["resolve_date"]

_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_WEEKDAY_RE = re.compile(
    r"(?:(?P<qual>last|past|previous|this|next|coming|this coming)\s+)?"
    r"(?P<day>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")(?:day)?\.?" + _PART_OF_DAY
)
_FULL_RE = re.compile(WEEKDAY_PREFIX + full_date_pattern(), re.IGNORECASE)
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_RE = re.compile(
    WEEKDAY_PREFIX
    + r"(?:(?P<m1>"
    + _MONTH_ALT
    + r")\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
    + r"|(?:the\s+)?(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>"
    + _MONTH_ALT
    + r")\.?)",
    re.IGNORECASE,
)
_NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_DAYS_AGO_RE = re.compile(r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")\s+days?\s+(?:ago|earlier)")
_RELATIVE = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
    "yesterday evening": -1, "tomorrow": 1, "tomorrow morning": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip


def _normalise(expression: str) -> str:
    """Lower case, single spaces, without a leading "on"/"by" and trailing punctuation."""
    text = " ".join(expression.split()).lower()
    text = re.sub(r"^(?:on|by|until|since|from|as of|early|late|earlier|later)\s+", "", text)
    text = re.sub(r"'s$", "", text)
    return text.strip(" ,;:!?()\"'“”")


def _weekday(match: re.Match[str], reference: dt.date) -> dt.date:
    """The day a weekday expression names, per the module's conventions."""
    target = WEEKDAYS[match["day"]]
    qualifier = match["qual"] or ""
    back = (reference.weekday() - target) % 7  # days back to the most recent one
    if qualifier in ("last", "past", "previous"):
        return reference - dt.timedelta(days=back or 7)
    if qualifier in ("this", "coming", "this coming"):
        return reference + dt.timedelta(days=(target - reference.weekday()) % 7)
    if qualifier == "next":
        return reference + dt.timedelta(days=((target - reference.weekday()) % 7) or 7)
    return reference - dt.timedelta(days=back)


def _resolve(text: str, reference: dt.date | None) -> dt.date | None:
    match = _FULL_RE.fullmatch(text)
    if match:
        return date_from_match(match)
    if reference is None:
        return None
    if text in _RELATIVE:
        return reference + dt.timedelta(days=_RELATIVE[text])
    match = _WEEKDAY_RE.fullmatch(text)
    if match:
        return _weekday(match, reference)
    match = _DAY_MONTH_RE.fullmatch(text)
    if match:
        month = MONTHS[(match["m1"] or match["m2"]).lower()]
        return dt.date(reference.year, month, int(match["d1"] or match["d2"]))
    match = _DAYS_AGO_RE.fullmatch(text)
    if match:
        count = match["n"]
        days = int(count) if count.isdigit() else _NUMBERS[count]
        return reference - dt.timedelta(days=days)
    return None


def resolve_date(expression: str, reference: dt.date | None) -> dt.date | None:
    """The single day ``expression`` names, resolved against the article date, or None.

    >>> import datetime as dt
    >>> resolve_date("Friday", dt.date(2016, 2, 6))
    datetime.date(2016, 2, 5)
    >>> resolve_date("Feb. 25", dt.date(2016, 2, 6))
    datetime.date(2016, 2, 25)
    >>> resolve_date("last week", dt.date(2016, 2, 6)) is None
    True
    """
    try:
        return _resolve(_normalise(expression), reference)
    except (ValueError, OverflowError, KeyError, TypeError, AttributeError):
        return None

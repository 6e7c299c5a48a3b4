"""Parsing and applying the projection filters: date range and event types.

Why a module of its own: the CLI validates ``--since``/``--event-type`` before it opens
the store, and the same rules must hold for the Python API, so a typo like
``--event-type q5`` fails the same way everywhere.

Event-type syntax (case-insensitive, several values are OR-ed):

- ``"19"`` or ``"cameo:19"``: a CAMEO root (two digits);
- ``"194"``, ``"0411"``: a CAMEO code; matches events whose ``ng:cameoCode`` starts with it;
- ``"q4"``, ``"quad:4"``, ``"quad4"``: a GDELT QuadClass (1 verbal cooperation,
  2 material cooperation, 3 verbal conflict, 4 material conflict).

Dates are ISO prefixes: ``2024``, ``2024-03`` or ``2024-03-05``; ``until`` includes the
whole period it names (``until="2024-03"`` keeps 31 March).

>>> f = EventTypeFilter.parse(["19", "q1"])
>>> f.matches(root="19", cameo="194", quad=4), f.matches(root="04", cameo="042", quad=1)
(True, True)
>>> f.matches(root="04", cameo="042", quad=3)
False
>>> in_range("2024-03-31", since="2024-03", until="2024-03")
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import AnalysisError

__all__ = ["EventTypeFilter", "check_date", "in_range"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_QUAD = re.compile(r"^(?:q|quad:?)([1-4])$")
_CODE = re.compile(r"^(?:cameo:)?(\d{2,4})$")


def check_date(value: str | None, name: str = "date") -> str | None:
    """Return ``value`` if it is an ISO date prefix (``YYYY[-MM[-DD]]``), else raise."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise AnalysisError(f"{name} {value!r} is not a date like 2024, 2024-03 or 2024-03-05")
    return value


def in_range(date: str, *, since: str | None, until: str | None) -> bool:
    """Whether an ISO ``date`` lies in [since, until]; an undated item fails any bound.

    Comparing ISO strings is comparing dates; cutting ``date`` to the length of
    ``until`` makes ``until`` include the whole month or year it names.
    """
    if since is None and until is None:
        return True
    if not date:
        return False
    if since is not None and date[: len(since)] < since:
        return False
    return not (until is not None and date[: len(until)] > until)


@dataclass(frozen=True)
class EventTypeFilter:
    """CAMEO roots, CAMEO code prefixes and QuadClasses an event may have (any of them)."""

    roots: frozenset[str] = frozenset()
    codes: tuple[str, ...] = ()
    quads: frozenset[int] = frozenset()

    @classmethod
    def parse(cls, values: Sequence[str]) -> EventTypeFilter:
        """Parse ``--event-type`` values; see the module docstring for the syntax."""
        roots: set[str] = set()
        codes: list[str] = []
        quads: set[int] = set()
        for raw in values:
            value = raw.strip().lower()
            quad = _QUAD.match(value)
            code = _CODE.match(value)
            if quad:
                quads.add(int(quad.group(1)))
            elif code and len(code.group(1)) == 2:
                if not 1 <= int(code.group(1)) <= 20:
                    raise AnalysisError(f"event type {raw!r}: CAMEO roots run from 01 to 20")
                roots.add(code.group(1))
            elif code:
                codes.append(code.group(1))
            else:
                raise AnalysisError(
                    f"event type {raw!r} is not a CAMEO root (19), a CAMEO code (194) "
                    "or a QuadClass (q4)"
                )
        return cls(frozenset(roots), tuple(sorted(codes)), frozenset(quads))

    def __bool__(self) -> bool:
        return bool(self.roots or self.codes or self.quads)

    def matches(self, *, root: str, cameo: str, quad: int) -> bool:
        """True when no type is asked for, or the event has one of the asked types."""
        if not self:
            return True
        return (
            root in self.roots
            or quad in self.quads
            or any(cameo.startswith(code) for code in self.codes)
        )

"""PLOVER gold-standard event records and ``evaluate_events``.

A record (openeventdata/PLOVER ``gold_standard_records``) is one human-coded news
sentence: ``text``, ``date``, ``event`` (the PLOVER type), ``source`` and ``target``
(lists of ``{actorText, code, sector}``) and an optional ``eventLoc``
(``{name, "country code"}``). The records are irregular (``../shared/eval/README.md``):
a missing, empty or stray-string ``target`` (``''``, ``'diplomatic'``), a missing
``source``, actors without ``sector``, ``eventLoc`` without a country code. This module
reads them leniently into :class:`~newsgraph.evaluate.scoring.GoldRecord`: anything that
is not a list of actor objects is "no gold actors", and is then not scored.

>>> r = record_from_json({"text": "Rebels shelled Gorazde.", "event": "ASSAULT",
...     "source": [{"actorText": "Rebels", "code": "REB"}], "target": "",
...     "eventLoc": {"name": "Gorazde"}}, 1)
>>> (r.key, r.targets, r.location)
('record-1', (), 'Gorazde')
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ..config import default_model
from ..errors import InputError
from ..sources.dates import parse_published
from .graph import Progress, built_store, read_events
from .scoring import EventScores, GoldActor, GoldRecord, score_events

__all__ = ["record_from_json", "parse_plover", "evaluate_events"]


def _actors(value: Any) -> tuple[GoldActor, ...]:
    """Gold actors from a ``source``/``target`` value; anything but a list of objects
    with a non-empty ``actorText`` (a missing key, ``''``, ``'diplomatic'``) gives none."""
    if not isinstance(value, list):
        return ()
    out = []
    for item in value:
        if not isinstance(item, dict):
            continue
        text = item.get("actorText")
        code = item.get("code")
        if isinstance(text, str) and text.strip():
            out.append(GoldActor(text.strip(), code if isinstance(code, str) and code else None))
    return tuple(out)


def _location(value: Any) -> str | None:
    """The ``eventLoc`` name (its ``"country code"`` key is not used in scoring)."""
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


def _date(value: Any) -> str | None:
    """The record's ``date`` as an ISO date, or None when missing or unparseable."""
    if not isinstance(value, str):
        return None
    try:
        return parse_published(value)
    except ValueError:
        return None


def record_from_json(value: Any, number: int) -> GoldRecord:
    """The ``number``-th (1-based) record, built as article ``record-NUMBER``.

    Raises :class:`InputError` when it is not an object or lacks ``text`` or ``event``:
    without those there is nothing to score.
    """
    where = f"record {number}"
    if not isinstance(value, dict):
        raise InputError(f"{where}: not a JSON object")
    text, event = value.get("text"), value.get("event")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f'{where}: no "text"')
    if not isinstance(event, str) or not event.strip():
        raise InputError(f'{where}: no "event" (the PLOVER type)')
    gold_id = value.get("id")
    return GoldRecord(
        key=f"record-{number}",
        id=gold_id if isinstance(gold_id, str) and gold_id else f"record-{number}",
        text=text,
        event=event.strip().upper(),
        date=_date(value.get("date")),
        sources=_actors(value.get("source")),
        targets=_actors(value.get("target")),
        location=_location(value.get("eventLoc")),
    )


def parse_plover(path: str | Path) -> list[GoldRecord]:
    """Read PLOVER records: a JSON list, one JSON object, or JSON Lines."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    try:
        data = json.loads(raw)
    except ValueError:
        data = _json_lines(raw, str(path))
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise InputError(f"{path}: expected a JSON list of PLOVER records")
    try:
        return [record_from_json(v, n) for n, v in enumerate(data, start=1)]
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc


def _json_lines(raw: str, name: str) -> list[Any]:
    out = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except ValueError as exc:
            raise InputError(f"{name}:{lineno}: not valid JSON or JSON Lines: {exc}") from exc
    return out


def evaluate_events(
    path: str | Path, model: str | None = None, *, jobs: int = 1, progress: Progress | None = None
) -> EventScores:
    """Score the events ``build`` writes against PLOVER gold records.

    Each record is one article (its ``text``, published on its ``date``) built through
    the real pipeline into a temporary store; the events, with their types, agents,
    targets and places, are read back from the store and scored by
    :func:`~newsgraph.evaluate.scoring.score_events`.
    """
    started = time.perf_counter()
    model = model or default_model()
    records = parse_plover(path)
    articles = [
        {"id": r.key, "text": r.text, "language": "en", **({"published": r.date} if r.date else {})}
        for r in records
    ]
    with built_store(articles, model=model, jobs=jobs, progress=progress) as built:
        predicted = read_events(built.store)
    return EventScores(
        gold_path=str(path),
        model=model,
        records=len(records),
        tally=score_events(records, predicted),
        problems=built.problems,
        build_seconds=built.report.seconds,
        seconds=time.perf_counter() - started,
    )

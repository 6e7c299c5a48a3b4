"""JSON and JSON Lines records: ``id, url, title, text, published, source, language``.

A .jsonl file is read one line at a time, so a feed of any size streams; a broken line
is one problem and the next line is read. A .json file holds one object or a list of
objects (loaded whole: JSON has no record boundaries to stream by).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Article, SourceProblem
from .article import ReadOptions, finish_article
from .files import BINARY_PROBE, MAX_FILE_BYTES, decode, read_prefix, too_large

__all__ = ["read_record", "read_jsonl", "read_json"]


def read_record(
    record: Any, *, fallback_id: str, origin: str, options: ReadOptions, warnings: list[str]
) -> Article | SourceProblem:
    """One article from a parsed JSON value.

    The id is the record's ``id``, else its ``url``, else ``fallback_id`` (the file
    path; "path:line" or "path#n" when the file holds several records, so ids stay
    unique). With ``keep_text`` the text is kept exactly as given.
    """
    if not isinstance(record, dict):
        return SourceProblem(origin, f"record is not a JSON object (got {_kind(record)})")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return SourceProblem(origin, 'record has no "text" (a non-empty string is required)')
    notes = list(warnings)
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        notes.append(f'ignored "url" that is not a string: {url!r}')
        url = None
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)):
        if record_id is not None:
            notes.append(f'ignored "id" that is not a string: {record_id!r}')
        record_id = None
    article_id = str(record_id) if record_id not in (None, "") else (url or fallback_id)
    title = record.get("title")
    return finish_article(
        article_id=article_id,
        origin=origin,
        text=text,
        title=title if isinstance(title, str) else None,
        url=url,
        published=record.get("published"),
        source=record.get("source"),
        language=record.get("language"),
        options=options,
        warnings=notes,
    )


def _kind(value: Any) -> str:
    """JSON's name for a value's type, for messages."""
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def read_jsonl(path: Path, name: str, options: ReadOptions) -> Iterator[Article | SourceProblem]:
    """Stream the records of a JSON Lines file, one item per non-blank line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield SourceProblem(name, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        if b"\x00" in handle.read(BINARY_PROBE):
            yield SourceProblem(name, "binary file (contains NUL bytes), not JSON Lines")
            return
        handle.seek(0)
        seen_any = False
        number = 0
        while raw := handle.readline(MAX_FILE_BYTES + 1):
            number += 1
            origin = f"{name}:{number}"
            if len(raw) > MAX_FILE_BYTES and not raw.endswith(b"\n"):
                seen_any = True
                size = len(raw) + _skip_line(handle)
                yield SourceProblem(origin, f"line {too_large(size, MAX_FILE_BYTES)}")
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen_any = True
            warnings: list[str] = []
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    line = raw.decode("cp1252")
                except UnicodeDecodeError:
                    yield SourceProblem(origin, "undecodable line (neither UTF-8 nor cp1252)")
                    continue
                warnings.append("line is not valid UTF-8; decoded as cp1252 (Windows-1252)")
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield SourceProblem(origin, f"line is not valid JSON: {_json_reason(exc, False)}")
                continue
            yield read_record(
                record, fallback_id=origin, origin=origin, options=options, warnings=warnings
            )
        if not seen_any:
            yield SourceProblem(name, "empty file (no JSON records)")


def _skip_line(handle: BinaryIO) -> int:
    """Read past the rest of an over-long line in bounded pieces; return its byte count."""
    skipped = 0
    while piece := handle.readline(1 << 20):
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def read_json(path: Path, name: str, options: ReadOptions) -> Iterator[Article | SourceProblem]:
    """The record (one object) or records (a list of objects) of a .json file."""
    try:
        data, size = read_prefix(path, MAX_FILE_BYTES)
        if size > MAX_FILE_BYTES:  # a JSON document cannot be cut: refuse it whole
            raise InputError(
                f"{too_large(size, MAX_FILE_BYTES)} to load as one JSON document; "
                "write one record per line (.jsonl) instead"
            )
        text, warnings = decode(data)
        value = json.loads(text)
    except InputError as exc:
        yield SourceProblem(name, str(exc))
        return
    except ValueError as exc:
        yield SourceProblem(name, f"not valid JSON: {_json_reason(exc, True)}")
        return
    if not isinstance(value, list):
        yield read_record(value, fallback_id=name, origin=name, options=options, warnings=warnings)
        return
    if not value:
        yield SourceProblem(name, "empty JSON array (no records)")
    for number, record in enumerate(value, start=1):
        origin = f"{name}#{number}"
        yield read_record(
            record, fallback_id=origin, origin=origin, options=options, warnings=warnings
        )


def _json_reason(exc: ValueError, with_line: bool) -> str:
    """The JSON decoder's message and where it stopped, without the exception noise."""
    if not isinstance(exc, json.JSONDecodeError):
        return str(exc)
    where = f"line {exc.lineno}, column {exc.colno}" if with_line else f"column {exc.colno}"
    return f"{exc.msg} at {where}"

"""Input readers: files, directories, stdin, JSON(L) and HTML -> Article or SourceProblem.

:func:`read_inputs` is the one entry point. It is a streaming generator: inputs are read
one at a time (a JSONL feed line by line), so memory does not grow with the corpus, and a
bad input yields one :class:`~newsgraph.model.SourceProblem` instead of stopping the run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from ..errors import InputError
from ..model import Article, SourceProblem
from .article import ReadOptions
from .clean import clean_text, is_furniture
from .dates import find_dateline_date, parse_published
from .files import MAX_FILE_BYTES, Found, cut_partial_utf8, decode, read_prefix, too_large, walk
from .jsonl import read_json, read_jsonl
from .text import read_text, stdin_id

__all__ = [
    "read_inputs",
    "clean_text",
    "is_furniture",
    "parse_published",
    "find_dateline_date",
    "ReadOptions",
]

Item = Article | SourceProblem


def read_inputs(
    inputs: Sequence[str],
    *,
    published: str | None = None,
    source: str | None = None,
    keep_text: bool = False,
    stdin: TextIO | None = None,
) -> Iterator[Item]:
    """Yield one Article or SourceProblem per story found in ``inputs``, in order.

    ``inputs`` are files, directories (walked recursively in sorted order, taking .txt,
    .html, .htm, .json, .jsonl) or ``-`` for stdin. ``published``/``source`` fill in for
    inputs whose metadata lacks them. ``keep_text`` skips the cleaner, so offsets index
    the caller's own text. Raises :class:`~newsgraph.errors.InputError` at once (not
    while iterating) when ``published`` is not a date: that is a usage error.
    """
    try:
        normalised = parse_published(published) if published is not None else None
    except ValueError as exc:
        raise InputError(f"--published: {exc}") from exc
    options = ReadOptions(published=normalised, source=source or None, keep_text=keep_text)
    return _read_all(list(inputs), options, stdin)


def _read_all(inputs: list[str], options: ReadOptions, stdin: TextIO | None) -> Iterator[Item]:
    """The generator behind :func:`read_inputs`: stdin in place, files via the walker."""
    for given in inputs:
        if given == "-":
            yield _read_stdin(stdin if stdin is not None else sys.stdin, options)
        else:
            for found in walk([given]):
                yield from _read_found(found, options)


def _read_stdin(stream: TextIO, options: ReadOptions) -> Item:
    """Stdin is plain text; its id is "stdin:" + SHA-1 of the text.

    At most :data:`~newsgraph.sources.files.MAX_FILE_BYTES` are read (more is left out
    with a warning), so piping a huge dump in cannot exhaust memory.
    """
    warnings: list[str] = []
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data = buffer.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                data = cut_partial_utf8(data[:MAX_FILE_BYTES])
                warnings.append(_cut_warning("bytes"))
            text, decode_warnings = decode(data)
            warnings += decode_warnings
        else:
            text = stream.read(MAX_FILE_BYTES + 1)
            if len(text) > MAX_FILE_BYTES:
                text = text[:MAX_FILE_BYTES]
                warnings.append(_cut_warning("characters"))
            if "\x00" in text:
                raise InputError("binary input (contains NUL bytes), not text")
            if not text.strip():
                raise InputError("empty input (no text)")
    except InputError as exc:
        return SourceProblem("stdin", str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        return SourceProblem("stdin", f"cannot read stdin: {exc}")
    return read_text(
        text, article_id=stdin_id(text), origin="stdin", options=options, warnings=warnings
    )


def _cut_warning(unit: str) -> str:
    return (
        f"input is more than {MAX_FILE_BYTES:,} {unit}; only the first {MAX_FILE_BYTES:,} were read"
    )


def _read_found(found: Found, options: ReadOptions) -> Iterator[Item]:
    """Dispatch one file to its reader by suffix; unknown suffixes are read as text."""
    if found.problem is not None:
        yield SourceProblem(found.name, found.problem, skipped=found.skipped)
        return
    suffix = found.path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(found.path, found.name, options)
        return
    if suffix == ".json":
        yield from read_json(found.path, found.name, options)
        return
    try:
        data, size = read_prefix(found.path, MAX_FILE_BYTES)
        if size > MAX_FILE_BYTES:
            data = cut_partial_utf8(data)
        text, warnings = decode(data)
    except InputError as exc:
        yield SourceProblem(found.name, str(exc))
        return
    if size > MAX_FILE_BYTES:
        warnings.insert(0, f"file {too_large(size, MAX_FILE_BYTES)}: only the start was read")
    if suffix in (".html", ".htm"):
        # imported here: trafilatura and its dependencies cost ~0.45 s to import, which
        # builds of text and JSON never need
        from .html import read_html

        yield read_html(
            text, path_id=found.name, origin=found.name, options=options, warnings=warnings
        )
    else:
        yield read_text(
            text, article_id=found.name, origin=found.name, options=options, warnings=warnings
        )

"""Walking inputs and turning bytes into text, safely.

Users point newsgraph at whole directories of scraped material: broken symlinks, FIFOs,
symlink loops, binary files and legacy encodings all occur. Each is reported as one
problem for that path and the walk goes on; nothing here blocks (a FIFO is never
opened) or recurses forever (a directory already on the current path is not re-entered).
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

__all__ = [
    "SUFFIXES",
    "Found",
    "display_path",
    "walk",
    "read_bytes",
    "read_prefix",
    "cut_partial_utf8",
    "decode",
    "BINARY_PROBE",
    "MAX_FILE_BYTES",
    "too_large",
]

#: Suffixes read when walking a directory (an explicitly named file is read regardless).
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
#: How many leading bytes are checked for NUL bytes to call a file binary.
BINARY_PROBE = 8192
#: The most bytes read from one input: a .txt, .html or stdin is read this far (the rest is
#: left out, with a warning); a .json file or a .jsonl line that is larger is refused. A
#: scraper that dumps a whole site into one "article" must not exhaust memory.
MAX_FILE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Found:
    """One input file to read, or (with ``problem`` set) one that cannot be read."""

    path: Path
    name: str  # the path as shown to users and used as fallback article id
    problem: str | None = None
    skipped: bool = False


def display_path(path: str | os.PathLike[str]) -> str:
    """The path relative to the current directory, with POSIX separators.

    Paths outside the current directory stay absolute (normalised): "../x" would make
    the article id depend on where the user happens to stand even more than it does.
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _check_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file, or None when it is a regular file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "broken symbolic link (its target does not exist)"
        return "no such file or directory"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        if path.is_symlink():
            return "symbolic link loop (the link cannot be resolved)"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISFIFO(info.st_mode):
        return "not a regular file (a named pipe); not read, as reading it could block"
    if stat.S_ISDIR(info.st_mode):
        return "is a directory"
    return "not a regular file (a device or socket); not read"


def walk(inputs: list[str] | tuple[str, ...] | Iterator[str]) -> Iterator[Found]:
    """Yield every input file in order: named files as given, directories walked sorted.

    ``-`` is not handled here (the caller reads stdin). Directory entries are sorted by
    name and walked depth first; only files with a known suffix are taken from them.
    """
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found_any = False
            for found in _walk_dir(path, ancestors=frozenset()):
                found_any = True
                yield found
            if not found_any:  # a typo'd or empty folder must not "succeed" silently
                yield Found(
                    path,
                    display_path(path),
                    "directory holds no " + ", ".join(SUFFIXES) + " files",
                )
            continue
        problem = _check_regular(path)
        yield Found(path, display_path(path), problem)


def _walk_dir(directory: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Found]:
    try:
        info = directory.stat()
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            yield Found(
                directory,
                display_path(directory),
                "symbolic link loop (a directory inside itself); not followed",
                skipped=True,
            )
            return
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        yield Found(directory, display_path(directory), f"cannot list directory: {exc.strerror}")
        return
    inner = ancestors | {key}
    for entry in entries:
        path = Path(entry.path)
        if path.is_dir():  # follows symlinks; loops are caught above
            yield from _walk_dir(path, inner)
        elif path.suffix.lower() in SUFFIXES:
            yield Found(path, display_path(path), _check_regular(path))


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The whole file; ``InputError`` with a plain reason when it cannot be read.

    A file larger than ``limit`` bytes is refused rather than loaded: formats that cannot
    be cut (a .json document) must not take all memory.
    """
    data, size = read_prefix(path, limit)
    if size > limit:
        raise InputError(too_large(size, limit))
    return data


def read_prefix(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes, int]:
    """At most ``limit`` bytes from the start of the file, and the file's full size.

    Text can be cut (the caller warns), so a huge .txt or .html costs ``limit`` bytes of
    memory, not its size.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(limit)
            size = os.fstat(handle.fileno()).st_size
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc
    return data, max(size, len(data))


def too_large(size: int, limit: int) -> str:
    """The message for an input over the size limit."""
    return f"too large ({_mib(size)}; the limit is {_mib(limit)})"


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def cut_partial_utf8(data: bytes) -> bytes:
    """``data`` without a UTF-8 sequence cut off at its end (after reading a prefix).

    Without this, a prefix that ends inside "é" is not valid UTF-8 and the whole file
    would wrongly fall back to cp1252.
    """
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 != 0x80:  # not a continuation byte: the start of the last sequence
            need = 2 if byte >= 0xC0 else 1
            need = 3 if byte >= 0xE0 else need
            need = 4 if byte >= 0xF0 else need
            return data[:-back] if need > back else data
    return data


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode input bytes to text, returning (text, warnings).

    UTF-8 (a BOM is removed) first; UTF-16 when it starts with its BOM; else cp1252 with
    a warning, because legacy Windows exports are the common non-UTF-8 case. Raises
    ``InputError`` for empty, whitespace-only, binary (NUL bytes) or undecodable data.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("undecodable text (bad UTF-16)") from exc
        return _non_empty(text), []
    if b"\x00" in data[:BINARY_PROBE]:
        raise InputError("binary file (contains NUL bytes), not text")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError("undecodable text (neither UTF-8 nor cp1252)") from exc
        warnings.append("not valid UTF-8; decoded as cp1252 (Windows-1252)")
    if "\x00" in text:
        raise InputError("binary file (contains NUL bytes), not text")
    return _non_empty(text), warnings


def _non_empty(text: str) -> str:
    if not text.strip():
        raise InputError("empty file (no text)" if not text else "file holds only whitespace")
    return text

"""Run a checked query in a child process that can be killed when it runs too long.

pyoxigraph has no way to cancel a running query, so ``--timeout`` needs a process to
kill. The child opens the store itself (read-only unless the request is an allowed
update), so a query never holds the write lock a build needs. Results come back as W3C
SPARQL JSON, CSV or TSV, as the caller asks (N-Triples for CONSTRUCT/DESCRIBE): the
child serialises straight to the format that will be printed, so a large result is not
encoded as JSON, parsed back and encoded again. A caller that shows only the first rows
(``--format table``) asks for those rows and the number of the others; the child counts
the others with pyoxigraph's TSV writer (one line a row) instead of sending them.
"""

from __future__ import annotations

import itertools
import os
import pickle
import re
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import errors
from ..errors import NewsgraphError, QueryError, QueryTimeoutError, StoreError
from .guard import Kind, QueryInfo, analyse_query, check_graphs, check_policy
from .params import Term, bind_params

__all__ = [
    "QueryResult",
    "run_query",
    "execute_request",
    "RESULT_FORMATS",
    "RESULTS_JSON",
    "RESULTS_CSV",
    "RESULTS_TSV",
    "N_TRIPLES",
]

RESULTS_JSON = "application/sparql-results+json"
RESULTS_CSV = "text/csv"
RESULTS_TSV = "text/tab-separated-values"
N_TRIPLES = "application/n-triples"

#: The W3C result formats a SELECT or ASK result can be asked for, by name.
RESULT_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": (RESULTS_JSON, ox.QueryResultsFormat.JSON),
    "csv": (RESULTS_CSV, ox.QueryResultsFormat.CSV),
    "tsv": (RESULTS_TSV, ox.QueryResultsFormat.TSV),
}

#: One SELECT row: a term per variable, ``None`` where it is unbound.
Row = tuple[Term | ox.BlankNode | None, ...]


@dataclass(frozen=True)
class QueryResult:
    """The outcome of one request, in a W3C serialisation.

    ``data`` is the SELECT or ASK result in the W3C format ``media_type`` names (SPARQL
    1.1 JSON unless another was asked for), N-Triples for CONSTRUCT and DESCRIBE, and
    empty for an update. The accessors parse it on demand.

    A SELECT run with ``max_rows`` is a *preview*: ``data`` is empty, :meth:`rows` holds
    the first ``max_rows`` rows and ``total_rows`` says how many the query gave in all.
    """

    kind: Kind
    data: bytes
    media_type: str
    elapsed: float = 0.0
    total_rows: int | None = None
    preview: tuple[tuple[str, ...], tuple[Row, ...]] | None = field(default=None, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def variables(self) -> list[str]:
        """The SELECT result's column names, in order (empty for other kinds)."""
        if self.kind is not Kind.SELECT:
            return []
        if self.preview is not None:
            return list(self.preview[0])
        return [v.value for v in self._solutions().variables]

    def rows(self) -> list[Row]:
        """The SELECT result's rows as pyoxigraph terms (``None`` where unbound); only the
        first ones for a preview."""
        if self.kind is not Kind.SELECT:
            return []
        if self.preview is not None:
            return list(self.preview[1])
        if "rows" not in self._cache:
            solutions = self._solutions()
            names = [v.value for v in solutions.variables]
            self._cache["rows"] = [tuple(row[name] for name in names) for row in solutions]
        return self._cache["rows"]

    @property
    def boolean(self) -> bool | None:
        """The ASK answer (``None`` for other kinds)."""
        if self.kind is not Kind.ASK:
            return None
        return bool(ox.parse_query_results(self.data, self._format()))

    def serialized(self, fmt: str) -> bytes:
        """The SELECT or ASK result as W3C ``fmt`` (json, csv or tsv): ``data`` itself when
        it is in that format already, else parsed and written again."""
        if self.preview is not None:
            raise ValueError("a preview holds only the first rows; run without max_rows")
        media, wanted = RESULT_FORMATS[fmt]
        if media == self.media_type:
            return self.data
        return ox.parse_query_results(self.data, self._format()).serialize(format=wanted)

    def _format(self) -> ox.QueryResultsFormat:
        """The format ``data`` can be parsed back from (W3C CSV cannot: it is lossy)."""
        if self.media_type == RESULTS_CSV:
            raise ValueError("a CSV result cannot be read back (W3C CSV is lossy): use json or tsv")
        for media, result_format in RESULT_FORMATS.values():
            if media == self.media_type:
                return result_format
        raise ValueError(f"not a SPARQL result: {self.media_type or 'empty'}")

    def triples(self) -> list[ox.Triple]:
        """The CONSTRUCT/DESCRIBE result's triples (empty for other kinds)."""
        if not self.kind.returns_graph:
            return []
        return list(ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES))

    def _solutions(self) -> ox.QuerySolutions:
        # Parsed afresh each time: QuerySolutions is a one-shot iterator.
        return ox.parse_query_results(self.data, self._format())


def run_query(
    store_path: str | Path,
    query_text: str,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    allow_update: bool = False,
    allow_remote: bool = False,
    result_format: str = "json",
    max_rows: int | None = None,
) -> QueryResult:
    """Check ``query_text``, run it against the store at ``store_path`` and return the result.

    ``params`` maps variable names to ``--param`` values (see :func:`parse_param`); they
    are bound by substitution, never pasted into the text. ``result_format`` (json, csv
    or tsv) is the W3C format a SELECT or ASK result comes in. ``max_rows`` makes a
    SELECT result a preview of its first rows (see :class:`QueryResult`): what a table
    for people shows, without the cost of serialising, sending and parsing the rest.

    Raises :class:`QueryError` (malformed, unknown parameter, failed),
    :class:`QueryRefusedError`, :class:`QueryTimeoutError`, :class:`StoreError` or
    :class:`StoreInUseError`; :class:`ValueError` for an unknown ``result_format`` or a
    negative ``max_rows``.
    """
    if result_format not in RESULT_FORMATS:
        raise ValueError(f"not a SPARQL result format: {result_format}")
    if max_rows is not None and max_rows < 0:
        raise ValueError("max_rows must be 0 or more")
    info = analyse_query(query_text)
    check_policy(info, allow_update=allow_update, allow_remote=allow_remote)
    substitutions = bind_params(params or {}, info.variables)
    if substitutions and info.kind is not Kind.SELECT:
        raise QueryError(
            f"parameters can be bound only in SELECT queries, not in {info.kind.value.upper()}"
        )
    path = Path(store_path)
    if not path.is_dir():
        raise StoreError(f"no store at {path}; run `newsgraph build` first")
    started = time.monotonic()
    request = (str(path), query_text, info, list(substitutions.items()), result_format, max_rows)
    payload = _in_child(request, timeout)
    elapsed = time.monotonic() - started
    if isinstance(payload, tuple):  # a preview: (variables, first rows, rows in all)
        variables, rows, total = payload
        return QueryResult(info.kind, b"", "", elapsed, total, (variables, rows))
    media = RESULT_FORMATS[result_format][0]
    if info.kind.returns_graph:
        media = N_TRIPLES
    elif info.kind is Kind.UPDATE:
        media = ""
    return QueryResult(info.kind, payload, media, elapsed=elapsed)


def _in_child(request: tuple[Any, ...], timeout: float) -> Any:
    """Run :func:`execute_request` in a fresh Python process; kill it after ``timeout``.

    A plain subprocess (``python -m newsgraph.query._worker``) rather than
    multiprocessing: "spawn" re-runs the caller's ``__main__`` (which breaks scripts
    without a ``__main__`` guard and ``python -c``), and "fork" copies the parent's
    threads, which RocksDB's do not survive. The request and the answer cross the pipe
    pickled; the answer's payload is already compact W3C bytes (or a preview's rows).
    """
    request_bytes = pickle.dumps(request)
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])  # so a source checkout works
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.query._worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        answer, problems = process.communicate(request_bytes, timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise QueryTimeoutError(f"query timed out after {timeout:g} s") from None
    except BaseException:  # Ctrl-C: do not leave a query running
        process.kill()
        process.communicate()
        raise
    try:
        status, *rest = pickle.loads(answer)
    except Exception:  # noqa: BLE001 - no answer: the child crashed
        last = problems.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise QueryError(
            f"the query process stopped without an answer (exit code {process.returncode}): "
            f"{last[0]}"
        ) from None
    if status == "ok":
        return rest[0]
    error_name, error_text = rest
    error_class = getattr(errors, error_name, QueryError)
    if not (isinstance(error_class, type) and issubclass(error_class, NewsgraphError)):
        error_class = QueryError
    raise error_class(error_text)


def execute_request(request: bytes) -> bytes:
    """Child side: unpickle a request, run it, return the pickled answer (never raises)."""
    try:
        message: tuple[Any, ...] = ("ok", _execute(*pickle.loads(request)))
    except NewsgraphError as error:
        message = ("error", type(error).__name__, str(error))
    except SyntaxError as error:
        message = ("error", "QueryError", f"malformed query: {_first_line(error)}")
    except Exception as error:  # noqa: BLE001 - everything pyoxigraph raises becomes one line
        message = ("error", "QueryError", _explain(error))
    return pickle.dumps(message)


def _execute(
    store_path: str,
    text: str,
    info: QueryInfo,
    substitutions: list[tuple[ox.Variable, Term]],
    result_format: str = "json",
    max_rows: int | None = None,
) -> bytes | tuple[tuple[str, ...], tuple[Row, ...], int]:
    store = _open(store_path, writable=info.kind is Kind.UPDATE)
    check_graphs(info, lambda iri: store.contains_named_graph(ox.NamedNode(iri)))
    if info.kind is Kind.UPDATE:
        store.update(text)
        store.flush()  # so the next open does not replay the log
        return b""
    # The union default graph ignores FROM, so a query that names its graphs runs
    # without it and sees exactly those graphs.
    result = store.query(
        text,
        use_default_graph_as_union=not info.has_dataset,
        substitutions=dict(substitutions) or None,
    )
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.N_TRIPLES)
    if max_rows is not None and isinstance(result, ox.QuerySolutions):
        return _preview(result, max_rows)
    return result.serialize(format=RESULT_FORMATS[result_format][1])


class _LineCounter:
    """A write-only stream that keeps only the number of lines written to it."""

    def __init__(self) -> None:
        self.lines = 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered."""


def _preview(
    solutions: ox.QuerySolutions, max_rows: int
) -> tuple[tuple[str, ...], tuple[Row, ...], int]:
    """The variables, the first ``max_rows`` rows and the number of rows in all.

    The rest are counted by writing them as W3C TSV, one line a row after the header
    (newlines in literals are escaped), to a counter: every term is still decoded, but
    in Rust, with no Python object per row and nothing kept.
    """
    variables = tuple(v.value for v in solutions.variables)
    first = tuple(tuple(row) for row in itertools.islice(solutions, max_rows))
    counter = _LineCounter()
    solutions.serialize(counter, format=ox.QueryResultsFormat.TSV)
    return variables, first, len(first) + max(counter.lines - 1, 0)


def _open(store_path: str, *, writable: bool) -> ox.Store:
    """Open read-only (works beside a writing build) or read-write for an update."""
    from ..store import open_error

    try:
        return ox.Store(store_path) if writable else ox.Store.read_only(store_path)
    except (OSError, RuntimeError) as error:
        raise open_error(store_path, error, write=writable) from None


_PROJECTION = re.compile(r"variable (\?\w+) in its SELECT projection")


def _explain(error: Exception) -> str:
    """One line for an error raised by pyoxigraph while evaluating."""
    text = _first_line(error)
    unprojected = _PROJECTION.search(text)
    if unprojected:
        name = unprojected.group(1)
        return (
            f"cannot bind parameter {name}: pyoxigraph binds only variables of the "
            f"SELECT clause; add {name} to it"
        )
    return f"query failed: {text}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]

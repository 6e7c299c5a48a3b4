"""Run a checked query in a child process that can be killed when it runs too long.

pyoxigraph has no way to cancel a running query, so ``--timeout`` needs a process to
kill. The child opens the store itself (read-only unless the request is an allowed
update), so a query never holds the write lock a build needs. Results come back as W3C
SPARQL JSON (or N-Triples for CONSTRUCT/DESCRIBE): compact bytes, cheap to send through
a pipe, and exactly what the csv/tsv/json outputs are re-serialised from.
"""

from __future__ import annotations

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

__all__ = ["QueryResult", "run_query", "execute_request", "RESULTS_JSON", "N_TRIPLES"]

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class QueryResult:
    """The outcome of one request, in a W3C serialisation.

    ``data`` is SPARQL 1.1 JSON results for SELECT and ASK, N-Triples for CONSTRUCT and
    DESCRIBE, and empty for an update. The accessors parse it on demand.
    """

    kind: Kind
    data: bytes
    media_type: str
    elapsed: float = 0.0
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def variables(self) -> list[str]:
        """The SELECT result's column names, in order (empty for other kinds)."""
        if self.kind is not Kind.SELECT:
            return []
        return [v.value for v in self._solutions().variables]

    def rows(self) -> list[tuple[Term | ox.BlankNode | None, ...]]:
        """The SELECT result's rows as pyoxigraph terms (``None`` where unbound)."""
        if self.kind is not Kind.SELECT:
            return []
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
        return bool(ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON))

    def triples(self) -> list[ox.Triple]:
        """The CONSTRUCT/DESCRIBE result's triples (empty for other kinds)."""
        if not self.kind.returns_graph:
            return []
        return list(ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES))

    def _solutions(self) -> ox.QuerySolutions:
        # Parsed afresh each time: QuerySolutions is a one-shot iterator.
        return ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON)


def run_query(
    store_path: str | Path,
    query_text: str,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    allow_update: bool = False,
    allow_remote: bool = False,
) -> QueryResult:
    """Check ``query_text``, run it against the store at ``store_path`` and return the result.

    ``params`` maps variable names to ``--param`` values (see :func:`parse_param`); they
    are bound by substitution, never pasted into the text. Raises :class:`QueryError`
    (malformed, unknown parameter, failed), :class:`QueryRefusedError`,
    :class:`QueryTimeoutError`, :class:`StoreError` or :class:`StoreInUseError`.
    """
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
    payload = _in_child(str(path), query_text, info, list(substitutions.items()), timeout)
    media = RESULTS_JSON
    if info.kind.returns_graph:
        media = N_TRIPLES
    elif info.kind is Kind.UPDATE:
        media = ""
    return QueryResult(info.kind, payload, media, elapsed=time.monotonic() - started)


def _in_child(
    store_path: str,
    text: str,
    info: QueryInfo,
    substitutions: list[tuple[ox.Variable, Term]],
    timeout: float,
) -> bytes:
    """Run :func:`execute_request` in a fresh Python process; kill it after ``timeout``.

    A plain subprocess (``python -m newsgraph.query._worker``) rather than
    multiprocessing: "spawn" re-runs the caller's ``__main__`` (which breaks scripts
    without a ``__main__`` guard and ``python -c``), and "fork" copies the parent's
    threads, which RocksDB's do not survive. The request and the answer cross the pipe
    pickled; the answer's payload is already compact W3C bytes.
    """
    request = pickle.dumps((store_path, text, info, substitutions))
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
        answer, problems = process.communicate(request, timeout=timeout)
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
        store_path, text, info, substitutions = pickle.loads(request)
        message: tuple[Any, ...] = ("ok", _execute(store_path, text, info, substitutions))
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
) -> bytes:
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
    return result.serialize(format=ox.QueryResultsFormat.JSON)


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

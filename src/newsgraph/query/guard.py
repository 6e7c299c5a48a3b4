"""The safety guard: decide, before anything runs, what a SPARQL request would do.

pyoxigraph executes ``SERVICE`` and ``LOAD`` against any URL and cannot be told not to,
so the only safe place to stop them is before the text reaches it. A regex cannot do
this (comments, strings, ``\\u`` escapes, nesting), so the guard parses the request with
rdflib's SPARQL grammar and walks both the parse tree and the algebra.

A request rdflib cannot parse is refused, even if Oxigraph might accept it (SPARQL 1.2
triple terms, Oxigraph extensions): the guard cannot see inside what it cannot parse, and
a request it cannot analyse must not run. The error names rdflib's line and column.

Parsing is slow next to most queries (rdflib's SPARQL modules take ~0.3 s to import, and
``actor.rq`` ~0.5 s to parse), so the verdicts on the saved queries shipped in queries/
are worked out ahead and shipped beside this module (``saved_verdicts.json``, written by
``scripts/make_saved_verdicts.py``), keyed by the SHA-256 of each text: a request whose
text is byte for byte a shipped query gets that query's verdict without parsing. Any
other text, an edited saved query included, is parsed as before; a test checks the file
matches a fresh analysis of every shipped query.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import QueryError, QueryRefusedError

__all__ = [
    "Kind",
    "QueryInfo",
    "analyse_query",
    "check_policy",
    "check_graphs",
    "check_query",
    "saved_verdicts",
    "UPDATE_REFUSED",
]

UPDATE_REFUSED = "updates are refused; pass --allow-update to run them"

#: The guard's verdicts on the shipped saved queries, by SHA-256 of their text.
SAVED_VERDICTS = Path(__file__).with_name("saved_verdicts.json")

_QUERY_FORMS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}


class Kind(str, Enum):
    """What a request returns: solutions, a boolean, triples, or nothing (an update)."""

    SELECT = "select"
    ASK = "ask"
    CONSTRUCT = "construct"
    DESCRIBE = "describe"
    UPDATE = "update"

    @property
    def returns_graph(self) -> bool:
        """CONSTRUCT and DESCRIBE return triples rather than a results table."""
        return self in (Kind.CONSTRUCT, Kind.DESCRIBE)


@dataclass(frozen=True)
class QueryInfo:
    """What the guard learnt from parsing a request.

    ``dataset`` holds the graphs named by FROM / FROM NAMED (queries) or USING /
    USING NAMED (updates), prefixes resolved; ``services`` and ``loads`` the endpoints a
    SERVICE or LOAD would reach (a variable endpoint shows as ``?name``); ``variables``
    every variable name the text mentions, so an unused ``--param`` can be named.
    """

    kind: Kind
    variables: frozenset[str]
    dataset: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    loads: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """True when the request names its own graphs (then the union must not be used)."""
        return bool(self.dataset)


def analyse_query(text: str) -> QueryInfo:
    """Parse ``text`` as a SPARQL query or update and report what it would do.

    A shipped saved query's text gets its verdict from ``saved_verdicts.json`` without
    being parsed (the same verdict: see the module's docstring). Raises
    :class:`QueryError` with one line and rdflib's position when it cannot be parsed as
    either.
    """
    known = _shipped_verdicts().get(_digest(text))
    return known if known is not None else _analyse(text)


def _analyse(text: str) -> QueryInfo:
    """Parse ``text`` with rdflib and report what it would do (no shipped verdict)."""
    from rdflib.plugins.sparql import algebra, parser  # slow import: only when needed

    tree, query_error = _try(parser.parseQuery, text)
    if tree is not None:
        form = next(_nodes(tree, set(_QUERY_FORMS)), None)
        kind = Kind(_QUERY_FORMS[form.name]) if form is not None else Kind.SELECT
        return _info(kind, tree, algebra.translateQuery, "DatasetClause")
    tree, update_error = _try(parser.parseUpdate, text)
    if tree is not None:
        return _info(Kind.UPDATE, tree, algebra.translateUpdate, "UsingClause")
    # Report the attempt that got further: a broken SELECT fails late as a query and at
    # character 0 as an update; a broken INSERT the other way round.
    raise _syntax_error(max(query_error, update_error, key=lambda e: getattr(e, "loc", 0)))


def check_policy(info: QueryInfo, *, allow_update: bool, allow_remote: bool) -> None:
    """Refuse writes and network access the user did not allow."""
    if info.kind is Kind.UPDATE and not allow_update:
        raise QueryRefusedError(UPDATE_REFUSED)
    if not allow_remote:
        if info.services:
            raise QueryRefusedError(
                f"SERVICE {_show(info.services[0])} is refused: it would query a remote "
                "endpoint; pass --allow-remote to allow it"
            )
        if info.loads:
            raise QueryRefusedError(
                f"LOAD {_show(info.loads[0])} is refused: it would fetch a remote "
                "document; pass --allow-remote to allow it"
            )


def check_graphs(info: QueryInfo, has_graph: Callable[[str], bool]) -> None:
    """Refuse FROM / FROM NAMED / USING graphs the store does not hold.

    ``has_graph`` is asked per graph so a large store need not list all its graphs.
    """
    for iri in info.dataset:
        if not has_graph(iri):
            raise QueryRefusedError(f"graph <{iri}> is not in the store")


def check_query(text: str, *, allow_update: bool, allow_remote: bool, graphs: set[str]) -> Kind:
    """Parse and check ``text`` against the policy and the store's ``graphs``; return its kind."""
    info = analyse_query(text)
    check_policy(info, allow_update=allow_update, allow_remote=allow_remote)
    check_graphs(info, graphs.__contains__)
    return info.kind


def saved_verdicts(texts: Iterable[tuple[str, str]]) -> str:
    """The JSON of ``saved_verdicts.json`` for ``texts``, (name, text) pairs.

    Each text is analysed by parsing it, never from the shipped file, so the output is
    what the file should hold. Deterministic: keys sorted, one entry per distinct text.
    """
    verdicts = {}
    for name, text in texts:
        info = _analyse(text)
        verdicts[_digest(text)] = {
            "query": name,
            "kind": info.kind.value,
            "variables": sorted(info.variables),
            "dataset": list(info.dataset),
            "services": list(info.services),
            "loads": list(info.loads),
        }
    return json.dumps(verdicts, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


# --- internals ---------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def _shipped_verdicts() -> dict[str, QueryInfo]:
    """The shipped verdicts; none when the file is missing or unreadable (then every
    request is parsed, which is slower but gives the same answers)."""
    try:
        entries = json.loads(SAVED_VERDICTS.read_text(encoding="utf-8"))
        return {
            digest: QueryInfo(
                kind=Kind(entry["kind"]),
                variables=frozenset(entry["variables"]),
                dataset=tuple(entry["dataset"]),
                services=tuple(entry["services"]),
                loads=tuple(entry["loads"]),
            )
            for digest, entry in entries.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _try(parse: Callable[[str], Any], text: str) -> tuple[Any, Exception]:
    """Run one of rdflib's parsers; return (tree, None) or (None, the error)."""
    try:
        return parse(text), None  # type: ignore[return-value]
    except Exception as error:  # noqa: BLE001 - pyparsing and rdflib raise several kinds
        return None, error


def _translate(translate: Callable[[Any], Any], tree: Any) -> Any:
    """Translate a parse tree to algebra: resolves prefixes, catches undefined ones."""
    try:
        return translate(tree)
    except Exception as error:  # noqa: BLE001 - rdflib raises bare Exception here
        raise QueryError(f"malformed query: {_first_line(error)}") from None


def _syntax_error(error: Exception) -> QueryError:
    """One line: where the parser stopped and what it expected."""
    line, col = getattr(error, "lineno", None), getattr(error, "col", None)
    message = getattr(error, "msg", None) or _first_line(error)
    if line is None:
        return QueryError(f"malformed query: {message}")
    found = getattr(error, "found", None)  # pyparsing ≥ 3.1
    detail = f"{message}, found {found}" if found else message
    return QueryError(f"malformed query at line {line}, column {col}: {detail}")


def _info(kind: Kind, tree: Any, translate: Callable[[Any], Any], dataset_node: str) -> QueryInfo:
    """Collect dataset graphs, remote endpoints and variables from tree and algebra."""
    # The parse tree first: rdflib's translation rewrites it in place. It holds
    # everything as written; the algebra holds the IRIs with prefixes resolved. A
    # SERVICE or LOAD found in either is refused.
    variables = frozenset(str(v) for v in _values(tree) if _is_variable(v))
    tree_services = any(True for _ in _nodes(tree, {"ServiceGraphPattern"}))
    tree_loads = any(True for _ in _nodes(tree, {"Load"}))
    translated = _translate(translate, tree).algebra
    services = [_term(n.get("term")) for n in _nodes(translated, {"ServiceGraphPattern"})]
    if tree_services and not services:
        services = ["(a SERVICE endpoint)"]
    loads = [_term(n.get("iri")) for n in _nodes(translated, {"Load"})]
    if tree_loads and not loads:
        loads = ["(a document)"]
    dataset = []
    for node in _nodes(translated, {dataset_node}):
        iri = dict.get(node, "default") or dict.get(node, "named")
        if iri is not None:
            dataset.append(str(iri))
    return QueryInfo(
        kind=kind,
        variables=variables,
        dataset=tuple(dict.fromkeys(dataset)),
        services=tuple(dict.fromkeys(services)),
        loads=tuple(dict.fromkeys(loads)),
    )


def _nodes(root: Any, names: set[str]) -> Iterator[Any]:
    """Every rdflib ``CompValue`` under ``root`` whose name is in ``names``."""
    for value in _values(root):
        if getattr(value, "name", None) in names and isinstance(value, dict):
            yield value


def _values(root: Any) -> Iterator[Any]:
    """Depth-first walk over parse results, CompValues, lists, sets and tuples."""
    from pyparsing import ParseResults
    from rdflib.term import Node

    stack = [root]
    seen: set[int] = set()
    while stack:
        value = stack.pop()
        if isinstance(value, (str, Node)) and not isinstance(value, dict):
            yield value
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        yield value
        # Children pushed in reverse so they come out in document order.
        if isinstance(value, dict):
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, ParseResults):
            stack.extend(reversed(list(value.as_dict().values())))
            stack.extend(reversed(list(value)))
        elif isinstance(value, (list, tuple)):
            stack.extend(reversed(value))
        elif isinstance(value, (set, frozenset)):
            stack.extend(value)


def _is_variable(value: Any) -> bool:
    from rdflib.term import Variable

    return isinstance(value, Variable)


def _term(value: Any) -> str:
    """An endpoint as text: the IRI, or ``?name`` for a variable endpoint."""
    if _is_variable(value):
        return f"?{value}"
    return str(value) if value is not None else "(unknown)"


def _show(endpoint: str) -> str:
    return endpoint if endpoint.startswith(("?", "(")) else f"<{endpoint}>"


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]

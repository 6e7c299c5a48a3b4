"""The SPARQL side of newsgraph: saved queries, parameters, the safety guard, running.

A request goes: :func:`resolve_query` (text, file or saved name) -> :func:`run_query`,
which parses it with the guard (:func:`check_query`'s rules), binds ``--param`` values by
substitution and executes it in a killable child process -> :func:`print_result`.

rdflib (the guard's parser) is imported only when a query is checked, so importing this
package stays cheap for the child process and for ``newsgraph --help``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .guard import Kind, QueryInfo, analyse_query, check_graphs, check_policy, check_query
from .params import bind_params, parse_assignment, parse_param
from .run import QueryResult, run_query
from .saved import SavedParam, SavedQuery, list_saved_queries, load_saved_query, resolve_query

if TYPE_CHECKING:
    from .output import FORMATS, PREFIXES, compact, format_result, print_result, result_table

#: Names served by .output, imported on first use: it pulls in rich (~70 ms), which the
#: query child process (``python -m newsgraph.query._worker``) never needs.
_OUTPUT = {"FORMATS", "PREFIXES", "compact", "format_result", "print_result", "result_table"}


def __getattr__(name: str) -> Any:
    if name in _OUTPUT:
        from . import output

        return getattr(output, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "PREFIXES",
    "Kind",
    "QueryInfo",
    "QueryResult",
    "SavedParam",
    "SavedQuery",
    "analyse_query",
    "bind_params",
    "check_graphs",
    "check_policy",
    "check_query",
    "compact",
    "format_result",
    "list_saved_queries",
    "load_saved_query",
    "parse_assignment",
    "parse_param",
    "print_result",
    "result_table",
    "resolve_query",
    "run_query",
]

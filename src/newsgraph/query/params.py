"""``--param NAME=VALUE``: turn command-line text into RDF terms bound by substitution.

Values are never pasted into the query text: they become pyoxigraph terms handed to
``Store.query(..., substitutions=...)``, so a value full of quotes and braces is just a
string. The rules follow the CLI contract: ``<…>`` an IRI, ``"…"`` or a bare word a string,
a number a number, an ISO date an ``xsd:date``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode, Variable

from ..errors import QueryError

__all__ = ["Term", "parse_param", "parse_assignment", "bind_params", "XSD"]

XSD = "http://www.w3.org/2001/XMLSchema#"

Term = NamedNode | Literal

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")
_DOUBLE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


def parse_param(value: str) -> Term:
    """Read one parameter value as an RDF term.

    >>> parse_param("<https://sws.geonames.org/170063/>")
    <NamedNode value=https://sws.geonames.org/170063/>
    >>> parse_param('"said {x}"').value
    'said {x}'
    >>> parse_param("2016-02-06").datatype.value
    'http://www.w3.org/2001/XMLSchema#date'
    """
    if len(value) >= 2 and value.startswith("<") and value.endswith(">"):
        try:
            return NamedNode(value[1:-1])
        except ValueError as error:
            raise QueryError(f"invalid IRI {value}: {error}") from None
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return Literal(value[1:-1])
    if _INTEGER.fullmatch(value):
        return Literal(value, datatype=NamedNode(XSD + "integer"))
    if _DECIMAL.fullmatch(value):
        return Literal(value, datatype=NamedNode(XSD + "decimal"))
    if _DOUBLE.fullmatch(value):
        return Literal(value, datatype=NamedNode(XSD + "double"))
    if _DATE.fullmatch(value):
        _check_date(value, dt.date.fromisoformat)
        return Literal(value, datatype=NamedNode(XSD + "date"))
    if _DATETIME.fullmatch(value):
        _check_date(value.replace("Z", "+00:00"), dt.datetime.fromisoformat)
        return Literal(value, datatype=NamedNode(XSD + "dateTime"))
    return Literal(value)


def parse_assignment(text: str) -> tuple[str, Term]:
    """Split ``NAME=VALUE`` (a leading ``?`` or ``$`` on NAME is allowed) and parse VALUE."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _NAME.fullmatch(name):
        raise QueryError(f"expected NAME=VALUE, got {text!r}")
    return name, parse_param(value)


def bind_params(params: Mapping[str, str], variables: frozenset[str]) -> dict[Variable, Term]:
    """Parse ``params`` into substitutions, refusing names the query does not use.

    An unused name is almost always a typo (``--param actors=…``) that would otherwise
    silently match everything, so it is an error that names it.
    """
    substitutions: dict[Variable, Term] = {}
    for raw_name, raw_value in params.items():
        name = raw_name.lstrip("?$")
        if not _NAME.fullmatch(name):
            raise QueryError(f"invalid parameter name {raw_name!r}")
        if name not in variables:
            known = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
            raise QueryError(
                f"parameter {name!r} is not used by the query (its variables: {known})"
            )
        substitutions[Variable(name)] = parse_param(raw_value)
    return substitutions


def _check_date(value: str, parse) -> None:  # noqa: ANN001 - a fromisoformat function
    try:
        parse(value)
    except ValueError:
        raise QueryError(f"invalid date {value!r}") from None

"""One exception base class with small documented subclasses.

The CLI turns every :class:`NewsgraphError` into a one-line ``Error: ...`` message and an
exit code; anything else is a bug and shows a traceback.
"""

from __future__ import annotations

__all__ = [
    "NewsgraphError",
    "InputError",
    "StoreError",
    "StoreInUseError",
    "QueryError",
    "QueryRefusedError",
    "QueryTimeoutError",
    "UnknownFormatError",
    "ModelError",
    "ValidationFailed",
]


class NewsgraphError(Exception):
    """Base class of every error newsgraph reports to users."""


class InputError(NewsgraphError):
    """An input (file, record, stdin) cannot be read or has no usable text."""


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""


class StoreInUseError(StoreError):
    """Another process holds the store open for writing (RocksDB's LOCK)."""


class QueryError(NewsgraphError):
    """A SPARQL query is malformed or failed while running."""


class QueryRefusedError(QueryError):
    """A query would write or reach the network and the user did not allow it."""


class QueryTimeoutError(QueryError):
    """A query ran longer than its ``--timeout``."""


class UnknownFormatError(NewsgraphError):
    """An export or output format name is not registered."""


class ModelError(NewsgraphError):
    """The spaCy model cannot be loaded."""


class ValidationFailed(NewsgraphError):
    """SHACL validation found violations."""

"""Option decorators shared by several commands."""

from __future__ import annotations

import click

from ..config import default_store

__all__ = ["store_option", "library_errors"]


def store_option(func):  # noqa: ANN001 - click decorator
    """``--store PATH``: defaults to ``$NEWSGRAPH_STORE`` or ``./newsgraph.store``."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False, path_type=str),
        default=default_store,
        show_default="./newsgraph.store or $NEWSGRAPH_STORE",
        help="Path of the Oxigraph store directory.",
    )(func)


class library_errors:  # noqa: N801 - used as a lowercase context manager
    """Turn a :class:`NewsgraphError` into ``click.ClickException`` (exit 1, one line).

    >>> with library_errors():
    ...     pass
    """

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:  # noqa: ANN001
        from ..errors import NewsgraphError

        if exc is not None and isinstance(exc, NewsgraphError):
            raise click.ClickException(str(exc)) from exc
        return False

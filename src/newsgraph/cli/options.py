"""Option decorators shared by several commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from ..config import default_store

__all__ = ["store_option", "library_errors", "progress_bar"]


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


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr, hidden when stderr is not a terminal.

    Yields the ``progress(done, total)`` callback the library's long operations take, so
    the library reports progress without knowing how it is shown.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)

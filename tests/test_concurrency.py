"""Issue 6: a store that a build is writing is never corrupted by another command.

A real build runs in a background process. Meanwhile a second build is refused with a
clear "store is in use" error (exit 1) and leaves the store alone; ``query`` and ``stats``
work on a read-only snapshot; an update (``--allow-update``) is refused like a build.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLE
from newsgraph.cli import main
from newsgraph.store import open_store

IN_USE = "is in use by another process (a build?); try again when it finishes"


def _articles(path: Path) -> int:
    if not path.is_dir():
        return 0
    try:
        store = open_store(path)
    except Exception:  # noqa: BLE001 - still being created
        return 0
    try:
        return sum(1 for _ in store.article_graphs())
    finally:
        del store


@pytest.fixture
def running_build(tmp_path: Path, wikinews40: Path) -> Iterator[tuple[Path, subprocess.Popen]]:
    """A build of 40 articles running in the background, caught after its first article."""
    store = tmp_path / "busy.store"
    command = [sys.executable, "-m", "newsgraph", "build", str(wikinews40)]
    command += ["--store", str(store)]
    process = subprocess.Popen(
        command, cwd=os.getcwd(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 240
        while _articles(store) < 1 and time.monotonic() < deadline:
            assert process.poll() is None, "the background build ended early"
            time.sleep(0.1)
        yield store, process
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


def test_commands_beside_a_running_build(running_build: tuple[Path, subprocess.Popen]) -> None:
    store, process = running_build
    runner = CliRunner()

    second = runner.invoke(main, ["build", str(SAMPLE / "wire.jsonl"), "--store", str(store)])
    assert second.exit_code == 1
    assert second.stderr == f"Error: store {store} {IN_USE}\n"

    count = "PREFIX ng: <https://w3id.org/newsgraph/ontology#> SELECT (COUNT(?a) AS ?n) "
    count += "WHERE { ?a a ng:Article }"
    query = runner.invoke(main, ["query", count, "--store", str(store), "--format", "csv"])
    assert query.exit_code == 0, query.output
    assert query.stdout.splitlines()[0] == "n"
    assert int(query.stdout.splitlines()[1]) >= 1

    stats = runner.invoke(main, ["stats", "--store", str(store), "--format", "json"])
    assert stats.exit_code == 0, stats.output

    update = runner.invoke(main, ["query", "CLEAR ALL", "--allow-update", "--store", str(store)])
    assert update.exit_code == 1
    assert update.stderr == f"Error: store {store} {IN_USE}\n"

    assert process.poll() is None, "the build must still be running: nothing disturbed it"
    time.sleep(0.5)
    later = runner.invoke(main, ["query", count, "--store", str(store), "--format", "csv"])
    assert later.exit_code == 0
    # the refused build and update wrote nothing: only the background build's articles
    ask = 'PREFIX schema: <https://schema.org/> ASK { ?a schema:identifier "%s" }'
    ask %= "sample:2024-03-04-geneva-talks"
    sample = runner.invoke(main, ["query", ask, "--store", str(store), "--format", "json"])
    assert sample.exit_code == 0, sample.output
    assert json.loads(sample.stdout)["boolean"] is False

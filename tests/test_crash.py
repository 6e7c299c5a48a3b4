"""Issue 6: a build killed with SIGKILL at any moment leaves a store that opens and that
the same build then completes, with no duplicate or half-written article.

A real ``python -m newsgraph build`` is killed mid-way (after it has written some
articles); the store is checked read-only; the same build is run again; the result must
hold exactly the triples of an uninterrupted build of the same input (the session's
``corpus_store``, built from the same files with the same options).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from conftest import ARTICLE
from newsgraph.build import build
from newsgraph.cli import main
from newsgraph.errors import StoreError
from newsgraph.ontology import ontology_triples
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.store import COMPACTION_PENDING, open_store

PUBLISHED = "2016-02-06"  # the options of the session's corpus_store fixture
#: The files RocksDB had written when a build was killed while it created its store.
HALF_CREATED = Path(__file__).parent / "data" / "robustness" / "half-created"

INCOMPLETE_ARTICLES = """
SELECT ?a WHERE {
  GRAPH ?a { ?a a ng:Article }
  FILTER NOT EXISTS { GRAPH ?a { ?a ng:contentHash ?h ; ng:text ?t ; ng:extractor ?x } }
}"""
BAD_MENTIONS = """
SELECT ?m WHERE {
  GRAPH ?a { ?m ng:inArticle ?a ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?s .
             ?a ng:text ?text }
  FILTER(SUBSTR(?text, ?b + 1, ?e - ?b) != ?s)
}"""
ARTICLE_GRAPHS_WITHOUT_ONE_HASH = """
SELECT ?a (COUNT(?h) AS ?n) WHERE { GRAPH ?a { ?a a ng:Article ; ng:contentHash ?h } }
GROUP BY ?a HAVING (COUNT(?h) != 1)"""
DANGLING_LINKS = """
SELECT ?x WHERE {
  GRAPH ?a { ?x gaf:denotedBy ?m }
  FILTER NOT EXISTS { GRAPH ?a { ?m a ng:Mention } }
}"""


def _articles(path: Path) -> int:
    """Articles visible to a reader right now (0 while the store does not exist yet)."""
    if not path.is_dir():
        return 0
    try:
        store = open_store(path)
    except Exception:  # noqa: BLE001 - the writer may still be creating it
        return 0
    try:
        return sum(1 for _ in store.article_graphs())
    finally:
        del store


def _rows(store, query: str) -> list:  # noqa: ANN001
    return list(store.ox.query(query, prefixes=PREFIXES))


def _quads(path: Path) -> set[str]:
    """Every quad outside the ontology graph (whose SHACL lists are blank nodes)."""
    store = open_store(path)
    try:
        ontology = store.ontology_graph
        return {str(q) for q in store.ox if q.graph_name != ontology}
    finally:
        del store


def test_sigkill_mid_build_then_rerun_equals_an_uninterrupted_build(
    tmp_path: Path, wikinews40: Path, corpus_store
) -> None:
    reference, reference_report = corpus_store
    store_path = tmp_path / "killed.store"
    inputs = [str(ARTICLE), str(wikinews40)]
    command = [sys.executable, "-m", "newsgraph", "build", *inputs]
    command += ["--store", str(store_path), "--published", PUBLISHED]
    process = subprocess.Popen(
        command, cwd=os.getcwd(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 240
        while _articles(store_path) < 3 and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.1)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL  # it was killed, it did not finish
    # a first build bulk-loads; killed before its compaction, it leaves that to the next
    assert (store_path / COMPACTION_PENDING).exists()

    # The store opens, and what a reader sees is whole: every article graph present has
    # its hash, text and extractor, one hash only, and mentions that index its text.
    store = open_store(store_path)
    try:
        present = sum(1 for _ in store.article_graphs())
        assert 3 <= present < 41
        assert _rows(store, INCOMPLETE_ARTICLES) == []
        assert _rows(store, ARTICLE_GRAPHS_WITHOUT_ONE_HASH) == []
        assert _rows(store, BAD_MENTIONS) == []
        assert _rows(store, DANGLING_LINKS) == []
    finally:
        del store

    # The same build again completes it: what was written is skipped, the rest added.
    report = build(inputs, store_path=str(store_path), published=PUBLISHED)
    assert report.failed == 0
    assert not (store_path / COMPACTION_PENDING).exists()  # this build compacted
    assert report.unchanged >= present  # an article written just before the kill counts too
    assert report.unchanged + report.new == 41 and report.updated == 0
    store = open_store(store_path)
    try:
        assert sum(1 for _ in store.article_graphs()) == 41
        assert _rows(store, INCOMPLETE_ARTICLES) == []
        assert _rows(store, ARTICLE_GRAPHS_WITHOUT_ONE_HASH) == []
    finally:
        del store
    assert reference_report.new == 41
    assert _quads(store_path) == _quads(reference)


def test_a_store_killed_while_it_is_being_created_opens_and_builds(
    tmp_path: Path, wikinews40: Path
) -> None:
    """A kill in the first moments (store creation, ontology write) leaves no broken store."""
    store_path = tmp_path / "early.store"
    command = [sys.executable, "-m", "newsgraph", "build", str(wikinews40)]
    command += ["--store", str(store_path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (store_path / "CURRENT").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    try:
        store = open_store(store_path)  # read-only: RocksDB replays its log
    except StoreError as error:  # killed before RocksDB had made all its column families
        assert str(error) == (
            f"store {store_path} is incomplete (a build was stopped while creating it); "
            "run `newsgraph build` again to finish it"
        )
    else:
        # the ontology graph is written in one transaction: all of it or nothing
        assert store.triple_count(store.ontology_graph) in {0, len(ontology_triples())}
        del store
    store = open_store(store_path, write=True)  # read-write: no stale lock, creation finished
    store.close()
    store = open_store(store_path)
    assert store.triple_count(store.ontology_graph) in {0, len(ontology_triples())}
    del store


def test_an_incomplete_store_is_one_error_line_then_a_build_finishes_it(tmp_path: Path) -> None:
    """A build killed while RocksDB was creating the store (a copy of such a store)."""
    store_path = tmp_path / "half.store"
    shutil.copytree(HALF_CREATED, store_path)
    message = (
        f"Error: store {store_path} is incomplete (a build was stopped while creating it); "
        "run `newsgraph build` again to finish it\n"
    )
    runner = CliRunner()
    for command in (["stats"], ["query", "ASK {}"], ["export", "--format", "nt"]):
        result = runner.invoke(main, [*command, "--store", str(store_path)])
        assert (result.exit_code, result.stderr) == (1, message), command
    story = tmp_path / "story.txt"
    story.write_text("Talks\n\nTurkey criticized Israel on Monday.\n")
    result = runner.invoke(main, ["build", str(story), "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    stats = runner.invoke(main, ["stats", "--store", str(store_path), "--format", "json"])
    assert stats.exit_code == 0 and '"articles": 1' in stats.stdout


def test_a_store_killed_before_its_version_record_is_reported_incomplete(tmp_path: Path) -> None:
    """pyoxigraph's read-only open of such a store fails wanting to write the record."""
    from newsgraph.store import open_error

    error = open_error(
        tmp_path / "s.store",
        RuntimeError("Inserts are only possible on read-write instances"),
        write=False,
    )
    assert "is incomplete (a build was stopped while creating it)" in str(error)

"""Shared fixtures: paths to ../shared and one real build of a corpus slice per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
ARTICLE = CORPUS / "turkey-syria-border-2016-02-06.txt"
WIKINEWS = CORPUS / "wikinews-2019-2020.jsonl"
SAMPLE = ROOT / "examples" / "sample"


@pytest.fixture(scope="session")
def wikinews40(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 40 Wikinews records as their own JSONL file."""
    path = tmp_path_factory.mktemp("corpus") / "wikinews40.jsonl"
    with WIKINEWS.open(encoding="utf-8") as src:
        lines = [next(src) for _ in range(40)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, wikinews40: Path):
    """A store built from the 2016-02-06 article plus 40 Wikinews articles (real model)."""
    from newsgraph.build import build

    store = tmp_path_factory.mktemp("stores") / "corpus.store"
    report = build([str(ARTICLE), str(wikinews40)], store_path=str(store), published="2016-02-06")
    assert report.failed == 0 and report.new == 41
    return store, report

"""Issue 5: ``load_pipeline`` builds the model's tokenizer once, and it is the model's own.

spaCy's ``spacy.Tokenizer.v1`` builds a tokenizer from the language defaults and
``from_disk`` then replaces all of it with the model's saved tokenizer; newsgraph starts
from a bare one instead. These tests hold it to giving exactly the model's tokenizer, and
to leaving any other tokenizer factory (or a config it cannot find) to spaCy.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest
import spacy

from conftest import WIKINEWS
from newsgraph.config import default_model
from newsgraph.nlp.pipeline import LOADED_TOKENIZER, load_pipeline, tokenizer_override


def _texts(n: int) -> list[str]:
    with WIKINEWS.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in islice(handle, n)]


@pytest.fixture(scope="module")
def spacys_tokenizer():  # noqa: ANN201
    """The tokenizer of the model as spaCy itself loads it (once for this module)."""
    return spacy.load(default_model()).tokenizer


def test_the_pipelines_tokenizer_is_the_models_own(spacys_tokenizer) -> None:  # noqa: ANN001
    model = default_model()
    ours, theirs = load_pipeline(model), spacys_tokenizer
    assert ours.config["nlp"]["tokenizer"] == {"@tokenizers": LOADED_TOKENIZER}
    # the settings and special cases; not the vocab, which grows with every text the
    # cached pipeline has seen in this process
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == theirs.to_bytes(exclude=["vocab"])
    for text in [*_texts(30), "Don't U.S.-led e-mail :) at 5pm, can't won't gonna."]:
        assert [t.text for t in ours.tokenizer(text)] == [t.text for t in theirs(text)]


def test_a_model_directory_gets_the_same_tokenizer(spacys_tokenizer) -> None:  # noqa: ANN001
    model = default_model()
    path = Path(load_pipeline(model).path)  # the directory the package loads from
    assert tokenizer_override(str(path)) == tokenizer_override(model) != {}
    ours, theirs = load_pipeline(str(path)).tokenizer, spacys_tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == theirs.to_bytes(exclude=["vocab"])


INLINE = '[nlp]\nlang = "en"\ntokenizer = {"@tokenizers":"%s"}\n'
BLOCK = '[nlp]\nlang = "en"\n\n[nlp.tokenizer]\n@tokenizers = "%s"\n'


@pytest.mark.parametrize("layout", [INLINE, BLOCK], ids=["inline", "block"])
def test_only_spacys_own_tokenizer_factory_is_replaced(tmp_path: Path, layout: str) -> None:
    (tmp_path / "config.cfg").write_text(layout % "spacy.Tokenizer.v1", encoding="utf-8")
    assert tokenizer_override(str(tmp_path)) == {
        "nlp": {"tokenizer": {"@tokenizers": LOADED_TOKENIZER}}
    }
    (tmp_path / "config.cfg").write_text(layout % "spacy.ja.JapaneseTokenizer", encoding="utf-8")
    assert tokenizer_override(str(tmp_path)) == {}


@pytest.mark.parametrize(
    "config",
    [None, "", '[nlp]\nlang = "en"\n', "not a config [[[", "[components]\nx = 1\n"],
    ids=["no-config", "empty", "no-tokenizer", "malformed", "no-nlp"],
)
def test_a_config_it_cannot_read_leaves_the_load_to_spacy(
    tmp_path: Path, config: str | None
) -> None:
    if config is not None:
        (tmp_path / "config.cfg").write_text(config, encoding="utf-8")
    assert tokenizer_override(str(tmp_path)) == {}


@pytest.mark.parametrize("name", ["no_such_model_package", "json", "os.path", "../x"])
def test_a_name_that_is_no_model_package_leaves_the_load_to_spacy(name: str) -> None:
    assert tokenizer_override(name) == {}

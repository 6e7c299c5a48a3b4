"""Issue 5: ``newsgraph_paragraphs`` looks only at whitespace tokens now; it must mark
exactly the sentence starts the token-by-token version marked."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.nlp.components import paragraph_boundaries


def _token_by_token(doc, min_newlines: int = 2):  # noqa: ANN001, ANN202
    """The component as it was before issue 5 (one Python step per token)."""
    after_break = False
    for tok in doc:
        if tok.is_space and tok.text.count("\n") >= min_newlines:
            after_break = True
            continue
        if after_break and not tok.is_space:
            tok.is_sent_start = True
            after_break = False
        if tok.whitespace_.count("\n") >= min_newlines:
            after_break = True
    return doc


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    return spacy.blank("en")


def _starts(doc) -> list[int]:  # noqa: ANN001
    return [t.i for t in doc if t.is_sent_start]


TEXTS = [
    "",
    "\n\n",
    "One.\n\nTwo.",
    "“We will go,” he said.\n\n“No.”\n\nThree\n \n\nfour",
    "A\n\n\n\nB \n\n C\nD\n\n",
    "  \n\n  Leading space.\n\n\n",
    "Title\n\nBody line one\nline two.\n\n  \n\nEnd",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_sentence_starts_as_token_by_token(nlp, text: str) -> None:  # noqa: ANN001
    component = paragraph_boundaries(nlp, "p", 2)
    assert _starts(component(nlp.make_doc(text))) == _starts(_token_by_token(nlp.make_doc(text)))


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(["Word", "x.", "\n", "\n\n", " ", "  \n \n", "\t", "“Q”", "\n\n\n"]),
        max_size=30,
    ),
    min_newlines=st.integers(min_value=1, max_value=3),
)
def test_same_sentence_starts_on_any_layout(nlp, parts: list[str], min_newlines: int) -> None:  # noqa: ANN001
    text = " ".join(parts)
    component = paragraph_boundaries(nlp, "p", min_newlines)
    expected = _starts(_token_by_token(nlp.make_doc(text), min_newlines))
    assert _starts(component(nlp.make_doc(text))) == expected

"""newsgraph's spaCy components, registered as factories so pipelines can name them.

``newsgraph_paragraphs`` starts a new sentence after every blank line. News text keeps
quotes and short paragraphs apart with blank lines; without this the parser sometimes
runs a closing quote mark and the next paragraph into one sentence, and an event's
ng:sentence would carry text from two paragraphs.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["paragraph_boundaries"]


@Language.factory("newsgraph_paragraphs", default_config={"min_newlines": 2})
def paragraph_boundaries(nlp: Language, name: str, min_newlines: int):  # noqa: ANN201
    """Mark the first token after a run of ``min_newlines`` line breaks as a sentence start."""

    def component(doc: Doc) -> Doc:
        # Line breaks live in whitespace tokens (a token's trailing whitespace is at most
        # one space), so only those are looked at: a few per paragraph, found in one
        # pass over a C array instead of a Python loop over every token.
        spaces = doc.to_array(IS_SPACE)
        n = len(spaces)
        for i in spaces.nonzero()[0].tolist():
            if doc[i].text.count("\n") < min_newlines:
                continue
            j = i + 1
            while j < n and spaces[j]:
                j += 1
            if j < n:
                doc[j].is_sent_start = True
        return doc

    return component


@Language.factory("newsgraph_entity_fixes", default_config={})
def entity_fixes(nlp: Language, name: str):  # noqa: ANN201
    """Document-level label consistency and gazetteer matches (extract/ner_fixes.py)."""
    from ..extract.gazetteer import get_gazetteer
    from ..extract.ner_fixes import fix_entities

    gaz = get_gazetteer()

    def component(doc: Doc) -> Doc:
        return fix_entities(doc, gaz)

    return component

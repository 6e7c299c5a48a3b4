"""newsgraph's spaCy components, registered as factories so pipelines can name them.

``newsgraph_paragraphs`` starts a new sentence after every blank line. News text keeps
quotes and short paragraphs apart with blank lines; without this the parser sometimes
runs a closing quote mark and the next paragraph into one sentence, and an event's
ng:sentence would carry text from two paragraphs.

``newsgraph_tags`` (nlp/tags.py) and ``newsgraph_entity_fixes`` (extract/ner_fixes.py) are
registered here too, and so is the tokenizer ``load_pipeline`` loads a model's into
(``newsgraph.LoadedTokenizer.v1``, see :func:`.pipeline.tokenizer_override`).

This module has no ``from __future__ import annotations`` on purpose: the spaCy
releases pyproject.toml asks for (3.8.6, 3.8.7) validate a factory's arguments with a
pydantic v1 model built from its signature, and a string annotation such as
``"Language"`` stays an unresolved ForwardRef there ("field nlp not yet prepared").
"""

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from .pipeline import LOADED_TOKENIZER
from .tags import FACTORY, TagRules, compile_tags

__all__ = ["entity_fixes", "loaded_tokenizer", "paragraph_boundaries", "tags_component"]


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


@Language.factory(FACTORY, default_config={})
def tags_component(nlp: Language, name: str) -> TagRules:
    """Built by ``load_pipeline`` only after :func:`~.tags.compile_tags` said yes."""
    rules = compile_tags(nlp)
    if rules is None:  # pragma: no cover - load_pipeline checks first
        raise ValueError(f"{FACTORY} cannot stand in for this model's attribute_ruler")
    return rules


@registry.tokenizers(LOADED_TOKENIZER)
def loaded_tokenizer():  # noqa: ANN201
    """A tokenizer with no settings of its own: ``from_disk`` gives it the model's."""

    def bare(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return bare

"""Build the spaCy ``Language`` that extraction runs on.

Only the components extraction reads are kept enabled: the tagger and
attribute_ruler feed the lemmatizer (ng:trigger needs lemmas), the parser gives
sentences and the clause structure for who-did-what-to-whom, NER gives the mentions.
The attribute_ruler and lemmatizer then give way to ``newsgraph_tags`` (nlp/tags.py),
which sets the same POS, morphology and lemmas at a fraction of their cost, whenever it
can reproduce them exactly (it can for spaCy's English models).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_pipeline", "model_description", "PRELOAD_MODEL_ENV", "REQUIRED_COMPONENTS"]

#: Set by ``build --jobs`` for its forkserver: the model :mod:`.preload` loads there.
PRELOAD_MODEL_ENV = "NEWSGRAPH_PRELOAD_MODEL"

#: Components extraction needs; anything else the model ships is disabled.
REQUIRED_COMPONENTS = (
    "tok2vec",
    "transformer",
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "ner",
    "newsgraph_paragraphs",
    "newsgraph_entity_fixes",
)


@lru_cache(maxsize=4)
def load_pipeline(model: str, *, fast_tags: bool = True) -> Language:
    """Load ``model`` (a package name or a path) with only the components extraction uses.

    Cached per process: building the Language costs about a second, so every article in
    a run (and every worker) reuses one. ``fast_tags=False`` keeps the model's own
    attribute_ruler and lemmatizer (tests and benchmarks compare the two).
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {model!r}: install it (pip install <package>) or "
            "choose another with --model / NEWSGRAPH_MODEL"
        ) from exc
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {model!r} lacks the components {', '.join(missing)}")
    for name in list(nlp.pipe_names):
        if name not in REQUIRED_COMPONENTS:
            nlp.disable_pipe(name)
    from . import components  # noqa: F401 - registers the factories
    from .tags import FACTORY, compile_tags

    if fast_tags and compile_tags(nlp) is not None:
        nlp.add_pipe(FACTORY, before="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    nlp.add_pipe("newsgraph_entity_fixes", after="ner")
    # Long articles: spaCy's default max_length (1M chars) is a memory guard for the
    # parser; keep it and let sources cut huge inputs.
    return nlp


def model_description(nlp: Language) -> str:
    """``name version`` of the loaded model, part of the extractor version."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')} {meta.get('version', '0')}"

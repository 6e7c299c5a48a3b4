"""Article → Extraction: the pure function at the heart of the build.

Extraction depends only on the article, the spaCy model and the shipped lexicons, so it
can run in worker processes; corpus-level resolution happens later, in the writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from ..model import Article, Extraction
from .entities import extract_entities
from .events import extract_events
from .gazetteer import get_gazetteer
from .lexicon import load_lexicon
from .version import extractor_version

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Extractor"]


def _reference_date(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _word_count(doc: Doc) -> int:
    """Tokens that are neither space nor punctuation, counted in one array operation
    (a Python loop over every token cost as much as a third of entity extraction)."""
    from spacy.attrs import IS_PUNCT, IS_SPACE

    if not len(doc):
        return 0
    flags = doc.to_array([IS_SPACE, IS_PUNCT])
    return int((flags.sum(axis=1) == 0).sum())


class Extractor:
    """Holds the spaCy pipeline, gazetteer and lexicon for one process."""

    def __init__(self, model: str, *, batch_size: int = 32) -> None:
        from ..nlp import load_pipeline

        self.model = model
        self.nlp = load_pipeline(model)
        self.gazetteer = get_gazetteer()
        self.lexicon = load_lexicon()
        self.batch_size = batch_size
        self.version = extractor_version(model)

    def extract_doc(self, article: Article, doc: Doc) -> Extraction:
        """Entities and events of one parsed article."""
        sent_of = [0] * len(doc)
        n_sents = 0
        for n_sents, sent in enumerate(doc.sents, start=1):
            for i in range(sent.start, sent.end):
                sent_of[i] = n_sents - 1
        index = extract_entities(doc, self.gazetteer, sent_of, text=article.text)
        events = extract_events(doc, index, self.lexicon, sent_of, _reference_date(article))
        words = _word_count(doc)
        return Extraction(
            article=article,
            entities=list(index.entities.values()),
            events=events,
            sentences=n_sents,
            words=words,
        )

    def extract(self, article: Article) -> Extraction:
        """Extract one article (tests, small jobs); batches should use :meth:`pipe`."""
        return self.extract_doc(article, self.nlp(article.text))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Stream extractions through ``nlp.pipe`` in batches; memory stays flat."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self.extract_doc(article, doc)

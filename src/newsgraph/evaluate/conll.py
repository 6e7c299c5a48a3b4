"""CoNLL-2003 gold entities and ``evaluate_entities``.

The format: one token per line with its tag in the last column (``token POS chunk NER``
in CoNLL-2003, but only the first and last columns are read), blank lines between
sentences, ``-DOCSTART-`` lines between documents, IOB1 or IOB2 tags. Following
``../shared/eval/README.md``, each document becomes one article whose text is its tokens
joined by single spaces, one sentence per line, so a gold token span becomes a character
span of that text, the same offsets ``nif:beginIndex``/``nif:endIndex`` use.

>>> doc = parse_conll_lines(["EU B-ORG", "rejects O", "German B-MISC", "call O"])[0]
>>> doc.text
'EU rejects German call'
>>> [(s.start, s.end, s.label) for s in doc.spans]
[(0, 2, 'ORG'), (11, 17, 'MISC')]
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import default_model
from ..errors import InputError, NewsgraphError
from .graph import Progress, built_store, read_mentions, read_texts
from .scoring import EntityScores, LabelledSpan, score_entities

__all__ = ["ConllDocument", "parse_conll", "parse_conll_lines", "evaluate_entities"]

DOCSTART = "-DOCSTART-"


@dataclass
class ConllDocument:
    """One ``-DOCSTART-`` document: its id (``doc-N``, 1-based), text and gold spans."""

    id: str
    text: str
    spans: list[LabelledSpan] = field(default_factory=list)
    tokens: int = 0
    line: int = 0  # where the document's first token is, for messages


class _DocumentBuilder:
    """Collects sentences of (token, tag) pairs and turns them into text and spans."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sentences: list[list[tuple[str, str, int]]] = []
        self.current: list[tuple[str, str, int]] = []

    def add(self, token: str, tag: str, lineno: int) -> None:
        self.current.append((token, tag, lineno))

    def end_sentence(self) -> None:
        if self.current:
            self.sentences.append(self.current)
            self.current = []

    def finish(self, number: int) -> ConllDocument | None:
        """The document, or None when it holds no token."""
        self.end_sentence()
        if not self.sentences:
            return None
        doc = ConllDocument(id=f"doc-{number}", text="", line=self.sentences[0][0][2])
        lines: list[str] = []
        offset = 0
        for sentence in self.sentences:
            starts = []
            for token, _, _ in sentence:
                starts.append(offset)
                offset += len(token) + 1  # the joining space, or the newline after the last
            lines.append(" ".join(token for token, _, _ in sentence))
            for first, last, label in _chunks([tag for _, tag, _ in sentence], self.name, sentence):
                end = starts[last] + len(sentence[last][0])
                doc.spans.append(LabelledSpan(doc.id, starts[first], end, label))
            doc.tokens += len(sentence)
        doc.text = "\n".join(lines)
        return doc


def _split_tag(tag: str, where: str) -> tuple[str, str]:
    """``B-PER`` -> (``B``, ``PER``); ``O`` -> (``O``, ``""``)."""
    if tag == "O":
        return "O", ""
    prefix, sep, label = tag.partition("-")
    if not sep or prefix not in ("B", "I") or not label:
        raise InputError(f"{where}: tag {tag!r} is not an IOB tag (O, B-TYPE or I-TYPE)")
    return prefix, label


def _chunks(
    tags: list[str], name: str, sentence: list[tuple[str, str, int]]
) -> Iterable[tuple[int, int, str]]:
    """(first token, last token, label) of each entity in one sentence's tags.

    One rule reads IOB1 and IOB2: ``B-X`` always starts an entity; ``I-X`` continues the
    entity before it when that one is also ``X``, else starts one (IOB1's usual start).
    """
    start: int | None = None
    label = ""
    for i, tag in enumerate(tags):
        prefix, kind = _split_tag(tag, f"{name}:{sentence[i][2]}")
        if start is not None and (prefix != "I" or kind != label):
            yield start, i - 1, label
            start = None
        if prefix != "O" and start is None:
            start, label = i, kind
    if start is not None:
        yield start, len(tags) - 1, label


def parse_conll_lines(lines: Iterable[str], name: str = "<conll>") -> list[ConllDocument]:
    """Documents of CoNLL lines; ``name`` prefixes error messages (``name:LINE: ...``).

    Text before the first ``-DOCSTART-`` (or a file without any) is a document too;
    documents without tokens are dropped. A line needs a token and a tag.
    """
    docs: list[ConllDocument] = []
    builder = _DocumentBuilder(name)

    def close() -> None:
        nonlocal builder
        doc = builder.finish(len(docs) + 1)
        if doc is not None:
            docs.append(doc)
        builder = _DocumentBuilder(name)

    for lineno, raw in enumerate(lines, start=1):
        columns = raw.split()
        if not columns:
            builder.end_sentence()
        elif columns[0] == DOCSTART:
            close()
        elif len(columns) < 2:
            raise InputError(f"{name}:{lineno}: expected a token and a tag, got {raw.strip()!r}")
        else:
            builder.add(columns[0], columns[-1], lineno)
    close()
    return docs


def parse_conll(path: str | Path) -> list[ConllDocument]:
    """Read a CoNLL file (UTF-8, a BOM allowed); raises :class:`InputError` when unusable."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8-sig") as fh:
            docs = parse_conll_lines(fh, str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    if not docs:
        raise InputError(f"{path}: no CoNLL documents (no token lines)")
    return docs


def evaluate_entities(
    path: str | Path, model: str | None = None, *, jobs: int = 1, progress: Progress | None = None
) -> EntityScores:
    """Score the entity mentions ``build`` writes against CoNLL gold data.

    Every document goes through the real pipeline (a temporary JSONL, ``build`` with
    ``keep_text=True`` into a temporary store); the mentions and their entities' classes
    are then read back from the store, so what is scored is what the graph holds.
    """
    started = time.perf_counter()
    model = model or default_model()
    docs = parse_conll(path)
    records = [{"id": d.id, "text": d.text, "language": "en"} for d in docs]
    with built_store(records, model=model, jobs=jobs, progress=progress) as built:
        texts = read_texts(built.store)
        predicted = read_mentions(built.store)
    for d in docs:
        if d.id in texts and texts[d.id] != d.text:
            # keep_text must keep the text verbatim, or no offset would line up
            raise NewsgraphError(f"{d.id}: the stored ng:text differs from the gold text")
    tally = score_entities((s for d in docs for s in d.spans), predicted)
    return EntityScores(
        gold_path=str(path),
        model=model,
        documents=len(docs),
        tokens=sum(d.tokens for d in docs),
        tally=tally,
        texts={d.id: d.text for d in docs},
        problems=built.problems,
        build_seconds=built.report.seconds,
        seconds=time.perf_counter() - started,
    )

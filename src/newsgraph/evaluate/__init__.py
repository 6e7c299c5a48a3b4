"""Scoring the graph ``build`` writes against gold data (``newsgraph evaluate``).

Two gold formats, each scored the way ``../shared/eval/README.md`` scores the held-back
halves (details and current numbers: ``docs/quality.md``):

- CoNLL-2003 entities: :func:`evaluate_entities` -> :class:`EntityScores`
  (exact-span P/R/F1 over PER, ORG and LOC);
- PLOVER event records: :func:`evaluate_events` -> :class:`EventScores`
  (event-type P/R/F1, source, target and location accuracy).

Both run the gold texts through the real ``build`` into a temporary store and read the
mentions and events back from it, so the scores are those of the graph users get.

Example::

    >>> from newsgraph.evaluate import evaluate_entities
    >>> scores = evaluate_entities("gold.conll")              # doctest: +SKIP
    >>> round(scores.micro.f1, 3)                             # doctest: +SKIP
    0.698
"""

from __future__ import annotations

from .conll import ConllDocument, evaluate_entities, parse_conll, parse_conll_lines
from .plover import evaluate_events, parse_plover, record_from_json
from .report import entities_dict, events_dict, print_entities, print_events
from .scoring import (
    Accuracy,
    Counts,
    EntityScores,
    EntityTally,
    EventScores,
    EventTally,
    GoldRecord,
    LabelledSpan,
    PredictedEvent,
    score_entities,
    score_events,
)

__all__ = [
    "Accuracy",
    "ConllDocument",
    "Counts",
    "EntityScores",
    "EntityTally",
    "EventScores",
    "EventTally",
    "GoldRecord",
    "LabelledSpan",
    "PredictedEvent",
    "entities_dict",
    "evaluate_entities",
    "evaluate_events",
    "events_dict",
    "parse_conll",
    "parse_conll_lines",
    "parse_plover",
    "print_entities",
    "print_events",
    "record_from_json",
    "score_entities",
    "score_events",
]

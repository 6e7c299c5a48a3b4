"""Turning scores into output: JSON-ready dicts, rich tables and the error listing.

The dicts are the machine-readable form (``--format json``): every number and count the
tables show, plus the errors when asked for. The tables are built from the same dicts'
inputs, so the two formats cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .scoring import (
    GOLD_TYPES_BY_ROOT,
    SCORED_TYPES,
    Accuracy,
    Counts,
    EntityScores,
    EventScores,
    GraphActor,
    PredictedEvent,
    RecordResult,
    SpanError,
    entity_errors,
)

__all__ = [
    "ENTITY_ERROR_KINDS",
    "EVENT_ERROR_KINDS",
    "ErrorGroup",
    "entity_error_groups",
    "event_error_cases",
    "entities_dict",
    "events_dict",
    "print_entities",
    "print_events",
]

#: Entity error kinds, in the order they are listed (see SpanError).
ENTITY_ERROR_KINDS = ("missed", "spurious", "type", "boundary")
#: Event error kinds: records without a hit, records whose non-matching events are most
#: numerous, and hits whose source, target or location is wrong.
EVENT_ERROR_KINDS = ("no_hit", "false_positives", "source", "target", "location")

CONTEXT = 40  # characters of context either side of an entity error


# -- entities ---------------------------------------------------------------------------
@dataclass
class ErrorGroup:
    """Entity errors with the same kind, texts and labels, counted; one example kept."""

    kind: str
    gold_label: str | None
    gold_text: str | None
    predicted_label: str | None
    predicted_text: str | None
    count: int
    doc: str
    context: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _context(text: str, start: int, end: int) -> str:
    """``…left [span] right…`` on one line."""
    left = text[max(0, start - CONTEXT) : start]
    right = text[end : end + CONTEXT]
    out = ("…" if start > CONTEXT else "") + left + "[" + text[start:end] + "]" + right
    out += "…" if end + CONTEXT < len(text) else ""
    return out.replace("\n", " ")


def entity_error_groups(scores: EntityScores, limit: int) -> dict[str, list[ErrorGroup]]:
    """Up to ``limit`` error groups of each kind, most frequent first.

    Errors are grouped by what they say ("missed PER 'Simmons'"), so a name the model
    keeps getting wrong tops the list instead of being repeated a hundred times.
    """
    groups: dict[tuple, ErrorGroup] = {}
    for err in entity_errors(scores.tally):
        groups_key, group = _group(err, scores.texts)
        if groups_key in groups:
            groups[groups_key].count += 1
        else:
            groups[groups_key] = group
    out: dict[str, list[ErrorGroup]] = {kind: [] for kind in ENTITY_ERROR_KINDS}
    for group in groups.values():
        out[group.kind].append(group)
    return {
        kind: sorted(items, key=lambda g: -g.count)[:limit]  # stable: first seen wins ties
        for kind, items in out.items()
    }


def _group(err: SpanError, texts: dict[str, str]) -> tuple[tuple, ErrorGroup]:
    spans = [s for s in (err.gold, err.predicted) if s is not None]
    doc = spans[0].doc
    text = texts.get(doc, "")
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    g, p = err.gold, err.predicted
    group = ErrorGroup(
        kind=err.kind,
        gold_label=g.label if g else None,
        gold_text=text[g.start : g.end] if g else None,
        predicted_label=p.label if p else None,
        predicted_text=text[p.start : p.end] if p else None,
        count=1,
        doc=doc,
        context=_context(text, start, end),
    )
    key = (err.kind, group.gold_label, group.gold_text, group.predicted_label, group.predicted_text)
    return key, group


def _gold_counts(scores: EntityScores) -> dict[str, int]:
    counts = {t: c.tp + c.fn for t, c in scores.tally.by_type.items()}
    counts["other"] = scores.tally.gold_unscored
    return counts


def entities_dict(scores: EntityScores, errors: int = 0) -> dict[str, Any]:
    """Everything ``evaluate entities --format json`` prints."""
    tally = scores.tally
    kinds = {kind: 0 for kind in ENTITY_ERROR_KINDS}
    for err in entity_errors(tally):
        kinds[err.kind] += 1
    out: dict[str, Any] = {
        "gold": scores.gold_path,
        "model": scores.model,
        "documents": scores.documents,
        "tokens": scores.tokens,
        "scores": {"micro": tally.micro.as_dict()}
        | {t: tally.by_type[t].as_dict() for t in SCORED_TYPES},
        "gold_spans": _gold_counts(scores),
        "predicted_spans": {t: c.tp + c.fp for t, c in tally.by_type.items()}
        | {"MISC": len(tally.unscored)},
        "set_aside": len(tally.set_aside),
        "error_counts": kinds,
        "problems": scores.problems,
        "seconds": {"build": round(scores.build_seconds, 2), "total": round(scores.seconds, 2)},
    }
    if errors > 0:
        out["errors"] = {
            kind: [g.as_dict() for g in groups]
            for kind, groups in entity_error_groups(scores, errors).items()
        }
    return out


def _prf_row(name: str, c: Counts, style: str | None = None) -> tuple[list[str], str | None]:
    cells = [
        name,
        str(c.tp + c.fn),
        str(c.tp + c.fp),
        str(c.tp),
        str(c.fp),
        str(c.fn),
        f"{c.precision:.3f}",
        f"{c.recall:.3f}",
        f"{c.f1:.3f}",
    ]
    return cells, style


def _entity_table(scores: EntityScores) -> Table:
    table = Table(
        title=f"entities: {scores.gold_path} ({scores.documents} documents, "
        f"{scores.tokens} tokens, model {scores.model})"
    )
    for col in ("type", "gold", "predicted", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for t in SCORED_TYPES:
        cells, _ = _prf_row(t, scores.tally.by_type[t])
        table.add_row(*cells)
    cells, _ = _prf_row("micro", scores.tally.micro)
    table.add_row(*cells, style="bold", end_section=True)
    return table


def print_entities(scores: EntityScores, console: Console, errors: int = 0) -> None:
    """The entity table, a line on what was not scored, and (``errors``) the listing."""
    tally = scores.tally
    console.print(_entity_table(scores))
    console.print(
        f"not scored: {len(tally.unscored)} MISC (Group) predictions, "
        f"{len(tally.set_aside)} predictions overlapping a gold MISC span, "
        f"{tally.gold_unscored} gold MISC spans. "
        f"Build {scores.build_seconds:.1f} s, total {scores.seconds:.1f} s.",
        highlight=False,
    )
    if errors <= 0:
        return
    for kind, groups in entity_error_groups(scores, errors).items():
        heading = f"{kind}: {len(groups)} most frequent" if groups else f"{kind}: none"
        console.print(Text("\n" + heading, style="bold"))
        for g in groups:
            console.print(_entity_error_line(g), soft_wrap=True)


def _entity_error_line(g: ErrorGroup) -> Text:
    if g.kind == "missed":
        what = f"gold {g.gold_label} {g.gold_text!r} not found"
    elif g.kind == "spurious":
        what = f"predicted {g.predicted_label} {g.predicted_text!r} not in gold"
    elif g.kind == "type":
        what = f"{g.gold_text!r}: gold {g.gold_label}, predicted {g.predicted_label}"
    else:
        what = (
            f"gold {g.gold_label} {g.gold_text!r}, "
            f"predicted {g.predicted_label} {g.predicted_text!r}"
        )
    line = Text(f"  {g.count:>4}× ", style="bold")
    line.append(what)
    line.append(f"\n        {g.doc}: {g.context}", style="dim")
    return line


# -- events -----------------------------------------------------------------------------
def _root_name(root: str) -> str:
    types = GOLD_TYPES_BY_ROOT.get(root)
    if types:
        return f"{root} {'/'.join(sorted(types))}"
    return f"{root} (statement)" if root == "01" else root


def _names(actors: Iterable[GraphActor]) -> list[str]:
    return [a.name for a in actors]


def _event_dict(e: PredictedEvent) -> dict[str, Any]:
    return {
        "roots": list(e.roots),
        "types": sorted({t for r in e.roots for t in GOLD_TYPES_BY_ROOT.get(r, ())}),
        "cameo": e.cameo,
        "trigger": e.trigger,
        "agents": _names(e.agents),
        "targets": _names(e.targets),
        "places": _names(e.places),
    }


def event_error_cases(scores: EventScores, limit: int) -> dict[str, list[RecordResult]]:
    """Up to ``limit`` records of each event error kind, worst first.

    Records without a hit that hold the most non-matching events come first (they cost
    precision as well as recall); ``false_positives`` lists the records with the most
    non-matching events, hit or not; the others keep the gold file's order.
    """
    results = scores.tally.results
    no_hit = [r for r in results if not r.hit]
    noisy = [r for r in results if r.false_positives]
    return {
        "no_hit": sorted(no_hit, key=lambda r: -len(r.false_positives))[:limit],
        "false_positives": sorted(noisy, key=lambda r: -len(r.false_positives))[:limit],
        "source": [r for r in results if r.source is False][:limit],
        "target": [r for r in results if r.target is False][:limit],
        "location": [r for r in results if r.location is False][:limit],
    }


def _shown_events(kind: str, r: RecordResult) -> list[PredictedEvent]:
    """What the graph had that matters for this kind of error."""
    if kind in ("source", "target", "location"):
        return r.matching
    if kind == "false_positives":
        return r.false_positives
    return r.events


def _case_dict(kind: str, r: RecordResult) -> dict[str, Any]:
    rec = r.record
    return {
        "id": rec.id,
        "event": rec.event,
        "text": rec.text,
        "gold_source": [f"{a.text} ({a.code})" if a.code else a.text for a in rec.sources],
        "gold_target": [f"{a.text} ({a.code})" if a.code else a.text for a in rec.targets],
        "gold_location": rec.location,
        "graph_events": [_event_dict(e) for e in _shown_events(kind, r)],
    }


def _accuracy_dict(a: Accuracy) -> dict[str, float | int]:
    return a.as_dict()


def events_dict(scores: EventScores, errors: int = 0) -> dict[str, Any]:
    """Everything ``evaluate events --format json`` prints."""
    tally = scores.tally
    out: dict[str, Any] = {
        "gold": scores.gold_path,
        "model": scores.model,
        "records": scores.records,
        "event_type": tally.types.as_dict(),
        "source": _accuracy_dict(tally.source),
        "target": _accuracy_dict(tally.target),
        "location": _accuracy_dict(tally.location),
        "set_aside_statements": tally.set_aside,
        "by_gold_type": {
            t: {"records": c.tp + c.fn, "hits": c.tp, "recall": c.recall, "other_events": c.fp}
            for t, c in tally.by_gold_type.items()
        },
        "false_positive_roots": tally.false_positive_roots,
        "problems": scores.problems,
        "seconds": {"build": round(scores.build_seconds, 2), "total": round(scores.seconds, 2)},
    }
    if errors > 0:
        out["errors"] = {
            kind: [_case_dict(kind, r) for r in cases]
            for kind, cases in event_error_cases(scores, errors).items()
        }
    return out


def _events_table(scores: EventScores) -> Table:
    tally = scores.tally
    table = Table(
        title=f"events: {scores.gold_path} ({scores.records} records, model {scores.model})"
    )
    for col in ("measure", "value", "counts"):
        table.add_column(col, justify="left" if col != "value" else "right")
    t = tally.types
    table.add_row(
        "event type precision",
        f"{t.precision:.3f}",
        f"{t.tp} / ({t.tp} hits + {t.fp} other events)",
    )
    table.add_row("event type recall", f"{t.recall:.3f}", f"{t.tp} / {t.tp + t.fn} records")
    table.add_row("event type F1", f"{t.f1:.3f}", f"TP {t.tp}, FP {t.fp}, FN {t.fn}", style="bold")
    for name, acc in (
        ("source accuracy", tally.source),
        ("target accuracy", tally.target),
        ("location accuracy", tally.location),
    ):
        table.add_row(name, f"{acc.value:.3f}", f"{acc.right} / {acc.scored} hits scored")
    return table


def _by_type_table(scores: EventScores) -> Table:
    table = Table(title="by gold type")
    for col in ("type", "records", "hits", "recall", "other events"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for t, c in scores.tally.by_gold_type.items():
        table.add_row(t, str(c.tp + c.fn), str(c.tp), f"{c.recall:.3f}", str(c.fp))
    return table


def print_events(scores: EventScores, console: Console, errors: int = 0) -> None:
    """The event tables, a line on what was set aside, and (``errors``) the listing."""
    tally = scores.tally
    console.print(_events_table(scores))
    console.print(_by_type_table(scores))
    fp_roots = ", ".join(f"{_root_name(r)}: {n}" for r, n in tally.false_positive_roots.items())
    console.print(
        f"set aside: {tally.set_aside} statement events (CAMEO 01). "
        f"Non-matching events by root: {fp_roots or 'none'}. "
        f"Build {scores.build_seconds:.1f} s, total {scores.seconds:.1f} s.",
        highlight=False,
    )
    if errors <= 0:
        return
    for kind, cases in event_error_cases(scores, errors).items():
        shown = f"{len(cases)} shown" if cases else "none"
        console.print(Text(f"\n{_KIND_TITLES[kind]}: {shown}", style="bold"))
        for r in cases:
            console.print(_case_text(kind, r), soft_wrap=True)


_KIND_TITLES = {
    "no_hit": "records without a hit",
    "false_positives": "records with the most non-matching events",
    "source": "hits with a wrong source",
    "target": "hits with a wrong target",
    "location": "hits with a wrong location",
}


def _case_text(kind: str, r: RecordResult) -> Group:
    rec = r.record
    head = Text(f"  {rec.id}", style="bold")
    head.append(f"  gold {rec.event}", style="cyan")
    gold = [
        ("source", ", ".join(a.text for a in rec.sources)),
        ("target", ", ".join(a.text for a in rec.targets)),
        ("location", rec.location or ""),
    ]
    head.append("  " + "; ".join(f"{k}: {v}" for k, v in gold if v))
    lines = [head, Text(f"    {rec.text}", style="dim")]
    shown = _shown_events(kind, r)
    if not shown:
        lines.append(Text("    graph: no events", style="yellow"))
    for e in shown:
        lines.append(Text(f"    graph: {_event_summary(e)}", style="yellow"))
    return Group(*lines)


def _event_summary(e: PredictedEvent) -> str:
    roots = ", ".join(_root_name(r) for r in e.roots) or "no type"
    parts = [f"{roots} {e.trigger!r} ({e.cameo})" if e.trigger else roots]
    for label, actors in (("agent", e.agents), ("target", e.targets), ("place", e.places)):
        names: Sequence[str] = _names(actors)
        if names:
            parts.append(f"{label} {', '.join(names)}")
    return "; ".join(parts)

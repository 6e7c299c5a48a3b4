"""``newsgraph evaluate``: gold parsing, offsets, scoring arithmetic, read-back, CLI.

The gold files in tests/data/eval are hand-written (sentences of our own, not CoNLL or
PLOVER text). Scoring functions are checked on hand-made predictions whose numbers are
worked out in the comments; the end-to-end tests run the real model and build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import ROOT, SHARED
from newsgraph.cli import main
from newsgraph.errors import InputError
from newsgraph.evaluate import (
    GoldRecord,
    LabelledSpan,
    PredictedEvent,
    evaluate_entities,
    parse_conll,
    parse_conll_lines,
    parse_plover,
    record_from_json,
    score_entities,
    score_events,
)
from newsgraph.evaluate.graph import label_of, read_events, read_mentions, read_texts
from newsgraph.evaluate.report import entities_dict, entity_error_groups, events_dict
from newsgraph.evaluate.scoring import (
    GOLD_TYPES_BY_ROOT,
    EntityScores,
    EventScores,
    GoldActor,
    GraphActor,
    actor_matches,
    entity_errors,
    root_matches,
    shares_word,
    words,
)
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.store import GraphStore

DATA = ROOT / "tests" / "data" / "eval"
IOB1, IOB2, PLOVER_GOLD = DATA / "iob1.conll", DATA / "iob2.conll", DATA / "plover.json"


def span(doc: str, start: int, end: int, label: str) -> LabelledSpan:
    return LabelledSpan(doc, start, end, label)


# -- CoNLL parsing and offsets ----------------------------------------------------------
def test_conll_documents_texts_and_character_offsets():
    docs = parse_conll(IOB1)
    assert [d.id for d in docs] == ["doc-1", "doc-2", "doc-3"]
    assert docs[0].text == (
        "Angela Merkel met French officials in Paris .\n"
        "The European Commission welcomed the talks ."
    )
    assert [(s.start, s.end, s.label) for s in docs[0].spans] == [
        (0, 13, "PER"),
        (18, 24, "MISC"),
        (38, 43, "LOC"),
        (50, 69, "ORG"),
    ]
    assert [docs[0].text[s.start : s.end] for s in docs[0].spans] == [
        "Angela Merkel",
        "French",
        "Paris",
        "European Commission",
    ]
    assert (docs[0].tokens, docs[1].tokens, docs[2].tokens) == (15, 12, 10)


def test_iob1_b_tag_splits_adjacent_entities_and_a_type_change_starts_one():
    doc2, doc3 = parse_conll(IOB1)[1:]
    assert [(doc2.text[s.start : s.end], s.label) for s in doc2.spans] == [
        ("Maria Lopez", "PER"),
        ("Anna Berg", "PER"),
        ("Reuters", "ORG"),
        ("Nairobi", "LOC"),
    ]
    assert [(s.start, s.end) for s in doc2.spans] == [(10, 21), (22, 31), (34, 41), (56, 63)]
    # I-ORG directly followed by I-LOC: two entities, no B- needed in IOB1
    assert [(doc3.text[s.start : s.end], s.label) for s in doc3.spans] == [
        ("Barack Obama", "PER"),
        ("UN", "ORG"),
        ("Geneva", "LOC"),
    ]


def test_iob2_tab_separated_without_first_docstart_reads_the_same():
    one, two = parse_conll(IOB1), parse_conll(IOB2)
    assert [(d.id, d.text, d.spans) for d in one] == [(d.id, d.text, d.spans) for d in two]


def test_conll_without_docstart_is_one_document_and_blank_lines_split_sentences():
    docs = parse_conll_lines(["Oslo B-LOC", "", "", "Acme B-ORG", "Corp I-ORG", "rose O", ""])
    assert len(docs) == 1
    assert docs[0].text == "Oslo\nAcme Corp rose"
    assert docs[0].spans == [span("doc-1", 0, 4, "LOC"), span("doc-1", 5, 14, "ORG")]


def test_an_entity_does_not_run_across_a_sentence_break():
    (doc,) = parse_conll_lines(["Kenya I-LOC", "", "Uganda I-LOC"])
    assert [(s.start, s.end) for s in doc.spans] == [(0, 5), (6, 12)]


def test_bad_conll_lines_are_input_errors_with_their_line():
    with pytest.raises(InputError, match=r"gold:2: tag 'PER' is not an IOB tag"):
        parse_conll_lines(["Oslo B-LOC", "Ann PER"], "gold")
    with pytest.raises(InputError, match=r"gold:1: expected a token and a tag"):
        parse_conll_lines(["lonely"], "gold")


def test_a_file_without_tokens_is_an_input_error(tmp_path: Path):
    empty = tmp_path / "empty.conll"
    empty.write_text("-DOCSTART- -X- -X- O\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no CoNLL documents"):
        parse_conll(empty)


# -- entity scoring arithmetic ----------------------------------------------------------
GOLD = [
    span("d1", 0, 5, "PER"),
    span("d1", 10, 20, "ORG"),
    span("d1", 30, 36, "MISC"),
    span("d1", 40, 45, "LOC"),
    span("d2", 0, 6, "LOC"),
    span("d2", 10, 15, "PER"),
]
PREDICTED = [
    span("d1", 0, 5, "PER"),  # TP
    span("d1", 0, 5, "PER"),  # duplicate: counts once
    span("d1", 10, 18, "ORG"),  # FP (boundary); gold ORG 10-20 is a FN
    span("d1", 30, 36, "LOC"),  # set aside: on a gold MISC span
    span("d1", 33, 38, "PER"),  # set aside: overlaps the gold MISC span
    span("d1", 50, 55, "MISC"),  # a Group: not scored
    span("d1", 40, 45, "LOC"),  # TP
    span("d2", 0, 6, "ORG"),  # FP ORG, and gold LOC 0-6 a FN (wrong type)
    span("d2", 20, 25, "PER"),  # FP (spurious); gold PER 10-15 a FN (missed)
]


def test_entity_scores_on_fixed_spans():
    t = score_entities(GOLD, PREDICTED)
    assert (t.micro.tp, t.micro.fp, t.micro.fn) == (2, 3, 3)
    assert (t.micro.precision, t.micro.recall) == (0.4, 0.4)
    assert t.micro.f1 == pytest.approx(0.4)
    per, org, loc = t.by_type["PER"], t.by_type["ORG"], t.by_type["LOC"]
    assert (per.tp, per.fp, per.fn, per.f1) == (1, 1, 1, 0.5)
    assert (org.tp, org.fp, org.fn, org.precision, org.f1) == (0, 2, 1, 0.0, 0.0)
    assert (loc.tp, loc.fp, loc.fn, loc.precision, loc.recall) == (1, 0, 1, 1.0, 0.5)
    assert loc.f1 == pytest.approx(2 / 3)
    assert t.set_aside == [span("d1", 30, 36, "LOC"), span("d1", 33, 38, "PER")]
    assert t.unscored == [span("d1", 50, 55, "MISC")]
    assert t.gold_unscored == 1


def test_misc_set_aside_needs_an_overlap_touching_is_not_enough():
    gold = [span("d", 10, 20, "MISC")]
    t = score_entities(gold, [span("d", 20, 25, "PER"), span("d", 5, 10, "LOC")])
    assert t.set_aside == [] and t.micro.fp == 2
    t = score_entities(gold, [span("d", 19, 25, "PER")])
    assert len(t.set_aside) == 1 and t.micro.fp == 0


def test_entity_error_kinds():
    errors = entity_errors(score_entities(GOLD, PREDICTED))
    kinds = {(e.kind, e.gold, e.predicted) for e in errors}
    assert kinds == {
        ("type", span("d2", 0, 6, "LOC"), span("d2", 0, 6, "ORG")),
        ("missed", span("d2", 10, 15, "PER"), None),
        ("boundary", span("d1", 10, 20, "ORG"), span("d1", 10, 18, "ORG")),
        ("spurious", None, span("d2", 20, 25, "PER")),
    }


def test_entity_error_groups_count_repeats_and_show_context():
    gold = [span("a", 0, 5, "PER"), span("b", 6, 11, "PER")]
    texts = {"a": "Smith said so .", "b": "Later Smith left ."}
    tally = score_entities(gold, [])
    scores = EntityScores("g", "m", 2, 7, tally, texts)
    (group,) = entity_error_groups(scores, 5)["missed"]
    assert (group.count, group.gold_text, group.gold_label) == (2, "Smith", "PER")
    assert group.context == "[Smith] said so ."
    data = entities_dict(scores, errors=5)
    assert data["error_counts"] == {"missed": 2, "spurious": 0, "type": 0, "boundary": 0}
    assert data["errors"]["missed"][0]["count"] == 2
    assert data["scores"]["micro"]["fn"] == 2 and data["gold_spans"]["PER"] == 2


# -- reading the graph back -------------------------------------------------------------
NG, NIF, GAF = PREFIXES["ng"], PREFIXES["nif"], PREFIXES["gaf"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str | int) -> ox.Literal:
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_n(PREFIXES["xsd"] + "integer"))
    return ox.Literal(value)


def _memory_store(triples: list[tuple]) -> GraphStore:
    """A store holding ``triples`` in one article graph (entity facts too: the reader
    queries the union of graphs, so which graph holds them does not matter here)."""
    store = ox.Store()
    graph = _n("http://x/article/1")
    store.extend(ox.Quad(s, p, o, graph) for s, p, o in triples)
    return GraphStore(store, "memory", writable=True)


def test_label_of_prefers_country_over_place_and_keeps_actor_kinds():
    assert label_of({NG + "Place", NG + "Country", NG + "Actor"}) == "LOC"
    assert label_of({NG + "Place"}) == "LOC"
    assert label_of({NG + "Person", NG + "Actor"}) == "PER"
    assert label_of({NG + "Organization"}) == "ORG"
    assert label_of({NG + "Group"}) == "MISC"
    assert label_of({NG + "Actor"}) is None


def test_read_mentions_labels_spans_by_entity_class_and_skips_event_mentions():
    a = _n("http://x/article/1")
    m1, m2, m3 = (_n(f"http://x/article/1/mention/{i}") for i in (1, 2, 3))
    syr, ann, ev = _n("http://x/country/SYR"), _n("http://x/person/ann"), _n("http://x/ev")
    triples = [
        (a, RDF_TYPE, _n(NG + "Article")),
        (a, _n(PREFIXES["schema"] + "identifier"), _lit("doc-1")),
        (a, _n(NG + "text"), _lit("Syria : Ann spoke")),
        (syr, RDF_TYPE, _n(NG + "Country")),
        (syr, RDF_TYPE, _n(NG + "Place")),
        (ann, RDF_TYPE, _n(NG + "Person")),
        (ev, RDF_TYPE, _n(NG + "Event")),
    ]
    for m, (b, e), who in ((m1, (0, 5), syr), (m2, (8, 11), ann), (m3, (12, 17), ev)):
        triples += [
            (m, RDF_TYPE, _n(NG + "Mention")),
            (m, _n(NG + "inArticle"), a),
            (m, _n(NIF + "beginIndex"), _lit(b)),
            (m, _n(NIF + "endIndex"), _lit(e)),
            (who, _n(GAF + "denotedBy"), m),
        ]
    store = _memory_store(triples)
    assert read_texts(store) == {"doc-1": "Syria : Ann spoke"}
    assert read_mentions(store) == [span("doc-1", 0, 5, "LOC"), span("doc-1", 8, 11, "PER")]


def test_read_events_collects_roots_labels_codes_and_places():
    a = _n("http://x/article/1")
    e1, e2 = _n("http://x/article/1/event/0-5"), _n("http://x/article/1/event/0-9")
    rus, kyiv = _n("http://x/country/RUS"), _n("http://x/place/kyiv")
    label = _n(PREFIXES["rdfs"] + "label")
    alt = _n(PREFIXES["skos"] + "altLabel")
    triples = [
        (a, RDF_TYPE, _n(NG + "Article")),
        (a, _n(PREFIXES["schema"] + "identifier"), _lit("record-1")),
        (e1, RDF_TYPE, _n(NG + "Event")),
        (e1, _n(NG + "inArticle"), a),
        (e1, _n(NG + "eventType"), _n(PREFIXES["cameo"] + "19")),
        (e1, _n(NG + "cameoCode"), _lit("190")),
        (e1, _n(NG + "trigger"), _lit("attack")),
        (e1, _n(NG + "agent"), rus),
        (e1, _n(PREFIXES["sem"] + "hasPlace"), kyiv),
        (e2, RDF_TYPE, _n(NG + "Event")),  # an event without a type
        (e2, _n(NG + "inArticle"), a),
        (rus, label, _lit("Russia")),
        (rus, alt, _lit("Russian")),
        (rus, _n(NG + "countryCode"), _lit("RUS")),
        (kyiv, label, _lit("Kyiv")),
    ]
    events = read_events(_memory_store(triples))
    assert events == {
        "record-1": [
            PredictedEvent(
                roots=("19",),
                cameo="190",
                trigger="attack",
                agents=(GraphActor(("Russia", "Russian"), ("RUS",)),),
                places=(GraphActor(("Kyiv",)),),
            ),
            PredictedEvent(roots=()),
        ]
    }


# -- PLOVER parsing and event scoring ---------------------------------------------------
def test_plover_records_are_read_leniently():
    records = parse_plover(PLOVER_GOLD)
    assert [r.key for r in records] == [f"record-{n}" for n in range(1, 7)]
    assault, agree, demand, consult, protest, sanction = records
    assert assault.id == "TEST-ASSAULT-0001" and assault.date == "2000-01-01"
    assert assault.sources == (GoldActor("Rebels", "REB"),)
    assert assault.location == "Goma"  # eventLoc with "country code"
    assert agree.targets == ()  # no target key
    assert demand.targets == ()  # target ''
    assert consult.targets == () and consult.location == "Beijing"  # 'diplomatic', no code
    assert protest.sources == ()  # no source key
    assert protest.targets == (GoldActor("government", "BGDGOV"),)
    assert sanction.sources == (GoldActor("The United States", "USAGOV"),)


def test_plover_jsonl_and_broken_records(tmp_path: Path):
    lines = tmp_path / "gold.jsonl"
    lines.write_text(
        '{"text": "Troops left.", "event": "retreat"}\n\n{"text": "x", "event": "AID"}\n'
    )
    assert [r.event for r in parse_plover(lines)] == ["RETREAT", "AID"]
    with pytest.raises(InputError, match='record 1: no "event"'):
        record_from_json({"text": "Something happened."}, 1)
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    with pytest.raises(InputError, match="broken.json:1: not valid JSON"):
        parse_plover(broken)


def test_root_mapping_uses_the_gold_sets_older_names():
    assert root_matches(["20"], "ASSAULT") and root_matches(["20"], "FIGHT")
    assert root_matches(["19"], "FIGHT") and not root_matches(["19"], "ASSAULT")
    assert root_matches(["08"], "CONCEDE") and root_matches(["08"], "RETREAT")
    assert root_matches(["02"], "DEMAND") and root_matches(["10"], "DEMAND")
    assert root_matches(["09"], "INVESTIGATE") and root_matches(["11"], "DISAPPROVE")
    assert not root_matches(["01"], "AGREE") and not root_matches([], "AGREE")


def test_root_mapping_agrees_with_the_reference_table():
    """cameo-roots.tsv's plover column, renamed as the eval README says."""
    rows = (SHARED / "reference" / "cameo-roots.tsv").read_text().splitlines()[1:]
    older = {"REQUEST": "DEMAND"}
    special = {"09": {"INVESTIGATE"}, "11": {"DISAPPROVE"}, "19": {"FIGHT"}}
    special["20"] = {"ASSAULT", "FIGHT"}
    for row in rows:
        code, *_, plover = row.split("\t")
        if code == "01":
            assert code not in GOLD_TYPES_BY_ROOT
            continue
        expected = special.get(code) or {older.get(t, t) for t in plover.split("|")}
        assert GOLD_TYPES_BY_ROOT[code] == expected, code


def test_word_matching_ignores_case_and_stop_words():
    assert words("The Government of Iraq") == {"government", "iraq"}
    assert shares_word(["Iraqi government"], "the Government of Iraq")
    assert not shares_word(["The Council"], "the United Nations")
    usa = GraphActor(("Washington",), ("USA",))
    assert actor_matches(usa, [GoldActor("The United States", "USAGOV")])  # code[:3]
    assert not actor_matches(usa, [GoldActor("Iran", "IRN")])


def _records() -> list[GoldRecord]:
    return [
        GoldRecord(
            "r1",
            "R1",
            "t",
            "ASSAULT",
            sources=(GoldActor("Rebels", "REB"),),
            targets=(GoldActor("villagers"),),
            location="Goma",
        ),
        GoldRecord(
            "r2",
            "R2",
            "t",
            "DEMAND",
            sources=(GoldActor("United Nations", "IGO"),),
            location="Geneva",
        ),
        GoldRecord("r3", "R3", "t", "FIGHT", sources=(GoldActor("Sudan", "SDN"),)),
        GoldRecord("r4", "R4", "t", "CONCEDE", sources=(GoldActor("army"),)),
        GoldRecord("r5", "R5", "t", "AGREE", targets=(GoldActor("Kenya", "KEN"),)),
        GoldRecord("r6", "R6", "t", "SANCTION", sources=(GoldActor("Washington", "USAGOV"),)),
        GoldRecord("r7", "R7", "t", "RETREAT", sources=(GoldActor("army"),)),
    ]


def _predicted() -> dict[str, list[PredictedEvent]]:
    rebels, villagers = GraphActor(("Rebels",)), GraphActor(("Villagers",))
    return {
        "r1": [
            PredictedEvent(("01",)),  # set aside
            PredictedEvent(
                ("20",), agents=(rebels,), targets=(villagers,), places=(GraphActor(("Goma",)),)
            ),  # hit: 20 counts for ASSAULT; source, target and location right
            PredictedEvent(("19",)),  # FP: FIGHT is not ASSAULT
        ],
        "r2": [
            PredictedEvent(("10",), agents=(GraphActor(("UN",)), GraphActor(("The Council",)))),
            PredictedEvent(()),  # FP: no type
        ],  # hit; source wrong (no shared word, IGO is no country); location wrong
        "r3": [PredictedEvent(("18",))],  # FP, and no hit
        # r4: no events: FN
        "r5": [
            PredictedEvent(
                ("03",),
                agents=(GraphActor(("Uganda",), ("UGA",)),),
                targets=(GraphActor(("Nairobi government",), ("KEN",)),),
            )
        ],  # hit; no gold source (not scored); target right by code
        "r6": [PredictedEvent(("16",), agents=(GraphActor(("United States",), ("USA",)),))],
        "r7": [PredictedEvent(("08",))],  # hit; source wrong (no agent)
    }


def test_event_scores_on_fixed_predictions():
    t = score_events(_records(), _predicted())
    # TP = 5 hit records (r1 r2 r5 r6 r7), FN = 2 (r3 r4), FP = 3 events (r1's 19,
    # r2's untyped event, r3's 18): P = 5/8, R = 5/7, F1 = 2PR/(P+R) = 2/3
    assert (t.types.tp, t.types.fp, t.types.fn) == (5, 3, 2)
    assert t.types.precision == 5 / 8 and t.types.recall == 5 / 7
    assert t.types.f1 == pytest.approx(2 / 3)
    assert (t.source.right, t.source.scored) == (2, 4)  # r1 r6 right; r2 r7 wrong
    assert (t.target.right, t.target.scored) == (2, 2)  # r1 by word, r5 by code
    assert (t.location.right, t.location.scored) == (1, 2)  # r1 right, r2 wrong
    assert t.set_aside == 1
    assert t.false_positive_roots == {"18": 1, "19": 1, "none": 1}
    assert t.by_gold_type["FIGHT"].fn == 1 and t.by_gold_type["ASSAULT"].fp == 1
    assert [r.hit for r in t.results] == [True, True, False, False, True, True, True]


def test_events_dict_lists_error_cases():
    tally = score_events(_records(), _predicted())
    data = events_dict(EventScores("g", "m", 7, tally), errors=1)
    assert data["event_type"]["tp"] == 5 and data["source"]["accuracy"] == 0.5
    assert [c["id"] for c in data["errors"]["no_hit"]] == ["R3"]  # it has a FP event
    assert data["errors"]["source"][0]["id"] == "R2"
    assert data["errors"]["source"][0]["graph_events"][0]["agents"] == ["UN", "The Council"]
    assert data["errors"]["location"][0]["gold_location"] == "Geneva"


# -- end to end, real model -------------------------------------------------------------
def _run(*args: str):
    return CliRunner().invoke(main, ["evaluate", *args])


def _numbers(value: object) -> list[float]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, float) else []


@pytest.fixture(scope="module")
def entities_json() -> dict:
    result = _run("entities", str(IOB1), "--format", "json", "--errors", "3")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_evaluate_entities_end_to_end(entities_json: dict):
    data = entities_json
    assert data["documents"] == 3 and data["tokens"] == 37
    assert data["gold_spans"] == {"PER": 4, "ORG": 3, "LOC": 3, "other": 1}
    scores = data["scores"]
    for part in ("micro", "PER", "ORG", "LOC"):
        for key in ("precision", "recall", "f1"):
            assert 0.0 <= scores[part][key] <= 1.0
    assert scores["micro"]["tp"] + scores["micro"]["fn"] == 10
    assert scores["micro"]["tp"] >= 1  # "Angela Merkel", "Barack Obama": found by any model
    assert set(data["errors"]) == {"missed", "spurious", "type", "boundary"}
    assert all(0.0 <= n <= 1.0 for n in _numbers(data["scores"]))


def test_evaluate_entities_scores_what_the_store_holds():
    """The library scores spans read back from the store; they index the gold text
    (evaluate_entities also checks that the stored ng:text is the gold text)."""
    scores = evaluate_entities(IOB2)
    assert scores.problems == [] and scores.documents == 3
    gold = {s for d in parse_conll(IOB2) for s in d.spans}
    assert set(scores.tally.true_positives) <= gold
    tally = scores.tally
    for s in tally.true_positives + tally.false_positives + tally.set_aside + tally.unscored:
        text = scores.texts[s.doc]
        assert 0 <= s.start < s.end <= len(text) and text[s.start : s.end].strip()


def test_evaluate_events_end_to_end():
    result = _run("events", str(PLOVER_GOLD), "--format", "json", "--errors", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["records"] == 6
    assert data["event_type"]["tp"] + data["event_type"]["fn"] == 6
    for part in ("event_type", "source", "target", "location"):
        assert all(0.0 <= n <= 1.0 for n in _numbers(data[part]))
    assert data["source"]["scored"] <= data["event_type"]["tp"]
    assert set(data["errors"]) == {"no_hit", "false_positives", "source", "target", "location"}


def test_evaluate_tables_and_error_listing():
    result = _run("events", str(PLOVER_GOLD), "--errors", "1")
    assert result.exit_code == 0, result.output
    assert "event type F1" in result.output and "source accuracy" in result.output
    result = _run("entities", str(IOB2), "--errors", "2")
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "ORG" in result.output
    assert "not scored:" in result.output
    assert "\nmissed: " in result.output and "\nspurious: " in result.output


def test_evaluate_cli_errors_and_help(tmp_path: Path):
    result = _run("entities", str(tmp_path / "missing.conll"))
    assert result.exit_code == 2 and "does not exist" in result.output
    bad = tmp_path / "bad.conll"
    bad.write_text("Oslo B-LOC\nAnn PER\n")
    result = _run("entities", str(bad))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {bad}:2: tag 'PER' is not an IOB tag (O, B-TYPE or I-TYPE)"
    )
    result = _run("events", str(IOB1))
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    for args in ([], ["entities"], ["events"]):
        result = _run(*args, "--help")
        assert result.exit_code == 0 and "Example" in result.output

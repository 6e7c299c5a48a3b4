"""The CAMEO event lexicon: derived data, hand additions, specificity, PLOVER mapping."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ARTICLE
from newsgraph.extract.lexicon import (
    CAMEO_ROOTS,
    Lexicon,
    RootInfo,
    load_lexicon,
    plover,
    singularize,
)
from newsgraph.resources import data_dir

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def script() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location(
        "make_lexicon", REPO / "scripts" / "make_lexicon.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_lexicon"] = module  # dataclasses look their module up while defining
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("make_lexicon", None)


def test_every_root_has_lemmas(lex: Lexicon) -> None:
    per_root = lex.lemmas_per_root()
    assert sorted(per_root) == [f"{n:02d}" for n in range(1, 21)]
    assert all(count > 0 for count in per_root.values())
    assert lex.size["verbs"] > 1500 and lex.size["patterns"] > 10000 and lex.size["nouns"] > 100


@pytest.mark.parametrize(
    ("lemma", "root"),
    [
        ("attack", "19"),
        ("bombard", "19"),
        ("say", "01"),
        ("threaten", "13"),
        # PETRARCH's WARN block is [130], and CAMEO's 130 "Threaten, not specified" covers
        # warnings of consequences; PLOVER codes them THREATEN too.
        ("warn", "13"),
        ("meet", "04"),
        ("accuse", "11"),
        ("protest", "14"),
        ("sanction", "16"),
        ("arrest", "17"),
        ("aid", "07"),
        # PETRARCH's AGREE block is [050] (diplomatic cooperation); "agree to ..." patterns
        # give 03x codes (intent to cooperate).
        ("agree", "03"),
        ("demand", "10"),
        ("reject", "12"),
        ("investigate", "09"),
        ("appeal", "02"),
        ("urge", "02"),
        ("withdraw", "08"),
    ],
)
def test_verb_roots(lex: Lexicon, lemma: str, root: str) -> None:
    code = lex.verb(lemma)
    assert code is not None and code[:2] == root


@pytest.mark.parametrize(
    ("lemma", "code"),
    [
        ("airstrike", "195"),
        ("airstrikes", "195"),
        ("air strike", "195"),
        ("talks", "046"),
        ("talk", "046"),
        ("siege", "191"),
        ("invasion", "192"),
        ("protest", "140"),
        ("warning", "130"),
        ("ceasefire", "0871"),
        ("Sanctions", "163"),
    ],
)
def test_nouns(lex: Lexicon, lemma: str, code: str) -> None:
    assert lex.noun(lemma) == code


def test_unknown_words_give_none(lex: Lexicon) -> None:
    assert lex.noun("banana") is None
    assert lex.verb("xyzzy") is None
    assert lex.verb("") is None


def _words_of_news() -> list[str]:
    """Lower-cased words of a real article, and made-up neighbours of lexicon entries."""
    text = ARTICLE.read_text(encoding="utf-8").lower()
    words = {w.strip(".,;:'\"()") for w in text.split()}
    return sorted(w for w in words if w) + ["strikes", "hunger strikes", "xyzzy", "", " "]


def test_may_code_verb_is_false_only_when_no_arguments_could_code_it(lex: Lexicon) -> None:
    """The pre-check events use to skip gathering a verb's arguments: it may say True for
    a verb that codes nothing, never False for one that codes something. Checked with
    every object and preposition the dictionary's patterns name, given at once, and with
    each particle they name."""
    patterns = [key for table in lex._patterns.values() for key in table]
    particles = sorted({p for _, p, _, _ in patterns if p})
    objects = sorted({o for _, _, o, _ in patterns if o})
    preps = sorted({q for _, _, _, q in patterns if q})
    rejected = 0
    for word in _words_of_news():
        if lex.may_code_verb(word):
            continue
        rejected += 1
        assert lex.verb(word, objects=objects, preps=preps) is None, word
        assert all(lex.verb(word, particle=p) is None for p in particles), word
    assert rejected > 100  # most words of an article start no verb entry
    assert all(lex.may_code_verb(v) for v in ("attack", "call on", "lay", "Release", "stage"))


def test_may_code_noun_is_false_only_when_no_phrase_ending_in_it_is_listed(
    lex: Lexicon,
) -> None:
    nouns = list(lex._nouns)
    modifiers = sorted({w for key in nouns for w in key.split()[:-1]})
    rejected = 0
    for word in _words_of_news():
        if lex.may_code_noun(word):
            continue
        rejected += 1
        assert lex.noun(word) is None, word
        assert all(lex.noun(f"{m} {word}") is None for m in modifiers), word
    assert rejected > 100
    assert all(lex.may_code_noun(n) for n in ("strike", "strikes", "talks", "Sanctions", ""))
    assert lex.may_code_noun("hunger strike") and not lex.may_code_noun("banana")


def test_object_pattern_beats_default(lex: Lexicon) -> None:
    # RELEASE block: RELEASE [084]; "- * PRISONERS [0841]" and "- * &HOSTAGE [0841]".
    assert lex.verb("release") == "084"
    assert lex.verb("release", objects=["prisoner"]) == "0841"
    assert lex.verb("release", objects=["prisoners"]) == "0841"
    # A pattern coded [---] silences the verb: "release report" is no event.
    assert lex.verb("release", objects=["report"]) is None


def test_preposition_pattern_beats_default(lex: Lexicon) -> None:
    # AGREE [050] in the dictionary, 030 in cameo-extra.tsv (agree to act = intent, PLOVER
    # AGREE); its patterns still win: "- * (TO &CEASEFIRE) [0356]"; "- * (WITH) [030]".
    assert lex.verb("agree") == "030"
    assert lex.verb("agree", preps=["to ceasefire"]) == "0356"
    assert lex.verb("agree", preps=["with"]) == "030"
    # A bare preposition does not satisfy a pattern that names its noun.
    assert lex.verb("agree", preps=["to"]) == "030"


def test_block_without_default_needs_a_pattern(lex: Lexicon) -> None:
    # LAY [---]; "- * DOWN &WEAPON [0871]": verb + particle + object.
    assert lex.verb("lay") is None
    assert lex.verb("lay", particle="down") is None
    assert lex.verb("lay", particle="down", objects=["weapon"]) == "0871"
    assert lex.verb("lay down", objects=["gun"]) == "0871"
    # ARRANGE [---]: "stage" codes only with an object such as DEMONSTRATION [141].
    assert lex.verb("stage") is None
    assert lex.verb("stage", objects=["demonstration"]) == "141"


def test_multiword_verbs_and_particles(lex: Lexicon) -> None:
    # CALL [041:041] (telephone); "- * (FOR) [020]"; hand addition "call on" 020.
    assert lex.verb("call") == "041"
    assert lex.verb("call", preps=["for"]) == "020"
    assert lex.verb("call", particle="on") == "020"
    assert lex.verb("call on") == "020"
    # +CALL_OFF [160] in the CANCEL block.
    assert lex.verb("call", particle="off") == "160"


def test_hand_additions_override_defaults_not_patterns(lex: Lexicon) -> None:
    # The dictionary files NEGOTIATE under COMPROMISE [080]; the codebook says 046.
    assert lex.verb("negotiate") == "046"
    # ...but its more specific patterns still apply: "- * (OVER VISIT) [036]".
    assert lex.verb("negotiate", preps=["over visit"]) == "036"
    assert lex.verb("bombard") == "194"
    assert lex.verb("veto") == "129"


def test_make_lexicon_reproduces_committed_tables(script: ModuleType, tmp_path: Path) -> None:
    verbs = tmp_path / "cameo-verbs.tsv"
    plover_tsv = tmp_path / "cameo-plover.tsv"
    argv = [
        str(REFERENCE / "CAMEO.2.0.txt"),
        "-o",
        str(verbs),
        "--plover-source",
        str(REFERENCE / "CAMEO2PLOVER-2021.txt"),
        "--plover-output",
        str(plover_tsv),
        "-q",
    ]
    assert script.main(argv) == 0
    assert verbs.read_bytes() == (data_dir() / "cameo-verbs.tsv").read_bytes()
    assert plover_tsv.read_bytes() == (data_dir() / "cameo-plover.tsv").read_bytes()
    assert "MIT" in verbs.read_text().split("\n", 3)[2]


def test_script_and_lexicon_singularise_alike(script: ModuleType) -> None:
    words = ["rallies", "sanctions", "talks", "crisis", "glasses", "arms", "press", "bus", "x"]
    assert [script.singularize(w) for w in words] == [singularize(w) for w in words]


def test_script_parses_patterns(script: ModuleType) -> None:
    synsets = {"&FOOD": ["food", "grocery"]}
    assert script._parse_pattern("* &FOOD", synsets) == [("", "food", ""), ("", "grocery", "")]
    assert script._parse_pattern("* OFF (FOR)", synsets) == [("off", "", "for")]
    assert script._parse_pattern("* {MASS RALLIES}", synsets) == [("", "mass rally", "")]
    assert script._parse_pattern("* POLICE (TO BORDER)", synsets) == [("", "police", "to border")]
    # Subject constraints, actor markers and two groups are not ours to check.
    assert script._parse_pattern("&MILITARY * EXERCISES", synsets) is None
    assert script._parse_pattern("* (TO {BANNED PARTIES}) $", synsets) is None
    assert script._parse_pattern("* (TO LIST) (OF PARTIES)", synsets) is None
    assert script.parse_code("042:043") == "042"
    assert script.parse_code(":173") is None  # only the swapped reading codes: skipped
    assert script.parse_code("---") == "---"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("081", "CONCEDE"),
        ("0831", "CONCEDE"),
        ("086", "RETREAT"),
        ("0871", "RETREAT"),
        ("193", "ASSAULT"),
        ("19", "ASSAULT"),
        ("191", "COERCE"),  # CAMEO2PLOVER moves blockade to COERCE
        ("163", "COERCE"),
        ("020", "REQUEST"),  # root 02 is absent from CAMEO2PLOVER: cameo-roots.tsv says REQUEST
        ("01", None),
        ("010", None),
    ],
)
def test_plover(code: str, kind: str | None) -> None:
    assert plover(code) == kind


def test_cameo_roots_match_reference() -> None:
    with (REFERENCE / "cameo-roots.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    expected = {
        r["code"]: RootInfo(
            r["code"],
            r["name"],
            int(r["quad_class"]),
            float(r["goldstein"]),
            tuple(t for t in r["plover"].split("|") if t),
        )
        for r in rows
    }
    assert dict(CAMEO_ROOTS) == expected
    assert len(CAMEO_ROOTS) == 20
    assert CAMEO_ROOTS["08"].plover == ("CONCEDE", "RETREAT")
    assert (data_dir() / "cameo-roots.tsv").read_bytes() == (
        REFERENCE / "cameo-roots.tsv"
    ).read_bytes()


def test_all_codes_are_real_cameo_codes(lex: Lexicon) -> None:
    listed = {
        line.split(":", 1)[0]
        for line in (REFERENCE / "CAMEO2PLOVER-2021.txt").read_text().splitlines()
        if line[:1].isdigit()
    }
    with (data_dir() / "cameo-extra.tsv").open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    for pos, lemma, code, note in rows[1:]:
        assert pos in {"verb", "noun"} and lemma == lemma.lower() and note
        # 01 and 02 are absent from CAMEO2PLOVER; their sub-codes are 010-019 and 020-028.
        assert code in listed or (code[:2] in {"01", "02"} and len(code) == 3), code


def test_load_is_fast_and_cached() -> None:
    timings = []
    for _ in range(3):  # best of three, so a busy machine does not fail the test
        start = time.perf_counter()
        Lexicon.from_dir(data_dir())
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.2
    assert load_lexicon() is load_lexicon()


def test_checksum_follows_the_data(tmp_path: Path, lex: Lexicon) -> None:
    for name in ("cameo-verbs.tsv", "cameo-extra.tsv", "cameo-plover.tsv", "cameo-roots.tsv"):
        shutil.copy(data_dir() / name, tmp_path / name)
    assert Lexicon.from_dir(tmp_path).checksum == lex.checksum
    with (tmp_path / "cameo-extra.tsv").open("a", encoding="utf-8") as fh:
        fh.write("noun\tfoo raid\t190\ttest row\n")
    changed = Lexicon.from_dir(tmp_path)
    assert changed.checksum != lex.checksum
    assert changed.noun("foo raid") == "190"
    assert len(lex.checksum) == 64


def test_a_pattern_that_leaves_the_block_root_is_the_named_verbs_idiom(script: ModuleType) -> None:
    text = """\
####### VERB PATTERNS #######
---  SMASH   [190]  ---
SMASH
BREAK
- * (WITH)                 [130]   # BREAK
- * ROCKETS                [195]   # SMASH
- * (IN ELECTION)          [---]   # SMASH
####### TRANSFORMATIONS #######
"""
    parsed = script.parse(text)
    rows = {r[1:] for r in script.rows(parsed) if r[0] == "pattern"}
    # "break with" is a threat, "smashed ... with a hammer" is not: scoped to BREAK
    assert ("break", "SMASH", "", "", "with", "130") in rows
    # a refinement within the block's root holds for every verb of the block
    assert ("", "SMASH", "", "rocket", "", "195") in rows
    # a null reading is an idiom of the verb named ("smashed in the election")
    assert ("smash", "SMASH", "", "", "in election", "---") in rows


def test_verb_scoped_patterns_apply_to_their_verb_only(lex: Lexicon) -> None:
    assert lex.verb("break", preps=["with"]) == "130"  # "broke with the ruling party"
    destroy = lex.verb("destroy", preps=["with"])  # "destroyed the bridge with explosives"
    assert destroy is not None and destroy[:2] == "19"

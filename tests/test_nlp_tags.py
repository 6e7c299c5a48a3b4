"""Issue 5: ``newsgraph_tags`` stands in for the model's attribute_ruler and lemmatizer.

It must set exactly what they set, token for token: the same POS, morphology, lemma, tag
and dependency label, on real news text (the model's own patterns and lemma tables) and
on small cases that exercise each kind of pattern the ruler may hold. When it cannot be
exact it must decline, so the pipeline keeps the model's own components.
"""

from __future__ import annotations

import json
from itertools import islice

import pytest
import spacy
from spacy.lookups import Lookups
from spacy.tokens import Doc

from conftest import ARTICLE, WIKINEWS
from newsgraph.config import default_model
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.nlp.tags import FACTORY, compile_tags


def _analysis(doc: Doc) -> list[tuple]:
    return [
        (t.i, t.text, t.tag_, t.dep_, t.head.i, t.pos_, str(t.morph), t.morph.key, t.lemma_)
        for t in doc
    ]


def _with_tags(nlp):  # noqa: ANN001, ANN202
    nlp.add_pipe(FACTORY, before="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return nlp


#: Words and constructions the model's ruler has special patterns for: two-token
#: patterns (gonna, gotta, let's, c'mon, y'all, ain't, "there is"), patterns on the
#: dependency label (I/you/it as subject or object, "but" as an adverb, auxiliaries,
#: do/have as main verbs, "that" as a marker or pronoun), whitespace tokens.
SPECIAL = [
    "We're gonna win, and you gotta believe it. Let's go! C'mon, y'all.",
    "It ain't over. There is hope, there are plans and there were doubts.",
    "I told you that it was me. You saw it and I saw you; give it to me.",
    "But he left. All but one stayed. She did it; they have had enough; he does.",
    "Line one.\n\n   Line two\t\tafter tabs.  \n \nEnd of text   ",
    "That is what that man said, and this is that.",
    "I'd say they'd have been here; he'll go, won't he?",
]


@pytest.fixture(scope="module")
def pipelines():  # noqa: ANN201
    """Two fresh copies of the model: its own components, and newsgraph_tags instead."""
    model = default_model()
    return spacy.load(model), _with_tags(spacy.load(model))


def _corpus_texts(n: int) -> list[str]:
    with WIKINEWS.open(encoding="utf-8") as src:
        records = [json.loads(line) for line in islice(src, 100, 100 + n)]
    return [ARTICLE.read_text(encoding="utf-8"), *(r["text"] for r in records)]


def test_same_analysis_as_the_models_components_on_news(pipelines) -> None:  # noqa: ANN001
    own, fast = pipelines
    assert "newsgraph_tags" in fast.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(own.pipe_names)
    texts = _corpus_texts(30) + SPECIAL
    tokens = 0
    for a, b in zip(own.pipe(texts), fast.pipe(texts), strict=True):
        assert _analysis(b) == _analysis(a)
        tokens += len(a)
    assert tokens > 10_000


def test_special_cases_are_really_rewritten(pipelines) -> None:  # noqa: ANN001
    """The cases above reach the multi-token and dependency patterns (so the
    comparison covers them): lemmas and POS the tagger alone would not give."""
    _, fast = pipelines
    doc = fast(SPECIAL[0])
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to" and lemmas["ta"] == "to"
    assert lemmas["'s"] == "us"
    doc = fast(SPECIAL[1])
    assert doc[1].lemma_ == "be"  # "ai" of "ain't"
    doc = fast(SPECIAL[4])
    assert [t.pos_ for t in doc if t.is_space] and all(t.pos_ == "SPACE" for t in doc if t.is_space)


def test_only_words_the_suffix_rules_decide_reach_the_lemmatizer(
    pipelines,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Base forms, proper nouns and parts of speech without rule tables get their lemma
    (the lower-cased or the plain text) without a call to the lemmatizer, once their
    POS and morphology have been seen; the comparison above shows the lemmas are the
    model's. Plurals and inflected verbs still go to its suffix rules."""
    own, _ = pipelines
    fast = _with_tags(spacy.load(default_model()))  # its caches empty
    lemmatizer = fast.get_pipe("newsgraph_tags").lemmatizer
    asked: list[str] = []
    real = lemmatizer.lemmatize

    def counting(token):  # noqa: ANN001, ANN202
        asked.append(token.text)
        return real(token)

    monkeypatch.setattr(lemmatizer, "lemmatize", counting)
    text = (
        "Zorblatt Quennington visited Vrexholm on Tuesday. The envoys negotiated "
        "ceasefires, and 4,200 refugees crossed the border quickly."
    )
    doc = fast(text)
    assert _analysis(doc) == _analysis(own(text))
    by_text = {t.text: t for t in doc}
    for word in ("Zorblatt", "Quennington", "Vrexholm", "4,200", "the", "border"):
        assert word not in asked, (word, by_text[word].pos_, str(by_text[word].morph))
    assert {"envoys", "negotiated", "ceasefires"} <= set(asked)


def test_verbs_ending_in_e_keep_it_in_their_lemma() -> None:
    """ "hoping" is hope and "raped" is rape: ng:trigger, and the lexicon look-up that codes
    the event, read these lemmas. spaCy 3.8.8 to 3.8.18 gave "hop" and "rap" here (the
    same model), and the events of "hoped" or "raped" were lost; pyproject.toml keeps a
    spaCy release that lemmatizes them right."""
    doc = load_pipeline(default_model())(
        "I'm hoping the talks resume. He hopes to win. Soldiers raped and robbed villagers."
    )
    verbs = {t.text: t.lemma_ for t in doc if t.pos_ == "VERB"}
    assert {w: verbs.get(w) for w in ("hoping", "hopes", "raped", "robbed")} == {
        "hoping": "hope",
        "hopes": "hope",
        "raped": "rape",
        "robbed": "rob",
    }


def test_load_pipeline_uses_it_and_can_keep_the_models_own() -> None:
    model = default_model()
    names = load_pipeline(model).pipe_names
    assert "newsgraph_tags" in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names
    own = load_pipeline(model, fast_tags=False).pipe_names
    assert "newsgraph_tags" not in own and {"attribute_ruler", "lemmatizer"} <= set(own)


# -- the ruler's semantics, on patterns made for the test --------------------------------


def _blank_pair(patterns: list[dict], lemmas: dict[str, str] | None = None):  # noqa: ANN202
    """Two blank English pipelines with the same ruler and a lookup lemmatizer: the
    model's components, and newsgraph_tags in their place."""
    pair = []
    for fast in (False, True):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add_patterns(patterns)
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lookups = Lookups()
        lookups.add_table("lemma_lookup", lemmas or {"ran": "run", "Dogs": "dog"})
        lemmatizer.initialize(lookups=lookups)
        pair.append(_with_tags(nlp) if fast else nlp)
    return pair


def _doc(nlp, words, tags, deps, spaces=None) -> Doc:  # noqa: ANN001
    heads = [0] * len(words)
    return Doc(nlp.vocab, words=words, spaces=spaces, tags=tags, deps=deps, heads=heads)


def test_ruler_semantics_match_on_made_up_patterns() -> None:
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        # a later group wins over an earlier one
        {"patterns": [[{"TAG": "NN", "LOWER": "dogs"}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": {"IN": ["the", "a"]}}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}, "DEP": "nsubj"}]], "attrs": {"POS": "PRON"}},
        # REGEX is a search, not a match from the start
        {"patterns": [[{"LOWER": {"REGEX": "an$"}}]], "attrs": {"LEMMA": "RAN-LIKE"}},
        # two-token patterns, with a negative index
        {
            "patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]],
            "attrs": {"POS": "PROPN"},
            "index": -1,
        },
        {"patterns": [[{"LOWER": "new"}, {}]], "attrs": {"MORPH": "Degree=Pos"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
        {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
        {"patterns": [[{"ORTH": "Dogs"}], [{"TEXT": "cats"}]], "attrs": {"MORPH": "Number=Plur"}},
    ]
    own, fast = _blank_pair(patterns)
    cases = [
        (
            ["The", "Dogs", "ran", "to", "New", "York"],
            ["DT", "NN", "VBD", "IN", "JJ", "NNP"],
            ["det", "nsubj", "ROOT", "prep", "compound", "pobj"],
        ),
        (
            ["they", "ran", "  ", "cats", "new", "new", "york"],
            ["PRP", "VBD", "_SP", "NNS", "JJ", "JJ", "NN"],
            ["nsubj", "ROOT", "", "dobj", "amod", "amod", "dobj"],
        ),
        (["dogs", "an", "pan"], ["NN", "NN", "NN"], ["nsubj", "", "dep"]),
    ]
    for words, tags, deps in cases:
        a = own(_doc(own, words, tags, deps))
        b = fast(_doc(fast, words, tags, deps))
        assert _analysis(b) == _analysis(a)
    b = fast(_doc(fast, *cases[0]))
    assert b[1].pos_ == "PROPN" and b[5].pos_ == "PROPN" and b[2].lemma_ == "RAN-LIKE"


@pytest.mark.parametrize(
    "spec",
    [
        [{"LOWER": "a", "OP": "+"}],  # quantifiers: not a fixed-length pattern
        [{"LENGTH": {">=": 3}}],  # a test it does not know
        [{"LOWER": {"FUZZY": "dog"}}],  # an operator it does not know
        [{"POS": "NOUN"}],  # an attribute the ruler itself may change
    ],
)
def test_declines_patterns_it_cannot_reproduce(spec: list[dict]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([{"patterns": [spec], "attrs": {"TAG": "X"}}])
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {})
    lemmatizer.initialize(lookups=lookups)
    assert compile_tags(nlp) is None


def test_declines_without_both_components_side_by_side() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler")
    assert compile_tags(nlp) is None
    nlp.add_pipe("sentencizer")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {})
    lemmatizer.initialize(lookups=lookups)
    assert compile_tags(nlp) is None  # something runs between them


def test_a_pattern_that_tests_nothing_matches_every_token() -> None:
    own, fast = _blank_pair([{"patterns": [[{}]], "attrs": {"POS": "X", "LEMMA": "x"}}])
    words, tags, deps = ["Dogs", "ran", "far"], ["NNS", "VBD", "RB"], ["nsubj", "ROOT", "advmod"]
    a = own(_doc(own, words, tags, deps))
    b = fast(_doc(fast, words, tags, deps))
    assert _analysis(b) == _analysis(a)
    assert {t.pos_ for t in b} == {"X"} and {t.lemma_ for t in b} == {"x"}


def test_a_batch_is_tagged_as_each_doc_alone_and_patterns_stop_at_its_end() -> None:
    """nlp.pipe hands the component whole batches: what it sets must not depend on
    which documents share a batch, and a two-token pattern must not match the last
    token of one document with the first of the next."""
    patterns = [
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB"}},
    ]
    own, fast = _blank_pair(patterns, {"ran": "run", "towns": "town"})
    cases = [
        (
            ["They", "ran", "to", "new"],
            ["PRP", "VBD", "IN", "JJ"],
            ["nsubj", "ROOT", "prep", "pobj"],
        ),
        (
            ["York", "ran", "new", "York"],
            ["NNP", "VBD", "JJ", "NNP"],
            ["nsubj", "ROOT", "amod", "dobj"],
        ),
        ([], [], []),
        (["towns", "ran"], ["NN", "VBD"], ["nsubj", "ROOT"]),
    ]
    alone = [own(_doc(own, *case)) for case in cases]
    batched = list(fast.pipe([_doc(fast, *case) for case in cases], batch_size=4))
    assert [_analysis(d) for d in batched] == [_analysis(d) for d in alone]
    assert batched[1][2].pos_ == "PROPN"  # "new York" within a document
    assert batched[0][3].pos_ == ""  # "new" | "York" across two: no pattern sets it
    assert batched[3][0].lemma_ == "town" and batched[1][1].lemma_ == "run"

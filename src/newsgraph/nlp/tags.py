"""``newsgraph_tags``: what the model's attribute_ruler and lemmatizer set, in one cheap pass.

Why it exists: in en_core_web_sm the ``attribute_ruler`` (a ``Matcher`` with 179 patterns
run over every token) and the rule ``lemmatizer`` (a Python call per token) cost about a
quarter of the spaCy pass, yet what they set is a function of very little. Each ruler
pattern tests TAG, LOWER, DEP and IS_SPACE of one token (a handful test two neighbouring
tokens), and a rule or lookup lemma depends only on the token's text, POS and
morphology (spaCy caches it on exactly that key). So this component reads those
attributes of a batch of ``Doc`` objects into one array, works out each distinct
combination once per process (and looks each up once per batch), and writes POS, MORPH,
LEMMA (and the TAG and DEP the ruler sets on whitespace) back in one array per document:
the same values the two components set, token for token
(``tests/test_nlp_tags.py`` compares them on real articles), for a few percent of their
time.

It replaces them only when it can be exact: every pattern of the model's ruler must be a
fixed-length sequence of token tests on ORTH/TEXT/LOWER/TAG/DEP/IS_SPACE by equality,
``IN``, ``NOT_IN`` or ``REGEX``, setting POS/MORPH/LEMMA/TAG/DEP, and the lemmatizer
must be spaCy's table-driven one (mode ``rule`` or ``lookup``) with its tables present.
Otherwise :func:`compile_tags` returns None and ``load_pipeline`` keeps the model's own
components. Precedence follows ``AttributeRuler``: matches apply in the order their
pattern groups were added, so a later group's value wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.util import minibatch

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["TagRules", "compile_tags", "FACTORY"]

#: The factory name load_pipeline adds the component under.
FACTORY = "newsgraph_tags"

#: Token attributes a pattern may test, by name: (attribute id, is it a string).
_TESTABLE = {
    "ORTH": (ORTH, True),
    "TEXT": (ORTH, True),
    "LOWER": (LOWER, True),
    "TAG": (TAG, True),
    "DEP": (DEP, True),
    "IS_SPACE": (IS_SPACE, False),
}
#: Attributes a rule may set, in the column order of the array written back.
_SETTABLE = (TAG, DEP, POS, MORPH, LEMMA)
_SETTABLE_COLUMN = {attr: c for c, attr in enumerate(_SETTABLE)}
#: Lemmatizer classes whose lemma is a function of (text, POS, morphology) alone.
_LEMMATIZERS = (
    "spacy.pipeline.lemmatizer.Lemmatizer",
    "spacy.lang.en.lemmatizer.EnglishLemmatizer",
)


#: How a (POS, morphology) combination is lemmatized (:meth:`TagRules._lemma_kind`).
_CALL, _LOWER, _AS_IS = 0, 1, 2


class _Unsupported(Exception):
    """A pattern or lemmatizer this component cannot reproduce exactly."""


#: What a token's signature determines: the merged attributes of the one-token groups
#: that match it, those groups, the (pattern, position) pairs of longer patterns it
#: satisfies, and the longer patterns it can start.
_Entry = tuple[dict[int, int], tuple[int, ...], frozenset, tuple[int, ...]]


def _predicate(value: Any, is_string: bool) -> tuple[Callable[[Any], bool], frozenset | None]:
    if isinstance(value, dict):
        tests = [_operator(op, operand, is_string) for op, operand in value.items()]
        if len(tests) == 1:  # the usual case: the test itself, not a wrapper around it
            return tests[0]
        return (lambda v: all(t(v) for t, _ in tests)), None
    if is_string and isinstance(value, str):
        return (lambda v: v == value), frozenset([value])
    if not is_string and isinstance(value, bool):
        return (lambda v: v is value), frozenset([value])
    raise _Unsupported(f"token test value {value!r}")


def _operator(
    op: str, operand: Any, is_string: bool
) -> tuple[Callable[[Any], bool], frozenset | None]:
    if not is_string:
        raise _Unsupported(f"{op} on a flag")
    if op in ("IN", "NOT_IN"):
        if not isinstance(operand, list) or not all(isinstance(s, str) for s in operand):
            raise _Unsupported(f"{op} {operand!r}")
        members = frozenset(operand)
        if op == "IN":
            return (lambda v: v in members), members
        return (lambda v: v not in members), None
    if op == "REGEX" and isinstance(operand, str):
        regex = re.compile(operand)  # the Matcher tests with search(), not match()
        return (lambda v: regex.search(v) is not None), None
    raise _Unsupported(f"operator {op}")


class _Column:
    """One token attribute the patterns test, and the tests on it.

    Its values fall into classes: two values are in one class when the same tests accept
    them. A token's signature is the tuple of its values' classes, so the ~8,000 words
    of a corpus that no pattern names all share one class, and a signature's matches
    are worked out once for a few thousand tokens instead of once per word.
    """

    def __init__(self, attr: int, is_string: bool) -> None:
        self.attr = attr
        self.is_string = is_string
        self.by_value: dict[Any, set[int]] = {}  # accepted value -> equality/IN tests
        self.other: list[tuple[int, Callable[[Any], bool]]] = []  # NOT_IN, REGEX, ...
        self.class_of: dict[int, int] = {}  # raw value (hash or flag) -> class number
        self.classes: list[frozenset[int]] = []  # class number -> tests that pass
        self._numbers: dict[frozenset[int], int] = {}

    def add(self, number: int, predicate: Callable[[Any], bool], values: frozenset | None) -> None:
        if values is None:
            self.other.append((number, predicate))
            return
        for value in values:
            self.by_value.setdefault(value, set()).add(number)

    def classify(self, raw: int, strings: Any) -> int:
        """The class of a raw value not seen before."""
        value = strings[raw] if self.is_string else bool(raw)
        passed = frozenset(
            self.by_value.get(value, set()).union(n for n, test in self.other if test(value))
        )
        number = self._numbers.get(passed)
        if number is None:
            number = self._numbers[passed] = len(self.classes)
            self.classes.append(passed)
        self.class_of[raw] = number
        return number


class TagRules:
    """The ruler's patterns and the lemmatizer, compiled for lookups by token signature.

    A token's signature is the tuple of the classes (:class:`_Column`) of the attributes
    the patterns test. Which one-token pattern groups match a signature, and which
    positions of longer patterns it satisfies, is worked out on first sight and cached,
    as are the merged attributes of a set of groups and each lemma. The caches grow with
    the vocabulary seen, like spaCy's own.
    """

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self.vocab = ruler.vocab
        self.lemmatizer = lemmatizer
        columns: dict[int, _Column] = {}
        tests = 0
        #: (tests as (column position, test number), group, -1) for a one-token pattern;
        #: (tests, pattern number, position) for a token of a longer one.
        units: list[tuple[list[tuple[int, int]], int, int]] = []
        #: Longer patterns: (group, offset of the token it sets, length).
        self._multi: list[tuple[int, int, int]] = []
        self._attrs: list[dict[int, int]] = []
        for group, entry in enumerate(ruler.patterns):
            attrs = ruler.attrs[group]
            if set(attrs) - set(_SETTABLE):
                raise _Unsupported(f"sets {sorted(attrs)}")
            self._attrs.append(dict(attrs))
            for pattern in entry["patterns"]:
                compiled: list[list[tuple[int, int]]] = []
                for spec in pattern:
                    spec_tests: list[tuple[int, int]] = []
                    for key, value in spec.items():
                        name = key.upper()
                        if name not in _TESTABLE:
                            raise _Unsupported(f"token test {key}")
                        attr, is_string = _TESTABLE[name]
                        column = columns.setdefault(attr, _Column(attr, is_string))
                        column.add(tests, *_predicate(value, is_string))
                        spec_tests.append((list(columns).index(attr), tests))
                        tests += 1
                    compiled.append(spec_tests)
                index = entry.get("index", 0)
                if not compiled or not -len(compiled) <= index < len(compiled):
                    raise _Unsupported(f"index {index} of a {len(compiled)}-token pattern")
                if len(compiled) == 1:
                    units.append((compiled[0], group, -1))
                else:
                    number = len(self._multi)
                    self._multi.append((group, index % len(compiled), len(compiled)))
                    units.extend((spec, number, k) for k, spec in enumerate(compiled))
        self._columns = list(columns.values())
        self._attr_ids = [column.attr for column in self._columns]
        # A unit can hold only if its first test passes: units by that test (a unit
        # without tests, the pattern {}, holds for every token).
        self._units_by_test: dict[int, list] = {}
        self._always = [unit for unit in units if not unit[0]]
        for unit in units:
            if unit[0]:
                self._units_by_test.setdefault(unit[0][0][1], []).append(unit)
        self._by_signature: dict[tuple, _Entry] = {}
        self._merged: dict[tuple[int, ...], dict[int, int]] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._lemma_kinds: dict[tuple[int, int], int] = {}  # (POS, MORPH) -> _LOWER ...
        self._overwrite = bool(lemmatizer.overwrite)
        _index_as_sets(lemmatizer)

    # -- the ruler -------------------------------------------------------------------------
    def _entry(self, signature: tuple[int, ...]) -> _Entry:
        passed = [column.classes[c] for column, c in zip(self._columns, signature, strict=True)]
        candidates = list(self._always)
        for tests in passed:
            for test in tests:
                candidates += self._units_by_test.get(test, ())
        groups: set[int] = set()
        positions: set[tuple[int, int]] = set()
        for unit_tests, first, second in candidates:
            if all(test in passed[column] for column, test in unit_tests):
                if second < 0:
                    groups.add(first)
                else:
                    positions.add((first, second))
        ordered = tuple(sorted(groups))
        starts = tuple(sorted(n for n, k in positions if k == 0))
        entry = (self._merge(ordered), ordered, frozenset(positions), starts)
        self._by_signature[signature] = entry
        return entry

    def _merge(self, groups: tuple[int, ...]) -> dict[int, int]:
        merged = self._merged.get(groups)
        if merged is None:
            merged = {}
            for group in groups:  # in the order added: a later group's value wins
                merged.update(self._attrs[group])
            self._merged[groups] = merged
        return merged

    def apply(self, docs: Sequence[Doc]) -> None:
        """Set what the attribute ruler, then the lemmatizer, would set on ``docs``.

        Why a batch at a time: the tokens of a batch of articles share a few hundred
        signatures and a few thousand lemma keys, so looking those up once each and
        spreading the answers with numpy costs a fraction of a Python step per token.
        """
        docs = [doc for doc in docs if len(doc)]
        if docs:
            ends = numpy.cumsum([len(doc) for doc in docs])
            self._apply_ruler(docs, ends)
            self._apply_lemmatizer(docs, ends)

    def _apply_ruler(self, docs: list[Doc], ends: numpy.ndarray) -> None:
        total = int(ends[-1])
        strings = self.vocab.strings
        if self._attr_ids:
            raw = _read(docs, self._attr_ids, total)
            classes = numpy.empty(raw.shape, dtype=numpy.int64)
            for j, column in enumerate(self._columns):
                values, where = numpy.unique(raw[:, j], return_inverse=True)
                class_of = column.class_of
                known = [
                    class_of[v] if v in class_of else column.classify(v, strings)
                    for v in values.tolist()
                ]
                classes[:, j] = numpy.asarray(known, dtype=numpy.int64)[where.reshape(-1)]
            first, signature_of = _distinct_rows(classes)
            signatures = [tuple(s) for s in classes[first].tolist()]
        else:  # no pattern tests anything: every token has the empty signature
            signatures = [()]
            signature_of = numpy.zeros(total, dtype=numpy.intp)
        by_signature = self._by_signature
        entries = [by_signature.get(s) or self._entry(s) for s in signatures]
        # what each signature sets, one array per settable attribute (unset: not written)
        new = numpy.zeros((len(entries), len(_SETTABLE)), dtype=numpy.uint64)
        sets = numpy.zeros((len(entries), len(_SETTABLE)), dtype=bool)
        for number, entry in enumerate(entries):
            for attr, value in entry[0].items():
                new[number, _SETTABLE_COLUMN[attr]] = value
                sets[number, _SETTABLE_COLUMN[attr]] = True
        values = _read(docs, list(_SETTABLE), total)
        written = sets[signature_of]
        values[written] = new[signature_of][written]
        changed = written.any(axis=1)
        # longer patterns (rare: most signatures start none) must fit in one document
        extra: dict[int, set[int]] = {}  # token -> groups of longer patterns matching it
        for number, entry in enumerate(entries):
            if not entry[3]:
                continue
            for start in numpy.flatnonzero(signature_of == number).tolist():
                end = int(ends[numpy.searchsorted(ends, start, side="right")])
                for pattern in entry[3]:
                    group, target, length = self._multi[pattern]
                    if start + length <= end and all(
                        (pattern, k) in entries[signature_of[start + k]][2]
                        for k in range(1, length)
                    ):
                        extra.setdefault(start + target, set()).add(group)
        for token, groups in extra.items():
            merged = self._merge(tuple(sorted(groups.union(entries[signature_of[token]][1]))))
            for attr, value in merged.items():
                values[token, _SETTABLE_COLUMN[attr]] = value
            changed[token] = changed[token] or bool(merged)
        _write(docs, ends, list(_SETTABLE), values, changed)

    # -- the lemmatizer --------------------------------------------------------------------
    def _apply_lemmatizer(self, docs: list[Doc], ends: numpy.ndarray) -> None:
        """The lemmas the lemmatizer would set: on every token without one (or on every
        token if it overwrites), from (text, POS, morphology)."""
        total = int(ends[-1])
        rows = _read(docs, [ORTH, POS, MORPH, LEMMA], total)
        wanted = numpy.ones(total, dtype=bool) if self._overwrite else rows[:, 3] == 0
        tokens = numpy.flatnonzero(wanted)
        if not len(tokens):
            return
        keys = rows[tokens, :3]
        first, where = _distinct_rows(keys)
        keys = keys[first]
        lemmas = self._lemmas
        strings = self.vocab.strings
        found = []
        kinds = self._lemma_kinds
        for key, example in zip(map(tuple, keys.tolist()), first.tolist(), strict=True):
            value = lemmas.get(key)
            if value is None:
                orth, pos, morph = key
                kind = kinds.get((pos, morph))
                if kind is None or kind == _CALL:
                    token = int(tokens[example])
                    n = int(numpy.searchsorted(ends, token, side="right"))
                    doc = docs[n]
                    example_token = doc[token - (int(ends[n]) - len(doc))]
                    if kind is None:
                        kind = kinds[pos, morph] = self._lemma_kind(example_token)
                if kind == _LOWER:
                    value = strings.add(strings[orth].lower())
                elif kind == _AS_IS:
                    value = orth
                else:
                    value = strings.add(self.lemmatizer.lemmatize(example_token)[0])
                lemmas[key] = value
            found.append(value)
        out = rows[:, 3].copy()
        out[tokens] = numpy.asarray(found, dtype=numpy.uint64)[where]
        _write(docs, ends, [LEMMA], out, out != rows[:, 3])

    def _lemma_kind(self, token: Token) -> int:
        """How the lemmatizer treats every token with ``token``'s POS and morphology.

        In mode ``rule`` most tokens never reach the suffix rules: spaCy's
        ``rule_lemmatize`` returns the lower-cased text for base forms ("said" is not
        one, "say" is), for spaces and for parts of speech without tables, and the text
        itself for proper nouns; each of these depends on POS and morphology alone
        (``is_base_form`` of the two lemmatizers in ``_LEMMATIZERS`` reads nothing else).
        Deciding that once per combination (about a hundred in a corpus) spares a Token
        and a lemmatizer call for two thirds of the words a build meets first. The
        rest, and an empty POS (spaCy warns about it), go to the lemmatizer itself.
        """
        lemmatizer = self.lemmatizer
        if lemmatizer.mode != "rule":
            return _CALL
        univ_pos = token.pos_.lower()
        if univ_pos in ("eol", "space"):
            return _LOWER
        if univ_pos == "":
            return _CALL
        if lemmatizer.is_base_form(token):
            return _LOWER
        tables = ("lemma_index", "lemma_exc", "lemma_rules")
        if not any(lemmatizer.lookups.get_table(t, {}).get(univ_pos) for t in tables):
            return _AS_IS if univ_pos == "propn" else _LOWER
        return _CALL

    def __call__(self, doc: Doc) -> Doc:
        self.apply([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """What ``nlp.pipe`` calls: the docs a batch at a time (see :meth:`apply`)."""
        for batch in minibatch(docs, size=batch_size):
            self.apply(batch)
            yield from batch


def _read(docs: list[Doc], attrs: list[int], total: int) -> numpy.ndarray:
    """``attrs`` of every token of ``docs``, one row per token, the documents one after
    another (``total`` tokens in all)."""
    return numpy.concatenate([doc.to_array(attrs) for doc in docs]).reshape(total, len(attrs))


def _write(
    docs: list[Doc],
    ends: numpy.ndarray,
    attrs: list[int],
    values: numpy.ndarray,
    changed: numpy.ndarray,
) -> None:
    """Write each document's rows of ``values`` back, for the documents where ``changed``
    (one flag per token) says something changed."""
    start = 0
    for doc, end in zip(docs, ends.tolist(), strict=True):
        if changed[start:end].any():
            doc.from_array(attrs, numpy.ascontiguousarray(values[start:end]))
        start = end


def _distinct_rows(matrix: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(where each distinct row of ``matrix`` first occurs, every row's distinct-row number).

    What ``numpy.unique(matrix, axis=0)`` answers, several times faster: that sorts the
    rows as opaque byte strings, this numbers each column's values and folds the columns
    into one integer a column at a time, renumbering after each so it cannot overflow.
    """
    code = numpy.zeros(len(matrix), dtype=numpy.int64)
    for column in matrix.T:
        values, where = numpy.unique(column, return_inverse=True)
        _, code = numpy.unique(code * len(values) + where, return_inverse=True)
    _, first, code = numpy.unique(code, return_index=True, return_inverse=True)
    return first, code


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """Make the rule lemmatizer's word lists sets, in this process's copy of the model.

    ``rule_lemmatize`` asks ``form in index`` for every suffix rule that applies, and the
    model ships each part of speech's index as a list (57,528 nouns): a linear scan per
    question, ~100 µs per word it has not cached yet, most of the lemmatizer's time on a
    new corpus. A frozenset answers the same questions with the same answers. Nothing
    saves the model afterwards (the lists are what ``to_disk`` would expect).
    """
    if lemmatizer.mode != "rule" or not lemmatizer.lookups.has_table("lemma_index"):
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def compile_tags(nlp: Language) -> TagRules | None:
    """The component for ``nlp``'s attribute_ruler + lemmatizer, or None if it cannot
    reproduce them exactly (then the pipeline keeps the model's own components)."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return None
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return None  # something between them might read or change what they set
    ruler = nlp.get_pipe("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer")
    kind = f"{type(lemmatizer).__module__}.{type(lemmatizer).__qualname__}"
    if not isinstance(ruler, AttributeRuler) or kind not in _LEMMATIZERS:
        return None
    if lemmatizer.mode not in ("rule", "lookup"):
        return None
    required, _ = lemmatizer.get_lookups_config(lemmatizer.mode)
    if not all(lemmatizer.lookups.has_table(table) for table in required):
        return None  # the model's own lemmatizer reports the missing tables
    try:
        return TagRules(ruler, lemmatizer)
    except _Unsupported:
        return None


# The factory is registered in .components, a module without postponed annotations (see
# its docstring); importing it here keeps "import this module, then add_pipe(FACTORY)"
# working as it did when the factory lived here. Last, because it imports from here.
from . import components  # noqa: E402, F401

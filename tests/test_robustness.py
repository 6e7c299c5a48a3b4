"""Issue 6: whatever a scraper produced, a build reports each bad input and goes on.

Every case of the issue's input list is built here through the real CLI, most of them at
once in one directory tree (as a user would point newsgraph at a scraper's output): one
stderr line per bad item, a summary that counts them, exit code 3 (or 0 when inputs were
only skipped on purpose, 1 under ``--strict``). Then the cases that need their own set-up:
huge articles, run-on sentences, remote references in HTML, non-English text.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import newsgraph.build as build_module
import newsgraph.sources as sources_package
import newsgraph.sources.article as article_module
import newsgraph.sources.jsonl as jsonl_module
from conftest import WIKINEWS
from newsgraph.build import chunk_offsets, merge_chunks
from newsgraph.cli import main
from newsgraph.model import Article, Extraction, SourceProblem
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.sources import clean_text, read_inputs
from newsgraph.sources.article import MAX_TEXT_CHARS, split_point
from newsgraph.sources.files import MAX_FILE_BYTES
from newsgraph.sources.language import detect_language
from newsgraph.store import open_store

DATA = Path(__file__).parent / "data" / "robustness"
STORY = "Leaders meet\n\nPresident Anna Berg met Chancellor Olaf Brandt in Berlin on Monday.\n"


def build(*args: str) -> object:
    """Run ``newsgraph build`` in-process; stdout and stderr stay apart."""
    return CliRunner().invoke(main, ["build", *args])


def summary(output: str) -> dict[str, int]:
    """The build summary table as {row name: count}."""
    rows = re.findall(r"│ ([a-z: ()]+?)\s+│\s+(\d+) │", output)
    return {name: int(count) for name, count in rows}


def select(store: Path, query: str) -> list[dict[str, str]]:
    s = open_store(store)
    try:
        rows = s.ox.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        return [{v.value: row[v].value for v in rows.variables} for row in rows]
    finally:
        del s


MENTIONS_OUT_OF_TEXT = """
SELECT ?m WHERE {
  ?m ng:inArticle/ng:text ?text ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?a .
  FILTER(SUBSTR(?text, ?b + 1, ?e - ?b) != ?a)
}"""


# --- every bad input at once --------------------------------------------------------------


@pytest.fixture
def scraped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scraper's output folder holding one of each bad input, plus good stories."""
    monkeypatch.chdir(tmp_path)
    d = Path("in")
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\t\n")
    (d / "binary.txt").write_bytes(b"GIF89a\x00\x01\x02\x03binary")
    (d / "bom.txt").write_bytes("\ufeff".encode() + STORY.encode())
    (d / "cp1252.txt").write_bytes(
        "Caf\xe9 talks\n\nForeign Minister Lena Holm met President Pedro Alves in Lisbon "
        "on Tuesday \u2013 again.\n".encode("cp1252")
    )
    (d / "utf16.txt").write_bytes(
        "Ceasefire\n\nPrime Minister Omar Said visited Cairo on Monday.\n".encode("utf-16")
    )
    (d / "page.html").write_bytes((DATA / "scripts.html").read_bytes())
    records = [
        {"id": "r1", "title": "Talks", "text": "Turkey criticized Israel on Monday."},
        "{broken",
        {"id": "r2", "title": "No text"},
        {"id": "r3", "text": "Egypt and Jordan signed a trade deal.", "published": "2016-02-30"},
        {"id": "r4", "text": (DATA / "german.txt").read_text(encoding="utf-8")},
        ["not", "an", "object"],
        {"id": "r1", "title": "Talks", "text": "Iran criticized Syria on Tuesday."},
    ]
    with (d / "feed.jsonl").open("w", encoding="utf-8") as feed:
        for record in records:
            feed.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
    os.symlink("missing.txt", d / "dangling.txt")
    os.symlink("loop.txt", d / "loop.txt")
    (d / "sub").mkdir()
    os.symlink("..", d / "sub" / "up")
    os.mkfifo(d / "pipe.txt")
    (d / "folder.txt").mkdir()
    (d / "folder.txt" / "inner.txt").write_text(
        "Aid arrives\n\nAid convoys reached Kilis on Sunday, officials said.\n"
    )
    return d


EXPECTED_STDERR = [
    "failed: in/binary.txt: binary file (contains NUL bytes), not text",
    "failed: in/blank.txt: file holds only whitespace",
    "warning: in/cp1252.txt: not valid UTF-8; decoded as cp1252 (Windows-1252)",
    "failed: in/dangling.txt: broken symbolic link (its target does not exist)",
    "failed: in/empty.txt: empty file (no text)",
    "failed: in/feed.jsonl:2: line is not valid JSON: Expecting property name enclosed in "
    "double quotes at column 2",
    'failed: in/feed.jsonl:3: record has no "text" (a non-empty string is required)',
    "warning: in/feed.jsonl:4: ignored unparseable published date '2016-02-30' "
    "(day is out of range for month)",
    "skipped: in/feed.jsonl:5: text looks like German, not English",
    "failed: in/feed.jsonl:6: record is not a JSON object (got an array)",
    "warning: in/feed.jsonl:7: id 'r1' was already read from in/feed.jsonl:1 in this build; "
    "this later record replaces it",
    "failed: in/loop.txt: symbolic link loop (the link cannot be resolved)",
    "failed: in/pipe.txt: not a regular file (a named pipe); not read, as reading it could block",
    "skipped: in/sub/up: symbolic link loop (a directory inside itself); not followed",
]


def test_a_tree_of_bad_inputs_is_reported_line_by_line_and_the_rest_is_built(
    scraped: Path,
) -> None:
    started = time.monotonic()
    result = build("in", "--store", "s.store", "--published", "2024-01-10")
    assert time.monotonic() - started < 120  # a FIFO or a loop would hang here
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == EXPECTED_STDERR
    counts = summary(result.stdout)
    assert counts["articles new"] == 7  # bom, cp1252, folder.txt/inner, r1, r3, page, utf16
    assert counts["articles updated"] == 1  # the second r1
    assert counts["inputs failed"] == 9
    assert counts["inputs skipped on purpose"] == 2
    assert counts["inputs with warnings"] == 3
    assert counts["store: articles"] == 7
    texts = {
        row["id"]: row["text"]
        for row in select(
            Path("s.store"), "SELECT ?id ?text { ?a schema:identifier ?id ; ng:text ?text }"
        )
    }
    assert texts["r1"] == "Iran criticized Syria on Tuesday."  # the later record won
    assert texts["in/bom.txt"].startswith("President Anna Berg")  # BOM gone, title split off
    assert "\u2013 again" in texts["in/cp1252.txt"]
    assert texts["in/utf16.txt"] == "Prime Minister Omar Said visited Cairo on Monday."
    assert "in/folder.txt/inner.txt" in texts
    page = texts["https://news.example.org/2024/01/10/border"]
    for junk in ("alert(", "iframe text", "tracker", "onerror"):
        assert junk not in page
    assert select(Path("s.store"), MENTIONS_OUT_OF_TEXT) == []

    again = build("in", "--store", "s.store", "--published", "2024-01-10")
    assert again.exit_code == 3
    assert again.stderr.splitlines() == EXPECTED_STDERR
    counts = summary(again.stdout)
    # r1's first record differs from the store (which holds the later one): it is written,
    # then the later record is written after it again, so the later one still wins
    assert (counts["articles unchanged (skipped)"], counts["articles updated"]) == (6, 2)
    [row] = select(Path("s.store"), 'SELECT ?t { ?a schema:identifier "r1" ; ng:text ?t }')
    assert row["t"] == "Iran criticized Syria on Tuesday."


def test_strict_stops_at_the_first_failing_input_with_one_line(scraped: Path) -> None:
    result = build("in", "--store", "s.store", "--strict")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: in/binary.txt: binary file (contains NUL bytes), not text "
        "(--strict: build stopped here)\n"
    )
    assert select(Path("s.store"), "SELECT ?a { ?a a ng:Article }") == []


def test_only_skipped_inputs_exit_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("en.txt").write_text(STORY)
    Path("de.txt").write_text("Grenze\n\n" + (DATA / "german.txt").read_text(encoding="utf-8"))
    french = {"id": "fr", "text": (DATA / "french.txt").read_text(encoding="utf-8")}
    Path("fr.json").write_text(json.dumps(french), encoding="utf-8")
    result = build("en.txt", "de.txt", "fr.json", "--store", "s.store")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "skipped: de.txt: text looks like German, not English",
        "skipped: fr.json: text looks like French, not English",
    ]
    counts = summary(result.stdout)
    assert (counts["articles new"], counts["inputs skipped on purpose"]) == (1, 2)
    assert counts["inputs failed"] == 0


def test_every_input_failing_or_an_empty_folder_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = build(str(tmp_path / "empty"), "--store", str(tmp_path / "s.store"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"failed: {tmp_path / 'empty'}: directory holds no .txt, .html, .htm, .json, .jsonl files",
        "Error: no input could be built",
    ]


def test_control_characters_in_names_are_escaped_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    Path("in/evil\x1b[31m\nname.txt").write_bytes(b"")
    Path("in/ok.txt").write_text(STORY)
    result = build("in", "--store", "s.store")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "failed: in/evil\\x1b[31m\\nname.txt: empty file (no text)"
    )


# --- non-English text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language"),
    [("german.txt", "German"), ("french.txt", "French"), ("spanish.txt", "Spanish"),
     ("russian.txt", "Russian"), ("arabic.txt", "Arabic"), ("chinese.txt", "Chinese")],
)  # fmt: skip
def test_non_english_text_without_a_language_field_is_skipped(
    tmp_path: Path, name: str, language: str
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Headline\n\n" + (DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    [item] = read_inputs([str(path)])
    assert isinstance(item, SourceProblem) and item.skipped
    assert item.message == f"text looks like {language}, not English"


def test_a_language_field_is_trusted_over_detection(tmp_path: Path) -> None:
    record = {"text": (DATA / "german.txt").read_text(encoding="utf-8"), "language": "en"}
    (tmp_path / "r.json").write_text(json.dumps(record))
    assert isinstance(next(read_inputs([str(tmp_path / "r.json")])), Article)


@pytest.mark.parametrize(
    "text",
    [
        "Egypt met Jordan.",
        "Story number 5.",
        "President Anna Berg met Chancellor Olaf Brandt in Berlin on Monday.",
        "Recep Tayyip Erdogan, Ahmet Davutoglu, Bashar al-Assad, Walid al-Moallem.",
        "x" * 500,
        "UPDATE 3-Syria talks: Staffan de Mistura (UN), Riyadh HNC, Geneva.",
    ],
)
def test_short_or_name_only_english_is_never_skipped(text: str) -> None:
    assert detect_language(text).english


def test_name_heavy_english_is_told_without_the_classifier(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Names and numbers do not dilute the English function-word share: a short obituary
    full of them is English outright, without loading py3langid's model (~1 s), while the
    non-English samples still go to the classifier."""
    import newsgraph.sources.language as language

    text = (
        "Yesterday, former Governor Maria Lopez of New Mexico died in Santa Fe, aged 71. "
        "Lopez, New Mexico's first Hispanic female Governor, was elected in 2002. Born in "
        "Las Cruces on March 3, 1951, Lopez graduated from Stanford University in 1973 and "
        "Harvard Law School in 1976. In 1994, after twelve years at Wells Fargo, Lopez won "
        "a seat in the New Mexico Senate. A decade later, in 2004, Lopez beat Republican "
        "Governor Thomas Reed to become Governor."
    )
    calls: list[str] = []
    real = language._identifier()
    monkeypatch.setattr(language, "_identifier", lambda: calls.append("load") or real)
    assert detect_language(text) == language.Detected(True, "en")
    assert calls == []
    for name in ["german.txt", "french.txt", "spanish.txt"]:
        assert not detect_language((DATA / name).read_text(encoding="utf-8")).english
    assert len(calls) == 3


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_language_detection_never_raises(text: str) -> None:
    assert isinstance(detect_language(text).english, bool)


# --- huge articles and run-on sentences ------------------------------------------------


def _wikinews_prose(chars: int) -> str:
    texts = [json.loads(line)["text"] for line in WIKINEWS.open(encoding="utf-8")]
    prose = "\n\n".join(texts)
    return (prose * (chars // len(prose) + 1))[:chars]


def test_a_10_mb_article_is_cut_with_a_warning_in_bounded_memory(tmp_path: Path) -> None:
    body = _wikinews_prose(10 * 2**20)
    path = tmp_path / "huge.txt"
    path.write_text("A huge page\n\n" + body, encoding="utf-8")
    tracemalloc.start()
    try:
        [article] = read_inputs([str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(article, Article)
    assert peak < 12 * path.stat().st_size  # a few copies of the text, nothing more
    assert MAX_TEXT_CHARS // 2 <= len(article.text) <= MAX_TEXT_CHARS
    assert article.text.endswith("\n\n")  # cut at a paragraph break
    assert article.text[:5000] == clean_text(body[:6000])[:5000]
    assert article.warnings == [
        f"text is {len(body) + 1:,} characters long; only the first {len(article.text):,} "
        f"were analysed and stored (the limit is {MAX_TEXT_CHARS:,}; cut at a paragraph or "
        "sentence break)"
    ]


def test_a_file_over_the_read_limit_is_read_only_in_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 64 * 1024
    monkeypatch.setattr(sources_package, "MAX_FILE_BYTES", limit)
    monkeypatch.setattr(jsonl_module, "MAX_FILE_BYTES", limit)
    text = "Title\n\n" + "Troops crossed the border. " * 20_000  # 540 kB
    (tmp_path / "big.txt").write_text(text)
    (tmp_path / "big.json").write_text(json.dumps({"text": text}))
    (tmp_path / "big.jsonl").write_text(
        json.dumps({"text": text}) + "\n" + json.dumps({"id": "after", "text": "Fine."}) + "\n"
    )
    txt, whole_json, long_line, after = read_inputs(
        [str(tmp_path / name) for name in ("big.txt", "big.json", "big.jsonl")]
    )
    assert isinstance(txt, Article) and len(txt.text) < limit
    assert (
        txt.warnings[0] == "file too large (0.5 MiB; the limit is 0.1 MiB): only the start was read"
    )
    assert isinstance(whole_json, SourceProblem) and whole_json.message.startswith("too large")
    assert "write one record per line (.jsonl) instead" in whole_json.message
    assert isinstance(long_line, SourceProblem) and long_line.origin.endswith("big.jsonl:1")
    assert long_line.message.startswith("line too large")
    assert isinstance(after, Article) and after.id == "after"  # the feed went on


def test_stdin_over_the_read_limit_is_read_only_in_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_package, "MAX_FILE_BYTES", 1000)
    data = ("Caf\u00e9 talks\n\n" + "Leaders met in Paris. " * 100).encode()
    [article] = read_inputs(["-"], stdin=io.TextIOWrapper(io.BytesIO(data)))
    assert isinstance(article, Article) and len(article.text.encode()) < 1000
    assert article.warnings == ["input is more than 1,000 bytes; only the first 1,000 were read"]


def test_the_read_limit_is_far_above_the_text_limit() -> None:
    # UTF-8 needs up to 4 bytes a character and page furniture and markup take room too
    assert MAX_FILE_BYTES >= 16 * MAX_TEXT_CHARS


def test_a_huge_article_builds_in_pieces_with_exact_offsets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_module, "MAX_TEXT_CHARS", 12_000)
    monkeypatch.setattr(build_module, "CHUNK_CHARS", 4_000)
    path = tmp_path / "huge.txt"
    path.write_text("A huge page\n\n" + _wikinews_prose(10 * 2**20 + 1), encoding="utf-8")
    result = build(str(path), "--store", str(tmp_path / "s.store"))
    assert result.exit_code == 0, result.output
    [warning] = result.stderr.splitlines()
    assert re.fullmatch(
        rf"warning: {re.escape(str(path))}: text is 10,485,762 characters long; only the "
        r"first \d\d,\d{3} were analysed and stored \(the limit is 12,000; cut at a paragraph "
        r"or sentence break\)",
        warning,
    )
    store = tmp_path / "s.store"
    [row] = select(store, "SELECT (STRLEN(?t) AS ?n) { ?a ng:text ?t }")
    assert 6_000 <= int(row["n"]) <= 12_000
    assert select(store, MENTIONS_OUT_OF_TEXT) == []
    mentions = select(
        store, "SELECT ?b ?s { ?m a ng:Mention ; nif:beginIndex ?b ; ng:sentenceIndex ?s }"
    )
    assert max(int(m["b"]) for m in mentions) > 4_000  # mentions from later pieces too
    ordered = sorted((int(m["b"]), int(m["s"])) for m in mentions)
    assert [s for _, s in ordered] == sorted(s for _, s in ordered)  # sentences shifted too
    assert summary(result.stdout)["inputs with warnings"] == 1


def test_a_run_on_sentence_is_parsed_in_bounded_pieces(tmp_path: Path) -> None:
    words = _wikinews_prose(200_000).replace(".", "").replace("\n", " ").split()
    sentence = " ".join(words)[:50_000]
    assert chunk_offsets(sentence) == chunk_offsets(sentence, sentence=2_000)
    pieces = _pieces_of(sentence, chunk_offsets(sentence))
    assert len(pieces) >= 25
    assert max(len(run) for p in pieces for run in re.findall(r"[^.!?\n]+", p)) <= 2_000
    path = tmp_path / "run-on.txt"
    path.write_text("A very long sentence\n\n" + sentence + "\n")
    started = time.monotonic()
    result = build(str(path), "--store", str(tmp_path / "s.store"))
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 120
    assert select(tmp_path / "s.store", MENTIONS_OUT_OF_TEXT) == []


def _pieces_of(text: str, starts: list[int]) -> list[str]:
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab .\n!?\t"), max_size=600),
    size=st.integers(min_value=1, max_value=120),
    sentence=st.integers(min_value=1, max_value=60),
)
def test_chunk_offsets_cover_the_text_in_bounded_pieces(
    text: str, size: int, sentence: int
) -> None:
    starts = chunk_offsets(text, size, sentence)
    assert starts[0] == 0 and starts == sorted(set(starts))
    pieces = _pieces_of(text, starts)
    assert "".join(pieces) == text
    for piece in pieces:
        assert len(piece) <= size
        runs = re.findall(r"[^.!?\n]+", piece)
        assert len(piece) <= sentence or all(len(run) <= sentence for run in runs)


@given(text=st.text(max_size=300), limit=st.integers(min_value=1, max_value=300))
def test_split_point_keeps_at_most_limit(text: str, limit: int) -> None:
    cut = split_point(text, limit)
    assert 0 < cut <= min(limit, len(text)) or (cut == len(text) == 0)
    if len(text) <= limit:
        assert cut == len(text)


def test_merge_chunks_matches_the_pieces_it_came_from() -> None:
    from newsgraph.extract.extractor import Extractor

    text = _wikinews_prose(9_000)
    parent = Article(id="merged", text=text, published="2019-06-01")
    starts = chunk_offsets(text, 3_000)
    assert len(starts) >= 3
    extractor = Extractor(build_module.default_model())
    parts = [
        (start, extractor.extract(Article(id="merged", text=piece, published="2019-06-01")))
        for start, piece in zip(starts, _pieces_of(text, starts), strict=True)
    ]
    merged = merge_chunks(parent, parts)
    assert merged.article is parent
    assert merged.sentences == sum(p.sentences for _, p in parts)
    assert len({ref.key for ref in merged.entities}) == len(merged.entities)
    spans = [m for ref in merged.entities for m in ref.mentions] + [e.span for e in merged.events]
    assert sum(len(ref.mentions) for _, p in parts for ref in p.entities) + sum(
        len(p.events) for _, p in parts
    ) == len(spans)
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert 0 <= span.sentence < merged.sentences
    assert isinstance(merged, Extraction)


# --- nothing read from input reaches the network --------------------------------------


def test_html_and_json_input_never_fetch_remote_resources(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(0.5)
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        page = (DATA / "remote.html").read_text(encoding="utf-8").replace("URL", url)
        (tmp_path / "remote.html").write_text(page, encoding="utf-8")
        (tmp_path / "xxe.html").write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY ext SYSTEM "{url}/entity">\n'
            '<!ENTITY file SYSTEM "file:///etc/passwd">]>\n'
            "<html><body><article><p>The ministers met in Vienna on Monday, and the talks "
            "went on late into the night, officials said. &ext; &file;</p>"
            "</article></body></html>",
            encoding="utf-8",
        )
        record = {
            "@context": f"{url}/context.jsonld",
            "@id": f"{url}/id",
            "id": "jsonld-1",
            "text": "Chancellor Olaf Brandt visited Warsaw on Friday.",
        }
        (tmp_path / "linked.json").write_text(json.dumps(record), encoding="utf-8")
        store = tmp_path / "s.store"
        result = build(str(tmp_path), "--store", str(store))
        assert result.exit_code == 0, result.output
        with pytest.raises(TimeoutError):
            server.accept()
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'xxe.html'}: removed the DOCTYPE's internal subset (its "
        "entities are never expanded)"
    ]
    texts = " ".join(row["t"] for row in select(store, "SELECT ?t { ?a ng:text ?t }"))
    assert "Vienna" in texts and "Warsaw" in texts and "Kilis" in texts
    assert "root:" not in texts  # no file entity expanded either
    assert summary(result.stdout)["store: articles"] == 3


def test_html_scripts_and_iframes_are_not_text(tmp_path: Path) -> None:
    [article] = read_inputs([str(DATA / "scripts.html")])
    assert isinstance(article, Article)
    assert article.text.startswith("Officials in Ankara said on Saturday")
    for junk in ("alert(", "iframe text", "tracker", "onerror", "<", "noscript text"):
        assert junk not in article.text


def test_store_writes_are_safe_against_text_that_looks_like_sparql(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.store", write=True, create=True)
    graph = ox.NamedNode("https://example.org/g")
    nasty = '"} ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\n\\u0041 \\" \x01'
    p = ox.NamedNode("https://example.org/p")
    store.replace_graph(graph, [ox.Quad(graph, p, ox.Literal("old"), graph)])
    store.replace_graph(graph, [ox.Quad(graph, p, ox.Literal(nasty), graph)])
    assert [q.object.value for q in store.ox] == [nasty]
    store.close()


# --- properties: readers and store writes never break on arbitrary input -------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
_RECORDS = st.fixed_dictionaries(
    {"text": st.text()},
    optional={
        "id": st.one_of(st.text(), st.integers(), _JSON_VALUES),
        "title": _JSON_VALUES,
        "published": st.one_of(st.text(), _JSON_VALUES),
        "source": _JSON_VALUES,
        "language": st.one_of(st.sampled_from(["en", "de", "EN-gb", ""]), _JSON_VALUES),
        "url": _JSON_VALUES,
    },
)
_LINES = st.one_of(
    _RECORDS.map(json.dumps),
    _JSON_VALUES.map(json.dumps),
    st.text().map(lambda t: t.replace("\n", " ").replace("\r", " ")),
)


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(_LINES, min_size=1, max_size=6))
def test_jsonl_reader_gives_one_item_per_line_and_never_raises(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    feed = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    feed.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    items = list(read_inputs([str(feed)]))
    assert all(isinstance(item, Article | SourceProblem) for item in items)
    raw = [line.encode("utf-8", "surrogatepass") for line in lines]
    if any(line.strip() for line in raw) and b"\x00" not in b"".join(raw):
        origins = [item.origin for item in items]
        numbered = [f"{feed}:{n}" for n, line in enumerate(raw, 1) if line.strip()]
        # a line holding a U+2028 or the like is still one line: JSONL splits on "\n" only
        assert origins == numbered
    for item in items:
        if isinstance(item, Article):
            assert item.text.strip() and len(item.text) <= MAX_TEXT_CHARS


@settings(max_examples=80, deadline=None)
@given(body=st.text(), head=st.text(max_size=40))
def test_html_reader_gives_one_item_and_never_raises(
    tmp_path_factory: pytest.TempPathFactory, body: str, head: str
) -> None:
    page = tmp_path_factory.mktemp("html") / "page.html"
    page.write_text(f"<html><head>{head}</head><body><p>{body}</p></body></html>", "utf-8")
    [item] = read_inputs([str(page)])
    assert isinstance(item, Article | SourceProblem)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(), min_size=1, max_size=3), language=st.sampled_from(["en", None]))
def test_any_text_survives_an_atomic_replace_exactly(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], language: str | None
) -> None:
    store = open_store(tmp_path_factory.mktemp("s") / "s.store", write=True, create=True)
    graph = ox.NamedNode("https://example.org/article/1")
    p = ox.NamedNode("https://example.org/p")
    try:
        for text in texts:  # the first write is a bulk load (a first build's), the others
            # replace in a transaction
            literal = ox.Literal(text, language=language) if language else ox.Literal(text)
            store.replace_graphs([(graph, [ox.Quad(graph, p, literal, graph)])], bulk=True)
            assert [q.object for q in store.ox] == [literal]
    finally:
        store.close()

"""Readers: ids, origins, metadata precedence, and every kind of bad input."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import InputError
from newsgraph.model import Article, SourceProblem
from newsgraph.sources import read_inputs

DATA = Path(__file__).parent / "data" / "sources"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TURKEY = CORPUS / "turkey-syria-border-2016-02-06.txt"


def _one(inputs: list[str], **options: object) -> Article | SourceProblem:
    items = list(read_inputs(inputs, **options))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def _article(inputs: list[str], **options: object) -> Article:
    item = _one(inputs, **options)
    assert isinstance(item, Article), item
    return item


def _problem(inputs: list[str], **options: object) -> SourceProblem:
    item = _one(inputs, **options)
    assert isinstance(item, SourceProblem), item
    return item


# --- plain text -------------------------------------------------------------------------


def test_turkey_story_title_body_and_dateline(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "a.txt").write_bytes(TURKEY.read_bytes())
    monkeypatch.chdir(tmp_path)
    article = _article(["stories/a.txt"])
    assert article.id == "stories/a.txt"
    assert article.origin == "stories/a.txt"
    assert article.title == "Turkey Under Pressure as Thousands of Syrians Amass at Border"
    assert article.text.startswith("A Turkish official said Saturday")
    assert "IE 11" not in article.text and "Bunyamin Aygun" not in article.text
    assert article.published == "2016-02-06"
    assert article.published_from == "dateline"
    assert any("dateline" in warning for warning in article.warnings)


def test_published_option_wins_over_dateline(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_bytes(TURKEY.read_bytes())
    article = _article(["a.txt"], published="2016-02-07", source="NBC News")
    assert (article.published, article.published_from) == ("2016-02-07", "option")
    assert article.source == "NBC News"
    assert not article.warnings


def test_bad_published_option_is_a_usage_error() -> None:
    with pytest.raises(InputError, match="--published"):
        read_inputs(["x.txt"], published="2016-02-30")


def test_keep_text_keeps_body_verbatim(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    raw = TURKEY.read_text(encoding="utf-8")
    Path("a.txt").write_text(raw, encoding="utf-8")
    article = _article(["a.txt"], keep_text=True)
    assert article.title == "Turkey Under Pressure as Thousands of Syrians Amass at Border"
    assert raw.endswith(article.text)
    assert "Bunyamin Aygun / AP" in article.text and "/ Source: Associated Press" in article.text


def test_path_outside_cwd_and_unknown_suffix_read_as_text(tmp_path: Path, monkeypatch) -> None:
    story = tmp_path / "notes.md"
    story.write_text("Title line\n\nTroops crossed the border on Friday.\n", encoding="utf-8")
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    article = _article([str(story)])
    assert article.id == story.resolve().as_posix()
    assert (article.title, article.text) == ("Title line", "Troops crossed the border on Friday.")


def test_title_only_file_is_a_problem(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t.txt").write_text("Just a headline\n", encoding="utf-8")
    assert "no body text" in _problem(["t.txt"]).message


# --- stdin ------------------------------------------------------------------------------


def test_stdin_id_is_sha1_of_text() -> None:
    text = "Border closed\n\nTurkey kept the border closed on Saturday.\n"
    article = _article(["-"], stdin=io.StringIO(text))
    assert article.id == "stdin:" + hashlib.sha1(text.encode()).hexdigest()
    assert article.origin == "stdin"
    assert article.title == "Border closed"
    assert article.text == "Turkey kept the border closed on Saturday."


def test_stdin_bytes_buffer_is_decoded() -> None:
    stream = io.TextIOWrapper(io.BytesIO("Caf\xe9 talks\n\nThey met.".encode("cp1252")))
    article = _article(["-"], stdin=stream)
    assert article.title == "Café talks"
    assert any("cp1252" in warning for warning in article.warnings)


def test_empty_stdin_is_a_problem() -> None:
    problem = _problem(["-"], stdin=io.StringIO("  \n"))
    assert problem.origin == "stdin" and "empty" in problem.message


# --- directories ------------------------------------------------------------------------


def test_directory_walk_sorted_recursive_and_filtered(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ["d/b.txt", "d/a/z.txt", "d/c.TXT", "d/a.txt/inner.txt", "d/skip.csv"]:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(f"Title of {name}\n\nSomething happened on Monday.\n")
    ids = [item.id for item in read_inputs(["d"]) if isinstance(item, Article)]
    assert ids == ["d/a/z.txt", "d/a.txt/inner.txt", "d/b.txt", "d/c.TXT"]


def test_explicit_directory_named_like_a_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.txt").mkdir()
    Path("x.txt/s.txt").write_text("T\n\nBody text here.\n")
    assert _article(["x.txt"]).id == "x.txt/s.txt"


def test_dangling_symlink_and_loop(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("d/sub").mkdir(parents=True)
    Path("d/good.txt").write_text("T\n\nA real story body.\n")
    os.symlink("missing.txt", "d/broken.txt")
    os.symlink("..", "d/sub/up")  # d/sub/up -> d: a loop
    os.symlink("self.txt", "d/self.txt")  # a link to itself
    items = list(read_inputs(["d"]))
    by_origin = {item.origin: item for item in items}
    assert isinstance(by_origin["d/good.txt"], Article)
    assert "broken symbolic link" in by_origin["d/broken.txt"].message
    assert "loop" in by_origin["d/self.txt"].message
    loop = by_origin["d/sub/up"]
    assert isinstance(loop, SourceProblem) and loop.skipped and "loop" in loop.message
    assert len(items) == 4


def test_fifo_is_skipped_without_blocking(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("d").mkdir()
    os.mkfifo("d/pipe.txt")
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.extend(read_inputs(["d", "d/pipe.txt"])))
    worker.daemon = True
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert [p.origin for p in result] == ["d/pipe.txt", "d/pipe.txt"]
    assert all(isinstance(p, SourceProblem) and "named pipe" in p.message for p in result)


def test_missing_and_unreadable_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert "no such file" in _problem(["nope.txt"]).message
    Path("locked.txt").write_text("T\n\nBody.\n")

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)  # running as root, chmod cannot deny
    assert _problem(["locked.txt"]).message == "permission denied"


# --- bad bytes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (b"GIF89a\x00\x01\x02binary", "binary file"),
        (b"\x81\x8d\x8f\x90\x9d bad", "undecodable"),
    ],
)
def test_bad_files_are_problems(tmp_path: Path, monkeypatch, data: bytes, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.txt").write_bytes(data)
    Path("ok.txt").write_text("Fine\n\nThis one is fine.\n")
    items = list(read_inputs(["bad.txt", "ok.txt"]))
    assert isinstance(items[0], SourceProblem) and message in items[0].message
    assert items[0].origin == "bad.txt" and not items[0].skipped
    assert isinstance(items[1], Article)


def test_bom_and_cp1252(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bom.txt").write_bytes("\ufeffCafé summit\n\nLeaders met.\n".encode())
    Path("win.txt").write_bytes("Café summit\n\nLeaders met – again.\n".encode("cp1252"))
    Path("u16.txt").write_bytes("Café summit\n\nLeaders met.\n".encode("utf-16"))
    bom, win, u16 = (_article([name]) for name in ("bom.txt", "win.txt", "u16.txt"))
    assert bom.title == "Café summit" and not bom.warnings
    assert win.title == "Café summit" and win.text == "Leaders met – again."
    assert any("cp1252" in warning for warning in win.warnings)
    assert u16.title == "Café summit" and u16.text == "Leaders met."


# --- JSON and JSON Lines ----------------------------------------------------------------


def test_jsonl_errors_in_the_middle_continue(monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    items = list(read_inputs(["feed.jsonl"]))
    summary = [(item.origin, type(item).__name__) for item in items]
    assert summary == [
        ("feed.jsonl:1", "Article"),
        ("feed.jsonl:2", "SourceProblem"),
        ("feed.jsonl:3", "SourceProblem"),
        ("feed.jsonl:4", "Article"),
        ("feed.jsonl:6", "SourceProblem"),
        ("feed.jsonl:7", "Article"),
        ("feed.jsonl:8", "SourceProblem"),
        ("feed.jsonl:9", "Article"),
    ]
    first, bad_json, not_object, by_url, no_text, bad_date, german, no_id = items
    assert (first.id, first.published, first.published_from) == ("feed-1", "2016-02-06", "metadata")
    assert first.source == "Example Wire"
    assert "not valid JSON" in bad_json.message
    assert "not a JSON object" in not_object.message
    assert by_url.id == "https://news.example.org/4"
    assert '"text"' in no_text.message
    assert bad_date.published is None and "2016-02-30" in bad_date.warnings[0]
    assert german.skipped and "not English" in german.message
    assert no_id.id == "feed.jsonl:9"


def test_metadata_date_wins_over_option(monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    items = [i for i in read_inputs(["feed.jsonl"], published="2020-01-01", source="Opt")]
    first, by_url = items[0], items[3]
    assert (first.published, first.published_from, first.source) == (
        "2016-02-06",
        "metadata",
        "Example Wire",
    )
    assert (by_url.published, by_url.published_from, by_url.source) == (
        "2020-01-01",
        "option",
        "Opt",
    )


def test_json_list_and_single_object(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    items = list(read_inputs(["records.json"]))
    assert [i.origin for i in items] == ["records.json#1", "records.json#2", "records.json#3"]
    assert items[0].language == "en-US"
    assert isinstance(items[1], SourceProblem)
    assert items[2].text == "The talks in Geneva were adjourned on Wednesday."
    kept = list(read_inputs(["records.json"], keep_text=True))[2]
    assert kept.text.endswith("Related: Geneva talks collapse")
    monkeypatch.chdir(tmp_path)
    Path("one.json").write_text('{"title": "T", "text": "  Body kept  exactly.  "}')
    assert _article(["one.json"]).id == "one.json"
    assert _article(["one.json"], keep_text=True).text == "  Body kept  exactly.  "
    Path("broken.json").write_text('{"text": ')
    assert "not valid JSON" in _problem(["broken.json"]).message


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    feed = tmp_path / "big.jsonl"
    with feed.open("w") as handle:
        for number in range(2000):
            handle.write(f'{{"id": "n{number}", "text": "Story number {number}."}}\n')
    stream = read_inputs([str(feed)])
    assert next(stream).id == "n0"  # the generator yields before reading the rest
    assert sum(1 for _ in stream) == 1999


def test_binary_jsonl_is_one_problem(tmp_path: Path) -> None:
    feed = tmp_path / "b.jsonl"
    feed.write_bytes(b"\x00\x01\n\x00\x02\n")
    assert "binary" in _problem([str(feed)]).message


def test_wikinews_corpus_reads_cleanly() -> None:
    items = list(read_inputs([str(CORPUS / "wikinews-2019-2020.jsonl")]))
    assert len(items) == 291
    assert all(isinstance(i, Article) and i.published_from == "metadata" for i in items)
    assert len({i.id for i in items}) == 291


# --- HTML -------------------------------------------------------------------------------


def test_html_reader_metadata_and_no_scripts(monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    article = _article(["story.html"])
    assert article.id == article.url == "https://news.example.org/2016/02/07/aid-convoys-kilis"
    assert article.title == "Aid convoys reach Kilis"
    assert (article.published, article.published_from) == ("2016-02-07", "metadata")
    assert article.source == "Example News"
    assert article.text.startswith("Aid convoys reached the Turkish border province of Kilis")
    for junk in ("tracking pixel", "script inside", "iframe fallback", "Share this article"):
        assert junk not in article.text
    assert "\n\n" in article.text  # paragraphs stay paragraphs


def test_html_without_url_uses_path_and_language_skip(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    body = "<p>" + "Die Regierung hat am Samstag die Grenze geschlossen, sagte ein Sprecher. " * 3
    Path("de.htm").write_text(f'<html lang="de"><body><article>{body}</p></article></body></html>')
    assert _problem(["de.htm"]).skipped
    Path("p.html").write_text(
        "<html><body><article><p>Officials in Ankara said on Saturday that the border "
        "with Syria would stay closed to the tens of thousands waiting there.</p>"
        "</article></body></html>"
    )
    article = _article(["p.html"])
    assert article.id == "p.html" and article.published is None
    Path("empty.html").write_text("<html><body><script>x()</script></body></html>")
    assert "no article text" in _problem(["empty.html"]).message


# --- properties -------------------------------------------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(contents=st.lists(st.one_of(st.text(), st.binary()), min_size=1, max_size=4))
def test_text_files_never_raise_one_item_each(tmp_path: Path, contents: list) -> None:
    folder = tmp_path / hashlib.sha1(repr(contents).encode()).hexdigest()
    folder.mkdir(exist_ok=True)
    for number, content in enumerate(contents):
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        (folder / f"{number:02}.txt").write_bytes(data)
    items = list(read_inputs([str(folder)]))
    assert len(items) == len(contents)
    assert all(isinstance(item, Article | SourceProblem) for item in items)

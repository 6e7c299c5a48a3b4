"""The HTML viewer, loaded by headless Chromium from file:// with the network blocked.

The page marks ``<body data-rendered="N">`` once cytoscape.js has drawn N nodes. The
hostile label's markup would set ``data-pwned`` if it ever ran as HTML or script; the
tests assert the page drew the graph, shows the label as text, and never ran it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest
from click.testing import CliRunner

from conftest import SAMPLE
from newsgraph.analysis.projections import project
from newsgraph.cli import main
from newsgraph.export.html import fill, script_json
from newsgraph.store import open_store
from test_exports import (
    ARTICLE_A,
    ARTICLE_B,
    HOSTILE,
    PERSON,
    make_hostile_store,
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_store(tmp_path_factory.mktemp("viewer") / "hostile.store")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsgraph.build import build

    path = tmp_path_factory.mktemp("viewer") / "sample.store"
    assert build([str(SAMPLE)], store_path=str(path)).failed == 0
    return path


def export_html(store: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(
        main, ["export", "--format", "html", "--store", str(store), "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


def chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    """Headless Chromium with a fresh profile and every network request blocked."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=5000",
        "--window-size=1400,900",
        *extra,
        url,
    ]
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done


def dump_dom(tmp_path: Path, page: Path, fragment: str = "") -> lxml.html.HtmlElement:
    done = chromium(tmp_path, page.as_uri() + fragment, "--dump-dom")
    # lxml cannot hold NUL: carry it as a private-use character, restored by _text
    text = done.stdout.decode("utf-8").replace("\x00", _NUL)
    return lxml.html.document_fromstring(text)


_NUL = "\ue000"


def _text(element: lxml.html.HtmlElement) -> str:
    """The text the page shows in ``element``, control characters included."""
    return element.text_content().replace(_NUL, "\x00")


# -- the file itself ---------------------------------------------------------------------------


def test_page_is_one_offline_file_with_data_escaped(hostile_store, tmp_path):
    page = export_html(hostile_store, tmp_path / "v.html")
    text = page.read_text(encoding="utf-8")
    # nothing is fetched: no src=, no href= to anything, no @import or url()
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", text)
    document = lxml.html.fromstring(text)
    scripts = document.findall(".//script")
    assert [s.get("type") for s in scripts] == ["application/json", None, None]
    raw = scripts[0].text
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    labels = {n["iri"]: n["label"] for n in data["nodes"]}
    assert labels[PERSON] == HOSTILE
    assert data["articles"][ARTICLE_A]["url"] == "javascript:alert(1)"
    # the hostile markup occurs nowhere as markup
    assert "<img src=x" not in text and "pwned='script'</script>" not in text
    # the template marker in the data stayed data; the viewer script is there once
    assert text.count("{{VIEWER}}") == raw.count("{{VIEWER}}") > 0
    assert text.count("JSON.parse(document.getElementById") == 1
    # the CSP admits exactly the two inline scripts
    csp = document.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    hashes = re.findall(r"'sha256-([^']+)'", csp)
    digests = [
        base64.b64encode(hashlib.sha256(s.text.encode("utf-8")).digest()).decode()
        for s in scripts[1:]
    ]
    assert hashes == digests
    assert "default-src 'none'" in csp


def test_script_json_and_fill_keep_data_inert():
    assert script_json({"a": "</script><!--&"}) == (
        '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026"}'
    )
    assert fill("{{A}}|{{B}}", {"A": "{{B}}", "B": "b"}) == "{{B}}|b"


# -- in the browser ----------------------------------------------------------------------------


def test_browser_draws_the_sample_network(sample_store, tmp_path):
    page = export_html(sample_store, tmp_path / "v.html")
    expected = project(open_store(sample_store), "actors")
    dom = dump_dom(tmp_path, page)
    body = dom.find("body")
    assert body.get("data-rendered") == str(expected.number_of_nodes())
    assert body.get("data-edges") == str(expected.number_of_edges())
    stats = dom.get_element_by_id("stats").text_content()
    assert stats.startswith(f"{expected.number_of_nodes()} of {expected.number_of_nodes()} nodes")
    kinds = [i.get("value") for i in dom.get_element_by_id("kinds").iter("input")]
    assert set(kinds) == {d["kind"] for _, d in expected.nodes(data=True)}


def test_browser_shows_the_hostile_label_as_text_and_runs_none_of_it(hostile_store, tmp_path):
    page = export_html(hostile_store, tmp_path / "v.html")
    dom = dump_dom(tmp_path, page, "#node=" + quote(PERSON, safe=""))
    body = dom.find("body")
    assert body.get("data-rendered") == "2"
    assert body.get("data-pwned") is None  # neither the <script> nor the onerror ran
    assert not dom.xpath("//body//img")
    assert [s.get("type") for s in dom.iter("script")] == ["application/json", None, None]
    details = dom.get_element_by_id("details")
    assert _text(details.find(".//h2")) == HOSTILE
    matches = [_text(li) for li in dom.get_element_by_id("matches").iter("li")]
    assert HOSTILE in matches
    # the panel lists both sentences, each with its article
    items = details.findall(".//ol/li")
    assert [_text(i.find("span")) for i in items] == [
        HOSTILE,
        "Ruritania & friends met <them>.",
    ]
    # an http(s) URL becomes a link; javascript: stays plain text
    links = details.findall(".//a")
    assert [a.get("href") for a in links] == ["https://example.org/story?a=1&b=2"]
    assert links[0].get("rel") == "noopener noreferrer"
    assert links[0].get("title") == ARTICLE_B
    plain = [s for s in details.iter("span") if s.get("title") == ARTICLE_A]
    assert plain and _text(plain[0]) == f"Headline {HOSTILE}"


def test_browser_date_filter_hides_elements(hostile_store, tmp_path):
    """The viewer's filters act: a date range before the second event hides its edge."""
    page = export_html(hostile_store, tmp_path / "v.html", "--until", "2024-03-06")
    dom = dump_dom(tmp_path, page)
    assert dom.find("body").get("data-edges") == "1"
    types = [_text(label).strip() for label in dom.get_element_by_id("types").iter("label")]
    assert types == ["19 fight (1)"]


def test_screenshot_shows_a_drawn_graph(sample_store, tmp_path):
    from matplotlib import image

    page = export_html(sample_store, tmp_path / "v.html")
    shot = tmp_path / "shot.png"
    chromium(tmp_path, page.as_uri(), f"--screenshot={shot}")
    pixels = image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (900, 1400)
    graph_area = pixels[60:850, 300:1000]  # between the two side panels
    assert (graph_area < 0.95).any(axis=-1).sum() > 500  # not all background
    person = [int("0072B2"[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    assert (abs(graph_area - person) < 0.05).all(axis=-1).sum() > 50  # a person's disc

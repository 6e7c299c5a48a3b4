"""``newsgraph plot timeline`` and the event counts behind it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SAMPLE
from newsgraph.analysis.projections import project
from newsgraph.cli import main
from newsgraph.plot import PlotError, event_timeline, image_format, period_start
from newsgraph.store import open_store
from test_exports import make_hostile_store


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsgraph.build import build

    path = tmp_path_factory.mktemp("plot") / "sample.store"
    assert build([str(SAMPLE)], store_path=str(path)).failed == 0
    return path


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_store(tmp_path_factory.mktemp("plot") / "hostile.store")


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize(
    ("day", "period", "start"),
    [
        ("2024-03-07", "week", "2024-03-04"),  # a Thursday: its Monday
        ("2024-03-04", "week", "2024-03-04"),
        ("2025-01-01", "week", "2024-12-30"),  # the week crosses the new year
        ("2024-03-31", "month", "2024-03-01"),
        ("2024-02-29T10:00:00", "month", "2024-02-01"),
    ],
)
def test_period_start(day, period, start):
    assert period_start(day, period) == start


def test_timeline_counts_every_dated_event_of_the_full_view(sample_store):
    store = open_store(sample_store)
    events = [d for _, d in project(store, "full").nodes(data=True) if d["kind"] == "event"]
    timeline = event_timeline(store, period="week")
    assert timeline.total + timeline.undated == len(events)
    expected = Counter((period_start(e["date"], "week"), e["root"]) for e in events if e["date"])
    got = Counter({(p, root): n for p, c in timeline.counts.items() for root, n in c.items()})
    assert got == expected
    assert all(date.fromisoformat(p).weekday() == 0 for p in timeline.counts)


def test_timeline_by_quad_class_and_month_fills_gaps(hostile_store):
    store = open_store(hostile_store)
    by_quad = event_timeline(store, period="week", group="quad")
    assert by_quad.counts == {
        "2024-03-04": Counter({"4": 1}),  # 19 fight: material conflict
        "2024-03-11": Counter({"1": 1}),  # 04 consult: verbal cooperation
    }
    assert event_timeline(store, period="month").counts == {
        "2024-03-01": Counter({"19": 1, "04": 1})
    }


def test_timeline_filters_are_the_projection_filters(hostile_store):
    store = open_store(hostile_store)
    assert event_timeline(store, since="2024-03-10").total == 1
    assert event_timeline(store, event_types=["q4"]).counts == {"2024-03-04": Counter({"19": 1})}
    assert event_timeline(store, actor="Ruritania").total == 2


def test_timeline_rejects_unknown_period():
    with pytest.raises(PlotError, match="unknown period 'day'"):
        event_timeline(None, period="day")  # type: ignore[arg-type]


def test_image_format_comes_from_the_suffix():
    assert image_format("a/b.PNG") == "png" and image_format("x.svg") == "svg"
    with pytest.raises(PlotError, match="name it .png or .svg"):
        image_format("chart.jpg")


def test_cli_writes_a_png_timeline(sample_store, tmp_path):
    from matplotlib import image

    out = tmp_path / "timeline.png"
    result = run("plot", "timeline", "--store", sample_store, "-o", out)
    assert result.exit_code == 0, result.output
    total = event_timeline(open_store(sample_store)).total
    assert result.output.startswith(f"plotted {total} events in ")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = image.imread(out)[..., :3]
    assert (pixels < 0.9).any(axis=-1).sum() > 1000  # bars, axes and text were drawn


def test_cli_writes_an_svg_timeline_by_quad_class(hostile_store, tmp_path):
    out = tmp_path / "t.svg"
    result = run(
        "plot", "timeline", "--by", "quad", "--period", "month", "--store", hostile_store, "-o", out
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"plotted 2 events in 1 month to {out}"
    svg = etree.parse(str(out)).getroot()
    texts = " ".join("".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "1 verbal cooperation" in texts and "4 material conflict" in texts


def test_cli_errors_are_one_line_and_leave_no_file(hostile_store, tmp_path):
    out = tmp_path / "empty.png"
    result = run("plot", "timeline", "--since", "2030", "--store", hostile_store, "-o", out)
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no dated events match the filters; nothing to plot"
    assert not out.exists()
    result = run("plot", "timeline", "--store", hostile_store, "-o", tmp_path / "t.gif")
    assert result.exit_code == 1
    assert "name it .png or .svg" in result.output
    result = run("plot", "timeline", "--event-type", "q7", "--store", hostile_store)
    assert result.exit_code == 2


def test_plot_group_lists_timeline():
    result = run("plot", "--help")
    assert result.exit_code == 0
    assert "timeline" in result.output

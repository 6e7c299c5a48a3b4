"""The cleaner drops page furniture and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.sources.clean import clean_text, is_furniture
from newsgraph.sources.text import split_title

TURKEY = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TURKEY = TURKEY / "turkey-syria-border-2016-02-06.txt"

FURNITURE = [
    "IE 11 is not supported. For an optimal experience visit our site on another browser.",
    "We use cookies to improve your experience. By continuing you accept our policy.",
    "Accept all cookies",
    "Share this article",
    "Skip to content",
    "Advertisement",
    "Sign up for our newsletter",
    "Related: New Syria Crisis: Tens of Thousands Flee 'Siege of Aleppo'",
    "Read more: Turkey closes border",
    "See also: Aleppo offensive",
    "/ Source: Associated Press",
    "Source: Reuters",
    "Bunyamin Aygun / AP",
    "(Photo by John Moore/Getty Images)",
    "Photo: Reuters",
    "Credit: AFP",
]

PROSE = [
    "The related talks in Geneva were adjourned by mid-week.",
    "A source from the office of Turkey's prime minister told NBC News the border would stay shut.",
    "The photo showed refugees at the border, according to AP reporters.",
    "Related: the talks, the siege and the airstrikes are linked, Kirby said in a long answer "
    "to reporters who asked him whether the offensive and the talks were connected at all, "
    "and he went on to list the ways in which Russia had escalated the war in recent days, "
    "naming Aleppo, Homs and Latakia, and the towns north of Aleppo near the Turkish border "
    "where the offensive had cut the road the rebels had used to bring supplies from Turkey.",
    "Share prices fell sharply in Istanbul.",
    "Read more carefully, the statement threatened a ground invasion.",
    "Internet Explorer 11 is not supported by the new system, the ministry said.",
    "We ate cookies while we waited at the border, she said.",
    "Source: officials said the attack had been planned for weeks.",
    "Photo: a man holds a child at the Oncupinar crossing in Kilis.",
    "He worked for AP / Reuters before joining the ministry in 2011, and was widely known.",
    "Advertisements for the rally appeared on state television.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture(line)
    assert clean_text(f"Real sentence one.\n\n{line}\n\nReal sentence two.") == (
        "Real sentence one.\n\nReal sentence two."
    )


@pytest.mark.parametrize("line", PROSE)
def test_news_sentences_survive(line: str) -> None:
    assert not is_furniture(line)
    assert clean_text(line) == line


def test_glued_photo_credit_leaves_caption() -> None:
    caption = "Syrians gather at the Bab al-Salam border gate, Saturday, Feb. 6, 2016."
    assert clean_text(caption + "Bunyamin Aygun / AP") == caption
    assert clean_text(caption + " Bunyamin Aygun / AP") == caption
    embedded = "Refugees wait in Kilis (Photo by Chris McGrath/Getty Images) on Saturday."
    assert clean_text(embedded) == "Refugees wait in Kilis on Saturday."


def test_whitespace_normalisation() -> None:
    text = "\n\nFirst paragraph.   \r\nStill first.\r\n\r\n\r\n\n  \nSecond.\rThird.\n\n"
    assert clean_text(text) == "First paragraph.\nStill first.\n\nSecond.\nThird."


def test_turkey_article() -> None:
    raw = TURKEY.read_text(encoding="utf-8")
    title, body = split_title(raw)
    assert title == "Turkey Under Pressure as Thousands of Syrians Amass at Border"
    cleaned = clean_text(body)
    for gone in ("IE 11", "/ Source", "Related:", "Bunyamin Aygun", "/ AP"):
        assert gone not in cleaned
    assert "in Syria, Saturday, Feb. 6, 2016.\n" in cleaned
    dropped = {
        "IE 11 is not supported. For an optimal experience visit our site on another browser.",
        title,
        "/ Source: Associated Press",
        "Related: New Syria Crisis: Tens of Thousands Flee 'Siege of Aleppo'",
    }
    kept_lines = cleaned.split("\n")
    for line in raw.split("\n"):
        if not line or line in dropped:
            continue
        expected = line.removesuffix("Bunyamin Aygun / AP")
        assert expected in kept_lines, expected
    # paragraphs are separated by exactly one blank line
    assert "\n\n\n" not in cleaned and not re.match(r"\s", cleaned)


@given(st.text())
def test_clean_is_idempotent_and_adds_nothing(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    allowed = set(text) | ({"\n"} if "\r" in text else set())
    assert set(once) <= allowed


@given(st.lists(st.sampled_from(FURNITURE + PROSE + ["", "  "]), max_size=12))
def test_clean_keeps_every_prose_line(lines: list[str]) -> None:
    cleaned = clean_text("\n".join(lines))
    kept = [line for line in lines if line in PROSE]
    assert [line for line in cleaned.split("\n") if line] == kept
    assert clean_text(cleaned) == cleaned

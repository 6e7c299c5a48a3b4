"""Network exports, each read back by an independent reader.

Two stores: the sample corpus (real extraction) and a hand-made one whose person is named
by a hostile label (markup, quotes, ampersands, a ``{{…}}`` template marker, TeX and
control characters). Every format must carry that label intact (XML formats: without the
characters XML 1.0 cannot hold) and inert, and have the projection's node and edge counts.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SAMPLE, SHARED
from newsgraph.analysis.projections import project
from newsgraph.cli import main
from newsgraph.export import get_exporter
from newsgraph.export._flat import column_types, flat_value, table, xml_safe
from newsgraph.export._network import (
    KIND_COLOURS,
    NetworkOptions,
    OutputError,
    ensure_scores,
    network_format,
)
from newsgraph.export.dot import dot_string
from newsgraph.store import open_store

XSD = SHARED / "reference" / "xsd"
BASE = "https://w3id.org/newsgraph/id/"
NG = "https://w3id.org/newsgraph/ontology#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SCHEMA = "https://schema.org/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"

HOSTILE = (
    "Evil <script>document.body.dataset.pwned='script'</script>"
    "<img src=x onerror=\"document.body.dataset.pwned='img'\"> "
    '"dq" \'sq\' & AT&amp;T \\ back\\" {{VIEWER}} $x^2$ \x00\x07\x1b end\\'
)
#: What XML formats can hold of it: the same without NUL, BEL and ESC.
HOSTILE_XML = xml_safe(HOSTILE)
HOSTILE_PLACE = "Strelsau & <b>Zenda</b>"
PERSON = BASE + "person/evil"
COUNTRY = BASE + "country/RUR"
PLACE = BASE + "place/strelsau"
ARTICLE_A = BASE + "article/00000000000000aa"
ARTICLE_B = BASE + "article/00000000000000bb"


def _quads() -> list[ox.Quad]:
    """Two articles, two events between a hostile person and a country, at one place."""
    n, lit = ox.NamedNode, ox.Literal
    entities = n(BASE + "graph/entities")
    date = n(XSD_NS + "date")
    quads = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal, g: ox.NamedNode) -> None:
        quads.append(ox.Quad(n(s), n(p), o, g))

    for kind in ("Person", "Actor"):
        add(PERSON, RDF_TYPE, n(NG + kind), entities)
    add(PERSON, RDFS_LABEL, lit(HOSTILE), entities)
    for kind in ("Country", "Place", "Actor"):
        add(COUNTRY, RDF_TYPE, n(NG + kind), entities)
    add(COUNTRY, RDFS_LABEL, lit("Ruritania"), entities)
    add(COUNTRY, NG + "countryCode", lit("RUR"), entities)
    add(PLACE, RDF_TYPE, n(NG + "Place"), entities)
    add(PLACE, RDFS_LABEL, lit(HOSTILE_PLACE), entities)
    add(PLACE, GEO + "lat", lit("50.1", datatype=n(XSD_NS + "decimal")), entities)
    add(PLACE, GEO + "long", lit("14.4", datatype=n(XSD_NS + "decimal")), entities)
    for article, url, day, agent, target, code, sentence in (
        (ARTICLE_A, "javascript:alert(1)", "2024-03-05", PERSON, COUNTRY, "190", HOSTILE),
        (
            ARTICLE_B,
            "https://example.org/story?a=1&b=2",
            "2024-03-12",
            COUNTRY,
            PERSON,
            "042",
            "Ruritania & friends met <them>.",
        ),
    ):
        g = n(article)
        add(article, RDF_TYPE, n(NG + "Article"), g)
        add(article, SCHEMA + "headline", lit(f"Headline {HOSTILE}"), g)
        add(article, SCHEMA + "url", lit(url, datatype=n(XSD_NS + "anyURI")), g)
        add(article, SCHEMA + "datePublished", lit(day, datatype=date), g)
        event = f"{article}/event/0-1"
        add(event, RDF_TYPE, n(NG + "Event"), g)
        add(event, NG + "inArticle", n(article), g)
        add(event, NG + "sentence", lit(sentence), g)
        add(event, NG + "trigger", lit("act"), g)
        add(event, NG + "cameoCode", lit(code), g)
        add(event, NG + "eventType", n(f"https://w3id.org/newsgraph/ontology/cameo/{code[:2]}"), g)
        add(event, NG + "agent", n(agent), g)
        add(event, NG + "target", n(target), g)
        add(event, SEM + "hasPlace", n(PLACE), g)
        add(event, SEM + "hasTimeStamp", lit(day, datatype=date), g)
        for i, entity in enumerate((agent, target, PLACE)):
            mention = f"{article}/mention/{i}-{i + 1}"
            add(mention, RDF_TYPE, n(NG + "Mention"), g)
            add(mention, NG + "inArticle", n(article), g)
            add(mention, NG + "sentenceIndex", lit("0", datatype=n(XSD_NS + "integer")), g)
            add(entity, "http://groundedannotationframework.org/gaf#denotedBy", n(mention), g)
    return quads


def make_hostile_store(path: Path) -> Path:
    """Write the hand-made store at ``path`` and close it."""
    store = open_store(path, write=True, create=True)
    store.add(_quads())
    store.close()
    return path


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsgraph.build import build

    path = tmp_path_factory.mktemp("exports") / "sample.store"
    report = build([str(SAMPLE)], store_path=str(path))
    assert report.failed == 0
    return path


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_store(tmp_path_factory.mktemp("exports") / "hostile.store")


@pytest.fixture(params=["sample_store", "hostile_store"])
def any_store(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


def run(*args: str) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def export(store: Path, fmt: str, out: Path, *extra: str) -> Path:
    result = run("export", "--format", fmt, "--store", store, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def projection(store: Path, view: str = "actors", **filters: object) -> nx.Graph:
    return project(open_store(store), view, **filters)


# -- the hand-made store is what the tests think it is ---------------------------------------


def test_hostile_store_projects_to_two_actors_and_two_edges(hostile_store):
    graph = projection(hostile_store)
    assert sorted(graph.nodes) == [COUNTRY, PERSON]
    assert sorted(graph.edges) == [(COUNTRY, PERSON), (PERSON, COUNTRY)]
    assert graph.nodes[PERSON]["label"] == HOSTILE


# -- GraphML ---------------------------------------------------------------------------------


def test_graphml_is_valid_and_reads_back_in_networkx_and_igraph(any_store, tmp_path):
    path = export(any_store, "graphml", tmp_path / "g.graphml")
    schema = etree.XMLSchema(etree.parse(str(XSD / "graphml-1.0" / "graphml.xsd")))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    expected = projection(any_store)
    back = nx.read_graphml(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        expected.number_of_nodes(),
        expected.number_of_edges(),
    )
    assert {d["iri"] for _, d in back.nodes(data=True)} == set(expected.nodes)
    assert all(node.startswith("n") for node in back.nodes)
    other = igraph.Graph.Read_GraphML(str(path))
    assert (other.vcount(), other.ecount()) == (
        expected.number_of_nodes(),
        expected.number_of_edges(),
    )
    assert other.is_directed()
    labels = {d["iri"]: d["label"] for _, d in back.nodes(data=True)}
    assert labels == {n: xml_safe(d["label"]) for n, d in expected.nodes(data=True)}


def test_graphml_keeps_the_hostile_label_without_illegal_characters(hostile_store, tmp_path):
    path = export(hostile_store, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    by_iri = {d["iri"]: d for _, d in back.nodes(data=True)}
    assert by_iri[PERSON]["label"] == HOSTILE_XML
    assert isinstance(by_iri[PERSON]["mentions"], int)
    edge = next(d for _, _, d in back.edges(data=True) if d["cameo_roots"] == "19:1")
    assert edge["weight"] == 1
    # inside JSON text, control characters are \u escapes: legal XML, and lossless
    assert json.loads(edge["sentences"])[0]["sentence"] == HOSTILE
    keys = etree.parse(str(path)).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    declared = [(k.get("for"), k.get("attr.name")) for k in keys]
    assert len(declared) == len(set(declared))  # one key per attribute and scope


# -- GEXF ------------------------------------------------------------------------------------


def _gexf_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(XSD / "gexf-1.3" / "gexf.rng")))


def test_gexf_is_valid_1_3_and_reads_back(any_store, tmp_path):
    path = export(any_store, "gexf", tmp_path / "g.gexf")
    schema = _gexf_schema()
    assert schema.validate(etree.parse(str(path))), schema.error_log
    expected = projection(any_store)
    back = nx.read_gexf(path, version="1.3")
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        expected.number_of_nodes(),
        expected.number_of_edges(),
    )
    assert {d["iri"] for _, d in back.nodes(data=True)} == set(expected.nodes)


def test_gexf_is_dynamic_coloured_by_kind_and_sized(hostile_store, tmp_path):
    path = export(hostile_store, "gexf", tmp_path / "g.gexf")
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    root = etree.parse(str(path)).getroot()
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic"
    assert graph.get("timerepresentation") == "timestamp"
    person = next(
        node
        for node in root.iterfind(".//g:node", ns)
        if node.find("g:attvalues/g:attvalue[@for='iri']", ns).get("value") == PERSON
    )
    assert person.get("label") == HOSTILE_XML
    stamps = [s.get("timestamp") for s in person.iterfind("g:spells/g:spell", ns)]
    assert stamps == ["2024-03-05", "2024-03-12"]
    colour = person.find("viz:color", ns)
    hex_colour = "#{:02X}{:02X}{:02X}".format(*(int(colour.get(c)) for c in "rgb"))
    assert hex_colour == KIND_COLOURS["person"]
    assert float(person.find("viz:size", ns).get("value")) > 0
    edge_stamps = sorted(
        s.get("timestamp") for s in root.iterfind(".//g:edge/g:spells/g:spell", ns)
    )
    assert edge_stamps == ["2024-03-05", "2024-03-12"]


def test_networkx_own_gexf_writer_fails_the_schema_that_ours_passes(hostile_store):
    """Why gexf.py exists: networkx 1.3 output is not valid GEXF 1.3."""
    graph = nx.DiGraph([("a", "b")])
    out = io.BytesIO()
    nx.write_gexf(graph, out, version="1.3")
    assert not _gexf_schema().validate(etree.fromstring(out.getvalue()).getroottree())


# -- Cytoscape.js and graphology JSON ----------------------------------------------------------


def test_cytoscape_json_reads_back_with_positions_and_names(any_store, tmp_path):
    path = export(any_store, "cytoscape", tmp_path / "g.cyjs")
    document = json.loads(path.read_text(encoding="utf-8"))
    expected = projection(any_store)
    back = nx.cytoscape_graph(document)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        expected.number_of_nodes(),
        expected.number_of_edges(),
    )
    assert set(back.nodes) == set(expected.nodes)
    for element in document["elements"]["nodes"]:
        assert set(element["position"]) == {"x", "y"}
        assert element["data"]["name"] == expected.nodes[element["data"]["id"]]["label"]
    assert all(isinstance(e["data"]["id"], str) for e in document["elements"]["edges"])


def test_cyjs_alias_and_hostile_label_survive_json_exactly(hostile_store, tmp_path):
    path = export(hostile_store, "cyjs", tmp_path / "g.cyjs")
    document = json.loads(path.read_text(encoding="utf-8"))
    names = {e["data"]["id"]: e["data"]["name"] for e in document["elements"]["nodes"]}
    assert names[PERSON] == HOSTILE  # JSON holds every character, controls included
    sentences = [
        json.loads(e["data"]["sentences"])[0]["sentence"] for e in document["elements"]["edges"]
    ]
    assert HOSTILE in sentences


def test_graphology_json_has_what_sigma_draws(any_store, tmp_path):
    path = export(any_store, "graphology", tmp_path / "g.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    expected = projection(any_store)
    assert document["options"]["type"] == "directed"
    assert {n["key"] for n in document["nodes"]} == set(expected.nodes)
    assert len(document["edges"]) == expected.number_of_edges()
    for node in document["nodes"]:
        attrs = node["attributes"]
        assert {"x", "y", "size", "color", "label"} <= set(attrs)
        assert "type" not in attrs  # sigma reads it as a drawing program
        assert attrs["label"] == expected.nodes[node["key"]]["label"]
    assert {(e["source"], e["target"]) for e in document["edges"]} == set(expected.edges)


# -- DOT -------------------------------------------------------------------------------------


def _render_svg(dot_text: str) -> etree._Element:
    done = subprocess.run(["dot", "-Tsvg"], input=dot_text.encode(), capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"", done.stderr.decode()
    return etree.fromstring(done.stdout)


SVG = "{http://www.w3.org/2000/svg}"


def _shown(text: etree._Element) -> str:
    """The text an SVG <text> shows (Graphviz keeps runs of spaces as U+00A0)."""
    return (text.text or "").replace("\xa0", " ")


def test_dot_renders_with_graphviz_and_shows_the_labels_exactly(any_store, tmp_path):
    path = export(any_store, "dot", tmp_path / "g.dot")
    svg = _render_svg(path.read_text(encoding="utf-8"))
    expected = projection(any_store)
    groups = [g.get("class") for g in svg.iter(SVG + "g")]
    assert groups.count("node") == expected.number_of_nodes()
    assert groups.count("edge") == expected.number_of_edges()
    texts = {_shown(t) for t in svg.iter(SVG + "text")}
    assert {xml_safe(d["label"]) for _, d in expected.nodes(data=True)} <= texts
    assert not svg.xpath("//*[local-name()='script']")


@pytest.mark.parametrize(
    "label",
    [
        'a "quoted" name',
        "back\\slash",
        "ends with a backslash\\",
        'ends with \\"',
        "two\nlines",
        "AT&T &amp; &lt;b&gt;",
        "\\N \\G \\l \\E",
        "<b>not html</b>",
        "tab\there",
        "bell\x07 nul\x00",
    ],
)
def test_dot_string_makes_graphviz_show_the_text_itself(label):
    svg = _render_svg(f"graph {{ n0 [label={dot_string(label)}]; }}")
    shown = [_shown(t) for t in svg.iter(SVG + "text")]
    assert "\n".join(shown) == xml_safe(label)


# -- CSV -------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_writes_gephi_ready_tables_into_a_directory(any_store, tmp_path):
    out = tmp_path / "tables"
    export(any_store, "csv", out)
    nodes, edges = _read_csv(out / "nodes.csv"), _read_csv(out / "edges.csv")
    expected = projection(any_store)
    assert {row["Id"] for row in nodes} == set(expected.nodes)
    assert len(edges) == expected.number_of_edges()
    assert {(row["Source"], row["Target"]) for row in edges} == set(expected.edges)
    assert {row["Type"] for row in edges} <= {"Directed"}
    labels = {row["Id"]: row["Label"] for row in nodes}
    assert labels == {n: d["label"] for n, d in expected.nodes(data=True)}
    for row in edges:
        assert int(row["Weight"]) == expected.edges[row["Source"], row["Target"]]["weight"]
        assert json.loads(row["dates"]) == expected.edges[row["Source"], row["Target"]]["dates"]


def test_csv_keeps_the_hostile_label_verbatim_and_zips_as_a_stream(hostile_store, tmp_path):
    zipped = export(hostile_store, "csv", tmp_path / "tables.zip")
    with zipfile.ZipFile(zipped) as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        text = archive.read("nodes.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {row["Id"]: row["Label"] for row in rows}[PERSON] == HOSTILE


def test_csv_to_stdout_is_refused_with_one_error_line(hostile_store):
    result = run("export", "--format", "csv", "--store", hostile_store)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: format csv writes several files: pass -o DIRECTORY (or -o FILE.zip for one archive)"
    )


# -- GeoJSON ---------------------------------------------------------------------------------


def test_geojson_puts_places_and_events_on_the_map(hostile_store, tmp_path):
    path = export(hostile_store, "geojson", tmp_path / "g.geojson")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    by_kind: dict[str, list[dict]] = {}
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [14.4, 50.1]}
        by_kind.setdefault(feature["properties"]["kind"], []).append(feature["properties"])
    assert [p["label"] for p in by_kind["place"]] == [HOSTILE_PLACE]
    events = sorted(by_kind["event"], key=lambda p: p["date"])
    assert [(e["date"], e["root"], e["agents"], e["targets"]) for e in events] == [
        ("2024-03-05", "19", HOSTILE, "Ruritania"),
        ("2024-03-12", "04", "Ruritania", HOSTILE),
    ]
    assert events[0]["sentence"] == HOSTILE
    assert document["newsgraph"] == {"view": "full", "events_without_place": 0}


def test_geojson_of_the_sample_has_every_located_place(sample_store, tmp_path):
    path = export(sample_store, "geojson", tmp_path / "g.geojson")
    document = json.loads(path.read_text(encoding="utf-8"))
    full = projection(sample_store, "full")
    located = {n for n, d in full.nodes(data=True) if d["kind"] != "event" and "lat" in d}
    features = document["features"]
    assert {f["id"] for f in features if f["properties"]["kind"] != "event"} == located
    events = sum(1 for _, d in full.nodes(data=True) if d["kind"] == "event")
    placed = sum(1 for f in features if f["properties"]["kind"] == "event")
    assert placed + document["newsgraph"]["events_without_place"] == events
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


# -- pictures --------------------------------------------------------------------------------


def test_png_is_a_real_picture_with_coloured_nodes(any_store, tmp_path):
    from matplotlib import image

    path = export(any_store, "png", tmp_path / "g.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = image.imread(path)
    assert pixels.shape[0] > 500 and pixels.shape[1] > 500
    person = tuple(int(KIND_COLOURS["person"][i : i + 2], 16) / 255 for i in (1, 3, 5))
    close = (abs(pixels[..., :3] - person) < 0.02).all(axis=-1)
    assert close.sum() > 100  # person-coloured discs were drawn


def test_svg_parses_and_holds_the_hostile_label_as_text(hostile_store, tmp_path):
    path = export(hostile_store, "svg", tmp_path / "g.svg")
    svg = etree.parse(str(path)).getroot()
    assert svg.tag == SVG + "svg"
    texts = ["".join(t.itertext()) for t in svg.iter(SVG + "text")]
    assert HOSTILE_XML in texts  # `$x^2$` was not read as TeX, markup is text
    assert not svg.xpath("//*[local-name()='script' or local-name()='img']")


def test_png_to_a_terminal_is_refused(hostile_store, monkeypatch):
    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal(io.BytesIO()))
    fmt = network_format(get_exporter("png"))
    with pytest.raises(OutputError, match="binary; pass -o FILE.png"):
        fmt.export(open_store(hostile_store), NetworkOptions(), None)


# -- CLI: views, filters and RDF formats -------------------------------------------------------


def _graphml_iris(path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    graph = nx.read_graphml(path)
    iri = nx.get_node_attributes(graph, "iri")
    return set(iri.values()), {(iri[u], iri[v]) for u, v in graph.edges}


@pytest.mark.parametrize(
    ("extra", "nodes", "edges"),
    [
        ((), {PERSON, COUNTRY}, {(PERSON, COUNTRY), (COUNTRY, PERSON)}),
        (("--since", "2024-03-10"), {PERSON, COUNTRY}, {(COUNTRY, PERSON)}),
        (("--until", "2024-03-06"), {PERSON, COUNTRY}, {(PERSON, COUNTRY)}),
        (("--event-type", "19"), {PERSON, COUNTRY}, {(PERSON, COUNTRY)}),
        (("--event-type", "q1"), {PERSON, COUNTRY}, {(COUNTRY, PERSON)}),
        (("--min-weight", "2"), set(), set()),
        (("--actor", "Ruritania", "--radius", "0"), {COUNTRY}, set()),
    ],
)
def test_export_filters_reach_the_projection(hostile_store, tmp_path, extra, nodes, edges):
    path = export(hostile_store, "graphml", tmp_path / "g.graphml", *extra)
    assert _graphml_iris(path) == (nodes, edges)


def test_export_view_picks_the_projection(hostile_store, tmp_path):
    path = export(hostile_store, "graphml", tmp_path / "g.graphml", "--view", "full")
    full = projection(hostile_store, "full")
    assert _graphml_iris(path) == (set(full.nodes), set(full.edges))
    assert nx.read_graphml(path).graph["view"] == "full"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "turtle", "--view", "actors"), "Error: format turtle has no views"),
        (
            ("--format", "nq", "--since", "2024", "--event-type", "19"),
            "Error: only network formats take --since, --event-type; nquads exports the "
            "whole store",
        ),
        (
            ("--format", "gexf", "--view", "people"),
            "Error: Invalid value for '--view': unknown view 'people'; available: actors, "
            "comentions, full, places",
        ),
        (
            ("--format", "gexf", "--since", "March"),
            "Error: Invalid value for '--since': 'March' is not a date like 2024, 2024-03 or "
            "2024-03-05",
        ),
    ],
)
def test_export_usage_errors_exit_2(hostile_store, args, message):
    result = run("export", *args, "--store", hostile_store)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == message


def test_unknown_actor_is_one_error_line(hostile_store, tmp_path):
    result = run("export", "--format", "dot", "--actor", "Nobody", "--store", hostile_store)
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no actor matches 'Nobody'"


def test_rdf_export_is_unchanged(hostile_store):
    result = run("export", "--format", "nquads", "--store", hostile_store)
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == len(_quads())


def test_network_export_to_stdout_is_the_registry_write(hostile_store):
    result = CliRunner().invoke(main, ["export", "--format", "dot", "--store", str(hostile_store)])
    assert result.exit_code == 0
    out = io.BytesIO()
    get_exporter("gv").write(open_store(hostile_store), out)
    assert result.stdout_bytes == out.getvalue()


# -- shared helpers --------------------------------------------------------------------------


def test_flattening_gives_one_type_per_column():
    assert column_types([{"a": 1, "b": 1}, {"a": 2.5, "b": "x"}, {"c": True}]) == {
        "a": "double",
        "b": "string",
        "c": "boolean",
    }
    assert flat_value({"19": 2, "04": 1}) == '{"04": 1, "19": 2}'
    assert flat_value(None) == ""
    graph = nx.DiGraph()
    graph.add_node("https://x/1", label="a\x00b", w=1)
    graph.add_node("https://x/2", label="c", w=0.5)
    graph.add_edge("https://x/1", "https://x/2", dates=["2024-01-01"])
    flat = table(graph, xml=True)
    assert [nid for nid, _ in flat.nodes] == ["n0", "n1"]
    assert flat.nodes[0][1] == {"iri": "https://x/1", "label": "ab", "w": 1.0}
    assert flat.edges == [("e0", "n0", "n1", {"dates": '["2024-01-01"]'})]


def test_scores_are_added_once_and_kept_when_present():
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "y")])
    graph.add_node("lonely")
    ensure_scores(graph)
    ranks = nx.get_node_attributes(graph, "pagerank")
    assert set(ranks) == set(graph) and sum(ranks.values()) == pytest.approx(1.0)
    assert ranks["c"] > ranks["a"]
    communities = nx.get_node_attributes(graph, "community")
    assert communities["a"] == communities["b"] != communities["x"]
    graph.nodes["a"]["pagerank"] = 0.5
    ensure_scores(graph)
    assert graph.nodes["a"]["pagerank"] == 0.5


# -- every view, every format ----------------------------------------------------------------


@pytest.mark.parametrize("view", ["actors", "comentions", "full", "places"])
def test_every_view_exports_to_valid_graphml_and_gexf(sample_store, tmp_path, view):
    graph = projection(sample_store, view)
    graphml = export(sample_store, "graphml", tmp_path / "g.graphml", "--view", view)
    schema = etree.XMLSchema(etree.parse(str(XSD / "graphml-1.0" / "graphml.xsd")))
    assert schema.validate(etree.parse(str(graphml))), schema.error_log
    back = igraph.Graph.Read_GraphML(str(graphml))
    assert (back.vcount(), back.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert back.is_directed() == graph.is_directed()
    gexf = export(sample_store, "gexf", tmp_path / "g.gexf", "--view", view)
    rng = _gexf_schema()
    assert rng.validate(etree.parse(str(gexf))), rng.error_log
    assert nx.read_gexf(gexf, version="1.3").number_of_edges() == graph.number_of_edges()


@pytest.mark.parametrize("fmt", ["cytoscape", "graphology", "geojson", "html", "dot", "svg"])
def test_text_formats_write_the_full_view(sample_store, tmp_path, fmt):
    out = export(sample_store, fmt, tmp_path / f"g.{fmt}", "--view", "full")
    text = out.read_text(encoding="utf-8")
    if fmt in ("cytoscape", "graphology", "geojson"):
        json.loads(text)
    elif fmt == "dot":
        _render_svg(text)
    elif fmt == "svg":
        etree.fromstring(text.encode("utf-8"))
    else:
        assert text.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "fmt", ["graphml", "gexf", "cytoscape", "graphology", "dot", "geojson", "svg", "png", "html"]
)
def test_exports_repeat_byte_for_byte(hostile_store, tmp_path, fmt):
    first = export(hostile_store, fmt, tmp_path / "a")
    second = export(hostile_store, fmt, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_csv_archive_repeats_byte_for_byte(hostile_store, tmp_path):
    first = export(hostile_store, "csv", tmp_path / "a.zip")
    second = export(hostile_store, "csv", tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    "fmt",
    ["graphml", "gexf", "cytoscape", "graphology", "dot", "geojson", "html", "png", "svg"],
)
def test_a_filter_that_keeps_nothing_still_gives_a_valid_file(hostile_store, tmp_path, fmt):
    out = export(hostile_store, fmt, tmp_path / f"empty.{fmt}", "--since", "2030")
    data = out.read_bytes()
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_nodes() == 0
    elif fmt == "gexf":
        assert _gexf_schema().validate(etree.parse(str(out)))
    elif fmt in ("cytoscape", "graphology", "geojson"):
        json.loads(data)
    elif fmt == "dot":
        _render_svg(data.decode("utf-8"))
    elif fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert data.startswith(b"<")


def test_unwritable_output_is_one_error_line_and_no_file(hostile_store, tmp_path):
    result = run("export", "--format", "gexf", "--store", hostile_store, "-o", tmp_path / "no/x")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: cannot write {tmp_path / 'no/x'}: No such file or directory"
    )
    (tmp_path / "taken").write_text("")
    result = run("export", "--format", "csv", "--store", hostile_store, "-o", tmp_path / "taken")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: cannot write {tmp_path / 'taken'}: File exists"

"""Generate ontology/event-types.ttl (SKOS) from the CAMEO root and CAMEO-to-PLOVER tables.

Why generated: the QuadClass/Goldstein values and PLOVER mappings must equal the reference
tables exactly, and a script that reads them keeps the two from drifting. Run it again when
a table changes:

    python scripts/make_event_types.py [--roots cameo-roots.tsv] [--plover CAMEO2PLOVER-2021.txt]
                                       [-o ontology/event-types.ttl]

Output is deterministic (no blank nodes; rdflib's Turtle serialiser sorts subjects), so a
rerun on unchanged tables gives an identical file.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsgraph.rdf.namespaces import (  # noqa: E402
    CAMEO,
    CAMEO_SCHEME,
    DCTERMS,
    NG,
    PLOVER,
    PLOVER_SCHEME,
    bind_prefixes,
)

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"

#: Root 08 is the one root whose PLOVER type depends on the sub-code; the reference
#: README fixes the split at this level (080-083 CONCEDE, 084-087 RETREAT).
SPLIT_ROOT = "08"

GDELT_CODEBOOK = URIRef("http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf")
CAMEO_MANUAL = URIRef("http://data.gdeltproject.org/documentation/CAMEO.Manual.1.1b3.pdf")
PLOVER_REPO = URIRef("https://github.com/openeventdata/PLOVER")
CC_BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")

CAMEO_CITATION = (
    "Schrodt, P. A. (2012). CAMEO: Conflict and Mediation Event Observations Event and "
    "Actor Codebook, version 1.1b3. QuadClass and Goldstein values as given by the GDELT "
    "Event Codebook V2.0."
)
PLOVER_CITATION = (
    "Schrodt, P. A. (2021). CAMEO to PLOVER conversion table, PLOVER manual Draft 0.8, "
    "17 September 2021 (openeventdata/PLOVER), CC BY-SA 4.0."
)


@dataclass(frozen=True)
class Root:
    """One row of cameo-roots.tsv."""

    code: str
    name: str
    quad_class: int
    goldstein: Decimal
    plover: tuple[str, ...]


@dataclass(frozen=True)
class SubCode:
    """One three-digit CAMEO code line of CAMEO2PLOVER (e.g. ``084: RETREAT, ... # Return``)."""

    code: str
    plover: str
    description: str


def read_roots(path: Path) -> list[Root]:
    """Read the 20 CAMEO roots; the PLOVER column may hold several types joined by ``|``."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    roots = [
        Root(
            code=row["code"].strip(),
            name=row["name"].strip(),
            quad_class=int(row["quad_class"]),
            goldstein=Decimal(row["goldstein"].strip()),
            plover=tuple(p.strip() for p in (row["plover"] or "").split("|") if p.strip()),
        )
        for row in rows
    ]
    codes = [r.code for r in roots]
    if codes != [f"{i:02d}" for i in range(1, 21)]:
        raise SystemExit(f"{path}: expected CAMEO roots 01..20 in order, got {codes}")
    return roots


_LINE = re.compile(r"^(?P<code>\d{3,4}):\s*(?P<plover>[A-Z]+)\s*,[^#]*#\s*(?P<desc>.+?)\s*$")


def read_subcodes(path: Path, root: str) -> list[SubCode]:
    """Three-digit sub-codes of ``root`` with their PLOVER type and description."""
    found: list[SubCode] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match and len(match["code"]) == 3 and match["code"].startswith(root):
            found.append(SubCode(match["code"], match["plover"], match["desc"]))
    if not found:
        raise SystemExit(f"{path}: no three-digit sub-codes of root {root}")
    return found


def nice_label(name: str) -> str:
    """Sentence-case an upper-case CAMEO name: "USE UNCONVENTIONAL ..." -> "Use unconv...".

    Sentence case because the CAMEO codebook's own descriptions are written that way.
    """
    lowered = name.lower()
    return lowered[:1].upper() + lowered[1:]


def build_graph(roots: list[Root], subcodes: list[SubCode]) -> Graph:
    """The SKOS graph: CAMEO root scheme (plus root 08's sub-codes) and the PLOVER scheme."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("dcterms", DCTERMS, replace=True)

    graph.add((CAMEO_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((CAMEO_SCHEME, SKOS.prefLabel, Literal("CAMEO event root categories", lang="en")))
    graph.add((CAMEO_SCHEME, RDFS.label, Literal("CAMEO event root categories", lang="en")))
    graph.add(
        (
            CAMEO_SCHEME,
            RDFS.comment,
            Literal(
                "The 20 CAMEO root event categories with GDELT's QuadClass and Goldstein "
                "values, mapped to PLOVER types with skos:closeMatch at the level the "
                "CAMEO-to-PLOVER table gives: root 08 splits by sub-code (080-083 CONCEDE, "
                "084-087 RETREAT), root 01 has no PLOVER type, root 02 is taken as REQUEST. "
                "Generated by scripts/make_event_types.py.",
                lang="en",
            ),
        )
    )
    graph.add((CAMEO_SCHEME, DCTERMS.source, GDELT_CODEBOOK))
    graph.add((CAMEO_SCHEME, DCTERMS.source, CAMEO_MANUAL))
    graph.add((CAMEO_SCHEME, DCTERMS.source, PLOVER_REPO))
    graph.add((CAMEO_SCHEME, RDFS.seeAlso, PLOVER_SCHEME))
    graph.add((CAMEO_SCHEME, DCTERMS.bibliographicCitation, Literal(CAMEO_CITATION)))
    graph.add((CAMEO_SCHEME, DCTERMS.bibliographicCitation, Literal(PLOVER_CITATION)))

    graph.add((PLOVER_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((PLOVER_SCHEME, SKOS.prefLabel, Literal("PLOVER event types", lang="en")))
    graph.add((PLOVER_SCHEME, RDFS.label, Literal("PLOVER event types", lang="en")))
    graph.add(
        (
            PLOVER_SCHEME,
            RDFS.comment,
            Literal(
                "PLOVER (Political Language Ontology for Verifiable Event Records) event "
                "types. PLOVER publishes no RDF namespace, so the concepts are minted here; "
                "the type names and the CAMEO mapping come from the CAMEO-to-PLOVER table "
                "(P. Schrodt, 2021, CC BY-SA 4.0).",
                lang="en",
            ),
        )
    )
    graph.add((PLOVER_SCHEME, DCTERMS.source, PLOVER_REPO))
    graph.add((PLOVER_SCHEME, DCTERMS.license, CC_BY_SA))
    graph.add((PLOVER_SCHEME, DCTERMS.bibliographicCitation, Literal(PLOVER_CITATION)))
    graph.add((PLOVER_SCHEME, RDFS.seeAlso, CAMEO_SCHEME))

    plover_types = sorted({p for root in roots for p in root.plover})
    for name in plover_types:
        concept = PLOVER[name]
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.notation, Literal(name)))
        graph.add((concept, SKOS.prefLabel, Literal(nice_label(name), lang="en")))
        graph.add((concept, SKOS.inScheme, PLOVER_SCHEME))
        graph.add((concept, SKOS.topConceptOf, PLOVER_SCHEME))
        graph.add((PLOVER_SCHEME, SKOS.hasTopConcept, concept))

    def close_match(concept: URIRef, plover: str) -> None:
        # closeMatch is symmetric; both directions are written so SPARQL needs no reasoner.
        graph.add((concept, SKOS.closeMatch, PLOVER[plover]))
        graph.add((PLOVER[plover], SKOS.closeMatch, concept))

    for root in roots:
        concept = CAMEO[root.code]
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.notation, Literal(root.code)))
        graph.add((concept, SKOS.prefLabel, Literal(nice_label(root.name), lang="en")))
        graph.add((concept, SKOS.altLabel, Literal(root.name, lang="en")))
        graph.add((concept, SKOS.inScheme, CAMEO_SCHEME))
        graph.add((concept, SKOS.topConceptOf, CAMEO_SCHEME))
        graph.add((CAMEO_SCHEME, SKOS.hasTopConcept, concept))
        graph.add((concept, NG.quadClass, Literal(root.quad_class, datatype=XSD.integer)))
        graph.add((concept, NG.goldstein, Literal(root.goldstein, datatype=XSD.decimal)))
        for plover in root.plover:
            close_match(concept, plover)

    split = CAMEO[SPLIT_ROOT]
    for sub in subcodes:
        concept = CAMEO[sub.code]
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.notation, Literal(sub.code)))
        graph.add((concept, SKOS.prefLabel, Literal(sub.description, lang="en")))
        graph.add((concept, SKOS.inScheme, CAMEO_SCHEME))
        graph.add((concept, SKOS.broader, split))
        graph.add((split, SKOS.narrower, concept))
        close_match(concept, sub.plover)
    return graph


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build the graph and write it as Turtle."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roots", type=Path, default=REFERENCE / "cameo-roots.tsv")
    parser.add_argument("--plover", type=Path, default=REFERENCE / "CAMEO2PLOVER-2021.txt")
    parser.add_argument("-o", "--output", type=Path, default=REPO / "ontology" / "event-types.ttl")
    args = parser.parse_args(argv)

    roots = read_roots(args.roots)
    split_root = next(r for r in roots if r.code == SPLIT_ROOT)
    subcodes = read_subcodes(args.plover, SPLIT_ROOT)
    unknown = {s.plover for s in subcodes} - set(split_root.plover)
    if unknown:
        raise SystemExit(f"root {SPLIT_ROOT} sub-codes map to {unknown}, not in cameo-roots")

    graph = build_graph(roots, subcodes)
    header = (
        "# CAMEO root event categories and PLOVER types (SKOS).\n"
        "# GENERATED by scripts/make_event_types.py from cameo-roots.tsv and\n"
        "# CAMEO2PLOVER-2021.txt; do not edit by hand.\n"
        "# QuadClass/Goldstein: GDELT Event Codebook V2.0. CAMEO: P. Schrodt, CAMEO codebook.\n"
        "# PLOVER types and the CAMEO-to-PLOVER mapping: P. Schrodt 2021, CC BY-SA 4.0.\n\n"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(header + graph.serialize(format="turtle"), encoding="utf-8")
    print(f"wrote {args.output} ({len(graph)} triples)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

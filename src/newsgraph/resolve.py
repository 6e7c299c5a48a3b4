"""Article entities → corpus entities: canonical keys, IRIs and the entities graph.

The one step that reads the corpus. It runs in the single writer, in input order, so the
result does not depend on how many workers extracted. Its state (which IRIs exist, their
labels, the surname index) is rebuilt from the entities graph on start, so a resumed or
incremental build resolves exactly like a fresh one would have.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .extract.gazetteer import Gazetteer, normalize_name
from .model import EntityRef, Extraction
from .rdf.iri import entity_iri
from .rdf.mapping import ALT, LABEL, TYPE, Triple, entity_triples
from .rdf.vocab import NG

__all__ = ["Resolver"]

_PERSON = ox.NamedNode(str(NG.Person))


class Resolver:
    """Maps in-article entity keys to corpus IRIs and yields the new entity facts."""

    def __init__(self, base: str, gazetteer: Gazetteer) -> None:
        self.base = base
        self.gazetteer = gazetteer
        self.known: set[Triple] = set()
        self.labels: dict[str, str] = {}
        self._surnames: dict[str, set[str]] = defaultdict(set)

    def load(self, triples: Iterable[Triple]) -> None:
        """Read the existing entities graph (on start or resume)."""
        persons: set[str] = set()
        for s, p, o in triples:
            self.known.add((s, p, o))
            if p == LABEL:
                self.labels[s.value] = o.value
            elif p == TYPE and o == _PERSON:
                persons.add(s.value)
        for iri in persons:
            if iri in self.labels:
                self._index_person(iri, self.labels[iri])

    def _index_person(self, iri: str, label: str) -> None:
        words = normalize_name(label).split()
        if len(words) >= 2:
            self._surnames[words[-1]].add(iri)

    def canonical_iri(self, ref: EntityRef) -> str:
        """The corpus IRI for one article entity.

        A surname-only person ("Trump") with no full name in its own article joins the one
        person of the corpus with that surname — but only when exactly one exists, so
        different people who share a surname are never merged.
        """
        kind, _, rest = ref.key.partition(":")
        if kind == "person" and len(rest.split()) == 1:
            candidates = self._surnames.get(rest, set())
            if len(candidates) == 1:
                return next(iter(candidates))
        return entity_iri(self.base, ref.key)

    def resolve(self, extraction: Extraction) -> tuple[dict[str, str], list[ox.Quad]]:
        """IRIs for the extraction's entity keys and the entity-graph quads not yet stored."""
        iri_of = {ref.key: self.canonical_iri(ref) for ref in extraction.entities}
        graph = ox.NamedNode(f"{self.base}graph/entities")
        new: list[Triple] = []

        def add(t: Triple) -> None:
            if t not in self.known:
                self.known.add(t)
                new.append(t)

        def country_iri(iso3: str) -> str:
            iri = entity_iri(self.base, f"country:{iso3}")
            if iri not in self.labels:
                country = self.gazetteer.country_by_code(iso3)
                ref = EntityRef(
                    key=f"country:{iso3}",
                    kind="country",
                    label=country.name if country else iso3,
                    country_code=iso3,
                )
                if country is not None:
                    ref.geonames_id, ref.lat, ref.lon = (
                        country.geonames_id,
                        country.lat,
                        country.lon,
                    )
                self._write(ref, iri, iri_of.get, country_iri, add)
            return iri

        for ref in extraction.entities:
            self._write(ref, iri_of[ref.key], iri_of.__getitem__, country_iri, add)
        return iri_of, [ox.Quad(s, p, o, graph) for s, p, o in new]

    def _write(self, ref, iri, iri_of, country_iri, add) -> None:  # noqa: ANN001
        node = ox.NamedNode(iri)
        label = self.labels.get(iri)
        if label is None:
            label = self.labels[iri] = ref.label
            add((node, LABEL, ox.Literal(ref.label)))
            if ref.kind == "person":
                self._index_person(iri, ref.label)
        for alias in sorted({ref.label, *ref.aliases} - {label}):
            add((node, ALT, ox.Literal(alias)))
        for t in entity_triples(ref, iri, iri_of, country_iri):
            add(t)

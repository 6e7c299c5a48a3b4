"""The newsgraph vocabulary as Python names, mirroring ``ontology/newsgraph.ttl``.

The IRIs themselves are in :mod:`.vocab` (plain strings, which ``build`` uses without
importing rdflib); this module makes the rdflib objects exports, SHACL and tests use.

Why a ``DefinedNamespace`` with ``_fail = True``: a typo such as ``NG.agnet`` must raise
``AttributeError`` at once instead of silently minting a new IRI that no query or shape
knows about (the pattern of rdflib's ``namespace/_FOAF.py``). ``tests/test_ontology.py``
checks that its terms (``vocab.NG_TERMS``) and those the ontology defines are the same set.

The other vocabularies are plain :class:`~rdflib.Namespace` objects: we use only a few
of their terms and do not own them (rdflib's own RDF, RDFS, OWL, SKOS, XSD and PROV
objects are used where those are needed). ``PREFIXES`` is the one prefix table, shared by
rdflib serialisers (via :func:`bind_prefixes`) and pyoxigraph (``prefixes=PREFIXES``).

>>> str(NG.Event)
'https://w3id.org/newsgraph/ontology#Event'
>>> str(CAMEO["19"])
'https://w3id.org/newsgraph/ontology/cameo/19'
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DefinedNamespace, Namespace, NamespaceManager
from rdflib.term import URIRef

from .vocab import NAMESPACES, NG_TERMS

__all__ = [
    "NG",
    "NG_NS",
    "SEM",
    "SCHEMA",
    "GEO",
    "NIF",
    "GAF",
    "DCTERMS",
    "CAMEO",
    "PLOVER",
    "ONTOLOGY_IRI",
    "CAMEO_SCHEME",
    "PLOVER_SCHEME",
    "PREFIXES",
    "bind_prefixes",
]

#: The ontology document's IRI (no trailing ``#``); the terms live under ``NG_NS``.
ONTOLOGY_IRI = URIRef(NAMESPACES["ng"].rstrip("#"))
NG_NS = Namespace(NAMESPACES["ng"])

#: newsgraph ontology terms (``ng:``); see ontology/newsgraph.ttl for their meaning and
#: :data:`.vocab.NG_TERMS`, the list this class is made from, for one line on each.
NG = type(
    "NG",
    (DefinedNamespace,),
    {
        "__doc__": "newsgraph ontology terms (``ng:``), closed: see :data:`.vocab.NG_TERMS`.",
        "__module__": __name__,
        "__annotations__": {term: URIRef for term in NG_TERMS},
        "_fail": True,
        "_NS": NG_NS,
    },
)

SEM = Namespace(NAMESPACES["sem"])
SCHEMA = Namespace(NAMESPACES["schema"])
GEO = Namespace(NAMESPACES["geo"])
NIF = Namespace(NAMESPACES["nif"])
GAF = Namespace(NAMESPACES["gaf"])
DCTERMS = Namespace(NAMESPACES["dcterms"])
#: Concepts of the CAMEO root scheme: ``CAMEO["19"]``, sub-codes ``CAMEO["084"]``.
CAMEO = Namespace(NAMESPACES["cameo"])
#: PLOVER concepts, minted in our namespace (PLOVER has none): ``PLOVER.ASSAULT``.
PLOVER = Namespace(NAMESPACES["plover"])
CAMEO_SCHEME = URIRef(NAMESPACES["cameo"].rstrip("/"))
PLOVER_SCHEME = URIRef(NAMESPACES["plover"].rstrip("/"))

#: prefix -> namespace IRI, for SPARQL prologues and ``pyoxigraph`` ``prefixes=``.
PREFIXES: dict[str, str] = dict(NAMESPACES)


def bind_prefixes(target: Graph | NamespaceManager) -> None:
    """Bind every newsgraph prefix on a graph (or its namespace manager).

    ``replace=True`` matters: rdflib binds ``geo:`` to GeoSPARQL by default, and we
    want it to mean WGS84 so serialised output reads like the design's examples.
    """
    manager = target.namespace_manager if isinstance(target, Graph) else target
    for prefix, iri in PREFIXES.items():
        manager.bind(prefix, Namespace(iri), override=True, replace=True)

"""RDF side of newsgraph: the vocabulary (:mod:`.vocab` as IRI strings, :mod:`.namespaces` as
rdflib objects) and the mapping to quads.

Kept apart from extraction so that the graph shape is decided in one place and can be
tested without spaCy.
"""

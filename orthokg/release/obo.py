"""OBO conventions a release adds to the TBox: ``IAO:0000115`` beside ``skos:definition``.

OBO tools (ROBOT, the OBO Foundry checks, many Protégé set-ups) read a term's definition
from ``IAO:0000115``; OrthoKG's hand-edited TBox writes ``skos:definition`` once, and
the release copies each into ``IAO:0000115`` with the same text, so the two cannot drift
apart. Concepts (named individuals) keep ``skos:definition`` only: OBO's definition
checks are about terms, and the lexicon's short glosses may be shared by two
near-synonymous drugs, which ``IAO:0000115`` would report as duplicate definitions.
"""

from __future__ import annotations

from rdflib import Graph

from orthokg.ontology.vocab import IAO_DEFINITION, SKOS

__all__ = ["add_obo_definitions"]


def add_obo_definitions(graph: Graph) -> Graph:
    """Add ``IAO:0000115`` for every ``skos:definition`` of ``graph``; returns it.

    >>> from rdflib import Literal, URIRef
    >>> g = Graph().add((URIRef("http://x/a"), SKOS.definition, Literal("A thing.", lang="en")))
    >>> str(add_obo_definitions(g).value(URIRef("http://x/a"), IAO_DEFINITION))
    'A thing.'
    """
    for subject, text in list(graph.subject_objects(SKOS.definition)):
        graph.add((subject, IAO_DEFINITION, text))
    return graph

"""What the reasoning code needs to know about the TBox, read from the graph itself.

Reasoners are given the asserted graph merged with the packaged TBox; the helpers here
tell schema terms (classes, properties, the TBox's own individuals) from ABox individuals,
so that the inferred output and the explanations talk about the ABox only.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.term import Node

from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OKG, OWL, RDF, RDFS

SCHEMA_TYPES = (
    OWL.Class, OWL.Restriction, OWL.ObjectProperty, OWL.DatatypeProperty,
    OWL.AnnotationProperty, OWL.Ontology, OWL.AllDisjointClasses, OWL.TransitiveProperty,
    OWL.SymmetricProperty, OWL.FunctionalProperty, RDFS.Datatype, RDFS.Class, RDF.Property,
)
BUILTIN_BASES = (str(OWL), str(RDF), str(RDFS), "http://www.w3.org/2001/XMLSchema#")


def with_tbox(graph: Graph) -> Graph:
    """A new graph: ``graph`` plus the packaged TBox (the caller's graph is not touched).

    Build outputs already contain the TBox; adding it again is harmless (a set union),
    and a bare ABox such as the test fixture becomes reasonable.
    """
    merged = tbox_graph()
    merged += graph
    return merged


@cache
def _packaged_schema_terms() -> frozenset[Node]:
    return frozenset(tbox_graph().subjects(unique=True))


def schema_terms(graph: Graph) -> frozenset[Node]:
    """Every subject of the packaged TBox plus anything ``graph`` types as a schema term."""
    found = set(_packaged_schema_terms())
    for kind in SCHEMA_TYPES:
        found.update(graph.subjects(RDF.type, kind))
    return frozenset(found)


def is_builtin(term: Node) -> bool:
    """True for IRIs of the OWL, RDF, RDFS and XSD vocabularies."""
    return str(term).startswith(BUILTIN_BASES)


@cache
def defined_classes() -> tuple[URIRef, ...]:
    """The ``okg:`` classes the TBox defines with ``owl:equivalentClass``, sorted.

    >>> [c.split("#")[1] for c in defined_classes()][:4]
    ['DrugDeliveryProcedure', 'FootAnkleStructure', 'HandWristStructure', 'HipProcedure']
    """
    tbox = tbox_graph()
    found = {c for c in tbox.subjects(OWL.equivalentClass, None)
             if isinstance(c, URIRef) and str(c).startswith(str(OKG))}
    return tuple(sorted(found))

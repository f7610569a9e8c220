"""The class-based view of a release: ``orthokg-classes.owl``, built as OBO ontologies are.

The graph's concepts are named individuals and its facts are property assertions
between them (VOCABULARY.md), which is what queries and the provenance axioms need.
Editors and reasoners made for OBO ontologies expect the other way: each concept a
class, each fact an existential restriction on it. The view is written from the same
facts by fixed rules:

* every concept (an individual under ``https://w3id.org/orthokg/id/``, quantities left
  out) is an ``owl:Class`` with the same IRI, ``rdfs:subClassOf`` each TBox class it is
  typed with, its names, identifiers and definition (also as ``IAO:0000115``);
* a fact ``s p o`` is ``SubClassOf(s ObjectSomeValuesFrom(p o))`` ("every total hip
  replacement has some target site that is a hip joint"), for the core properties and
  the lexicon's ``okg:anatomicalPartOf``;
* a kind-of fact (``okg:subtypeOf``, ``okg:kindOf``) is ``SubClassOf(s o)``, as OBO's
  ``is_a``.

Documents, quantities and the evidence of each fact stay in the data files
(``orthokg-kg.*``); the view imports the TBox by its version IRI, like them. Using the
concepts' own IRIs as class IRIs is OWL 2 punning, which DL allows, so the view can be
opened beside the data.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef

from orthokg.export.serialize import bind_prefixes
from orthokg.ontology.data_ontology import LICENSE, tbox_version_iri
from orthokg.ontology.signature import core_signatures
from orthokg.ontology.vocab import (
    CONCEPT_BASE,
    DCTERMS,
    IAO_DEFINITION,
    OBO_IN_OWL,
    OKG,
    OWL,
    QUANTITY,
    RDF,
    RDFS,
    SKOS,
)

__all__ = ["CLASS_VIEW_IRI", "class_view"]

CLASS_VIEW_IRI = URIRef("https://w3id.org/orthokg/classes")
KIND_OF = (OKG.subtypeOf, OKG.kindOf)
ANNOTATIONS = (RDFS.label, SKOS.altLabel, SKOS.definition, SKOS.exactMatch, SKOS.closeMatch,
               SKOS.broadMatch, SKOS.narrowMatch, OBO_IN_OWL.hasExactSynonym,
               OBO_IN_OWL.hasRelatedSynonym, OBO_IN_OWL.hasBroadSynonym)


def _is_concept(node: object) -> bool:
    return (isinstance(node, URIRef) and str(node).startswith(CONCEPT_BASE)
            and not str(node).startswith(str(QUANTITY)))


def _restriction(graph: Graph, prop: URIRef, filler: URIRef) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, prop))
    graph.add((node, OWL.someValuesFrom, filler))
    return node


def _header(graph: Graph, version: str) -> None:
    header = CLASS_VIEW_IRI
    graph.add((header, RDF.type, OWL.Ontology))
    graph.add((header, OWL.versionIRI, URIRef(f"{header}/{version}")))
    graph.add((header, OWL.versionInfo, Literal(version)))
    graph.add((header, OWL.imports, tbox_version_iri()))
    for prop, text in ((RDFS.label, "OrthoKG knowledge graph, class view"),
                       (DCTERMS.title, "OrthoKG knowledge graph, class view"),
                       (DCTERMS.description, "Each concept of the OrthoKG knowledge graph as a "
                        "class, each fact as an existential restriction on it, for editors "
                        "and reasoners that expect an ontology built as OBO ontologies are; "
                        "the evidence of each fact is in the knowledge graph files.")):
        graph.add((header, prop, Literal(text, lang="en")))
    graph.add((header, DCTERMS.license, LICENSE))


def class_view(merged: Graph, version: str) -> Graph:
    """The class view of ``merged`` (a build graph, TBox included or not)."""
    view = bind_prefixes(Graph())
    _header(view, version)
    concepts = {s for s in merged.subjects(RDF.type, OWL.NamedIndividual) if _is_concept(s)}
    for concept in concepts:
        view.add((concept, RDF.type, OWL.Class))
        for cls in merged.objects(concept, RDF.type):
            if isinstance(cls, URIRef) and str(cls).startswith(str(OKG)):
                view.add((concept, RDFS.subClassOf, cls))
        for prop in ANNOTATIONS:
            for value in merged.objects(concept, prop):
                view.add((concept, prop, value))
        for definition in merged.objects(concept, SKOS.definition):
            view.add((concept, IAO_DEFINITION, definition))
    properties = [OKG[name] for name in core_signatures()] + [OKG.kindOf,
                                                              OKG.anatomicalPartOf]
    for prop in properties:
        for s, o in merged.subject_objects(prop):
            if s not in concepts or o not in concepts or s == o:
                continue
            assert isinstance(s, URIRef) and isinstance(o, URIRef)
            filler = o if prop in KIND_OF else _restriction(view, prop, o)
            view.add((s, RDFS.subClassOf, filler))
    return view

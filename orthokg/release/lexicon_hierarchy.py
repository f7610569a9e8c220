"""The lexicon's concepts and hierarchy as an ontology of its own: ``orthokg-lexicon.owl``.

A build writes only the concepts its documents mention, and a ``subtypeOf`` link only
when a sentence states it, so an editor browsing a release missed what the lexicon
knows ("Birmingham hip resurfacing" is a kind of "hip resurfacing" whether or not a page
says so). The release ships every lexicon concept, written as the graph writer writes
concepts (label, typed synonyms, definition, identifiers), with its ``subtypeOf`` and
``partOf`` links (a subtype link between concepts that are not procedures or
conditions, which ``subtypeOf``'s signature does not allow, is written with its
super-property ``kindOf``). These links are the lexicon's, not a document's, so they
carry no provenance axiom; a link that fits no property (which would make the ontology
inconsistent) is left out and counted.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from orthokg.export.serialize import bind_prefixes
from orthokg.loaders.writing.graph_writer import add_concept
from orthokg.loaders.writing.resolution import core_kinds
from orthokg.ontology.data_ontology import LICENSE, tbox_version_iri
from orthokg.ontology.lexicon import Concept, load_lexicon
from orthokg.ontology.signature import Signature, core_signatures
from orthokg.ontology.vocab import DCTERMS, OKG, OWL, RDF, RDFS, concept_iri

__all__ = ["LEXICON_ONTOLOGY_IRI", "lexicon_graph"]

LEXICON_ONTOLOGY_IRI = URIRef("https://w3id.org/orthokg/lexicon")
HIERARCHY = (("subtypeOf", "subtype_of"), ("partOf", "part_of"))


def _property(prop: str, concept: Concept, target: Concept,
              signatures: dict[str, Signature]) -> str | None:
    """The property a lexicon link is written with, or None when none fits."""
    if signatures[prop].fits(concept, target):
        return prop
    if prop == "subtypeOf" and concept != target and core_kinds(concept) & core_kinds(target):
        return "kindOf"
    return None


def lexicon_graph(version: str) -> tuple[Graph, int]:
    """The lexicon ontology (importing the TBox) and the number of links left out."""
    lexicon = load_lexicon()
    graph = bind_prefixes(Graph())
    header = LEXICON_ONTOLOGY_IRI
    graph.add((header, RDF.type, OWL.Ontology))
    graph.add((header, OWL.versionIRI, URIRef(f"{header}/{version}")))
    graph.add((header, OWL.imports, tbox_version_iri()))
    for prop, text in ((RDFS.label, "OrthoKG lexicon"), (DCTERMS.title, "OrthoKG lexicon"),
                       (DCTERMS.description, "Every concept the OrthoKG loaders know, with "
                        "its names, identifiers and the kinds and parts it belongs to.")):
        graph.add((header, prop, Literal(text, lang="en")))
    graph.add((header, DCTERMS.license, LICENSE))
    signatures = core_signatures()
    left_out = 0
    for concept in lexicon:
        add_concept(graph, concept)
        for link, column in HIERARCHY:
            for label in getattr(concept, column):
                target = lexicon.get(label)
                written = None if target is None else _property(link, concept, target,
                                                                 signatures)
                if target is None or written is None:
                    left_out += 1
                    continue
                graph.add((concept_iri(concept.label), OKG[written],
                           concept_iri(target.label)))
    return graph, left_out

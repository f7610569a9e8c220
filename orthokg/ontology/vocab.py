"""The one place IRIs are spelled out.

Every module that writes or reads the graph takes its namespaces from here, so the
contract of VOCABULARY.md (ontology, term, concept and document IRIs) is kept in a
single file and a change of base IRI is a one-line edit.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "CONCEPT_BASE",
    "DCTERMS",
    "DOC",
    "DOC_BASE",
    "EVIDENCE",
    "GRAPH_BASE",
    "IAO_DEFINITION",
    "OBO_IN_OWL",
    "OKG",
    "OKGR",
    "ONTOLOGY_IRI",
    "OWL",
    "PROV",
    "QUANTITY",
    "QUDT_UNIT",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
    "concept_iri",
    "document_iri",
    "slugify",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/orthokg/ontology")
OKG = Namespace("https://w3id.org/orthokg/ontology#")
CONCEPT_BASE = "https://w3id.org/orthokg/id/"
OKGR = Namespace(CONCEPT_BASE)
DOC_BASE = "https://w3id.org/orthokg/doc/"
DOC = Namespace(DOC_BASE)
QUANTITY = Namespace(CONCEPT_BASE + "quantity/")
# Provenance axioms: EVIDENCE + "<doc-id>/<content digest>" (loaders/writing/node_iris.py).
EVIDENCE = Namespace("https://w3id.org/orthokg/evidence/")
GRAPH_BASE = "https://w3id.org/orthokg/graph/"
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
# OBO conventions: typed synonyms and the textual definition OBO tools (ROBOT) look for.
OBO_IN_OWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
IAO_DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(label: str) -> str:
    """Turn a preferred label into the stable slug of its concept IRI.

    Accents are folded and anything that is not a letter or digit becomes one hyphen,
    so the same label always gives the same IRI across builds and machines.

    >>> slugify("Birmingham Hip Resurfacing (BHR)")
    'birmingham-hip-resurfacing-bhr'
    >>> slugify("  Platelet-rich plasma ")
    'platelet-rich-plasma'
    """
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", folded.lower()).strip("-")


def concept_iri(label: str) -> URIRef:
    """IRI of the concept whose preferred label is ``label``.

    >>> concept_iri("total hip replacement")
    rdflib.term.URIRef('https://w3id.org/orthokg/id/total-hip-replacement')
    """
    slug = slugify(label)
    if not slug:
        raise ValueError(f"label {label!r} has no letters or digits to make an IRI from")
    return OKGR[slug]


def document_iri(doc_id: str) -> URIRef:
    """IRI of a source document, from its id (the file stem).

    >>> document_iri("001_c4b0ab8c57956f28")
    rdflib.term.URIRef('https://w3id.org/orthokg/doc/001_c4b0ab8c57956f28')
    """
    return DOC[re.sub(r"[^A-Za-z0-9_.-]+", "-", doc_id)]

"""Records to triples: concept nodes, documents, facts with provenance axioms, quantities.

Everything written here follows docs/ARCHITECTURE.md ("Graph shape"), which the
queries, the shapes and the scorer rely on. Provenance is an OWL 2 axiom annotation
per (fact, document), so Protégé shows it on the assertion and SPARQL reaches it
through ``owl:annotatedSource``.

Every node written here is named by a pure function of what it says (document id,
sentence, fact; see :mod:`orthokg.loaders.writing.node_iris`), never by a blank node or
a clock, so the same corpus gives the same triples whichever order or process writes
its documents, and an importer can cite a piece of evidence by its IRI.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Protocol, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from orthokg.loaders.model import Document, Extraction, Fact, QuantityFact
from orthokg.loaders.writing.node_iris import evidence_iri, quantity_iri
from orthokg.loaders.writing.resolution import normalize_key
from orthokg.loaders.writing.synonyms import synonym_kinds
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept, load_lexicon
from orthokg.ontology.signature import core_signatures
from orthokg.ontology.vocab import (
    DCTERMS,
    OBO_IN_OWL,
    OKG,
    OWL,
    PROV,
    QUDT_UNIT,
    RDF,
    RDFS,
    SKOS,
    XSD,
    concept_iri,
    document_iri,
)


class TripleSink(Protocol):
    """Where the writer puts triples: an rdflib ``Graph``, or a streaming build's
    per-document collector (cheaper than a graph it would only read once)."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object: ...


S = TypeVar("S", bound=TripleSink)

SYNONYM_PROPERTIES = {"exact": OBO_IN_OWL.hasExactSynonym,
                      "related": OBO_IN_OWL.hasRelatedSynonym,
                      "broad": OBO_IN_OWL.hasBroadSynonym}


MATCH_PROPERTIES = {"exact": SKOS.exactMatch, "close": SKOS.closeMatch,
                    "broad": SKOS.broadMatch, "narrow": SKOS.narrowMatch}


# The terms written for every statement, made once: each attribute of an rdflib
# namespace is a new IRI, checked character by character, and a build writes tens of
# thousands of statements.
_TYPE = RDF.type
_LABEL = RDFS.label
_NAMED_INDIVIDUAL = OWL.NamedIndividual
_WAS_DERIVED_FROM = PROV.wasDerivedFrom
_EVIDENCE_TEXT = OKG.evidenceText
_ANNOTATED_TARGET = OWL.annotatedTarget
_ANNOTATED_SOURCE = OWL.annotatedSource
_ANNOTATED_PROPERTY = OWL.annotatedProperty
_AXIOM = OWL.Axiom
_ALT_LABEL = SKOS.altLabel
_NORMALIZED_LABEL = OKG.normalizedLabel
_MENTIONED_IN = OKG.mentionedIn
_SECTION = OKG.section
_CERTAINTY = OKG.certainty
_FREQUENCY = OKG.frequency
_DEFINITION = SKOS.definition


@cache
def _okg(local_name: str) -> URIRef:
    """An ``okg:`` term by local name (a class or property named in the data)."""
    return OKG[local_name]


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def add_concept(graph: TripleSink, concept: Concept) -> URIRef:
    """The concept's node: types, one label, other names, identifiers."""
    node = concept_iri(concept.label)
    graph.add((node, _TYPE, _NAMED_INDIVIDUAL))
    for cls in concept.classes:
        graph.add((node, _TYPE, _okg(cls)))
    graph.add((node, _LABEL, _en(concept.label)))
    graph.add((node, _NORMALIZED_LABEL, Literal(normalize_key(concept.label))))
    lay = set(concept.lay_synonyms)
    every = dict.fromkeys((*concept.synonyms, *concept.lay_synonyms))
    names = [(name, name in lay) for name in every if name != concept.label]
    for (name, _), kind in zip(names, synonym_kinds(concept.label, names), strict=True):
        literal = _en(name)
        graph.add((node, _ALT_LABEL, literal))
        if kind is not None:
            graph.add((node, SYNONYM_PROPERTIES[kind], literal))
    if concept.definition:
        # skos:definition only: OBO's IAO:0000115 is for terms (the release adds it to
        # the TBox); the lexicon's short glosses may be shared by near-synonymous drugs.
        graph.add((node, _DEFINITION, _en(concept.definition)))
    for xref in concept.xrefs:
        graph.add((node, MATCH_PROPERTIES[xref.kind], URIRef(xref.iri)))
    return node


def add_lexicon_parts(graph: TripleSink, concepts: Iterable[Concept]) -> None:
    """The lexicon's ``part_of`` links of the anatomical concepts written, up to their
    last ancestor, as ``okg:anatomicalPartOf``; ancestors not yet in the graph are added.

    The region classes (``okg:HipStructure``, ...) are defined through these links, so a
    reasoner derives that the femoral head is a hip structure from "femoral head part of
    hip joint part of hip region" instead of the graph asserting it from the lexicon's
    region column (which put the femur in the hip). They are the lexicon's links, not a
    document's: written with the super-property of ``okg:partOf`` they carry no
    provenance axiom and are not counted as extracted facts.
    """
    lexicon = load_lexicon()
    todo = list(concepts)
    written = {c.label for c in todo}
    done: set[str] = set()
    while todo:
        part = todo.pop()
        if part.label in done or not is_a(part, "AnatomicalStructure"):
            continue
        done.add(part.label)
        for label in part.part_of:
            whole = lexicon.get(label)
            if whole is None or whole.label == part.label \
                    or not is_a(whole, "AnatomicalStructure"):
                continue
            if whole.label not in written:
                add_concept(graph, whole)
                written.add(whole.label)
            graph.add((concept_iri(part.label), OKG.anatomicalPartOf, concept_iri(whole.label)))
            todo.append(whole)


def document_label(document: Document) -> str:
    """``TITLE (document DOC-ID)``: unique, and never a concept's name."""
    return f"{document.title or document.doc_id} (document {document.doc_id})"


def add_document(graph: TripleSink, document: Document, main: Concept | None) -> URIRef:
    node = document_iri(document.doc_id)
    graph.add((node, _TYPE, _NAMED_INDIVIDUAL))
    graph.add((node, _TYPE, OKG.SourceDocument))
    # Not the bare title: a page titled "periacetabular osteotomy" would share the label of
    # the concept (ROBOT's duplicate_label); the title itself is dcterms:title.
    graph.add((node, _LABEL, _en(document_label(document))))
    graph.add((node, DCTERMS.title, Literal(document.title or document.doc_id)))
    graph.add((node, OKG.fileName, Literal(document.path.name)))
    # The content hash identifies what was read; the time it was read is kept out of the
    # graph (a rebuild of the same files must give the same bytes).
    graph.add((node, OKG.sha256, Literal(document.sha256)))
    if main is not None:
        graph.add((node, OKG.mainProcedure, concept_iri(main.label)))
    return node


def add_fact(graph: TripleSink, fact: Fact) -> None:
    """The assertion and its provenance axiom (document, evidence, section, qualifiers)."""
    s, p, o = concept_iri(fact.subject.label), _okg(fact.prop), concept_iri(fact.obj.label)
    graph.add((s, p, o))
    entailed = core_signatures()[fact.prop].entailed_type(fact.obj)
    if entailed is not None:
        graph.add((o, _TYPE, _okg(entailed)))
    axiom = evidence_iri(fact)
    graph.add((axiom, _TYPE, _AXIOM))
    # A label, so OBO tools (ROBOT's missing_label) and Protégé name the evidence node.
    graph.add((axiom, _LABEL, _en(f"{fact.subject.label} {fact.prop} {fact.obj.label} "
                                       f"(evidence from {fact.doc_id})")))
    graph.add((axiom, _ANNOTATED_SOURCE, s))
    graph.add((axiom, _ANNOTATED_PROPERTY, p))
    graph.add((axiom, _ANNOTATED_TARGET, o))
    graph.add((axiom, _WAS_DERIVED_FROM, document_iri(fact.doc_id)))
    graph.add((axiom, _EVIDENCE_TEXT, _en(fact.evidence)))
    for prop, value in ((_SECTION, fact.section), (_CERTAINTY, fact.certainty),
                        (_FREQUENCY, fact.frequency)):
        if value:
            graph.add((axiom, prop, Literal(value)))


def quantity_label(q: QuantityFact) -> str:
    """A readable name for a quantity node, e.g. ``walking aid time of hip resurfacing
    (crutches): 2-2 WK (from 001_x)``; open bounds are left empty (``-3 PERCENT``)."""
    kind = "".join(f" {c.lower()}" if c.isupper() else c for c in q.kind).strip()
    bounds = "-".join("" if v is None else f"{v:g}" for v in (q.min_value, q.max_value))
    about = f" ({q.about.label})" if q.about is not None else ""
    return f"{kind} of {q.subject.label}{about}: {bounds} {q.unit} (from {q.doc_id})"


def add_quantity(graph: TripleSink, q: QuantityFact) -> None:
    node = quantity_iri(q)
    graph.add((concept_iri(q.subject.label), OKG.hasQuantity, node))
    graph.add((node, _TYPE, _NAMED_INDIVIDUAL))
    graph.add((node, _TYPE, OKG.QuantityStatement))
    graph.add((node, _LABEL, _en(quantity_label(q))))
    graph.add((node, OKG.quantityKind, _okg(q.kind)))
    if q.about is not None:
        graph.add((node, OKG.about, concept_iri(q.about.label)))
    for prop, value in ((OKG.minValue, q.min_value), (OKG.maxValue, q.max_value)):
        if value is not None:
            graph.add((node, prop, Literal(f"{value:g}", datatype=XSD.decimal)))
    graph.add((node, OKG.unit, QUDT_UNIT[q.unit]))
    graph.add((node, _WAS_DERIVED_FROM, document_iri(q.doc_id)))
    graph.add((node, _EVIDENCE_TEXT, _en(q.evidence)))


def write_extractions(graph: Graph, extractions: Iterable[Extraction],
                      concepts: Iterable[Concept]) -> Graph:
    """Add every document, concept, fact and quantity of a build to ``graph``.

    ``concepts`` are the final (merged) concept records; facts refer to them by label.
    """
    concepts = list(concepts)
    for concept in concepts:
        add_concept(graph, concept)
    add_lexicon_parts(graph, concepts)
    for extraction in extractions:
        write_document(graph, extraction)
    return graph


def write_document(graph: S, extraction: Extraction) -> S:
    """Add what one (resolved) document states to ``graph``: its node, the concepts it
    mentions, its facts with their provenance and its quantities. A streaming build
    calls it with a small graph per document; the concept nodes come once, at the end."""
    doc = add_document(graph, extraction.document, extraction.main_procedure)
    labels = {c.label for f in extraction.facts for c in (f.subject, f.obj)}
    for label in labels:
        graph.add((concept_iri(label), _MENTIONED_IN, doc))
    for fact in extraction.facts:
        add_fact(graph, fact)
    for quantity in extraction.quantities:
        add_quantity(graph, quantity)
    return graph

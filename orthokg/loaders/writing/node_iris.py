"""IRIs of the nodes a build mints: provenance axioms and quantity statements.

Each IRI is a pure function of the node's content: the document it came from, the
sentence that states it and the fact or number it records. So two builds of the same
corpus name every node alike, whichever order (or worker process) writes the documents,
and editing one document renames only that document's nodes. The document id is part of
the path, so a document's evidence is one IRI prefix an importer can follow or drop.
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from orthokg.loaders.model import Fact, QuantityFact
from orthokg.ontology.vocab import EVIDENCE, QUANTITY, document_iri

__all__ = ["content_key", "evidence_iri", "quantity_iri"]

_DIGITS = 20  # 80 bits: no collision in any corpus we could build


def content_key(*parts: object) -> str:
    """A short hex digest of ``parts`` joined with a separator no part contains.

    >>> content_key("a", "b") == content_key("a", "b") != content_key("ab", "")
    True
    """
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGITS]


def _doc_local(doc_id: str) -> str:
    return str(document_iri(doc_id)).rsplit("/", 1)[-1]


def evidence_iri(fact: Fact) -> URIRef:
    """The provenance axiom of ``fact`` as stated by its document and sentence.

    >>> from orthokg.ontology.lexicon import Concept
    >>> a = Concept("hip resurfacing", ("SurgicalProcedure",))
    >>> b = Concept("infection", ("Complication",))
    >>> iri = evidence_iri(Fact(a, "hasPossibleComplication", b, "001_x", "Infection may occur."))
    >>> str(iri).startswith("https://w3id.org/orthokg/evidence/001_x/")
    True
    """
    key = content_key(fact.doc_id, fact.evidence, fact.subject.label, fact.prop,
                      fact.obj.label)
    return EVIDENCE[f"{_doc_local(fact.doc_id)}/{key}"]


def quantity_iri(q: QuantityFact) -> URIRef:
    """A stable IRI: the same statement from the same sentence is the same node."""
    key = "|".join(map(str, (q.doc_id, q.subject.label, q.kind, q.about and q.about.label,
                             q.min_value, q.max_value, q.unit, q.evidence)))
    return QUANTITY[hashlib.sha256(key.encode()).hexdigest()[:20]]

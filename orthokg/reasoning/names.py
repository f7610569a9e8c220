"""Short, readable names for terms in reports (``okgr:knee-joint`` rather than a full IRI).

Reports of the reasoner and the validator are read by people; prefixed names keep each
line short enough to scan while staying unambiguous.
"""

from __future__ import annotations

from rdflib.term import BNode, Literal, Node

from orthokg.ontology.vocab import DOC_BASE, OKG, OKGR, OWL, PROV, QUDT_UNIT, RDF, RDFS, SKOS, XSD

_PREFIXES: tuple[tuple[str, str], ...] = (
    ("okgr:quantity/", str(OKGR) + "quantity/"),
    ("okgr:", str(OKGR)),
    ("okg:", str(OKG)),
    ("doc:", DOC_BASE),
    ("unit:", str(QUDT_UNIT)),
    ("owl:", str(OWL)),
    ("rdf:", str(RDF)),
    ("rdfs:", str(RDFS)),
    ("skos:", str(SKOS)),
    ("prov:", str(PROV)),
    ("xsd:", str(XSD)),
)


def curie(term: Node) -> str:
    """A prefixed name for an IRI, ``_:id`` for a blank node, the lexical form of a literal.

    >>> from orthokg.ontology.vocab import OKGR
    >>> curie(OKGR["knee-joint"])
    'okgr:knee-joint'
    >>> curie(Literal("rare"))
    '"rare"'
    """
    if isinstance(term, Literal):
        return f'"{term}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    for prefix, base in _PREFIXES:
        if text.startswith(base) and len(text) > len(base):
            return prefix + text[len(base):]
    return f"<{text}>"


def shorten(text: str) -> str:
    """Replace the known namespace IRIs inside free text by their prefixes.

    >>> shorten("https://w3id.org/orthokg/id/tibia https://w3id.org/orthokg/ontology#partOf")
    'okgr:tibia okg:partOf'
    """
    for prefix, base in _PREFIXES:
        text = text.replace(base, prefix)
    return text

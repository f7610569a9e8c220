"""Which triples of a graph did not survive a load–save round trip through an OWL tool.

OWL tools re-render what they understood, not the RDF they read: blank nodes get new
names, list cells are reordered and typed ``rdf:List``, ``"x"`` comes back as
``"x"^^xsd:string`` (the same literal in RDF 1.1), ``"0"^^xsd:decimal`` may come back as
``0.0``, and symmetric axioms such as ``owl:disjointWith`` may be written the other way
round, and a provenance axiom named by an IRI (``a owl:Axiom``) comes back as a blank
node: OWL 2 gives axioms no identity, so the name is RDF's, not the ontology's. None of
that loses meaning; a dropped triple does. So both graphs are reduced to
a multiset of *skeleton* triples (every blank node the same placeholder, literals by
value, symmetric pairs in one order) and anything the original has more often than the
round trip is reported as lost.
"""

from __future__ import annotations

from collections import Counter

from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, XSD
from rdflib.term import Node

__all__ = ["BLANK", "Skeleton", "lost_triples", "skeleton"]

BLANK = "_:"
# A literal is compared by (value, datatype, language); Decimal("0") == Decimal("0.0").
LiteralKey = tuple[object, str | None, str | None]
Skeleton = tuple[Node | str | LiteralKey, Node, Node | str | LiteralKey]
_SYMMETRIC = frozenset({OWL.disjointWith, OWL.equivalentClass, OWL.equivalentProperty,
                        OWL.sameAs, OWL.differentFrom, OWL.inverseOf,
                        OWL.propertyDisjointWith})


def _term(term: Node, axioms: frozenset[Node] = frozenset()) -> Node | str | LiteralKey:
    if isinstance(term, BNode) or term in axioms:
        return BLANK
    if isinstance(term, Literal):
        datatype = None if term.datatype in (None, XSD.string) else str(term.datatype)
        value = term.value if datatype is not None and term.value is not None else str(term)
        return (value, datatype, term.language)
    return term


def skeleton(graph: Graph) -> Counter[Skeleton]:
    """The multiset of ``graph``'s triples with blank nodes, strings and symmetric pairs
    made comparable across tools.

    >>> from rdflib import URIRef
    >>> a, b = URIRef("http://x/a"), URIRef("http://x/b")
    >>> g = Graph()
    >>> _ = g.add((b, OWL.disjointWith, a)).add((BNode(), OWL.onProperty, a))
    >>> sorted(skeleton(g).values())
    [1, 1]
    """
    counts: Counter[Skeleton] = Counter()
    axioms = frozenset(graph.subjects(RDF.type, OWL.Axiom))
    for s, p, o in graph:
        subject, obj = _term(s, axioms), _term(o, axioms)
        if p in _SYMMETRIC and str(obj) < str(subject):
            subject, obj = obj, subject
        counts[(subject, p, obj)] += 1
    return counts


def lost_triples(original: Graph, roundtrip: Graph) -> list[Skeleton]:
    """Skeleton triples of ``original`` missing from ``roundtrip`` (with repeats), sorted.

    >>> from rdflib import URIRef
    >>> a = URIRef("http://x/a")
    >>> before = Graph().add((a, OWL.sameAs, a)).add((BNode(), OWL.someValuesFrom, a))
    >>> after = Graph().add((a, OWL.sameAs, a))
    >>> [str(p) for _, p, _ in lost_triples(before, after)]
    ['http://www.w3.org/2002/07/owl#someValuesFrom']
    """
    missing = skeleton(original) - skeleton(roundtrip)
    return sorted(missing.elements(), key=lambda t: tuple(str(x) for x in t))

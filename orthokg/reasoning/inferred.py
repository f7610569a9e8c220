"""Keep the inferences worth having: new statements about ABox individuals.

Reasoners return much that is true but useless to a reader of the graph (every node is an
``owl:Thing``, every node is ``owl:sameAs`` itself, facts about the TBox's own terms,
memberships of anonymous class expressions). Only new triples whose subject is an
individual of the ABox and whose object is named are kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef

from orthokg.ontology.vocab import DOC, OKG, OKGR, OWL, PROV, RDF, RDFS, XSD
from orthokg.reasoning.schema import is_builtin

Triple = tuple[Node, Node, Node]
_TRIVIAL_TYPES = frozenset({OWL.Thing, OWL.NamedIndividual, RDFS.Resource})


def _plain(term: Node) -> Node:
    """``"x"^^xsd:string`` as ``"x"``: reasoners type plain literals, rdflib tells them apart."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _worth_keeping(triple: Triple, schema: frozenset[Node]) -> bool:
    s, p, o = triple
    if not isinstance(s, URIRef) or s in schema or is_builtin(s) or isinstance(o, BNode):
        return False
    if p == RDF.type:
        return isinstance(o, URIRef) and o not in _TRIVIAL_TYPES and not is_builtin(o)
    return not (p == OWL.sameAs and s == o)


def new_abox_triples(candidates: Iterable[Triple], base: Graph,
                     schema: frozenset[Node]) -> Graph:
    """The candidates that ``base`` does not hold and that say something about the ABox."""
    found = Graph()
    for prefix, namespace in (("okg", OKG), ("okgr", OKGR), ("doc", DOC), ("prov", PROV)):
        found.bind(prefix, namespace)
    for s, p, o in candidates:
        triple = (s, p, _plain(o))
        if triple in base or (s, p, o) in base or not _worth_keeping(triple, schema):
            continue
        found.add(triple)
    return found


def mirrored(triples: Iterable[Triple], schema_graph: Graph) -> list[Triple]:
    """Values implied by ``owl:inverseOf`` and ``owl:SymmetricProperty`` for ``triples``.

    owlready2 drops property values that only an inverse or symmetric axiom gives (it sees
    them as the same assertion read backwards), so the DL path adds them back here and
    HermiT and OWL 2 RL report the same triples.
    """
    inverse: dict[Node, set[Node]] = {}
    for p, q in schema_graph.subject_objects(OWL.inverseOf):
        inverse.setdefault(p, set()).add(q)
        inverse.setdefault(q, set()).add(p)
    for p in schema_graph.subjects(RDF.type, OWL.SymmetricProperty):
        inverse.setdefault(p, set()).add(p)
    return [(o, q, s) for s, p, o in triples if p in inverse and not isinstance(o, Literal)
            for q in inverse[p]]


def lifted(triples: Iterable[Triple], schema_graph: Graph) -> list[Triple]:
    """``s q o`` for every ``s p o`` and super-property ``q`` of ``p`` (``rdfs:subPropertyOf``).

    owlready2 leaves these out of HermiT's answer when ``s p o`` is asserted (it counts the
    value as known), so "tibial plateau part of tibia" did not give "tibial plateau
    anatomical part of tibia", which the OWL 2 RL path gives; the DL path adds them here.
    """
    supers: dict[Node, set[Node]] = {}
    for prop in set(schema_graph.subjects(RDFS.subPropertyOf, None)):
        supers[prop] = {q for q in schema_graph.transitive_objects(prop, RDFS.subPropertyOf)
                        if q is not None and q != prop}
    return [(s, q, o) for s, p, o in triples if p in supers and not isinstance(o, Literal)
            for q in supers[p]]

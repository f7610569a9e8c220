"""Split the merged graph into the named graphs of the store, by provenance.

ARCHITECTURE.md: each source document's triples (its facts, their axioms, its
quantity nodes, the document node, the concepts it mentions) go to
``graph/<doc-id>``, the TBox to ``graph/ontology`` and concept nodes (labels, types,
xrefs) to ``graph/concepts``. A fact read from two documents goes to both graphs, so
dropping one document's graph leaves the other's evidence intact. Triples that no
document vouches for (lexicon-given part-of links, for example) are concept triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import DOC_BASE, GRAPH_BASE, OKG, OWL, PROV, RDF, slugify

__all__ = ["CONCEPTS_GRAPH", "ONTOLOGY_GRAPH", "document_graph", "partition"]

Triple = tuple[Node, Node, Node]

ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
CONCEPTS_GRAPH = URIRef(GRAPH_BASE + "concepts")


def document_graph(document: Node) -> URIRef:
    """The named graph of a source document.

    >>> document_graph(URIRef("https://w3id.org/orthokg/doc/001_c4b0ab8c57956f28"))
    rdflib.term.URIRef('https://w3id.org/orthokg/graph/001_c4b0ab8c57956f28')
    """
    text = str(document)
    local = text[len(DOC_BASE):] if text.startswith(DOC_BASE) else "external-" + slugify(text)
    return URIRef(GRAPH_BASE + local)


class _Provenance:
    """Which documents vouch for each node and fact of ``graph``."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.node_docs: dict[Node, set[URIRef]] = defaultdict(set)
        self.fact_docs: dict[Triple, set[URIRef]] = defaultdict(set)
        for node, doc in graph.subject_objects(PROV.wasDerivedFrom):
            self.node_docs[node].add(document_graph(doc))
        for doc in graph.subjects(RDF.type, OKG.SourceDocument):
            self.node_docs[doc].add(document_graph(doc))
        for axiom, graphs in list(self.node_docs.items()):
            s = graph.value(axiom, OWL.annotatedSource)
            p = graph.value(axiom, OWL.annotatedProperty)
            o = graph.value(axiom, OWL.annotatedTarget)
            if s is not None and p is not None and o is not None:
                self.fact_docs[(s, p, o)] |= graphs

    def graphs_of(self, triple: Triple) -> set[URIRef]:
        s, p, o = triple
        if s in self.node_docs:
            return self.node_docs[s]
        if p == OKG.mentionedIn:
            return {document_graph(o)}
        if p == OKG.hasQuantity and o in self.node_docs:
            return self.node_docs[o]
        return self.fact_docs.get(triple, set())


class _Ontology:
    """Recognises TBox triples, including blank-node structures (restrictions, lists).

    Blank nodes get new ids on every parse, so TBox triples with blank nodes cannot
    be matched one by one; a blank node belongs to the TBox when no document vouches
    for it and it hangs from a TBox term or is a root (``owl:AllDisjointClasses``).
    """

    def __init__(self, graph: Graph, provenance: _Provenance) -> None:
        tbox = tbox_graph()
        self.graph = graph
        self.ground = {t for t in tbox if not any(isinstance(x, BNode) for x in t)}
        self.terms = {s for s in tbox.subjects() if isinstance(s, URIRef)}
        self.provenance = provenance
        self._bnodes: dict[BNode, bool] = {}

    def _bnode_in_tbox(self, node: BNode, seen: frozenset[BNode] = frozenset()) -> bool:
        if node not in self._bnodes:
            if node in self.provenance.node_docs or self._annotates_abox(node):
                self._bnodes[node] = False
            else:
                parents = [s for s in self.graph.subjects(None, node) if s not in seen]
                self._bnodes[node] = all(self._holds(s, seen | {node}) for s in parents)
        return self._bnodes[node]

    def _annotates_abox(self, node: BNode) -> bool:
        source = self.graph.value(node, OWL.annotatedSource)
        return source is not None and source not in self.terms

    def _holds(self, node: Node, seen: frozenset[BNode]) -> bool:
        if isinstance(node, BNode):
            return self._bnode_in_tbox(node, seen)
        return node in self.terms

    def __contains__(self, triple: Triple) -> bool:
        s, _, o = triple
        if isinstance(s, BNode):
            return self._bnode_in_tbox(s)
        if isinstance(o, BNode):
            return s in self.terms and self._bnode_in_tbox(o)
        return triple in self.ground


def partition(graph: Graph) -> Iterator[tuple[Triple, Iterable[URIRef]]]:
    """Each triple of ``graph`` with the named graphs it belongs to (at least one)."""
    provenance = _Provenance(graph)
    ontology = _Ontology(graph, provenance)
    for triple in graph:
        if triple in ontology:
            yield triple, (ONTOLOGY_GRAPH,)
        else:
            yield triple, provenance.graphs_of(triple) or (CONCEPTS_GRAPH,)

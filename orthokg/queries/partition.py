"""Split the merged graph into the named graphs of the store, by provenance.

ARCHITECTURE.md: each source document's own nodes (the document node, the provenance
axioms of what it states, its quantity nodes and the links to them, which concepts it
mentions) go to ``graph/<doc-id>``, the TBox to ``graph/ontology``, and the concept
nodes (labels, types, xrefs) with the facts between them to ``graph/concepts``.

Every triple goes to exactly one graph, so the union of the named graphs (what queries
read by default) is the RDF merge of the build: ``COUNT(*)`` and queries without
DISTINCT give on the store what they give on the Turtle file. A fact stated by two
documents is one triple in ``graph/concepts`` with one axiom in each document's graph:
dropping a document's graph drops its evidence and leaves the other's intact. Triples
that no document vouches for (lexicon-given part-of links, for example) are concept
triples too.
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
        for node, doc in graph.subject_objects(PROV.wasDerivedFrom):
            self.node_docs[node].add(document_graph(doc))
        for doc in graph.subjects(RDF.type, OKG.SourceDocument):
            self.node_docs[doc].add(document_graph(doc))

    def graph_of(self, triple: Triple) -> URIRef:
        """The one named graph of a non-TBox triple."""
        s, p, o = triple
        docs = self.node_docs.get(s)
        if docs is None and p == OKG.mentionedIn:
            docs = {document_graph(o)}
        if docs is None and p == OKG.hasQuantity:
            docs = self.node_docs.get(o)
        if docs is not None and len(docs) == 1:
            return next(iter(docs))
        return CONCEPTS_GRAPH


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
    """Each triple of ``graph`` with the named graph it belongs to (always exactly one;
    an iterable so callers written for several graphs per triple still work)."""
    provenance = _Provenance(graph)
    ontology = _Ontology(graph, provenance)
    for triple in graph:
        yield triple, (ONTOLOGY_GRAPH if triple in ontology else provenance.graph_of(triple),)

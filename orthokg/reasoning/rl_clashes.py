"""Clash explanations for a corpus-scale OWL 2 RL run, built from small rdflib graphs.

:func:`orthokg.reasoning.clashes.find_clashes` reads an rdflib graph of the whole asserted
graph plus TBox, which at 1M triples is the cost issue 10 removes. Its answer only
depends on the schema axioms and, per individual, on the statements that individual is
the subject or object of; so it runs here on the schema (the packaged TBox plus the
graph's own schema axioms, fetched from Oxigraph) and the statements of the suspects
:mod:`orthokg.reasoning.rl_scan` found, and gives the clashes it gives on the whole
graph. A graph with no suspects never builds an rdflib graph beyond the TBox.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node, URIRef

from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OWL, RDF, RDFS
from orthokg.reasoning.clashes import find_clashes
from orthokg.reasoning.result import Clash
from orthokg.reasoning.rules import rdflib_term
from orthokg.reasoning.schema import SCHEMA_TYPES

__all__ = ["explain_suspects", "schema_graph"]

#: Predicates whose triples :class:`~orthokg.reasoning.clashes.ClashSchema` reads.
_SCHEMA_PREDICATES = (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.disjointWith,
                      OWL.unionOf, OWL.members, RDF.first, RDF.rest)


def _rdflib(quads: Iterable[ox.Quad]) -> Iterator[tuple[Node, Node, Node]]:
    for quad in quads:
        s, p, o = rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)
        if s is not None and p is not None and o is not None:
            yield s, p, o


def _schema_quads(store: ox.Store) -> Iterator[ox.Quad]:
    default = ox.DefaultGraph()
    for predicate in _SCHEMA_PREDICATES:
        yield from store.quads_for_pattern(None, ox.NamedNode(predicate), None, default)
    for kind in SCHEMA_TYPES:
        yield from store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(kind),
                                           default)


def schema_graph(store: ox.Store) -> Graph:
    """The packaged TBox plus the schema axioms the asserted graph in ``store`` carries
    (a build's graph file holds its own copy of the TBox): what the clash checks and
    :func:`~orthokg.reasoning.schema.schema_terms` read of the merged graph."""
    graph = tbox_graph()
    for triple in _rdflib(_schema_quads(store)):
        graph.add(triple)
    return graph


def _about(store: ox.Store, node: URIRef) -> Iterator[ox.Quad]:
    term = ox.NamedNode(node)
    yield from store.quads_for_pattern(term, None, None, ox.DefaultGraph())
    yield from store.quads_for_pattern(None, None, term, ox.DefaultGraph())


def explain_suspects(suspects: set[Node], store: ox.Store, schema: Graph) -> list[Clash]:
    """The clashes of the graph in ``store`` (merged with ``schema``), found among
    ``suspects``. A blank-node suspect (its label is the reasoner's, not the store's)
    makes the check read the whole graph, as the in-memory path does."""
    if not suspects:
        return []
    graph = Graph()
    graph += schema
    named = sorted(s for s in suspects if isinstance(s, URIRef))
    if len(named) == len(suspects):
        quads: Iterable[ox.Quad] = (q for s in named for q in _about(store, s))
    else:
        quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for triple in _rdflib(quads):
        graph.add(triple)
    return find_clashes(graph)

"""The content version: a pure function of the statements, whichever path computes it."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from orthokg.ontology.data_ontology import content_version, set_data_header
from orthokg.ontology.tbox import tbox_graph

THR = URIRef("https://w3id.org/orthokg/resource/total-hip-replacement")


def _built() -> Graph:
    """Shaped like a build: the TBox's statements (its own blank nodes) plus data."""
    graph = tbox_graph()
    graph.add((THR, RDFS.label, Literal("total hip replacement", lang="en")))
    return graph


def _reparsed(graph: Graph) -> Graph:
    """The same statements with fresh blank-node labels (the general path)."""
    return Graph().parse(data=graph.serialize(format="nt"), format="nt")


def _blank_nodes(graph: Graph) -> set[BNode]:
    return {term for triple in graph for term in triple if isinstance(term, BNode)}


def test_version_is_the_same_on_the_shortcut_and_the_general_path() -> None:
    graph = _built()
    copy = _reparsed(graph)
    assert _blank_nodes(graph) and not _blank_nodes(graph) & _blank_nodes(copy)
    assert content_version(graph) == content_version(copy)


def test_version_changes_with_a_data_statement_and_not_with_the_header() -> None:
    graph = _built()
    before = content_version(graph)
    set_data_header(graph, imports=False)
    assert content_version(graph) == before
    graph.add((THR, RDFS.comment, Literal("changed")))
    assert content_version(graph) != before


def test_a_missing_tbox_statement_changes_the_version() -> None:
    graph = _built()
    before = content_version(graph)
    graph.remove(next(iter(t for t in graph if t[1] == RDFS.label and t[0] != THR)))
    assert content_version(graph) != before

"""owlready2 (the bridge to HermiT and Pellet) loads our exports and saves them back
without losing an axiom, an axiom annotation or a triple.

Triples are compared as RDF 1.1 defines them (``"x"`` and ``"x"^^xsd:string`` are the same
literal) with blank nodes matched by graph isomorphism. One owlready2 behaviour is
pinned here rather than hidden: its RDF/XML parser (``rdfxml_2_ntriples.py``) strips a
trailing ``/`` from every IRI it reads, so ``dcterms:license
<https://creativecommons.org/licenses/by/4.0/>`` comes back without the slash. Its
N-Triples parser keeps IRIs as they are, so that path must be exact.
"""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, XSD
from rdflib.term import Node

from orthokg.export import serialize
from orthokg.ontology.owlapi import lost_triples
from orthokg.ontology.tbox import tbox_graph

OWLREADY_FORMAT = {"owl": "rdfxml", "nt": "ntriples"}


def _round_trip(graph: Graph, fmt: str, tmp_path: Path) -> Graph:
    """Export ``graph``, load it into a fresh owlready2 world, save it, read it back."""
    source = tmp_path / f"export.{fmt}"
    source.write_bytes(serialize(graph, fmt))
    saved = tmp_path / f"saved.{fmt}"
    world = owlready2.World()
    try:
        ontology = world.get_ontology(source.resolve().as_uri()).load(
            format=OWLREADY_FORMAT[fmt])
        ontology.save(file=str(saved), format=OWLREADY_FORMAT[fmt])
    finally:
        world.close()
    return Graph().parse(saved, format="xml" if fmt == "owl" else "nt")


def _rdf11(graph: Graph, strip_slash: bool = False) -> Graph:
    """``graph`` with ``xsd:string`` literals as plain ones (RDF 1.1: the same literal) and,
    when asked, trailing slashes removed from IRIs as owlready2's RDF/XML parser does."""
    def term(node: Node) -> Node:
        if isinstance(node, Literal) and node.datatype == XSD.string:
            return Literal(str(node))
        if strip_slash and isinstance(node, URIRef) and str(node).endswith("/"):
            return URIRef(str(node)[:-1])
        return node

    out = Graph()
    for s, p, o in graph:
        out.add((term(s), term(p), term(o)))
    return out


def _provenance(graph: Graph) -> set[tuple[Node, ...]]:
    """(source, property, target, document, evidence) of every annotated fact."""
    return {(graph.value(a, OWL.annotatedSource), graph.value(a, OWL.annotatedProperty),
             graph.value(a, OWL.annotatedTarget), graph.value(a, PROV.wasDerivedFrom),
             graph.value(a, URIRef("https://w3id.org/orthokg/ontology#evidenceText")))
            for a in graph.subjects(RDF.type, OWL.Axiom)}


@pytest.fixture(params=["tbox", "kg"])
def graph(request: pytest.FixtureRequest, fixture_graph: Graph) -> Graph:
    return tbox_graph() if request.param == "tbox" else fixture_graph


def test_rdfxml_round_trip_loses_nothing(graph: Graph, tmp_path: Path) -> None:
    back = _rdf11(_round_trip(graph, "owl", tmp_path), strip_slash=True)
    expected = _rdf11(graph, strip_slash=True)
    assert lost_triples(expected, back) == []
    assert isomorphic(back, expected)


def test_rdfxml_round_trip_only_drops_trailing_slashes(graph: Graph, tmp_path: Path) -> None:
    lost = lost_triples(_rdf11(graph), _rdf11(_round_trip(graph, "owl", tmp_path)))
    for triple in lost:
        assert any(isinstance(t, URIRef) and str(t).endswith("/") for t in triple), triple


def test_ntriples_round_trip_is_exact(graph: Graph, tmp_path: Path) -> None:
    back = _rdf11(_round_trip(graph, "nt", tmp_path))
    assert lost_triples(_rdf11(graph), back) == []
    assert isomorphic(back, _rdf11(graph))


def test_axiom_annotations_survive(fixture_graph: Graph, tmp_path: Path) -> None:
    before = _provenance(_rdf11(fixture_graph))
    after = _provenance(_rdf11(_round_trip(fixture_graph, "owl", tmp_path)))
    assert len(before) == len(set(fixture_graph.subjects(RDF.type, OWL.Axiom))) > 0
    assert after == before

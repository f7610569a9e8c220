"""shapes.ttl: parses, every shape says what is wrong (sh:message), the domain/range
shapes agree with the TBox, and the full shapes (with the SPARQL-based provenance
constraint) run in pyshacl: silent on the fixture, naming the fact's subject when an
axiom is missing."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS

from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OKG, OKGR, RDF
from orthokg.reasoning.shacl import SH, fast_shapes, shacl_findings, shapes_graph
from tests.reasoning.conftest import MINI, add_fact

CORE = ["treats", "hasTargetSite", "hasPossibleComplication", "hasBenefit", "usesDevice",
        "usesImaging", "administers", "hasAnesthesia", "hasApproach", "hasStep",
        "includesProcedure", "subtypeOf", "alternativeTo", "hasAftercare",
        "requiresPreparation", "requiresDiscontinuationOf", "suitableFor", "hasSymptom",
        "causes", "locatedIn", "diagnosedBy", "partOf"]


def _classes(graph: Graph, node, union_graph: Graph) -> set:
    """Named classes a sh:class / sh:or (or an rdfs:domain / owl:unionOf) allows."""
    if isinstance(node, BNode) and union_graph.value(node, OWL.unionOf) is not None:
        return set(Collection(union_graph, union_graph.value(node, OWL.unionOf)))
    return {node}


def _shape_classes(shapes: Graph, shape) -> set:
    direct = shapes.value(shape, SH["class"])
    if direct is not None:
        return {direct}
    options = Collection(shapes, shapes.value(shape, SH["or"]))
    return {shapes.value(o, SH["class"]) for o in options}


def test_every_constraint_has_a_message() -> None:
    shapes = shapes_graph()
    constrained = {s for s in shapes.subjects() if any(
        (s, p, None) in shapes for p in (SH["class"], SH.minCount, SH.maxCount, SH.pattern,
                                         SH["or"], SH["in"], SH.datatype, SH.lessThanOrEquals,
                                         SH.nodeKind))}
    constrained -= {o for s in shapes.subjects(SH["or"], None)
                    for o in Collection(shapes, shapes.value(s, SH["or"]))}
    missing = [s for s in constrained if shapes.value(s, SH.message) is None]
    assert missing == []


@pytest.mark.parametrize("name", CORE)
def test_domain_and_range_shapes_match_the_tbox(name: str) -> None:
    shapes, tbox = shapes_graph(), tbox_graph()
    [shape] = list(shapes.subjects(SH.targetSubjectsOf, OKG[name]) and
                   [s for s in shapes.subjects(SH.targetSubjectsOf, OKG[name])
                    if (s, SH.sparql, None) not in shapes])
    [prop_shape] = [p for p in shapes.objects(shape, SH.property)
                    if shapes.value(p, SH.path) == OKG[name]]
    assert _shape_classes(shapes, shape) == _classes(tbox, tbox.value(OKG[name], RDFS.domain), tbox)
    assert _shape_classes(shapes, prop_shape) == _classes(
        tbox, tbox.value(OKG[name], RDFS.range), tbox)


def test_fast_shapes_drop_only_the_sparql_constraints() -> None:
    full, fast = shapes_graph(), fast_shapes()
    assert {t for t in full if t not in fast} == set(full.triples((None, SH.sparql, None)))
    assert len(list(full.triples((None, SH.sparql, None)))) == 1


def test_full_shapes_conform_on_the_fixture() -> None:
    assert shacl_findings(Graph().parse(MINI), full=True) == []


def test_sparql_provenance_constraint_names_the_fact() -> None:
    graph = Graph().parse(MINI)
    add_fact(graph, OKGR["total-knee-replacement"], OKG.causes, OKGR["knee-pain"],
             provenance=False)
    graph.add((OKGR["total-knee-replacement"], RDF.type, OKG.Condition))  # keep domain quiet
    found = [f for f in shacl_findings(graph, full=True)
             if f.check == "CoreFactProvenanceShape"]
    assert [(f.node, f.value) for f in found] == [
        (OKGR["total-knee-replacement"], OKGR["knee-pain"])]
    assert "has no owl:Axiom" in found[0].message

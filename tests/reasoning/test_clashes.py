"""find_clashes() explains inconsistencies without a reasoner: disjoint classes, union
ranges, functional data properties; and stays silent on the consistent fixture."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from orthokg.ontology.vocab import OKG, OKGR, QUANTITY, RDF
from orthokg.reasoning.clashes import find_clashes
from orthokg.reasoning.schema import with_tbox
from tests.reasoning.conftest import add_fact

TKR = OKGR["total-knee-replacement"]


def test_no_clash_in_the_fixture(mini: Graph) -> None:
    assert find_clashes(with_tbox(mini)) == []


def test_asserted_types_in_disjoint_classes(mini: Graph) -> None:
    mini.add((OKGR["aspirin"], RDF.type, OKG.WalkingAid))
    [clash] = find_clashes(with_tbox(mini))
    assert clash.individual == OKGR["aspirin"]
    assert "okg:Device and okg:Substance" in clash.problem
    assert "okgr:aspirin a okg:WalkingAid" in clash.reasons
    assert "okgr:aspirin a okg:Drug" in clash.reasons


def test_domain_puts_the_subject_in_a_disjoint_class(mini: Graph) -> None:
    add_fact(mini, OKGR["aspirin"], OKG.treats, OKGR["knee-pain"])
    [clash] = find_clashes(with_tbox(mini))
    assert clash.individual == OKGR["aspirin"]
    assert any("(domain okg:Procedure)" in r for r in clash.reasons)


def test_object_outside_a_union_range(mini: Graph) -> None:
    add_fact(mini, TKR, OKG.hasAftercare, OKGR["osteoarthritis"])
    [clash] = find_clashes(with_tbox(mini))
    assert clash.individual == OKGR["osteoarthritis"]
    assert "cannot be okg:Procedure or okg:Device" in clash.problem


def test_union_range_member_is_no_clash(mini: Graph) -> None:
    add_fact(mini, OKGR["herniated-disc"], OKG.diagnosedBy, OKGR["fluoroscopy"])
    assert find_clashes(with_tbox(mini)) == []


def test_two_values_of_a_functional_data_property(mini: Graph) -> None:
    node = QUANTITY["fixture-crutches"]
    mini.add((node, OKG.maxValue, Literal("8.0", datatype=XSD.decimal)))
    [clash] = find_clashes(with_tbox(mini))
    assert clash.individual == node and "okg:maxValue" in clash.problem


def test_equal_values_in_two_spellings_are_one_value(mini: Graph) -> None:
    mini.add((QUANTITY["fixture-crutches"], OKG.maxValue, Literal("6", datatype=XSD.decimal)))
    assert find_clashes(with_tbox(mini)) == []

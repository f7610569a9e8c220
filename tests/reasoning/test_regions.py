"""Region membership is derived from part-of links, never asserted.

A structure a document says is part of the hip region is inferred a hip structure, and
a procedure on it a hip procedure; the femur, which the lexicon files under the hip but
which runs from hip to knee, is neither until something says it is part of the hip
region. HermiT and the OWL 2 RL path must agree.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from orthokg.ontology.vocab import OKG, OKGR
from orthokg.reasoning import ReasoningResult, reason
from tests.reasoning.conftest import MINI, add_fact

PLANTED = OKGR["planted-structure"]
FEMUR = OKGR["femur"]
ON_PLANTED = OKGR["planted-procedure"]
ON_FEMUR = OKGR["femur-procedure"]


def _planted(femur_in_hip: bool) -> Graph:
    graph = Graph().parse(MINI)
    for node, cls, label in ((PLANTED, OKG.SoftTissue, "planted structure"),
                             (FEMUR, OKG.Bone, "femur"),
                             (ON_PLANTED, OKG.SurgicalProcedure, "planted procedure"),
                             (ON_FEMUR, OKG.SurgicalProcedure, "femur procedure")):
        graph.add((node, RDF.type, OWL.NamedIndividual))
        graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(label, lang="en")))
    add_fact(graph, PLANTED, OKG.partOf, OKGR["hip-region"])  # a document says so
    add_fact(graph, ON_PLANTED, OKG.hasTargetSite, PLANTED)
    add_fact(graph, ON_FEMUR, OKG.hasTargetSite, FEMUR)
    if femur_in_hip:
        add_fact(graph, FEMUR, OKG.partOf, OKGR["hip-region"])
    return graph


ENGINES = [pytest.param("hermit", marks=pytest.mark.java), "owlrl"]


@pytest.fixture(scope="module", params=ENGINES)
def femur_apart(request: pytest.FixtureRequest) -> ReasoningResult:
    return reason(_planted(femur_in_hip=False), request.param)


@pytest.fixture(scope="module", params=ENGINES)
def femur_in_hip(request: pytest.FixtureRequest) -> ReasoningResult:
    return reason(_planted(femur_in_hip=True), request.param)


def test_a_structure_part_of_the_hip_region_is_a_hip_structure(femur_apart) -> None:
    assert femur_apart.consistent
    assert PLANTED in femur_apart.members("HipStructure")
    assert ON_PLANTED in femur_apart.members("HipProcedure")


def test_the_femur_is_no_hip_structure_by_itself(femur_apart) -> None:
    assert FEMUR not in femur_apart.members("HipStructure")
    assert ON_FEMUR not in femur_apart.members("HipProcedure")
    assert OKGR["tibia"] not in femur_apart.members("KneeStructure")


def test_the_femur_part_of_the_hip_region_is_a_hip_structure(femur_in_hip) -> None:
    assert femur_in_hip.consistent
    assert FEMUR in femur_in_hip.members("HipStructure")
    assert ON_FEMUR in femur_in_hip.members("HipProcedure")


def test_membership_follows_part_of_transitively(femur_apart) -> None:
    # knee-joint anatomicalPartOf knee-region (a lexicon link in the fixture)
    assert OKGR["knee-joint"] in femur_apart.members("KneeStructure")
    assert OKGR["total-knee-replacement"] in femur_apart.members("KneeProcedure")

"""reason(): inferred triples only, the consistency verdict, the defined-class members,
and an explanation naming the individual when the graph is inconsistent. HermiT tests
need Java (marked); OWL 2 RL runs everywhere."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from orthokg.errors import ReasoningError
from orthokg.ontology.vocab import OKG, OKGR, RDF
from orthokg.reasoning import ReasoningResult, reason, with_inferences
from orthokg.reasoning.inferred import new_abox_triples
from orthokg.reasoning.owlrl import materialise
from orthokg.reasoning.schema import schema_terms, with_tbox
from tests.reasoning.conftest import MINI, add_fact

TKR = OKGR["total-knee-replacement"]
MICRO = OKGR["microdiscectomy"]
EXPECTED_MEMBERS = {
    "KneeProcedure": [TKR], "ImplantProcedure": [TKR], "SpineProcedure": [MICRO],
    "MinimallyInvasiveProcedure": [MICRO], "ImageGuidedProcedure": [MICRO],
    "HipProcedure": [], "ShoulderProcedure": [], "DrugDeliveryProcedure": [],
    # region classes are derived from part-of links: the knee joint is part of the knee
    # region; the intervertebral disc is asserted a spinal structure (its lexicon class)
    "KneeStructure": [OKGR["knee-joint"]], "HipStructure": [], "SpinalStructure": [],
    "ShoulderStructure": [], "HandWristStructure": [], "FootAnkleStructure": [],
}


@pytest.fixture(scope="module")
def hermit_on_mini() -> ReasoningResult:
    return reason(Graph().parse(MINI), "hermit")


@pytest.fixture(scope="module")
def rl_on_mini() -> ReasoningResult:
    return reason(Graph().parse(MINI), "owlrl")


def _treats_knee_joint(graph: Graph) -> Graph:
    """A typical extraction error: an anatomical structure as the thing treated."""
    add_fact(graph, TKR, OKG.treats, OKGR["knee-joint"])
    return graph


@pytest.mark.java
def test_hermit_classifies_the_fixture(hermit_on_mini: ReasoningResult) -> None:
    assert hermit_on_mini.consistent
    assert hermit_on_mini.defined_class_members() == EXPECTED_MEMBERS
    # no target site, approach or imaging: stays out of every defined class
    assert OKGR["unicompartmental-knee-replacement"] not in hermit_on_mini.members("KneeProcedure")


@pytest.mark.java
def test_hermit_output_holds_only_new_triples(hermit_on_mini: ReasoningResult, mini: Graph) -> None:
    assert len(hermit_on_mini.inferred) > 0
    assert [t for t in hermit_on_mini.inferred if t in mini] == []
    assert (TKR, RDF.type, OKG.Procedure) in hermit_on_mini.inferred  # via the hierarchy
    assert (OKGR["unicompartmental-knee-replacement"], OKG.alternativeTo, TKR) in \
        hermit_on_mini.inferred  # symmetric


@pytest.mark.java
def test_hermit_accepts_microsecond_times(mini: Graph) -> None:
    """HermiT rejects "...:20.941118+00:00"^^xsd:dateTime (what isoformat() writes)."""
    doc = next(mini.subjects(RDF.type, OKG.SourceDocument))
    mini.set((doc, OKG.ingestedAt, Literal("2026-11-22T04:53:20.941118+00:00",
                                           datatype=XSD.dateTime)))
    result = reason(mini, "hermit")
    assert result.consistent and result.members("SpineProcedure") == {MICRO}


def test_owlrl_classifies_the_fixture(rl_on_mini: ReasoningResult) -> None:
    assert rl_on_mini.consistent
    assert rl_on_mini.defined_class_members() == EXPECTED_MEMBERS
    assert (OKGR["tibia"], OKG.hasPart, OKGR["tibial-plateau"]) in rl_on_mini.inferred


@pytest.mark.java
def test_hermit_and_owl_rl_infer_the_same_triples(hermit_on_mini: ReasoningResult,
                                                  rl_on_mini: ReasoningResult) -> None:
    assert set(hermit_on_mini.inferred) == set(rl_on_mini.inferred)


def test_the_asserted_graph_is_not_touched(mini: Graph) -> None:
    before = set(mini)
    result = reason(mini, "owlrl")
    assert set(mini) == before
    assert not set(result.inferred) & before


@pytest.mark.java
def test_hermit_reports_an_inconsistent_graph_with_the_individual(mini: Graph) -> None:
    result = reason(_treats_knee_joint(mini), "hermit")
    assert not result.consistent
    assert len(result.inferred) == 0
    assert [c.individual for c in result.clashes] == [OKGR["knee-joint"]]
    assert "okgr:knee-joint is both okg:AnatomicalStructure and okg:Condition" in \
        result.explanation
    assert "okgr:total-knee-replacement okg:treats okgr:knee-joint (range okg:Condition)" in \
        result.explanation
    assert "Traceback" not in result.explanation


def test_owl_rl_reports_the_same_inconsistency(mini: Graph) -> None:
    result = reason(_treats_knee_joint(mini), "owlrl")
    assert not result.consistent
    assert [c.individual for c in result.clashes] == [OKGR["knee-joint"]]


@pytest.mark.java
def test_pellet_runs_or_says_which_java_it_needs(mini: Graph) -> None:
    try:
        result = reason(mini, "pellet")
    except ReasoningError as exc:  # owlready2's Pellet needs Java 25 (MEASURED.md)
        message = str(exc)
        assert "\n" not in message and "Java" in message and "hermit" in message
    else:
        assert result.defined_class_members() == EXPECTED_MEMBERS


def test_unknown_reasoner_is_a_reasoning_error(mini: Graph) -> None:
    with pytest.raises(ReasoningError, match="unknown reasoner 'fact'"):
        reason(mini, "fact")


def test_with_inferences_returns_a_new_graph(mini: Graph) -> None:
    size = len(mini)
    combined = with_inferences(mini)
    assert len(mini) == size
    assert set(mini) <= set(combined)
    assert (MICRO, RDF.type, OKG.SpineProcedure) in combined
    assert (MICRO, RDF.type, OKG.SpineProcedure) not in mini


def test_with_inferences_refuses_an_inconsistent_graph(mini: Graph) -> None:
    with pytest.raises(ReasoningError, match="okgr:knee-joint"):
        with_inferences(_treats_knee_joint(mini))


def test_owlrl_fallback_infers_what_reasonable_infers(mini: Graph,
                                                      rl_on_mini: ReasoningResult) -> None:
    """When `reasonable` is not installed the pure-Python owlrl must give the same answer."""
    merged = with_tbox(mini)
    outcome = materialise(merged, engine="owlrl")
    assert outcome.engine == "owlrl" and outcome.errors == []
    assert set(new_abox_triples(outcome.closure, merged, schema_terms(merged))) == set(
        rl_on_mini.inferred)

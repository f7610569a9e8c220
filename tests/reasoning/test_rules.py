"""Every *-violation.rq rule: has the catalogue header, returns ?node ?evidence, is silent
on the fixture and fires, naming the node, on a fault planted for it. A new rule without a
planted case here fails test_every_rule_has_a_planted_case."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDFS, XSD

from orthokg.ontology.vocab import OKG, OKGR, QUANTITY, RDF
from orthokg.reasoning.rules import Rule, rule_findings, violation_rules
from tests.reasoning.conftest import add_fact

TKR = OKGR["total-knee-replacement"]


def _no_label(g: Graph) -> URIRef:
    g.remove((OKGR.tibia, RDFS.label, None))
    return OKGR.tibia


def _two_labels(g: Graph) -> URIRef:
    g.add((OKGR.tibia, RDFS.label, Literal("shinbone", lang="en")))
    return OKGR.tibia


def _no_provenance(g: Graph) -> URIRef:
    add_fact(g, TKR, OKG.usesDevice, OKGR.crutches, provenance=False)
    return TKR


def _axiom_without_fact(g: Graph) -> URIRef:
    g.remove((OKGR.microdiscectomy, OKG.hasBenefit, OKGR["faster-recovery"]))
    return OKGR.microdiscectomy


def _self_loop(g: Graph) -> URIRef:
    add_fact(g, TKR, OKG.alternativeTo, TKR)
    return TKR


def _min_above_max(g: Graph) -> URIRef:
    node = QUANTITY["fixture-aspirin"]
    g.remove((node, OKG.maxValue, None))
    g.add((node, OKG.maxValue, Literal("3.0", datatype=XSD.decimal)))
    return node


PLANTED: dict[str, Callable[[Graph], URIRef]] = {
    "concept-without-label-violation": _no_label,
    "concept-with-two-labels-violation": _two_labels,
    "fact-without-provenance-violation": _no_provenance,
    "axiom-without-asserted-fact-violation": _axiom_without_fact,
    "self-loop-fact-violation": _self_loop,
    "quantity-min-above-max-violation": _min_above_max,
}


def _rule(name: str) -> Rule:
    return next(r for r in violation_rules() if r.name == name)


def test_every_rule_has_a_planted_case() -> None:
    assert {r.name for r in violation_rules()} == set(PLANTED)


def test_rules_are_silent_on_the_fixture(mini: Graph) -> None:
    assert rule_findings(mini) == []


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_rule_names_the_planted_node(mini: Graph, name: str) -> None:
    node = PLANTED[name](mini)
    findings = rule_findings(mini, (_rule(name),))
    assert [f.node for f in findings] == [node]
    assert findings[0].detail  # the evidence column is filled
    assert findings[0].message == _rule(name).question


def test_provenance_rule_wants_a_source_document(mini: Graph) -> None:
    axiom = next(mini.subjects(OWL.annotatedTarget, OKGR["older-adults"]))
    stray = BNode()
    mini.remove((axiom, None, None))
    for p, o in ((RDF.type, OWL.Axiom), (OWL.annotatedSource, TKR),
                 (OWL.annotatedProperty, OKG.suitableFor),
                 (OWL.annotatedTarget, OKGR["older-adults"]),
                 (OKG.evidenceText, Literal("x")),
                 (PROV.wasDerivedFrom, OKGR.nowhere)):
        mini.add((stray, p, o))
    [finding] = rule_findings(mini, (_rule("fact-without-provenance-violation"),))
    assert finding.node == TKR

"""Acceptance on the graph built from the seed corpus: what decision support relies on.

HermiT must find the asserted graph consistent and put the seed procedures into the
defined classes their facts earn them; the graph must validate; the OWL 2 RL path must
agree with HermiT on the defined-class members.
"""

from __future__ import annotations

import pytest

from orthokg.ontology.vocab import OKGR
from orthokg.reasoning import reason, validate

pytestmark = pytest.mark.java


@pytest.fixture(scope="module")
def hermit(seed_graph):
    return reason(seed_graph, "hermit")


def test_seed_graph_is_consistent_under_hermit(hermit):
    assert hermit.consistent, hermit


@pytest.mark.parametrize(("concept", "defined_class"), [
    ("mini-total-hip-replacement", "HipProcedure"),
    ("mini-total-hip-replacement", "MinimallyInvasiveProcedure"),
    ("mini-total-hip-replacement", "ImplantProcedure"),
    ("birmingham-hip-resurfacing", "HipProcedure"),
    ("minimally-invasive-spine-surgery", "SpineProcedure"),
    ("minimally-invasive-spine-surgery", "MinimallyInvasiveProcedure"),
    ("minimally-invasive-spine-surgery", "ImageGuidedProcedure"),
    ("ultrasound-guided-hip-joint-injection", "ImageGuidedProcedure"),
    ("ultrasound-guided-hip-joint-injection", "HipProcedure"),
    ("ultrasound-guided-hip-joint-injection", "DrugDeliveryProcedure"),
])
def test_defined_classes_have_the_members_they_should(hermit, concept, defined_class):
    members = hermit.defined_class_members()
    assert OKGR[concept] in members[defined_class], members[defined_class]


def test_owl_rl_agrees_with_hermit_on_defined_class_members(seed_graph, hermit):
    rl = reason(seed_graph, "owlrl")
    assert rl.defined_class_members() == hermit.defined_class_members()


def test_seed_graph_validates(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, str(report)

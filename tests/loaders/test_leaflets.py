"""The whole pipeline on leaflets written here in styles the seeds do not have.

These guard the method on unseen kinds of text: other body regions, FAQ and bullet
styles, contraindications, negated statements, navigation sections, rates written as
"1 in 100". The built graph must also pass the project's own validation, since a build
that breaks its shapes writes nothing.
"""

from __future__ import annotations

import pytest

from orthokg.loaders.pipeline import build_graph
from orthokg.reasoning import validate
from tests.conftest import FIXTURES

LEAFLETS = FIXTURES / "leaflets"


@pytest.fixture(scope="module")
def leaflets():
    return build_graph([LEAFLETS])


@pytest.fixture(scope="module")
def facts(leaflets) -> set[tuple[str, str, str]]:
    return {(f.subject.label, f.prop, f.obj.label)
            for ex in leaflets.extractions for f in ex.facts}


def test_the_graph_of_new_leaflets_validates(leaflets):
    report = validate(leaflets.graph)
    assert report.conforms, str(report)


@pytest.mark.parametrize("fact", [
    ("total knee replacement", "treats", "osteoarthritis"),
    ("total knee replacement", "alternativeTo", "partial knee replacement"),
    ("total knee replacement", "hasAnesthesia", "spinal anesthesia"),
    ("total knee replacement", "hasPossibleComplication", "implant loosening"),
    ("epidural steroid injection", "usesImaging", "fluoroscopy"),
    ("epidural steroid injection", "requiresDiscontinuationOf", "warfarin"),
    ("sciatica", "causes", "leg pain"),
    ("bunionectomy", "treats", "bunion"),
    ("rotator cuff repair", "hasApproach", "arthroscopic"),
    ("knee injection", "administers", "corticosteroid"),
])
def test_facts_the_leaflets_state(facts, fact):
    assert fact in facts


@pytest.mark.parametrize("fact", [
    ("epidural steroid injection", "treats", "infection"),      # "not suitable for people with"
    ("epidural steroid injection", "hasPossibleComplication", "paralysis"),  # "does not cause"
    ("knee injection", "hasAnesthesia", "general anesthesia"),  # "no need for"
    ("knee injection", "hasAftercare", "crutches"),             # "you do not need crutches"
    ("total knee replacement", "hasPossibleComplication", "nerve damage"),  # "does not usually"
    ("leg pain", "causes", "sciatica"),                         # "caused by" points back
])
def test_facts_the_leaflets_deny(facts, fact):
    assert fact not in facts


def test_navigation_sections_give_nothing(facts):
    # refs.md names these procedures only under "Related articles" and "References".
    assert not {f for f in facts if f[0] in ("total hip replacement", "total shoulder replacement")}


def test_rates_and_durations(leaflets):
    found = {(q.subject.label, q.kind, q.min_value, q.max_value, q.unit)
             for ex in leaflets.extractions for q in ex.quantities}
    assert ("total knee replacement", "ComplicationRate", 1.0, 1.0, "PERCENT") in found
    assert ("epidural steroid injection", "MedicationStopLeadTime", 5.0, 7.0, "DAY") in found
    assert ("rotator cuff repair", "ComplicationRate", 10.0, 20.0, "PERCENT") in found
    assert ("bunionectomy", "SymptomResolutionTime", 6.0, 6.0, "MO") in found

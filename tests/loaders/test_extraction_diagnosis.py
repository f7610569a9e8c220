"""How a condition is diagnosed, and what a step acts on: classes of extraction error found
on the third held-out suite, each on sentences written here (none is taken from a fixture
or a corpus page).

Diagnosis: a pronoun or "the condition" as the object of the verb of diagnosis; the last
members of a list of tests beyond the cue's reach; a test whose verb names the condition it
finds ("maps the fracture"); a part of the body examined with a test in a sentence about a
condition. Target site: a structure a device is placed in, one a probe heats, one whose
division is a step. Traps: imaging that guides a needle, a test that checks an implant, a
place that is no structure, a structure only named near the procedure.
"""

from __future__ import annotations

import pytest

from tests.loaders.conftest import Triple


def diagnosed(facts: set[Triple]) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in facts if p == "diagnosedBy"}


def test_a_pronoun_diagnosed_is_the_condition_the_text_speaks_of(extract):
    # "them" has the lemma "they" and still stands for the condition, not for a thing the
    # test finds other than it
    facts = extract("Trigger finger release", ("About trigger finger", "overview", [
        "Trigger finger makes a finger lock when you bend it.",
        "We diagnose them with a physical examination and an ultrasound scan."]))
    assert ("trigger finger", "ultrasound") in diagnosed(facts)
    assert ("trigger finger", "physical examination") in diagnosed(facts)


def test_a_pronoun_diagnosed_under_a_second_condition_is_that_condition(extract):
    # a page explaining two conditions: "it" is the one the section speaks of, not the
    # page's first
    facts = extract("Hand clinic", ("Trigger finger", "overview", [
        "Trigger finger makes a finger lock when you bend it."]),
        ("Carpal tunnel syndrome", "overview", [
            "Carpal tunnel syndrome causes numbness in the fingers.",
            "A specialist will confirm it with a physical examination and an ultrasound "
            "scan."]))
    assert ("carpal tunnel syndrome", "ultrasound") in diagnosed(facts)
    assert ("trigger finger", "ultrasound") not in diagnosed(facts)


def test_every_member_of_a_list_of_tests_diagnoses_the_condition(extract):
    # the cue's window ends before the last test; the list does not
    facts = extract("Knee arthroscopy", ("Your knee", "overview", [
        "A meniscal tear makes the knee lock and swell.",
        "We identify it with a careful physical examination, a standing X-ray and an "
        "MRI scan."]))
    assert ("meniscus tear", "MRI") in diagnosed(facts)
    assert ("meniscus tear", "standing X-ray") in diagnosed(facts)


def test_the_condition_a_test_maps_is_the_one_it_finds(extract):
    # the page is about another condition; the verb's object names the one found, as
    # specifically as the sentence before named it
    facts = extract("Elbow replacement", ("Why it is done", "indications", [
        "Most people who need it have rheumatoid arthritis.",
        "A distal humerus fracture needs urgent care; a CT scan maps the fracture lines.",
    ]))
    assert ("distal humerus fracture", "CT") in diagnosed(facts)
    assert ("rheumatoid arthritis", "CT") not in diagnosed(facts)


@pytest.mark.parametrize(("heading", "kind"), [
    ("Osteoarthritis of the shoulder", "overview"),  # the sentence is about the condition
    ("Who is it for?", "indications"),  # the sentence before spoke of it
])
def test_a_part_examined_with_a_test_after_a_condition_is_named(extract, heading, kind):
    facts = extract("Shoulder replacement", (heading, kind, [
        "Shoulder osteoarthritis wears away the cartilage.",
        "Your surgeon will assess the joint with an X-ray."]))
    assert ("shoulder osteoarthritis", "X-ray") in diagnosed(facts)


@pytest.mark.parametrize("sentence", [
    "An ultrasound scan guides the needle into the joint.",
    "An X-ray checks the position of the implant afterwards.",
    "The physiotherapist will assess your walking before you go home.",
])
def test_imaging_in_the_procedure_and_other_assessments_diagnose_nothing(extract, sentence):
    facts = extract("Knee injection", ("Osteoarthritis of the knee", "overview", [
        "Osteoarthritis makes the knee stiff.", sentence]))
    assert not diagnosed(facts)


@pytest.mark.parametrize("sentence", [
    "Two thin wires are placed in the epidural space through a needle.",
    "Your surgeon places the wires in the epidural space with X-ray guidance.",
])
def test_the_structure_a_device_is_placed_in_is_a_target_site(extract, sentence):
    facts = extract("Spinal cord stimulation", ("The operation", "procedure", [sentence]))
    assert any(p == "hasTargetSite" and o == "epidural space" for _, p, o in facts)


@pytest.mark.parametrize("sentence", [
    "The doctor heats each medial branch nerve with a fine probe.",
    "It works by heating the medial branch nerves for about a minute.",
])
def test_the_structure_a_probe_heats_is_a_target_site(extract, sentence):
    facts = extract("Radiofrequency ablation", ("The procedure", "procedure", [sentence]))
    assert ("radiofrequency ablation", "hasTargetSite", "medial branch nerve") in facts


def test_the_structure_whose_division_is_a_step_is_a_target_site(extract):
    facts = extract("Trigger finger release", ("The operation", "procedure", [
        "The main step is the division of the A1 pulley at the base of the finger."]))
    assert ("trigger finger release", "hasTargetSite", "A1 pulley") in facts


@pytest.mark.parametrize("sentence", [
    "Afterwards your arm is placed in a sling for comfort.",
    "The nurse places your arm in a sling.",
    "The ulnar nerve runs close to the elbow.",
])
def test_a_place_or_a_structure_only_named_is_no_target_site(extract, sentence):
    facts = extract("Shoulder arthroscopy", ("After the operation", "aftercare", [sentence]))
    assert not {f for f in facts if f[1] == "hasTargetSite" and
                f[2] in ("sling", "ulnar nerve")}

"""A condition's symptoms and causes, told in the ways pages tell them, each on sentences
written here (none is taken from a fixture or a corpus page).

Each test names one shape: a condition that "gives" its symptoms (also in a relative
clause on the kind it is said to be), a condition the lexicon files as a harm of surgery
that the page's procedure treats, a run-in label naming a condition before its symptoms,
and causes whose object is "it" or "the condition". The traps beside them: what a
procedure gives is a benefit or a harm, never a symptom, and a passive "is given" hands
something over.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("sentence", [
    "Gout gives throbbing pain and swelling, mostly at night.",
    "In most people gout gives swelling and throbbing pain.",
])
def test_a_condition_that_gives_its_symptoms_has_them(extract, sentence):
    facts = extract("Gout treatment", ("About gout", "overview", [sentence]))
    assert ("gout", "hasSymptom", "throbbing pain") in facts
    assert ("gout", "hasSymptom", "swelling") in facts


def test_what_the_kind_a_condition_is_gives_is_the_conditions(extract):
    # the relative clause hangs on "an inflammatory arthritis", the copula's complement:
    # what it gives is said of psoriatic arthritis, the condition being defined
    facts = extract("Wrist fusion", ("Why is it done?", "overview", [
        "Psoriatic arthritis is an inflammatory arthritis that gives wrist pain and "
        "stiffness."]))
    assert ("psoriatic arthritis", "hasSymptom", "wrist pain") in facts
    assert ("psoriatic arthritis", "hasSymptom", "stiffness") in facts
    assert not {f for f in facts if f[0] == "inflammatory arthritis"}


@pytest.mark.parametrize(("heading", "kind", "sentence"), [
    ("Benefits", "benefits", "The operation gives most people good pain relief."),
    ("What happens", "procedure", "You are given painkillers for the pain."),
    ("Recovery", "aftercare", "We give you exercises to build up the weakened muscles."),
])
def test_what_a_procedure_gives_or_what_is_given_is_no_symptom_or_harm(
        extract, heading, kind, sentence):
    facts = extract("Hip arthroscopy", (heading, kind, [sentence]))
    assert not {f for f in facts if f[1] in ("hasSymptom", "hasPossibleComplication")}


def test_what_a_procedure_gives_under_risks_is_a_harm(extract):
    facts = extract("Hip arthroscopy", ("Risks", "risks", [
        "The operation can give you some numbness in the thigh."]))
    assert ("hip arthroscopy", "hasPossibleComplication", "numbness") in facts or \
        any(f[0] == "hip arthroscopy" and f[1] == "hasPossibleComplication"
            and "numbness" in f[2] for f in facts)
    assert not {f for f in facts if f[1] == "hasSymptom"}


def test_a_surgical_harm_the_procedure_treats_has_the_symptoms_it_causes(extract):
    # complex regional pain syndrome is filed as a harm of surgery; on a page whose
    # procedure treats it, it is the patient's condition and what it causes its symptoms
    facts = extract("Spinal cord stimulation", ("Who is it for?", "indications", [
        "Spinal cord stimulation is used for long-term nerve pain, such as:",
        "- Complex regional pain syndrome, which causes burning pain and swelling in a "
        "limb."]))
    assert ("complex regional pain syndrome", "hasSymptom", "burning pain") in facts
    assert ("complex regional pain syndrome", "hasSymptom", "swelling") in facts


def test_a_surgical_harm_that_causes_pain_stays_a_cause_only(extract):
    facts = extract("Knee replacement", ("Risks", "risks", [
        "Complex regional pain syndrome is rare and causes burning pain in the leg."]))
    assert not {f for f in facts if f[1] == "hasSymptom"}


@pytest.mark.parametrize("item", [
    "Failed back surgery syndrome: leg pain, often with back pain, that lasts after surgery.",
    "Failed back surgery syndrome - leg pain and back pain that last after surgery.",
])
def test_a_run_in_label_naming_a_condition_has_the_symptoms_after_it(extract, item):
    facts = extract("Spinal cord stimulation", ("Who is it for?", "indications", [
        "Spinal cord stimulation treats long-term nerve pain, mainly:", f"- {item}"]))
    assert ("failed back surgery syndrome", "hasSymptom", "leg pain") in facts
    assert ("failed back surgery syndrome", "hasSymptom", "back pain") in facts
    assert ("spinal cord stimulator implantation", "treats", "leg pain") not in facts
    assert ("spinal cord stimulator implantation", "treats",
            "failed back surgery syndrome") in facts


def test_a_run_in_label_under_risks_is_a_harm_not_a_condition_with_symptoms(extract):
    facts = extract("Knee arthroscopy", ("Risks", "risks", [
        "Possible problems include:", "- Nerve damage: numbness and tingling below the knee."]))
    assert not {f for f in facts if f[1] == "hasSymptom"}


@pytest.mark.parametrize("sentence", [
    "Pregnancy, obesity and gout can cause it.",
    "Pregnancy, obesity and gout often cause the condition.",
])
def test_causes_of_it_or_the_condition_cause_the_condition_spoken_of(extract, sentence):
    facts = extract("Carpal tunnel release", ("What is carpal tunnel syndrome?", "overview", [
        "The median nerve is squeezed at the wrist.", sentence]))
    for cause in ("pregnancy", "obesity", "gout"):
        assert (cause, "causes", "carpal tunnel syndrome") in facts


@pytest.mark.parametrize("sentence", [
    "Obesity does not cause it.",
    "Obesity can cause a condition of its own.",
])
def test_a_denied_cause_or_a_new_condition_gives_no_cause(extract, sentence):
    facts = extract("Carpal tunnel release", ("What is carpal tunnel syndrome?", "overview", [
        "The median nerve is squeezed at the wrist.", sentence]))
    assert ("obesity", "causes", "carpal tunnel syndrome") not in facts


def test_a_verb_of_giving_inside_a_symptoms_name_opens_no_cause(extract):
    # "giving way" is the symptom's own name, not a condition giving something
    facts = extract("Knee arthroscopy", ("What is a meniscal tear?", "overview", [
        "A meniscal tear is a split in the cartilage of the knee.",
        "Common symptoms are swelling and the knee giving way."]))
    assert ("meniscus tear", "hasSymptom", "knee instability") in facts


def test_it_after_the_injury_the_reader_has_is_that_injury(extract):
    # "you have X" names the reader's injury: the next sentence's "it" is the injury, so
    # the pain it causes is its symptom, not a harm of the operation
    facts = extract("Wrist fracture fixation", ("Your injury", "overview", [
        "You have a broken wrist, a break at the end of the radius.",
        "It causes pain and swelling."]))
    assert ("wrist fracture", "hasSymptom", "pain") in facts
    assert ("wrist fracture", "hasSymptom", "swelling") in facts
    assert not {f for f in facts if f[1] == "hasPossibleComplication"}


def test_a_finding_a_condition_causes_is_a_sign_of_it(extract):
    facts = extract("Wrist fracture fixation", ("Your injury", "overview", [
        "A wrist fracture often causes a visible deformity."]))
    assert ("wrist fracture", "hasSymptom", "deformity") in facts


def test_a_cause_verb_joined_to_a_passive_shares_its_subject(extract):
    # the nearest noun before the second verb is the first verb's agent, not its subject
    facts = extract("Ankle fracture fixation", ("About ankle fractures", "overview", [
        "An ankle fracture is a break of the ankle bones.",
        "They are caused by sports injuries, and cause severe pain and swelling."]))
    assert ("ankle fracture", "hasSymptom", "pain") in facts
    assert ("sports injury", "causes", "pain") not in facts


def test_what_you_notice_after_a_condition_is_described_is_its_symptom(extract):
    # the heading names no condition; the sentence before describes one, so what the
    # reader may notice is that condition's, while under Risks it stays a harm
    facts = extract("Trigger finger release", ("About the problem", "overview", [
        "Trigger finger is a thickening of the tendon sheath in the palm.",
        "You may notice stiffness when you bend the finger."]),
        ("Risks", "risks", ["You may notice some numbness for a few weeks."]))
    assert ("trigger finger", "hasSymptom", "stiffness") in facts
    assert ("trigger finger release", "hasPossibleComplication", "stiffness") not in facts
    assert ("trigger finger", "hasSymptom", "numbness") not in facts
    assert ("trigger finger release", "hasPossibleComplication", "numbness") in facts


def test_a_causes_label_lists_what_brings_the_condition_about(extract):
    # "Causes:" is no verb: the items are causes of the condition the heading explains,
    # never what it brings
    facts = extract("Gout treatment", ("About gout", "overview", [
        "Causes: obesity, kidney disease and water tablets."]))
    assert ("obesity", "causes", "gout") in facts
    assert ("gout", "causes", "obesity") not in facts


def test_every_item_of_a_list_after_a_causes_label_is_a_cause(extract):
    # the parser hangs the list on the label, not on the verb: the label's own frame
    # (and the condition the heading names) makes each item a cause
    facts = extract("Carpal tunnel release", ("About carpal tunnel syndrome", "overview", [
        "Causes: pregnancy, obesity and gout can cause carpal tunnel syndrome."]))
    for cause in ("pregnancy", "obesity", "gout"):
        assert (cause, "causes", "carpal tunnel syndrome") in facts
        assert ("carpal tunnel syndrome", "causes", cause) not in facts


def test_every_item_of_a_list_right_before_a_cause_verb_is_a_cause(extract):
    # the parser hangs the list on the run-in label, not on the verb; the items still
    # stand right before the verb (only "can" between), so each of them is a cause
    facts = extract("Carpal tunnel release", ("About the condition", "overview", [
        "Triggers: obesity, pregnancy and gout can cause carpal tunnel syndrome."]))
    for cause in ("pregnancy", "obesity", "gout"):
        assert (cause, "causes", "carpal tunnel syndrome") in facts


def test_examples_of_a_cause_after_such_as_cause_the_condition(extract):
    # "it" is the condition the heading names, not the first example of the list (a
    # term made from the list has its own place in the sentence), and the passive
    # "is caused" makes nothing the condition causes
    facts = extract("Ankle fracture fixation", ("About ankle fractures", "overview", [
        "An ankle fracture is a break of the ankle bones.",
        "It is usually caused by a twisting injury, such as a road traffic accident or a "
        "fall down stairs, and sometimes by a sports injury."]))
    assert ("twisting injury", "causes", "ankle fracture") in facts
    assert ("road traffic accident", "causes", "ankle fracture") in facts
    assert ("fall down stairs", "causes", "ankle fracture") in facts
    assert not {f for f in facts if f[0] == "ankle fracture" and f[1] == "causes"}
    assert not {f for f in facts if f[2] == "road traffic accident"}

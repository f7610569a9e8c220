"""Classes of extraction error found on the second held-out suite, each on sentences
written here (none is taken from a fixture or a corpus page).

Each test names one class: what "it" in a section about a condition stands for, a
condition whose words are all in the procedure's name, a patient's condition among the
harms, a contraindication stated before its words, imaging that checks a position, steps
written as verbs, symptoms written as what the patient notices.
"""

from __future__ import annotations

import pytest

from orthokg.loaders.reading.sections import section_kind


def test_it_in_a_section_about_the_condition_is_that_condition(extract):
    # the sentence before names a structure, then defines the condition: "it" is still
    # the condition the heading asks about, not the tendon sheath or the definition
    facts = extract("Trigger finger release", ("What is trigger finger?", "overview", [
        "A tendon slides through a sheath in the palm.",
        "It is a thickening of that sheath.",
        "It causes pain and stiffness when you bend the finger."]))
    assert ("trigger finger", "hasSymptom", "pain") in facts
    assert ("trigger finger", "hasSymptom", "stiffness") in facts


def test_a_condition_is_no_name_of_the_procedure_that_holds_its_words(extract):
    facts = extract("Ankle fracture fixation", ("Your injury", "overview", [
        "An ankle fracture causes pain and swelling around the ankle."]))
    assert ("ankle fracture", "hasSymptom", "pain") in facts
    assert not {f for f in facts if f[0] == "ankle fracture fixation" and
                f[1] == "hasPossibleComplication"}


@pytest.mark.parametrize(("heading", "kind", "sentence"), [
    ("Risks", "risks", "Slow wound healing in people with gout."),
    ("What causes it?", "overview", "People with gout are more likely to get it."),
])
def test_a_patients_condition_named_with_harms_or_as_a_risk_is_not_treated(
        extract, heading, kind, sentence):
    facts = extract("Knee arthroscopy", (heading, kind, [sentence]))
    assert ("knee arthroscopy", "treats", "gout") not in facts
    assert not {f for f in facts if f[1] == "suitableFor"}


@pytest.mark.parametrize("sentence", [
    "People with rheumatoid arthritis are not suitable.",
    "Patients with rheumatoid arthritis are not candidates.",
    "Someone with rheumatoid arthritis is not a candidate.",
])
def test_a_contraindication_stated_before_its_words_is_not_treated(extract, sentence):
    facts = extract("Knee arthroscopy", ("Who is it for?", "indications", [sentence]))
    assert ("knee arthroscopy", "treats", "rheumatoid arthritis") not in facts


def test_imaging_that_checks_a_position_is_used_in_the_procedure(extract):
    facts = extract("Ankle fracture fixation", ("The operation", "procedure", [
        "Fluoroscopy checks the position of the screws."]))
    assert ("ankle fracture fixation", "usesImaging", "fluoroscopy") in facts


@pytest.mark.parametrize(("title", "sentence", "step"), [
    ("High tibial osteotomy", "Your surgeon opens the wedge slowly.", "wedge opening"),
    ("Hydrodilatation", "The saline slowly stretches the capsule.",
     "joint capsule stretching"),
    ("Facet joint injection", "The radiologist positions the needle in the joint.",
     "needle placement"),
    ("Ankle ligament reconstruction", "Your surgeon tightens the ligament.",
     "ligament tightening"),
])
def test_a_step_written_as_a_verb_is_a_step(extract, title, sentence, step):
    facts = extract(title, ("How is it done?", "procedure", [sentence]))
    assert step in {o for _, p, o in facts if p == "hasStep"}


@pytest.mark.parametrize("sentence", [
    "You may notice stiffness when you wake up.",
    "People often describe stiffness and clicking.",
])
def test_what_the_patient_notices_in_a_section_about_the_condition_is_a_symptom(
        extract, sentence):
    facts = extract("Trigger finger release", ("What is trigger finger?", "overview", [
        "Trigger finger is a common problem of the hand.", sentence]))
    assert ("trigger finger", "hasSymptom", "stiffness") in facts
    assert ("trigger finger release", "hasPossibleComplication", "stiffness") not in facts


def test_what_the_patient_may_notice_under_risks_is_still_a_harm(extract):
    facts = extract("Trigger finger release", ("Risks", "risks", [
        "You may notice stiffness for a few weeks."]))
    assert ("trigger finger release", "hasPossibleComplication", "stiffness") in facts


def test_a_heading_named_after_the_pages_therapy_describes_the_therapy(extract):
    # "physiotherapy" in a heading is aftercare on an operation's page; on a page about
    # physiotherapy it names the page's procedure, and the section lists its parts
    facts = extract("Physiotherapy for knee pain", (
        "What does your physiotherapy programme involve?", "aftercare", [
            "Your programme includes:", "- strengthening exercises for the thigh",
            "- a knee brace to wear during exercise"]))
    assert ("physical therapy", "hasStep", "strengthening exercises") in facts
    assert ("physical therapy", "usesDevice", "knee brace") in facts
    assert ("physical therapy", "hasAftercare", "knee brace") not in facts
    assert ("physical therapy", "hasAftercare", "strengthening exercises") not in facts


def test_what_a_programme_combines_are_its_parts(extract):
    facts = extract("Physiotherapy for knee pain", ("Your sessions", "other", [
        "Each session combines strengthening exercises, balance training and advice."]))
    assert ("physical therapy", "hasStep", "strengthening exercises") in facts


def test_what_slows_healing_under_risks_is_a_risk_factor_not_a_harm(extract):
    facts = extract("Ankle fracture fixation", ("Risks", "risks", [
        "Infection (about 1 in 100).", "Smoking delays tendon healing; stop if you can."]))
    assert ("ankle fracture fixation", "hasPossibleComplication", "infection") in facts
    assert ("ankle fracture fixation", "hasPossibleComplication", "smoking") not in facts


def test_a_sentence_after_an_option_that_names_no_procedure_is_about_the_option(extract):
    facts = extract("Trigger finger release", ("Other treatments", "alternatives", [
        "A steroid injection is an alternative to the operation.",
        "Skin thinning is a possible side effect.",
        "Trigger finger release is the surest cure; infection is a small risk."]))
    assert ("trigger finger release", "alternativeTo", "corticosteroid injection") in facts
    assert ("trigger finger release", "hasPossibleComplication", "skin thinning") \
        not in facts
    assert ("corticosteroid injection", "hasPossibleComplication", "skin thinning") in facts


def test_the_approach_named_with_an_option_is_the_options(extract):
    facts = extract("Knee arthroscopy", ("Other treatments", "alternatives", [
        "Total knee replacement is a bigger, open operation with a longer stay."]))
    assert ("knee arthroscopy", "alternativeTo", "total knee replacement") in facts
    assert not {f for f in facts if f[0] == "knee arthroscopy" and f[1] == "hasApproach"}


def test_a_contrast_after_not_on_denies_what_follows(extract):
    facts = extract("Physiotherapy for knee pain", ("What it covers", "overview", [
        "Our sessions target the thigh muscles, not on treating gout."]))
    assert ("physical therapy", "treats", "gout") not in facts


def test_it_in_a_later_clause_is_the_procedure_the_sentence_began_with(extract):
    facts = extract("Trigger finger release", ("Other treatments", "alternatives", [
        "A steroid injection is worth trying first, though it can cause skin thinning."]))
    assert ("corticosteroid injection", "hasPossibleComplication", "skin thinning") in facts
    assert ("trigger finger release", "hasPossibleComplication", "skin thinning") \
        not in facts


def test_a_participle_in_a_risk_list_does_not_take_the_rest_of_the_list(extract):
    facts = extract("Ankle fracture fixation", ("Risks", "risks", [
        "Risks include nerve damage causing numbness (2%), infection (1%), stiffness and blood "
        "clots."]))
    for harm in ("nerve damage", "infection", "stiffness", "blood clot"):
        assert ("ankle fracture fixation", "hasPossibleComplication", harm) in facts
    assert ("nerve damage", "causes", "blood clot") not in facts


@pytest.mark.parametrize(("sentence", "cause"), [
    ("A previous ankle fracture can cause ankle arthritis.", "ankle fracture"),
    ("Ankle arthritis often starts with an ankle fracture.", "ankle fracture"),
])
def test_the_cause_of_the_condition_is_found(extract, sentence, cause):
    facts = extract("Ankle fusion", ("Why does it happen?", "overview", [sentence]))
    assert (cause, "causes", "ankle arthritis") in facts


def test_these_and_a_broader_name_point_back_to_the_pages_condition(extract):
    facts = extract("Ankle fracture fixation", ("Your injury", "overview", [
        "You have an ankle fracture.", "Most people recover well after surgery.",
        "Osteoporosis causes many of these fractures in older people."]))
    assert ("osteoporosis", "causes", "ankle fracture") in facts


def test_what_the_patient_wears_instead_of_the_operation_is_an_option(extract):
    facts = extract("Trigger finger release", ("Do I need an operation?", "alternatives", [
        "Some people wear a splint at night for a few weeks."]))
    assert ("trigger finger release", "hasAftercare", "splint") not in facts
    assert any(p == "alternativeTo" and "splint" in o for _, p, o in facts)


@pytest.mark.parametrize(("sentence", "site"), [
    ("The surgeon then divides the tendon sheath along its length.", "tendon sheath"),
    ("The fluid stretches the joint capsule.", "joint capsule"),
])
def test_the_structure_a_step_acts_on_is_a_target_site(extract, sentence, site):
    facts = extract("Trigger finger release", ("The operation", "procedure", [sentence]))
    assert ("trigger finger release", "hasTargetSite", site) in facts


def test_it_goes_on_standing_for_the_condition_a_pronoun_chain_began_with(extract):
    # under a heading that names no condition, the first sentence makes the break the
    # thing spoken of; "it" keeps standing for it through the next "it"
    facts = extract("Fixation of a forearm fracture", ("Your injury", "overview", [
        "A forearm fracture is a break in one or both bones of the forearm.",
        "It usually happens in a fall onto the outstretched hand.",
        "It causes pain and swelling."]))
    assert ("forearm fracture", "hasSymptom", "pain") in facts
    assert ("forearm fracture", "hasSymptom", "swelling") in facts


def test_a_relative_pronoun_never_stands_for_the_condition_before_it(extract):
    # "which" is the scans of its own sentence: the knee injury spoken of before does
    # not become what the scans diagnose
    facts = extract("Arthroscopic meniscus repair", ("Why did I get it?", "overview", [
        "A twisting knee injury can cause a meniscus tear.",
        "It often happens in sport."]), ("How will you know it is a meniscus tear?",
                                         "diagnosis", [
        "The surgeon will examine your knee and arrange MRI scans, which show the tear."]))
    assert not {f for f in facts if f[1] == "diagnosedBy" and "injury" in f[0]}


@pytest.mark.parametrize(("sentence", "fact"), [
    ("If you have a torn meniscus, your surgeon may recommend a knee arthroscopy.",
     ("knee arthroscopy", "treats", "meniscus tear")),
    ("When a hip fracture is displaced, a hip hemiarthroplasty is usually recommended.",
     ("partial hip replacement", "treats", "hip fracture")),
])
def test_what_is_offered_in_the_patients_case_treats_it(extract, sentence, fact):
    # the condition is the patient's ("if you have"), which alone makes no treatment;
    # the verb that offers a procedure in that case does
    assert fact in extract("Knee and hip surgery", ("Introduction", "overview", [sentence]))


@pytest.mark.parametrize("sentence", [
    "If you have a severe infection, we would not recommend a knee replacement.",
    "If the pain continues, your doctor may suggest a steroid injection.",
    "If you have carpal tunnel syndrome, your doctor may suggest nerve conduction studies.",
])
def test_no_treatment_is_read_from_a_refused_offer_a_symptom_or_a_test(extract, sentence):
    facts = extract("Hand and knee care", ("Introduction", "overview", [sentence]))
    assert not {f for f in facts if f[1] == "treats" and f[2] in
                ("infection", "pain", "carpal tunnel syndrome")}


@pytest.mark.parametrize(("heading", "sentence"), [
    ("About ankle fractures",
     "They are caused by falls and sports injuries, and cause pain and swelling."),
    ("Your injury",
     "An ankle fracture often follows a sports injury and causes pain and swelling."),
])
def test_a_second_verb_shares_the_subject_of_the_first(extract, heading, sentence):
    # the nearest noun before "cause" is the first verb's object (an injury that causes
    # the fracture), not what causes the pain
    facts = extract("Ankle fracture fixation", (heading, "overview", [sentence]))
    assert ("ankle fracture", "hasSymptom", "pain") in facts
    assert not {f for f in facts if f[0] == "sports injury" and f[2] in ("pain", "swelling")}


def test_options_listed_together_are_no_alternatives_to_each_other(extract):
    # each of the listed options has the role the list has: an alternative to the
    # page's operation, not what the cue says of its neighbour in the list
    facts = extract("Carpal tunnel release", ("Other treatments", "alternatives", [
        "A wrist splint and a steroid injection are alternatives to surgery."]))
    splint = [f for f in facts if f[1] == "alternativeTo" and f[2].startswith("wrist splint")]
    assert [f[0] for f in splint] == ["carpal tunnel release"]


def test_other_treatments_are_the_alternatives_and_an_alternative_to_surgery_is_one(extract):
    # "Are there other treatments?" on a page about one operation heads its alternatives,
    # and "an alternative to surgery" is the cue for one (no benefit of avoiding surgery)
    heading = "Are there other treatments?"
    assert section_kind(heading) == "alternatives"
    facts = extract("Trigger finger release", (heading, section_kind(heading), [
        "A steroid injection into the tendon sheath is an alternative to surgery."]))
    assert ("trigger finger release", "alternativeTo", "corticosteroid injection") in facts
    assert not {f for f in facts if f[1] in ("includesProcedure", "hasBenefit")}


def test_an_option_said_to_be_one_with_nothing_named_is_the_pages_alternative(extract):
    facts = extract("Knee arthroscopy", ("What about a replacement?", "", [
        "A knee replacement is still an alternative if the arthroscopy does not help."]))
    assert ("knee arthroscopy", "alternativeTo", "total knee replacement") in facts


def test_an_operation_named_in_brackets_after_its_action_is_a_step(extract):
    facts = extract("Ankle arthroscopy", ("The operation", "procedure", [
        "The surgeon looks inside the joint, and the bone spurs at the front of the ankle "
        "are shaved away (cheilectomy)."]))
    assert ("ankle arthroscopy", "hasStep", "cheilectomy") in facts
    assert ("ankle arthroscopy", "includesProcedure", "cheilectomy") not in facts


def test_i_is_the_surgeon_in_a_statement_and_the_patient_in_a_question(extract):
    facts = extract("Knee arthroscopy", ("The operation", "procedure", [
        "I remove the torn cartilage through two small cuts."]), (
        "After the operation", "aftercare", ["Can I remove the dressing at home?",
                                             "I can remove the bandage after two days."]))
    steps = {f[2] for f in facts if f[1] == "hasStep"}
    assert "cartilage removal" in steps
    assert not {s for s in steps if "dressing" in s or "bandage" in s}


def test_an_item_of_a_list_of_risks_names_a_harm_whatever_its_class(extract):
    # (whatever the clause after the opening words makes its grammatical subject)
    facts = extract("Elbow replacement", ("Risks", "risks", [
        "- Frozen shoulder – about 1 in 20; smoking raises the risk",
        "- Persistent pain (about 1 in 10 people do not get better)"]))
    harms = {f[2] for f in facts if f[0] == "elbow replacement" and
             f[1] == "hasPossibleComplication"}
    assert {"frozen shoulder", "chronic pain"} <= harms
    assert "smoking" not in harms

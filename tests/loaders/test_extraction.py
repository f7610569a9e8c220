"""The extractor on short paragraphs written here, with a small lexicon built in the test.

Each test states one rule of the method (section cues, negation, reduced risk, list
heads, relative clauses, composed steps), so a regression names the rule it broke.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from orthokg.loaders.model import Block, Document, Section
from orthokg.loaders.recognition.annotator import Annotator, default_annotator
from orthokg.loaders.relations.extractor import Extractor
from orthokg.loaders.writing.resolution import ConceptRegistry, resolve_extraction
from orthokg.ontology.lexicon import Concept, build_lexicon

LEXICON = build_lexicon([
    Concept("total knee replacement", ("ArthroplastyProcedure",), ("TKR", "knee replacement"),
            region="knee"),
    Concept("unicompartmental knee replacement", ("ArthroplastyProcedure",),
            ("partial knee replacement",), region="knee"),
    Concept("open knee surgery", ("SurgicalProcedure",)),
    Concept("arthroscopic meniscectomy", ("SurgicalProcedure",), region="knee"),
    Concept("knee joint", ("Joint",), ("knee",), region="knee"),
    Concept("tibia", ("Bone",), ("shinbone",), region="knee"),
    Concept("tibial plateau", ("BonePart",), ("top of the shinbone",), region="knee",
            part_of=("tibia",)),
    Concept("meniscus", ("Cartilage",), region="knee"),
    Concept("osteoarthritis", ("Disease",), ("OA",)),
    Concept("meniscal tear", ("Injury",), ("torn meniscus",), located_in=("meniscus",)),
    Concept("infection", ("Complication",)),
    Concept("blood clot", ("Complication",), ("DVT",)),
    Concept("stiffness", ("Symptom",)),
    Concept("knee pain", ("Symptom",)),
    Concept("fluoroscopy", ("ImagingModality",)),
    Concept("X-ray", ("ImagingModality", "ImagingStudy")),
    Concept("tibial component", ("Implant",)),
    Concept("crutches", ("WalkingAid",), ("crutch",)),
    Concept("aspirin", ("Drug",)),
    Concept("physiotherapy", ("Rehabilitation",), ("physical therapy",)),
    Concept("spinal anesthesia", ("Anesthesia",), ("spinal anaesthetic",)),
    Concept("minimally invasive", ("MinimallyInvasiveApproach",), ("keyhole surgery",)),
    Concept("faster recovery", ("Benefit",), ("quicker recovery",)),
    Concept("older adults", ("PatientGroup",)),
    Concept("platelet-rich plasma injection", ("InjectionProcedure",), ("PRP injection",)),
    Concept("pain relief", ("Benefit",), ("relieve pain",)),
    Concept("pain", ("Symptom",)),
    Concept("carpal tunnel syndrome", ("Disease",)),
    Concept("numbness", ("Symptom",)),
    Concept("tingling", ("Symptom",)),
    Concept("bunion", ("Deformity",)),
    Concept("bunion surgery", ("SurgicalProcedure",)),
    Concept("steroid injection", ("InjectionProcedure",)),
    Concept("cemented knee replacement", ("ArthroplastyProcedure",), region="knee"),
    Concept("surgery", ("SurgicalProcedure",)),
    Concept("side effects", ("Complication",), ("side effect",)),
    Concept("bruising", ("Complication",)),
    Concept("epidural steroid injection", ("InjectionProcedure",), region="spine"),
    Concept("epidural anesthesia", ("Anesthesia",), ("epidural",)),
])


def _document(*sections: tuple[str, str, list[str]]) -> Document:
    return Document(
        doc_id="knee", path=Path("knee.txt"), title="Total Knee Replacement",
        media_type="text/plain", sha256="0" * 64, ingested_at=datetime.now(UTC),
        sections=[Section(h, k, [Block(t.removeprefix("- "), t.startswith("- ")) for t in ts])
                  for h, k, ts in sections])


def _leaflet(title: str, *sections: Section) -> Document:
    """A plain-text leaflet with that title and those sections."""
    return Document(
        doc_id="t", path=Path("t.txt"), media_type="text/plain", sha256="0" * 64,
        title=title, ingested_at=datetime.now(UTC), sections=list(sections))


def _titled(title: str, sentence: str) -> Document:
    return _leaflet(title, Section("The operation", "procedure", [Block(sentence, False)]))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Annotator(LEXICON))


def _extract(extractor: Extractor, doc: Document):
    return resolve_extraction(extractor.extract(doc), ConceptRegistry(LEXICON))


def _facts(extractor: Extractor, *sections) -> set[tuple[str, str, str]]:
    doc = _document(("Total Knee Replacement", "intro", ["Total Knee Replacement"]), *sections)
    return {(f.subject.label, f.prop, f.obj.label) for f in _extract(extractor, doc).facts}


def test_title_names_the_main_procedure_and_risks_section_gives_complications(extractor):
    facts = _facts(extractor, ("Risks", "risks", ["Rare risks include infection and DVT."]))
    assert ("total knee replacement", "hasPossibleComplication", "infection") in facts
    assert ("total knee replacement", "hasPossibleComplication", "blood clot") in facts


def test_negated_and_reduced_mentions_are_not_facts(extractor):
    facts = _facts(extractor, ("Benefits", "benefits", [
        "It does not use fluoroscopy, and it lowers the risk of infection."]))
    assert ("total knee replacement", "usesImaging", "fluoroscopy") not in facts
    assert ("total knee replacement", "hasPossibleComplication", "infection") not in facts
    assert ("total knee replacement", "hasBenefit", "reduced risk of infection") in facts


def test_relative_clause_moves_the_subject(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "It is an alternative to open knee surgery, which carries a risk of infection."]))
    assert ("open knee surgery", "hasPossibleComplication", "infection") in facts
    assert ("total knee replacement", "alternativeTo", "open knee surgery") in facts
    assert ("total knee replacement", "hasPossibleComplication", "infection") not in facts


def test_list_heads_are_included_procedures_with_their_own_facts(extractor):
    facts = _facts(extractor, ("Procedures", "procedures", [
        "Related procedures include:",
        "- Arthroscopic meniscectomy: removal of a torn meniscus to relieve knee pain."]))
    assert ("total knee replacement", "includesProcedure", "arthroscopic meniscectomy") in facts
    assert ("arthroscopic meniscectomy", "treats", "meniscal tear") in facts
    # the words after the colon define the procedure named before it, not one of its steps
    assert ("arthroscopic meniscectomy", "hasStep", "meniscus removal") not in facts
    # what the lexicon knows by definition is not what this sentence states
    assert ("meniscal tear", "locatedIn", "meniscus") not in facts


def test_a_condition_in_a_structure_is_located_there(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "Surgery treats a meniscal tear in the knee joint."]))
    assert ("meniscal tear", "locatedIn", "knee joint") in facts


def test_background_part_of_needs_both_ends_in_the_sentence(extractor):
    facts = _facts(extractor, ("Surgery", "procedure", [
        "The tibial plateau at the top of the tibia is removed and a tibial component "
        "is fixed in place."]))
    assert ("tibial plateau", "partOf", "tibia") in facts
    assert ("total knee replacement", "usesDevice", "tibial component") in facts
    assert ("total knee replacement", "hasStep", "tibial plateau removal") in facts


def test_preparation_aftercare_drugs_and_anaesthesia(extractor):
    facts = _facts(
        extractor,
        ("Before surgery", "preparation", [
            "You will need an X-ray and must stop aspirin a week before surgery."]),
        ("After the operation", "aftercare", [
            "The operation is done under a spinal anaesthetic.",
            "You will use crutches and have physiotherapy for six weeks."]))
    assert ("total knee replacement", "requiresPreparation", "X-ray") in facts
    assert ("total knee replacement", "requiresDiscontinuationOf", "aspirin") in facts
    assert ("total knee replacement", "hasAnesthesia", "spinal anesthesia") in facts
    assert ("total knee replacement", "hasAftercare", "crutches") in facts
    assert ("total knee replacement", "hasAftercare", "physiotherapy") in facts


def test_quantities_are_structured(extractor):
    doc = _document(("Total Knee Replacement", "intro", ["Total Knee Replacement"]),
                    ("After", "aftercare", ["You will use crutches for 4 to 6 weeks.",
                                            "There is a less than 2% chance of infection."]))
    got = {(q.kind, q.min_value, q.max_value, q.unit) for q in _extract(extractor, doc).quantities}
    assert ("WalkingAidTime", 4.0, 6.0, "WK") in got
    assert ("ComplicationRate", None, 2.0, "PERCENT") in got


def test_unknown_items_of_a_risk_list_become_complications(extractor):
    facts = _facts(extractor, ("Risks", "risks", [
        "Risks include infection, wound breakdown and DVT."]))
    assert ("total knee replacement", "hasPossibleComplication", "wound breakdown") in facts


def test_a_bare_benefit_bullet_is_a_benefit(extractor):
    facts = _facts(extractor, ("Advantages", "benefits", [
        "The advantages are:", "- Less swelling after surgery"]))
    assert ("total knee replacement", "hasBenefit", "less swelling after surgery") in facts


def test_pronoun_continues_about_the_procedure_just_named(extractor):
    facts = _facts(extractor, ("Options", "overview", [
        "Another option is a PRP injection.",
        "It is recommended for people with osteoarthritis."]))
    assert ("platelet-rich plasma injection", "suitableFor",
            "people with osteoarthritis") in facts
    assert ("total knee replacement", "suitableFor", "people with osteoarthritis") not in facts


def test_a_condition_inside_a_benefit_name_is_still_treated(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "The operation is done to relieve pain in the knee joint."]))
    assert ("total knee replacement", "hasBenefit", "pain relief") in facts
    assert ("total knee replacement", "treats", "pain") in facts


def test_each_walking_aid_gets_its_own_duration(extractor):
    doc = _document(("Total Knee Replacement", "intro", ["Total Knee Replacement"]),
                    ("After", "aftercare", [
                        "You will use crutches for two weeks and physiotherapy until six weeks."]))
    got = {(q.kind, q.about and q.about.label, q.min_value, q.max_value)
           for q in _extract(extractor, doc).quantities}
    assert ("WalkingAidTime", "crutches", 2.0, 2.0) in got


def test_a_cause_reaches_every_item_of_the_list_after_it(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "It is a sign of carpal tunnel syndrome, which causes numbness and tingling."]))
    assert ("carpal tunnel syndrome", "causes", "numbness") in facts
    assert ("carpal tunnel syndrome", "causes", "tingling") in facts


def test_a_benefit_bullet_naming_only_a_symptom_is_a_benefit_as_a_whole(extractor):
    facts = _facts(extractor, ("Benefits", "benefits", ["- Relief of night pain"]))
    assert ("total knee replacement", "hasBenefit", "relief of night pain") in facts


def test_a_number_joined_by_and_measures_what_the_one_before_did(extractor):
    doc = _document(("Total Knee Replacement", "intro", ["Total Knee Replacement"]),
                    ("Recovery", "aftercare", [
                        "Most people return to driving after 6 weeks and to sport after 3 to "
                        "6 months."]))
    got = {(q.kind, q.min_value, q.max_value, q.unit) for q in _extract(extractor, doc).quantities}
    assert ("ReturnToActivityTime", 6.0, 6.0, "WK") in got
    assert ("ReturnToActivityTime", 3.0, 6.0, "MO") in got


def test_contraindications_are_not_treated(extractor):
    facts = _facts(extractor, ("Who should not have it?", "contraindications", [
        "It is not suitable for people with an infection or osteoarthritis."]))
    assert not {f for f in facts if f[1] in ("treats", "suitableFor")}


def test_caused_by_points_from_each_cause_to_each_effect(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "It relieves knee pain and stiffness caused by osteoarthritis or a meniscal tear."]))
    assert ("osteoarthritis", "causes", "knee pain") in facts
    assert ("meniscal tear", "causes", "stiffness") in facts
    assert ("knee pain", "causes", "osteoarthritis") not in facts


def test_an_alternatives_section_names_alternatives_of_the_main_procedure(extractor):
    facts = _facts(extractor, ("Alternatives", "alternatives", [
        "A unicompartmental knee replacement may be an option if one side is worn."]))
    assert ("total knee replacement", "alternativeTo",
            "unicompartmental knee replacement") in facts


def test_the_implants_of_an_option_are_the_options_not_the_main_procedures():
    # the whole lexicon: the small one has no fusion
    facts = _facts(Extractor(default_annotator()), ("Other options", "alternatives", [
        "In an ankle fusion, metal screws are fixed across the joint."]))
    assert ("total knee replacement", "alternativeTo", "ankle fusion") in facts
    assert ("ankle fusion", "usesDevice", "screw") in facts
    assert ("total knee replacement", "usesDevice", "screw") not in facts


def test_a_clause_before_a_comma_says_whose_devices_they_are():
    # parsed as rooted in "would be longer": the clause before it names the subject
    facts = _facts(Extractor(default_annotator()), ("The operation", "procedure", [
        "A rotator cuff repair uses suture anchors and needs a sling for 6 weeks, so your "
        "recovery would be much longer."]))
    assert ("rotator cuff repair", "usesDevice", "suture anchor") in facts
    assert ("total knee replacement", "usesDevice", "suture anchor") not in facts


def test_treatments_that_no_longer_help_are_not_part_of_the_procedure(extractor):
    facts = _facts(extractor, ("Why it is done", "indications", [
        "It is considered when knee pain limits walking and physiotherapy no longer helps."]))
    assert ("total knee replacement", "treats", "knee pain") in facts
    assert not {f for f in facts if f[2] == "physiotherapy"}


def test_a_procedure_named_after_a_condition_treats_it(extractor):
    doc = _document(("Bunion surgery", "intro", ["Bunion surgery is done as a day case."]))
    facts = {(f.subject.label, f.prop, f.obj.label) for f in _extract(extractor, doc).facts}
    assert ("bunion surgery", "treats", "bunion") in facts


def test_it_after_a_sentence_about_a_condition_is_the_condition(extractor):
    doc = _document(("Bunion surgery", "intro", ["Bunion surgery"]),
                    ("Introduction", "overview", ["A bunion is a bony lump on the toe.",
                                                  "It can cause pain in shoes."]))
    facts = {(f.subject.label, f.prop, f.obj.label) for f in _extract(extractor, doc).facts}
    assert ("bunion", "causes", "pain") in facts
    assert ("bunion surgery", "hasPossibleComplication", "pain") not in facts


def test_a_section_about_a_condition_says_what_the_procedure_treats(extractor):
    facts = _facts(extractor,
                   ("Osteoarthritis", "other", ["The cartilage wears away over many years."]),
                   ("Risks", "risks", ["Infection is rare."]),
                   ("Blood clot", "other", ["A clot can form in the calf."]))
    assert ("total knee replacement", "treats", "osteoarthritis") in facts
    # a harm under a heading of its own is no condition the operation is for
    assert ("total knee replacement", "treats", "blood clot") not in facts


def test_it_after_naming_a_condition_is_the_condition(extractor):
    facts = _facts(extractor, ("About", "other", [
        "This is carpal tunnel syndrome. It causes numbness at night."]))
    assert ("carpal tunnel syndrome", "causes", "numbness") in facts
    assert ("total knee replacement", "hasPossibleComplication", "numbness") not in facts


def test_a_harm_said_to_be_common_is_still_the_procedures(extractor):
    facts = _facts(extractor, ("Side effects", "risks", [
        "Stiffness and infection are common and settle within a few weeks."]))
    assert ("total knee replacement", "hasPossibleComplication", "infection") in facts


def test_surgery_as_the_other_option_is_the_pages_operation(extractor):
    facts = _facts(extractor, ("Other treatments", "alternatives", [
        "A steroid injection is an alternative to surgery."]))
    assert {("steroid injection", "alternativeTo", "total knee replacement"),
            ("total knee replacement", "alternativeTo", "steroid injection")} & facts


def test_a_procedure_a_types_section_speaks_of_is_a_subtype(extractor):
    facts = _facts(extractor, ("Types of knee replacement", "types", [
        "A cemented knee replacement is fixed to the bone with cement."]))
    assert ("cemented knee replacement", "subtypeOf", "total knee replacement") in facts


def test_what_follows_a_list_items_label_is_about_the_label(extractor):
    facts = _facts(extractor, ("Operations", "other", [
        "Knee replacement covers two operations:",
        "- Unicompartmental knee replacement: the meniscus is removed first."]))
    assert ("total knee replacement", "includesProcedure",
            "unicompartmental knee replacement") in facts
    assert not any(s == "total knee replacement" and p == "hasStep" for s, p, _ in facts)


def test_side_effects_as_a_subject_are_the_procedures_harms(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "Possible side effects include infection and bruising."]))
    assert ("total knee replacement", "hasPossibleComplication", "infection") in facts
    assert ("total knee replacement", "hasPossibleComplication", "bruising") in facts


def test_a_short_name_of_the_main_procedure_is_not_another_procedure(extractor):
    doc = Document(
        doc_id="esi", path=Path("esi.txt"), title="Epidural steroid injection",
        media_type="text/plain", sha256="0" * 64, ingested_at=datetime.now(UTC),
        sections=[Section("Epidural steroid injection", "intro",
                          [Block("An epidural steroid injection eases leg pain.", False)]),
                  Section("Risks", "risks", [Block(
                      "Bruising is common where the epidural was given.", False)])])
    facts = {(f.subject.label, f.prop, f.obj.label) for f in _extract(extractor, doc).facts}
    assert ("epidural steroid injection", "hasPossibleComplication", "bruising") in facts
    assert not any(o == "epidural anesthesia" for _s, _p, o in facts)


def test_symptom_and_diagnosis_sections_are_about_the_condition(extractor):
    facts = _facts(
        extractor,
        ("Overview", "overview", ["A total knee replacement treats osteoarthritis."]),
        ("Symptoms", "symptoms", ["- stiffness", "- knee pain"]),
        ("How is it diagnosed?", "diagnosis", ["An X-ray is usually enough."]))
    assert ("osteoarthritis", "hasSymptom", "stiffness") in facts
    assert ("osteoarthritis", "hasSymptom", "knee pain") in facts
    assert ("osteoarthritis", "diagnosedBy", "X-ray") in facts
    assert ("total knee replacement", "usesImaging", "X-ray") not in facts


def test_a_general_noun_set_beside_a_named_procedure_speaks_of_it(extractor):
    facts = _facts(extractor, ("Options", "other", [
        "We also offer a partial knee replacement, a separate operation using keyhole "
        "surgery."]))
    assert ("total knee replacement", "hasApproach", "minimally invasive") not in facts


def test_what_an_option_brings_is_the_options_own(extractor):
    facts = _facts(extractor, ("Alternatives", "alternatives", [
        "- A steroid injection may give short-term relief, with bruising as a common side "
        "effect."]))
    assert ("total knee replacement", "alternativeTo", "steroid injection") in facts
    assert ("steroid injection", "hasPossibleComplication", "bruising") in facts
    assert ("total knee replacement", "hasPossibleComplication", "bruising") not in facts


def test_symptoms_named_without_their_condition_are_the_pages_conditions(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "A total knee replacement treats osteoarthritis.",
        "In this disease the meniscus wears away.",
        "The main symptoms are stiffness and knee pain."]))
    assert ("osteoarthritis", "hasSymptom", "stiffness") in facts
    assert ("total knee replacement", "hasPossibleComplication", "stiffness") not in facts


def test_a_denied_item_under_alternatives_is_no_option(extractor):
    doc = Document(
        doc_id="si", path=Path("si.txt"), title="Steroid injection",
        media_type="text/plain", sha256="0" * 64, ingested_at=datetime.now(UTC),
        sections=[Section("Steroid injection", "intro",
                          [Block("A steroid injection eases knee pain.", False)]),
                  Section("Alternatives", "alternatives",
                          [Block("The injection contains no aspirin.", False)])])
    facts = {(f.subject.label, f.prop, f.obj.label) for f in _extract(extractor, doc).facts}
    assert ("steroid injection", "treats", "knee pain") in facts
    assert not any(o == "aspirin" for _s, _p, o in facts)


def test_what_a_thing_is_used_for_decides_before_its_use(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "A total knee replacement treats osteoarthritis.",
        "An X-ray is used to diagnose osteoarthritis."]))
    assert ("osteoarthritis", "diagnosedBy", "X-ray") in facts
    assert ("total knee replacement", "usesImaging", "X-ray") not in facts


def test_a_test_that_checks_something_else_finds_no_condition(extractor):
    facts = _facts(
        extractor,
        ("Overview", "overview", ["A total knee replacement treats osteoarthritis."]),
        ("The operation", "procedure", [
            "An X-ray is used to confirm the position of the tibial component."]))
    assert ("osteoarthritis", "diagnosedBy", "X-ray") not in facts
    assert ("total knee replacement", "usesImaging", "X-ray") in facts


def test_a_title_saying_only_surgical_release_leaves_the_name_to_the_text():
    doc = _leaflet(
        "Carpal tunnel syndrome: treatment options and surgical release",
        Section("Surgery", "procedure", [Block(
            "A carpal tunnel release relieves the numbness.", False)]))
    # the whole lexicon: it is what makes "surgical release" a name of the title
    extraction = Extractor(default_annotator()).extract(doc)
    assert extraction.main_procedure is not None
    assert extraction.main_procedure.label == "carpal tunnel release"


@pytest.mark.parametrize(("title", "listed"), [
    ("Ganglion Cyst Removal", "ganglion excision"),  # "ganglion removal" in the lexicon
    ("Carpal Tunnel Syndrome Surgery", "carpal tunnel release"),  # named after its site
    ("Rotator Cuff Tear Surgery", "rotator cuff repair"),
])
def test_a_procedure_named_with_another_name_of_what_it_treats_is_the_lexicons(title, listed):
    extraction = Extractor(default_annotator()).extract(
        _titled(title, "It is done as a day case."))
    assert extraction.main_procedure is not None
    assert extraction.main_procedure.label == listed


@pytest.mark.parametrize(("title", "main"), [
    ("Physiotherapy after a hip replacement", "physical therapy"),
    ("Rehabilitation following ACL reconstruction", "rehabilitation"),
    # no other procedure before "after": the only one named is still the page's
    ("Life after hip replacement", "total hip replacement"),
])
def test_a_title_naming_the_operation_it_follows_is_about_what_follows(title, main):
    extraction = Extractor(default_annotator()).extract(
        _titled(title, "Most people need six weeks of exercises."))
    assert extraction.main_procedure is not None
    assert extraction.main_procedure.label == main, extraction.main_procedure.label


def test_what_was_done_before_is_the_earlier_operations():
    extraction = Extractor(default_annotator()).extract(_titled(
        "Physiotherapy after a hip replacement",
        "The surgeon replaced the joint under a general anaesthetic."))
    facts = {(f.subject.label, f.prop, f.obj.label) for f in extraction.facts}
    assert ("physical therapy", "hasAnesthesia", "general anesthesia") not in facts, facts
    assert ("total hip replacement", "hasAnesthesia", "general anesthesia") in facts, facts


def test_a_condition_naming_what_an_operation_removes_is_not_the_subject():
    # "removal" heads the subject: the sentence is about the operation, not the cyst
    extraction = Extractor(default_annotator()).extract(_titled(
        "Ganglion Excision",
        "Ganglion cyst removal is a day-case operation done under local anaesthetic."))
    assert extraction.main_procedure is not None
    assert any(f.prop == "hasAnesthesia" and f.subject == extraction.main_procedure
               for f in extraction.facts), [(f.subject.label, f.prop) for f in extraction.facts]


def test_a_run_in_label_speaks_for_its_own_paragraph_only():
    doc = _leaflet(
        "Carpal Tunnel Release",
        Section("Other treatments", "procedures", [
            Block("Steroid injection. A needle is used to put the drug into the wrist."),
            Block("A splint is worn at night after the operation.")]))
    facts = {(f.subject.label, f.prop, f.obj.label)
             for f in Extractor(default_annotator()).extract(doc).facts}
    devices = {(s, o) for s, p, o in facts if p == "usesDevice"}
    assert ("carpal tunnel release", "needle") not in devices, devices
    assert any(o == "needle" and s != "carpal tunnel release" for s, o in devices), devices
    assert ("carpal tunnel release", "hasAftercare", "splint") in facts, facts  # next paragraph


def test_surgery_weighed_against_a_non_surgical_procedure_is_not_that_procedure():
    doc = _leaflet(
        "Shockwave Therapy",
        Section("Other treatments", "procedures", [Block(
            "Surgery carries risks such as infection and nerve damage.")]))
    facts = Extractor(default_annotator()).extract(doc).facts
    assert not [f for f in facts if f.prop == "hasPossibleComplication"
                and f.subject.label == "shockwave therapy"], facts


def test_the_clause_before_a_colon_says_what_the_sentence_is_about():
    doc = _leaflet(
        "Carpal Tunnel Release",
        Section("Other treatments", "procedures", [Block(
            "A steroid injection is another choice. It is given in clinic: the drug is "
            "put into the wrist with a fine needle.")]))
    facts = Extractor(default_annotator()).extract(doc).facts
    devices = {(f.subject.label, f.obj.label) for f in facts if f.prop == "usesDevice"}
    assert devices and all(s != "carpal tunnel release" for s, _ in devices), devices


def test_an_eponyms_possessive_is_part_of_the_procedures_name():
    extraction = Extractor(default_annotator()).extract(
        _titled("De Quervain's Surgery", "It is done as a day case."))
    assert extraction.main_procedure is not None  # the condition is named by its eponym only
    assert extraction.main_procedure.label.lower() == "de quervain's surgery", \
        extraction.main_procedure.label


# -- facts about the page's condition, steps and parts (held-out classes) ----------------

def test_a_symptom_a_named_disease_causes_is_one_of_its_symptoms(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "Osteoarthritis causes knee pain and stiffness.",
        "An infection can cause pain."]))
    assert ("osteoarthritis", "causes", "knee pain") in facts
    assert ("osteoarthritis", "hasSymptom", "knee pain") in facts
    assert ("osteoarthritis", "hasSymptom", "stiffness") in facts
    # a harm's effects are what it causes, not its symptoms
    assert ("infection", "hasSymptom", "pain") not in facts


def test_symptoms_with_no_condition_named_are_the_pages_conditions(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "A total knee replacement treats osteoarthritis.",
        "Sometimes a meniscal tear is found as well.",
        "Typical symptoms are knee pain and stiffness."]))
    assert ("osteoarthritis", "hasSymptom", "knee pain") in facts
    assert ("meniscal tear", "hasSymptom", "knee pain") not in facts


def test_a_condition_of_a_structure_is_located_in_it(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "Osteoarthritis is a disease of the knee joint."]))
    assert ("osteoarthritis", "locatedIn", "knee joint") in facts


def test_an_operation_done_as_a_step_is_included(extractor):
    facts = _facts(extractor, ("The operation", "procedure", [
        "Depending on the damage, the surgeon will do one of two things:",
        "- Arthroscopic meniscectomy: the torn part of the meniscus is trimmed away."]))
    assert ("total knee replacement", "includesProcedure", "arthroscopic meniscectomy") \
        in facts
    assert ("arthroscopic meniscectomy", "hasTargetSite", "meniscus") in facts


def test_a_general_noun_beside_a_named_procedure_speaks_of_it(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "Some patients need an arthroscopic meniscectomy, an operation that trims the "
        "meniscus."]))
    assert ("arthroscopic meniscectomy", "hasTargetSite", "meniscus") in facts
    assert ("total knee replacement", "hasTargetSite", "meniscus") not in facts


def test_the_head_noun_of_the_pages_condition_stands_for_it(extractor):
    facts = _facts(extractor, ("Overview", "overview", [
        "A total knee replacement treats a meniscal tear.",
        "We diagnose a tear with an X-ray."]))
    assert ("meniscal tear", "diagnosedBy", "X-ray") in facts


@pytest.fixture(scope="module")
def full_extractor() -> Extractor:
    return Extractor(default_annotator())


def test_risk_items_the_tagger_reads_as_clauses_are_risks(full_extractor):
    doc = _leaflet(
        "Tennis elbow release",
        Section("Risks", "risks", [Block(t, True) for t in (
            "Elbow stiffness",  # "stiffness" tagged as a verb
            "Complex regional pain syndrome (CRPS)",  # the abbreviation tagged as a verb
            "Sural nerve injury, causing numbness along the outer foot")]))
    facts = {(f.subject.label, f.prop, f.obj.label)
             for f in full_extractor.extract(doc).facts}
    for harm in ("elbow stiffness", "complex regional pain syndrome", "sural nerve injury"):
        assert ("tennis elbow release", "hasPossibleComplication", harm) in facts


def test_the_cause_of_the_pages_condition_is_not_treated(full_extractor):
    doc = _leaflet(
        "Knee arthroscopy for a meniscal tear",
        Section("What is a meniscal tear?", "overview", [Block(
            "A tear is usually caused by a twisting injury.", False)]))
    facts = {(f.subject.label, f.prop, f.obj.label)
             for f in full_extractor.extract(doc).facts}
    assert ("twisting injury", "causes", "meniscus tear") in facts
    assert not {f for f in facts if f[1] == "treats" and f[2] == "twisting injury"}


def test_they_after_a_category_of_harms_are_the_procedures_harms(extractor):
    facts = _facts(extractor, ("Risks", "risks", [
        "Serious side effects are rare.",
        "They may include infection and blood clots."]))
    assert ("total knee replacement", "hasPossibleComplication", "infection") in facts
    assert ("total knee replacement", "hasPossibleComplication", "blood clot") in facts


def test_a_bracketed_approach_names_no_procedure_of_the_words_before(full_extractor):
    doc = _leaflet(
        "Ganglion excision",
        Section("The operation", "procedure", [Block(
            "The surgeon makes a cut over the lump (open surgery) and removes the cyst.",
            False)]))
    extraction = full_extractor.extract(doc)
    facts = {(f.subject.label, f.prop, f.obj.label) for f in extraction.facts}
    assert ("ganglion excision", "hasApproach", "open approach") in facts
    assert not {c.label for c in extraction.concepts} & {"lump (surgicalprocedure)"}
    assert all(f.subject.label != "lump" for f in extraction.facts)


@pytest.mark.parametrize(("title", "sentence", "approaches"), [
    ("Carpal Tunnel Release", "It can be an open release or an endoscopic release.",
     {"open approach", "endoscopic"}),
    ("Rotator Cuff Repair", "A keyhole repair is usually possible.", {"arthroscopic"}),
    ("Total Hip Replacement", "An endoscopic release of the tendon may be needed.", set()),
])
def test_the_pages_operation_named_by_the_way_it_is_done_has_that_approach(
        title, sentence, approaches):
    facts = Extractor(default_annotator()).extract(_titled(title, sentence)).facts
    assert {f.obj.label for f in facts if f.prop == "hasApproach"} == approaches


def test_a_harm_that_is_the_subject_under_risks_is_still_the_procedures():
    doc = _leaflet(
        "Ankle Fusion",
        Section("Risks", "risks", [Block(
            "Wound infection affects about 2 in 100 people.", False)]))
    facts = Extractor(default_annotator()).extract(doc).facts
    assert ("ankle fusion", "hasPossibleComplication", "wound infection") in \
        {(f.subject.label, f.prop, f.obj.label) for f in facts}

"""Concept recognition: abbreviations keep their case, lay names win in their region,
typography and possessives do not hide a name, and every sentence comes parsed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from orthokg.loaders.model import Block, Document, Section
from orthokg.loaders.recognition.annotator import Annotator, default_annotator
from orthokg.ontology.lexicon import Concept, build_lexicon

LEXICON = build_lexicon([
    Concept("hyaluronic acid", ("BiologicalProduct",), ("HA",)),
    Concept("magnetic resonance imaging", ("ImagingModality",), ("MRI",)),
    Concept("implant", ("Implant",), ("prosthesis",)),
    Concept("hip prosthesis", ("Implant",), ("artificial hip",), ("prosthesis",), region="hip"),
    Concept("total hip replacement", ("ArthroplastyProcedure",), region="hip"),
    Concept("Dupuytren contracture", ("Deformity",), region="hand"),
    Concept("bunion", ("Deformity",), region="foot"),
    Concept("bone spur", ("Deformity",), ("bone spurs",)),
    Concept("platelet-rich plasma", ("BiologicalProduct",), ("PRP",)),
    Concept("platelet-rich plasma injection", ("InjectionProcedure",), ("PRP injection",)),
    Concept("crutches", ("WalkingAid",), ("crutch",)),
    Concept("infection", ("Complication",)),
    Concept("bleeding", ("Complication",)),
    Concept("metallosis", ("Complication",)),
    Concept("allergic reaction", ("Complication",)),
    Concept("tear", ("Injury",)),
    Concept("carpal tunnel release", ("SurgicalProcedure",)),
    Concept("range of motion exercises", ("ExerciseTherapy",)),
    Concept("strengthening exercises", ("ExerciseTherapy",)),
    Concept("surgery", ("SurgicalProcedure",)),
    Concept("rotator cuff tear", ("Injury",), subtype_of=("tear",)),
    Concept("femur", ("Bone",)),
    Concept("femoral neck", ("BonePart",), ("neck of the femur",), part_of=("femur",)),
    Concept("femoral shaft", ("BonePart",), ("body of the femur",), part_of=("femur",)),
])


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(LEXICON)


def _labels(annotator: Annotator, text: str, region: str = "") -> list[str]:
    sentence = annotator.annotate_text(text, region)
    return [m.concept.label for m in sentence.mentions if not m.nested]


def test_abbreviations_match_with_their_case_and_plural(annotator):
    assert _labels(annotator, "Two MRIs showed HA in the joint.") == [
        "magnetic resonance imaging", "hyaluronic acid"]
    assert _labels(annotator, "She has had an mri.") == []


def test_a_lay_name_wins_only_in_its_region(annotator):
    assert _labels(annotator, "The prosthesis is checked.", "hip") == ["hip prosthesis"]
    assert _labels(annotator, "The prosthesis is checked.", "knee") == ["implant"]


def test_possessive_eponyms_match_either_way(annotator):
    assert _labels(annotator, "Dupuytren's contracture bends the fingers.") == [
        "Dupuytren contracture"]
    assert _labels(annotator, "A Dupuytren contracture is painless.") == [
        "Dupuytren contracture"]


def test_sentences_are_parsed_and_mentions_know_their_tokens(annotator):
    sentence = annotator.annotate_text("The surgeon treats the infection.")
    [mention] = [m for m in sentence.mentions if m.concept.label == "infection"]
    assert sentence.doc is not None
    assert sentence.doc[mention.first:mention.last].text == "infection"
    assert sentence.doc[mention.first].dep_ == "dobj"


def test_context_flags_negation(annotator):
    sentence = annotator.annotate_text("There is no infection.")
    assert [m.negated for m in sentence.mentions] == [True]


def test_a_denial_reaches_the_items_coordinated_with_what_it_denies():
    sentence = default_annotator().annotate_text(
        "You do not need a general anaesthetic or sedation; you will be awake throughout.")
    assert [(m.text, m.negated) for m in sentence.mentions if not m.nested] == \
        [("general anaesthetic", True), ("sedation", True)]
    other_verb = default_annotator().annotate_text(
        "You will not need a cast, but you will need crutches.")
    assert [(m.text, m.negated) for m in other_verb.mentions if not m.nested] == \
        [("cast", True), ("crutches", False)]


def test_a_noun_with_an_of_phrase_is_looked_up_as_a_compound():
    annotator = default_annotator()
    sentence = annotator.annotate_text("Risks include tenderness of the scar.")
    assert [m.concept.label for m in sentence.mentions if not m.nested] == ["scar tenderness"]
    # a name that is only the noun's own keeps the site it is of
    kept = annotator.annotate_text("It is caused by wear and tear of the hip joint.")
    assert "hip joint" in [m.concept.label for m in kept.mentions if not m.nested]


def test_a_procedure_the_lexicon_lacks_is_named_from_its_head_word(annotator):
    sentence = annotator.annotate_text("An HA injection was given.")
    assert [m.concept.label for m in sentence.mentions if not m.nested] == [
        "hyaluronic acid injection"]
    assert "HA injection" in sentence.mentions[0].concept.synonyms


def test_a_bracket_explaining_a_condition_names_no_second_one(annotator):
    assert _labels(annotator, "Rarely metallosis (an allergic reaction to metal) occurs.") \
        == ["metallosis"]
    # a bracket listing examples is kept: it names the conditions themselves
    assert _labels(annotator, "Metallosis (infection, bleeding) is rare.") == [
        "metallosis", "infection", "bleeding"]


def test_an_of_complement_is_shared_by_the_nouns_coordinated_before_it(annotator):
    assert _labels(annotator, "A canal is made in the neck and body of the femur.") == [
        "femoral neck", "femoral shaft"]


def test_a_bare_condition_name_is_the_kind_just_named(annotator):
    document = Document(
        doc_id="cuff", path=Path("cuff.txt"), title="Cuff", media_type="text/plain",
        sha256="0" * 64, ingested_at=datetime.now(UTC),
        sections=[Section("About", "other", [Block(
            "A rotator cuff tear weakens the arm. Large tears are repaired early.")])])
    sentences = annotator.annotate(document).sentences
    assert sentences[-1].mentions[0].concept.label == "rotator cuff tear"


def test_a_procedure_followed_by_surgery_is_that_procedure(annotator):
    assert _labels(annotator, "Carpal tunnel release surgery takes twenty minutes.") == [
        "carpal tunnel release"]


def test_a_conjunct_sharing_a_head_is_read_as_far_left_as_makes_a_name(annotator):
    assert _labels(annotator, "Start gentle range of motion and strengthening exercises.") \
        == ["range of motion exercises", "strengthening exercises"]


def test_an_abbreviation_in_brackets_stays_outside_the_procedures_name(annotator):
    labels = _labels(annotator, "An extracorporeal shockwave (ESWT) treatment is quick.")
    assert labels == ["extracorporeal shockwave treatment"]


def test_a_title_naming_what_is_removed_names_the_operation(annotator):
    document = Document(
        doc_id="t", path=Path("t.txt"), title="Bunion Removal", media_type="text/plain",
        sha256="0" * 64, ingested_at=datetime.now(UTC),
        sections=[Section("Bunion Removal", "intro", [Block("The bunion removal is done "
                                                             "as a day case.", False)])])
    title = annotator.annotate(document).sentences[0]
    assert title.is_title
    assert [m.concept.label for m in title.mentions if not m.nested] == ["bunion removal"]
    # in a sentence the same words are a step, not a second operation
    assert "bunion removal" not in _labels(annotator, "A bunion removal follows.")


def test_a_name_the_tagger_reads_as_a_verb_is_kept_unless_it_is_one_word(annotator):
    # the small model tags "spurs" VBZ here: a name of two words is a name all the same
    assert "bone spur" in _labels(annotator, "X-rays may show bone spurs around the joint.")
    assert "crutches" not in _labels(annotator, "The nurse crutches the patient.")


def test_a_word_saying_what_kind_of_thing_a_named_procedure_is_adds_nothing(annotator):
    assert _labels(annotator, "Platelet-Rich Plasma (PRP) Injection Therapy") == [
        "platelet-rich plasma injection"]


def test_things_coordinated_in_the_text_are_each_named():
    sentence = default_annotator().annotate_text(
        "The bone is held with a metal plate and screws.")
    assert {"plate", "screw"} <= {m.concept.label for m in sentence.mentions}


def test_a_participle_read_as_an_adjective_of_is_still_a_step():
    sentence = default_annotator().annotate_text(
        "The ligament over the nerve is divided, releasing the nerve.")
    assert "ligament division" in {m.concept.label for m in sentence.mentions}

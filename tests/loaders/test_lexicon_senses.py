"""Words of non-operative care that name different things in different leaflets.

The packaged lexicon names braces, casts, therapies and stimulator parts in the words
patients meet ("leads", "battery", "manipulation", "sores"). Several are ordinary words
or carry another clinical sense, so they are listed as lay names of one body region or
left out; these checks run the real annotator over sentences written here and fail if a
word lands on the wrong concept or on one outside its region.
"""

from __future__ import annotations

import pytest

from orthokg.loaders.recognition.annotator import Annotator, default_annotator


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return default_annotator()


def labels(annotator: Annotator, text: str, region: str = "") -> set[str]:
    sentence = annotator.annotate_text(text, region)
    return {m.concept.label for m in sentence.mentions}


def test_plain_leads_and_battery_are_stimulator_parts_in_a_spinal_leaflet(annotator):
    found = labels(annotator, "Thin leads are placed in the epidural space and the battery "
                              "sits under the skin.", "spine")
    assert {"spinal cord stimulator lead", "implantable pulse generator"} <= found


def test_plain_leads_and_battery_are_nothing_outside_the_spine(annotator):
    found = labels(annotator, "Thin leads are placed and the battery is charged.", "knee")
    assert not found & {"spinal cord stimulator lead", "implantable pulse generator"}


def test_the_verb_lead_is_no_stimulator_lead(annotator):
    """'may lead to' in a spinal injection leaflet is a verb, not a wire."""
    found = labels(annotator, "Bleeding in the spinal canal may lead to nerve damage.", "spine")
    assert "spinal cord stimulator lead" not in found


def test_plain_electrodes_are_never_a_radiofrequency_probe(annotator):
    for region in ("", "spine", "knee"):
        assert "radiofrequency probe" not in labels(
            annotator, "The electrodes are placed close to the spinal cord.", region)
    assert "radiofrequency probe" in labels(
        annotator, "A radiofrequency electrode heats the nerve.", "spine")


def test_manipulation_is_the_ponseti_stretch_only_in_a_foot_leaflet(annotator):
    assert "foot manipulation" in labels(
        annotator, "Each week gentle manipulation stretches the foot.", "foot")
    assert "foot manipulation" not in labels(
        annotator, "Manipulation of the shoulder can free a stiff joint.", "shoulder")


def test_sores_from_a_cast_or_brace_are_skin_sores_not_bed_sores(annotator):
    assert "skin sores" in labels(annotator, "The casts can cause skin sores.")
    assert "cast sores" in labels(annotator, "Cast sores are checked at every change.")
    assert "pressure sores" not in labels(annotator, "The casts can cause skin sores.")


def test_observation_and_relapse_are_terms_of_the_course_of_care(annotator):
    assert "observation" in labels(annotator, "Small curves need observation with X-rays.")
    assert "relapse" in labels(annotator, "Relapse is common if the boots are not worn.")
    relapse = annotator.lexicon.concepts["relapse"]
    assert "recurrence" in annotator.lexicon.broader(relapse)


def test_a_plastic_bearing_is_the_polyethylene_insert(annotator):
    assert "polyethylene insert" in labels(
        annotator, "A plastic bearing sits between the metal parts.", "knee")


def test_a_pain_management_programme_is_not_pain_relief_in_general(annotator):
    assert "pain management programme" in labels(
        annotator, "A pain management programme teaches pacing and exercise.")

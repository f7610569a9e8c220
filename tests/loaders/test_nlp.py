"""Concept recognition: abbreviations keep their case, lay names win in their region."""

from __future__ import annotations

import pytest

from orthokg.loaders.recognition.nlp import Annotator
from orthokg.ontology.lexicon import Concept, build_lexicon

LEXICON = build_lexicon([
    Concept("hyaluronic acid", ("BiologicalProduct",), ("HA",)),
    Concept("magnetic resonance imaging", ("ImagingModality",), ("MRI",)),
    Concept("implant", ("Implant",), ("prosthesis",)),
    Concept("hip prosthesis", ("Implant",), ("artificial hip",), ("prosthesis",), region="hip"),
    Concept("total hip replacement", ("ArthroplastyProcedure",), region="hip"),
])


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(LEXICON)


def _labels(annotator: Annotator, text: str, region: str = "") -> list[str]:
    doc = annotator.process(text, region)
    return [m.concept.label for m in annotator.mentions(doc[:]) if not m.nested]


def test_abbreviations_match_with_their_case_and_plural(annotator):
    assert _labels(annotator, "Two MRIs and an HA injection.") == [
        "magnetic resonance imaging", "hyaluronic acid"]
    assert _labels(annotator, "She has had an mri.") == []


def test_a_lay_name_wins_only_in_its_region(annotator):
    assert _labels(annotator, "The prosthesis is checked.", "hip") == ["hip prosthesis"]
    assert _labels(annotator, "The prosthesis is checked.", "knee") == ["implant"]

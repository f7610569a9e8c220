"""Entity resolution: one node per concept, never two labels or two kinds on one IRI."""

from __future__ import annotations

from orthokg.loaders.writing.resolution import ConceptRegistry
from orthokg.ontology.lexicon import Concept, build_lexicon
from orthokg.ontology.vocab import slugify

LEXICON = build_lexicon([
    Concept("stiffness", ("Symptom",)),
    Concept("pain relief", ("Benefit",), ("relief of pain",)),
    Concept("back pain", ("Symptom",), ("lower back pain",)),
])


def made_up(label: str, cls: str, *names: str) -> Concept:
    return Concept(label, (cls,), names, source="text")


def test_a_made_up_concept_sharing_a_name_is_the_lexicon_concept():
    registry = ConceptRegistry(LEXICON)
    assert registry.resolve(made_up("relief from pain", "Benefit", "relief of pain")).label \
        == "pain relief"


def test_a_shared_name_of_another_kind_does_not_merge():
    registry = ConceptRegistry(LEXICON)
    benefit = registry.resolve(made_up("reduced back pain", "Benefit", "lower back pain"))
    assert benefit.label == "reduced back pain" and benefit.cls == "Benefit"


def test_made_up_concepts_with_one_slug_become_one_node():
    registry = ConceptRegistry(LEXICON)
    first = registry.resolve(made_up("wound breakdown", "Complication"))
    second = registry.resolve(made_up("wound-breakdown", "Complication"))
    assert first.label == second.label == "wound breakdown"
    assert "wound-breakdown" in second.names


def test_a_lexicon_slug_taken_by_another_kind_is_renamed():
    registry = ConceptRegistry(LEXICON)
    odd = registry.resolve(made_up("stiffness", "Benefit"))
    assert odd.cls == "Benefit" and slugify(odd.label) != "stiffness"
    assert "stiffness" in odd.names

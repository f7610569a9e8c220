"""The region classes are defined by their anchors, and the anchors are lexicon concepts.

orthokg.ttl declares each anchor (the hip region, the spine, ...) with the label, class
and definition the lexicon gives it, so that the class definitions name declared
individuals; these tests keep the two in step and check that the lexicon's ``part_of``
links reach the anchors where anatomy says they should, and not where it does not.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from orthokg.ontology.lexicon import Lexicon, load_lexicon
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OKG, OKGR, concept_iri

ANCHORS = {
    "HipStructure": ["hip region"], "KneeStructure": ["knee region"],
    "SpinalStructure": ["spine"], "ShoulderStructure": ["shoulder region"],
    "HandWristStructure": ["hand", "wrist region"],
    "FootAnkleStructure": ["foot", "ankle joint"],
}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _anchors(tbox: Graph, cls: str) -> tuple[set[URIRef], set[URIRef]]:
    """The individuals of the class's owl:oneOf and of its hasValue restrictions."""
    [union] = list(tbox.objects(OKG[cls], OWL.equivalentClass))
    one_of: set[URIRef] = set()
    has_value: set[URIRef] = set()
    for member in Collection(tbox, tbox.value(union, OWL.unionOf)):
        listed = tbox.value(member, OWL.oneOf)
        if listed is not None:
            one_of |= {URIRef(str(m)) for m in Collection(tbox, listed)}
        else:
            assert tbox.value(member, OWL.onProperty) == OKG.anatomicalPartOf
            has_value.add(URIRef(str(tbox.value(member, OWL.hasValue))))
    return one_of, has_value


@pytest.mark.parametrize("cls,labels", ANCHORS.items())
def test_a_region_class_is_its_anchors_and_what_is_part_of_them(cls: str,
                                                                 labels: list[str]) -> None:
    expected = {concept_iri(label) for label in labels}
    assert _anchors(tbox_graph(), cls) == (expected, expected)
    assert (OKG[cls], RDFS.subClassOf, OKG.AnatomicalStructure) in tbox_graph()


@pytest.mark.parametrize("label", sorted({a for labels in ANCHORS.values() for a in labels}))
def test_an_anchor_is_declared_as_the_lexicon_has_it(lexicon: Lexicon, label: str) -> None:
    concept = lexicon.get(label)
    assert concept is not None, f"anchor {label!r} is no lexicon concept"
    tbox, node = tbox_graph(), concept_iri(label)
    assert (node, RDF.type, OWL.NamedIndividual) in tbox
    assert [str(o) for o in tbox.objects(node, RDFS.label)] == [concept.label]
    assert [str(o) for o in tbox.objects(node, SKOS.definition)] == [concept.definition]
    declared = {str(o).removeprefix(str(OKG)) for o in tbox.objects(node, RDF.type)
                if o != OWL.NamedIndividual}
    assert declared == set(concept.classes)


def test_no_individual_but_the_anchors_in_the_tbox_is_a_concept() -> None:
    tbox = tbox_graph()
    concepts = {s for s in tbox.subjects(RDF.type, OWL.NamedIndividual)
                if str(s).startswith(str(OKGR))}
    assert concepts == {concept_iri(a) for labels in ANCHORS.values() for a in labels}


def _reaches(lexicon: Lexicon, label: str, anchor: str) -> bool:
    todo, seen = [label], set()
    while todo:
        current = todo.pop()
        if current == anchor:
            return True
        concept = lexicon.get(current)
        if concept is None or current in seen:
            continue
        seen.add(current)
        todo.extend(concept.part_of)
    return False


@pytest.mark.parametrize("part,anchor", [
    ("femoral head", "hip region"), ("acetabulum", "hip region"), ("hip joint", "hip region"),
    ("knee joint", "knee region"), ("patella", "knee region"), ("meniscus", "knee region"),
    ("intervertebral disc", "spine"), ("spinal cord", "spine"),
    ("rotator cuff", "shoulder region"), ("talus", "ankle joint"),
])
def test_lexicon_links_reach_the_anchor(lexicon: Lexicon, part: str, anchor: str) -> None:
    assert _reaches(lexicon, part, anchor)


@pytest.mark.parametrize("part,anchor", [
    ("femur", "hip region"), ("pelvis", "hip region"), ("femur", "knee region"),
    ("tibia", "knee region"), ("humerus", "shoulder region"),
])
def test_a_long_bone_belongs_to_no_single_region(lexicon: Lexicon, part: str,
                                                 anchor: str) -> None:
    assert not _reaches(lexicon, part, anchor)

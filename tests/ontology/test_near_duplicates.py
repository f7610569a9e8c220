"""No two terms of the TBox and the lexicon have near-duplicate labels.

"spinal structure" and "spine structure" were two TBox classes for one set of things; an
exact-label check (ROBOT's duplicate_label) cannot see that. Labels are compared by a
key that forgives what makes two names of one thing look different: case, punctuation,
word order, little words, plurals and the adjective of a noun ("spinal"/"spine").

Allowed, because they name different things on purpose:
- a TBox class labelled "... (class)" and the lexicon concept of that name (the class
  of tendons and the concept "tendon"; the TBox header explains the convention);
- two lexicon concepts of different top classes, which the TBox makes disjoint, so they
  can never be one thing ("arthroscope", a device, and "arthroscopic", an approach).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS

from orthokg.ontology.classes import top_class
from orthokg.ontology.lexicon import load_lexicon
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import concept_iri

LITTLE_WORDS = {"of", "the", "a", "an", "and", "or", "in", "on", "to", "for", "with", "by"}
ADJECTIVE_ENDINGS = ("al", "ar", "ic")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in ADJECTIVE_ENDINGS:
        if len(word) > 5 and word.endswith(ending):
            word = word[:-len(ending)]
            break
    return word.rstrip("e")


def near_key(label: str) -> str:
    """The label with case, parentheses, punctuation, order, little words, plurals and
    adjective endings taken away."""
    text = re.sub(r"\([^)]*\)", " ", label.lower())
    words = {_stem(w) for w in re.findall(r"[a-z0-9]+", text) if w not in LITTLE_WORDS}
    return " ".join(sorted(words))


@dataclass(frozen=True)
class Term:
    source: str  # "tbox" or "lexicon"
    iri: str
    label: str
    kind: str  # the lexicon concept's top class; "" for TBox terms


def _terms() -> list[Term]:
    terms = [Term("tbox", str(s), str(o), "")
             for s, o in tbox_graph().subject_objects(RDFS.label) if isinstance(s, URIRef)]
    terms += [Term("lexicon", str(concept_iri(c.label)), c.label, top_class(c.cls))
              for c in load_lexicon()]
    return terms


def _allowed(a: Term, b: Term) -> bool:
    if a.iri == b.iri:
        return True
    if {a.source, b.source} == {"tbox", "lexicon"}:
        tbox_term = a if a.source == "tbox" else b
        return tbox_term.label.endswith(" (class)")
    return a.source == b.source == "lexicon" and a.kind != b.kind


def near_duplicates(terms: list[Term]) -> list[tuple[str, str]]:
    groups: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        groups[near_key(term.label)].append(term)
    return sorted((a.label, b.label) for group in groups.values()
                  for i, a in enumerate(group) for b in group[i + 1:] if not _allowed(a, b))


@pytest.mark.parametrize("a,b", [("spinal structure", "spine structure"),
                                 ("Hip Structures", "structure of the hip"),
                                 ("anti-inflammatory drug (class)", "anti-inflammatory drugs")])
def test_the_key_joins_names_of_one_thing(a: str, b: str) -> None:
    assert near_key(a) == near_key(b)


@pytest.mark.parametrize("a,b", [("part of", "anatomical part of"), ("hip joint", "knee joint"),
                                 ("hip structure", "hip procedure (class)")])
def test_the_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert near_key(a) != near_key(b)


def test_the_check_finds_a_planted_near_duplicate() -> None:
    planted = [*_terms(), Term("tbox", "https://w3id.org/orthokg/ontology#SpineStructure",
                               "spine structure", "")]
    assert ("spinal structure", "spine structure") in near_duplicates(planted)


def test_no_near_duplicate_labels_in_the_tbox_and_the_lexicon() -> None:
    assert near_duplicates(_terms()) == []

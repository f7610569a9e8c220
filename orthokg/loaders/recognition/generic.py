"""Words that name a category ("complication", "surgery"), read from
``generic_concepts.tsv``: they never stand for one concept of their own, so they are never
a subject or an object, and a procedure name built on them ("bunion operation") is still
a name the text gives."""

from __future__ import annotations

from functools import cache

from orthokg.loaders.rule_files import packaged, read_rule_rows
from orthokg.ontology.lexicon import Concept


@cache
def generic_labels() -> frozenset[str]:
    """Labels of the category concepts.

    >>> "surgery" in generic_labels()
    True
    """
    path = packaged("orthokg.loaders.recognition", "generic_concepts.tsv")
    return frozenset(label for _, (label, _why) in read_rule_rows(path, ("label", "why")))


def is_generic(concept: Concept) -> bool:
    return concept.label in generic_labels()

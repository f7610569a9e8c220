"""What kind of thing a concept is, answered from the TBox's class hierarchy.

Every stage of the loaders asks "is this concept a Procedure / a Condition / ...?";
the answer depends only on the concept's classes and on ``orthokg.ttl``, so it lives
here, below the loaders, and no stage imports another stage to ask it.
"""

from __future__ import annotations

from functools import cache

from orthokg.ontology.lexicon import Concept
from orthokg.ontology.tbox import superclasses


def is_a(concept: Concept, cls: str) -> bool:
    """True when any class of ``concept`` is ``cls`` or a subclass of it.

    >>> is_a(Concept("bleeding", ("Complication",)), "Condition")
    True
    >>> is_a(Concept("crutches", ("WalkingAid",)), "Implant")
    False
    """
    return _classes_are_a(concept.classes, cls)


@cache
def _classes_are_a(classes: tuple[str, ...], cls: str) -> bool:
    """Cached on the classes themselves: the loaders ask this of every mention often."""
    return any(cls in superclasses(c) for c in classes)


@cache
def top_class(cls: str) -> str:
    """The most general named ``okg:`` class above ``cls`` (Complication -> Condition).

    >>> top_class("Complication"), top_class("Procedure")
    ('Condition', 'Procedure')
    """
    supers = superclasses(cls)
    return min(supers, key=lambda c: (len(superclasses(c)), c))

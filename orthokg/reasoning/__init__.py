"""Reasoning over the OrthoKG graph and validating it.

* :func:`reason` runs HermiT, Pellet (owlready2) or OWL 2 RL (reasonable / owlrl) and
  returns the inferred triples apart from the asserted graph, the consistency verdict and
  an explanation naming the individuals and statements behind an inconsistency.
* :func:`with_inferences` gives a new graph of asserted plus inferred triples.
* :func:`validate` checks a graph against ``shapes.ttl`` and the ``*-violation.rq`` rules.

The names are imported when first used (PEP 562): validation pulls in pyshacl, about a
second of start-up that ``orthokg reason`` does not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orthokg.reasoning.reasoner import REASONERS, reason, with_inferences
    from orthokg.reasoning.result import Clash, ReasoningResult
    from orthokg.reasoning.schema import defined_classes
    from orthokg.reasoning.validation import Finding, ValidationReport, validate

__all__ = [
    "REASONERS",
    "Clash",
    "Finding",
    "ReasoningResult",
    "ValidationReport",
    "defined_classes",
    "reason",
    "validate",
    "with_inferences",
]

_HOMES = {"REASONERS": "reasoner", "reason": "reasoner", "with_inferences": "reasoner",
          "Clash": "result", "ReasoningResult": "result", "defined_classes": "schema",
          "Finding": "validation", "ValidationReport": "validation", "validate": "validation"}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)

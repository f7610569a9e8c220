"""Reasoning over the OrthoKG graph and validating it.

* :func:`reason` runs HermiT, Pellet (owlready2) or OWL 2 RL (reasonable / owlrl) and
  returns the inferred triples apart from the asserted graph, the consistency verdict and
  an explanation naming the individuals and statements behind an inconsistency.
* :func:`with_inferences` gives a new graph of asserted plus inferred triples.
* :func:`validate` checks a graph against ``shapes.ttl`` and the ``*-violation.rq`` rules.
"""

from __future__ import annotations

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

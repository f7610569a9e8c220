"""``validate(graph)``: SHACL shapes plus SPARQL violation rules, one report.

The build calls this after writing the graph and the ``validate`` command prints it; a
graph conforms when neither source reports a Violation (warnings are shown, not fatal).
"""

from __future__ import annotations

import time

from rdflib import Graph

from orthokg.reasoning.findings import Finding, ValidationReport
from orthokg.reasoning.rules import rule_findings
from orthokg.reasoning.shacl import shacl_findings

__all__ = ["Finding", "ValidationReport", "validate"]


def validate(graph: Graph, *, shacl: bool = True, rules: bool = True,
             inference: str = "none", full_shacl: bool = False) -> ValidationReport:
    """Check the asserted ``graph`` (with or without the TBox in it) and report findings.

    ``inference`` is passed to pyshacl (``none`` or ``rdfs``); the TBox is always given
    to pyshacl so that ``sh:class`` sees the class hierarchy. SPARQL-based shapes are
    skipped unless ``full_shacl`` (their rule runs as a ``*-violation.rq`` instead).

    >>> from orthokg.ontology.vocab import OKGR, RDFS
    >>> from rdflib import Literal
    >>> g = Graph()
    >>> _ = g.add((OKGR["knee-joint"], RDFS.label, Literal("knee joint", lang="en")))
    >>> _ = g.add((OKGR["knee-joint"], RDFS.label, Literal("knee", lang="en")))
    >>> validate(g, shacl=False).violations[0].check
    'concept-with-two-labels-violation'
    """
    report = ValidationReport()
    if shacl:
        started = time.perf_counter()
        report.findings += shacl_findings(graph, inference, full=full_shacl)
        report.seconds["shacl"] = time.perf_counter() - started
    if rules:
        started = time.perf_counter()
        report.findings += rule_findings(graph)
        report.seconds["rules"] = time.perf_counter() - started
    return report

"""``validate(graph)``: SHACL shapes plus SPARQL violation rules, one report.

The build calls this after writing the graph and the ``validate`` command prints it; a
graph conforms when neither source reports a Violation (warnings are shown, not fatal).
By default the shapes run as SPARQL on Oxigraph (:mod:`orthokg.reasoning.shacl_sparql`),
in the same in-memory store the rules use: at 500 documents pyshacl took a third of the
build. pyshacl remains the reference, and runs when RDFS inference or the SPARQL-based
shapes are asked for.
"""

from __future__ import annotations

import time
from typing import Literal

import pyoxigraph as ox
from rdflib import Graph

from orthokg.reasoning.findings import Finding, ValidationReport
from orthokg.reasoning.rules import rule_findings, validation_store
from orthokg.reasoning.shacl import shacl_findings
from orthokg.reasoning.shacl_sparql import sparql_shacl_findings

__all__ = ["Finding", "ValidationReport", "validate", "validate_store"]

ShaclEngine = Literal["sparql", "pyshacl"]


def validate(graph: Graph, *, shacl: bool = True, rules: bool = True,
             inference: str = "none", full_shacl: bool = False,
             engine: ShaclEngine = "sparql") -> ValidationReport:
    """Check the asserted ``graph`` (with or without the TBox in it) and report findings.

    The TBox is always beside the data so that ``sh:class`` sees the class hierarchy.
    SPARQL-based shapes are skipped unless ``full_shacl`` (their rule runs as a
    ``*-violation.rq`` instead); ``full_shacl`` or ``inference="rdfs"`` runs pyshacl,
    as does ``engine="pyshacl"``.

    >>> from orthokg.ontology.vocab import OKGR, RDFS
    >>> from rdflib import Literal
    >>> g = Graph()
    >>> _ = g.add((OKGR["knee-joint"], RDFS.label, Literal("knee joint", lang="en")))
    >>> _ = g.add((OKGR["knee-joint"], RDFS.label, Literal("knee", lang="en")))
    >>> validate(g, shacl=False).violations[0].check
    'concept-with-two-labels-violation'
    """
    report = ValidationReport()
    started = time.perf_counter()
    store: ox.Store | None = None
    if rules or (shacl and engine == "sparql"):
        store = validation_store(graph)
        report.seconds["load"] = time.perf_counter() - started
    if shacl:
        started = time.perf_counter()
        if engine == "sparql" and inference == "none" and not full_shacl and store is not None:
            report.findings += sparql_shacl_findings(store)
        else:
            report.findings += shacl_findings(graph, inference, full=full_shacl)
        report.seconds["shacl"] = time.perf_counter() - started
    if rules and store is not None:
        started = time.perf_counter()
        report.findings += rule_findings(store)
        report.seconds["rules"] = time.perf_counter() - started
    return report


def validate_store(store: ox.Store) -> ValidationReport:
    """The build's checks (shapes as SPARQL, then the rules) on a store whose named
    graphs hold the TBox and the data, as a streaming build writes it: the same
    findings :func:`validate` gives on the same graph, without loading it again."""
    report = ValidationReport()
    started = time.perf_counter()
    report.findings += sparql_shacl_findings(store, union=True)
    report.seconds["shacl"] = time.perf_counter() - started
    started = time.perf_counter()
    report.findings += rule_findings(store, union=True)
    report.seconds["rules"] = time.perf_counter() - started
    return report

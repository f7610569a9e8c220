"""Data-quality rules written as SPARQL: every ``orthokg/queries/*-violation.rq``.

Each rule returns ``?node`` (the offending node) and ``?evidence``; a row is a violation.
They run on pyoxigraph, not rdflib: MEASURED.md found rdflib needs 15 s at 100k triples
for a query through owl:Axiom annotations where Oxigraph needs milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from orthokg.errors import ValidationError
from orthokg.ontology.tbox import tbox_graph
from orthokg.queries.catalogue import parse
from orthokg.reasoning.findings import Finding

SUFFIX = "-violation.rq"


@dataclass(frozen=True)
class Rule:
    """A ``*-violation.rq`` file: its name, the question it asks, its SPARQL."""

    name: str
    question: str
    sparql: str


@cache
def violation_rules() -> tuple[Rule, ...]:
    """Every violation rule shipped in ``orthokg.queries``, sorted by name."""
    found = []
    for entry in resources.files("orthokg.queries").iterdir():
        if entry.name.endswith(SUFFIX):
            name = entry.name[:-3]
            query = parse(entry.read_text(encoding="utf-8"), name)
            if query.columns[:2] != ("node", "evidence"):
                raise ValidationError(f"{entry.name}: a violation rule must return ?node ?evidence")
            found.append(Rule(name, query.description, query.sparql))
    return tuple(sorted(found, key=lambda r: r.name))


def _to_rdflib(term: object) -> Node | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, lang=term.language,
                       datatype=None if term.language else URIRef(term.datatype.value))
    return None


def _store(graph: Graph) -> ox.Store:
    """The graph with the TBox beside it: rules ask the TBox which properties are core
    facts (``okg:coreProperty``), as the shapes are run with the TBox mixed in."""
    store = ox.Store()
    for source in (graph, tbox_graph()):
        store.load(source.serialize(format="nt", encoding="utf-8"),
                   format=ox.RdfFormat.N_TRIPLES)
    return store


def rule_findings(graph: Graph, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Run every rule (or the given ones) on ``graph``; one finding per returned row."""
    store = _store(graph)
    findings = []
    for rule in rules if rules is not None else violation_rules():
        try:
            rows = store.query(rule.sparql)
        except (SyntaxError, OSError) as exc:
            raise ValidationError(f"{rule.name}: the rule does not run: {exc}") from exc
        if not isinstance(rows, ox.QuerySolutions):
            raise ValidationError(f"{rule.name}: a violation rule must be a SELECT query")
        for row in rows:
            node = _to_rdflib(row["node"])
            evidence = _to_rdflib(row["evidence"])
            if node is not None:
                findings.append(Finding(rule.name, node, rule.question,
                                        detail=str(evidence) if evidence is not None else ""))
    return findings

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
from orthokg.queries.engines.oxigraph_engine import to_oxigraph_triple
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


def rdflib_term(term: object) -> Node | None:
    """A pyoxigraph result term as rdflib's, exactly as written (no canonical form), so a
    finding names the value the graph holds."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, lang=term.language,
                       datatype=None if term.language else URIRef(term.datatype.value))
    return None


def validation_store(graph: Graph) -> ox.Store:
    """The graph with the TBox beside it, in one in-memory default graph: rules ask the
    TBox which properties are core facts (``okg:coreProperty``) and the compiled shapes
    follow its ``rdfs:subClassOf``. Terms go in as they are (blank-node ids kept), so a
    finding names the node the caller's graph has."""
    store = ox.Store()
    for source in (graph, tbox_graph()):
        store.extend(ox.Quad(*to_oxigraph_triple(*triple)) for triple in source)
    return store


def rule_findings(graph: Graph | ox.Store, rules: tuple[Rule, ...] | None = None, *,
                  union: bool = False) -> list[Finding]:
    """Run every rule (or the given ones) on ``graph`` (or on a :func:`validation_store`
    already made); one finding per returned row. ``union`` reads the store's named
    graphs as its default graph (a build's store, which keeps the TBox in one)."""
    store = graph if isinstance(graph, ox.Store) else validation_store(graph)
    findings = []
    for rule in rules if rules is not None else violation_rules():
        try:
            rows = store.query(rule.sparql, use_default_graph_as_union=union)
        except (SyntaxError, OSError) as exc:
            raise ValidationError(f"{rule.name}: the rule does not run: {exc}") from exc
        if not isinstance(rows, ox.QuerySolutions):
            raise ValidationError(f"{rule.name}: a violation rule must be a SELECT query")
        for row in rows:
            node = rdflib_term(row["node"])
            evidence = rdflib_term(row["evidence"])
            if node is not None:
                findings.append(Finding(rule.name, node, rule.question,
                                        detail=str(evidence) if evidence is not None else ""))
    return findings

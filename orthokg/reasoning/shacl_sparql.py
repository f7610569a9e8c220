"""The SHACL shapes run as SPARQL on Oxigraph: the same findings as pyshacl, at corpus scale.

pyshacl walks the rdflib graph node by node in Python: about 0.1 ms per triple, over a
third of a 500-document build (issue 10). The shapes OrthoKG ships use a small part of
SHACL Core (targets by class, subject and object; single-property paths; ``sh:class``,
``sh:datatype``, ``sh:nodeKind``, ``sh:pattern``, ``sh:in``, ``sh:or``, ``sh:minCount``,
``sh:maxCount``, ``sh:lessThanOrEquals``), and each of those constraint components has a
SPARQL reading in the SHACL specification itself (section 4). This module turns every
constraint of the shapes graph into one SELECT that returns the focus nodes (and value
nodes) that break it, so ``shapes.ttl`` stays the one source of the checks and
Oxigraph's indexes do the work. A shape using anything outside that subset is refused
with :class:`~orthokg.errors.ValidationError` naming it, never silently skipped; the
test suite compares the findings with pyshacl's on planted faults.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from orthokg.errors import ValidationError
from orthokg.ontology.shapes import OKGSH, SH
from orthokg.ontology.vocab import RDF, RDFS
from orthokg.reasoning.findings import Finding
from orthokg.reasoning.rules import rdflib_term

__all__ = ["CompiledCheck", "compile_shapes", "sparql_shacl_findings"]

SHAPES_BASE = str(OKGSH)
# Constraint parameters this module reads; anything else on a shape is refused.
_VALUE_PARAMS = {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH["in"], SH["or"]}
_FOCUS_PARAMS = {SH.minCount, SH.maxCount, SH.lessThanOrEquals}
_IGNORED = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.property,
            SH.path, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf,
            SH.targetNode, SH.flags, SH.name, SH.description, SH.declare, SH.prefixes,
            SH.sparql, SH.deactivated, SH.order, SH.group}
_NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


@dataclass(frozen=True, slots=True)
class CompiledCheck:
    """One constraint of one shape as SPARQL returning ``?this`` (and ``?value``)."""

    check: str
    message: str
    severity: str
    sparql: str
    reports_value: bool


def _term(node: Node) -> str:
    """``node`` written as a SPARQL term (IRIs and literals only: shapes name no data
    blank nodes)."""
    if isinstance(node, URIRef | Literal):
        return node.n3()
    raise ValidationError(f"shapes: cannot use the blank node {node} as a value in SPARQL")


@dataclass(frozen=True, slots=True)
class _Test:
    """A violation test on one variable: a FILTER expression (usable inside ``sh:or``)
    and, where it is faster at the top of a query, the same test as a MINUS pattern
    (Oxigraph evaluates the pattern once and anti-joins, instead of once per row)."""

    expression: str
    minus: str | None = None

    def where(self) -> str:
        return f"MINUS {self.minus}" if self.minus else f"FILTER ({self.expression})"


def _count(node: Node) -> int:
    """The integer of ``sh:minCount``/``sh:maxCount``."""
    if not isinstance(node, Literal) or not isinstance(node.toPython(), int):
        raise ValidationError(f"shapes: a count must be an integer literal, not {node}")
    return int(node.toPython())


class _Compiler:
    """Walks the shapes graph; fresh variable names keep nested ``sh:or`` apart."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._names = itertools.count()

    def var(self) -> str:
        return f"?v{next(self._names)}"

    def shape_name(self, shape: Node, owner: Node | None) -> str:
        """As :mod:`orthokg.reasoning.shacl` names it: the shape's own local name under the
        shapes namespace, else that of the node shape holding it."""
        for candidate in (shape, owner):
            if isinstance(candidate, URIRef) and str(candidate).startswith(SHAPES_BASE):
                return str(candidate)[len(SHAPES_BASE):]
        return "shapes"

    def check_known(self, shape: Node) -> None:
        for prop in set(self.shapes.predicates(shape)):
            if prop not in _VALUE_PARAMS | _FOCUS_PARAMS | _IGNORED:
                raise ValidationError(f"shapes: {shape} uses {prop}, which the SPARQL "
                                      "validator does not implement (use pyshacl)")
        path = self.shapes.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise ValidationError(f"shapes: {shape} has a complex sh:path, which the SPARQL "
                                  "validator does not implement (use pyshacl)")

    def items(self, head: Node) -> list[Node]:
        return list(Collection(self.shapes, head))

    # -- value constraints: a boolean SPARQL expression that is true when ?v violates ---

    def value_violations(self, shape: Node, v: str) -> Iterator[tuple[URIRef, _Test]]:
        """(component, test) for each value constraint of ``shape`` on ``v``."""
        shapes = self.shapes
        for cls in shapes.objects(shape, SH["class"]):
            yield SH["class"], self.untyped(v, [cls])
        for datatype in shapes.objects(shape, SH.datatype):
            yield SH.datatype, _Test(f"!(isLiteral({v}) && sameTerm(DATATYPE({v}), "
                                      f"{_term(datatype)}))")
        for kind in shapes.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise ValidationError(f"shapes: unknown sh:nodeKind {kind} on {shape}")
            yield SH.nodeKind, _Test("!" + _NODE_KINDS[kind].format(v=v))
        for pattern in shapes.objects(shape, SH.pattern):
            flags = shapes.value(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            yield SH.pattern, _Test(f"(isBlank({v}) || !REGEX(STR({v}), "
                                     f"{Literal(str(pattern)).n3()}{extra}))")
        for head in shapes.objects(shape, SH["in"]):
            allowed = " || ".join(f"sameTerm({v}, {_term(x)})" for x in self.items(head))
            yield SH["in"], _Test(f"!({allowed or 'false'})")
        for head in shapes.objects(shape, SH["or"]):
            classes = self.only_classes(self.items(head))
            if classes:
                yield SH["or"], self.untyped(v, classes)
                continue
            members = [self.conforms_not(member, v) for member in self.items(head)]
            yield SH["or"], _Test("(" + " && ".join(members or ["true"]) + ")")

    def untyped(self, v: str, classes: list[Node]) -> _Test:
        """``v`` is an instance of none of ``classes`` (``rdf:type/rdfs:subClassOf*``).

        Each path ends at a constant class: Oxigraph walks a path from where it is
        written, and from a free end it enumerates every node (a VALUES list of the
        classes took 115 s at 46k triples, these forms 0.02 s).
        """
        t = self.var()
        branches = " UNION ".join(f"{{ {t} rdfs:subClassOf* {_term(c)} }}" for c in classes)
        typed = " UNION ".join(f"{{ {_term(c)} ^rdfs:subClassOf* {t} }}" for c in classes)
        return _Test(f"NOT EXISTS {{ {v} a {t} . {branches} }}",
                     f"{{ {typed} {v} a {t} . }}")

    def only_classes(self, members: list[Node]) -> list[Node]:
        """The classes of an ``sh:or`` whose every member is just ``[ sh:class C ]``."""
        classes = []
        for member in members:
            if set(self.shapes.predicates(member)) != {SH["class"]}:
                return []
            classes += list(self.shapes.objects(member, SH["class"]))
        return classes

    def conforms_not(self, shape: Node, v: str) -> str:
        """An expression true when ``v`` does not conform to ``shape`` (a member of sh:or)."""
        self.check_known(shape)
        if self.shapes.value(shape, SH.maxCount) is not None or \
                self.shapes.value(shape, SH.lessThanOrEquals) is not None:
            raise ValidationError(f"shapes: sh:maxCount/sh:lessThanOrEquals inside sh:or "
                                  f"({shape}) is not implemented by the SPARQL validator")
        path = self.shapes.value(shape, SH.path)
        if path is None:
            parts = [test.expression for _, test in self.value_violations(shape, v)]
            return "(" + " || ".join(parts or ["false"]) + ")"
        x = self.var()
        parts = []
        for minimum in self.shapes.objects(shape, SH.minCount):
            parts.append(self.too_few(v, path, _count(minimum), x))
        for _, test in self.value_violations(shape, x):
            parts.append(f"EXISTS {{ {v} {_term(path)} {x} FILTER ({test.expression}) }}")
        return "(" + " || ".join(parts or ["false"]) + ")"

    def too_few(self, v: str, path: Node, minimum: int, x: str) -> str:
        if minimum == 1:
            return f"NOT EXISTS {{ {v} {_term(path)} {x} }}"
        raise ValidationError(f"shapes: sh:minCount {minimum} on {path} inside sh:or is not "
                              "implemented by the SPARQL validator")

    # -- focus nodes ------------------------------------------------------------------

    def focus(self, shape: Node) -> str | None:
        """A sub-SELECT of the shape's focus nodes as ``?this``; None without targets."""
        branches = []
        for cls in self.shapes.objects(shape, SH.targetClass):
            t = self.var()
            branches.append(f"{_term(cls)} ^rdfs:subClassOf* {t} . ?this a {t} .")
        for prop in self.shapes.objects(shape, SH.targetSubjectsOf):
            branches.append(f"?this {_term(prop)} [] .")
        for prop in self.shapes.objects(shape, SH.targetObjectsOf):
            branches.append(f"[] {_term(prop)} ?this .")
        for node in self.shapes.objects(shape, SH.targetNode):
            branches.append(f"VALUES ?this {{ {_term(node)} }}")
        if not branches:
            return None
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    # -- whole checks -------------------------------------------------------------------

    def checks(self) -> Iterator[CompiledCheck]:
        node_shapes = sorted({s for s in self.shapes.subjects(RDF.type, SH.NodeShape)} |
                             {s for p in (SH.targetClass, SH.targetSubjectsOf,
                                          SH.targetObjectsOf, SH.targetNode)
                              for s in self.shapes.subjects(p, None)}, key=str)
        for shape in node_shapes:
            if (shape, SH.deactivated, Literal(True)) in self.shapes:
                continue
            focus = self.focus(shape)
            if focus is None:
                continue
            self.check_known(shape)
            yield from self.node_checks(shape, focus)
            for prop_shape in sorted(self.shapes.objects(shape, SH.property), key=str):
                yield from self.property_checks(prop_shape, shape, focus)

    def _meta(self, shape: Node) -> tuple[str, str]:
        message = self.shapes.value(shape, SH.message)
        severity = self.shapes.value(shape, SH.severity)
        return (str(message) if message is not None else "does not conform",
                str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation")

    def node_checks(self, shape: Node, focus: str) -> Iterator[CompiledCheck]:
        message, severity = self._meta(shape)
        name = self.shape_name(shape, None)
        for _, test in self.value_violations(shape, "?this"):
            sparql = f"SELECT DISTINCT ?this WHERE {{ {focus} {test.where()} }}"
            yield CompiledCheck(name, message, severity, sparql, reports_value=False)

    def property_checks(self, shape: Node, owner: Node, focus: str) -> Iterator[CompiledCheck]:
        self.check_known(shape)
        path = self.shapes.value(shape, SH.path)
        if path is None:
            raise ValidationError(f"shapes: property shape {shape} has no sh:path")
        p = _term(path)
        message, severity = self._meta(shape)
        name = self.shape_name(shape, owner)
        for minimum in self.shapes.objects(shape, SH.minCount):
            sparql = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?value }} }} "
                      f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {_count(minimum)})")
            yield CompiledCheck(name, message, severity, sparql, reports_value=False)
        for maximum in self.shapes.objects(shape, SH.maxCount):
            sparql = (f"SELECT ?this WHERE {{ {focus} ?this {p} ?value }} "
                      f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {_count(maximum)})")
            yield CompiledCheck(name, message, severity, sparql, reports_value=False)
        for other in self.shapes.objects(shape, SH.lessThanOrEquals):
            # SHACL 4.4.4: one result per pair (value, bound); a pair that does not
            # compare is a violation too (COALESCE).
            sparql = (f"SELECT DISTINCT ?this ?value ?bound WHERE {{ {focus} ?this {p} ?value . "
                      f"?this {_term(other)} ?bound . "
                      f"FILTER (!COALESCE(?value <= ?bound, false)) }}")
            yield CompiledCheck(name, message, severity, sparql, reports_value=True)
        for _, test in self.value_violations(shape, "?value"):
            sparql = (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {p} ?value . "
                      f"{test.where()} }}")
            yield CompiledCheck(name, message, severity, sparql, reports_value=True)


_PREFIX = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def compile_shapes(shapes: Graph) -> tuple[CompiledCheck, ...]:
    """Every constraint of ``shapes`` as a SPARQL check (SPARQL-based constraints, which
    run as ``*-violation.rq`` rules, are left out as :func:`~orthokg.reasoning.shacl.
    fast_shapes` leaves them out).

    >>> from orthokg.reasoning.shacl import fast_shapes
    >>> checks = compile_shapes(fast_shapes())
    >>> {"AxiomShape", "ConceptClassShape", "TreatsShape"} <= {c.check for c in checks}
    True
    """
    return tuple(CompiledCheck(c.check, c.message, c.severity, _PREFIX + c.sparql,
                               c.reports_value) for c in _Compiler(shapes).checks())


@cache
def _fast_checks() -> tuple[CompiledCheck, ...]:
    from orthokg.reasoning.shacl import fast_shapes

    return compile_shapes(fast_shapes())


def sparql_shacl_findings(store: ox.Store,
                          checks: tuple[CompiledCheck, ...] | None = None, *,
                          union: bool = False) -> list[Finding]:
    """Findings of the shipped shapes (or ``checks``) on the default graph of ``store``,
    which must hold the data and the TBox (``sh:class`` follows ``rdfs:subClassOf``);
    with ``union``, on the union of its named graphs (a build's store)."""
    findings = []
    for check in checks if checks is not None else _fast_checks():
        try:
            rows = store.query(check.sparql, use_default_graph_as_union=union)
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise ValidationError(f"{check.check}: the compiled shape does not run: {exc}"
                                  ) from exc
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            node = rdflib_term(row["this"])
            if node is None:
                continue
            value = rdflib_term(row["value"]) if check.reports_value else None
            findings.append(Finding(check.check, node, check.message, check.severity,
                                    value if value != node else None))
    return findings

"""Explain an inconsistency: which individual, which disjoint classes, which statements.

HermiT only says "inconsistent". Almost every inconsistency an extraction error can cause
in OrthoKG is an individual pushed into two disjoint classes (by its asserted type or by
the domain or range of a property it is used with), a value outside a union range, or two
values of a functional data property; those are found here directly on the asserted
graph plus TBox, with the triples responsible, so the message points at the fix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.term import BNode, Node, URIRef

from orthokg.ontology.vocab import OWL, RDF, RDFS
from orthokg.reasoning.names import curie
from orthokg.reasoning.result import Clash
from orthokg.reasoning.schema import is_builtin, schema_terms

MAX_REASONS = 4
Evidence = dict[Node, dict[Node, list[str]]]


@dataclass
class ClashSchema:
    """The few TBox axioms that can make an individual inconsistent."""

    graph: Graph
    domains: dict[Node, list[Node]] = field(default_factory=dict)
    ranges: dict[Node, list[Node]] = field(default_factory=dict)
    disjoint: set[frozenset[Node]] = field(default_factory=set)
    functional_data: set[Node] = field(default_factory=set)
    _supers: dict[Node, frozenset[Node]] = field(default_factory=dict)

    @classmethod
    def read(cls, graph: Graph) -> ClashSchema:
        schema = cls(graph)
        for p, d in graph.subject_objects(RDFS.domain):
            schema.domains.setdefault(p, []).append(d)
        for p, r in graph.subject_objects(RDFS.range):
            schema.ranges.setdefault(p, []).append(r)
        for a, b in graph.subject_objects(OWL.disjointWith):
            schema.disjoint.add(frozenset((a, b)))
        for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            for members in graph.objects(node, OWL.members):
                items = list(Collection(graph, members))
                schema.disjoint.update(frozenset((a, b)) for a in items for b in items if a != b)
        schema.functional_data = {
            p for p in graph.subjects(RDF.type, OWL.FunctionalProperty)
            if (p, RDF.type, OWL.DatatypeProperty) in graph}
        return schema

    def supers(self, cls: Node) -> frozenset[Node]:
        """``cls`` and its named superclasses (reflexive, transitive)."""
        if cls not in self._supers:
            self._supers[cls] = frozenset(
                c for c in self.graph.transitive_objects(cls, RDFS.subClassOf)
                if isinstance(c, URIRef))
        return self._supers[cls]

    def union_members(self, node: Node) -> list[Node]:
        """Members of an ``owl:unionOf`` class expression, or [] for anything else."""
        lists = list(self.graph.objects(node, OWL.unionOf)) if isinstance(node, BNode) else []
        return list(Collection(self.graph, lists[0])) if lists else []

    def disjoint_with(self, a: Node, b: Node) -> bool:
        """True when the TBox says no individual can be in both ``a`` and ``b``."""
        return any(frozenset((x, y)) in self.disjoint
                   for x in self.supers(a) for y in self.supers(b))


def _typing_statements(graph: Graph, schema: ClashSchema) -> Iterator[tuple[Node, Node, str]]:
    """(individual, class, statement) for every asserted type, domain and range use."""
    for ind, cls in graph.subject_objects(RDF.type):
        yield ind, cls, f"{curie(ind)} a {curie(cls)}"
    for prop, classes in schema.domains.items():
        for s, o in graph.subject_objects(prop):
            for cls in classes:
                yield s, cls, f"{curie(s)} {curie(prop)} {curie(o)} (domain {curie(cls)})"
    for prop, classes in schema.ranges.items():
        for s, o in graph.subject_objects(prop):
            for cls in classes:
                yield o, cls, f"{curie(s)} {curie(prop)} {curie(o)} (range {curie(cls)})"


def _type_evidence(graph: Graph, schema: ClashSchema) -> Evidence:
    """For each individual, each class it must belong to and the statements that say so."""
    skip = schema_terms(graph)
    evidence: Evidence = defaultdict(lambda: defaultdict(list))
    for ind, cls, reason in _typing_statements(graph, schema):
        if ind not in skip and isinstance(cls, URIRef) and not is_builtin(cls):
            for sup in schema.supers(cls):
                evidence[ind][sup].append(reason)
    return evidence


def _capped(reasons: Iterable[str]) -> list[str]:
    unique = list(dict.fromkeys(reasons))
    extra = len(unique) - MAX_REASONS
    return unique[:MAX_REASONS] + ([f"... and {extra} more"] if extra > 0 else [])


def _disjoint_clashes(evidence: Evidence, schema: ClashSchema) -> Iterator[Clash]:
    for ind, by_class in evidence.items():
        for pair in schema.disjoint:
            # rdflib's Node declares no order; only IRIs (keys of by_class) can clash,
            # and rdflib orders two IRIs as their strings.
            a, b = sorted(pair, key=str)
            if a in by_class and b in by_class:
                yield Clash(ind, f"is both {curie(a)} and {curie(b)}, which are disjoint",
                            tuple(_capped(by_class[a]) + _capped(by_class[b])))


def _union_clashes(graph: Graph, evidence: Evidence, schema: ClashSchema) -> Iterator[Clash]:
    """Objects (or subjects) outside a union range (or domain), e.g. aftercare -> Condition."""
    checks = [(p, c, True) for p, cs in schema.ranges.items() for c in cs]
    checks += [(p, c, False) for p, cs in schema.domains.items() for c in cs]
    for prop, expr, is_range in checks:
        members = schema.union_members(expr)
        if not members:
            continue
        for s, o in graph.subject_objects(prop):
            ind = o if is_range else s
            types = evidence.get(ind, {})
            blockers = [next((t for t in types if schema.disjoint_with(t, m)), None)
                        for m in members]
            found = [b for b in blockers if b]
            if types and len(found) == len(blockers):
                where = "object" if is_range else "subject"
                names = " or ".join(curie(m) for m in members)
                yield Clash(ind, f"is the {where} of {curie(s)} {curie(prop)} {curie(o)} but "
                                 f"cannot be {names}",
                            tuple(_capped(r for b in set(found) for r in types[b])))


def _functional_clashes(graph: Graph, schema: ClashSchema) -> Iterator[Clash]:
    for prop in schema.functional_data:
        values: dict[Node, set[object]] = defaultdict(set)
        for s, o in graph.subject_objects(prop):
            values[s].add(o.toPython() if hasattr(o, "toPython") else o)
        for s, found in values.items():
            if len(found) > 1:
                shown = ", ".join(sorted(map(str, found)))
                yield Clash(s, f"has {len(found)} values for the functional property "
                               f"{curie(prop)}", (f"{curie(s)} {curie(prop)} {shown}",))


def find_clashes(graph: Graph) -> list[Clash]:
    """Clashes in ``graph`` (asserted ABox merged with the TBox), most specific first.

    An empty list does not prove consistency: it means none of the common causes applies.
    """
    schema = ClashSchema.read(graph)
    evidence = _type_evidence(graph, schema)
    found = list(_disjoint_clashes(evidence, schema))
    found += _union_clashes(graph, evidence, schema)
    found += _functional_clashes(graph, schema)
    return sorted(found, key=lambda c: (str(c.individual), c.problem))


def explain(clashes: list[Clash]) -> str:
    """All clashes as one readable block of text."""
    return "\n".join(c.describe() for c in clashes)

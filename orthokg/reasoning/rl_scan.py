"""One pass over ``reasonable``'s closure: the new ABox triples and the clash suspects.

The closure of a 1M-triple graph holds about 1.35M triples, most of them asserted; the
pass keeps what :func:`orthokg.reasoning.inferred.new_abox_triples` keeps (same tests,
asserted ones found in the Oxigraph store instead of an rdflib graph) and, on the way,
notes the individuals that may clash, so that the rdflib-based explanation
(:func:`orthokg.reasoning.clashes.find_clashes`) runs on their statements only.

Suspects are a superset of the individuals ``find_clashes`` reports on the whole graph:
the closure holds every type the asserted types, domains and ranges give, with all named
superclasses (OWL 2 RL rules cax-sco, prp-dom, prp-rng), which is the evidence
``find_clashes`` collects, and more (values of sub-properties).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.term import BNode, Literal, Node, URIRef

from orthokg.ontology.vocab import OWL, RDF, RDFS, XSD
from orthokg.queries.packaged import packaged_query
from orthokg.reasoning.clashes import ClashSchema
from orthokg.reasoning.inferred import Triple
from orthokg.reasoning.schema import BUILTIN_BASES

_TRIVIAL_TYPES = frozenset({OWL.Thing, OWL.NamedIndividual, RDFS.Resource})
_TRIVIAL = frozenset(str(t) for t in _TRIVIAL_TYPES)
_STRING = str(XSD.string)


@dataclass
class Scan:
    """New ABox triples (in closure order) and the nodes that may be inconsistent."""

    inferred: list[Triple] = field(default_factory=list)
    suspects: set[Node] = field(default_factory=set)


@dataclass
class _Watch:
    """What the pass records for the clash checks, from the schema's few axioms."""

    schema: ClashSchema
    disjoint_classes: frozenset[Node]
    union_ranges: dict[Node, list[list[Node]]]
    union_domains: dict[Node, list[list[Node]]]
    types: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    uses: list[tuple[Node, list[list[Node]]]] = field(default_factory=list)
    values: dict[tuple[Node, Node], set[Node]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, schema: ClashSchema) -> _Watch:
        def unions(axioms: dict[Node, list[Node]]) -> dict[Node, list[list[Node]]]:
            found = {p: [m for m in (schema.union_members(c) for c in cs) if m]
                     for p, cs in axioms.items()}
            return {p: ms for p, ms in found.items() if ms}
        return cls(schema, frozenset(c for pair in schema.disjoint for c in pair),
                   unions(schema.ranges), unions(schema.domains))

    def see(self, s: Node, p: Node, o: Node, role: _Role, disjoint: set[str]) -> None:
        """Note what the clash checks need of one closure triple."""
        if role.is_type:
            if type(o) is URIRef and str(o) in disjoint:
                self.types[s].add(o)
        elif role.functional:
            self.values[(s, p)].add(o)
        if role.range_unions:
            self.uses.append((o, role.range_unions))
        if role.domain_unions:
            self.uses.append((s, role.domain_unions))

    def blocked(self, node: Node, members: list[Node]) -> bool:
        """Every member of a union is disjoint with some type of ``node``."""
        types = self.types.get(node, set())
        return all(any(self.schema.disjoint_with(t, m) for t in types) for m in members)

    def suspects(self) -> set[Node]:
        found = {n for n, ts in self.types.items()
                 if any(frozenset((a, b)) in self.schema.disjoint
                        for a in ts for b in ts if a != b)}
        found.update(n for n, unions in self.uses for ms in unions if self.blocked(n, ms))
        found.update(s for (s, _), vs in self.values.items() if len(vs) > 1)
        return found


ObjectKey = str | tuple[str, str, str]


def _object_key(term: object) -> ObjectKey:
    """An object as plain strings, the same for rdflib's and Oxigraph's spelling of it."""
    if isinstance(term, Literal):
        if term.language:
            return ("@", str(term), term.language.lower())
        return ("^", str(term), str(term.datatype or _STRING))
    if isinstance(term, ox.Literal):
        if term.language:
            return ("@", term.value, term.language.lower())
        return ("^", term.value, term.datatype.value)
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


class Asserted:
    """Which closure triples the graph asserts, looked up as plain strings.

    A predicate with as many closure triples as asserted ones (the store's counts, from
    ``predicate-counts.rq``) has no new triple, so none of its triples is looked up;
    the asserted triples of the others (``rdf:type``, inverse and transitive
    properties) are read from the store once, as string keys.
    """

    def __init__(self, store: ox.Store, closure: Iterable[Triple]) -> None:
        counts = Counter(str(p) for _, p, _ in closure)
        rows = store.query(packaged_query("orthokg.reasoning", "predicate-counts.rq"))
        assert isinstance(rows, ox.QuerySolutions)
        stored = {_term_value(row["p"]): int(_term_value(row["n"])) for row in rows}
        self.growing: dict[str, set[tuple[ObjectKey, ObjectKey]]] = {}
        for predicate, n in counts.items():
            if n != stored.get(predicate, 0):
                quads = store.quads_for_pattern(None, ox.NamedNode(predicate), None,
                                                ox.DefaultGraph())
                self.growing[predicate] = {(_object_key(q.subject), _object_key(q.object))
                                           for q in quads}

    def holds(self, s: str, p: str, o: Node) -> bool:
        """Whether the graph asserts ``s p o`` (``s`` and ``p`` are IRIs)."""
        keys = self.growing.get(p)
        return keys is None or (s, _object_key(o)) in keys


def _term_value(term: object) -> str:
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term.value


@dataclass(frozen=True, slots=True)
class _Role:
    """What the pass does with a predicate, worked out once per predicate."""

    is_type: bool
    is_same_as: bool
    functional: bool
    range_unions: list[list[Node]]
    domain_unions: list[list[Node]]

    @property
    def watched(self) -> bool:
        """Whether the clash checks need this predicate's triples."""
        return self.is_type or self.functional or bool(self.range_unions or self.domain_unions)


def _role(p: Node, watch: _Watch) -> _Role:
    return _Role(p == RDF.type, p == OWL.sameAs, p in watch.schema.functional_data,
                 watch.union_ranges.get(p, []), watch.union_domains.get(p, []))


def _trivial(role: _Role, subject: str, o: Node) -> bool:
    """A type nobody reads (owl:Thing, a built-in or anonymous class) or ``x sameAs x``."""
    if role.is_type:
        return type(o) is not URIRef or str(o) in _TRIVIAL or str(o).startswith(BUILTIN_BASES)
    return type(o) is URIRef and str.__eq__(subject, str(o))


def scan(closure: list[Triple], store: ox.Store, schema: ClashSchema,
         skip: frozenset[Node]) -> Scan:
    """New ABox triples of ``closure`` (not in ``store``, about individuals outside
    ``skip``, objects named) and the clash suspects.

    rdflib terms hash and compare in Python; the loop looks terms up by their plain
    strings (C-level) so that 1.35M triples cost about a second.
    """
    asserted = Asserted(store, closure)
    watch = _Watch.of(schema)
    skipped = {str(t) for t in skip if isinstance(t, URIRef)}
    disjoint = {str(c) for c in watch.disjoint_classes if isinstance(c, URIRef)}
    roles: dict[str, _Role] = {}
    result = Scan()
    keep = result.inferred.append
    for s, p, o in closure:
        subject, predicate = str(s), str(p)
        if subject in skipped and type(s) is URIRef:
            continue
        role = roles.get(predicate)
        if role is None:
            role = roles[predicate] = _role(p, watch)
        if role.watched:
            watch.see(s, p, o, role, disjoint)
        if type(s) is not URIRef or type(o) is BNode or subject.startswith(BUILTIN_BASES):
            continue
        if (role.is_type or role.is_same_as) and _trivial(role, subject, o):
            continue
        if type(o) is Literal and o.datatype is not None and str.__eq__(o.datatype, _STRING):
            o = Literal(str(o))
        if not asserted.holds(subject, predicate, o):
            keep((s, p, o))
    result.suspects = watch.suspects()
    return result

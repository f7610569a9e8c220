"""The build's checks after an incremental rebuild, run where the store changed.

A full build checks the whole store (:func:`~orthokg.reasoning.validation.validate_store`,
6 s of CPU at 500 documents, more than the rest of a one-document rebuild). A rebuild
starts from a store that passed the same checks, so a violation in the new store must
involve something that changed. Every check (the compiled shapes and the
``*-violation.rq`` rules) reports a focus node and reads a bounded neighbourhood of it:

* its own triples, both ways (values, counts, labels, targets by subject or object);
* the types of the nodes it points to (``sh:class`` on values; the TBox for subclasses);
* the axioms whose ``owl:annotatedSource`` it is, their triples and their documents'
  types (provenance of its facts).

So the result for a node can only change when one of those triples changed. The
*focus* is: every node of an added or removed triple; every node pointing to a node
whose ``rdf:type`` changed; and the ``owl:annotatedSource`` of every axiom among those.
The checks run on a small in-memory store holding the TBox and the neighbourhood of
the focus, and only findings about focus nodes are kept (outside it the neighbourhood
is cut, so a finding there would be an artefact of the cut, and the old store passed).

The whole store is checked instead when the TBox changed, or when the change reaches
so many nodes that a neighbourhood would be most of the store; and when the focused
checks find a violation (the report then lists every finding, as a full build's does).
``tests/scale/test_checks.py`` plants faults in a changed store and compares the
findings with the whole-store check's.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from orthokg.ontology.vocab import OWL, PROV, RDF, RDFS, XSD
from orthokg.queries.packaged import packaged_query
from orthokg.reasoning.findings import ValidationReport
from orthokg.reasoning.rules import rdflib_term
from orthokg.reasoning.validation import validate_store
from orthokg.scale.stream import ONTOLOGY_GRAPH

__all__ = ["FOCUS_LIMIT", "changed_triples", "focus_nodes", "parsed", "validate_changes",
           "validate_focus"]

#: Beyond this many focus nodes the whole store is checked.
FOCUS_LIMIT = 5_000

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph
Triple = tuple[Term, Term, Term]
Node = ox.NamedNode | ox.BlankNode
TYPE = ox.NamedNode(str(RDF.type))
SOURCE = ox.NamedNode(str(OWL.annotatedSource))
VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))


def _triples(store: ox.Store, graph: str) -> set[Triple]:
    return {(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def changed_triples(old: ox.Store, new: ox.Store, graphs: Iterable[str]
                    ) -> dict[str, set[Triple]]:
    """Per named graph of ``graphs``, the triples added or removed from ``old`` to ``new``
    (graphs without a change left out)."""
    changed = {}
    for name in graphs:
        difference = _triples(old, name) ^ _triples(new, name)
        if difference:
            changed[name] = difference
    return changed


def _nodes(triples: Iterable[Triple]) -> set[Node]:
    return {t for s, _, o in triples for t in (s, o)
            if isinstance(t, ox.NamedNode | ox.BlankNode)}


def focus_nodes(changed: Iterable[Triple], new: ox.Store) -> set[Node]:
    """The nodes whose checks can give another result after ``changed`` (see the
    module docstring)."""
    changed = list(changed)
    focus = _nodes(changed)
    retyped = {s for s, p, _ in changed if p == TYPE and isinstance(s, ox.NamedNode)}
    for node in retyped:
        focus.update(q.subject for q in new.quads_for_pattern(None, None, node, None)
                     if isinstance(q.subject, ox.NamedNode | ox.BlankNode))
    for axiom in list(focus):
        focus.update(q.object for q in new.quads_for_pattern(axiom, SOURCE, None, None)
                     if isinstance(q.object, ox.NamedNode | ox.BlankNode))
    return focus


def _incoming(store: ox.Store, node: Node, focus: set[Node]) -> list[ox.Quad]:
    """The quads pointing to ``node`` that its own checks read.

    A check about a node reads an incoming edge only to target it (``sh:targetObjectsOf``,
    "object of ..." in the rules), for which one edge per property is enough, and the
    provenance of its facts: the axioms whose source it is, of which one per fact
    (property and target) is enough. A common concept or class is the object of
    thousands of edges (every axiom is ``a owl:Axiom``; a concept many documents name is
    the source of an axiom in each), so the whole fan-in made the neighbourhood most of
    the store. An axiom of a changed document is in the focus and comes whole. Keeping
    one axiom per fact can only make a fact look unproven where another axiom proves it
    (every axiom the writer makes is complete, so this does not happen); a violation
    found on the focus is checked again on the whole store."""
    quads: list[ox.Quad] = []
    by_property: set[ox.NamedNode] = set()
    for quad in store.quads_for_pattern(None, None, node, None):
        if quad.predicate not in by_property:
            by_property.add(quad.predicate)
            quads.append(quad)
    if SOURCE not in by_property:
        return quads
    proven: set[tuple[Term, Term]] = set()
    rows = store.query(packaged_query("orthokg.scale", "axioms-of-source.rq"),
                       use_default_graph_as_union=True,
                       substitutions={ox.Variable("source"): node})
    assert isinstance(rows, ox.QuerySolutions)
    for _, axiom, prop, target in rows:
        if axiom in focus or (prop, target) not in proven:
            proven.add((prop, target))
            quads += store.quads_for_pattern(axiom, None, None, None)
    return quads


def _vocabulary(node: Node) -> bool:
    """A term of RDF, RDFS, OWL or XSD (``owl:Axiom``): never a node the data describes."""
    return isinstance(node, ox.NamedNode) and node.value.startswith(VOCABULARIES)


def _neighbourhood(store: ox.Store, focus: set[Node]) -> list[ox.Quad]:
    """The quads the checks read about the ``focus`` nodes, and the TBox."""
    quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    # A class or property of the TBox (owl:Axiom, okg:treats) is the object of every
    # triple that uses it; its own triples are the TBox's, unchanged (a changed TBox is
    # checked whole), so only the changed triples that point to it can alter its
    # findings, and those are here already: their subjects are in the focus.
    terms = {q.subject for q in quads}
    for node in focus:
        quads += store.quads_for_pattern(node, None, None, None)
        if node not in terms and not _vocabulary(node):
            quads += _incoming(store, node, focus)
    objects = {q.object for q in quads if isinstance(q.object, ox.NamedNode | ox.BlankNode)}
    for value in objects:  # the types of every value (sh:class; documents of axioms)
        quads += store.quads_for_pattern(value, TYPE, None, None)
    return quads


def validate_focus(store: ox.Store, focus: set[Node]) -> ValidationReport:
    """The findings of the build's checks on ``store`` about the ``focus`` nodes."""
    small = ox.Store()
    small.extend(_neighbourhood(store, focus))
    report = validate_store(small)
    names = {rdflib_term(node) for node in focus}
    report.findings = [f for f in report.findings if f.node in names]
    return report


def parsed(lines: dict[str, set[str]]) -> dict[str, set[Triple]]:
    """Statement lines (N-Triples, no final dot) per graph, as triples."""
    changed: dict[str, set[Triple]] = {}
    for name, text in lines.items():
        if text:
            data = "".join(f"{line} .\n" for line in text).encode("utf-8")
            changed[name] = {(q.subject, q.predicate, q.object)
                             for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)}
    return changed


def validate_changes(old: Path, new: ox.Store, graphs: Iterable[str],
                     lines: dict[str, set[str]] | None = None) -> ValidationReport:
    """The findings of the build's checks on ``new``, a rebuild of the store at ``old``
    (which passed them) in which ``graphs`` were rewritten or removed (the concepts
    graph always is; the ontology graph when the TBox changed). ``lines``, when the
    writer knows them, are the statement lines added or removed per graph (else the
    two stores are compared graph by graph)."""
    graphs = list(graphs)
    if ONTOLOGY_GRAPH in graphs:
        return validate_store(new)
    changed = parsed(lines) if lines is not None else \
        changed_triples(ox.Store.read_only(str(old)), new, graphs)
    focus = focus_nodes((t for triples in changed.values() for t in triples), new)
    if len(focus) > FOCUS_LIMIT:
        return validate_store(new)
    report = validate_focus(new, focus)
    if not report.conforms:
        return validate_store(new)
    return report

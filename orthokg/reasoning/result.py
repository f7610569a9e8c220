"""What a reasoner run gives back: the inferred triples, kept apart from the asserted ones.

The asserted graph is the scored artefact and must never silently gain inferred triples,
so a run returns its inferences as their own graph; callers that want both ask for
:func:`orthokg.reasoning.with_inferences`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from orthokg.ontology.vocab import OKG, RDF
from orthokg.reasoning.names import curie
from orthokg.reasoning.schema import defined_classes


@dataclass(frozen=True)
class Clash:
    """One reason the graph is inconsistent: an individual, what is wrong, and why.

    ``reasons`` are the asserted triples (with the axiom that turns them into the
    contradiction), so a reader can find and fix the statement that is wrong.
    """

    individual: Node
    problem: str
    reasons: tuple[str, ...]

    def describe(self) -> str:
        """The clash as a few readable lines.

        >>> from orthokg.ontology.vocab import OKGR
        >>> print(Clash(OKGR.x, "is both A and B", ("okgr:x a A",)).describe())
        okgr:x is both A and B, because:
          - okgr:x a A
        """
        lines = [f"{curie(self.individual)} {self.problem}, because:"]
        lines += [f"  - {reason}" for reason in self.reasons]
        return "\n".join(lines)


@dataclass
class ReasoningResult:
    """Outcome of :func:`orthokg.reasoning.reason`.

    ``inferred`` holds only triples that follow from, but are not in, the asserted graph
    and the TBox; it is empty when the graph is inconsistent under a DL reasoner.
    """

    reasoner: str
    consistent: bool
    inferred: Graph
    clashes: tuple[Clash, ...] = ()
    explanation: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def headline(self) -> str:
        """One line saying why the graph is inconsistent, for an error message: the first
        clash when there is one, else the first line of the explanation."""
        return headline(self.clashes, self.explanation)

    def members(self, cls: URIRef | str) -> set[URIRef]:
        """Individuals the reasoner put into ``cls`` (an IRI or an ``okg:`` local name)."""
        target = cls if isinstance(cls, URIRef) else OKG[cls]
        return {s for s in self.inferred.subjects(RDF.type, target) if isinstance(s, URIRef)}

    def defined_class_members(self) -> dict[str, list[URIRef]]:
        """Inferred members of each defined class of the TBox, keyed by local name."""
        return {str(c)[len(str(OKG)):]: sorted(self.members(c)) for c in defined_classes()}


def headline(clashes: tuple[Clash, ...], explanation: str) -> str:
    """The first clash's first line, else the explanation's first line (or "")."""
    if clashes:
        return clashes[0].describe().splitlines()[0]
    return explanation.splitlines()[0] if explanation else ""


def defined_class_members(triples: Iterable[tuple[Node, Node, Node]]) -> dict[str, list[URIRef]]:
    """Members of each defined class of the TBox among ``rdf:type`` triples, by local name
    (for results that keep their inferences as a list rather than a graph)."""
    members: dict[Node, set[URIRef]] = {c: set() for c in defined_classes()}
    for s, p, o in triples:
        if p == RDF.type and o in members and isinstance(s, URIRef):
            members[o].add(s)
    return {str(c)[len(str(OKG)):]: sorted(found) for c, found in members.items()}

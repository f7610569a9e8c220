"""Domain and range of the core properties, read once from the TBox.

``orthokg.ttl`` marks every property whose assertions are document facts with
``okg:coreProperty true`` and states its ``rdfs:domain`` and ``rdfs:range`` (a class or
an ``owl:unionOf`` of classes). The loaders (which keep a fact only when it fits), the
violation queries and the shapes all take the signature from there, so adding a
relation is an edit to the TBox, not to four hand-kept lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.term import Node

from orthokg.ontology.classes import is_a, top_class
from orthokg.ontology.lexicon import Concept
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OKG, OWL, RDF, RDFS


@dataclass(frozen=True, slots=True)
class Signature:
    """What a core property may link: local class names, any of which will do."""

    prop: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool = False

    def fits(self, subject: Concept, obj: Concept) -> bool:
        """True when ``subject`` is in the domain and ``obj`` in the range.

        A property whose domain and range are the same union (``subtypeOf``) links two
        things of one kind: a procedure is never a subtype of a condition.
        """
        if subject == obj:
            return False
        if self.domain == self.range and len(self.domain) > 1:
            return any(is_a(subject, c) and is_a(obj, c) for c in self.domain)
        return (any(is_a(subject, c) for c in self.domain)
                and any(is_a(obj, c) or is_a(obj, top_class(c)) for c in self.range))

    def entailed_type(self, obj: Concept) -> str | None:
        """The range class the fact makes ``obj`` a member of, when it is not one yet.

        A condition a text names as a possible complication of a procedure is a
        complication: the range says so, and writing the type keeps the asserted graph
        valid against the shapes without a reasoner.
        """
        if len(self.range) != 1 or is_a(obj, self.range[0]):
            return None
        return self.range[0]


def _local(node: Node) -> str:
    text = str(node)
    if not text.startswith(str(OKG)):
        raise ValueError(f"{text} is not an okg: class")
    return text[len(str(OKG)):]


def _classes(graph: Graph, expression: Node) -> tuple[str, ...]:
    """A named class or the members of an ``owl:unionOf``."""
    union = graph.value(expression, OWL.unionOf)
    if union is None:
        return (_local(expression),)
    return tuple(_local(member) for member in Collection(graph, union))


def read_signatures(graph: Graph) -> dict[str, Signature]:
    """Every property marked ``okg:coreProperty true`` in ``graph``, by local name."""
    found: dict[str, Signature] = {}
    for prop in graph.subjects(OKG.coreProperty, Literal(True)):
        domain, rng = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        if domain is None or rng is None:
            raise ValueError(f"core property {prop} has no rdfs:domain or rdfs:range")
        name = _local(prop)
        found[name] = Signature(name, _classes(graph, domain), _classes(graph, rng),
                                (prop, RDF.type, OWL.SymmetricProperty) in graph)
    return found


@cache
def core_signatures() -> dict[str, Signature]:
    """The core properties of the packaged TBox.

    >>> sigs = core_signatures()
    >>> sigs["hasAftercare"].range
    ('Procedure', 'Device')
    >>> sigs["alternativeTo"].symmetric
    True
    """
    return read_signatures(tbox_graph())


def core_properties() -> tuple[str, ...]:
    """Local names of the core properties, in a stable order."""
    return tuple(sorted(core_signatures()))

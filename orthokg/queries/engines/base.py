"""What every query engine offers: one ``run`` that takes a query and bound parameters.

Engines differ only in where the answer comes from (rdflib in memory, an Oxigraph
store, a remote SPARQL endpoint); callers never branch on which one they hold.
Results are rdflib terms in one canonical form (see :func:`canonical`) so the rows of
two engines compare with ``==``: the cross-engine test suite relies on that.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal as TypingLiteral
from typing import Protocol, overload

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from orthokg.ontology.vocab import (
    DCTERMS,
    DOC_BASE,
    OKG,
    OKGR,
    OWL,
    PROV,
    QUDT_UNIT,
    RDF,
    RDFS,
    SKOS,
)

ResultKind = TypingLiteral["select", "ask", "graph"]
Params = Mapping[str, Identifier]
Row = tuple[Identifier | None, ...]

#: Prefixes every engine understands without a ``PREFIX`` line, for hand-typed queries.
#: Catalogue files still declare theirs so they run unchanged on any endpoint.
DEFAULT_PREFIXES: dict[str, str] = {
    "okg": str(OKG), "okgr": str(OKGR), "doc": DOC_BASE, "rdf": str(RDF),
    "rdfs": str(RDFS), "owl": str(OWL), "skos": str(SKOS), "prov": str(PROV),
    "dcterms": str(DCTERMS), "xsd": str(XSD), "unit": str(QUDT_UNIT),
}

_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
             XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger,
             XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}
_FLOATS = {XSD.double, XSD.float}


@dataclass(slots=True)
class QueryResult:
    """Rows of a SELECT, the boolean of an ASK, or the graph of CONSTRUCT/DESCRIBE.

    Terms are rdflib terms whatever the engine, so results from two engines compare
    with ``==``; an unbound cell is ``None``.

    >>> r = QueryResult("select", ["a"], [(Literal("x"),), (None,)])
    >>> len(r), r.records()[0]["a"], r.column("a")
    (2, rdflib.term.Literal('x'), [rdflib.term.Literal('x'), None])
    """

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
        """Rows of a SELECT, triples of a graph, 1 or 0 for an ASK."""
        if self.kind == "graph":
            return len(self.graph) if self.graph is not None else 0
        if self.kind == "ask":
            return int(bool(self.boolean))
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Identifier | None]]:
        """The rows as dicts keyed by variable name (without ``?``)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Identifier | None]:
        """All values of one variable, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


class QueryEngine(Protocol):
    """A place SPARQL can be asked. ``params`` bind variables; they are never pasted."""

    name: str

    def run(self, sparql: str, params: Params | None = None) -> QueryResult:
        """Run ``sparql`` with ``params`` bound; raise ``QueryError`` on a bad query."""
        ...

    def close(self) -> None:
        """Release the store or connection."""
        ...


def _canonical_number(lexical: str, datatype: URIRef) -> str | None:
    try:
        if datatype == XSD.decimal:
            return format(Decimal(lexical).normalize(), "f")
        if datatype in _INTEGERS:
            return str(int(lexical))
        if datatype in _FLOATS:
            return repr(float(lexical))
    except (ValueError, InvalidOperation):
        return None
    return None


@overload
def canonical(term: Identifier) -> Identifier: ...
@overload
def canonical(term: Node) -> Node: ...
@overload
def canonical(term: None) -> None: ...
def canonical(term: Node | None) -> Node | None:
    """One spelling per value, whatever engine produced it.

    Oxigraph canonicalises literals on load (``6.0`` becomes ``6``) and has no untyped
    literals (RDF 1.1: they are ``xsd:string``); rdflib keeps the lexical form it read.
    Both engines pass every result term through this function.

    >>> canonical(Literal("6.0", datatype=XSD.decimal))
    rdflib.term.Literal('6', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> canonical(Literal("x", datatype=XSD.string))
    rdflib.term.Literal('x')
    >>> canonical(Literal("1", datatype=XSD.boolean))
    rdflib.term.Literal('true', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#boolean'))
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    lexical, datatype = str(term), term.datatype
    if datatype == XSD.string:
        return Literal(lexical)
    if datatype == XSD.boolean and lexical in {"0", "1"}:
        return Literal("true" if lexical == "1" else "false", datatype=XSD.boolean)
    number = _canonical_number(lexical, datatype)
    if number is None or number == lexical:
        return term
    return Literal(number, datatype=datatype)

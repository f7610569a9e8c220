"""Query a pyoxigraph store, in memory or on disk: 10-100x faster than rdflib (MEASURED.md).

Queries run over the union of all named graphs (the on-disk store keeps one graph per
source document). Parameters are bound as SEP-0007 says, the variable replaced by its
term, but in the text (:mod:`orthokg.queries.engines.substitute`) rather than through
pyoxigraph's ``substitutions``: Oxigraph chooses its join order from the constants it
sees when it plans, and substitutions arrive after that, so a query written from its
bound end was still planned from the other end (100 ms against 2 ms at 1M triples).
A query that cannot be rewritten so (``SELECT *``, the variable assigned by ``BIND``)
is bound with ``substitutions`` as before. Either way a value is a term, never text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from orthokg.errors import QueryError, StoreError
from orthokg.queries.engines.base import DEFAULT_PREFIXES, Params, QueryResult, canonical
from orthokg.queries.engines.substitute import substitute

__all__ = ["OxigraphEngine", "bound_text", "to_oxigraph", "to_oxigraph_triple", "to_rdflib"]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
#: What ``Store.query`` takes as a substitution (RDF-star triples included).
OxBindable = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def to_oxigraph(term: Node) -> OxTerm:
    """The pyoxigraph term equal to an rdflib term.

    >>> to_oxigraph(Literal("hip", lang="en"))
    <Literal value=hip language=en>
    """
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as exc:
        raise QueryError(f"not a valid RDF term: {term!r} ({exc})") from exc
    raise QueryError(f"cannot bind {term!r}: only IRIs, blank nodes and literals")


def to_oxigraph_triple(s: Node, p: Node, o: Node) -> tuple[
        ox.NamedNode | ox.BlankNode, ox.NamedNode, OxTerm]:
    """The pyoxigraph terms of an rdflib triple, ready for :class:`pyoxigraph.Quad`.

    >>> to_oxigraph_triple(URIRef("http://x/s"), URIRef("http://x/p"), Literal(1))[1]
    <NamedNode value=http://x/p>
    """
    subject, predicate = to_oxigraph(s), to_oxigraph(p)
    # An RDF graph has IRI or blank-node subjects and IRI predicates.
    assert isinstance(subject, ox.NamedNode | ox.BlankNode), s
    assert isinstance(predicate, ox.NamedNode), p
    return subject, predicate, to_oxigraph(o)


@overload
def to_rdflib(term: OxTerm) -> Identifier: ...
@overload
def to_rdflib(term: None) -> None: ...
def to_rdflib(term: OxTerm | None) -> Identifier | None:
    """The canonical rdflib term equal to a pyoxigraph term (``None`` stays unbound).

    >>> to_rdflib(ox.Literal("6.0", datatype=ox.NamedNode(
    ...     "http://www.w3.org/2001/XMLSchema#decimal")))
    rdflib.term.Literal('6', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return canonical(Literal(term.value, datatype=URIRef(term.datatype.value)))
    raise QueryError(f"unsupported result term {term!r} (RDF-star is not used by OrthoKG)")


class OxigraphEngine:
    """Run SPARQL on a ``pyoxigraph.Store``.

    >>> engine = OxigraphEngine.from_files([Path("tests/fixtures/mini.ttl")])
    >>> engine.run("SELECT ?c WHERE { okgr:microdiscectomy okg:treats ?c }").rows
    [(rdflib.term.URIRef('https://w3id.org/orthokg/id/herniated-disc'),)]
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store: ox.Store | None = store

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphEngine:
        """An in-memory store holding the triples of an rdflib graph."""
        store = ox.Store()
        store.extend(ox.Quad(*to_oxigraph_triple(s, p, o)) for s, p, o in graph)
        return cls(store)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> OxigraphEngine:
        """An in-memory store loaded from RDF files (format from the file extension)."""
        store = ox.Store()
        for path in paths:
            _load(store, Path(path))
        return cls(store)

    @classmethod
    def open(cls, directory: Path) -> OxigraphEngine:
        """The on-disk store written by :func:`orthokg.queries.store.write_store`."""
        from orthokg.queries.store import open_store

        return cls(open_store(directory))

    def run(self, sparql: str, params: Params | None = None) -> QueryResult:
        """Run ``sparql`` over the union of all graphs with ``params`` substituted."""
        if self.store is None:
            raise StoreError("the Oxigraph engine was closed")
        text, substitutions = bound_text(sparql, params or {})
        try:
            result = self.store.query(text, use_default_graph_as_union=True,
                                      prefixes=DEFAULT_PREFIXES, substitutions=substitutions)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL does not parse (oxigraph): {exc}") from exc
        except (RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed (oxigraph): {exc}{_hint(exc)}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the Oxigraph store: {exc}") from exc
        return _to_result(result)

    def close(self) -> None:
        """Drop the store so RocksDB releases its files."""
        self.store = None


def bound_text(sparql: str, params: Params) -> tuple[str, dict[ox.Variable, OxBindable]]:
    """The query to run and the substitutions left: ``params`` written into the text
    where the query allows it (:func:`~orthokg.queries.engines.substitute.substitute`),
    else handed to pyoxigraph's ``substitutions``."""
    substitutions: dict[ox.Variable, OxBindable] = {
        ox.Variable(k): to_oxigraph(v) for k, v in params.items()}
    if not params or any(isinstance(term, BNode) for term in params.values()):
        return sparql, substitutions
    substituted = substitute(sparql, params)
    return (sparql, substitutions) if substituted is None else (substituted, {})


def _hint(exc: Exception) -> str:
    if "SELECT projection" in str(exc):
        return ("; a bound parameter must be in the SELECT clause for Oxigraph"
                " (or use --engine rdflib)")
    return ""


def _load(store: ox.Store, path: Path) -> None:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or (
        ox.RdfFormat.RDF_XML if path.suffix == ".owl" else None)
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .rdf, .jsonld)")
    try:
        store.load(path=str(path), format=fmt)
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{path}: cannot load: {exc}") from exc


class _Converter(dict[OxTerm | None, Identifier | None]):
    """:func:`to_rdflib` remembered for one result: answers repeat their terms (the
    parameter in every row, the same labels and documents), and converting each
    occurrence anew was most of the wrapper's cost on large answers (fact-sources at
    100k triples: 213 ms for 7,817 rows, 79 ms remembered)."""

    def __missing__(self, term: OxTerm | None) -> Identifier | None:
        converted = self[term] = to_rdflib(term)
        return converted


def _to_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        graph = Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        return QueryResult("graph", graph=graph)
    variables = [v.value for v in result.variables]
    convert = _Converter()
    rows = [tuple(convert[term] for term in solution) for solution in result]
    return QueryResult("select", variables, rows)

"""Query an in-memory rdflib graph: no server, no store, the graph the loaders built.

rdflib spends about 4 ms parsing each query string (MEASURED.md), so every query text
is prepared once and cached. Parameters are written into the text as every engine
writes them (SEP-0007 substitution, :mod:`orthokg.queries.engines.substitute`), because
rdflib's ``initBindings`` do not reach into a sub-query (a ``BIND(?param AS ?x)`` there
saw it unbound, and the catalogue keys its provenance sub-queries by the parameter);
a query that cannot be rewritten so gets ``initBindings``. A value is a term, never text.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import BNode, Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result, ResultRow

from orthokg.errors import QueryError
from orthokg.queries.engines.base import DEFAULT_PREFIXES, Params, QueryResult, Row, canonical
from orthokg.queries.engines.substitute import substitute

__all__ = ["RdflibEngine", "prepare"]


@lru_cache(maxsize=512)
def prepare(sparql: str) -> Query:
    """Parse and translate ``sparql`` once; later calls with the same text are free.

    >>> prepare("SELECT ?s WHERE { ?s a okg:Procedure }") is prepare(
    ...     "SELECT ?s WHERE { ?s a okg:Procedure }")
    True
    """
    try:
        return prepareQuery(sparql, initNs=DEFAULT_PREFIXES)
    except Exception as exc:  # pyparsing and rdflib raise many types for a bad query
        raise QueryError(f"SPARQL does not parse (rdflib): {exc}") from exc


class RdflibEngine:
    """Run SPARQL on an rdflib ``Graph`` (a ``Dataset`` needs ``default_union=True``).

    >>> from rdflib import Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/orthokg/id/x"), URIRef(
    ...     "http://www.w3.org/2000/01/rdf-schema#label"), Literal("x")))
    >>> RdflibEngine(g).run("SELECT ?s WHERE { ?s rdfs:label ?l }",
    ...     {"l": Literal("x")}).rows
    [(rdflib.term.URIRef('https://w3id.org/orthokg/id/x'),)]
    """

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def run(self, sparql: str, params: Params | None = None) -> QueryResult:
        """Run ``sparql`` with ``params`` written in, else bound as ``initBindings``."""
        params = dict(params or {})
        substituted = substitute(sparql, params) if params and not any(
            isinstance(term, BNode) for term in params.values()) else None
        if substituted is not None:
            sparql, params = substituted, {}
        prepared = prepare(sparql)
        try:
            result = self.graph.query(prepared, initBindings=params)
        except Exception as exc:  # evaluation errors surface as assorted types
            raise QueryError(f"query failed (rdflib): {exc}") from exc
        return _to_result(result)

    def close(self) -> None:
        """Nothing to release: the graph belongs to the caller."""


def _to_result(result: Result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult("ask", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        for s, p, o in result.graph or Graph():
            graph.add((s, p, canonical(o)))
        return QueryResult("graph", graph=graph)
    variables = [str(v) for v in result.vars or []]
    rows: list[Row] = []
    for row in result:
        assert isinstance(row, ResultRow)  # a SELECT result iterates its solutions
        rows.append(tuple(canonical(row[i]) for i in range(len(variables))))
    return QueryResult("select", variables, rows)

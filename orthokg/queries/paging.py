"""One page of a SELECT: ``LIMIT``/``OFFSET`` added to a query that has none.

A catalogue question on a national library of leaflets can return tens of thousands
of rows; ``orthokg query --limit N --offset M`` asks for one page. The query is parsed
first (rdflib's SPARQL parser): only a SELECT without its own LIMIT, OFFSET or trailing
VALUES block is paged, by appending the two clauses after its solution modifiers, which
is where the grammar puts them, so its ORDER BY (which every catalogue query has) makes
the pages stable and the query text is otherwise unchanged.

>>> print(paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 20).splitlines()[-1])
LIMIT 10 OFFSET 20
>>> paged("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", 10)
Traceback (most recent call last):
...
orthokg.errors.QueryError: the query has its own LIMIT or OFFSET; page it there
"""

from __future__ import annotations

from orthokg.errors import QueryError
from orthokg.queries.engines.base import DEFAULT_PREFIXES

__all__ = ["paged"]


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in DEFAULT_PREFIXES.items())


def paged(sparql: str, limit: int | None, offset: int = 0) -> str:
    """``sparql`` with ``LIMIT limit OFFSET offset`` (either may be left out)."""
    if limit is None and not offset:
        return sparql
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset must not be negative")
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        # The default prefixes first, as the engines add them: a hand-typed query may
        # use okg: without declaring it. A second PREFIX for a name is allowed.
        parsed = parseQuery(_prologue() + sparql)
    except ParseException as exc:
        raise QueryError(f"SPARQL does not parse: {exc}") from exc
    body = parsed[1]
    if body.name != "SelectQuery":
        raise QueryError("--limit/--offset page the rows of a SELECT query only")
    if "limitoffset" in body:
        raise QueryError("the query has its own LIMIT or OFFSET; page it there")
    if "valuesClause" in body:
        raise QueryError("the query ends with a VALUES block; --limit/--offset cannot "
                         "be added after it")
    clauses = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else [])
    return f"{sparql.rstrip()}\n{' '.join(clauses)}"

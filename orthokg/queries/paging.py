"""One page of a SELECT: ``LIMIT``/``OFFSET`` added to a query that has none, under a
total order.

A catalogue question on a national library of leaflets can return tens of thousands
of rows; ``orthokg query --limit N --offset M`` and the endpoint's answer pages ask for
one page. The query is parsed first (rdflib's SPARQL parser): only a SELECT without its
own LIMIT, OFFSET or trailing VALUES block is paged, by appending clauses after its
solution modifiers, which is where the grammar puts them, so the query text is
otherwise unchanged.

A page is a slice of the answer only when the order is total: two requests must agree
on which rows come before row N. Every catalogue query has an ORDER BY, but most order
by labels and the document, so rows that differ only in, say, the sentence quoted are
tied, and a tie may fall across a page boundary in a different order each time the
engine breaks it. :func:`total_order` therefore appends every projected variable the
ORDER BY does not already sort on, after the query's own keys (which keep deciding the
order); a query without ORDER BY is ordered by its projected variables. Rows equal in
every projected variable are indistinguishable, so any order of them gives the same
slices. The parse is cached by text (it costs a few hundred milliseconds for a long
query): the endpoint pages the same text again for the next page.

>>> print(paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 20).splitlines()[-1])
LIMIT 10 OFFSET 20
>>> print(total_order("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)"))
SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)
  ?s
>>> paged("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", 10)
Traceback (most recent call last):
...
orthokg.errors.QueryError: the query has its own LIMIT or OFFSET; page it there
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from orthokg.errors import QueryError
from orthokg.queries.engines.base import DEFAULT_PREFIXES

__all__ = ["paged", "shape", "total_order"]

_PARSING = threading.Lock()
"""The endpoint parses in worker threads; one parse at a time (pyparsing grammars are
shared objects, and nothing promises they may be run by two threads at once)."""


@dataclass(frozen=True, slots=True)
class Shape:
    """What paging needs to know of a SELECT: its projected variables, in order, whether
    it has an ORDER BY, and the variables that ORDER BY sorts on directly."""

    projected: tuple[str, ...]
    ordered: bool
    keys: frozenset[str]

    @property
    def tie_breakers(self) -> list[str]:
        """The projected variables the query's own order does not sort on."""
        return [v for v in self.projected if v not in self.keys]


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in DEFAULT_PREFIXES.items())


def _variable(expression: Any) -> str | None:
    """The variable an ORDER BY condition is, when it is one (``?x``, ``DESC(?x)``)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    while isinstance(expression, CompValue) and set(expression) <= {"expr", "order"}:
        expression = expression["expr"]
    return str(expression) if isinstance(expression, Variable) else None


@lru_cache(maxsize=256)
def _shape(sparql: str) -> Shape | str:
    """The shape of ``sparql``, or why it cannot be paged (cached, errors too)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        # The default prefixes first, as the engines add them: a hand-typed query may
        # use okg: without declaring it. A second PREFIX for a name is allowed.
        with _PARSING:
            parsed = parseQuery(_prologue() + sparql)
    except ParseException as exc:
        return f"SPARQL does not parse: {exc}"
    body = parsed[1]
    if body.name != "SelectQuery":
        return "--limit/--offset page the rows of a SELECT query only"
    if "limitoffset" in body:
        return "the query has its own LIMIT or OFFSET; page it there"
    if "valuesClause" in body:
        return ("the query ends with a VALUES block; --limit/--offset cannot be added "
                "after it")
    if "projection" in body:
        projected = tuple(str(v["evar"] if "evar" in v else v["var"])
                          for v in body["projection"])
    else:  # SELECT *: the variables in scope, as the algebra finds them (a set: sorted)
        try:
            algebra = translateQuery(parsed).algebra
        except Exception as exc:  # rdflib raises plain exceptions for what it cannot do
            return f"the variables of SELECT * could not be found: {exc}"
        projected = tuple(sorted(str(v) for v in algebra["PV"]))
    ordered = "orderby" in body
    conditions = body["orderby"]["condition"] if ordered else []
    keys = frozenset(v for c in conditions if (v := _variable(c)) is not None)
    return Shape(projected, ordered, keys)


def shape(sparql: str) -> Shape:
    """The shape of the SELECT ``sparql``; ``QueryError`` when it cannot be paged."""
    found = _shape(sparql)
    if isinstance(found, str):
        raise QueryError(found)
    return found


def total_order(sparql: str) -> str:
    """``sparql`` ordered totally: its projected variables the ORDER BY lacks appended
    to it (or an ORDER BY of them added), so every page is a slice of one sequence."""
    found = shape(sparql)
    extra = " ".join(f"?{v}" for v in found.tie_breakers)
    if not extra:
        return sparql
    # ORDER BY is the query's last clause (LIMIT, OFFSET and VALUES were refused), so
    # keys written after it extend it; the newline ends a trailing comment.
    return f"{sparql.rstrip()}\n  {extra}" if found.ordered else (
        f"{sparql.rstrip()}\nORDER BY {extra}")


def paged(sparql: str, limit: int | None, offset: int = 0) -> str:
    """``sparql`` in its total order with ``LIMIT limit OFFSET offset`` (either may be
    left out; with neither the text is returned as it is)."""
    if limit is None and not offset:
        return sparql
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset must not be negative")
    clauses = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else [])
    return f"{total_order(sparql).rstrip()}\n{' '.join(clauses)}"

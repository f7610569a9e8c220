"""Paging a SELECT (orthokg.queries.paging): the total order every page is a slice of.

Run on the in-process Oxigraph engine over the fixture graph: a catalogue query in its
total order has the same rows as the query itself, every tie of its own ORDER BY is
broken, and its pages, whatever their size, add up to the ordered answer.
"""

from __future__ import annotations

import pytest

from orthokg.errors import QueryError
from orthokg.queries import catalogue
from orthokg.queries.engines.base import QueryEngine
from orthokg.queries.paging import paged, shape, total_order
from tests.server.fixture_params import required_params

Row = tuple[object, ...]


@pytest.fixture
def engine(engines: dict[str, QueryEngine]) -> QueryEngine:
    return engines["oxigraph-memory"]


def _rows(engine: QueryEngine, sparql: str, name: str) -> list[Row]:
    return [tuple(row) for row in engine.run(sparql, required_params(name)).rows]


@pytest.mark.parametrize("name", catalogue.names())
def test_the_total_order_keeps_the_rows_and_breaks_every_tie(
        name: str, engine: QueryEngine) -> None:
    query = catalogue.get(name).sparql
    own = _rows(engine, query, name)
    ordered = _rows(engine, total_order(query), name)
    assert sorted(map(repr, ordered)) == sorted(map(repr, own))
    found = shape(query)
    assert set(found.projected) <= found.keys | set(found.tie_breakers)
    again = shape(total_order(query))
    assert again.ordered and set(again.projected) <= again.keys, "every column is a key"


@pytest.mark.parametrize("name", ["procedure-overview", "fact-sources", "documents"])
@pytest.mark.parametrize("size", [1, 3])
def test_pages_add_up_to_the_ordered_answer(name: str, size: int,
                                            engine: QueryEngine) -> None:
    query = catalogue.get(name).sparql
    whole = _rows(engine, total_order(query), name)
    pages: list[Row] = []
    for offset in range(0, len(whole) + size, size):
        pages += _rows(engine, paged(query, size, offset), name)
    assert pages == whole and whole


def test_select_star_is_ordered_by_its_variables_by_name() -> None:
    text = "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } }"
    assert total_order(text).endswith("\nORDER BY ?o ?p ?q ?r ?s")


def test_keys_the_order_has_are_not_added_again() -> None:
    text = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) ?s"
    assert total_order(text) == text
    commented = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s # by subject"
    assert paged(commented, 5).endswith("# by subject\n  ?o\nLIMIT 5")


@pytest.mark.parametrize(("text", "message"), [
    ("ASK { ?s ?p ?o }", "SELECT query only"),
    ("SELECT ?s WHERE { ?s ?p ?o } OFFSET 3", "its own LIMIT or OFFSET"),
    ("SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <http://x> }", "VALUES block"),
    ("SELECT ?s WHERE {", "does not parse"),
])
def test_what_cannot_be_paged_is_refused(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        paged(text, 10)

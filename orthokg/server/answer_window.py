"""One page of a SELECT's answer, run as a page: the engine returns only its rows.

The query is paged by :func:`orthokg.queries.paging.paged`, the same function behind
``orthokg query --limit/--offset``, so the endpoint's pages and the CLI's are the same
slices of one total order. The page is asked for with one row more on each side: the
row after says whether there is a next page (no count of the whole answer is run:
counting costs what answering costs), and both neighbours say whether the fact at
either end of the page goes on across the boundary (a fact stated by three documents is
three rows, and a page boundary can fall between them).

Parameters are bound after paging (the VALUES block opens the WHERE group, the paging
clauses close the query, so the order does not matter) and the unbound catalogue text
is what gets parsed, once per question: the parse is cached by text. Parsing runs in a
thread so a long query's parse does not stall the event loop.

A query that cannot be paged there (its own LIMIT/OFFSET, a trailing VALUES, or
SPARQL rdflib's parser does not read) is answered whole, within the server's row
limit, and sliced here: its page is still the matching slice, only not cheaper.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from starlette.concurrency import run_in_threadpool

from orthokg.errors import QueryError
from orthokg.queries.engines.values import bind_values
from orthokg.queries.paging import paged
from orthokg.server.page_params import PageAsked
from orthokg.server.readable import Grouped, Place
from orthokg.server.run_select import Binding, select
from orthokg.server.state import ServerState

Term = URIRef | Literal


@dataclass(slots=True)
class Window:
    """The rows of one page, with the rows just outside it (``None`` at either end)."""

    asked: PageAsked
    variables: list[str]
    rows: list[Binding] = field(default_factory=list)
    before: Binding | None = None
    after: Binding | None = None

    @property
    def past_the_end(self) -> bool:
        """A page after the first with no rows: the answer ends before it."""
        return not self.rows and self.asked.number > 1


def split(asked: PageAsked, rows: list[Binding]) -> tuple[Binding | None, list[Binding],
                                                          Binding | None]:
    """``rows`` (from row ``offset - 1``, or 0 on page 1) as the row before the page,
    the page and the row after it.

    >>> split(PageAsked(2, 2), [{"n": 2}, {"n": 3}, {"n": 4}, {"n": 5}])
    ({'n': 2}, [{'n': 3}, {'n': 4}], {'n': 5})
    >>> split(PageAsked(1, 2), [{"n": 1}])
    (None, [{'n': 1}], None)
    """
    before = rows[0] if asked.offset and rows else None
    page = rows[1:] if asked.offset else rows
    return before, page[:asked.size], page[asked.size] if len(page) > asked.size else None


async def fetch_window(state: ServerState, text: str, asked: PageAsked,
                       values: Mapping[str, Term] | None = None) -> Window:
    """Page ``asked`` of ``text`` with ``values`` bound; ``QueryRefused`` as for any query."""
    start = max(asked.offset - 1, 0)
    wanted = asked.size + 1 + (1 if asked.offset else 0)
    try:
        sparql = await run_in_threadpool(paged, text, wanted, start)
    except QueryError:
        answer = await select(state, bind_values(text, values))
        before, rows, after = split(asked, answer.rows[start:start + wanted])
        return Window(asked, answer.variables, rows, before, after)
    answer = await select(state, bind_values(sparql, values), max_rows=wanted)
    before, rows, after = split(asked, answer.rows)
    return Window(asked, answer.variables, rows, before, after)


def place(window: Window, facts: Grouped) -> Place:
    """Where ``window``'s page lies, ``facts`` being its rows grouped."""
    return Place(window.asked.number, window.asked.size, window.after is not None,
                 continued=facts.same_fact(window.before, 0),
                 continues=facts.same_fact(window.after, -1))

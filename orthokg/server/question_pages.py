"""The question pages: the catalogue as forms (/ask, /ask/<name>) and any SELECT's answer
read as facts (/results?query=...).

A question page is its own URL: the parameters as picked (IRIs) or typed (names) are
its query string, so a copied link asks the same question again, and ``&format=csv``
(or tsv, json) downloads the whole answer as the SPARQL results formats define them.

Answers come a page at a time (``&page=N&size=M``, M rows of the query a page): the
query itself is run with LIMIT and OFFSET (:mod:`orthokg.server.answer_window`), so of
a question with thousands of rows only one page is sent, read and drawn (the store
still evaluates and sorts the whole answer: every catalogue query has an ORDER BY),
and an answer longer than the row limit is paged instead of refused. A download takes
``&limit=N&offset=M`` the same way; the whole answer and every page or slice follow
one total order (:func:`orthokg.queries.paging.total_order`), so the slices of a
download are the pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from orthokg.errors import QueryError
from orthokg.queries import catalogue
from orthokg.queries.engines.values import bind_values
from orthokg.queries.paging import paged, total_order
from orthokg.server.answer_window import Term, fetch_window, place
from orthokg.server.negotiation import RESULT_FORMATS, by_name
from orthokg.server.page_params import BadPaging, read_page, read_slice
from orthokg.server.pages import message_page
from orthokg.server.questions import labels_of, read_question
from orthokg.server.readable import Table, grouped, iris_to_label, readable
from orthokg.server.responses import plain
from orthokg.server.run_select import QueryRefused, outcome
from orthokg.server.state import ServerState, get_state

DOWNLOADS = ("csv", "tsv", "json")
MAX_QUERY_CHARS = 100_000


def with_params(path: str, params: Sequence[tuple[str, str]], **extra: str) -> str:
    """``path`` with ``params`` and ``extra`` as its query string."""
    pairs = [(k, v) for k, v in params if k not in extra] + list(extra.items())
    return f"{path}?{urlencode(pairs)}" if pairs else path


async def questions_index(request: Request) -> Response:
    """/ask: every catalogue question, each a link to its form."""
    state = get_state(request)
    html = state.templates.get_template("questions.html").render(
        questions=catalogue.all(), kinds=catalogue.KINDS)
    return HTMLResponse(html)


async def question_page(request: Request) -> Response:
    """/ask/<name>: the question's form, the bound query beside it and, once every
    required parameter is given, its answer."""
    state = get_state(request)
    try:
        query = catalogue.get(request.path_params["name"])
    except QueryError as exc:
        return message_page(state, 404, "No such question", str(exc))
    asked = not query.params or any(p.name in request.query_params for p in query.params)
    given = {p.name: request.query_params.get(p.name, "") for p in query.params}
    try:
        question = await read_question(state, query, given)
    except QueryRefused as exc:
        return message_page(state, exc.status, "The question could not be read", str(exc))
    fmt = request.query_params.get("format")
    if fmt is not None:
        if not question.complete:
            return plain(400, f"{query.name}: give " + ", ".join(
                f"{f.param.name} ({f.error or 'missing'})" for f in question.fields
                if f.error or (f.term is None and not f.param.optional)))
        return await download(state, request, query.sparql, fmt, query.name, question.bound)
    path = f"/ask/{query.name}"
    table, error, status = None, None, 200
    if asked and question.complete:
        table, error, status = await answer_table(
            state, request, query.sparql, question.bound,
            hidden=[f.param.name for f in question.fields if f.term is not None])
    params = question.url_params()
    choice_urls = {f.param.name: [with_params(path, params, **{f.param.name: c.iri})
                                  for c in f.choices] for f in question.fields}
    html = state.templates.get_template("question.html").render(
        question=question, table=table, error=error, asked=asked, choice_urls=choice_urls,
        share=with_params(path, params), pager=_pager(path, params, table),
        downloads=_downloads(path, params, table))
    return HTMLResponse(html, status_code=status)


async def results_page(request: Request) -> Response:
    """/results?query=...: any SELECT query's answer, read as facts."""
    state = get_state(request)
    text = request.query_params.get("query", "").strip()
    if not text:
        return message_page(state, 400, "No query", "Give the SPARQL to run as ?query=...")
    if len(text) > MAX_QUERY_CHARS:
        return message_page(state, 413, "Query too long",
                            f"the query has {len(text)} characters; at most "
                            f"{MAX_QUERY_CHARS} are read from a URL")
    fmt = request.query_params.get("format")
    if fmt is not None:
        return await download(state, request, text, fmt, "results")
    table, error, status = await answer_table(state, request, text)
    params = [("query", text)]
    html = state.templates.get_template("results.html").render(
        text=text, table=table, error=error, pager=_pager("/results", params, table),
        downloads=_downloads("/results", params, table))
    return HTMLResponse(html, status_code=status)


async def answer_table(state: ServerState, request: Request, text: str,
                       values: Mapping[str, Term] | None = None, hidden: Sequence[str] = ()
                       ) -> tuple[Table | None, str | None, int]:
    """The page the request asks for of the answer to ``text`` with ``values`` bound, or
    the reason there is none (a bad page number or size, or the query's refusal)."""
    try:
        asked = read_page(request.query_params, state.config.max_rows)
        window = await fetch_window(state, text, asked, values)
        if window.past_the_end:
            return None, (f"page={asked.number}: the answer ends before this page (it has "
                          f"fewer than {asked.offset + 1} rows); go back to page 1"), 404
        facts = grouped(window.variables, window.rows, hidden)
        labels = await labels_of(state, iris_to_label(
            window.rows, facts.columns, facts.variables))
    except BadPaging as exc:
        return None, str(exc), 400
    except QueryRefused as exc:
        return None, str(exc), exc.status
    return readable(facts, labels, place(window, facts)), None, 200


async def download(state: ServerState, request: Request, text: str, fmt_name: str,
                   stem: str, values: Mapping[str, Term] | None = None) -> Response:
    """The whole answer, or the ``limit``/``offset`` slice of it, in a SPARQL results
    format, as a file to save."""
    fmt = by_name(fmt_name, RESULT_FORMATS)
    if fmt is None or fmt.name not in DOWNLOADS:
        return plain(400, f"unknown download format {fmt_name!r}; use one of "
                          f"{', '.join(DOWNLOADS)}")
    try:
        sliced = read_slice(request.query_params, state.config.max_rows)
    except BadPaging as exc:
        return plain(400, str(exc))
    try:
        sparql = await run_in_threadpool(_sliced, text, sliced.limit, sliced.offset)
    except QueryError as exc:
        return plain(400, f"limit/offset: {exc}")
    try:
        answer = await outcome(state, bind_values(sparql, values), fmt)
    except QueryRefused as exc:
        return plain(exc.status, str(exc))
    headers = dict(answer.headers)
    if answer.ok:
        headers["Content-Disposition"] = f'attachment; filename="{stem}.{fmt.name}"'
    return Response(answer.body, status_code=answer.status, headers=headers,
                    media_type=answer.content_type)


def _sliced(text: str, limit: int | None, offset: int) -> str:
    """``text`` in its total order, sliced when asked; a query that cannot be put in
    that order (not parsed here, its own LIMIT) is sent as it is when no slice is asked,
    so the whole answer is whatever the engine says."""
    if limit is None and not offset:
        try:
            return total_order(text)
        except QueryError:
            return text
    return paged(text, limit, offset)


def _downloads(path: str, params: Sequence[tuple[str, str]],
               table: Table | None) -> Mapping[str, list[tuple[str, str]]]:
    """Links to the whole answer and, when the page is part of it, to this page alone."""
    whole = [(f, with_params(path, params, format=f)) for f in DOWNLOADS]
    if table is None or table.complete:
        return {"whole": whole, "page": []}
    page = [(f, with_params(path, params, format=f, limit=str(table.place.size),
                            offset=str(table.first_row - 1))) for f in DOWNLOADS]
    return {"whole": whole, "page": page}


def _pager(path: str, params: Sequence[tuple[str, str]],
           table: Table | None) -> Mapping[str, str | None]:
    """Links to the pages either side, keeping the question's parameters and the size."""
    if table is None or table.complete:
        return {}
    number, size = table.place.page, str(table.place.size)
    return {
        "previous": with_params(path, params, page=str(number - 1), size=size)
        if number > 1 else None,
        "next": with_params(path, params, page=str(number + 1), size=size)
        if table.place.has_next else None,
    }


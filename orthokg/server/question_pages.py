"""The question pages: the catalogue as forms (/ask, /ask/<name>) and any SELECT's answer
read as facts (/results?query=...).

A question page is its own URL: the parameters as picked (IRIs) or typed (names) are
its query string, so a copied link asks the same question again, and ``&format=csv``
(or tsv, json) downloads the whole answer as the SPARQL results formats define them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from orthokg.errors import QueryError
from orthokg.queries import catalogue
from orthokg.server.negotiation import RESULT_FORMATS, by_name
from orthokg.server.pages import message_page
from orthokg.server.questions import labels_of, read_question
from orthokg.server.readable import Table, grouped, iris_to_label, readable
from orthokg.server.responses import plain
from orthokg.server.run_select import QueryRefused, outcome, select
from orthokg.server.state import ServerState, get_state

DOWNLOADS = ("csv", "tsv", "json")
MAX_QUERY_CHARS = 100_000


def page_number(request: Request) -> int:
    """``?page=N`` (1 when absent or not a number)."""
    text = request.query_params.get("page", "1")
    return int(text) if text.isdigit() and 0 < len(text) < 7 else 1


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
        return await download(state, question.text, fmt, query.name)
    path = f"/ask/{query.name}"
    table, error, status = None, None, 200
    if asked and question.complete:
        table, error, status = await answer_table(
            state, question.text, page_number(request),
            hidden=[f.param.name for f in question.fields if f.term is not None])
    params = question.url_params()
    choice_urls = {f.param.name: [with_params(path, params, **{f.param.name: c.iri})
                                  for c in f.choices] for f in question.fields}
    html = state.templates.get_template("question.html").render(
        question=question, table=table, error=error, asked=asked, choice_urls=choice_urls,
        share=with_params(path, params), pager=_pager(path, params, table),
        downloads=[(f, with_params(path, params, format=f)) for f in DOWNLOADS])
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
        return await download(state, text, fmt, "results")
    table, error, status = await answer_table(state, text, page_number(request))
    params = [("query", text)]
    html = state.templates.get_template("results.html").render(
        text=text, table=table, error=error, pager=_pager("/results", params, table),
        downloads=[(f, with_params("/results", params, format=f)) for f in DOWNLOADS])
    return HTMLResponse(html, status_code=status)


async def answer_table(state: ServerState, text: str, page: int,
                       hidden: Sequence[str] = ()) -> tuple[Table | None, str | None, int]:
    """The page ``page`` of the answer to ``text``, or the reason there is none."""
    try:
        answer = await select(state, text)
        facts = grouped(answer.variables, answer.rows, hidden)
        _, shown = facts.page(page)
        labels = await labels_of(state, iris_to_label(
            (row for group in shown for row in group), facts.columns, facts.variables))
    except QueryRefused as exc:
        return None, str(exc), exc.status
    return readable(facts, labels, page), None, 200


async def download(state: ServerState, text: str, fmt_name: str, stem: str) -> Response:
    """The whole answer in a SPARQL results format, as a file to save."""
    fmt = by_name(fmt_name, RESULT_FORMATS)
    if fmt is None or fmt.name not in DOWNLOADS:
        return plain(400, f"unknown download format {fmt_name!r}; use one of "
                          f"{', '.join(DOWNLOADS)}")
    try:
        answer = await outcome(state, text, fmt)
    except QueryRefused as exc:
        return plain(exc.status, str(exc))
    headers = dict(answer.headers)
    if answer.ok:
        headers["Content-Disposition"] = f'attachment; filename="{stem}.{fmt.name}"'
    return Response(answer.body, status_code=answer.status, headers=headers,
                    media_type=answer.content_type)


def _pager(path: str, params: Sequence[tuple[str, str]],
           table: Table | None) -> Mapping[str, str | None]:
    if table is None or table.pages == 1:
        return {}
    return {
        "previous": with_params(path, params, page=str(table.page - 1))
        if table.page > 1 else None,
        "next": with_params(path, params, page=str(table.page + 1))
        if table.page < table.pages else None,
    }


"""Concept pages (/id/<slug>) and document pages (/doc/<id>) on the paths of their IRIs.

The same path answers a browser with HTML and a program with RDF (Accept, or
``?format=turtle`` for a download link): a concept's Concise Bounded Description with
its provenance axioms, or a document's description with what was derived from it. A
path that names nothing in the graph is a 404, as HTML or text to match the request.
"""

from __future__ import annotations

import re
from typing import Literal

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from orthokg.ontology.vocab import CONCEPT_BASE, DOC_BASE
from orthokg.queries import catalogue
from orthokg.server import fetch
from orthokg.server.fetch import FetchFailed
from orthokg.server.negotiation import HTML, PAGE_FORMATS, Format, by_name, negotiate, offered
from orthokg.server.neighbourhood import neighbourhood
from orthokg.server.page_model import ResourceView, build_view, quantities, stated_facts
from orthokg.server.related_questions import questions_about
from orthokg.server.responses import outcome_response, plain
from orthokg.server.run_select import QueryRefused, select
from orthokg.server.state import ServerState, get_state
from orthokg.server.timeline import Step, steps
from orthokg.server.web_libs import libraries_installed

Kind = Literal["concept", "document"]
_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~-]+)*\Z")
BASES: dict[Kind, tuple[str, str]] = {"concept": (CONCEPT_BASE, "/id/"),
                                      "document": (DOC_BASE, "/doc/")}


async def concept_page(request: Request) -> Response:
    """/id/<slug>: a concept (or quantity statement) of the graph."""
    return await _page(request, "concept", request.path_params["slug"])


async def document_page(request: Request) -> Response:
    """/doc/<id>: a source document of the graph."""
    return await _page(request, "document", request.path_params["doc_id"])


def page_format(request: Request) -> Format | str | None:
    """The format asked for by ``?format=`` (wins) or Accept; a string is an error."""
    name = request.query_params.get("format")
    if name is not None:
        return by_name(name, PAGE_FORMATS) or (
            f"unknown format {name!r}; use one of {', '.join(f.name for f in PAGE_FORMATS)}")
    return negotiate(request.headers.get("accept"), PAGE_FORMATS)


def message_page(state: ServerState, status: int, title: str, message: str) -> Response:
    """A small HTML page saying what went wrong (everything escaped)."""
    html = state.templates.get_template("message.html").render(title=title, message=message)
    return HTMLResponse(html, status_code=status)


async def _page(request: Request, kind: Kind, local: str) -> Response:
    state = get_state(request)
    fmt = page_format(request)
    if isinstance(fmt, str):
        return plain(400, fmt)
    if fmt is None:
        return plain(406, f"this page is sent as {offered(PAGE_FORMATS)}")
    base, prefix = BASES[kind]
    iri = base + local
    try:
        if not _LOCAL.match(local) or not await _exists(state, iri):
            return _not_found(state, fmt, kind, iri)
        if fmt is not HTML:
            return outcome_response(await fetch.construct(
                state.pool, f"{kind}-rdf", state.config.timeout_s, fmt,
                state.config.max_rows, {"resource": iri}))
        view = await _gather(state, kind, iri)
        timeline = await _timeline(state, iri) if kind == "concept" and view.quantities else []
    except FetchFailed as exc:
        return outcome_response(exc.outcome)
    except QueryRefused as exc:
        return plain(exc.status, str(exc))
    picture = neighbourhood(view) if kind == "concept" else None
    html = state.templates.get_template("resource.html").render(
        view=view, path=prefix + local, picture=picture.as_json() if picture else None,
        timeline=[step.as_json() for step in timeline],
        questions=questions_about(view) if kind == "concept" else [],
        libraries=libraries_installed(state.config.web_dir))
    alternate = f'<{prefix}{local}?format=turtle>; rel="alternate"; type="text/turtle"'
    return HTMLResponse(html, headers={"Vary": "Accept", "Link": alternate})


async def _timeline(state: ServerState, iri: str) -> list[Step]:
    """The recovery timeline of ``iri`` (the catalogue's query, bound to the concept)."""
    answer = await select(state, catalogue.get("recovery-timeline").sparql, {"procedure": iri})
    return steps(answer.rows)


async def _exists(state: ServerState, iri: str) -> bool:
    return await fetch.ask(state.pool, "resource-exists", state.config.timeout_s,
                           {"resource": iri})


def _not_found(state: ServerState, fmt: Format, kind: Kind, iri: str) -> Response:
    message = f"The graph has no {kind} {iri}."
    if fmt is HTML:
        return message_page(state, 404, "Not found", message)
    return plain(404, message)


async def _gather(state: ServerState, kind: Kind, iri: str) -> ResourceView:
    timeout, pool, bound = state.config.timeout_s, state.pool, {"resource": iri}
    out_rows = await fetch.select(pool, "resource-out", timeout, bound)
    in_rows = await fetch.select(pool, "resource-in", timeout, bound)
    evidence = await fetch.select(pool, "resource-evidence", timeout, bound)
    view = build_view(iri, out_rows, in_rows, evidence)
    if kind == "concept":
        view.quantities = quantities(await fetch.select(pool, "resource-quantities", timeout,
                                                        bound))
    else:
        view.stated_facts = stated_facts(await fetch.select(
            pool, "document-facts", timeout, {"document": iri}))
    return view

"""Finding concepts by any of their names: the suggestions under every name box
(/api/suggest, JSON) and the search page the header's box opens (/search)."""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from orthokg.server.page_model import local_path
from orthokg.server.questions import Choice, suggest
from orthokg.server.responses import plain
from orthokg.server.run_select import QueryRefused
from orthokg.server.state import get_state

SUGGESTIONS = 12
MIN_CHARS = 2
MAX_CHARS = 200


def _text(request: Request) -> str:
    return " ".join(request.query_params.get("q", "").split()).lower()


def _within(request: Request) -> str | None:
    """The class to suggest members of ('' for any); ``None`` when it is no IRI."""
    within = request.query_params.get("within", "").strip()
    if not within:
        return ""
    try:
        return ox.NamedNode(within).value
    except ValueError:
        return None


def as_json(choice: Choice) -> dict[str, str]:
    """A suggestion as the autocomplete reads it."""
    return {"iri": choice.iri, "label": choice.label, "name": choice.name,
            "kind": choice.kind, "href": local_path(choice.iri) or choice.iri}


async def suggest_api(request: Request) -> Response:
    """/api/suggest?q=hip&within=<class IRI>: up to 12 concepts whose names contain q."""
    state = get_state(request)
    text, within = _text(request), _within(request)
    if within is None:
        return plain(400, "within: not an IRI; give the IRI of a class, or leave it out")
    if len(text) > MAX_CHARS:
        return plain(400, f"q: {len(text)} characters; at most {MAX_CHARS}")
    if len(text) < MIN_CHARS:
        return JSONResponse([])
    try:
        found = await suggest(state, text, within)
    except QueryRefused as exc:
        return plain(exc.status, str(exc))
    return JSONResponse([as_json(c) for c in found[:SUGGESTIONS]])


async def search_page(request: Request) -> Response:
    """/search?q=...: every concept (up to 50) with a name containing the text."""
    state = get_state(request)
    text = _text(request)[:MAX_CHARS]
    found: list[Choice] = []
    error = None
    if len(text) >= MIN_CHARS:
        try:
            found = await suggest(state, text)
        except QueryRefused as exc:
            error = str(exc)
    elif text:
        error = f"type at least {MIN_CHARS} characters"
    html = state.templates.get_template("search.html").render(
        search_text=text, found=[as_json(c) for c in found], error=error)
    return HTMLResponse(html)

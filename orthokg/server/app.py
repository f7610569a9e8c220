"""The ASGI application: routes, start-up and shut-down of the workers, CORS.

Routes:

==========================  =========================================================
``/``                       query page (YASGUI on /sparql, catalogue queries as tabs)
``/sparql``                 SPARQL 1.1 Protocol (GET, POST); service description
``/void``, ``/.well-known/void``  VoID description of the dataset
``/health``                 JSON: are the query workers up
``/id/<slug>``              concept page, HTML or RDF by content negotiation
``/doc/<id>``               document page, likewise
``/ask``, ``/ask/<name>``   question forms of the catalogue and their answers
``/results?query=``         any SELECT's answer, read as facts
``/compare?a=&b=``          two procedures side by side
``/search?q=``              concepts by any of their names
``/api/suggest?q=``         name suggestions (JSON) for the forms and the search box
``/lib/<name>``             drawing libraries from ``orthokg/server/web/node_modules``
``/static/...``             the page's own CSS and script
``/yasgui/...``             the YASGUI bundle from ``orthokg/server/web/node_modules``
==========================  =========================================================

CORS is off unless origins are listed one by one; the server binds 127.0.0.1 unless
told otherwise (``orthokg serve --host``).
"""

from __future__ import annotations

import re
import time

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

import orthokg
from orthokg.ontology.vocab import CONCEPT_BASE, DOC_BASE
from orthokg.queries.engines.base import DEFAULT_PREFIXES
from orthokg.server.config import ServerConfig
from orthokg.server.endpoint import sparql, void_document
from orthokg.server.examples import catalogue_examples
from orthokg.server.lifespan import run_lifespan
from orthokg.server.ontology_document import ontology_routes
from orthokg.server.pages import concept_page, document_page
from orthokg.server.pool import QueryPool
from orthokg.server.responses import plain
from orthokg.server.state import ServerState, get_state, templates
from orthokg.server.stats import StatsCache
from orthokg.server.ui_routes import ui_routes

_BUNDLE_FILE = re.compile(r"[A-Za-z0-9_.-]+\.(?:js|css|map)\Z")


async def query_page(request: Request) -> Response:
    """The YASGUI page, or a plain form and the reason when YASGUI is not installed."""
    state = get_state(request)
    config = state.config
    html = state.templates.get_template("query.html").render(
        yasgui=state.yasgui_installed, examples=state.examples, examples_json=state.examples,
        endpoint=config.endpoint_url, allow_update=config.allow_update,
        timeout=f"{config.timeout_s:g}", max_rows=config.max_rows,
        iri_bases=[[CONCEPT_BASE, "/id/"], [DOC_BASE, "/doc/"]],
        default_query=next((e["query"] for e in state.examples if e["name"] == "procedures"),
                           "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 25"))
    return HTMLResponse(html)


async def yasgui_file(request: Request) -> Response:
    """A file of the YASGUI build; 404 with the install command when it is missing."""
    state = get_state(request)
    name = request.path_params["name"]
    path = state.yasgui_dir / name
    if not _BUNDLE_FILE.match(name) or not path.is_file():
        return plain(404, f"{name}: not in the YASGUI build; run 'make web-deps' "
                          "(npm ci in orthokg/server/web) to install it")
    return FileResponse(path)


async def health(request: Request) -> Response:
    """Liveness for monitors: never touches the store, so it answers even when every
    worker is busy with a slow query."""
    state = get_state(request)
    pool = state.pool
    reloading = pool.check_data()
    alive = 0 if reloading else pool.alive
    status = "reloading" if reloading else "ok" if alive else "unavailable"
    body = {"status": status, "workers": alive,
            "pool_size": pool.size, "busy": pool.busy, "waiting": pool.waiting,
            "network_denied": pool.sandboxed,
            "source": state.config.source.label,
            "read_only": not state.config.allow_update,
            "uptime_s": round(time.monotonic() - state.started_at, 1),
            "version": orthokg.__version__}
    return JSONResponse(body, status_code=200 if alive else 503)


def _routes() -> list[Route | Mount]:
    return [
        Route("/", query_page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/void", void_document),
        Route("/.well-known/void", void_document),
        Route("/health", health),
        Route("/id/{slug:path}", concept_page),
        Route("/doc/{doc_id:path}", document_page),
        Route("/yasgui/{name}", yasgui_file),
        *ui_routes(),
        Mount("/static", StaticFiles(packages=[("orthokg.server", "static")]), name="static"),
        *ontology_routes(),
    ]


def _middleware(config: ServerConfig) -> list[Middleware]:
    if not config.cors_origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                       allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type", "Authorization"])]


class OrthoKGApp(Starlette):
    """Starlette with the workers' start and stop on the ASGI lifespan (see
    :mod:`orthokg.server.lifespan`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await run_lifespan(self.state.orthokg, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(config: ServerConfig) -> OrthoKGApp:
    """The app for ``config``; its workers start and stop with the ASGI lifespan.

    A failure to open the data is kept in ``app.state.orthokg.startup_error`` (the CLI
    reports it as one line) and makes the ASGI server stop.
    """
    pool = QueryPool(config.source, config.pool_size, DEFAULT_PREFIXES,
                     max_waiting=config.max_waiting, per_client=config.per_client,
                     allow_network=config.allow_service)
    state = ServerState(config, pool, StatsCache(pool, config.timeout_s), templates(),
                        catalogue_examples())
    app = OrthoKGApp(routes=_routes(), middleware=_middleware(config))
    app.state.orthokg = state
    return app

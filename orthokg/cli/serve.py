"""``orthokg serve``: the SPARQL endpoint, query page and concept pages over HTTP.

A thin layer: options become a :class:`~orthokg.server.config.ServerConfig`, the app
comes from :func:`orthokg.server.app.create_app` and uvicorn runs it. Safe by default:
loopback only, read-only, no federated queries, no CORS.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from orthokg.errors import StoreError
from orthokg.server import config as defaults

__all__ = ["register"]

TOKEN_ENV = "ORTHOKG_UPDATE_TOKEN"


def serve_command(
    store: Annotated[Path | None, typer.Option(
        "--store", metavar="DIR", help="On-disk store written by 'orthokg build --store DIR'.")
    ] = None,
    kg: Annotated[list[Path] | None, typer.Option(
        "--kg", metavar="FILE",
        help="RDF file(s) to serve (Turtle, N-Triples, ...), loaded in memory by each worker; "
             "repeat for more.")] = None,
    host: Annotated[str, typer.Option(
        "--host", help="Interface to listen on; keep 127.0.0.1 unless a proxy fronts it.")
    ] = defaults.DEFAULT_HOST,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a --host other machines can reach (put a reverse "
                               "proxy with authentication in front; see the README).")
    ] = False,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL",
        help="Public URL of the server (behind a proxy), for the absolute IRIs it sends; "
             "default http://HOST:PORT/.")] = None,
    port: Annotated[int, typer.Option(
        "--port", min=1, max=65535, help="TCP port.")] = defaults.DEFAULT_PORT,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.001,
        help="Seconds a query may run; it is then stopped and the answer is 503.")
    ] = defaults.DEFAULT_TIMEOUT_S,
    max_rows: Annotated[int, typer.Option(
        "--max-rows", min=1, help="Rows (or triples) an answer may have; more is refused with 413.")
    ] = defaults.DEFAULT_MAX_ROWS,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="Query worker processes (queries run in parallel); 1 with "
                          "--allow-update.")] = 2,
    queue: Annotated[int, typer.Option(
        "--queue", help="Requests that may wait for a busy worker; the next gets 503 with "
                        "Retry-After at once.")] = 16,
    per_client: Annotated[int | None, typer.Option(
        "--per-client", metavar="N",
        help="Workers one client address may hold at once (default: all but one, so one "
             "stays free for others).")] = None,
    header_timeout: Annotated[float, typer.Option(
        "--header-timeout", help="Seconds a connection has to send a request's headers; "
                                 "slower connections are closed.")] = 10.0,
    allow_update: Annotated[bool, typer.Option(
        "--allow-update", help="Accept SPARQL Update from clients sending the bearer token.")
    ] = False,
    token: Annotated[str | None, typer.Option(
        "--token", metavar="T", envvar=TOKEN_ENV, show_envvar=True,
        help="Bearer token required for updates (prefer the environment variable: a "
             "command line is visible to other users).")] = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let queries call other endpoints (SERVICE) and LOAD.")
    ] = False,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", metavar="URL",
        help="Origin allowed to call the endpoint from a browser; repeat for more.")] = None,
    log_level: Annotated[str, typer.Option(
        "--log-level", help="uvicorn log level (debug, info, warning, error).")] = "info",
) -> None:
    """Serve the graph over HTTP: SPARQL endpoint, query page, concept and document pages.

    The SPARQL 1.1 endpoint is at /sparql, the query page at /, concept pages at
    /id/<slug>, document pages at /doc/<id>, VoID at /void, health at /health.

    Example: orthokg serve --kg build/kg.ttl --port 7878
    """
    from orthokg.server.app import create_app
    from orthokg.server.config import ServerConfig, Source
    from orthokg.server.http_server import create_server

    if (store is None) == (not kg):
        raise StoreError("give --store DIR or --kg FILE (not both)")
    source = Source(store_dir=store, kg_files=tuple(kg or ()), writable=allow_update)
    source.check()
    if store is not None:  # a damaged store is one line here, not a worker's traceback
        from orthokg.queries.store import open_store

        open_store(store)
    config = ServerConfig(source, host=host, port=port, timeout_s=timeout, max_rows=max_rows,
                          allow_update=allow_update, token=token or os.environ.get(TOKEN_ENV),
                          allow_service=allow_service, cors_origins=tuple(cors_origin or ()),
                          workers=workers, base_url=base_url, allow_remote=allow_remote,
                          max_waiting=queue, per_client=per_client,
                          header_timeout_s=header_timeout)
    _log_like_uvicorn(log_level)
    app = create_app(config)
    server = create_server(app, config, log_level)
    with contextlib.suppress(SystemExit):  # how uvicorn ends a failed start-up
        server.run()
    startup_error = app.state.orthokg.startup_error
    if startup_error is not None:
        raise StoreError(str(startup_error))
    if not server.started:
        raise StoreError(f"the server did not start on {host}:{port} "
                         "(is the port in use? see the log above)")


def _log_like_uvicorn(level: str) -> None:
    """Show the server's own messages (workers started, restarts) beside uvicorn's."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-9s %(message)s"))
    logger = logging.getLogger("orthokg.server")
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``orthokg`` app."""
    app.command("serve")(serve_command)

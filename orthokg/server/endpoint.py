"""/sparql: one handler for GET and POST, queries, updates and the service description.

What is decided here, before anything reaches a worker: the Accept header must name a
format we can send (else 406), and an update needs both ``--allow-update`` and the
bearer token (403, compared in constant time). What the request itself does (SERVICE,
LOAD, its size and nesting) is judged by the worker on the parsed request
(:mod:`orthokg.server.vetting`). Absolute IRIs sent back (service description, VoID,
the base of relative IRIs) come from the configured public URL, never from the Host
header.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request
from starlette.responses import Response

from orthokg.server.config import ServerConfig
from orthokg.server.fetch import FetchFailed
from orthokg.server.jobs import QueryJob, UpdateJob
from orthokg.server.negotiation import GRAPH_FORMATS, RESULT_FORMATS, negotiate, offered
from orthokg.server.rdf_response import graph_response
from orthokg.server.responses import outcome_response, plain
from orthokg.server.service_description import service_description
from orthokg.server.sparql_protocol import Operation, ProtocolError, read_operation
from orthokg.server.state import ServerState, get_state
from orthokg.server.void import void_description

UPDATES_OFF = ("SPARQL Update is switched off: this endpoint is read-only "
               "(start it with --allow-update --token T to accept updates)")
NEEDS_TOKEN = ("SPARQL Update needs the header 'Authorization: Bearer <token>' "
               "with the token the server was started with")


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint."""
    state = get_state(request)
    try:
        operation = await read_operation(request, state.config.max_body_bytes,
                                         state.config.body_timeout_s)
    except ProtocolError as exc:
        return plain(exc.status, exc.message, exc.headers)
    if operation is None:
        return await _describe(request, state)
    if operation.kind == "update":
        return await _update(request, state, operation)
    return await _query(request, state, operation)


async def _query(request: Request, state: ServerState, operation: Operation) -> Response:
    config = state.config
    accept = request.headers.get("accept")
    result_format = negotiate(accept, RESULT_FORMATS)
    graph_format = negotiate(accept, GRAPH_FORMATS)
    if result_format is None and graph_format is None:
        return plain(406, f"cannot answer in {accept!r}; results are sent as "
                          f"{offered(RESULT_FORMATS)}; graphs as {offered(GRAPH_FORMATS)}")
    job = QueryJob(operation.text, result_format, graph_format, config.max_rows,
                   operation.default_graphs, operation.named_graphs,
                   base_iri=config.endpoint_url, allow_service=config.allow_service)
    return outcome_response(await state.pool.run(job, config.timeout_s, client_of(request)))


def client_of(request: Request) -> str:
    """The address a request came from, for the per-client share of the workers."""
    return request.client.host if request.client else "unknown"


def authorised(request: Request, config: ServerConfig) -> bool:
    """True when the request carries ``Authorization: Bearer <the server's token>``."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not config.token:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), config.token.encode("utf-8"))


async def _update(request: Request, state: ServerState, operation: Operation) -> Response:
    config = state.config
    if not config.allow_update:
        return plain(403, UPDATES_OFF)
    if not authorised(request, config):
        return plain(403, NEEDS_TOKEN)
    job = UpdateJob(operation.text, operation.default_graphs, operation.named_graphs,
                    base_iri=config.endpoint_url, allow_service=config.allow_service)
    return outcome_response(await state.pool.run(job, config.timeout_s, client_of(request)))


async def _describe(request: Request, state: ServerState) -> Response:
    fmt = negotiate(request.headers.get("accept"), GRAPH_FORMATS)
    if fmt is None:
        return plain(406, f"the service description is sent as {offered(GRAPH_FORMATS)}")
    try:
        stats = await state.stats.get()
    except FetchFailed:
        stats = None  # counting timed out: the description stays true without counts
    config = state.config
    graph = service_description(config.endpoint_url, f"{config.public_url}void", stats,
                                allow_update=config.allow_update,
                                allow_service=config.allow_service)
    return graph_response(graph, fmt)


async def void_document(request: Request) -> Response:
    """/.well-known/void and /void: the VoID description of the dataset."""
    state = get_state(request)
    fmt = negotiate(request.headers.get("accept"), GRAPH_FORMATS)
    if fmt is None:
        return plain(406, f"the VoID description is sent as {offered(GRAPH_FORMATS)}")
    try:
        stats = await state.stats.get()
    except FetchFailed as exc:
        return outcome_response(exc.outcome)
    return graph_response(void_description(state.config.public_url, stats), fmt)

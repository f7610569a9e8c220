"""Reading a SPARQL 1.1 Protocol request into one :class:`Operation`, or refusing it.

One function serves GET and POST so both follow the same rules
(https://www.w3.org/TR/sparql11-protocol/): ``query`` by GET, by POST form or by
``application/sparql-query`` body; ``update`` by POST form or
``application/sparql-update`` body. The dataset parameters of a query
(``default-graph-uri``, ``named-graph-uri``) and of an update (``using-graph-uri``,
``using-named-graph-uri``) are read into the operation's graphs.
Bodies are read in chunks and refused (413) as soon as they pass the limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs

from starlette.requests import Request

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


class ProtocolError(Exception):
    """A request the endpoint refuses; ``status`` and ``message`` go back to the client."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclass(frozen=True, slots=True)
class Operation:
    """A query or an update, with the dataset the client asked for (empty: the default):
    ``default-graph-uri``/``named-graph-uri`` for a query, ``using-graph-uri``/
    ``using-named-graph-uri`` for an update."""

    kind: Literal["query", "update"]
    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


Params = Mapping[str, list[str]]


async def read_operation(request: Request, max_bytes: int, body_timeout_s: float = 30.0
                         ) -> Operation | None:
    """The operation carried by ``request``; ``None`` when it carries none (a bare GET,
    answered with the service description). Raises :class:`ProtocolError`."""
    if request.method == "GET":
        return _from_params(_query_params(request), max_bytes, via_get=True)
    if request.method != "POST":
        raise ProtocolError(405, "use GET or POST", {"Allow": "GET, POST"})
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        async with asyncio.timeout(body_timeout_s):
            body = await read_body(request, max_bytes)
    except TimeoutError as exc:
        raise ProtocolError(408, f"the request body did not arrive within {body_timeout_s:g} s",
                            {"Connection": "close"}) from exc
    if media_type == FORM:
        return _from_params(_parse_form(body), max_bytes, via_get=False)
    if media_type in (QUERY_BODY, UPDATE_BODY):
        kind: Literal["query", "update"] = "query" if media_type == QUERY_BODY else "update"
        return _direct(kind, _decode(body), _query_params(request))
    raise ProtocolError(
        415, f"unsupported Content-Type {media_type or '(none)'!r}; "
             f"send {FORM}, {QUERY_BODY} or {UPDATE_BODY}")


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 as soon as it is longer than ``max_bytes``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int) -> ProtocolError:
    return ProtocolError(413, f"request larger than the {max_bytes} byte limit of this endpoint")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"request body is not UTF-8: {exc}") from exc


def _query_params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def _parse_form(body: bytes) -> dict[str, list[str]]:
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"form body is not URL-encoded UTF-8: {exc}") from exc


def _from_params(params: Params, max_bytes: int, *, via_get: bool) -> Operation | None:
    queries, updates = params.get("query", []), params.get("update", [])
    if not queries and not updates:
        if via_get:
            return None
        raise ProtocolError(400, "POST carries neither a 'query' nor an 'update' parameter")
    if (queries and updates) or len(queries) + len(updates) > 1:
        raise ProtocolError(400, "give exactly one 'query' or one 'update' parameter")
    if updates and via_get:
        raise ProtocolError(405, "a SPARQL update must be sent with POST", {"Allow": "POST"})
    kind: Literal["query", "update"] = "query" if queries else "update"
    text = (queries or updates)[0]
    if len(text.encode("utf-8")) > max_bytes:
        if via_get:
            raise ProtocolError(414, f"a query longer than {max_bytes} bytes, the limit of this "
                                     "endpoint, does not fit in a URL; send it with POST "
                                     f"(up to the {max_bytes} byte limit)")
        raise _too_large(max_bytes)
    return _direct(kind, text, params)


def _direct(kind: Literal["query", "update"], text: str, params: Params) -> Operation:
    if not text.strip():
        raise ProtocolError(400, f"the {kind} is empty")
    if kind == "update":
        return Operation(kind, text, _graphs(params, "using-graph-uri"),
                         _graphs(params, "using-named-graph-uri"))
    return Operation(kind, text, _graphs(params, "default-graph-uri"),
                     _graphs(params, "named-graph-uri"))


def _graphs(params: Params, name: str) -> tuple[str, ...]:
    iris = tuple(params.get(name, []))
    for iri in iris:
        if not iri or any(c in iri for c in ' <>"{}|^`\\') or ":" not in iri:
            raise ProtocolError(400, f"{name} {iri!r} is not an absolute IRI")
    return iris

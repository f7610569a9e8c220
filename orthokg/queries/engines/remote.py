"""A query engine that asks a SPARQL 1.1 endpoint over HTTP (Virtuoso, GraphDB, Fuseki,
Oxigraph server, ...).

Every request is a POST with a form-encoded body: no URL length limit however large
the bound ``VALUES`` block gets, no cache serving yesterday's answer, and the one form
all four stores above accept. Answers come back as SPARQL JSON (SELECT, ASK) or as an
RDF document (CONSTRUCT, DESCRIBE) and are turned into rdflib terms, so rows compare
with ``==`` against the in-process engines. Parameters are bound with
:func:`bound_text`: each value is one term written by a strict serialiser, never text.

Errors say which endpoint failed and why in one line: a query the endpoint rejects
(HTTP 400) is a :class:`QueryError`; anything else (refused, timed out, 401, 404, 5xx,
an answer that is not what was asked for) is a :class:`StoreError`.
"""

from __future__ import annotations

import ast
import json
import math
import re
import socket
import urllib.error
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from orthokg.errors import QueryError, StoreError
from orthokg.queries.engines.base import DEFAULT_PREFIXES, Params, QueryResult, canonical
from orthokg.queries.engines.substitute import substitute
from orthokg.queries.engines.values import bind_values, query_form

HttpAuth = TypingLiteral["basic", "digest"]

RESULTS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = ("application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, "
                "application/ld+json;q=0.3")
# Media type of a CONSTRUCT/DESCRIBE answer -> rdflib parser name.
GRAPH_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/ntriples": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
# SPARQLWrapper raises one class per HTTP status it knows; the status is what we report.
_WRAPPER_STATUS = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                   "URITooLong": 414, "EndPointInternalError": 500}


@dataclass(frozen=True, slots=True)
class Credentials:
    """Who to be at the endpoint; ``auth`` is "digest" for Virtuoso's ``*-auth`` URLs."""

    user: str
    password: str
    auth: HttpAuth = "basic"


def rdflib_term(binding: Mapping[str, str]) -> Identifier:
    """One value of a SPARQL JSON result as an rdflib term.

    ``typed-literal`` is what older Virtuoso versions write. Literals go through
    :func:`~orthokg.queries.engines.base.canonical`, as in the other engines, so a store
    that keeps ``6.0`` and one that writes ``6`` give equal rows.

    >>> rdflib_term({"type": "literal", "value": "6.0",
    ...              "datatype": "http://www.w3.org/2001/XMLSchema#decimal"})
    rdflib.term.Literal('6', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    lang = binding.get("xml:lang")
    if lang:
        return Literal(value, lang=lang)
    datatype = binding.get("datatype")
    if datatype:
        return canonical(Literal(value, datatype=URIRef(datatype)))
    return Literal(value)


def result_from_json(document: Mapping[str, Any]) -> QueryResult:
    """A :class:`QueryResult` from a parsed SPARQL 1.1 JSON results document."""
    if "boolean" in document:
        return QueryResult(kind="ask", boolean=bool(document["boolean"]))
    variables = list(document["head"]["vars"])
    rows = [
        tuple(rdflib_term(row[var]) if var in row else None for var in variables)
        for row in document["results"]["bindings"]
    ]
    return QueryResult(kind="select", variables=variables, rows=rows)


def bound_text(sparql: str, params: Params | None) -> str:
    """``sparql`` with ``params`` written in place of their variables (SEP-0007, see
    :mod:`~orthokg.queries.engines.substitute`), so the store plans from constants and a
    transitive path inside a sub-query starts at one (Virtuoso needs a bound end); a
    query that cannot be rewritten so gets them in a ``VALUES`` block.

    >>> print(bound_text("SELECT ?c WHERE { ?p okg:treats ?c }",
    ...                  {"p": URIRef("https://w3id.org/orthokg/id/x")}))
    SELECT ?c WHERE { <https://w3id.org/orthokg/id/x> okg:treats ?c }
    """
    if not params:
        return sparql
    substituted = substitute(sparql, params)
    return substituted if substituted is not None else bind_values(sparql, params)


def with_default_prefixes(sparql: str) -> str:
    """``sparql`` with the ``DEFAULT_PREFIXES`` declared first, as the local engines know
    them without ``PREFIX`` lines; the query's own declarations come later and win.
    They take one line, so an endpoint's "error at line N" is line N-1 of the query.

    >>> with_default_prefixes("ASK {}").split(" PREFIX ")[0]
    'PREFIX okg: <https://w3id.org/orthokg/ontology#>'
    >>> with_default_prefixes("ASK {}").splitlines()[1]
    'ASK {}'
    """
    declared = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in DEFAULT_PREFIXES.items())
    return f"{declared}\n{sparql}"


def first_line(body: bytes) -> str:
    """The store's message in one line, short enough for a one-line error. An HTML error
    page (Virtuoso's) gives its text without the markup, after the headings.

    >>> first_line(b"<html><h1>HTTP/1.1 500 Request Failed</h1><xmp>No default graph</xmp>")
    'No default graph'
    """
    text = body.decode("utf-8", "replace").strip()
    if text.lstrip().startswith(("<!DOCTYPE", "<html", "<HTML")):
        text = re.sub(r"<(title|h1|h2|h3)[^>]*>.*?</\1>", " ", text, flags=re.S | re.I)
        text = "\n".join(line.strip() for line in re.sub(r"<[^>]+>", "\n", text).splitlines()
                         if line.strip())
    line = text.splitlines()[0] if text else "(no message)"
    return line if len(line) <= 200 else line[:197] + "..."


def _wrapper_body(exc: SPARQLWrapperException) -> bytes:
    """The server's message, which SPARQLWrapper keeps only as a repr in its text."""
    _, _, tail = str(exc).partition("Response:\n")
    try:
        body = ast.literal_eval(tail) if tail else b""
    except (ValueError, SyntaxError):
        return tail.encode()
    return body if isinstance(body, bytes) else str(body).encode()


def transport_error(endpoint: str, exc: BaseException, timeout: float) -> StoreError:
    """A refused connection, an unknown host or a timeout as one line naming ``endpoint``."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError | socket.timeout):
        return StoreError(f"{endpoint}: no answer within {timeout:g} s")
    return StoreError(f"{endpoint}: cannot connect: {reason}")


def http_error(endpoint: str, status: int | None, body: bytes) -> QueryError | StoreError:
    """An HTTP error answer: 400 means the endpoint rejected the SPARQL we sent."""
    where = f"{endpoint}: HTTP {status}" if status else endpoint
    if status == 400:
        return QueryError(f"{where}: rejected: {first_line(body)}")
    if status in (401, 403):
        return StoreError(f"{where}: not authorised (check user, password and auth method)")
    return StoreError(f"{where}: {first_line(body)}")


def sparql_client(endpoint: str, timeout: float, credentials: Credentials | None,
                  *, graph_answer: bool = False) -> SPARQLWrapper:
    """A SPARQLWrapper set up the one way OrthoKG uses it: POST, content negotiation only.

    ``timeout`` is rounded up to whole seconds, which is what SPARQLWrapper takes.
    """
    client = SPARQLWrapper(endpoint, returnFormat=TURTLE if graph_answer else JSON)
    client.setMethod(POST)
    client.setOnlyConneg(True)
    client.setTimeout(max(1, math.ceil(timeout)))
    client.addCustomHttpHeader("Accept", GRAPH_ACCEPT if graph_answer else RESULTS_ACCEPT)
    if credentials is not None:
        client.setHTTPAuth(credentials.auth.upper())
        client.setCredentials(credentials.user, credentials.password)
    return client


def send(client: SPARQLWrapper, timeout: float) -> tuple[bytes, str]:
    """Send the client's request; return the body and its media type, or raise ours."""
    endpoint = client.endpoint
    try:
        response = client.query().response
        body = response.read()
        content_type = response.headers.get("Content-Type", "")
    except SPARQLWrapperException as exc:
        raise http_error(endpoint, _WRAPPER_STATUS.get(type(exc).__name__),
                         _wrapper_body(exc)) from exc
    except urllib.error.HTTPError as exc:
        raise http_error(endpoint, exc.code, exc.read()) from exc
    except OSError as exc:  # URLError, refused, reset, timeout
        raise transport_error(endpoint, exc, timeout) from exc
    return body, content_type.split(";")[0].strip().lower()


class RemoteEngine:
    """Runs queries on a SPARQL 1.1 Protocol endpoint, e.g. ``http://host:7878/query``.

    ``timeout`` is in seconds; ``user``/``password`` are sent with HTTP ``auth``
    ("basic", or "digest" for Virtuoso's ``/sparql-auth``).
    """

    name = "remote"

    def __init__(self, endpoint_url: str, *, timeout: float, user: str | None = None,
                 password: str | None = None, auth: HttpAuth = "basic") -> None:
        if not endpoint_url.startswith(("http://", "https://")):
            raise StoreError(f"{endpoint_url}: not an http(s) SPARQL endpoint URL")
        self.endpoint_url = endpoint_url
        self.timeout = timeout
        if user is not None and password is None:
            raise StoreError(f"{endpoint_url}: --user {user} needs a password: set "
                             "ORTHOKG_PASSWORD or give --password")
        self._credentials = (Credentials(user, password, auth)
                             if user is not None and password is not None else None)

    def run(self, sparql: str, params: Params | None = None) -> QueryResult:
        """Send ``sparql`` with ``params`` written in (:func:`bound_text`); parse the answer."""
        graph_answer = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        client = sparql_client(self.endpoint_url, self.timeout, self._credentials,
                               graph_answer=graph_answer)
        client.setQuery(with_default_prefixes(bound_text(sparql, params)))
        body, content_type = send(client, self.timeout)
        if graph_answer:
            return QueryResult(kind="graph", graph=self._parse_graph(body, content_type))
        try:
            return result_from_json(json.loads(body))
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{self.endpoint_url}: answer is not SPARQL JSON results "
                             f"({content_type or 'no content type'}): {exc}") from exc

    def _parse_graph(self, body: bytes, content_type: str) -> Graph:
        fmt = GRAPH_FORMATS.get(content_type)
        if fmt is None:
            raise StoreError(f"{self.endpoint_url}: answer to CONSTRUCT/DESCRIBE has "
                             f"unexpected type {content_type or '(none)'}")
        parsed = Graph()
        try:
            parsed.parse(data=body, format=fmt)
        except Exception as exc:  # rdflib parsers raise many unrelated types
            raise StoreError(f"{self.endpoint_url}: cannot parse {content_type} answer: "
                             f"{exc}") from exc
        graph = Graph()
        for s, p, o in parsed:
            graph.add((s, p, canonical(o)))
        return graph

    def close(self) -> None:
        """Nothing to release: each request opens and closes its own connection."""

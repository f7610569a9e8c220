"""One Graph Store Protocol request, sent so that a store's refusal is always read.

``urllib`` sends the whole body before it reads anything. A store that refuses early
(Virtuoso answers 401 to a digest-protected ``PUT``, or 500 to one it cannot take)
closes the connection while a large body is still being written, and the user saw
"Broken pipe" instead of the store's answer. Here:

* with digest authentication, a request without a body is sent first to get the
  challenge, and the real request carries its ``Authorization`` from the start, so
  a multi-megabyte graph is never sent to be refused;
* if the store closes the connection while the body is being written, its response
  is still read, and the error names the HTTP status and the store's message.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import urllib.parse
import urllib.request
from dataclasses import dataclass

from orthokg.errors import StoreError

__all__ = ["Reply", "send_graph"]


@dataclass(frozen=True, slots=True)
class Reply:
    """The store's answer: status and body."""

    status: int
    body: bytes


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    parts = urllib.parse.urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    if not parts.hostname:
        raise StoreError(f"{url}: no host in the URL")
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    return cls(parts.hostname, parts.port, timeout=timeout), target


def _exchange(url: str, method: str, body: bytes, headers: dict[str, str],
              timeout: float) -> Reply:
    """Send one request and read the reply, even one sent while the body was refused."""
    connection, target = _connection(url, timeout)
    try:
        # If the store stops reading the body, its response (read next) says why.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.read())
    finally:
        connection.close()


def _digest(url: str, method: str, body: bytes, user: str, password: str,
            timeout: float) -> str | None:
    """The ``Authorization`` header for ``method url``, from a bodiless probe's challenge."""
    connection, target = _connection(url, timeout)
    try:
        connection.request(method, target, body=b"", headers={"Content-Length": "0"})
        response = connection.getresponse()
        response.read()
        challenge = response.getheader("WWW-Authenticate") or ""
    finally:
        connection.close()
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() != "digest":
        return None
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, user, password)
    handler = urllib.request.HTTPDigestAuthHandler(manager)
    request = urllib.request.Request(url, data=body, method=method)
    answer = handler.get_authorization(request, fields)
    return f"Digest {answer}" if answer else None


def send_graph(url: str, method: str, body: bytes, *, timeout: float,
               user: str | None = None, password: str | None = None,
               auth: str = "basic") -> Reply:
    """``method`` (PUT or POST) ``body`` as Turtle to ``url``; raises ``OSError`` when
    the store cannot be reached."""
    headers = {"Content-Type": "text/turtle; charset=utf-8",
               "Content-Length": str(len(body))}
    if user is not None and password is not None:
        if auth == "digest":
            authorization = _digest(url, method, body, user, password, timeout)
            if authorization:
                headers["Authorization"] = authorization
        else:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
    return _exchange(url, method, body, headers, timeout)

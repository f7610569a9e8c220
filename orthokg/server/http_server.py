"""The HTTP layer under the app: uvicorn with limits on connections, not only requests.

uvicorn (h11) waits for a request's headers forever, lets one address open any number
of connections and logs every malformed request: 300 half-open connections lock every
client out and write megabytes of log. :class:`GuardedH11Protocol` adds

- a **header deadline**: the request line and headers must arrive within
  ``header_timeout_s`` of the connection opening (or of the previous response); else
  the connection is closed;
- a **connection cap** per client address and in total; connections over it are
  closed at once, so one address cannot use up the server;
- a **head size limit**: a request line or header block larger than
  ``max_head_bytes`` gets 414 (request line) or 431 (headers) and the rest of what the
  client sends is read and dropped before closing, so it sees the answer rather than a
  reset;
- **rate-limited logs**: each kind of dropped connection is logged at most once per
  interval, with a count.

:class:`OrthoKGServer` stops running queries as soon as a shutdown signal arrives
(their clients get 503), so SIGINT and SIGTERM end the server promptly.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass
from types import FrameType
from typing import Any, ClassVar

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from orthokg.server.app import OrthoKGApp
from orthokg.server.config import ServerConfig

log = logging.getLogger("orthokg.server")

HEAD_SLACK_BYTES = 16 * 1024
"""Room for the request line's method, path and the headers beside a query as long
as the body limit (a GET carries its query in the URL)."""
LINGER_S = 2.0
"""How long a refused request may go on sending before the connection is closed."""


class RepeatFilter(logging.Filter):
    """Lets each distinct warning of a logger through at most once per interval (a
    flood of malformed requests would otherwise write one line each)."""

    def __init__(self, interval_s: float = 10.0) -> None:
        super().__init__()
        self._interval = interval_s
        self._last: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        now = time.monotonic()
        key = str(record.msg)
        if now - self._last.get(key, -self._interval) < self._interval:
            return False
        self._last[key] = now
        return True


class RateLimitedLog:
    """At most one line per ``interval_s`` for each kind of event, with how many there
    were since the last line.

    >>> limited = RateLimitedLog(logging.getLogger("doctest"), interval_s=60)
    >>> [limited.note("headers too slow") for _ in range(3)]
    [True, False, False]
    """

    def __init__(self, logger: logging.Logger, interval_s: float = 10.0) -> None:
        self._logger = logger
        self._interval = interval_s
        self._last: dict[str, float] = {}
        self._pending: Counter[str] = Counter()

    def note(self, event: str) -> bool:
        """Count ``event``; log it if its interval has passed. True when logged."""
        now = time.monotonic()
        self._pending[event] += 1
        if now - self._last.get(event, -self._interval) < self._interval:
            return False
        count, self._pending[event] = self._pending[event], 0
        self._last[event] = now
        self._logger.warning("%s (%d in the last %g s)", event, count, self._interval)
        return True


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """The limits of :class:`GuardedH11Protocol` (one set per server)."""

    header_timeout_s: float = 10.0
    max_connections: int = 512
    max_per_client: int = 32
    max_head_bytes: int = 1024 * 1024 + HEAD_SLACK_BYTES

    @classmethod
    def of(cls, config: ServerConfig) -> ConnectionLimits:
        """The limits ``config`` asks for."""
        return cls(header_timeout_s=config.header_timeout_s,
                   max_connections=config.max_connections,
                   max_per_client=config.max_connections_per_client,
                   max_head_bytes=config.max_body_bytes + HEAD_SLACK_BYTES)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the limits of :class:`ConnectionLimits`."""

    limits: ClassVar[ConnectionLimits] = ConnectionLimits()
    dropped: ClassVar[RateLimitedLog] = RateLimitedLog(log)
    per_client: ClassVar[Counter[str]] = Counter()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._address = ""
        self._counted = False
        self._lingering = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._address = self.client[0] if self.client else ""
        if len(self.connections) > self.limits.max_connections:
            self.dropped.note("connection refused: the server's connection limit is reached")
            self._answer_and_close(503, "Service Unavailable", "too many open connections to "
                                   "this server; try again shortly")
            return
        if self.per_client[self._address] >= self.limits.max_per_client:
            self.dropped.note(f"connection refused: {self._address} has "
                              f"{self.limits.max_per_client} open connections")
            self._answer_and_close(503, "Service Unavailable", "this address has "
                                   f"{self.limits.max_per_client} connections open, the limit "
                                   "of this server; reuse them or try again shortly")
            return
        self.per_client[self._address] += 1
        self._counted = True
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        if self._counted:
            self._counted = False
            self.per_client[self._address] -= 1
            if self.per_client[self._address] <= 0:
                del self.per_client[self._address]
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # reading what the client still sends after a 414/431, to drop it
        if self.conn.their_state is h11.IDLE:
            buffered = len(self.conn.trailing_data[0]) + len(data)
            if buffered > self.limits.max_head_bytes:  # rare: look at what the head is
                received = self.conn.trailing_data[0] + data
                head_end = received.find(b"\r\n\r\n", 0, self.limits.max_head_bytes + 4)
                if head_end < 0:  # no end of headers within the limit (a body may follow)
                    line_end = received.find(b"\n", 0, self.limits.max_head_bytes + 1)
                    self._refuse_head(414 if line_end < 0 else 431)
                    return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_deadline()  # the next request's headers have the same limit

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_deadline = self.loop.call_later(self.limits.header_timeout_s,
                                                     self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            started = bool(self.conn.trailing_data[0])
            self._drop(f"connection closed: {'request headers' if started else 'no request'} "
                       f"within {self.limits.header_timeout_s:g} s")

    def _drop(self, why: str) -> None:
        self.dropped.note(why)
        self.transport.close()

    def _refuse_head(self, status: int) -> None:
        what = "request line" if status == 414 else "request headers"
        reason = "URI Too Long" if status == 414 else "Request Header Fields Too Large"
        self.dropped.note(f"{status} {reason}: {what} over the limit")
        self._answer_and_close(status, reason, f"{what} longer than "
                               f"{self.limits.max_head_bytes} bytes, the limit of this "
                               "endpoint; send long queries with POST")

    def _answer_and_close(self, status: int, reason: str, message: str) -> None:
        """Answer without reading the request, then read and drop whatever the client
        still sends for a moment before closing: closing with unread data would reset
        the connection and the client might never see the answer."""
        body = (message + "\n").encode("ascii")
        self._disarm_header_deadline()
        self._lingering = True
        retry = "Retry-After: 2\r\n" if status == 503 else ""
        self.transport.write(
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n{retry}Connection: close\r\n\r\n"
            .encode("ascii") + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_S, self.transport.close)


class OrthoKGServer(uvicorn.Server):
    """uvicorn's server; a shutdown signal first stops the running queries."""

    def __init__(self, app: OrthoKGApp, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.orthokg_app = app

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        state = self.orthokg_app.state.orthokg
        if state.loop is not None:
            state.loop.call_soon_threadsafe(state.pool.stop_running)
        super().handle_exit(sig, frame)


def create_server(app: OrthoKGApp, config: ServerConfig, log_level: str = "info"
                  ) -> OrthoKGServer:
    """The server that runs ``app`` as ``config`` says (listen with ``server.run()``)."""
    limits = ConnectionLimits.of(config)
    protocol = type("ConfiguredH11Protocol", (GuardedH11Protocol,),
                    {"limits": limits, "per_client": Counter()})
    server = OrthoKGServer(app, uvicorn.Config(
        app, host=config.host, port=config.port, log_level=log_level, http=protocol,
        proxy_headers=False, server_header=False, timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=limits.max_head_bytes + HEAD_SLACK_BYTES))
    uvicorn_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, RepeatFilter) for f in uvicorn_log.filters):
        uvicorn_log.addFilter(RepeatFilter())
    return server

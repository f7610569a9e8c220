"""A real OrthoKG server on 127.0.0.1 for the endpoint tests.

uvicorn runs the app in a background thread on a socket the OS bound to a free
loopback port (no race for the port); the app's lifespan starts real worker processes.
Every wait is bounded, and the server is always told to exit and joined.
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from orthokg.server.app import OrthoKGApp, create_app
from orthokg.server.config import ServerConfig
from orthokg.server.http_server import create_server

START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


@dataclass(frozen=True, slots=True)
class LiveServer:
    """Where a running server answers, and how it was configured."""

    base: str
    config: ServerConfig
    app: OrthoKGApp

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the server's query workers."""
        return self.app.state.orthokg.pool.pids

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def free_port() -> int:
    """A TCP port nobody listens on right now (for servers started as a process)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def until(condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    """Wait for a state the server reports, bounded so that a failure is an assertion
    naming ``what`` rather than a hang."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never reached: {what}"
        time.sleep(0.02)


def wait_healthy(base: str, timeout: float = START_TIMEOUT, workers: int = 1) -> dict:
    """Poll /health until at least ``workers`` workers are up; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(f"{base}/health", timeout=2.0)
            last = answer.text
            if answer.status_code == 200 and answer.json()["workers"] >= workers:
                return answer.json()
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.1)
    raise AssertionError(f"server at {base} not healthy after {timeout:g} s: {last}")


@contextmanager
def running(config: ServerConfig) -> Iterator[LiveServer]:
    """Serve ``config`` until the block ends (on a free port, which the configuration is
    told, so the URLs the server builds name the port it really listens on)."""
    sock = _bound_socket()
    port = sock.getsockname()[1]
    config = dataclasses.replace(config, port=port)
    app = create_app(config)
    server = create_server(app, config, log_level="warning")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, f"server did not start: {app.state.orthokg.startup_error}"
        wait_healthy(base, workers=config.pool_size)
        yield LiveServer(base, config, app)
    finally:
        server.should_exit = True
        thread.join(STOP_TIMEOUT)
        sock.close()
        assert not thread.is_alive(), "server thread did not stop"

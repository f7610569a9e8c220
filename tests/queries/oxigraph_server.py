"""A real Oxigraph server on 127.0.0.1 for the remote-engine and push tests.

``oxigraph serve`` (the ``oxigraph`` PyPI package puts the binary next to the Python of
the venv) runs on a free loopback port over a store in a temporary directory, with
``--union-default-graph`` so queries see every named graph, as the local store does.
Every wait is bounded; the process is always stopped, killed if it does not stop.
``basic_auth_proxy`` puts a password-checking loopback front before it, so credentials
are tested against a real HTTP exchange too.
"""

from __future__ import annotations

import base64
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class OxigraphServer:
    """Base URL of a running server and its endpoints."""

    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary of this venv (or on PATH); skip when absent."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    return found


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def running_oxigraph(location: Path) -> Iterator[OxigraphServer]:
    """Serve a store at ``location``; a port lost to a race is retried twice."""
    binary = oxigraph_binary()
    log = location.with_name(location.name + ".log")
    for _attempt in range(3):
        port = free_port()
        with log.open("wb") as sink:  # a file, not a pipe nobody drains
            process = subprocess.Popen(
                [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                 "--union-default-graph"],
                stdout=sink, stderr=subprocess.STDOUT)
        try:
            if _wait_listening(process, port):
                yield OxigraphServer(f"http://127.0.0.1:{port}")
                return
        finally:
            _stop(process)
    output = log.read_text(errors="replace")[-500:]
    pytest.fail(f"oxigraph serve did not start within {START_TIMEOUT} s: {output}")


class _BasicAuthProxy(http.server.BaseHTTPRequestHandler):
    """Forwards requests carrying the right Basic credentials; 401 for the rest."""

    upstream = ""
    expected = ""

    def _forward(self) -> None:
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        request = urllib.request.Request(self.upstream + self.path, data=body,
                                         method=self.command)
        for name in ("Content-Type", "Accept"):
            if self.headers.get(name):
                request.add_header(name, self.headers[name])
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, headers, payload = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, payload = error.code, error.headers, error.read()
        self.send_response(status)
        self.send_header("Content-Type", headers.get("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _forward

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@contextmanager
def basic_auth_proxy(upstream: str, user: str, password: str) -> Iterator[str]:
    """A loopback HTTP front for ``upstream`` that demands HTTP Basic credentials, as a
    Fuseki or GraphDB with security on does; yields its base URL."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    handler = type("Handler", (_BasicAuthProxy,),
                   {"upstream": upstream, "expected": f"Basic {token}"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=STOP_TIMEOUT)

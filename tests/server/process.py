"""``orthokg serve`` as a user runs it: a real process on a free loopback port.

Its log goes to a file (a pipe nobody reads could fill and stall the server); every
wait is bounded and the process is always stopped, killed if it must be.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.server.conftest import KG_FILES
from tests.server.live import free_port

STOP_TIMEOUT = 15.0


@dataclass(frozen=True, slots=True)
class ServeProcess:
    """A running ``orthokg serve``: where it answers, the process and its log file."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def command(*args: str) -> list[str]:
    """The command line of ``orthokg serve ARGS`` with this interpreter."""
    return [sys.executable, "-m", "orthokg.cli.app", "serve", *args]


def kg_args() -> list[str]:
    """``--kg`` for each fixture file (TBox and the small fixture graph)."""
    return [arg for path in KG_FILES for arg in ("--kg", str(path))]


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it does not end in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


@contextmanager
def serving(*args: str, log_dir: Path, env: dict[str, str] | None = None,
            data: list[str] | None = None) -> Iterator[ServeProcess]:
    """Run ``orthokg serve`` over ``data`` (default: the fixture files) with ``args``."""
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command(*(data if data is not None else kg_args()), "--port", str(port),
                    "--log-level", "warning", *args),
            env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=sink)
    try:
        yield ServeProcess(f"http://127.0.0.1:{port}", process, log)
    finally:
        stop(process)

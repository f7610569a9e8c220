"""``orthokg serve`` as a user runs it: a real process, its workers, its errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest

from tests.server.conftest import KG_FILES, TOKEN
from tests.server.live import free_port, wait_healthy
from tests.server.process import STOP_TIMEOUT, stop


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "orthokg.cli.app", "serve", *args]


def _kg_args() -> list[str]:
    return [arg for path in KG_FILES for arg in ("--kg", str(path))]


@contextmanager
def _serving(*args: str, env: dict[str, str] | None = None
             ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    process = subprocess.Popen(_command(*_kg_args(), "--port", str(port), "--log-level",
                                        "warning", *args),
                               env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop(process)


def _workers(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    return psutil.Process(process.pid).children(recursive=True)


def _gone(processes: list[psutil.Process], timeout: float) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return not alive


def test_serve_answers_and_stops_cleanly_with_its_workers() -> None:
    with _serving("--workers", "2") as (base, process):
        wait_healthy(base, workers=2)
        answer = httpx.get(f"{base}/sparql", params={"query": "ASK { okgr:tibia ?p ?o }"},
                           timeout=10)
        assert answer.json()["boolean"] is True
        workers = _workers(process)
        assert len(workers) == 2
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught
        assert process.wait(STOP_TIMEOUT) in (0, -signal.SIGTERM)
        assert _gone(workers, 5.0)


def test_workers_end_when_the_server_is_killed() -> None:
    with _serving() as (base, process):
        wait_healthy(base, workers=2)
        workers = _workers(process)
        process.kill()
        process.wait(STOP_TIMEOUT)
        assert _gone(workers, 5.0), "orphaned query workers"


def test_token_from_the_environment() -> None:
    with _serving("--allow-update", env={"ORTHOKG_UPDATE_TOKEN": TOKEN}) as (base, _):
        wait_healthy(base, workers=1)
        answer = httpx.post(f"{base}/sparql", timeout=10,
                            data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
                            headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 204


@pytest.mark.parametrize(("args", "message"), [
    (["--kg", "no-such-file.ttl"], "no-such-file.ttl: no such RDF file"),
    (["--store", "no-such-dir"], "no-such-dir: no Oxigraph store directory"),
    ([], "give --store DIR or --kg FILE"),
    (["--kg", str(KG_FILES[1]), "--allow-update"], "--allow-update needs --token"),
    (["--kg", str(KG_FILES[1]), "--host", "0.0.0.0"], "add --allow-remote"),
    (["--kg", str(KG_FILES[1]), "--base-url", "kg.example.org"], "--base-url 'kg.example.org'"),
])
def test_bad_options_are_one_line(args: list[str], message: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ORTHOKG_UPDATE_TOKEN"}
    done = subprocess.run(_command(*args), capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 7, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_unreadable_data_stops_start_up_with_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    done = subprocess.run(_command("--kg", str(broken), "--port", str(free_port())),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 7
    assert "broken.ttl" in done.stderr.splitlines()[-1]
    assert "Traceback" not in done.stderr

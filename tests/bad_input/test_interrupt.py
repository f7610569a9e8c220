"""Ctrl-C stops a runaway ``orthokg query`` at once, with the process doing the work.

A real ``.venv/bin/orthokg`` process: the signal has to reach it as a terminal sends it.
The query would run for hours; the test's own timeout only guards against a hang.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from tests.bad_input.conftest import Previous
from tests.bad_input.test_commands import RUNAWAY

ORTHOKG = Path(sys.executable).with_name("orthokg")


def _worker_of(process: subprocess.Popen[str]) -> psutil.Process:
    """The child evaluating the query, once it exists."""
    parent = psutil.Process(process.pid)
    while True:
        children = parent.children()
        if children:
            return children[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)


def _as_from_a_terminal() -> None:
    """Ctrl-C's default action, as a terminal's foreground command has it: a test run
    started in the background of a shell without job control inherits SIGINT ignored,
    and Python then installs no KeyboardInterrupt handler at all."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_a_runaway_query_and_its_worker(previous: Previous) -> None:
    process = subprocess.Popen([str(ORTHOKG), "query", RUNAWAY, "--kg", str(previous.kg),
                                "--timeout", "0"], stderr=subprocess.PIPE, text=True,
                               preexec_fn=_as_from_a_terminal)
    worker = _worker_of(process)
    time.sleep(0.5)  # let it get into the evaluation
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err.strip() == "interrupted"
    assert not worker.is_running() or worker.status() == psutil.STATUS_ZOMBIE
    assert previous.unchanged()


def _gone(process: psutil.Process) -> bool:
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_killed_orthokg_takes_its_query_worker_with_it(previous: Previous) -> None:
    """Killed outright, ``orthokg`` cannot stop the group it started; the worker of a
    runaway query must not go on for hours without it."""
    process = subprocess.Popen([str(ORTHOKG), "query", RUNAWAY, "--kg", str(previous.kg),
                                "--timeout", "0"], stderr=subprocess.PIPE, text=True,
                               preexec_fn=_as_from_a_terminal)
    worker = _worker_of(process)
    time.sleep(0.5)  # let it get into the evaluation
    process.kill()
    process.communicate(timeout=30)
    deadline = time.monotonic() + 20
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(worker), "the query worker outlived its killed parent"
    assert previous.unchanged()

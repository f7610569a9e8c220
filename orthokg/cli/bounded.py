"""Run a piece of work in a child process that a time limit or Ctrl-C can stop.

A SPARQL query over a local graph runs inside Oxigraph (Rust) or rdflib's evaluator,
neither of which can be interrupted from Python: a cartesian product keeps its thread
busy for hours, and Ctrl-C is only seen when it returns. So ``orthokg query`` opens the
graph and evaluates in a forked child of its own process group, waits for the answer
with a deadline, and on timeout or Ctrl-C kills the whole group (including a Java
reasoner the child may have started). The child sends back either the result or the
error's exit code and one-line message; anything else it raises becomes one line too.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from orthokg.errors import OrthoKGError

__all__ = ["Stopped", "WorkFailed", "run_bounded"]

T = TypeVar("T")
#: prctl(2) option: the signal this process gets when its parent dies.
PR_SET_PDEATHSIG = 1


class Stopped(OrthoKGError):
    """The work did not finish within its time limit and was stopped."""

    exit_code = 4


class WorkFailed(OrthoKGError):
    """The work raised an error in the child; carries that error's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _die_with(parent: int) -> None:
    """Linux: the kernel kills this child when the process that forked it dies, so a
    runaway query never outlives an ``orthokg`` killed outright (SIGKILL, a crash), which
    has no chance to stop the group it started. Elsewhere nothing is done."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _child(work: Callable[[], Any], conn: Connection, parent: int) -> None:
    os.setpgid(0, 0)  # a group of its own: the parent stops it and all it started
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    try:
        conn.send(("ok", work()))
    except OrthoKGError as exc:
        conn.send(("error", exc.exit_code, str(exc)))
    except Exception as exc:  # a bug: still one line, named by its type
        conn.send(("error", 1, f"{type(exc).__name__}: {' '.join(str(exc).split())}"))
    finally:
        conn.close()


def _kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            continue


def run_bounded(work: Callable[[], T], timeout: float | None, what: str) -> T:
    """``work()``, run in a forked child; raise :class:`Stopped` naming ``what`` when it
    takes longer than ``timeout`` seconds (``None`` or 0: no limit).

    >>> run_bounded(lambda: 6 * 7, 10, "sum")
    42
    >>> import time
    >>> run_bounded(lambda: time.sleep(30), 0.5, "nap")
    Traceback (most recent call last):
    ...
    orthokg.cli.bounded.Stopped: nap: stopped after 0.5 s (the --timeout); no answer
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(work, sender, os.getpid()), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout or None):
            raise Stopped(f"{what}: stopped after {timeout:g} s (the --timeout); no answer")
        message = receiver.recv()
    except EOFError:
        raise WorkFailed(f"{what}: the query process died (exit code "
                         f"{process.exitcode}); see the messages above", 1) from None
    finally:
        if process.is_alive() and process.pid:
            _kill_group(process.pid)
        process.join()
        receiver.close()
    if message[0] == "error":
        raise WorkFailed(message[2], message[1])
    result: T = message[1]
    return result

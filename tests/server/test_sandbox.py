"""The second line against SSRF: a worker's process cannot open network sockets.

Checked without the first line (the parse-tree policy): a child process installs the
filter and asks pyoxigraph itself to follow SERVICE to a listener on loopback. With the
filter nothing connects and the query fails with EACCES; without it (the control) the
listener is reached.
"""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from tests.server.test_hostile_serve import Victim

CHILD = """
import os, sys, threading
import pyoxigraph as ox
from orthokg.server.sandbox import deny_network
if sys.argv[2] == "deny":
    assert deny_network(), "filter not installed"
def ask():
    try:
        list(ox.Store().query("SELECT * { SERVICE <%s> { ?s ?p ?o } }" % sys.argv[1]))
        print("answered", flush=True)
    except OSError as exc:
        print("refused:", exc, flush=True)
    os._exit(0)
threading.Thread(target=ask, daemon=True).start()
threading.Event().wait(3)
print("still waiting", flush=True)
os._exit(0)
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.machine() not in ("x86_64", "aarch64"),
    reason="the seccomp filter exists for Linux on x86-64 and AArch64 only")


@pytest.mark.parametrize("mode", ["deny", "control"])
def test_sandboxed_worker_cannot_connect(mode: str) -> None:
    victim = Victim()
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, victim.url, mode],
                              capture_output=True, text=True, timeout=60)
        connections = victim.connections(wait=0.5)
    finally:
        victim.close()
    assert done.returncode == 0, done.stderr
    if mode == "deny":
        assert connections == 0
        assert "refused:" in done.stdout and "Permission denied" in done.stdout
    else:
        assert connections >= 1

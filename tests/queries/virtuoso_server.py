"""A real Virtuoso 7.2 (Debian's ``virtuoso-opensource``) on 127.0.0.1 for the tests.

``virtuoso-t`` runs in the foreground on two free loopback ports (SQL and HTTP) with its
own ini file and database in a temporary directory, so it never touches a system
instance. Once it answers on ``/sparql`` a user is created the way README tells users
to (a password, the ``SPARQL_UPDATE`` role, write permission on graphs) through
``isql-vt``. Every wait is bounded; the process is always stopped, killed if it does
not stop. Without the package the tests are skipped locally and fail in CI
(``scripts/install-system-deps.sh`` installs it).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.queries.oxigraph_server import STOP_TIMEOUT, free_port

START_TIMEOUT = 90.0  # a fresh database is created on first start
USER = "orthokg"
# Debian's package installs the HTTP server's files here; /sparql needs nothing else.
VSP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {vsp}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True, slots=True)
class VirtuosoServer:
    """Base URL of a running Virtuoso and the user the tests write as."""

    base: str
    user: str
    password: str

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        """SPARQL Update with digest authentication."""
        return f"{self.base}/sparql-auth"

    @property
    def store(self) -> str:
        """Graph Store Protocol with digest authentication."""
        return f"{self.base}/sparql-graph-crud-auth"


def _binaries() -> tuple[str, str]:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        message = ("Virtuoso is not installed (apt-get install virtuoso-opensource; "
                   "scripts/install-system-deps.sh does it)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return server, isql


def _answering(process: subprocess.Popen[bytes], url: str) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT * 3)  # Virtuoso checkpoints before it exits
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def _create_user(isql: str, sql_port: int, password: str) -> None:
    """The set-up README documents: a user, its password, SPARQL_UPDATE, graph writes."""
    statements = (f"DB.DBA.USER_CREATE('{USER}', '{password}'); "
                  f'GRANT SPARQL_UPDATE TO "{USER}"; '
                  f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 3);")
    done = subprocess.run([isql, str(sql_port), "dba", "dba", f"exec={statements}"],
                          capture_output=True, timeout=60, check=False)
    output = (done.stdout + done.stderr).decode(errors="replace")
    if done.returncode != 0 or "Error" in output:
        pytest.fail(f"isql-vt could not create the test user: {output[-500:]}")


@contextmanager
def running_virtuoso(directory: Path) -> Iterator[VirtuosoServer]:
    """Start Virtuoso with its database in ``directory``; yield its URLs and user."""
    server, isql = _binaries()
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, sql_port=sql_port, http_port=http_port,
                              vsp=VSP_ROOT), encoding="utf-8")
    log = directory / "console.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)],
                                   cwd=directory, stdout=sink, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{http_port}"
        if not _answering(process, f"{base}/sparql"):
            output = log.read_text(errors="replace")[-800:]
            pytest.fail(f"virtuoso-t did not answer within {START_TIMEOUT} s: {output}")
        password = secrets.token_hex(8)
        _create_user(isql, sql_port, password)
        yield VirtuosoServer(base, USER, password)
    finally:
        _stop(process)

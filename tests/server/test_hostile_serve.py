"""Hostile requests against a real ``orthokg serve`` process on loopback.

Every spelling of SERVICE and LOAD is refused and, whatever the answer, nothing
connects to the address it names: a listening socket on loopback stands in for the
victim and must receive no connection (a server started with ``--allow-service`` does
connect to it, which shows the check can fail). Nesting and UNION bombs get 400, a
full waiting line 503 at once, slow headers are dropped without locking anyone out or
flooding the log, the Host header is never echoed, and shutdown signals stop running
queries with a 503, not a traceback.
"""

from __future__ import annotations

import select
import signal
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil
import pytest

from tests.server.conftest import KG_FILES, TOKEN
from tests.server.live import until, wait_healthy
from tests.server.process import ServeProcess, serving

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "SELECT ?l WHERE { okgr:tibia rdfs:label ?l }"
EVIL_HOST = "evil.example"


class Victim:
    """A TCP listener on loopback that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def connections(self, wait: float = 0.3) -> int:
        """Connections made so far (each is accepted and closed at once)."""
        count = 0
        while select.select([self.sock], [], [], wait)[0]:
            conn, _ = self.sock.accept()
            conn.close()
            count += 1
            wait = 0.0
        return count

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def victim() -> Iterator[Victim]:
    found = Victim()
    yield found
    found.close()


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-logs")


@pytest.fixture(scope="module")
def readonly(logs: Path) -> Iterator[ServeProcess]:
    """Defaults, as a user starts it (read-only, no SERVICE)."""
    with serving("--timeout", "20", log_dir=logs) as live:
        wait_healthy(live.base, workers=2)
        yield live


@pytest.fixture(scope="module")
def updating(logs: Path) -> Iterator[ServeProcess]:
    """Updates on with the token, still no SERVICE or LOAD."""
    with serving("--allow-update", "--timeout", "20", log_dir=logs,
                 env={"ORTHOKG_UPDATE_TOKEN": TOKEN}) as live:
        wait_healthy(live.base, workers=1)
        yield live


@pytest.fixture(scope="module")
def tight(logs: Path) -> Iterator[ServeProcess]:
    """One worker, nobody may wait, headers within 1 s."""
    with serving("--workers", "1", "--queue", "0", "--timeout", "12", "--header-timeout", "1",
                 "--base-url", "https://kg.example.org/", log_dir=logs) as live:
        wait_healthy(live.base, workers=1)
        yield live


def _service_forms(url: str) -> list[str]:
    """SERVICE calling ``url`` in every spelling the parser must see through."""
    iri = f"<{url}>"
    escaped_iri = "<" + "".join(f"\\u{ord(c):04X}" for c in url) + ">"
    base, name = url.rsplit("/", 1)
    return [
        f"SELECT * {{ SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"select * {{ service silent {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\U00000053\\U00000045RVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE {escaped_iri} {{ ?s ?p ?o }} }}",
        f'SELECT * {{ BIND("\\u0022" AS ?x) SERVICE {iri} {{ ?s ?p ?o }} }}',
        f'SELECT * {{ BIND("\\u0022" AS ?x) SERVICE {iri} {{ ?s ?p ?o }} BIND("\\u0022" AS ?y) }}',
        f"SELECT * {{ # a comment \\u000A SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE # between\n {iri} {{ ?s ?p ?o }} }}",
        f"PREFIX v: <{base}/> SELECT * {{ SERVICE v:{name} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ {{ OPTIONAL {{ MINUS {{ SERVICE {iri} {{ ?s ?p ?o }} }} }} }} }} }}",
        f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE {iri} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE {iri} {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ VALUES ?e {{ {iri} }} SERVICE ?e {{ ?s ?p ?o }} }}",
    ]


def _load_forms(url: str) -> list[str]:
    base, name = url.rsplit("/", 1)
    return [
        f"LOAD <{url}>",
        f"load silent <{url}> into graph <urn:g>",
        f"\\u004COAD <{url}>",
        f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{url}>",
        f"PREFIX v: <{base}/> LOAD v:{name}",
        f"# a comment first\n LOAD <{url}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


SERVICE_FORMS = len(_service_forms("http://x/y"))
LOAD_FORMS = len(_load_forms("http://x/y"))


@pytest.mark.parametrize("form", range(SERVICE_FORMS))
def test_service_never_connects(form: int, readonly: ServeProcess, victim: Victim) -> None:
    query = _service_forms(victim.url)[form]
    answer = httpx.get(readonly.sparql, params={"query": query}, timeout=30)
    assert victim.connections() == 0, f"the server connected out for: {query}"
    if "u0022" not in query:  # the others hold a real SERVICE: refused as such
        assert answer.status_code == 403, answer.text
        assert "--allow-service" in answer.text
    else:  # read as SPARQL says: the quote opens a string, which the parser rejects or
        assert answer.status_code in (200, 400), answer.text  # which swallows SERVICE


def test_cross_site_form_post_never_connects(readonly: ServeProcess, victim: Victim) -> None:
    """What a web page elsewhere can make a browser send: a plain form POST."""
    answer = httpx.post(readonly.sparql, timeout=30,
                        content="query=" + quote(_service_forms(victim.url)[0]),
                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                 "Origin": "http://evil.example", "Accept": "*/*"})
    assert answer.status_code == 403, answer.text
    assert victim.connections() == 0


@pytest.mark.parametrize("form", range(LOAD_FORMS))
def test_load_never_connects(form: int, updating: ServeProcess, victim: Victim) -> None:
    update = _load_forms(victim.url)[form]
    answer = httpx.post(updating.sparql, data={"update": update}, timeout=30,
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert victim.connections() == 0, f"the server connected out for: {update}"
    assert answer.status_code == 403, answer.text
    assert "--allow-service" in answer.text


def test_allow_service_does_connect(logs: Path, victim: Victim) -> None:
    """The control: the same check sees the connection when SERVICE is allowed."""
    with serving("--allow-service", "--workers", "1", "--timeout", "3", log_dir=logs) as live:
        wait_healthy(live.base, workers=1)
        assert _health(live)["network_denied"] is False
        httpx.get(live.sparql, params={"query": _service_forms(victim.url)[0]}, timeout=30)
        assert victim.connections(wait=2.0) >= 1


@pytest.mark.parametrize(("query", "words"), [
    ("SELECT * WHERE " + "{ " * 2500 + "}" * 2500, "nests brackets 2500 deep"),
    ("SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(10_000)) + " }",
     "tokens"),
    ('SELECT * { BIND("\\UFFFFFFFF" AS ?x) }', "\\UFFFFFFFF at offset 17 is not a Unicode"),
])
def test_bombs_and_bad_escapes_are_400(query: str, words: str, readonly: ServeProcess) -> None:
    answer = httpx.post(readonly.sparql, content=query, timeout=30,
                        headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 400, answer.text
    assert words in answer.text
    assert httpx.get(readonly.sparql, params={"query": QUICK}, timeout=30).status_code == 200


def test_nesting_inside_the_bound_runs(readonly: ServeProcess) -> None:
    """60 nested groups (the bound is 64): parsed, checked and answered."""
    nested = "SELECT * WHERE " + "{ " * 60 + "?s a okg:Bone " + "} " * 60
    answer = httpx.post(readonly.sparql, content=nested, timeout=30,
                        headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["results"]["bindings"]


def _health(live: ServeProcess) -> dict:
    return httpx.get(f"{live.base}/health", timeout=5).json()


def test_full_queue_answers_503_at_once(tight: ServeProcess) -> None:
    """One worker, no waiting line: while it runs a slow query (as /health reports),
    the next request is refused at once with Retry-After, not queued."""
    runner = threading.Thread(target=lambda: httpx.get(
        tight.sparql, params={"query": SLOW}, timeout=60))
    runner.start()
    try:
        until(lambda: _health(tight)["busy"] == 1, "the slow query running")
        answer = httpx.get(tight.sparql, params={"query": QUICK}, timeout=30)
        assert answer.status_code == 503
        assert "busy" in answer.text
        assert answer.headers["retry-after"].isdigit()
        assert _health(tight)["busy"] == 1, "the refusal came after the slow query ended"
    finally:
        runner.join(60)


def test_slow_headers_are_dropped_without_locking_anyone_out(tight: ServeProcess) -> None:
    """300 connections that never finish their headers, from one address: all but 32
    are answered 503 at once (per-address cap), the rest closed at the header deadline;
    other clients are served all along and the log says so in a few lines, not 300."""
    wait_healthy(tight.base, workers=1)
    before = len(tight.log_text().splitlines())
    half_open = []
    for _ in range(300):
        conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        conn.bind(("127.0.0.5", 0))
        conn.settimeout(10)
        try:
            conn.connect(("127.0.0.1", tight.port))
            conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            pass
        half_open.append(conn)
    try:
        assert httpx.get(f"{tight.base}/health", timeout=5).status_code == 200
        closed = refused = 0
        for conn in half_open:
            received = b""
            try:
                while chunk := conn.recv(4096):
                    received += chunk
            except OSError:
                pass  # reset: closed too
            else:
                closed += 1
            refused += received.startswith(b"HTTP/1.1 503")
        assert closed == 300, "a half-open connection was kept past the header deadline"
        assert refused >= 300 - 32, "connections over the per-address cap were not refused"
    finally:
        for conn in half_open:
            conn.close()
    assert httpx.get(f"{tight.base}/health", timeout=5).status_code == 200
    new_lines = tight.log_text().splitlines()[before:]
    assert 1 <= len(new_lines) <= 6, new_lines


@pytest.mark.parametrize("path", ["/", "/sparql", "/void"])
def test_host_header_is_not_reflected(path: str, tight: ServeProcess) -> None:
    answer = httpx.get(f"{tight.base}{path}", timeout=30,
                       headers={"Host": EVIL_HOST, "Accept": "text/turtle, text/html"})
    assert answer.status_code == 200, answer.text[:300]
    assert EVIL_HOST not in answer.text
    assert "https://kg.example.org/" in answer.text


def test_health_does_not_show_where_the_data_lives(tight: ServeProcess) -> None:
    health = _health(tight)
    assert str(KG_FILES[1].parent) not in str(health)
    assert KG_FILES[1].name in health["source"]
    assert health["network_denied"] is True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_shutdown_stops_a_running_query(sig: signal.Signals, logs: Path) -> None:
    """The client of a running query gets 503 (no traceback) and the server and its
    workers end long before the query's 120 s limit."""
    with serving("--workers", "1", "--timeout", "120", log_dir=logs) as live:
        wait_healthy(live.base, workers=1)
        workers = psutil.Process(live.process.pid).children(recursive=True)
        answers: list[httpx.Response] = []
        runner = threading.Thread(target=lambda: answers.append(httpx.get(
            live.sparql, params={"query": SLOW}, timeout=120)))
        runner.start()
        until(lambda: _health(live)["busy"] == 1, "the slow query running")
        live.process.send_signal(sig)
        live.process.wait(30)
        runner.join(30)
        assert [a.status_code for a in answers] == [503]
        assert "shutting down" in answers[0].text
        assert "Traceback" not in answers[0].text + live.log_text()
        _, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive, "a worker outlived the server"

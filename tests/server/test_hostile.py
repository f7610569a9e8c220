"""Bad, oversized, slow and forbidden requests: each refused with a clear status and
message, and the server keeps serving afterwards.

Runs against a server with tight limits (2 s per query, 50 rows, 64 KiB bodies,
2 worker processes) so the slow paths take seconds, not minutes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from orthokg.server.config import ServerConfig, Source
from tests.server.conftest import KG_FILES
from tests.server.live import LiveServer, running, until, wait_healthy

SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
QUICK = "SELECT ?l WHERE { okgr:tibia rdfs:label ?l }"
INSERT = 'INSERT DATA { <urn:x:a> <urn:x:p> "planted" }'
PLANTED = "ASK { <urn:x:a> <urn:x:p> ?o }"


def _get(live: LiveServer, query: str, **headers: str) -> httpx.Response:
    return httpx.get(live.sparql, params={"query": query}, headers=headers, timeout=30)


def _planted(live: LiveServer) -> bool:
    answer = _get(live, PLANTED)
    assert answer.status_code == 200
    return bool(answer.json()["boolean"])


def test_malformed_query_is_400_with_the_parser_message(strict_server: LiveServer) -> None:
    answer = _get(strict_server, "SELECT * WHERE { ?s ?p }")
    assert answer.status_code == 400
    assert "does not parse: error at line 1, column 18, near '?s ?p }'" in answer.text
    assert answer.headers["content-type"].startswith("text/plain")


def test_update_sent_as_query_is_refused_by_the_parser(strict_server: LiveServer) -> None:
    answer = _get(strict_server, INSERT)
    assert answer.status_code == 400
    assert not _planted(strict_server)


@pytest.mark.parametrize("how", ["form", "body"])
def test_update_without_updates_switched_on_is_403(how: str, server: LiveServer) -> None:
    if how == "form":
        answer = httpx.post(server.sparql, data={"update": INSERT}, timeout=10)
    else:
        answer = httpx.post(server.sparql, content=INSERT, timeout=10,
                            headers={"Content-Type": "application/sparql-update",
                                     "Authorization": "Bearer guess"})
    assert answer.status_code == 403
    assert "read-only" in answer.text
    assert not _planted(server)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .service <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment\n SERVICE SILENT ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused(query: str, strict_server: LiveServer) -> None:
    answer = _get(strict_server, query)
    assert answer.status_code == 403
    assert "--allow-service" in answer.text


def test_service_as_a_word_in_data_is_fine(strict_server: LiveServer) -> None:
    answer = _get(strict_server, 'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) }')
    assert answer.status_code == 200


@pytest.mark.parametrize("content_type", ["application/sparql-query",
                                          "application/x-www-form-urlencoded"])
def test_huge_body_is_413(content_type: str, strict_server: LiveServer) -> None:
    filler = "# " + "x" * 100_000 + "\n"
    body = filler + QUICK if content_type.endswith("query") else "query=" + "x" * 100_000
    answer = httpx.post(strict_server.sparql, content=body, timeout=10,
                        headers={"Content-Type": content_type})
    assert answer.status_code == 413
    assert "byte limit" in answer.text


def _raw_get(live: LiveServer, target: str) -> str:
    """The answer to a GET sent over a raw socket (HTTP clients refuse to build such
    URLs themselves); the whole request is sent before reading."""
    port = int(live.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Connection: close\r\n\r\n".encode("ascii"))
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks).decode("latin-1")


@pytest.mark.parametrize("size", [70_000, 100_000, 10_000_000])
def test_huge_query_in_the_url_is_414_not_a_reset(size: int, strict_server: LiveServer) -> None:
    """Under the limit plus room for headers the endpoint reads the query and refuses it;
    far over it the connection layer does; both say 414 and the server keeps serving."""
    head = _raw_get(strict_server, "/sparql?query=%23" + "x" * size + "%0AASK%7B%7D")
    assert head.startswith("HTTP/1.1 414"), head[:200]
    assert "POST" in head
    assert _get(strict_server, QUICK).status_code == 200


def test_body_that_stops_coming_is_408(strict_server: LiveServer) -> None:
    """A client that announces 100 bytes and sends 10 is answered at the body deadline
    instead of holding the connection (and its handler) forever."""
    port = int(strict_server.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        conn.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
                     b"ASK { ?s ")
        answer = conn.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 408"), answer
    assert _get(strict_server, QUICK).status_code == 200


@pytest.mark.parametrize(("query", "unit"), [
    ("SELECT * WHERE { ?s ?p ?o }", "rows"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "triples"),
])
def test_answer_over_the_row_limit_is_413(query: str, unit: str,
                                          strict_server: LiveServer) -> None:
    answer = _get(strict_server, query)
    assert answer.status_code == 413
    assert f"more than 50 {unit}" in answer.text and "LIMIT" in answer.text


def test_answer_at_the_row_limit_is_complete(strict_server: LiveServer) -> None:
    answer = _get(strict_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")
    assert answer.status_code == 200
    assert len(answer.json()["results"]["bindings"]) == 50


def test_slow_query_stops_at_the_time_limit_and_server_keeps_serving(
        strict_server: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        outcome["answer"] = _get(strict_server, SLOW)
        outcome["seconds"] = time.monotonic() - started

    runner = threading.Thread(target=slow)
    runner.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert httpx.get(strict_server.url("/health"), timeout=5).status_code == 200
    with _from("127.0.0.2") as other:  # the same client would wait for its own slow query
        quick = other.get(strict_server.sparql, params={"query": QUICK})
    assert quick.status_code == 200, quick.text
    assert time.monotonic() - started < 1.5, "the server stalled behind a slow query"
    runner.join(20)
    assert not runner.is_alive()
    answer = outcome["answer"]
    assert isinstance(answer, httpx.Response)
    assert answer.status_code == 503
    assert "time limit" in answer.text
    assert 1.9 <= float(str(outcome["seconds"])) < 6.0
    wait_healthy(strict_server.base, timeout=20, workers=2)
    assert _get(strict_server, QUICK).status_code == 200


@contextmanager
def holding_workers(live: LiveServer, count: int, client: str = "") -> Iterator[None]:
    """Hold ``count`` of the server's workers for ``client`` (``""``: the server itself),
    taken through the pool's own admission, until
    the block ends: the workers are busy for exactly as long as the test says, with
    no slow query racing a clock."""
    state = live.app.state.orthokg
    pool, loop = state.pool, state.loop
    held = [asyncio.run_coroutine_threadsafe(pool._acquire(client, 10.0), loop).result(15)
            for _ in range(count)]
    assert all(worker is not None for worker in held)
    try:
        yield
    finally:
        for worker in held:
            loop.call_soon_threadsafe(pool._release, worker, client)


def _health(live: LiveServer) -> dict:
    return httpx.get(live.url("/health"), timeout=5).json()


@pytest.fixture(scope="module")
def queue_server() -> Iterator[LiveServer]:
    """Two workers, room for one waiting request."""
    config = ServerConfig(Source(kg_files=KG_FILES), timeout_s=10.0, workers=2,
                          max_waiting=1)
    with running(config) as live:
        yield live


def test_full_queue_answers_503_at_once_and_the_waiting_request_is_served(
        queue_server: LiveServer) -> None:
    answers: list[httpx.Response] = []
    with holding_workers(queue_server, 2):
        waiting = threading.Thread(target=lambda: answers.append(_get(queue_server, QUICK)))
        waiting.start()
        until(lambda: _health(queue_server)["waiting"] == 1, "one request waiting")
        refused = _get(queue_server, QUICK)
        assert refused.status_code == 503
        assert "busy" in refused.text and "waiting" in refused.text
        assert refused.headers["retry-after"].isdigit()
        assert not answers, "the waiting request was answered while every worker was held"
    waiting.join(20)
    assert [a.status_code for a in answers] == [200]


def _from(address: str) -> httpx.Client:
    """A client whose requests come from another loopback address (another client)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def test_one_client_cannot_hold_every_worker(queue_server: LiveServer) -> None:
    """Two workers: a client holding one must wait for its next request while another
    client is served at once by the worker kept free."""
    outcome: list[httpx.Response] = []
    with _from("127.0.0.3") as greedy, _from("127.0.0.4") as other:
        with holding_workers(queue_server, 1, client="127.0.0.3"):
            second = threading.Thread(target=lambda: outcome.append(
                greedy.get(queue_server.sparql, params={"query": QUICK})))
            second.start()
            until(lambda: _health(queue_server)["waiting"] == 1, "the greedy client waiting")
            served = other.get(queue_server.sparql, params={"query": QUICK})
            assert served.status_code == 200
            assert _health(queue_server)["waiting"] == 1, "the greedy client jumped the line"
            assert not outcome
        second.join(20)
    assert [a.status_code for a in outcome] == [200]


@pytest.mark.parametrize(("request_kwargs", "status", "words"), [
    ({"method": "GET", "params": {"query": QUICK}, "headers": {"Accept": "image/png"}},
     406, "application/sparql-results+json"),
    ({"method": "POST", "content": QUICK, "headers": {"Content-Type": "text/plain"}},
     415, "application/sparql-query"),
    ({"method": "GET", "params": {"update": INSERT}}, 405, "POST"),
    ({"method": "POST", "data": {"query": QUICK, "update": INSERT}}, 400, "exactly one"),
    ({"method": "GET", "params": [("query", QUICK), ("query", QUICK)]}, 400, "exactly one"),
    ({"method": "POST", "data": {"query": "  "}}, 400, "empty"),
    ({"method": "POST", "data": {"nothing": "here"}}, 400, "neither"),
    ({"method": "POST", "content": b"SELECT \xff", "headers": {
        "Content-Type": "application/sparql-query"}}, 400, "UTF-8"),
    ({"method": "POST", "data": {"update": INSERT, "using-graph-uri": "not an iri"}},
     400, "using-graph-uri 'not an iri' is not an absolute IRI"),
    ({"method": "GET", "params": {"query": QUICK, "default-graph-uri": "not an iri"}},
     400, "absolute IRI"),
    ({"method": "PUT", "content": QUICK}, 405, ""),
])
def test_protocol_errors(request_kwargs: dict, status: int, words: str,
                         strict_server: LiveServer) -> None:
    kwargs = dict(request_kwargs)
    answer = httpx.request(kwargs.pop("method"), strict_server.sparql, timeout=10, **kwargs)
    assert answer.status_code == status, answer.text
    assert words in answer.text


def test_unknown_route_is_404(strict_server: LiveServer) -> None:
    assert httpx.get(strict_server.url("/nothing-here"), timeout=5).status_code == 404


@pytest.fixture(scope="module")
def solo_server() -> Iterator[LiveServer]:
    """One worker, so the test knows which process holds a query."""
    with running(ServerConfig(Source(kg_files=KG_FILES), timeout_s=10.0, workers=1)) as live:
        yield live


def test_worker_killed_while_idle_is_replaced_transparently(solo_server: LiveServer) -> None:
    (pid,) = solo_server.worker_pids
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    answer = _get(solo_server, QUICK)
    assert answer.status_code == 200
    assert solo_server.worker_pids and solo_server.worker_pids != [pid]


def test_worker_dying_mid_query_is_500_and_replaced(solo_server: LiveServer) -> None:
    wait_healthy(solo_server.base, timeout=20, workers=1)
    (pid,) = solo_server.worker_pids
    outcome: list[httpx.Response] = []
    runner = threading.Thread(target=lambda: outcome.append(_get(solo_server, SLOW)))
    runner.start()
    time.sleep(0.5)
    os.kill(pid, signal.SIGKILL)
    runner.join(15)
    assert outcome and outcome[0].status_code == 500
    assert "stopped while running" in outcome[0].text
    wait_healthy(solo_server.base, timeout=20, workers=1)
    assert _get(solo_server, QUICK).status_code == 200

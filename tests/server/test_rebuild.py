"""Rebuilding the store a server is serving: never a stale or mixed answer.

``write_store`` is what ``orthokg build --store`` runs: a new store renamed into place.
Right after it returns, the server must not answer from the old data; it says it is
reloading (503 with Retry-After, /health "reloading"), then answers from the new data
with every worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from rdflib import Graph, Literal, URIRef

from orthokg.queries.store import write_store
from orthokg.server.config import ServerConfig, Source
from tests.server.live import LiveServer, running, wait_healthy

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:x:p> ?o }"


def _graph(rows: int) -> Graph:
    graph = Graph()
    for i in range(rows):
        graph.add((URIRef(f"urn:x:s{i}"), URIRef("urn:x:p"), Literal(i)))
    return graph


@pytest.fixture
def store(tmp_path: Path) -> Path:
    directory = tmp_path / "kg"
    write_store(_graph(3), directory)
    return directory


@pytest.fixture
def live(store: Path) -> Iterator[LiveServer]:
    with running(ServerConfig(Source(store_dir=store), workers=2, timeout_s=10)) as server:
        yield server


def _count(live: LiveServer) -> httpx.Response:
    return httpx.get(live.sparql, params={"query": COUNT}, timeout=20)


def test_rebuilt_store_is_reloaded_never_stale(live: LiveServer, store: Path) -> None:
    assert int(_count(live).json()["results"]["bindings"][0]["n"]["value"]) == 3
    old_workers = [psutil.Process(pid) for pid in live.worker_pids]
    write_store(_graph(7), store)
    first = _count(live)
    assert first.status_code == 503, "answered from the replaced store"
    assert "reloading" in first.text and first.headers["retry-after"].isdigit()
    health = httpx.get(live.url("/health"), timeout=5)
    assert health.status_code in (200, 503)
    if health.status_code == 503:
        assert health.json()["status"] == "reloading"
    wait_healthy(live.base, timeout=60, workers=2)
    counts = {int(_count(live).json()["results"]["bindings"][0]["n"]["value"])
              for _ in range(6)}
    assert counts == {7}, "some worker still answers from the old store"
    _, alive = psutil.wait_procs(old_workers, timeout=10)
    assert not alive, "workers on the old store were kept"
    assert not set(live.worker_pids) & {p.pid for p in old_workers}

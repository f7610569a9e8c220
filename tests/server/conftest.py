"""Servers over the fixture graph (TBox + tests/fixtures/mini.ttl), and the engine
that answers the same queries in process, for comparison."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from orthokg.ontology.tbox import tbox_path
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.store import write_store
from orthokg.server.config import ServerConfig, Source
from tests.conftest import FIXTURES
from tests.server.live import LiveServer, running

TOKEN = "s3cret-token-for-tests"
KG_FILES = (tbox_path(), FIXTURES / "mini.ttl")


@pytest.fixture(scope="session")
def server_store(fixture_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The on-disk store 'orthokg build --store' writes (one named graph per document)."""
    directory = tmp_path_factory.mktemp("server-store") / "kg"
    write_store(fixture_graph, directory)
    return directory


@pytest.fixture(scope="session")
def server(server_store: Path) -> Iterator[LiveServer]:
    """The default server (read-only, 30 s, 10000 rows) over the on-disk store."""
    with running(ServerConfig(Source(store_dir=server_store))) as live:
        yield live


@pytest.fixture(scope="session")
def engine() -> Iterator[OxigraphEngine]:
    """The same data queried in process: what the endpoint must agree with."""
    found = OxigraphEngine.from_files(KG_FILES)
    yield found
    found.close()


@pytest.fixture(scope="module")
def strict_server() -> Iterator[LiveServer]:
    """Tight limits, files loaded in memory: 2 s per query, 50 rows, 2 workers, a body
    within 1 s."""
    config = ServerConfig(Source(kg_files=KG_FILES), timeout_s=2.0, max_rows=50, workers=2,
                          max_body_bytes=64 * 1024, body_timeout_s=1.0)
    with running(config) as live:
        yield live


@pytest.fixture(scope="module")
def update_server() -> Iterator[LiveServer]:
    """Updates on (with TOKEN) over files in memory; short time limit."""
    config = ServerConfig(Source(kg_files=KG_FILES), timeout_s=2.0, allow_update=True,
                          token=TOKEN)
    with running(config) as live:
        yield live

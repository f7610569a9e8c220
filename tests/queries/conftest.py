"""Engines over the fixture graph (TBox + tests/fixtures/mini.ttl) for the query tests.

The same graph is served three ways, rdflib in memory, Oxigraph in memory and the
on-disk Oxigraph store with one named graph per document, so every query can be run
on each and the rows compared (the compliance-suite habit of pyoxigraph and OAK).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from orthokg.queries.engines.base import QueryEngine
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine
from orthokg.queries.store import write_store


@pytest.fixture(scope="session")
def store_dir(fixture_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("store") / "kg"
    write_store(fixture_graph, directory)
    return directory


@pytest.fixture(scope="session")
def engines(fixture_graph: Graph, store_dir: Path) -> dict[str, QueryEngine]:
    """The fixture graph behind each local engine, keyed by a readable id."""
    return {
        "rdflib": RdflibEngine(fixture_graph),
        "oxigraph-memory": OxigraphEngine.from_graph(fixture_graph),
        "oxigraph-disk": OxigraphEngine.open(store_dir),
    }


@pytest.fixture(params=["rdflib", "oxigraph-memory", "oxigraph-disk"])
def engine(request: pytest.FixtureRequest, engines: dict[str, QueryEngine]) -> QueryEngine:
    return engines[request.param]

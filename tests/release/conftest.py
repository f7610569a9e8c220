"""A release of the seed corpus, written once per session (the build is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from orthokg.release.writer import Release, write_release
from tests.conftest import SHARED, require_shared

ROBOT_QUERIES = SHARED / "robot-report"


@pytest.fixture(scope="session")
def robot_queries() -> Path:
    return require_shared(ROBOT_QUERIES)


@pytest.fixture(scope="session")
def seed_release(seed_graph: Graph, robot_queries: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Release:
    """The release of the seed corpus with its ROBOT-style report."""
    out = tmp_path_factory.mktemp("release") / "seeds"
    return write_release(seed_graph, out, report_queries=robot_queries)

"""Shared fixtures: the hand-written fixture graph and, when ../shared is beside the
repository, the graph built from the seed corpus (built once per test session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ORTHOKG_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def require_shared(path: Path) -> Path:
    """The shared input ``path``; in CI its absence is a failure, locally a skip."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI runs with ../shared beside the repository")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def fixture_graph() -> Graph:
    """TBox + tests/fixtures/mini.ttl."""
    from orthokg.ontology.tbox import tbox_graph

    graph = tbox_graph()
    graph.parse(FIXTURES / "mini.ttl", format="turtle")
    return graph


@pytest.fixture(scope="session")
def seed_build():
    """The BuildResult of the seed corpus (documents, facts, graph)."""
    from orthokg.loaders.pipeline import build_graph

    return build_graph([require_shared(SEEDS)])


@pytest.fixture(scope="session")
def seed_graph(seed_build) -> Graph:
    return seed_build.graph


@pytest.fixture(scope="session")
def seed_kg_file(seed_graph, tmp_path_factory) -> Path:
    """The seed graph written as Turtle, as `orthokg build` writes it."""
    from orthokg.io import save_graph

    path = tmp_path_factory.mktemp("seed") / "seeds.ttl"
    save_graph(seed_graph, path)
    return path

"""Extraction spread over processes or a Dask cluster gives the graph of a one-process
build: the same triples (ingestion times aside), the same documents, the same report."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import to_isomorphic

from orthokg.errors import DocumentError
from orthokg.loaders.pipeline import build_graph
from orthokg.ontology.vocab import OKG
from tests.conftest import FIXTURES

DOCS = FIXTURES / "docs"


def _comparable(graph: Graph) -> Graph:
    """The graph without okg:ingestedAt (the clock at reading, different every build)."""
    kept = Graph()
    kept += graph
    kept.remove((None, OKG.ingestedAt, None))
    return to_isomorphic(kept)


@pytest.fixture(scope="module")
def one_process() -> Graph:
    return _comparable(build_graph([DOCS]).graph)


def test_two_processes_give_the_same_graph(one_process: Graph) -> None:
    result = build_graph([DOCS], jobs=2)
    assert len(result.extractions) == len(list(DOCS.iterdir()))
    assert _comparable(result.graph) == one_process


def test_a_bad_document_is_reported_by_a_worker(tmp_path: Path) -> None:
    for doc in DOCS.iterdir():
        (tmp_path / doc.name).write_bytes(doc.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    result = build_graph([tmp_path], jobs=2, keep_going=True)
    assert [(e.level, Path(e.document).name) for e in result.errors] == [
        ("error", "empty.txt")]
    assert len(result.extractions) == len(list(DOCS.iterdir()))
    with pytest.raises(DocumentError, match=r"empty\.txt: .*empty"):
        build_graph([tmp_path], jobs=2)


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        build_graph([DOCS], jobs=0)


def test_a_dask_cluster_gives_the_same_graph(one_process: Graph) -> None:
    from distributed import LocalCluster  # a test dependency (orthokg[cluster])

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = build_graph([DOCS], scheduler=cluster.scheduler_address)
    assert _comparable(result.graph) == one_process


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    from orthokg.errors import OrthoKGError
    from orthokg.loaders.pipeline import extract_one
    from orthokg.scale.distributed import extract_on_cluster

    with pytest.raises(OrthoKGError, match=r"tcp://127\.0\.0\.1:9: cannot reach"):
        list(extract_on_cluster([DOCS / "knee_arthroscopy.txt"], "tcp://127.0.0.1:9",
                                extract_one, timeout=2))

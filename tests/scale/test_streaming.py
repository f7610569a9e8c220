"""``orthokg build`` streams: each document is written into its named graph as it is
done, and what it writes is what the in-memory build (``build_graph``, which the Python
API and the release use) followed by ``write_store`` gives, graph by graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import to_isomorphic
from typer.testing import CliRunner

from orthokg.cli.app import app
from orthokg.loaders.pipeline import build_graph
from orthokg.ontology.data_ontology import content_version
from orthokg.queries.store import write_store
from orthokg.reasoning.validation import validate, validate_store
from orthokg.scale.sorted_digest import SortedDigest, statement_lines
from tests.conftest import FIXTURES

DOCS = FIXTURES / "docs"


def _graphs(store: Path) -> dict[str, Graph]:
    """Each named graph of a store, canonical (blank nodes of the TBox relabelled)."""
    dataset = Dataset()
    dataset.parse(data=ox.Store.read_only(str(store)).dump(format=ox.RdfFormat.N_QUADS),
                  format="nquads")
    graphs = {}
    for graph in dataset.graphs():
        kept = Graph()
        kept += graph
        if len(kept):
            graphs[str(graph.identifier)] = to_isomorphic(kept)
    return graphs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    """A streamed ``orthokg build`` (file and store) and the in-memory build's graph."""
    work = tmp_path_factory.mktemp("streaming")
    result = CliRunner().invoke(app, ["build", str(DOCS), "--keep-going", "--out",
                                      str(work / "kg.ttl"), "--store", str(work / "store")])
    assert result.exit_code in (0, 2), result.output
    expected = build_graph([DOCS], keep_going=True).graph
    write_store(expected, work / "expected")
    return work, expected


def test_the_store_holds_the_in_memory_builds_graphs(built: tuple[Path, Graph]) -> None:
    work, _ = built
    got, expected = _graphs(work / "store"), _graphs(work / "expected")
    assert sorted(got) == sorted(expected)
    for name, graph in expected.items():
        assert got[name] == graph, name


def test_the_file_is_the_in_memory_builds_graph(built: tuple[Path, Graph]) -> None:
    work, expected = built
    written = Graph().parse(work / "kg.ttl", format="turtle")
    assert len(written) == len(expected)
    assert to_isomorphic(written) == to_isomorphic(expected)


def test_validation_on_the_store_finds_what_validate_finds(built: tuple[Path, Graph]
                                                           ) -> None:
    """Faults planted in the graph are found alike on the graph and on its store."""
    work, expected = built
    from rdflib import Literal

    from orthokg.ontology.vocab import OKG, OKGR, RDF, RDFS

    faulty = Graph()
    faulty += expected
    concept = next(iter(faulty.subjects(RDF.type, OKG.ArthroplastyProcedure)))
    faulty.add((concept, RDFS.label, Literal("a second label", lang="en")))
    faulty.add((OKGR["made-up-device"], RDF.type, OKG.Device))
    faulty.add((concept, OKG.treats, OKGR["made-up-device"]))
    write_store(faulty, work / "faulty")
    on_graph = validate(faulty)
    on_store = validate_store(ox.Store.read_only(str(work / "faulty")))
    assert not on_graph.conforms

    def key(report):  # type: ignore[no-untyped-def]
        return sorted((f.check, str(f.node), str(f.value), f.severity)
                      for f in report.findings)

    assert key(on_store) == key(on_graph)


def test_the_sorted_digest_is_the_content_version(built: tuple[Path, Graph],
                                                  tmp_path: Path) -> None:
    """Spilled to several runs and fed with repeats, the digest is ``content_version``."""
    _, expected = built
    digest = SortedDigest(tmp_path, run_lines=500)
    lines = list(statement_lines(expected))
    digest.add(lines[::2])
    digest.add(lines)
    assert digest.version() == content_version(expected)

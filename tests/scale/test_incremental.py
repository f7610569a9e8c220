"""``orthokg build --store DIR`` over a store it wrote before extracts only new and
changed documents, forgets deleted ones, and gives the store a full build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import to_isomorphic
from typer.testing import CliRunner

from orthokg.cli.app import app
from orthokg.ontology.vocab import OKG
from orthokg.queries import catalogue
from orthokg.queries.api import query
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.scale.cache import CACHE_DIR
from tests.conftest import FIXTURES
from tests.queries.cases import sorted_rows
from tests.queries.examples import answering_params

DOCS = FIXTURES / "docs"


def _build(docs: Path, store: Path) -> str:
    result = CliRunner().invoke(app, ["build", str(docs), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return result.output


def _graphs(store: Path) -> dict[str, Graph]:
    """Each named graph of the store, okg:ingestedAt aside (the clock at first reading)."""
    dataset = Dataset()
    data = ox.Store.read_only(str(store)).dump(format=ox.RdfFormat.N_QUADS)
    dataset.parse(data=data, format="nquads")
    graphs = {}
    for graph in dataset.graphs():
        kept = Graph()
        kept += graph
        kept.remove((None, OKG.ingestedAt, None))
        if len(kept):
            graphs[str(graph.identifier)] = to_isomorphic(kept)
    return graphs


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """An incremental store (built, then changed: one edited, one deleted, one added
    document) and a full build of the final folder."""
    work = tmp_path_factory.mktemp("incremental")
    docs = work / "docs"
    docs.mkdir()
    for name in ("knee_arthroscopy.txt", "hip_arthroscopy.html", "shoulder_replacement.md"):
        shutil.copy(DOCS / name, docs / name)
    incremental = work / "incremental"
    _build(docs, incremental)
    with (docs / "knee_arthroscopy.txt").open("a", encoding="utf-8") as text:
        text.write("\nAfter a knee arthroscopy, a blood clot in the leg can occur.\n")
    (docs / "hip_arthroscopy.html").unlink()
    shutil.copy(DOCS / "wrist_fracture_small.html", docs / "wrist_fracture_small.html")
    output = _build(docs, incremental)
    full = work / "full"
    _build(docs, full)
    return incremental, full, output


def test_only_the_unchanged_document_is_reused(stores: tuple[Path, Path, str]) -> None:
    incremental, _, output = stores
    assert "1 unchanged documents taken from" in output
    entries = sorted(p.name.split(".")[0] for p in (incremental / CACHE_DIR).rglob("*.pickle"))
    assert entries == ["knee_arthroscopy", "shoulder_replacement", "wrist_fracture_small"]


def test_the_stores_hold_the_same_graphs(stores: tuple[Path, Path, str]) -> None:
    incremental, full, _ = stores
    got, expected = _graphs(incremental), _graphs(full)
    assert sorted(got) == sorted(expected)
    assert not any(name.endswith("/hip_arthroscopy") for name in got)
    for name, graph in expected.items():
        assert got[name] == graph, name


def test_every_catalogue_query_gives_the_same_rows(stores: tuple[Path, Path, str]) -> None:
    incremental, full = (OxigraphEngine.open(s) for s in stores[:2])
    answered = 0
    for named in catalogue.all():
        found = answering_params(full, named)
        if found is None and named.required:
            continue  # no value answers it on these four documents
        params = found[0] if found else {}
        expected = query(full, named, **params)
        assert sorted_rows(query(incremental, named, **params)) == sorted_rows(expected), \
            named.name
        answered += bool(expected.rows)
    assert answered >= len(catalogue.all()) // 2


def test_a_changed_document_is_extracted_again(stores: tuple[Path, Path, str]) -> None:
    incremental = OxigraphEngine.open(stores[0])
    evidence = incremental.run(
        "SELECT ?e WHERE { ?a okg:evidenceText ?e FILTER CONTAINS(STR(?e), 'blood clot') }")
    assert evidence.rows  # the new sentence is in the store


def test_a_damaged_entry_is_extracted_again(stores: tuple[Path, Path, str],
                                            tmp_path: Path) -> None:
    """An entry that no longer loads (truncated on disk) is not trusted: the document is
    extracted again and the store is still the full build's."""
    incremental, full, _ = stores
    copy = tmp_path / "store"
    shutil.copytree(incremental, copy)
    entry = sorted((copy / CACHE_DIR).rglob("shoulder_replacement.*.pickle"))[0]
    entry.write_bytes(entry.read_bytes()[:20])
    docs = Path(str(incremental).rsplit("/", 1)[0]) / "docs"
    output = _build(docs, copy)
    assert "2 unchanged documents taken from" in output  # of the three
    assert _graphs(copy) == _graphs(full)
    rebuilt = sorted((copy / CACHE_DIR).rglob("shoulder_replacement.*.pickle"))[0]
    assert len(rebuilt.read_bytes()) > 20

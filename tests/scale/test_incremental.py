"""``orthokg build --store DIR`` over a store it wrote before extracts only new and
changed documents, rewrites only the graphs that change, removes deleted ones, and gives
the store a full build gives (every named graph, the counts, the version IRI and every
catalogue query's rows)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
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
from orthokg.queries.store import MARKER
from orthokg.scale.cache import CACHE_DIR
from orthokg.scale.patterns import FILE as PATTERNS
from orthokg.scale.records import RECORDS_DIR
from orthokg.scale.state import STATE
from orthokg.scale.stream import CONCEPTS_GRAPH
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


# Written for these tests (not corpus text): a page about one procedure, then the same
# page edited so that two complications only it named are gone and a new complication
# and a new aftercare device appear.
CARPAL_BEFORE = """Carpal tunnel release

Carpal tunnel release is an operation to treat carpal tunnel syndrome. It is done under
local anaesthetic.

Risks
Possible complications include infection and a painful scar. Some people have stiffness
in the fingers.
"""
CARPAL_AFTER = """Carpal tunnel release

Carpal tunnel release is an operation to treat carpal tunnel syndrome. It is done under
local anaesthetic.

Risks
Possible complications include infection and nerve damage.

Recovery
You may need to wear a wrist splint for two weeks.
"""
TRIGGER_FINGER = """Trigger finger release

Trigger finger release is an operation to treat trigger finger. It is done under local
anaesthetic. Possible complications include infection.
"""


@dataclass(frozen=True)
class Stores:
    first: Path        # the incremental store as first built (before the changes)
    incremental: Path  # the same store after the changes
    full: Path         # a full build of the changed folder
    output: str        # what the incremental build printed
    docs: Path


def _concept_labels(store: Path) -> set[str]:
    engine = OxigraphEngine.open(store)
    rows = engine.run(f"SELECT ?l WHERE {{ GRAPH <{CONCEPTS_GRAPH}> {{ ?c rdfs:label ?l }} }}")
    return {str(row[0]) for row in rows.rows}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    """An incremental store built, then changed in every way a folder changes (one
    document edited by a line, one rewritten so that concepts only it named are gone and
    new ones come, one deleted, one renamed, one added, one left alone), and a full
    build of the final folder."""
    work = tmp_path_factory.mktemp("incremental")
    docs = work / "docs"
    docs.mkdir()
    for name in ("knee_arthroscopy.txt", "hip_arthroscopy.html", "shoulder_replacement.md",
                 "wrist_fracture_small.html"):
        shutil.copy(DOCS / name, docs / name)
    (docs / "carpal_tunnel_release.txt").write_text(CARPAL_BEFORE, encoding="utf-8")
    incremental = work / "incremental"
    _build(docs, incremental)
    first = work / "first"
    shutil.copytree(incremental, first)
    with (docs / "knee_arthroscopy.txt").open("a", encoding="utf-8") as text:
        text.write("\nAfter a knee arthroscopy, a blood clot in the leg can occur.\n")
    (docs / "carpal_tunnel_release.txt").write_text(CARPAL_AFTER, encoding="utf-8")
    (docs / "hip_arthroscopy.html").unlink()
    (docs / "shoulder_replacement.md").rename(docs / "shoulder_surgery.md")
    (docs / "trigger_finger_release.txt").write_text(TRIGGER_FINGER, encoding="utf-8")
    output = _build(docs, incremental)
    full = work / "full"
    _build(docs, full)
    return Stores(first, incremental, full, output, docs)


def test_only_the_unchanged_document_is_reused(stores: Stores) -> None:
    assert "1 unchanged documents taken from" in stores.output
    assert "1 document graphs left as they were, 4 written" in stores.output
    entries = sorted(p.name.split(".")[0]
                     for p in (stores.incremental / CACHE_DIR).rglob("*.pickle"))
    assert entries == ["carpal_tunnel_release", "knee_arthroscopy", "shoulder_surgery",
                       "trigger_finger_release", "wrist_fracture_small"]
    # The phrases' tokens, written by the first build, carried over by the rebuild (which
    # extracted its four documents with the narrowed matcher they allow).
    assert len(list((stores.incremental / CACHE_DIR).rglob(PATTERNS))) == 1


def test_the_changes_remove_and_add_concepts(stores: Stores) -> None:
    """The edit is one the store must follow: concepts only the old text named leave
    the concepts graph and the new text's come into it (else the comparison with a full
    build below would prove little)."""
    before, after = _concept_labels(stores.first), _concept_labels(stores.incremental)
    assert {"finger stiffness after surgery", "scar tenderness"} <= before - after
    assert {"nerve damage", "wrist splint"} <= after - before
    assert after == _concept_labels(stores.full)


def test_the_stores_hold_the_same_graphs(stores: Stores) -> None:
    got, expected = _graphs(stores.incremental), _graphs(stores.full)
    assert sorted(got) == sorted(expected)
    assert not any(name.endswith(("/hip_arthroscopy", "/shoulder_replacement"))
                   for name in got)
    for name, graph in expected.items():
        assert got[name] == graph, name


def test_the_store_files_agree(stores: Stores) -> None:
    """The triple counts the store records, and its version IRI (a hash of every
    statement), are the full build's."""
    marker = json.loads((stores.incremental / MARKER).read_text(encoding="utf-8"))
    assert marker == json.loads((stores.full / MARKER).read_text(encoding="utf-8"))
    version = "SELECT ?v WHERE { GRAPH ?g { ?o owl:versionIRI ?v } }"
    got = OxigraphEngine.open(stores.incremental).run(version).rows
    assert got == OxigraphEngine.open(stores.full).run(version).rows
    assert got != OxigraphEngine.open(stores.first).run(version).rows


def test_a_rebuild_with_nothing_changed_keeps_every_graph(stores: Stores,
                                                          tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(stores.incremental, copy)
    output = _build(stores.docs, copy)
    assert "5 document graphs left as they were, 0 written" in output
    assert _graphs(copy) == _graphs(stores.full)


def test_every_catalogue_query_gives_the_same_rows(stores: Stores) -> None:
    incremental, full = (OxigraphEngine.open(s) for s in (stores.incremental, stores.full))
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


def test_a_changed_document_is_extracted_again(stores: Stores) -> None:
    incremental = OxigraphEngine.open(stores.incremental)
    evidence = incremental.run(
        "SELECT ?e WHERE { ?a okg:evidenceText ?e FILTER CONTAINS(STR(?e), 'blood clot') }")
    assert evidence.rows  # the new sentence is in the store


def test_a_damaged_entry_is_extracted_again(stores: Stores, tmp_path: Path) -> None:
    """An entry that no longer loads (truncated on disk) is not trusted: the document is
    extracted again and the store is still the full build's. (With the store's state,
    an unchanged document's entry is not even read; it is removed here so that it is.)"""
    copy = tmp_path / "store"
    shutil.copytree(stores.incremental, copy)
    entry = sorted((copy / CACHE_DIR).rglob("shoulder_surgery.*.pickle"))[0]
    entry.write_bytes(entry.read_bytes()[:20])
    next((copy / RECORDS_DIR).rglob(STATE)).unlink()
    output = _build(stores.docs, copy)
    assert "4 unchanged documents taken from" in output  # of the five
    assert _graphs(copy) == _graphs(stores.full)
    rebuilt = sorted((copy / CACHE_DIR).rglob("shoulder_surgery.*.pickle"))[0]
    assert len(rebuilt.read_bytes()) > 20


@pytest.mark.parametrize("state", [False, True], ids=["without state", "with state"])
def test_a_damaged_record_rewrites_its_graph(stores: Stores, tmp_path: Path,
                                             state: bool) -> None:
    """A record that does not read is a changed document when the rebuild reads it (no
    state: every record is read): its graph is written again. With the store's state an
    unchanged document's record is not read at all. Either way the store is the full
    build's, and so it is after the damaged one's document changes."""
    copy = tmp_path / "store"
    shutil.copytree(stores.incremental, copy)
    record = sorted((copy / RECORDS_DIR).rglob("wrist_fracture_small.nt"))[0]
    record.write_text("# orthokg-record damaged", encoding="utf-8")
    if not state:
        next((copy / RECORDS_DIR).rglob(STATE)).unlink()
    output = _build(stores.docs, copy)
    written = 0 if state else 1
    assert f"{5 - written} document graphs left as they were, {written} written" in output
    assert _graphs(copy) == _graphs(stores.full)
    docs = tmp_path / "docs"
    shutil.copytree(stores.docs, docs)
    with (docs / "wrist_fracture_small.html").open("a", encoding="utf-8") as text:
        text.write("<p>A wrist fracture can cause nerve damage.</p>\n")
    _build(docs, copy)
    full = tmp_path / "full"
    _build(docs, full)
    assert _graphs(copy) == _graphs(full)


def test_a_rebuild_on_resident_workers_loads_no_spacy(stores: Stores, tmp_path: Path) -> None:
    """Extracting on a Dask cluster kept between builds (its workers keep their
    annotator), a rebuild's own process never loads spaCy, which is most of what a
    one-document rebuild costs otherwise; the store it gives is the full build's."""
    from distributed import LocalCluster  # a test dependency (orthokg[cluster])

    copy = tmp_path / "store"
    shutil.copytree(stores.first, copy)  # before the changes: the same rebuild again
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        command = ["build", str(stores.docs), "--store", str(copy),
                   "--scheduler", cluster.scheduler_address]
        probe = ("import sys; from orthokg.cli.app import main; "
                 f"code = main({command!r}); "
                 "print('spaCy loaded' if 'spacy' in sys.modules else 'no spaCy'); "
                 "sys.exit(code)")
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                              text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 document graphs left as they were, 4 written" in done.stderr
    assert done.stdout.splitlines()[-1] == "no spaCy"
    assert _graphs(copy) == _graphs(stores.full)

"""``orthokg export`` and ``orthokg docs``: every format round-trips, quads follow the
store's named graphs, JSON-LD uses the published context, writes are atomic, and the
version IRI of the TBox, the CHANGELOG and pyproject agree."""

from __future__ import annotations

import json
import logging
import re
import tomllib
from pathlib import Path

import pytest
import typer
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF
from typer.testing import CliRunner

import orthokg
from orthokg.cli import export as export_cli
from orthokg.errors import DocumentError, StoreError
from orthokg.export import (
    FORMATS,
    published_context,
    read_graph,
    serialize,
    write_atomic,
)
from orthokg.export.jsonld import published_prefixes
from orthokg.ontology import vocab
from orthokg.ontology.data_ontology import DATA_ONTOLOGY_IRI
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import DOC, GRAPH_BASE, OKG, OKGR, ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parents[2]
KNEE_GRAPH = URIRef(GRAPH_BASE + "knee-leaflet")
SPINE_GRAPH = URIRef(GRAPH_BASE + "spine-leaflet")
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
CONCEPTS_GRAPH = URIRef(GRAPH_BASE + "concepts")


@pytest.fixture()
def kg_file(fixture_graph: Graph, tmp_path: Path) -> Path:
    """TBox + mini fixture as `orthokg build` writes it (Turtle)."""
    path = tmp_path / "kg.ttl"
    path.write_bytes(serialize(fixture_graph, "ttl"))
    return path


@pytest.fixture()
def cli() -> typer.Typer:
    """An app holding only this command group, as ``orthokg.cli.app`` assembles them."""
    app = typer.Typer(pretty_exceptions_enable=False)
    export_cli.register(app)

    @app.callback()
    def _group() -> None:
        """Keep ``export`` and ``docs`` as sub-commands."""

    return app


def _dataset(data: bytes, fmt: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=data, format=FORMATS[fmt].rdflib_format)
    return dataset


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


# --- formats -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["ttl", "owl", "nt", "jsonld"])
def test_single_graph_formats_round_trip(fmt: str, fixture_graph: Graph) -> None:
    back = Graph().parse(data=serialize(fixture_graph, fmt), format=FORMATS[fmt].rdflib_format)
    assert isomorphic(back, fixture_graph)


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_quad_formats_lose_nothing(fmt: str, fixture_graph: Graph) -> None:
    assert isomorphic(_union(_dataset(serialize(fixture_graph, fmt), fmt)), fixture_graph)


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_quad_formats_put_each_document_in_its_named_graph(fmt: str,
                                                           fixture_graph: Graph) -> None:
    dataset = _dataset(serialize(fixture_graph, fmt), fmt)
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert {KNEE_GRAPH, SPINE_GRAPH, ONTOLOGY_GRAPH, CONCEPTS_GRAPH} <= names
    knee, concepts = dataset.graph(KNEE_GRAPH), dataset.graph(CONCEPTS_GRAPH)
    # Facts are stored once, beside the concepts; each document holds its axioms.
    assert (OKGR["total-knee-replacement"], OKG.treats, OKGR.osteoarthritis) in concepts
    assert (DOC["knee-leaflet"], RDF.type, OKG.SourceDocument) in knee
    assert (OKGR.microdiscectomy, OKG.usesImaging, OKGR.fluoroscopy) in concepts
    assert (OKG.Procedure, RDF.type, OWL.Class) in dataset.graph(ONTOLOGY_GRAPH)
    assert (OKGR.microdiscectomy, OKG.treats, OKGR["herniated-disc"]) not in knee


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_every_provenance_axiom_is_whole_in_its_documents_graph(fmt: str,
                                                                fixture_graph: Graph) -> None:
    dataset = _dataset(serialize(fixture_graph, fmt), fmt)
    axioms = 0
    for graph in dataset.graphs():
        for axiom in graph.subjects(RDF.type, OWL.Axiom):
            if not isinstance(axiom, BNode) or graph.value(axiom, PROV.wasDerivedFrom) is None:
                continue
            axioms += 1
            doc = graph.value(axiom, PROV.wasDerivedFrom)
            assert graph.identifier == URIRef(GRAPH_BASE + str(doc).rsplit("/", 1)[1])
            assert graph.value(axiom, OWL.annotatedSource) is not None
            assert graph.value(axiom, OKG.evidenceText) is not None
    assert axioms == len(set(fixture_graph.subjects(RDF.type, OWL.Axiom)))


def test_tbox_alone_goes_to_the_ontology_graph() -> None:
    dataset = _dataset(serialize(tbox_graph(), "nq"), "nq")
    assert {g.identifier for g in dataset.graphs() if len(g)} == {ONTOLOGY_GRAPH}


# --- JSON-LD context ----------------------------------------------------------------

def test_published_context_spells_the_vocab_namespaces() -> None:
    expected = {"okg": vocab.OKG, "okgr": vocab.OKGR, "okgq": vocab.QUANTITY,
                "doc": vocab.DOC, "prov": vocab.PROV,
                "skos": vocab.SKOS, "rdfs": vocab.RDFS, "dcterms": vocab.DCTERMS,
                "owl": vocab.OWL, "xsd": vocab.XSD, "unit": vocab.QUDT_UNIT,
                "okge": vocab.EVIDENCE, "okgkg": str(DATA_ONTOLOGY_IRI) + "/",
                "obo": "http://purl.obolibrary.org/obo/", "oboInOwl": vocab.OBO_IN_OWL}
    assert published_prefixes() == {k: str(v) for k, v in expected.items()}


def test_jsonld_is_compacted_with_the_published_context(fixture_graph: Graph) -> None:
    data = serialize(fixture_graph, "jsonld")
    document = json.loads(data)
    assert document["@context"] == published_context()
    body = json.dumps(document["@graph"])
    for compact in ('"okg:treats"', '"okgr:total-knee-replacement"', '"doc:knee-leaflet"',
                    '"prov:wasDerivedFrom"', '"skos:altLabel"', '"rdfs:label"',
                    '"dcterms:title"', '"okgq:fixture-crutches"', '"unit:WK"'):
        assert compact in body
    for namespace in published_prefixes().values():
        assert namespace not in body


# --- reading ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["trig", "nq", "owl", "jsonld"])
def test_read_graph_takes_any_export_back(fmt: str, fixture_graph: Graph,
                                          tmp_path: Path) -> None:
    path = tmp_path / f"kg{FORMATS[fmt].suffix}"
    path.write_bytes(serialize(fixture_graph, fmt))
    assert isomorphic(read_graph(path), fixture_graph)


def test_read_graph_names_a_bad_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_graph(tmp_path / "missing.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("okg:x okg:y", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"broken\.ttl: not valid turtle") as caught:
        read_graph(broken)
    assert "\n" not in str(caught.value)
    with pytest.raises(DocumentError, match="not a file"):
        read_graph(tmp_path)
    unknown = tmp_path / "kg.xyz"
    unknown.write_text("", encoding="utf-8")
    with pytest.raises(DocumentError, match="unknown RDF syntax"):
        read_graph(unknown)


# --- writing ------------------------------------------------------------------------

def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "kg.nt"
    write_atomic(target, b"old\n")
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["kg.nt"]


def test_write_atomic_failure_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot write"):
        write_atomic(blocker / "kg.ttl", b"x")
    assert blocker.read_text(encoding="utf-8") == "not a directory"


# --- CLI ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_command_writes_each_format(fmt: str, cli: typer.Typer, kg_file: Path,
                                           fixture_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "out" / f"kg{FORMATS[fmt].suffix}"
    out.parent.mkdir()
    out.write_text("stale", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--kg", str(kg_file), "--format", fmt,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
    assert isomorphic(read_graph(out), fixture_graph)


def test_export_to_stdout_with_dash(cli: typer.Typer, kg_file: Path,
                                    fixture_graph: Graph) -> None:
    result = CliRunner().invoke(cli, ["export", "--kg", str(kg_file), "-f", "nt", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(data=result.stdout_bytes, format="nt"), fixture_graph)


def test_export_defaults_to_turtle_on_stdout(cli: typer.Typer, kg_file: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--kg", str(kg_file)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("@prefix ")
    assert "okgr:total-knee-replacement" in result.stdout


def test_export_rejects_unknown_format(cli: typer.Typer, kg_file: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--kg", str(kg_file), "-f", "rdfa"])
    assert result.exit_code == 2
    assert "ttl" in result.output and "jsonld" in result.output


def test_export_of_missing_kg_is_a_document_error(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--kg", str(tmp_path / "none.ttl")])
    assert isinstance(result.exception, DocumentError)
    assert result.exception.exit_code == 2


def test_docs_command_writes_pylode_html(cli: typer.Typer, tmp_path: Path) -> None:
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    out = tmp_path / "docs"
    result = CliRunner().invoke(cli, ["docs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["context.jsonld", "index.html",
                                                      "shapes.ttl"]
    shapes = Graph().parse(out / "shapes.ttl")
    assert (URIRef("https://w3id.org/orthokg/shapes#TreatsShape"),
            URIRef("http://www.w3.org/ns/shacl#targetSubjectsOf"), OKG.treats) in shapes
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>OrthoKG ontology" in html
    assert f"{ONTOLOGY_IRI}/{orthokg.__version__}" in html
    for term in ("Procedure", "AnatomicalStructure", "Complication", "hasPossibleComplication",
                 "evidenceText", "mentionedIn"):
        assert str(OKG[term]) in html
    assert json.loads((out / "context.jsonld").read_text(encoding="utf-8")) == {
        "@context": published_context()}
    assert (root.level, list(root.handlers)) == before  # pyLODE's logging set-up undone


# --- versions -----------------------------------------------------------------------

def _latest_changelog_entry() -> tuple[str, str]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = re.search(r"^## \[(?P<version>[^\]]+)\][^\n]*\n(?P<body>.*?)(?=^## |\Z)", text,
                      re.MULTILINE | re.DOTALL)
    assert entry is not None, "CHANGELOG.md has no '## [version]' entry"
    iri = re.search(r"^Version IRI: <(?P<iri>[^>]+)>", entry["body"], re.MULTILINE)
    assert iri is not None, f"entry {entry['version']} has no 'Version IRI: <...>' line"
    return entry["version"], iri["iri"]


def test_version_iri_matches_changelog_and_pyproject() -> None:
    version, iri = _latest_changelog_entry()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tbox = tbox_graph()
    assert project["project"]["version"] == version
    assert iri == f"{ONTOLOGY_IRI}/{version}"
    assert str(tbox.value(ONTOLOGY_IRI, OWL.versionIRI)) == iri
    assert str(tbox.value(ONTOLOGY_IRI, OWL.versionInfo)) == version

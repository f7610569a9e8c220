"""The exports load in the OWL API (Protégé's reader) as clean OWL 2 DL, with nothing lost.

``CheckOntology.java`` is compiled here against Debian's libowlapi-java and run on the
RDF/XML and Turtle exports of the TBox alone, of TBox + ``tests/fixtures/mini.ttl`` and of
the graph built from the seed corpus.
It fails on unparsed triples, guessed (untyped) IRIs, undeclared entities, OWL 2 DL
profile violations, missing labels and lost axiom annotations; the ontology it saves
back must hold every triple of the export. Negative cases prove each check can fail.
Without the jars the tests skip locally and fail under ``CI=true``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from orthokg.export import serialize
from orthokg.ontology.owlapi import (
    OwlApiUnavailable,
    OwlCheckResult,
    check_ontology,
    compile_checker,
    lost_triples,
    owlapi_classpath,
)
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import QUANTITY

pytestmark = pytest.mark.java

# Quantity nodes have no rdfs:label in the graph shape of docs/ARCHITECTURE.md; every
# other OrthoKG entity (terms, concepts, documents) must have one.
LABEL_EXEMPT = (str(QUANTITY),)

BROKEN_HEADER = """
@prefix okg: <https://w3id.org/orthokg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/orthokg/ontology> a owl:Ontology .
okg:Procedure a owl:Class ; rdfs:label "procedure" .
okg:evidenceText a owl:AnnotationProperty ; rdfs:label "evidence text" .
"""


def _unavailable(exc: OwlApiUnavailable) -> None:
    """Missing Java or jars: a failure in CI (scripts/install-system-deps.sh installs
    them), a skip on a developer machine without them."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs Java and the OWL API: {exc}")
    pytest.skip(str(exc))


@pytest.fixture(scope="session")
def classpath() -> list[Path]:
    try:
        return owlapi_classpath()
    except OwlApiUnavailable as exc:
        _unavailable(exc)
        raise


@pytest.fixture(scope="session")
def checker(classpath: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of the compiled CheckOntology classes."""
    try:
        return compile_checker(tmp_path_factory.mktemp("owlapi-classes"), classpath)
    except OwlApiUnavailable as exc:
        _unavailable(exc)
        raise


def _export(graph: Graph, fmt: str, path: Path) -> Path:
    path.write_bytes(serialize(graph, fmt))
    return path


def _check(path: Path, checker: Path, classpath: list[Path], *,
           min_annotated: int = 0, roundtrip: Path | None = None) -> OwlCheckResult:
    result = check_ontology(path, checker, min_annotated_axioms=min_annotated,
                            label_exempt=LABEL_EXEMPT, roundtrip=roundtrip,
                            classpath=classpath)
    print(result.report)  # shown with -s / -rA: the report is part of the evidence
    return result


def _assert_nothing_lost(exported: Graph, roundtrip: Path) -> None:
    lost = lost_triples(exported, Graph().parse(roundtrip, format="nt"))
    assert lost == [], f"{len(lost)} triples did not survive the OWL API: {lost[:10]}"


def _annotated_axioms(graph: Graph) -> int:
    return len(set(graph.subjects(RDF.type, OWL.Axiom)))


def _assert_clean_export(graph: Graph, fmt: str, checker: Path, classpath: list[Path],
                         tmp_path: Path) -> OwlCheckResult:
    """Export ``graph``, check it, and check the OWL API kept every triple of it."""
    expected = _annotated_axioms(graph)
    saved = tmp_path / "saved.nt"
    result = _check(_export(graph, fmt, tmp_path / f"export.{fmt}"), checker, classpath,
                    min_annotated=expected, roundtrip=saved)
    assert result.passed, result.report
    assert f"annotated axioms: {expected} " in result.report
    _assert_nothing_lost(graph, saved)
    return result


@pytest.mark.parametrize("fmt", ["owl", "ttl"])
def test_tbox_export_is_clean_owl2_dl(fmt: str, checker: Path, classpath: list[Path],
                                      tmp_path: Path) -> None:
    result = _assert_clean_export(tbox_graph(), fmt, checker, classpath, tmp_path)
    assert "ontology: https://w3id.org/orthokg/ontology version " in result.report


@pytest.mark.parametrize("fmt", ["owl", "ttl"])
def test_fixture_kg_export_is_clean_owl2_dl(fmt: str, fixture_graph: Graph, checker: Path,
                                            classpath: list[Path], tmp_path: Path) -> None:
    assert _annotated_axioms(fixture_graph) > 0
    _assert_clean_export(fixture_graph, fmt, checker, classpath, tmp_path)


@pytest.mark.parametrize("fmt", ["owl", "ttl"])
def test_seed_kg_export_is_clean_owl2_dl(fmt: str, seed_graph: Graph, checker: Path,
                                         classpath: list[Path], tmp_path: Path) -> None:
    assert _annotated_axioms(seed_graph) > 0
    _assert_clean_export(seed_graph, fmt, checker, classpath, tmp_path)


def _broken(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN_HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "finding"), [
    # an annotation property used as an object property: punning OWL 2 DL forbids
    ("<https://w3id.org/orthokg/id/a> a owl:NamedIndividual ; rdfs:label \"a\" ; "
     "okg:evidenceText <https://w3id.org/orthokg/id/a> . okg:evidenceText a owl:ObjectProperty .",
     "Cannot pun between properties"),
    # the same punning by declarations alone, which the OWL API profile check lets through
    ("okg:evidenceText a owl:ObjectProperty .",
     "is both Annotation property and Object property"),
    # a class used but never declared
    ("<https://w3id.org/orthokg/id/x> a owl:NamedIndividual, okg:Unknown ; rdfs:label \"x\" .",
     "undeclared entities: 1"),
    # an untyped QUDT unit as the object of an object property
    ("okg:unit a owl:ObjectProperty ; rdfs:label \"unit\" . "
     "<https://w3id.org/orthokg/id/x> a owl:NamedIndividual ; rdfs:label \"x\" ; "
     "okg:unit <http://qudt.org/vocab/unit/WK> .",
     "- Named individual http://qudt.org/vocab/unit/WK"),
    # a concept without its rdfs:label
    ("<https://w3id.org/orthokg/id/x> a owl:NamedIndividual, okg:Procedure .",
     "entities without rdfs:label: 1"),
])
def test_checker_fails_on_each_kind_of_problem(body: str, finding: str, checker: Path,
                                               classpath: list[Path], tmp_path: Path) -> None:
    result = _check(_broken(tmp_path, body), checker, classpath)
    assert result.returncode == 1, result.report
    assert finding in result.report
    assert "result: FAIL" in result.report


def test_round_trip_finds_triples_the_owlapi_dropped(checker: Path, classpath: list[Path],
                                                     tmp_path: Path) -> None:
    # a stray restriction triple: the parser consumes it, builds no axiom and does not
    # list it as unparsed, so only the round trip shows it is gone
    path = _broken(tmp_path, "okg:Procedure owl:someValuesFrom okg:Procedure .")
    saved = tmp_path / "saved.nt"
    result = _check(path, checker, classpath, roundtrip=saved)
    assert result.passed, result.report
    lost = lost_triples(Graph().parse(path, format="turtle"), Graph().parse(saved, format="nt"))
    assert [str(p) for _, p, _ in lost] == [str(OWL.someValuesFrom)]


def test_checker_fails_when_axiom_annotations_are_lost(checker: Path, classpath: list[Path],
                                                       tmp_path: Path) -> None:
    result = _check(_broken(tmp_path, ""), checker, classpath, min_annotated=1)
    assert result.returncode == 1
    assert "annotated axioms: 0 (minimum 1)  <-- too few" in result.report


def test_checker_reports_unreadable_file(checker: Path, classpath: list[Path],
                                         tmp_path: Path) -> None:
    path = tmp_path / "bad.owl"
    path.write_text("<rdf:RDF this is not xml", encoding="utf-8")
    result = check_ontology(path, checker, classpath=classpath)
    assert result.returncode == 2
    assert "load error" in result.report


def test_classpath_has_the_owlapi_and_one_slf4j_binding(classpath: list[Path]) -> None:
    names = [jar.name for jar in classpath]
    assert names[0].startswith("owlapi")
    assert all(jar.is_file() for jar in classpath)
    bindings = [n for n in names if n.startswith("slf4j-") and n != "slf4j-api.jar"]
    assert bindings == ["slf4j-nop.jar"]


# --- a release: the data importing the TBox through the catalog, offline --------------

@pytest.mark.parametrize("data_file", ["orthokg-kg.owl", "orthokg-kg.ttl"])
def test_release_data_and_tbox_open_together_through_the_catalog(
        data_file: str, seed_graph: Graph, checker: Path, classpath: list[Path],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """What a Protégé user does: open the data; the catalog brings in the TBox."""
    from orthokg.release.writer import write_release

    out = tmp_path_factory.mktemp("owlapi-release")
    write_release(seed_graph, out)
    data = Graph().parse(out / "orthokg-kg.ttl")
    expected = _annotated_axioms(data)
    saved = out / "saved.nt"
    result = check_ontology(out / data_file, checker, catalog=out / "catalog-v001.xml",
                            min_annotated_axioms=expected, roundtrip=saved,
                            classpath=classpath)
    print(result.report)
    assert result.passed, result.report
    assert "ontology: https://w3id.org/orthokg/kg version https://w3id.org/orthokg/kg/" \
        in result.report
    assert "unparsed triples: 0" in result.report
    assert "OWL 2 DL profile violations: 0" in result.report
    assert "Class 0," not in result.report, "the TBox's classes came in through the import"
    _assert_nothing_lost(data, saved)


def test_catalog_naming_a_missing_file_is_a_load_error(
        checker: Path, classpath: list[Path], tmp_path: Path) -> None:
    from orthokg.ontology.data_ontology import tbox_version_iri
    from orthokg.release.catalog import catalog_xml

    (tmp_path / "catalog-v001.xml").write_bytes(
        catalog_xml([(str(tbox_version_iri()), "missing.owl")]))
    data = tmp_path / "data.ttl"
    data.write_text(f"<https://w3id.org/orthokg/kg> a <{OWL.Ontology}> ; "
                    f"<{OWL.imports}> <{tbox_version_iri()}> .", encoding="utf-8")
    result = check_ontology(data, checker, catalog=tmp_path / "catalog-v001.xml",
                            classpath=classpath, timeout=120)
    assert result.returncode == 2, result.report
    assert "load error" in result.report


# --- merging with PROV-O and SKOS -----------------------------------------------------

PYLODE_RDF = Path(__import__("pylode").__file__).parent / "rdf"
MERGE_ROOTS = {
    "prov": ("http://www.w3.org/ns/prov#", "prov.ttl",
             ("http://www.w3.org/ns/prov#wasDerivedFrom", "http://www.w3.org/ns/prov#Entity")),
    "skos": ("http://www.w3.org/2004/02/skos/core", "skos.ttl",
             tuple(f"http://www.w3.org/2004/02/skos/core#{n}" for n in (
                 "exactMatch", "closeMatch", "broadMatch", "narrowMatch", "altLabel",
                 "prefLabel", "definition"))),
}


DECLARING = frozenset({RDF.type, RDFS.subPropertyOf, RDFS.subClassOf, RDFS.domain,
                       RDFS.range, OWL.inverseOf, OWL.disjointWith,
                       OWL.propertyDisjointWith, RDFS.label})


def _declarations(name: str, out: Path) -> Path:
    """PROV-O's or SKOS's own declarations (types, super-properties, inverses, domains,
    ranges, disjointness, labels) of the terms OrthoKG uses and of every term they lead
    to, taken from the copies the pylode package ships, as an ontology of their IRI with
    no imports. (The whole PROV file is not used: it imports five other PROV modules
    from the web, puns prov:specializationOf itself and uses annotation properties it
    does not declare.)"""
    from rdflib import BNode, URIRef

    ontology_iri, file_name, roots = MERGE_ROOTS[name]
    source = Graph().parse(PYLODE_RDF / file_name)
    namespace = roots[0].rsplit("#", 1)[0] + "#"
    todo, seen = [URIRef(r) for r in roots], set()
    declarations = Graph()
    declarations.add((URIRef(ontology_iri), RDF.type, OWL.Ontology))
    while todo:
        term = todo.pop()
        if term in seen:
            continue
        seen.add(term)
        for s, p, o in source.triples((term, None, None)):
            if isinstance(o, BNode) or p not in DECLARING:
                continue
            declarations.add((s, p, o))
            if isinstance(o, URIRef) and str(o).startswith(namespace):
                todo.append(o)
    path = out / file_name
    declarations.serialize(path, format="turtle")
    return path


def _merge(release: Path, data_iri: str) -> Path:
    """An ontology importing the release data (with its TBox), PROV-O and SKOS; the
    release catalog extended with the two declaration files."""
    from orthokg.release.catalog import catalog_entries, catalog_xml

    entries = catalog_entries((release / "catalog-v001.xml").read_bytes())
    for name, (iri, file_name, _) in MERGE_ROOTS.items():
        _declarations(name, release)
        entries.append((iri, file_name))
    (release / "catalog-v001.xml").write_bytes(catalog_xml(entries))
    imports = ", ".join(f"<{iri}>" for iri in (data_iri, *(r[0] for r in MERGE_ROOTS.values())))
    merge = release / f"merge-{data_iri.rsplit('/', 1)[-1]}.ttl"
    merge.write_text(f"<urn:x-orthokg:merge> a <{OWL.Ontology}> ; <{OWL.imports}> {imports} .",
                     encoding="utf-8")
    return merge


@pytest.fixture(scope="module")
def merge_release(seed_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from orthokg.release.writer import write_release

    out = tmp_path_factory.mktemp("merge-release")
    write_release(seed_graph, out)
    return out


def test_dl_profile_merges_with_prov_o_and_skos_without_dl_violations(
        merge_release: Path, checker: Path, classpath: list[Path]) -> None:
    merge = _merge(merge_release, "https://w3id.org/orthokg/kg/dl")
    result = check_ontology(merge, checker, catalog=merge_release / "catalog-v001.xml",
                            label_prefixes=("https://w3id.org/orthokg/",),
                            classpath=classpath)
    print(result.report)
    assert result.passed, result.report
    assert "OWL 2 DL profile violations: 0" in result.report
    assert "Object property 0" not in result.report


def test_contract_files_pun_prov_and_skos_which_the_check_finds(
        merge_release: Path, checker: Path, classpath: list[Path]) -> None:
    """Why the profile exists: the contract release (prov:wasDerivedFrom and skos:*Match
    as annotations) merged with the same declarations is not OWL 2 DL."""
    merge = _merge(merge_release, "https://w3id.org/orthokg/kg")
    result = check_ontology(merge, checker, catalog=merge_release / "catalog-v001.xml",
                            classpath=classpath)
    assert result.returncode == 1
    assert "wasDerivedFrom is both Annotation property and Object property" in result.report
    assert "exactMatch is both Annotation property and Object property" in result.report


def test_release_lexicon_is_clean_owl2_dl_through_the_catalog(
        merge_release: Path, checker: Path, classpath: list[Path]) -> None:
    result = check_ontology(merge_release / "orthokg-lexicon.owl", checker,
                            catalog=merge_release / "catalog-v001.xml", classpath=classpath)
    print(result.report)
    assert result.passed, result.report
    assert "ontology: https://w3id.org/orthokg/lexicon version" in result.report


def test_release_class_view_is_clean_owl2_dl_through_the_catalog(
        merge_release: Path, checker: Path, classpath: list[Path]) -> None:
    """The class view (each concept a class, each fact an existential restriction) opens
    with the TBox it imports, offline: no DL violation, nothing unparsed or unlabelled."""
    result = check_ontology(merge_release / "orthokg-classes.owl", checker,
                            catalog=merge_release / "catalog-v001.xml", classpath=classpath)
    print(result.report)
    assert result.passed, result.report
    assert "ontology: https://w3id.org/orthokg/classes version" in result.report
    assert "unparsed triples: 0" in result.report
    assert "OWL 2 DL profile violations: 0" in result.report

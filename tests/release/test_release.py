"""``orthokg release``: every artefact, reproducible bytes, small diffs, a clean report.

The seed corpus is released once by the library (``seed_release``) and once more by the
command from a second build: the two directories must be byte-identical. A copy of the
corpus with one document cut short is released against the first: only that
document's named graph may change among the documents' graphs, and the CHANGELOG entry
lists the facts that went.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from orthokg.cli.app import main
from orthokg.export import read_graph
from orthokg.loaders.pipeline import build_graph
from orthokg.ontology.data_ontology import DATA_ONTOLOGY_IRI, tbox_version_iri
from orthokg.ontology.vocab import EVIDENCE, IAO_DEFINITION, OBO_IN_OWL, OWL, RDF, SKOS
from orthokg.release.catalog import catalog_entries
from orthokg.release.changelog import core_facts
from orthokg.release.writer import CONTEXT_IRI, Release, write_release
from tests.conftest import SEEDS, require_shared

EXPECTED_FILES = {
    "orthokg.ttl", "orthokg.owl", "orthokg-kg.ttl", "orthokg-kg.owl", "orthokg-kg.nq",
    "orthokg-kg.jsonld", "context.jsonld", "orthokg-shapes.ttl",
    "orthokg-mappings.sssom.tsv", "catalog-v001.xml", "orthokg-report.tsv", "CHANGELOG.md",
    "orthokg-dl.owl", "orthokg-kg-dl.owl", "orthokg-dl.ttl", "orthokg-kg-dl.ttl",
    "orthokg-lexicon.owl", "orthokg-classes.owl",
}
CHANGED_DOC = "003_3b95e978dabcb079"


def _quads_by_graph(path: Path) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        graphs[line.rsplit(" ", 2)[-2]].add(line)
    return graphs


def test_release_writes_every_artefact(seed_release: Release) -> None:
    assert {p.name for p in seed_release.out.iterdir()} == EXPECTED_FILES
    assert sorted(seed_release.files) == sorted(seed_release.out.iterdir())


def test_data_is_its_own_ontology_importing_the_tbox(seed_release: Release) -> None:
    data = Graph().parse(seed_release.out / "orthokg-kg.ttl")
    assert set(data.subjects(RDF.type, OWL.Ontology)) == {DATA_ONTOLOGY_IRI}
    assert data.value(DATA_ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        f"{DATA_ONTOLOGY_IRI}/{seed_release.version}")
    assert data.value(DATA_ONTOLOGY_IRI, OWL.imports) == tbox_version_iri()
    tbox = Graph().parse(seed_release.out / "orthokg.ttl")
    assert not set(data) & set(tbox), "TBox axioms in the data"


def test_catalog_maps_the_imported_tbox_to_the_shipped_file(seed_release: Release) -> None:
    entries = dict(catalog_entries((seed_release.out / "catalog-v001.xml").read_bytes()))
    assert entries[str(tbox_version_iri())] == "orthokg.owl"
    for file_name in entries.values():
        assert (seed_release.out / file_name).is_file()


def test_evidence_and_quantities_are_named_not_blank(seed_release: Release) -> None:
    data = Graph().parse(seed_release.out / "orthokg-kg.ttl")
    axioms = set(data.subjects(RDF.type, OWL.Axiom))
    assert axioms and all(str(a).startswith(str(EVIDENCE)) for a in axioms)
    assert not any(term.startswith("_:") for t in data for term in (t[0].n3(), t[2].n3()))


def test_obo_definitions_and_typed_synonyms(seed_release: Release) -> None:
    tbox = Graph().parse(seed_release.out / "orthokg.ttl")
    for term, text in tbox.subject_objects(SKOS.definition):
        assert (term, IAO_DEFINITION, text) in tbox
    data = Graph().parse(seed_release.out / "orthokg-kg.ttl")
    thr = URIRef("https://w3id.org/orthokg/id/total-hip-replacement")
    exact = {str(n) for n in data.objects(thr, OBO_IN_OWL.hasExactSynonym)}
    broad = {str(n) for n in data.objects(thr, OBO_IN_OWL.hasBroadSynonym)}
    assert "THR" in exact and "hip replacement" in broad and not exact & broad


def test_report_has_no_error_and_only_argued_warnings(seed_release: Release) -> None:
    assert seed_release.report is not None and seed_release.report["ERROR"] == 0
    rows = [line.split("\t") for line in
            (seed_release.out / "orthokg-report.tsv").read_text().splitlines()[1:]]
    warnings = {(rule, subject) for level, rule, subject, *_ in rows if level == "WARN"}
    # Argued: a provenance axiom node is an owl:Axiom, not an entity; ROBOT itself reads
    # the ontology through the OWL API, where these nodes are blank and the query skips
    # them, so a definition would be noise. Every other term and concept has one.
    assert all(rule == "missing_definition" and subject.startswith(str(EVIDENCE))
               for rule, subject in warnings), sorted(warnings)[:5]


def test_sssom_file_validates(seed_release: Release, tmp_path: Path) -> None:
    sssom = Path(sys.executable).with_name("sssom")
    mappings = seed_release.out / "orthokg-mappings.sssom.tsv"
    done = subprocess.run([str(sssom), "validate", str(mappings)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = mappings.read_text().splitlines()
    assert sum(1 for r in rows if not r.startswith("#")) - 1 == seed_release_mappings(
        seed_release)
    # the validator can fail: an unknown justification is an error
    broken = tmp_path / "broken.sssom.tsv"
    broken.write_text(mappings.read_text().replace("semapv:ManualMappingCuration",
                                                   "semapv:Guessing"))
    done = subprocess.run([str(sssom), "validate", str(broken)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode != 0


def seed_release_mappings(release: Release) -> int:
    data = Graph().parse(release.out / "orthokg-kg.ttl")
    return sum(1 for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
                           SKOS.narrowMatch) for _ in data.subject_objects(p))


def test_jsonld_names_its_context_by_iri(seed_release: Release) -> None:
    document = json.loads((seed_release.out / "orthokg-kg.jsonld").read_text())
    assert document["@context"] == CONTEXT_IRI
    context = json.loads((seed_release.out / "context.jsonld").read_text())
    expanded = Graph().parse(data=json.dumps({**document, "@context": context["@context"]}),
                             format="json-ld")
    assert len(expanded) == len(Graph().parse(seed_release.out / "orthokg-kg.ttl"))


def test_second_build_gives_byte_identical_release(seed_release: Release, robot_queries: Path,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "again"
    code = main(["release", str(require_shared(SEEDS)), "--out", str(out), "-q",
                 "--report-queries", str(robot_queries)])
    assert code == 0
    differing = [p.name for p in seed_release.out.iterdir()
                 if p.read_bytes() != (out / p.name).read_bytes()]
    assert differing == []


def test_changed_document_changes_only_its_graph(seed_release: Release,
                                                 tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(require_shared(SEEDS), corpus)
    changed = corpus / f"{CHANGED_DOC}.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text[: len(text) // 2], encoding="utf-8")
    release = write_release(build_graph([corpus]).graph, tmp_path / "changed",
                            previous=seed_release.out)
    before = _quads_by_graph(seed_release.out / "orthokg-kg.nq")
    after = _quads_by_graph(release.out / "orthokg-kg.nq")
    doc_graphs = {g for g in before | after if "/graph/0" in g}
    moved = {g for g in doc_graphs if before.get(g) != after.get(g)}
    assert moved == {f"<https://w3id.org/orthokg/graph/{CHANGED_DOC}>"}
    assert release.version != seed_release.version
    old = core_facts(read_graph(seed_release.out / "orthokg-kg.nq"))
    new = core_facts(read_graph(release.out / "orthokg-kg.nq"))
    entry = (release.out / "CHANGELOG.md").read_text()
    assert (f"Since {seed_release.version}: {len(new - old)} facts added, "
            f"{len(old - new)} removed") in entry
    assert old - new, "cutting a document in half removes some of its facts"
    assert f"## {seed_release.version}" in entry, "the earlier entries are kept"


@pytest.mark.parametrize(("args", "message"), [
    (["--version", "no spaces"], "release version"),
    (["--report-queries", "/nonexistent-dir"], "not a directory"),
    (["--report-queries", "."], "no report_profile.txt"),
    (["--previous", "."], "not a release directory"),
])
def test_bad_options_fail_in_one_line(args: list[str], message: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["release", str(tmp_path), "--out", str(tmp_path / "out"), *args])
    assert code != 0
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_dev_corpus_release_report_has_no_error(robot_queries: Path, tmp_path: Path) -> None:
    """A second corpus (other procedures and publishers) reaches the same bar."""
    dev = require_shared(SEEDS.parent / "dev")
    release = write_release(build_graph([dev]).graph, tmp_path / "dev",
                            report_queries=robot_queries)
    assert release.report is not None and release.report["ERROR"] == 0
    rows = (release.out / "orthokg-report.tsv").read_text().splitlines()[1:]
    assert all(r.startswith("WARN\tmissing_definition\thttps://w3id.org/orthokg/evidence/")
               for r in rows if r.startswith("WARN"))


def test_no_term_is_named_like_a_lexicon_concept() -> None:
    """ROBOT's duplicate_label (ERROR) and duplicate_label_synonym, for any corpus: no
    TBox label is a lexicon concept's label or other name (classes say "(class)")."""
    from rdflib.namespace import RDFS

    from orthokg.ontology.lexicon import load_lexicon
    from orthokg.ontology.tbox import tbox_graph
    from orthokg.ontology.vocab import concept_iri

    owners = {name: concept_iri(c.label) for c in load_lexicon() for name in c.names}
    # the region anchors are lexicon concepts declared in the TBox under their own IRI
    clashes = sorted(str(label) for term, label in tbox_graph().subject_objects(RDFS.label)
                     if str(label) in owners and owners[str(label)] != term)
    assert clashes == []


def test_lexicon_hierarchy_ships_with_the_release(seed_release: Release) -> None:
    """Links the lexicon records reach the release even when no page states them."""
    from orthokg.ontology.vocab import OKG, OKGR

    lexicon = Graph().parse(seed_release.out / "orthokg-lexicon.owl", format="xml")
    assert (OKGR["birmingham-hip-resurfacing"], OKG.subtypeOf, OKGR["hip-resurfacing"]) \
        in lexicon
    assert (OKGR["hip-prosthesis"], OKG.kindOf, OKGR["joint-prosthesis"]) in lexicon
    assert (OKGR["hip-prosthesis"], OKG.subtypeOf, None) not in lexicon, \
        "devices are outside subtypeOf's signature: kindOf only"
    assert any(lexicon.triples((None, OKG.partOf, None)))


@pytest.mark.parametrize("name", ["orthokg-dl", "orthokg-kg-dl"])
def test_dl_profile_ships_as_turtle_with_the_same_triples(seed_release: Release,
                                                          name: str) -> None:
    from decimal import Decimal

    from rdflib import Literal
    from rdflib.compare import isomorphic
    from rdflib.namespace import XSD

    def by_value(graph: Graph) -> Graph:
        # Turtle writes a decimal 3 as 3.0, RDF/XML as "3": one value, two spellings
        out = Graph()
        for s, p, o in graph:
            if isinstance(o, Literal) and o.datatype == XSD.decimal:
                o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
            out.add((s, p, o))
        return out

    turtle = Graph().parse(seed_release.out / f"{name}.ttl")
    rdfxml = Graph().parse(seed_release.out / f"{name}.owl")
    assert len(turtle) > 100 and isomorphic(by_value(turtle), by_value(rdfxml))
    assert (seed_release.out / f"{name}.ttl").stat().st_size < \
        (seed_release.out / f"{name}.owl").stat().st_size

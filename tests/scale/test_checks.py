"""An incremental rebuild checks only where the store changed: faults planted in a
changed copy of a built store are found there exactly as the whole-store check finds
them, and a clean change is checked on a neighbourhood smaller than the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from orthokg.cli.app import app
from orthokg.reasoning.findings import ValidationReport
from orthokg.reasoning.validation import validate_store
from orthokg.scale.checks import changed_triples, focus_nodes, validate_changes, validate_focus
from orthokg.scale.stream import CONCEPTS_GRAPH
from tests.conftest import FIXTURES

PREFIXES = """PREFIX okg: <https://w3id.org/orthokg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
KNEE = "https://w3id.org/orthokg/graph/knee_arthroscopy"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("checks")
    store = work / "store"
    result = CliRunner().invoke(app, ["build", str(FIXTURES / "docs"), "--store", str(store),
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    return store


def _copy(built: Path, into: Path) -> ox.Store:
    target = into / "copy"
    ox.Store.read_only(str(built)).backup(str(target))
    return ox.Store(str(target))


def _one(store: ox.Store, query: str) -> list[ox.NamedNode]:
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    row = next(iter(rows))
    return [row[i] for i in range(len(rows.variables))]


def _violations(report: ValidationReport) -> list[tuple[str, str, str]]:
    """Check, node and value of each violation (the evidence of a GROUP_CONCAT may list
    its parts in any order)."""
    return sorted((f.check, str(f.node), str(f.value)) for f in report.violations)


def test_planted_faults_are_found_as_the_whole_store_check_finds_them(
        built: Path, tmp_path: Path) -> None:
    new = _copy(built, tmp_path)
    assert validate_store(new).conforms
    fact = _one(new, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{CONCEPTS_GRAPH}> {{ ?s ?p ?o }} "
                     "?p okg:coreProperty true . ?a owl:annotatedSource ?s ; "
                     "owl:annotatedProperty ?p ; owl:annotatedTarget ?o }")
    concept = _one(new, f"SELECT ?c WHERE {{ GRAPH <{CONCEPTS_GRAPH}> {{ ?c a ?t }} "
                        "?t rdfs:subClassOf* okg:Condition . "
                        "?x okg:hasPossibleComplication ?c }")[0]
    document = _one(new, "SELECT ?d WHERE { ?d a okg:SourceDocument ; okg:sha256 ?h }")[0]
    s, p, o = fact
    new.update(f"""{PREFIXES}
        DELETE DATA {{ GRAPH <{CONCEPTS_GRAPH}> {{ {s} {p} {o} }} }} ;
        INSERT DATA {{ GRAPH <{CONCEPTS_GRAPH}> {{
            {s} rdfs:label "a second label"@en .
            {s} okg:treats <https://w3id.org/orthokg/id/made-up-condition> .
            <https://w3id.org/orthokg/id/made-up-condition> a okg:Condition .
        }} }} ;
        DELETE WHERE {{ GRAPH ?g {{ {concept} a ?type }} }} ;
        DELETE WHERE {{ GRAPH ?g {{ {document} okg:sha256 ?h }} }}""")
    whole = validate_store(new)
    assert {f.check for f in whole.violations} == {
        "concept-with-two-labels-violation", "ConceptHasOneLabel",  # a second label
        "fact-without-provenance-violation",  # a fact no document states
        "concept-without-label-violation", "ConceptHasLabel",  # its unlabelled object
        "axiom-without-asserted-fact-violation",  # an axiom whose fact is gone
        "ConceptClassShape", "HasPossibleComplicationShape",  # a value's types gone
        "SourceDocumentShape"}  # a document's hash gone
    graphs = [CONCEPTS_GRAPH, *(str(g.value) for g in new.named_graphs()
                                if isinstance(g, ox.NamedNode))]
    changed = changed_triples(ox.Store.read_only(str(built)), new, graphs)
    focus = focus_nodes((t for triples in changed.values() for t in triples), new)
    assert _violations(validate_focus(new, focus)) == _violations(whole)
    assert _violations(validate_changes(built, new, graphs)) == _violations(whole)


def test_a_clean_change_is_checked_on_part_of_the_store(built: Path, tmp_path: Path) -> None:
    """One document's graph rewritten with one more mention: no finding, and the focus
    leaves out most of the store's nodes."""
    new = _copy(built, tmp_path)
    concept = _one(new, f"SELECT ?c WHERE {{ GRAPH <{CONCEPTS_GRAPH}> {{ ?c a ?t }} "
                        "?t rdfs:subClassOf* okg:Device }")[0]
    new.update(f"{PREFIXES} INSERT DATA {{ GRAPH <{KNEE}> {{ {concept} okg:mentionedIn "
               "<https://w3id.org/orthokg/doc/knee_arthroscopy> } }")
    changed = changed_triples(ox.Store.read_only(str(built)), new, [CONCEPTS_GRAPH, KNEE])
    assert sum(map(len, changed.values())) == 1
    focus = focus_nodes((t for triples in changed.values() for t in triples), new)
    nodes = {q.subject for q in new.quads_for_pattern(None, None, None, None)}
    assert 0 < len(focus) < len(nodes) // 4
    assert validate_changes(built, new, [CONCEPTS_GRAPH, KNEE]).conforms


def test_a_rebuild_of_a_store_built_without_checks_checks_it_all(tmp_path: Path) -> None:
    """A store built with --no-validate was never checked: its rebuild checks the whole
    store, then later rebuilds may check only their changes."""
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "docs", docs)
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(docs), "--store", str(store), "--no-validate",
                               "-q"]).exit_code == 0
    assert not list(store.rglob("CHECKED"))
    assert runner.invoke(app, ["build", str(docs), "--store", str(store), "-q"]).exit_code == 0
    assert list(store.rglob("CHECKED"))

"""The corpus-scale OWL 2 RL path (files and Oxigraph, no rdflib graph of the KG) must
report what the in-memory path reports: the same inferred triples, verdict, clashes and
defined-class members, from a graph file or a build's store; and one line naming a
graph file that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import reasonable
from rdflib import BNode, Dataset, Graph, URIRef

from orthokg.cli.app import main
from orthokg.cli.reason import summary
from orthokg.errors import DocumentError, ReasoningError
from orthokg.export.read import read_graph
from orthokg.ontology.tbox import tbox_graph, tbox_path
from orthokg.ontology.vocab import OKG, OKGR, OWL
from orthokg.queries.store import write_store
from orthokg.reasoning import reason
from orthokg.reasoning.rl_files import reason_files
from orthokg.reasoning.rl_input import prepared
from tests.conftest import FIXTURES
from tests.reasoning.conftest import mini_file, planted_clash


@pytest.fixture
def kg(tmp_path: Path) -> Path:
    return mini_file(tmp_path)



def _same_report(path: Path) -> None:
    """The files path and the in-memory path agree on everything they report."""
    graph = read_graph(path)
    old = reason(graph, "owlrl")
    new = reason_files(kg=path)
    assert set(new.inferred) == set(old.inferred)
    assert len(new.inferred) == len(old.inferred)
    assert new.consistent == old.consistent
    assert new.defined_class_members() == old.defined_class_members()
    assert sorted(c.describe() for c in new.clashes) == sorted(c.describe() for c in old.clashes)
    assert summary(new, new.asserted)[1:] == summary(old, len(graph))[1:]  # [0] has the time


def test_the_seed_graph_gets_the_in_memory_report(seed_kg_file: Path) -> None:
    _same_report(seed_kg_file)


def test_an_inconsistent_graph_gets_the_same_clashes(kg: Path) -> None:
    bad = planted_clash(kg)
    _same_report(bad)
    found = reason_files(kg=bad)
    assert not found.consistent
    assert [c.individual for c in found.clashes] == [OKGR["knee-joint"]]
    assert "okgr:total-knee-replacement okg:treats okgr:knee-joint (range okg:Condition)" in \
        found.explanation


def test_the_command_prints_the_in_memory_summary_and_writes_the_triples(
        seed_kg_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "inferred.ttl"
    assert main(["reason", "--kg", str(seed_kg_file), "-r", "owlrl", "-o", str(target)]) == 0
    printed = capsys.readouterr().out.splitlines()
    graph = read_graph(seed_kg_file)
    old = reason(graph, "owlrl")
    expected = summary(old, len(graph))
    assert printed[1:len(expected)] == expected[1:]
    assert printed[len(expected)].startswith(f"wrote {len(old.inferred)} inferred triples to")
    assert set(Graph().parse(target)) == set(old.inferred)


def test_an_inconsistent_graph_fails_the_command_with_the_clash(
        kg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = planted_clash(kg)
    assert main(["reason", "--kg", str(bad), "-r", "owlrl"]) == ReasoningError.exit_code
    captured = capsys.readouterr()
    assert "consistent: NO" in captured.out
    assert "okgr:knee-joint is both okg:AnatomicalStructure and okg:Condition" in captured.err
    assert not bad.with_name("bad.inferred.ttl").exists()


def test_a_build_store_gives_what_its_graph_file_gives(kg: Path, tmp_path: Path) -> None:
    graph = tbox_graph()
    graph.parse(kg)
    write_store(graph, tmp_path / "store")
    from_file, from_store = reason_files(kg=kg), reason_files(store=tmp_path / "store")
    assert from_store.inferred == from_file.inferred
    assert from_store.inferred


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".jsonld", ".owl"])
def test_other_syntaxes_give_the_turtle_answer(kg: Path, suffix: str) -> None:
    """N-Triples goes to the reasoner under a .ttl link; quads are merged into one graph."""
    graph = Graph().parse(kg)
    other = kg.with_suffix(suffix)
    if suffix == ".nq":  # two named graphs, as a build's N-Quads export has
        dataset = Dataset()
        for n, triple in enumerate(graph):
            dataset.graph(URIRef(f"urn:g{n % 2}")).add(triple)
        dataset.serialize(destination=str(other), format="nquads")
    else:
        syntax = {".nt": "nt", ".jsonld": "json-ld", ".owl": "xml"}[suffix]
        graph.serialize(destination=str(other), format=syntax, encoding="utf-8")
    found = reason_files(kg=other)
    assert found.asserted == len(graph)
    assert found.inferred == reason_files(kg=kg).inferred


def test_the_tbox_keeps_its_own_blank_nodes(tmp_path: Path) -> None:
    """reasonable numbers anonymous blank nodes afresh in every file it loads; the TBox
    must not share them with a Turtle graph that has its own ``[ ... ]`` nodes."""
    graph = tbox_graph()  # an older TBox: the packaged one is added, both have [ ... ]
    graph.remove((OKG.HipProcedure, None, None))
    kg = tmp_path / "older.ttl"
    graph.serialize(destination=str(kg), format="turtle")

    def blank(path: Path) -> set[str]:
        reasoner = reasonable.PyReasoner()
        reasoner.load_file(str(path))
        return {str(x) for t in reasoner.get_base_triples() for x in t if isinstance(x, BNode)}

    assert blank(tbox_path()) & blank(kg)  # the hazard: both number theirs from 1
    with prepared(kg=kg) as source:
        tbox_file, graph_file = source.files
        assert blank(graph_file) and blank(tbox_file)
        assert not blank(tbox_file) & blank(graph_file)


def test_inferred_triples_are_written_in_the_suffix_syntax(
        kg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "inferred.nt"
    assert main(["reason", "--kg", str(kg), "-r", "owlrl", "-o", str(target)]) == 0
    written = list(ox.parse(path=target, format=ox.RdfFormat.N_TRIPLES))
    assert len(written) == len(reason_files(kg=kg).inferred) > 0
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("missing.ttl", None, "no such file"),
    ("broken.ttl", "<urn:a> <urn:b> .\n", "not valid Turtle"),
    ("broken.nt", "<urn:a> <urn:b> <urn:c>\n", "not valid N-Triples"),
    ("table.csv", "a,b,c\n", "unknown RDF syntax"),
])
def test_an_unreadable_graph_file_is_one_line_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None,
        problem: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError, match=problem) as raised:
        reason_files(kg=path)
    assert str(raised.value).startswith(f"{path}: ") and "\n" not in str(raised.value)
    code = main(["reason", "--kg", str(path), "-r", "owlrl", "-o", str(tmp_path / "x.ttl")])
    assert code == DocumentError.exit_code
    err = capsys.readouterr().err
    assert name in err and problem in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_kg_and_store_together_are_refused(kg: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reason", "--kg", str(kg), "--store", str(tmp_path), "-r", "owlrl"]) == 2
    assert "--kg FILE or --store DIR (one of them)" in capsys.readouterr().err


def _files(graph: Graph, path: Path) -> list[str]:
    graph.serialize(destination=str(path), format="turtle")
    with prepared(kg=path) as source:
        return [f.name for f in source.files]


def test_a_graph_holding_the_tbox_is_not_given_it_again(seed_kg_file: Path,
                                                        tmp_path: Path) -> None:
    with prepared(kg=seed_kg_file) as source:
        assert [f.name for f in source.files] == ["graph.ttl"]
    assert _files(Graph().parse(FIXTURES / "mini.ttl"), tmp_path / "bare.ttl") == [
        "tbox.ttl", "graph.ttl"]


@pytest.mark.parametrize("change", ["a named axiom", "a restriction's filler"])
def test_a_graph_with_another_tbox_is_given_the_packaged_one(tmp_path: Path,
                                                             change: str) -> None:
    """A graph built with an older TBox gets the packaged one merged in, as in memory."""
    graph = tbox_graph()
    graph.parse(FIXTURES / "mini.ttl")
    assert _files(graph, tmp_path / "same.ttl") == ["graph.ttl"]
    if change == "a named axiom":
        graph.remove((OKG.HipProcedure, None, None))
    else:
        filler = next(t for t in graph if t[1] == OWL.someValuesFrom)
        graph.remove(filler)
        graph.add((filler[0], filler[1], OKG.Procedure))
    assert _files(graph, tmp_path / "other.ttl") == ["tbox.ttl", "graph.ttl"]

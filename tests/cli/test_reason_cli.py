"""`orthokg reason` and `orthokg validate` as a user runs them: files written beside the
graph, summaries naming the defined-class members, one error line and the right exit code
on an inconsistent or invalid graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from orthokg.cli.app import main
from orthokg.errors import ReasoningError, StoreError, ValidationError
from orthokg.ontology.vocab import OKG, OKGR, RDF
from tests.reasoning.conftest import mini_file, planted_clash


@pytest.fixture
def kg(tmp_path: Path) -> Path:
    return mini_file(tmp_path)



def test_reason_owlrl_writes_inferred_beside_the_graph(kg: Path, capsys) -> None:
    assert main(["reason", "--kg", str(kg), "--reasoner", "owlrl"]) == 0
    out = capsys.readouterr().out
    assert "consistent: yes" in out
    assert "SpineProcedure (1): okgr:microdiscectomy" in out
    inferred = Graph().parse(kg.with_name("kg.inferred.ttl"))
    assert (OKGR.microdiscectomy, RDF.type, OKG.ImageGuidedProcedure) in inferred
    assert not [t for t in inferred if t in Graph().parse(kg)]
    assert not list(kg.parent.glob("*.tmp"))


@pytest.mark.java
def test_reason_hermit_to_a_chosen_file(kg: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out" / "inf.ttl"
    assert main(["reason", "--kg", str(kg), "--out", str(target)]) == 0
    assert "KneeProcedure (1): okgr:total-knee-replacement" in capsys.readouterr().out
    assert (OKGR["total-knee-replacement"], RDF.type, OKG.KneeProcedure) in Graph().parse(target)


def test_reason_inconsistent_graph_exits_with_reasoning_error(kg: Path, capsys) -> None:
    bad = planted_clash(kg)
    assert main(["reason", "--kg", str(bad), "-r", "owlrl"]) == ReasoningError.exit_code
    captured = capsys.readouterr()
    assert "consistent: NO" in captured.out
    assert "okgr:knee-joint is both okg:AnatomicalStructure and okg:Condition" in captured.err
    assert not bad.with_name("bad.inferred.ttl").exists()


def test_reason_missing_file_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["reason", "--kg", str(tmp_path / "nope.ttl")]) != 0
    err = capsys.readouterr().err
    assert "nope.ttl" in err and "Traceback" not in err


def test_reason_output_that_cannot_be_written_is_one_line(kg: Path, tmp_path: Path,
                                                          capsys) -> None:
    target = tmp_path / "a-directory.ttl"
    target.mkdir()
    code = main(["reason", "--kg", str(kg), "-r", "owlrl", "-o", str(target)])
    assert code == StoreError.exit_code
    err = capsys.readouterr().err
    assert f"{target}: is a directory" in err and "Traceback" not in err
    assert not target.with_name("a-directory.ttl.tmp").exists()


def test_validate_passes_on_the_fixture(kg: Path, capsys) -> None:
    assert main(["validate", "--kg", str(kg)]) == 0
    assert "0 violation(s)" in capsys.readouterr().out


def test_validate_names_the_offending_node(kg: Path, capsys) -> None:
    bad = planted_clash(kg)
    assert main(["validate", "--kg", str(bad)]) == ValidationError.exit_code
    captured = capsys.readouterr()
    assert ("Violation [TreatsShape] okgr:total-knee-replacement -> okgr:knee-joint: "
            "object of okg:treats is not a Condition") in captured.out
    assert "1 violation(s)" in captured.err

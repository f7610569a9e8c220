"""`orthokg build` as a user runs it: outputs, bad input, keep-going, atomic writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from orthokg.ontology.vocab import OKG
from tests.conftest import FIXTURES

GOOD = FIXTURES / "docs" / "knee_arthroscopy.txt"


def _build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orthokg.cli.app", "build", *args],
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture()
def bad_docs(tmp_path: Path) -> dict[str, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    files = {"empty": docs / "empty.txt", "binary": docs / "binary.txt",
             "latin": docs / "latin.txt"}
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    files["latin"].write_bytes("Hip pain \u2014 caf\u00e9 \xff\xfe\x81".encode("latin-1", "replace")
                               + b"\x81\x8d\x8f\x90\x9d" * 3)
    return files


def test_build_writes_turtle_and_rdfxml(tmp_path: Path):
    for name in ("kg.ttl", "kg.owl"):
        done = _build(str(GOOD), "--out", str(tmp_path / name), "--no-validate", "-q")
        assert done.returncode == 0, done.stderr
        graph = Graph().parse(tmp_path / name)
        assert (None, OKG.hasPossibleComplication, None) in graph
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("kind", ["empty", "binary", "latin", "missing"])
def test_each_bad_input_is_one_line_naming_the_file(tmp_path: Path, bad_docs, kind):
    path = bad_docs.get(kind, tmp_path / "docs" / "nowhere.txt")
    out = tmp_path / "kg.ttl"
    done = _build(str(GOOD), str(path), "--out", str(out), "--no-validate", "-q")
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert path.name in lines[0]
    assert "Traceback" not in done.stderr
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))


def test_keep_going_reports_bad_files_and_builds_the_rest(tmp_path: Path, bad_docs):
    out = tmp_path / "kg.ttl"
    missing = tmp_path / "docs" / "nowhere.txt"
    done = _build(str(GOOD), *map(str, bad_docs.values()), str(missing), "--out", str(out),
                  "--keep-going", "--no-validate", "-q")
    assert done.returncode == 2, done.stderr
    for path in [*bad_docs.values(), missing]:
        assert path.name in done.stderr
    graph = Graph().parse(out)
    docs = set(graph.subjects(RDF.type, OKG.SourceDocument))
    assert len(docs) == 1


def test_a_failed_build_keeps_the_previous_output(tmp_path: Path, bad_docs):
    out = tmp_path / "kg.ttl"
    out.write_text("previous build\n")
    done = _build(str(bad_docs["binary"]), "--out", str(out), "--no-validate", "-q")
    assert done.returncode != 0
    assert out.read_text() == "previous build\n"


def test_a_paragraph_longer_than_spacys_limit_still_builds(tmp_path: Path):
    """spaCy refuses texts over a million characters; the reader's blocks can be longer."""
    doc = tmp_path / "long.txt"
    doc.write_text("Knee Arthroscopy\n\n" + "The knee joint is examined carefully " * 30_000)
    assert doc.stat().st_size > 1_000_000
    out = tmp_path / "kg.ttl"
    done = _build(str(doc), "--out", str(out), "--no-validate", "-q")
    assert done.returncode == 0, done.stderr
    assert out.exists()

"""The Python API given bad input: ``orthokg.build`` raises one clear error naming the
input, takes a path as a string, and with ``keep_going`` says what it left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph

import orthokg
from orthokg.errors import DocumentError, QueryError
from orthokg.ontology.vocab import OKG
from tests.bad_input.conftest import GOOD_TEXT


def _documents(graph: Graph) -> int:
    return len(set(graph.subjects(RDF.type, OKG.SourceDocument)))


def _shape(graph: Graph) -> tuple[int, int, int]:
    """Triples, fact axioms and documents: what a document read twice would double
    (blank nodes and ingestion times differ between two builds of the same input)."""
    return len(graph), len(set(graph.subjects(RDF.type, OWL.Axiom))), _documents(graph)


def test_a_string_is_a_path_not_a_list_of_characters(good_doc: Path) -> None:
    by_string = orthokg.build(str(good_doc))
    assert _documents(by_string) == 1
    assert _shape(by_string) == _shape(orthokg.build([good_doc]))


def test_keep_going_returns_what_was_left_out(good_doc: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = orthokg.build([good_doc, empty, tmp_path / "gone.txt"], keep_going=True)
    assert _documents(result.graph) == 1
    left_out = sorted(Path(e.document).name for e in result.errors)
    assert left_out == ["empty.txt", "gone.txt"]
    assert all("\n" not in str(e) for e in result.errors)


@pytest.mark.parametrize("keep_going", [False, True])
def test_nothing_to_read_raises_naming_the_folder(tmp_path: Path, keep_going: bool) -> None:
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "leaflet.pdf").write_bytes(b"%PDF-1.7\n")
    with pytest.raises(DocumentError, match="scans: no documents to read"):
        orthokg.build(tmp_path / "scans", keep_going=keep_going)  # type: ignore[call-overload]


def test_every_document_failing_raises_even_with_keep_going(tmp_path: Path) -> None:
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01" * 50)
    with pytest.raises(DocumentError, match=r"binary\.txt: nothing was built"):
        orthokg.build([bad], keep_going=True)


def test_two_inputs_sharing_an_id_raise_that(tmp_path: Path) -> None:
    (tmp_path / "leaflet.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "leaflet.md").write_text(GOOD_TEXT, encoding="utf-8")
    with pytest.raises(DocumentError, match="two inputs share the id 'leaflet'"):
        orthokg.build(tmp_path)


def test_two_spellings_of_one_file_count_once(good_doc: Path) -> None:
    other_spelling = good_doc.parent / ".." / good_doc.parent.name / good_doc.name
    once = orthokg.build(good_doc)
    twice = orthokg.build([good_doc, other_spelling, good_doc.parent])
    assert _shape(twice) == _shape(once)
    assert _shape(once)[1] > 0


def test_same_text_under_two_names_is_built_with_a_warning(tmp_path: Path) -> None:
    for name in ("knee.txt", "knee-copy.txt"):
        (tmp_path / name).write_text(GOOD_TEXT, encoding="utf-8")
    result = orthokg.build(tmp_path, keep_going=True)
    warnings = [str(e) for e in result.report if e.level == "warning"]
    assert any("knee-copy.txt" in w and "knee.txt" in w and "same text" in w
               for w in warnings), warnings
    assert _documents(result.graph) == 2


def test_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"knee_{codec.replace('-', '')}.txt"
        bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
        path.write_bytes(bom + GOOD_TEXT.encode(codec))
        graph = orthokg.build(path)
        assert (None, OKG.hasPossibleComplication, None) in graph, codec


def test_an_unknown_query_names_itself(good_doc: Path) -> None:
    with pytest.raises(QueryError, match="no-such-question"):
        orthokg.query(orthokg.build(good_doc), "no-such-question")

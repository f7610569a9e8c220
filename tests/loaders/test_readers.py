"""Readers: each format on a fixture, every bad input, and the seed corpus when present."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC
from pathlib import Path

import pytest

from orthokg.errors import DocumentError
from orthokg.loaders.model import Document
from orthokg.loaders.reading.cleaning import FOREIGN_RUN, clean
from orthokg.loaders.reading.readers import (
    iter_document_paths,
    read_document,
    read_document_with_report,
    structural_pieces,
    supported_suffixes,
)
from orthokg.loaders.reading.sections import Piece
from tests.conftest import FIXTURES, SEEDS

DOCS = FIXTURES / "docs"
BOILERPLATE_WORDS = re.compile(
    r"cookie|Español|Deutsch|Русский|Advertis|Leave a Reply|email address|Copyright|"
    r"All Rights Reserved|Find out more|Home|Contact|information purposes|educational purposes",
    re.IGNORECASE,
)


def _outline(document: Document) -> list[tuple[str, str, int]]:
    return [(s.heading, s.kind, len(s.blocks)) for s in document.sections]


# -- formats -----------------------------------------------------------------------------

def test_plain_text_reader() -> None:
    path = DOCS / "knee_arthroscopy.txt"
    document = read_document(path)
    assert document.doc_id == "knee_arthroscopy"
    assert document.title == "Knee Arthroscopy"
    assert document.media_type == "text/plain"
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.ingested_at.tzinfo is not None
    assert document.ingested_at.utcoffset() == UTC.utcoffset(None)
    assert _outline(document) == [
        ("Knee Arthroscopy", "intro", 1),
        ("Who Is Suitable?", "indications", 1),
        ("Benefits", "benefits", 5),
        ("Risks", "risks", 2),
        ("What happens on the day", "procedure", 1),
        ("Recovery after surgery", "aftercare", 1),
    ]
    benefits = document.sections[2].blocks
    assert not benefits[0].is_list_item and benefits[0].text.endswith("include:")
    assert all(block.is_list_item for block in benefits[1:])
    assert "two or three small cuts" in document.sections[0].blocks[0].text  # wrapped lines
    assert not BOILERPLATE_WORDS.search(document.text)


@pytest.mark.parametrize(("letterhead", "suffix"), [
    ("Westmere Hospitals NHS Foundation Trust\nHip and Knee Service - Information for patients"
     "\n\nPartial knee replacement\n", ".txt"),
    # a letterhead's short lines under its heading, read as a bare list
    ("Trauma and Orthopaedics\nPartial knee replacement\nA guide for patients\n", ".txt"),
    ("Patient information · Orthopaedic Knee Service\n\n# Partial knee replacement\n", ".md"),
    ("CLINIC REF KN-12   Mr K. Adeyemi, Consultant Knee Surgeon\n\nPartial knee replacement\n",
     ".txt"),
])
def test_the_title_is_the_line_under_the_publishers(tmp_path: Path, letterhead: str,
                                                     suffix: str) -> None:
    path = tmp_path / f"leaflet{suffix}"
    path.write_text(letterhead + "\nWhat is it?\nOnly the worn side of the knee is replaced.\n",
                    encoding="utf-8")
    document = read_document(path)
    assert document.title == "Partial knee replacement"
    assert document.title_source == "text"
    assert not re.search(r"Trust|Service|Orthopaedics|Adeyemi", document.text)


def test_a_first_line_that_is_no_publishers_stays_the_title(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.txt"
    path.write_text("Physiotherapy for knee pain\n\nKnee Service\n\nWhat is it?\n"
                    "Exercises strengthen the thigh.\n", encoding="utf-8")
    assert read_document(path).title == "Physiotherapy for knee pain"


def test_markdown_reader() -> None:
    document = read_document(DOCS / "shoulder_replacement.md")
    assert document.media_type == "text/markdown"
    assert document.title == "Shoulder Replacement"
    assert [(s.heading, s.kind) for s in document.sections] == [
        ("Shoulder Replacement", "intro"),
        ("Who needs it", "indications"),
        ("Types of shoulder replacement", "types"),
        ("Complications", "risks"),
        ("After the operation", "aftercare"),
    ]
    intro, indications, types, complications, _ = document.sections
    assert "severe osteoarthritis of the shoulder" in intro.blocks[0].text  # ** removed
    assert "despite painkillers and injections" in indications.blocks[0].text  # link unwrapped
    assert [b.is_list_item for b in types.blocks] == [True, True, True]
    assert complications.blocks[0].text == "Dislocation of the new joint"
    assert complications.blocks[-1].text == "Infection | about 1 in 100"
    assert not BOILERPLATE_WORDS.search(document.text)


def test_html_reader_keeps_main_content_and_drops_page_chrome() -> None:
    document, report = read_document_with_report(DOCS / "hip_arthroscopy.html")
    assert document.media_type == "text/html"
    assert document.title == "Hip Arthroscopy"
    assert [(s.heading, s.kind) for s in document.sections] == [
        ("Hip Arthroscopy", "intro"),
        ("Who is suitable?", "indications"),
        ("Risks and complications", "risks"),
        ("Recovery", "aftercare"),
    ]
    risks = document.sections[2].blocks
    assert [b.text for b in risks if b.is_list_item] == [
        "numbness of the thigh from pressure on a nerve",
        "a blood clot in the leg",
        "stiffness of the hip",
    ]
    assert "return to desk work within a month" in document.text
    assert not BOILERPLATE_WORDS.search(document.text), document.text
    assert not FOREIGN_RUN.search(document.text)
    assert {"advertising", "disclaimer"} <= report.kinds()


def test_structural_html_fallback_also_drops_page_chrome() -> None:
    from lxml import html

    page = (DOCS / "hip_arthroscopy.html").read_text(encoding="utf-8")
    unwrapped = page.replace("<main>", "").replace("</main>", "")
    unwrapped = unwrapped.replace("<article>", "<div>").replace("</article>", "</div>")
    pieces, _ = clean(structural_pieces(html.document_fromstring(unwrapped)))
    text = " ".join(piece.text for piece in pieces)
    assert Piece("Risks and complications", "heading") in pieces
    assert Piece("stiffness of the hip", "item") in pieces
    assert not BOILERPLATE_WORDS.search(text), text


def test_small_html_page_keeps_its_headings() -> None:
    document = read_document(DOCS / "wrist_fracture_small.html")
    assert document.title == "Wrist fracture"
    assert [(s.heading, s.kind) for s in document.sections] == [
        ("Wrist fracture", "intro"), ("Recovery", "aftercare")]


def test_html_title_falls_back_to_title_element(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<html><head><title>Elbow Bursitis – Example Clinic</title></head><body>"
                    "<p>The bursa at the tip of the elbow fills with fluid after a knock, and "
                    "the swelling usually settles with rest and ice over a few weeks.</p>"
                    "</body></html>", encoding="utf-8")
    document = read_document(path)
    assert document.title == "Elbow Bursitis"
    assert document.sections[0].kind == "intro"


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>Unclosed paragraph <div><h2>Risks</h2> swelling and bruising "
        "can follow the injection for a day or two.",
        "</p></div></span><p>Stray closing tags before the text about knee swelling.",
        "<html><body>" + "<div>" * 3000 + "Deeply nested note on ankle sprains.",
    ],
)
def test_malformed_html_does_not_crash(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(markup, encoding="utf-8")
    document = read_document(path)
    assert document.text


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "saved.page"
    page.write_text("<!DOCTYPE html><html><body><h1>Heel Pain</h1><p>Plantar fasciitis "
                    "causes pain under the heel that is worst with the first steps of the "
                    "morning.</p></body></html>", encoding="utf-8")
    note = tmp_path / "notes.log"
    note.write_text("Heel Pain\n\nStretch the calf twice a day for six weeks.\n",
                    encoding="utf-8")
    assert read_document(page).media_type == "text/html"
    assert read_document(note).media_type == "text/plain"
    assert read_document(note).title == "Heel Pain"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Hip\n\nThe hüfte is the German word.\n".encode("utf-8-sig"), "hüfte"),
        ("Hip\n\nThe hüfte is the German word.\n".encode("utf-16"), "hüfte"),
        # cp1252 curly quote and en dash, decoded and then folded to their ASCII forms
        (b"Knee\n\nThe patient\x92s knee \x96 a note.\n", "patient's knee - a note"),
    ],
    ids=["utf-8-bom", "utf-16-bom", "cp1252"],
)
def test_accepted_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    assert expected in read_document(path).text


# -- bad input ---------------------------------------------------------------------------

BAD_INPUTS = {
    "empty": (b"", "empty file"),
    "whitespace": (b"  \n\t\n  ", "only white space"),
    "nul-bytes": (b"Hip\x00\x00\x01 replacement", "binary file"),
    "control-chars": (b"Hip" + b"\x01\x02\x03\x04\x05\x06" * 5, "binary file"),
    "bad-utf8": ("Hüfte ".encode() + b"\xff rest",
                 "not UTF-8 text (invalid byte 0xff at offset 7)"),
    "undefined-cp1252": (b"Knee \x81 pain", "not UTF-8 text (invalid byte 0x81 at offset 5)"),
    "only-boilerplate": (b"Copyright \xc2\xa9 2024 Clinic\n\nLeave a Reply\n",
                         "no text left after removing boilerplate"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_gives_document_error_naming_the_file(tmp_path: Path, case: str) -> None:
    data, problem = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert problem in caught.value.problem
    assert path.name in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"missing\.txt: no such file"):
        read_document(tmp_path / "missing.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="is a directory") as caught:
        read_document(tmp_path)
    assert tmp_path.name in str(caught.value)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Knee\n\n" + "The knee bends. " * 100, encoding="utf-8")
    with pytest.raises(DocumentError, match=r"big\.txt: too large"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=10_000).title == "Knee"


def test_empty_html_page(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head></head><body><div></div></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"blank\.html: no text left"):
        read_document(path)


# -- paths -------------------------------------------------------------------------------

def test_iter_document_paths(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "sub/c.html", "sub/d.HTM", "notes.pdf", ".hidden.txt",
                 ".git/e.txt", "sub/.cache/f.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    explicit = tmp_path / "notes.pdf"
    found = iter_document_paths([tmp_path, explicit, tmp_path / "a.md"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.md", "b.txt", "sub/c.html", "sub/d.HTM", "notes.pdf"]


def test_iter_document_paths_missing(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="nowhere"):
        iter_document_paths([tmp_path / "nowhere"])


def test_supported_suffixes() -> None:
    assert {".txt", ".text", ".md", ".markdown", ".html", ".htm"} <= supported_suffixes()


# -- the seed corpus -----------------------------------------------------------------------

LANGUAGE_NAMES = re.compile(r"\b(Deutsch|Español|Nederlands|Kiswahili|Ukrainian|Urdu)\b", re.I)
SEED_BOILERPLATE = re.compile(
    r"substitute for|purposes only|call 911|copyright|all rights reserved|advertise|"
    r"leave a reply|email address|posted by|comments 0|translate this page|credits|"
    r"contributors|check out our|find out more|\[edit", re.IGNORECASE)
SEED_KINDS = {  # section kinds in reading order, per seed file
    "000_c6335beb8dd0e365": ["overview", "procedure", "aftercare", "benefits", "risks"],
    "001_c4b0ab8c57956f28": ["intro", "indications", "preparation", "procedure", "aftercare",
                             "risks", "other"],
    "002_46f2bc34a6a5aa47": ["intro", "risks", "aftercare"],
    "003_3b95e978dabcb079": ["intro", "overview", "benefits", "procedures", "risks",
                             "indications", "aftercare"],
    "004_7609cf4209fecbc4": ["intro", "overview", "benefits", "procedure", "aftercare", "other"],
}


def _seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS} "
                    "(set ORTHOKG_SHARED to the shared folder to run these tests)")
@pytest.mark.parametrize("path", _seed_files(), ids=lambda p: p.stem)
def test_seed_document(path: Path) -> None:
    document = read_document(path)
    text = document.text
    assert not LANGUAGE_NAMES.search(text)
    assert not SEED_BOILERPLATE.search(text), SEED_BOILERPLATE.search(text)
    assert not FOREIGN_RUN.search(text)
    if path.stem in SEED_KINDS:
        assert [s.kind for s in document.sections] == SEED_KINDS[path.stem]
    for section in document.sections:
        assert section.blocks and all(block.text.strip() for block in section.blocks)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")
def test_seed_list_items_and_lead_in() -> None:
    document = read_document(SEEDS / "003_3b95e978dabcb079.txt")
    benefits = next(s for s in document.sections if s.kind == "benefits")
    assert not benefits.blocks[0].is_list_item
    assert benefits.blocks[0].text.endswith(":")
    assert sum(block.is_list_item for block in benefits.blocks) == 7


def test_iter_document_paths_collects_missing_paths_when_asked(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hip.")
    errors: list[DocumentError] = []
    found = iter_document_paths([tmp_path / "nowhere", tmp_path], errors)
    assert found == [tmp_path / "a.txt"]
    assert [e.path for e in errors] == [tmp_path / "nowhere"]


PRINTED_LEAFLET = """\
SPINE CLINIC                                  Leaflet SP-04

Facet joint injection

What are the risks?
Most people have no problems. The risks are small and
Facet joint injection               Page 1 of 2               Spine Clinic
include bruising and a short rise in pain.

Risk                         How often
Infection                    1 in 1,000

Facet joint injection               Page 2 of 2               Issued 2026
"""


def test_a_printed_leaflets_headers_and_footers_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.txt"
    path.write_text(PRINTED_LEAFLET, encoding="utf-8")
    document = read_document(path)
    assert document.title == "Facet joint injection"
    texts = [block.text for section in document.sections for block in section.blocks]
    assert not any("Page" in text or "SP-04" in text for text in texts), texts
    assert any("1 in 1,000" in text for text in texts), texts  # a table row is kept

"""Section kinds, plain-text heading detection and grouping into sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from orthokg.errors import LexiconError
from orthokg.loaders.reading.sections import (
    INTRO,
    OTHER,
    Piece,
    build_sections,
    clean_heading,
    find_title,
    is_title_case,
    load_kind_cues,
    pieces_from_plain_text,
    section_kind,
    section_kinds,
)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What is a knee replacement?", "overview"),
        ("Overview", "overview"),
        ("Introduction", "overview"),
        ("Indications", "indications"),
        ("Candidates[edit | edit source]", "indications"),
        ("Who is suitable for surgery?", "indications"),
        ("Conditions we treat with it", "indications"),
        ("What problems can the injection help?", "indications"),
        ("Not suitable for you if…", "contraindications"),
        ("Who is the operation not suitable for?", "contraindications"),
        ("Who is not a good candidate?", "contraindications"),
        ("Benefits", "benefits"),
        ("Advantages of keyhole surgery", "benefits"),
        ("Risks", "risks"),
        ("Possible complications", "risks"),
        ("Side effects", "risks"),
        ("What are the risks?", "risks"),
        ("Preoperative assessment", "preparation"),
        ("Before surgery", "preparation"),
        ("Preparing for your operation", "preparation"),
        ("How is the operation performed?", "procedure"),
        ("Surgical technique", "procedure"),
        ("During the procedure", "procedure"),
        ("The operation: what to expect", "procedure"),
        ("After the procedure", "aftercare"),
        ("Postoperative care", "aftercare"),
        ("Recovery", "aftercare"),
        ("Rehabilitation and Recovery", "aftercare"),
        ("Aftercare", "aftercare"),
        ("What to expect after surgery", "aftercare"),
        ("Procedures", "procedures"),
        ("Types of knee replacement", "types"),
        ("Opening hours", OTHER),
        ("", OTHER),
    ],
)
def test_section_kind_of_typical_headings(heading: str, kind: str) -> None:
    assert section_kind(heading) == kind


def test_mixed_heading_keeps_every_kind_in_reading_order() -> None:
    assert section_kinds("Indications and Advantages") == ("indications", "benefits")
    assert section_kinds("Benefits and risks") == ("benefits", "risks")
    assert section_kind("Indications and Advantages") == "indications"


def test_a_cue_inside_a_longer_one_of_another_kind_names_no_role() -> None:
    # "suitable" alone names indications; inside "not suitable" it does not
    assert section_kinds("Not suitable if you have diabetes") == ("contraindications",)


def test_weak_cue_gives_way_to_a_strong_one() -> None:
    assert section_kinds("What is the recovery time?") == ("aftercare", "overview")


def test_clean_heading_strips_edit_links_hashes_and_colon() -> None:
    assert clean_heading("Overview[edit | edit source]") == "Overview"
    assert clean_heading("##Risks:") == "Risks"
    assert clean_heading("Recovery [edit]") == "Recovery"


HEADER = "kind\tstrength\tcue\texample\twhy\n"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (HEADER + "intro\tstrong\t\\bhello\\b\tHello\tgreets\n", "reserved"),
        (HEADER + "risks\tmedium\t\\brisk\\b\tRisks\tharms\n", "strength"),
        (HEADER + "risks\tstrong\t(unclosed\tRisks\tharms\n", "not a regex"),
        ("kind\tstrength\tcue\nrisks\tstrong\t\\brisk\\b\n", "header"),
        (HEADER + "risks\tstrong\t\\brisk\\b\tRisks\n", "columns"),
        (HEADER + "risks\tstrong\t\\brisk\\b\t\tharms\n", "example and a reason"),
        (HEADER + "risks\tstrong\t\\brisk\\b\tRisks\t \n", "example and a reason"),
        # the lost space of a real bug: "not suitable" was never matched
        (HEADER + "contraindications\tstrong\t\\b(not|un)suitable\\b\tNot suitable if\tno\n",
         "does not match its example"),
        (HEADER + "risks\tstrong\t\\brisks?\\b\tRisks\tharms\n"
         "risks\tstrong\t\\brisks?\\b\tThe risks\tharms\n", ":3: .* repeats line 2"),
    ],
)
def test_bad_cue_table_names_file_line_and_problem(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "kinds.tsv"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as caught:
        load_kind_cues(path)
    assert "kinds.tsv" in str(caught.value)


def test_custom_cue_table_is_used(tmp_path: Path) -> None:
    path = tmp_path / "kinds.tsv"
    path.write_text("# comment\n" + HEADER +
                    "prognosis\tstrong\t\\boutlook\\b\tThe outlook\twhat to expect later\n",
                    encoding="utf-8")
    cues = load_kind_cues(path)
    assert section_kind("Long-term outlook", cues) == "prognosis"
    assert section_kind("Risks", cues) == OTHER


def _roles(text: str) -> list[tuple[str, str]]:
    return [(piece.role, piece.text) for piece in pieces_from_plain_text(text)]


def test_plain_text_headings_by_shape() -> None:
    text = (
        "Carpal Tunnel Release\n\n"
        "What is carpal tunnel syndrome?\n\n"
        "Pressure on the median nerve at the wrist causes numbness in the fingers.\n\n"
        "Complications and risks\n\n"
        "Scar tenderness can last a few months.\n"
        "Recovery and aftercare\n"
        "Keep the hand raised for two days to reduce swelling.\n"
    )
    headings = [text for role, text in _roles(text) if role == "heading"]
    assert headings == [
        "Carpal Tunnel Release",
        "What is carpal tunnel syndrome?",
        "Complications and risks",
        "Recovery and aftercare",
    ]


def test_unmarked_list_under_its_own_heading_gives_items() -> None:
    text = (
        "Elbow Injection\n\n"
        "The needle is placed under ultrasound.\n\n"
        "Possible problems\n"
        "Soreness at the needle site\n"
        "Flushing of the face for a day\n"
        "A short rise in blood sugar in people with diabetes\n\n"
        "Aftercare\n"
        "Rest the arm for two days.\n"
    )
    assert _roles(text) == [
        ("heading", "Elbow Injection"),
        ("paragraph", "The needle is placed under ultrasound."),
        ("heading", "Possible problems"),
        ("item", "Soreness at the needle site"),
        ("item", "Flushing of the face for a day"),
        ("item", "A short rise in blood sugar in people with diabetes"),
        ("heading", "Aftercare"),
        ("paragraph", "Rest the arm for two days."),
    ]


def test_unmarked_list_after_a_lead_in_gives_items() -> None:
    text = (
        "Which problems does it help?\n"
        "A steroid is injected beside the tendon, where it calms the swelling that stops "
        "the tendon gliding smoothly through its sheath.\n"
        "The injection is used for:\n"
        "trigger finger\n"
        "de Quervain's tenosynovitis\n"
        "It may be repeated once.\n"
    )
    assert _roles(text) == [
        ("heading", "Which problems does it help?"),
        ("paragraph", "A steroid is injected beside the tendon, where it calms the swelling "
         "that stops the tendon gliding smoothly through its sheath."),
        ("paragraph", "The injection is used for:"),
        ("item", "trigger finger"),
        ("item", "de Quervain's tenosynovitis"),
        ("paragraph", "It may be repeated once."),
    ]


def test_long_unpunctuated_lines_after_a_lead_in_are_items() -> None:
    text = (
        "Possible problems\n"
        "These problems can follow the operation:\n"
        "Wound infection\n"
        "A leak of spinal fluid, where the thin covering of the nerves is nicked and "
        "usually seals by itself within days\n"
        "Another slipped disc at the same level, in about one person in twenty\n"
        "\n"
        "Going home\n"
        "Most people leave hospital the next day.\n"
    )
    roles = _roles(text)
    assert ("item", "Wound infection") in roles
    assert ("item", "A leak of spinal fluid, where the thin covering of the nerves is nicked "
                    "and usually seals by itself within days") in roles
    assert ("item", "Another slipped disc at the same level, in about one person in "
                    "twenty") in roles
    assert ("heading", "Going home") in roles


def test_lines_naming_their_item_after_a_lead_in_are_items() -> None:
    text = (
        "Which operation?\n"
        "The choice depends on where the bone is broken and how well you walked before the "
        "fall, and your surgeon will explain it. There are two operations:\n"
        "Fixation: the broken bone is held with a screw and plate.\n"
        "Replacement (hemiarthroplasty): the ball is replaced with a metal one.\n"
        "\n"
        "Anaesthetic\n"
        "You will have a spinal anaesthetic.\n"
    )
    roles = _roles(text)
    assert ("item", "Fixation: the broken bone is held with a screw and plate.") in roles
    assert ("item", "Replacement (hemiarthroplasty): the ball is replaced with a metal "
                    "one.") in roles
    assert ("heading", "Anaesthetic") in roles


def test_short_sentences_and_lead_ins_are_not_headings() -> None:
    text = (
        "Bunion Surgery\n"
        "The big toe is straightened.\n"
        "The advantages of the newer technique include:\n"
        "- a smaller scar\n"
        "- less swelling\n"
    )
    assert _roles(text) == [
        ("heading", "Bunion Surgery"),
        ("paragraph", "The big toe is straightened."),
        ("paragraph", "The advantages of the newer technique include:"),
        ("item", "a smaller scar"),
        ("item", "less swelling"),
    ]


def test_label_with_colon_heads_a_list() -> None:
    assert _roles("Risks:\n- infection\n") == [("heading", "Risks"), ("item", "infection")]


def test_list_markers_and_wrapped_lines() -> None:
    text = (
        "Splints are worn at night for several weeks so that the wrist stays straight\n"
        "while the patient sleeps.\n\n"
        "- a splint that is\n"
        "  worn at night\n"
        "* steroid injection\n"
        "• hand therapy\n"
        "1. surgery\n"
        "2) a second opinion\n"
    )
    assert _roles(text) == [
        ("paragraph", "Splints are worn at night for several weeks so that the wrist "
                      "stays straight while the patient sleeps."),
        ("item", "a splint that is worn at night"),
        ("item", "steroid injection"),
        ("item", "hand therapy"),
        ("item", "surgery"),
        ("item", "a second opinion"),
    ]


def test_hard_wrapped_paragraph_is_joined_even_before_a_capital() -> None:
    text = (
        "Frozen Shoulder\n\n"
        "A frozen shoulder becomes painful and stiff over several\n"
        "months. The capsule around the joint thickens, and an\n"
        "MRI scan is seldom needed because the diagnosis is made\n"
        "by examining how far the arm moves.\n\n"
        "Treatment\n\n"
        "Most shoulders thaw without surgery within two years.\n"
    )
    assert _roles(text) == [
        ("heading", "Frozen Shoulder"),
        ("paragraph", "A frozen shoulder becomes painful and stiff over several months. The "
                      "capsule around the joint thickens, and an MRI scan is seldom needed "
                      "because the diagnosis is made by examining how far the arm moves."),
        ("heading", "Treatment"),
        ("paragraph", "Most shoulders thaw without surgery within two years."),
    ]


def test_wiki_edit_link_marks_a_heading() -> None:
    assert _roles("Recovery[edit | edit source]\nMost people go home the next day.\n")[0] == (
        "heading", "Recovery")


def test_hash_glued_to_a_whole_paragraph_is_a_section_break() -> None:
    long_line = "##In summary, " + " ".join(["the operation relieves pain well"] * 5) + "."
    pieces = pieces_from_plain_text(f"Risks\n\nInfection is rare.\n\n{long_line}\n")
    assert [(p.role, p.text[:13]) for p in pieces] == [
        ("heading", "Risks"),
        ("paragraph", "Infection is "),
        ("heading", ""),
        ("paragraph", "In summary, t"),
    ]
    sections = build_sections(pieces, "Title")
    assert [s.kind for s in sections] == ["risks", OTHER]
    assert len(sections[0].blocks) == 1


def test_markdown_style_heading_in_plain_text() -> None:
    assert _roles("## Before Surgery\nStop smoking.\n")[0] == ("heading", "Before Surgery")


def test_build_sections_puts_leading_text_in_intro_and_drops_empty_sections() -> None:
    pieces = [
        Piece("Ankle fractures are common."),
        Piece("Treatment", "heading"),
        Piece("Risks", "heading"),
        Piece("Wound infection", "item"),
    ]
    sections = build_sections(pieces, "Ankle Fracture")
    assert [(s.heading, s.kind) for s in sections] == [
        ("Ankle Fracture", INTRO),
        ("Risks", "risks"),
    ]
    assert sections[1].blocks[0].is_list_item


def test_find_title_takes_a_leading_heading_or_short_line() -> None:
    assert find_title([Piece("Hip Pain", "heading"), Piece("x.")])[0] == "Hip Pain"
    assert find_title([Piece("Hip pain guide"), Piece("x.")])[0] == "Hip pain guide"
    long_first = Piece("This paragraph is a full sentence that explains what the page is about.")
    assert find_title([long_first]) == (None, [long_first])
    assert find_title([Piece("Hip pain guide")], headings_only=True)[0] is None


def test_title_case() -> None:
    assert is_title_case("How is the Procedure Performed?")
    assert is_title_case("5 Benefits of Injections")
    assert not is_title_case("Complications and risks")


def test_navigation_sections_are_dropped_with_their_content(tmp_path):
    from orthokg.loaders.reading.readers import read_document

    doc = tmp_path / "page.md"
    doc.write_text("# Shoulder Arthroscopy\n\nKeyhole surgery on the shoulder.\n\n"
                   "## Risks\nInfection.\n\n## Related articles\n- Knee replacement risks\n\n"
                   "## References\n1. Smith J. Hip replacement outcomes. 2019.\n")
    sections = read_document(doc).sections
    assert [s.kind for s in sections] == ["intro", "risks"]
    assert all("Knee" not in b.text and "Smith" not in b.text
               for s in sections for b in s.blocks)

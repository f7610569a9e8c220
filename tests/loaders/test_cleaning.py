"""Boilerplate removal: the rule table, each kind of boilerplate, the structural rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from orthokg.errors import LexiconError
from orthokg.loaders.reading.cleaning import (
    CONTEXT_KIND,
    KINDS,
    clean,
    foreign_share,
    load_rules,
)
from orthokg.loaders.reading.sections import Piece

CLINICAL = "Most patients walk with a frame on the first day after a knee replacement."


def _kept(*texts: str) -> list[str]:
    return [piece.text for piece in clean([Piece(text) for text in texts])[0]]


def test_shipped_rules_load_and_use_only_known_kinds() -> None:
    rules = load_rules()
    assert {rule.kind for rule in rules} <= set(KINDS)
    assert {rule.scope for rule in rules} == {"block", "sentence", "inline", "menu"}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("kind\tscope\tpattern\npopup\tblock\tx\n", "kind 'popup' not one of"),
        ("kind\tscope\tpattern\nadvertising\tpage\tx\n", "scope 'page' not one of"),
        ("kind\tscope\tpattern\nadvertising\tblock\t[x\n", "not a regex"),
        ("pattern\tkind\nx\tadvertising\n", "header"),
    ],
)
def test_bad_rule_table_names_file_line_and_problem(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "boiler.tsv"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as caught:
        load_rules(path)
    assert "boiler.tsv" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ad. Sore knees? Try JointEase's 12-week joint plan.", "advertising"),
        ("Advertise on OrthoWiki", "advertising"),
        ("Search OrthoWiki", "navigation"),
        ("Translate this page: Europe", "navigation"),
        ("Posted By clinicadmin", "navigation"),
        ("Comments 3", "navigation"),
        ("-", "navigation"),
        ("OrthoWiki's Joint Library |", "navigation"),
        ("This page is not a substitute for professional medical advice.", "disclaimer"),
        ("Content is for information purposes only.", "disclaimer"),
        ("Copyright © 2022 Bone Health Ltd", "copyright"),
        ("Text and pictures: All Rights Reserved.", "copyright"),
        ("Leave a Reply", "comment_form"),
        ("Your email address will not be published.", "comment_form"),
        ("Required fields are marked *", "comment_form"),
        ("Credits: diagrams drawn by the hospital art team", "credits"),
        ("Contributors: A. Surgeon, B. Physio", "credits"),
        ("We use cookies to improve this site.", "cookie_banner"),
        ("Find out more about our knee clinic.", "marketing"),
        ("Contact us today to book an appointment.", "marketing"),
        ("Check out our sports injury page.", "marketing"),
        ("Did you know the clinic also now offers massage?", "marketing"),
        ("Schedule a consultation with our team.", "marketing"),
    ],
)
def test_boilerplate_block_is_dropped_and_reported(text: str, kind: str) -> None:
    kept, report = clean([Piece(CLINICAL), Piece(text)])
    assert [piece.text for piece in kept] == [CLINICAL]
    assert report.kinds() == {kind}
    assert report.dropped_text() == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Try to walk a little further each day.",
        "Your surgeon will contact you to arrange a follow-up visit.",
        "Seek medical advice if the wound becomes red or hot.",
        "Search for signs of infection around the wound every day.",
        "The new joint has a metal ball - and a plastic socket.",
    ],
)
def test_clinical_text_that_resembles_boilerplate_is_kept(text: str) -> None:
    assert _kept(text) == [text]


def test_sentence_rules_cut_only_the_matching_sentence() -> None:
    text = f"{CLINICAL} Find out more about our physiotherapy packages."
    kept, report = clean([Piece(text)])
    assert [piece.text for piece in kept] == [CLINICAL]
    assert [(r.kind, r.whole) for r in report.removals] == [("marketing", False)]


def test_inline_markup_is_cut_from_the_text() -> None:
    assert _kept("Infection is rare.[3] Stiffness[citation needed] is common.") == [
        "Infection is rare. Stiffness is common."
    ]


def test_language_menu_run_is_dropped() -> None:
    menu = ["Translate this page:", "English,", "Español,", "中文,", "日本語,", "European",
            "Deutsch,", "Français,", "Русский,", "Other", "Polski"]
    kept, report = clean([Piece(CLINICAL), *(Piece(text) for text in menu)])
    assert [piece.text for piece in kept] == [CLINICAL]
    assert "language_menu" in report.kinds()


def test_short_clinical_list_is_not_a_menu() -> None:
    items = ["infection", "bleeding", "stiffness", "blood clots", "nerve injury"]
    kept, _ = clean([Piece(CLINICAL), *(Piece(text, "item") for text in items)])
    assert [piece.text for piece in kept] == [CLINICAL, *items]


def test_block_between_two_dropped_blocks_goes_with_them() -> None:
    kept, report = clean([
        Piece(CLINICAL),
        Piece("Ad. Lose weight fast? Try SlimCo's diet programme."),
        Piece("New tablets now in stock."),
        Piece("Advertise on OrthoWiki"),
    ])
    assert [piece.text for piece in kept] == [CLINICAL]
    assert CONTEXT_KIND in report.kinds()


def test_heading_between_dropped_blocks_is_kept() -> None:
    kept, _ = clean([Piece("Advertise on OrthoWiki"), Piece("Recovery", "heading"),
                     Piece("Leave a Reply")])
    assert [piece.text for piece in kept] == ["Recovery"]


def test_foreign_script_glued_into_english_is_cut() -> None:
    text = "The femoral head (the ball part of the髋关节) is replaced."
    kept, report = clean([Piece(text)])
    assert kept[0].text == "The femoral head (the ball part of the) is replaced."
    assert [(r.kind, r.text) for r in report.removals] == [("foreign_script", "髋关节")]


def test_text_mostly_in_another_script_is_left_whole() -> None:
    text = "人工髋关节置换术是一种常见的手术 (hip)"
    assert _kept(text) == [text]


def test_greek_letters_in_units_are_not_foreign() -> None:
    assert _kept("The dose is 40 μg per kilogram.") == ["The dose is 40 μg per kilogram."]
    assert foreign_share("μg") == 0.0


def test_section_breaks_survive_cleaning() -> None:
    kept, _ = clean([Piece("", "heading"), Piece(CLINICAL)])
    assert [(p.role, p.text) for p in kept] == [("heading", ""), ("paragraph", CLINICAL)]


def test_white_space_and_invisible_characters_are_normalised() -> None:
    assert _kept("Knee\u00a0pain\u200b  after\n surgery.") == ["Knee pain after surgery."]

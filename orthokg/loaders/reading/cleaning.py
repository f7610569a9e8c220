"""Remove the boilerplate that patient-information pages wrap around their content.

Scraped leaflets carry ads, navigation crumbs, language menus, disclaimers, copyright
lines, comment forms and calls to action. Left in, they become false facts ("seek
emergency help" is not an aftercare step of a hip replacement). The phrases are rules in
``boilerplate.tsv`` (data, checked on load), applied to every format after reading, and
every removal is recorded in a :class:`CleaningReport` so a build can say what it dropped.

Besides the table, three structural rules need no phrases: a run of short lines that are
mostly language names or non-Latin words is a language menu; a short block between two
dropped blocks belongs to them (the product line of an ad); and letters of another script
glued into an English sentence ("part of the<CJK>") are cut, keeping the English text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from orthokg.loaders.reading.sections import Piece
from orthokg.loaders.reading.typography import fold_typography
from orthokg.loaders.rule_files import check_choice, compile_rule, packaged, read_rule_rows

RULE_COLUMNS = ("kind", "scope", "pattern")
SCOPES = ("block", "sentence", "inline", "menu")
KINDS = (
    "advertising", "navigation", "language_menu", "disclaimer", "copyright",
    "comment_form", "credits", "cookie_banner", "marketing", "markup",
)
CONTEXT_KIND = "boilerplate_context"  # kind reported for a block dropped with its neighbours
MENU_MAX_WORDS = 4
MENU_MAX_CHARS = 40
MENU_MIN_ENTRIES = 3
CONTEXT_MAX_WORDS = 25
MAX_TOC_WORDS = 15
LATIN_SHARE = 0.8

# Scripts that do not belong inside an English sentence: Cyrillic, Hebrew, Arabic, Indic,
# Thai, Myanmar, Hangul, kana, CJK (and their punctuation and full-width forms).
_FOREIGN = (
    "\u0400-\u052f\u0590-\u06ff\u0750-\u077f\u0900-\u0dff\u0e00-\u0e7f\u1000-\u109f"
    "\u1100-\u11ff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef"
)
FOREIGN_RUN = re.compile(f"[{_FOREIGN}]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True, slots=True)
class Rule:
    """A row of ``boilerplate.tsv``."""

    kind: str
    scope: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Removal:
    """What was taken out: ``whole`` when the block went, else a fragment of it."""

    kind: str
    text: str
    rule: str
    whole: bool = True


@dataclass(slots=True)
class CleaningReport:
    """The removals of one document: table rules first, then structural rules."""

    removals: list[Removal] = field(default_factory=list)

    def kinds(self) -> set[str]:
        """The kinds of boilerplate found, e.g. ``{"advertising", "disclaimer"}``."""
        return {removal.kind for removal in self.removals}

    def dropped_text(self) -> list[str]:
        """Text of every block that was dropped whole."""
        return [removal.text for removal in self.removals if removal.whole]


# -- rules -----------------------------------------------------------------------------

def load_rules(path: Path | None = None) -> tuple[Rule, ...]:
    """Read and check a boilerplate table; a bad row raises :class:`LexiconError`."""
    if path is None:
        return _default_rules()
    return tuple(_rule(path, n, row) for n, row in read_rule_rows(path, RULE_COLUMNS))


def _rule(path: Path, line: int, row: list[str]) -> Rule:
    kind, scope, pattern = (cell.strip() for cell in row)
    return Rule(check_choice(path, line, "kind", kind, KINDS),
                check_choice(path, line, "scope", scope, SCOPES),
                compile_rule(path, line, pattern))


@cache
def _default_rules() -> tuple[Rule, ...]:
    return load_rules(packaged("orthokg.loaders.reading", "boilerplate.tsv"))


# -- cleaning --------------------------------------------------------------------------

def normalise_space(text: str) -> str:
    """NFC text on one line: no invisible characters, typographic quotes, dashes and
    spaces folded (:func:`~orthokg.loaders.reading.typography.fold_typography`), runs of
    white space made one space."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(fold_typography(text).split())


def clean(
    pieces: Sequence[Piece], rules: Sequence[Rule] | None = None
) -> tuple[list[Piece], CleaningReport]:
    """Drop boilerplate pieces and cut boilerplate fragments; report every removal.

    >>> kept, report = clean([Piece("Risks", "heading"), Piece("Infection is rare."),
    ...                       Piece("Copyright © 2024 Example Clinic.")])
    >>> [p.text for p in kept], sorted(report.kinds())
    (['Risks', 'Infection is rare.'], ['copyright'])
    """
    rules = _default_rules() if rules is None else tuple(rules)
    report = CleaningReport()
    slots: list[Piece | None] = [_apply_rules(p, rules, report) for p in pieces]
    _drop_menus(slots, [r for r in rules if r.scope == "menu"], report)
    _drop_table_of_contents(slots, report)
    _drop_between_dropped(slots, report)
    kept = [_trim_foreign(p, report) for p in slots if p is not None]
    return [p for p in kept if p.text or p.role == "heading"], report


def _apply_rules(piece: Piece, rules: Sequence[Rule], report: CleaningReport) -> Piece | None:
    """Inline cuts, then whole-block rules, then sentence cuts; None when the block goes."""
    if piece.role == "heading" and not piece.text:
        return piece  # a bare section break carries no text to judge
    text = normalise_space(piece.text)
    for rule in (r for r in rules if r.scope == "inline"):
        text = _cut_inline(text, rule, report)
    for rule in (r for r in rules if r.scope == "block"):
        if rule.pattern.search(text):
            report.removals.append(Removal(rule.kind, text, rule.pattern.pattern))
            return None
    sentence_rules = [r for r in rules if r.scope == "sentence"]
    text = _cut_sentences(text, sentence_rules, report)
    if not any(ch.isalnum() for ch in text):
        return None
    return Piece(text, piece.role)


def _cut_inline(text: str, rule: Rule, report: CleaningReport) -> str:
    for match in rule.pattern.finditer(text):
        report.removals.append(Removal(rule.kind, match.group(), rule.pattern.pattern, False))
    cut, count = rule.pattern.subn(" ", text)
    return normalise_space(cut) if count else text


def _cut_sentences(text: str, rules: Sequence[Rule], report: CleaningReport) -> str:
    """Cut the sentences a rule matches; a block left with none counts as dropped whole."""
    kept: list[str] = []
    cuts: list[tuple[Rule, str]] = []
    for sentence in _SENTENCE_END.split(text):
        rule = next((r for r in rules if r.pattern.search(sentence)), None)
        if rule is None:
            kept.append(sentence)
        else:
            cuts.append((rule, sentence))
    for rule, sentence in cuts:
        whole = not kept
        report.removals.append(Removal(rule.kind, sentence, rule.pattern.pattern, whole))
    return " ".join(kept)


# -- structural rules ------------------------------------------------------------------

def _is_short(text: str) -> bool:
    return 0 < len(text.split()) <= MENU_MAX_WORDS and len(text) <= MENU_MAX_CHARS


def _is_menu_entry(text: str, menu_rules: Sequence[Rule]) -> bool:
    entry = text.strip(" ,;|·•-–")
    return foreign_share(entry) > 0.5 or any(r.pattern.search(entry) for r in menu_rules)


def _drop_menus(
    slots: list[Piece | None], menu_rules: Sequence[Rule], report: CleaningReport
) -> None:
    """Drop runs of short lines that are mostly menu entries (a list of 40 languages)."""
    index = 0
    while index < len(slots):
        end = index
        while end < len(slots) and _short_slot(slots[end]):
            end += 1
        run = [p for p in slots[index:end] if p is not None]
        entries = sum(_is_menu_entry(p.text, menu_rules) for p in run)
        if entries >= MENU_MIN_ENTRIES and entries * 2 >= len(run):
            for position in range(index, end):
                piece = slots[position]
                if piece is not None:
                    report.removals.append(Removal("language_menu", piece.text, "menu run"))
                slots[position] = None
        index = end + 1


def _short_slot(piece: Piece | None) -> bool:
    """A dropped slot does not break a run; a long block or a section break does."""
    return piece is None or _is_short(piece.text)


def _heading_key(text: str) -> str:
    return " ".join(text.lower().strip(" ?:.!").split())


def _drop_table_of_contents(slots: list[Piece | None], report: CleaningReport) -> None:
    """Drop entries of an on-page table of contents: lines that repeat a later heading.

    "What does recovery involve?" as a list item before the heading of the same name is
    a link to that section, not a statement; left in, it opens a list whose lead-in is a
    question. Two entries at least make a table of contents.
    """
    later: set[str] = set()
    entries: list[int] = []
    for index in range(len(slots) - 1, -1, -1):
        piece = slots[index]
        if piece is None:
            continue
        if piece.role == "heading":
            later.add(_heading_key(piece.text))
        elif _heading_key(piece.text) in later and len(piece.text.split()) <= MAX_TOC_WORDS:
            entries.append(index)
    if len(entries) < 2:
        return
    for index in entries:
        piece = slots[index]
        if piece is not None:
            report.removals.append(Removal("navigation", piece.text, "table of contents"))
        slots[index] = None


def _drop_between_dropped(slots: list[Piece | None], report: CleaningReport) -> None:
    """A short paragraph or item whose neighbours were both dropped goes with them."""
    dropped = [piece is None for piece in slots]
    for index in range(1, len(slots) - 1):
        piece = slots[index]
        if piece is None or piece.role == "heading" or not (
            dropped[index - 1] and dropped[index + 1]
        ):
            continue
        if len(piece.text.split()) <= CONTEXT_MAX_WORDS:
            report.removals.append(Removal(CONTEXT_KIND, piece.text, "between dropped blocks"))
            slots[index] = None


def foreign_share(text: str) -> float:
    """Share of the letters of ``text`` written in a non-Latin script (see ``_FOREIGN``).

    >>> foreign_share("hip"), foreign_share("中文")
    (0.0, 1.0)
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(bool(FOREIGN_RUN.match(ch)) for ch in letters) / len(letters)


def _trim_foreign(piece: Piece, report: CleaningReport) -> Piece:
    """Cut stray foreign-script letters out of a mostly English block."""
    if not FOREIGN_RUN.search(piece.text) or foreign_share(piece.text) > 1 - LATIN_SHARE:
        return piece
    for match in FOREIGN_RUN.finditer(piece.text):
        report.removals.append(Removal("foreign_script", match.group(), "foreign run", False))
    text = normalise_space(FOREIGN_RUN.sub(" ", piece.text))
    text = re.sub(r"\s+([)\],.;:!?])", r"\1", text)
    return Piece(text, piece.role)

"""Where a document's sections are, and what each one is about.

Readers turn a file into a flat list of :class:`Piece` (heading, paragraph or list
item). This module (1) finds headings in plain text, where nothing marks them, (2) groups
pieces into :class:`~orthokg.loaders.model.Section` records and (3) names each section's
role (``risks``, ``benefits``, ...) from the cue table ``section_kinds.tsv``, because the
relation extractor reads "infection" in a *Risks* section differently from the same word
in an *Indications* section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from orthokg.errors import LexiconError
from orthokg.loaders.model import Block, Section
from orthokg.loaders.reading.masthead import is_publisher_line
from orthokg.loaders.reading.page_furniture import furniture_lines
from orthokg.loaders.rule_files import (
    check_choice,
    check_explained,
    compile_rule,
    packaged,
    read_rule_rows,
)

Role = Literal["heading", "paragraph", "item"]
INTRO = "intro"
NAVIGATION = "navigation"
OTHER = "other"
STRENGTHS = ("strong", "weak")
KIND_COLUMNS = ("kind", "strength", "cue", "example", "why")

EDIT_LINK = re.compile(r"\s*\[\s*edit(\s*\|\s*edit source)?\s*\]\s*", re.IGNORECASE)
_HASHES = re.compile(r"^\s*(#{1,6})(?!#)\s*")
_LIST_MARK = re.compile(r"^\s*(?:[-*•◦▪–]|\d{1,2}[.)])\s+(?=\S)")
_MINOR_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "are",
    "of", "on", "or", "the", "to", "vs", "via", "with",
})
MAX_HEADING_WORDS = 10
MAX_TITLE_WORDS = 15
# At most this many short lines open a leaflet: organisation, service, genre, title, subtitle.
LETTERHEAD_LINES = 6
MAX_LABEL_WORDS = 4
MAX_BARE_ITEM_WORDS = 15
# After "The following complications can happen:" an item may explain itself at length
# ("Dural tear, a small tear in the lining of the nerves, which usually heals by itself")
# and still be one item: the lead-in's colon, not the line's length, says it is a list.
MAX_LED_ITEM_WORDS = 30
BARE_LIST_MIN_ITEMS = 2
MAX_MARKED_HEADING_WORDS = 20
WRAP_MIN_LINES = 4
WRAP_MAX_WIDTH = 100
WRAP_FULL_SHARE = 0.7


@dataclass(frozen=True, slots=True)
class Piece:
    """One heading, paragraph or list item as a reader found it, before sectioning.

    An empty heading marks a section break whose heading text was lost (a ``##``
    glued to a whole paragraph): the text after it must not join the section before.
    """

    text: str
    role: Role = "paragraph"


@dataclass(frozen=True, slots=True)
class KindCue:
    """A row of ``section_kinds.tsv``: a regex cue that names a section's role.

    ``example`` is a heading written for the row and ``why`` the reason the cue exists;
    ``line`` is the row's line in the table, so a failing example points at its row.
    """

    kind: str
    strength: str
    cue: re.Pattern[str]
    example: str
    why: str
    line: int


# -- section kinds ---------------------------------------------------------------------

def load_kind_cues(path: Path | None = None) -> tuple[KindCue, ...]:
    """Read and check a cue table; a bad row raises :class:`LexiconError` naming its line.

    A cue repeated for the same kind is an error too: the copy changes nothing, and an
    edit made to one copy only would silently not take effect.
    """
    if path is None:
        return _default_cues()
    cues: list[KindCue] = []
    seen: dict[tuple[str, str], int] = {}
    for n, row in read_rule_rows(path, KIND_COLUMNS):
        cue = _kind_cue(path, n, row)
        first = seen.setdefault((cue.kind, cue.cue.pattern), n)
        if first != n:
            raise LexiconError(f"{path}:{n}: cue {cue.cue.pattern!r} for {cue.kind} repeats "
                               f"line {first}")
        cues.append(cue)
    return tuple(cues)


def _kind_cue(path: Path, line: int, row: list[str]) -> KindCue:
    """One checked row: its kind, strength and regex, and an example the regex matches."""
    kind, strength, cue, example, why = (cell.strip() for cell in row)
    if not re.fullmatch(r"[a-z_]+", kind) or kind in (INTRO, OTHER):
        raise LexiconError(f"{path}:{line}: kind {kind!r} must be lower-case letters and "
                           f"not a reserved kind ({INTRO}, {OTHER})")
    check_choice(path, line, "strength", strength, STRENGTHS)
    pattern = compile_rule(path, line, cue)
    check_explained(path, line, example, why)
    # A typo in a regex (a lost space) makes it match nothing, silently: its own example
    # is the cheapest place to notice.
    if not pattern.search(heading_text(example)):
        raise LexiconError(f"{path}:{line}: cue {cue!r} does not match its example "
                           f"{example!r}")
    return KindCue(kind, strength, pattern, example, why, line)


@cache
def _default_cues() -> tuple[KindCue, ...]:
    return load_kind_cues(packaged("orthokg.loaders.reading", "section_kinds.tsv"))


def clean_heading(heading: str) -> str:
    """Heading text without wiki edit links, ``#`` marks and trailing ``:``."""
    text = EDIT_LINK.sub(" ", _HASHES.sub("", heading))
    return " ".join(text.split()).rstrip(":").strip()


FAQ_MARK = re.compile(r"^(?:q|question)\s*(?:\d+\s*)?[.:)\-–]\s+", re.IGNORECASE)


def heading_text(heading: str) -> str:
    """The text cues are matched against: :func:`clean_heading` without a final ``?!.…``
    and without the mark of a question-and-answer page ("Q. What are the risks?"), so a
    cue that must start the heading still can.

    >>> heading_text("## What are the risks?"), heading_text("Q. Who is it for?")
    ('What are the risks', 'Who is it for')
    """
    return FAQ_MARK.sub("", clean_heading(heading)).rstrip("?!.… ")


def section_kinds(heading: str, cues: Sequence[KindCue] | None = None) -> tuple[str, ...]:
    """Every role a heading names: strong cues in reading order, then weak ones.

    >>> section_kinds("Indications and Advantages")
    ('indications', 'benefits')
    >>> section_kinds("What are the risks?")
    ('risks', 'overview')
    """
    text = heading_text(heading)
    matches: list[tuple[int, int, int, str]] = []
    for cue in cues if cues is not None else _default_cues():
        match = cue.cue.search(text)
        if match:
            matches.append((STRENGTHS.index(cue.strength), match.start(), match.end(),
                            cue.kind))
    # "Not suitable if you": the "suitable" inside "not suitable" names no second role (a
    # weak cue never hides a strong one: "What does recovery involve?" is aftercare)
    kept = [m for m in matches if not any(
        o[3] != m[3] and o[0] <= m[0] and o[1] <= m[1] and m[2] <= o[2]
        and o[2] - o[1] > m[2] - m[1]
        for o in matches)]
    ordered = (kind for _strength, _start, _end, kind in sorted(kept))
    return tuple(dict.fromkeys(ordered))


def section_kind(heading: str, cues: Sequence[KindCue] | None = None) -> str:
    """The primary role of a heading, ``other`` when no cue matches.

    >>> section_kind("Potential Risks and Complications")
    'risks'
    >>> section_kind("Opening hours")
    'other'
    """
    kinds = section_kinds(heading, cues)
    return kinds[0] if kinds else OTHER


# -- title and sections ----------------------------------------------------------------

def find_title(pieces: Sequence[Piece], *, headings_only: bool = False
               ) -> tuple[str | None, list[Piece]]:
    """The title line and the pieces after it; ``None`` when no line is the title.

    ``headings_only`` is for formats with a metadata title (HTML ``<title>``): there a
    short first paragraph is content, not a title. The publisher's lines that open a
    leaflet (:mod:`~orthokg.loaders.reading.masthead`) are dropped first: the title is the
    line after them ("Morton's neuroma excision" under "Foot and Ankle Service").
    """
    opening = _opening(pieces, headings_only)
    kept = [p for i, p in enumerate(pieces) if i >= opening or not is_publisher_line(p.text)]
    if not kept or not kept[0].text:
        return None, kept
    first = kept[0]
    if first.role == "item" and len(kept) < len(pieces):
        # the short lines under a letterhead's heading look like a bare list to the
        # plain-text reader; the first of them is the title line
        first = Piece(first.text, "paragraph")
    if _is_title_like(first, headings_only):
        return clean_heading(first.text), kept[1:]
    return None, kept


def _opening(pieces: Sequence[Piece], headings_only: bool) -> int:
    """How many pieces open the document as short lines (a letterhead and the title)."""
    count = 0
    while count < min(len(pieces), LETTERHEAD_LINES) and pieces[count].text and \
            _is_title_like(pieces[count], headings_only):
        count += 1
    return count


def _is_title_like(piece: Piece, headings_only: bool) -> bool:
    if piece.role == "heading" or headings_only:
        return piece.role == "heading"
    words = piece.text.split()
    return piece.role == "paragraph" and len(words) <= MAX_TITLE_WORDS and \
        not piece.text.rstrip().endswith((".", ":", ";", ","))


def build_sections(pieces: Iterable[Piece], title: str) -> list[Section]:
    """Group pieces under their headings; text before the first heading is the intro.

    Sections left without any block (a heading followed by another heading) are dropped,
    since they carry no text for the extractor; so are navigation sections (related
    articles, references, tags, share links): what they name is another page's topic.
    """
    sections = [Section(heading=title, kind=INTRO)]
    for piece in pieces:
        if piece.role == "heading":
            heading = clean_heading(piece.text)
            sections.append(Section(heading=heading, kind=section_kind(heading)))
        else:
            sections[-1].blocks.append(Block(piece.text, is_list_item=piece.role == "item"))
    return [section for section in sections if section.blocks and section.kind != NAVIGATION]


# -- headings in plain text -------------------------------------------------------------

@dataclass(slots=True)
class _Line:
    """A logical line of plain text and the blank lines around it."""

    text: str
    blank_before: bool
    blank_after: bool = False


def pieces_from_plain_text(text: str) -> list[Piece]:
    """Split plain text into pieces, guessing headings the way a reader of a leaflet does.

    Wrapped lines are joined back into their paragraph first; then a line is a heading
    when it is marked (``# Risks``, ``Risks[edit]``) or when it is short, has no final
    period and is followed by a paragraph or list, or stands alone between blank lines
    and is title-cased or a question.
    """
    lines = _logical_lines(text)
    items, heads = _bare_lists(lines)
    pieces: list[Piece] = []
    for index, line in enumerate(lines):
        if index in items:
            pieces.append(Piece(line.text, "item"))
        elif index in heads:
            pieces.append(Piece(line.text, "heading"))
        else:
            after = lines[index + 1] if index + 1 < len(lines) else None
            pieces.extend(_classify(line, after))
    return pieces


def _bare_lists(lines: list[_Line]) -> tuple[set[int], set[int]]:
    """Lines of lists written without bullets (their indices), and the headings over them.

        Side effects                     Shockwave therapy treats:
        Bruising where the needle went   plantar fasciitis
        Redness of the skin              tennis elbow

    A heading-shaped line after a blank line, or a lead-in ending in a colon, then two or
    more short lines without a closing period (after a lead-in, also lines that name
    their item before a colon: "Hemiarthroplasty: the ball is replaced.") and without
    blank lines between them: each of those is an item (and not, as line shape alone
    would guess, one heading after another, or paragraphs no lead-in reaches)."""
    items: set[int] = set()
    heads: set[int] = set()
    index = 0
    while index < len(lines):
        head = lines[index]
        heading = head.blank_before and not head.blank_after and _is_heading_text(head.text)
        end = index + 1
        lead_in = head.text.endswith(":") and not head.blank_after
        if heading or lead_in:
            while end < len(lines) and not lines[end].blank_before and (
                    _is_bare_item(lines[end].text,
                                  MAX_LED_ITEM_WORDS if lead_in else MAX_BARE_ITEM_WORDS) or
                    (lead_in and _LABELLED_ITEM.match(lines[end].text) is not None)):
                end += 1
        if end - index - 1 >= BARE_LIST_MIN_ITEMS:
            items.update(range(index + 1, end))
            if heading:
                heads.add(index)
        index = max(end, index + 1)
    return items, heads


# "Internal fixation: the broken bone is held ...": a line that names its item first.
_LABELLED_ITEM = re.compile(r"^[A-Z][\w'’()/-]*(?: [\w'’()/-]+){0,5}: \S")


def _is_bare_item(text: str, max_words: int = MAX_BARE_ITEM_WORDS) -> bool:
    return len(text.split()) <= max_words and \
        not text.endswith((".", "!", "?", ":", ";")) and not _LIST_MARK.match(text)


def _logical_lines(text: str) -> list[_Line]:
    """Physical lines joined into logical ones (wrapped paragraphs, list items).

    Pieces of a growing line are collected in a list and joined once at the end, so a
    document of one huge paragraph stays linear in its size.
    """
    raw_lines = text.splitlines()
    for index in furniture_lines(raw_lines):
        raw_lines[index] = ""  # a page's header or footer ends the paragraph it falls in
    width = _wrap_width(raw_lines)
    lines: list[_Line] = []
    parts: list[list[str]] = []
    words = 0
    blank, previous_raw = True, ""
    for raw in raw_lines:
        stripped = raw.strip()
        if not stripped:
            if lines:
                lines[-1].blank_after = True
            blank = True
            continue
        if not blank and lines and _continues(_Sofar(lines[-1].text, stripped_last(parts), words),
                                              previous_raw, raw, width):
            parts[-1].append(stripped)
            words += len(stripped.split())
        else:
            _close(lines, parts)
            lines.append(_Line(stripped, blank_before=blank))
            parts.append([stripped])
            words = len(stripped.split())
        blank, previous_raw = False, stripped
    _close(lines, parts)
    return lines


def _close(lines: list[_Line], parts: list[list[str]]) -> None:
    """Give the last logical line its full text once its pieces are all known."""
    if lines and len(parts[-1]) > 1:
        lines[-1].text = " ".join(parts[-1])
        parts[-1] = [lines[-1].text]


def _wrap_width(raw_lines: list[str]) -> int:
    """The column a hard-wrapped text breaks at, or 0 when lines are not wrapped.

    Wrapped text has no line over ~100 characters and most lines near the longest.
    """
    lengths = [len(line.strip()) for line in raw_lines if line.strip()]
    if len(lengths) < WRAP_MIN_LINES:
        return 0
    longest = max(lengths)
    if longest > WRAP_MAX_WIDTH:
        return 0
    near = sum(length >= WRAP_FULL_SHARE * longest for length in lengths)
    return longest if near * 2 >= len(lengths) else 0


@dataclass(frozen=True, slots=True)
class _Sofar:
    """The logical line being built: its first piece, its last piece, its word count."""

    first: str
    last: str
    words: int


def stripped_last(parts: list[list[str]]) -> str:
    return parts[-1][-1] if parts else ""


def _continues(previous: _Sofar, previous_raw: str, raw: str, width: int) -> bool:
    """True when ``raw`` is the wrapped rest of the logical line ``previous``."""
    stripped = raw.strip()
    if (_LIST_MARK.match(raw) or _HASHES.match(raw)
            or previous.last.endswith((".", "!", "?", ":"))):
        return False
    if _LIST_MARK.match(previous.first):
        return raw[:1].isspace() or stripped[:1].islower()
    if stripped[:1].islower() and previous.words > MAX_HEADING_WORDS:
        return True
    return width > 0 and len(previous_raw) >= WRAP_FULL_SHARE * width


def _classify(line: _Line, after: _Line | None) -> tuple[Piece, ...]:
    text = line.text
    if _LIST_MARK.match(text):
        return (Piece(_LIST_MARK.sub("", text, count=1), "item"),)
    if _HASHES.match(text):
        return marked_heading(clean_heading(text))
    if EDIT_LINK.search(text) and _is_heading_text(clean_heading(text)):
        return (Piece(clean_heading(text), "heading"),)
    if _is_heading_text(text) and _has_heading_context(text, line, after):
        return (Piece(text, "heading"),)
    if _is_label_heading(text):
        return (Piece(text[:-1], "heading"),)
    return (Piece(text, "paragraph"),)


def marked_heading(body: str) -> tuple[Piece, ...]:
    """An explicit heading (``# Risks``, ``<h2>``) unless it is far too long for one.

    A ``##`` glued to a whole paragraph becomes a section break (empty heading) followed
    by that paragraph, so the paragraph does not join the section before it.
    """
    if len(body.split()) <= MAX_MARKED_HEADING_WORDS:
        return (Piece(body, "heading"),) if body else ()
    return (Piece("", "heading"), Piece(body, "paragraph")) if body else ()


def _is_label_heading(text: str) -> bool:
    """``Risks:`` alone on a line heads a list; ``The risks include:`` is a lead-in."""
    return (
        text.endswith(":")
        and len(text.split()) <= MAX_LABEL_WORDS
        and _is_heading_text(text[:-1])
        and section_kind(text) != OTHER
    )


def _is_heading_text(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and len(text) <= 100
        and (text[0].isupper() or text[0].isdigit())
        and not text.endswith((".", ",", ";", ":", "!", "|", "-"))
    )


def _has_heading_context(text: str, line: _Line, after: _Line | None) -> bool:
    if after is not None and (_is_paragraph(after.text) or _LIST_MARK.match(after.text)):
        return True
    isolated = line.blank_before and (line.blank_after or after is None)
    return isolated and (text.endswith("?") or is_title_case(text))


def _is_paragraph(text: str) -> bool:
    return len(text.split()) > MAX_HEADING_WORDS or text.endswith((".", "!", "?", ":"))


def is_title_case(text: str) -> bool:
    """True when every word but the small ones starts with a capital (or a digit).

    >>> is_title_case("Rehabilitation and Recovery"), is_title_case("Recovery and aftercare")
    (True, False)
    """
    words = [w.strip("()[]\"'“”‘’,?!") for w in text.split()]
    major = [w for i, w in enumerate(words) if w and (i == 0 or w.lower() not in _MINOR_WORDS)]
    return bool(major) and all(not w[0].isalpha() or w[0].isupper() for w in major)

"""Markdown to pieces, via markdown-it's token stream (CommonMark plus tables).

A token stream rather than rendered HTML, so headings, list items and table rows keep
their role without a second parse; links keep their words, images are dropped.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from orthokg.loaders.reading.html_text import ANY_TAG
from orthokg.loaders.reading.sections import Piece, marked_heading, pieces_from_plain_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _markdown() -> MarkdownIt:
    """The parser, made when a Markdown page is first read (a rebuild that reads no
    document does not import markdown-it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")

_GLUED_HASHES = re.compile(r"^(#{1,6})(?=[^#\s])", re.MULTILINE)


def markdown_pieces(text: str) -> list[Piece]:
    """Pieces of a Markdown text; ``##Title`` without the space still counts as a heading.

    >>> [(p.text, p.role) for p in markdown_pieces("- [Hip](x) pain")]
    [('Hip pain', 'item')]
    """
    pieces: list[Piece] = []
    stack: list[str] = []
    row: list[str] | None = None
    for token in _markdown().parse(_GLUED_HASHES.sub(r"\1 ", text)):
        if token.nesting == 1:
            stack.append(token.type)
            row = [] if token.type == "tr_open" else row
        elif token.nesting == -1:
            stack.pop()
            if token.type == "tr_close" and row:
                pieces.append(Piece(" | ".join(row)))
                row = None
        elif token.type == "inline" and row is not None:
            row.append(_inline_text(token))
        elif token.type == "inline":
            pieces.extend(_markdown_piece(_inline_text(token), stack))
        elif token.type == "html_block":
            pieces.extend(pieces_from_plain_text(ANY_TAG.sub(" ", token.content)))
    return pieces


def _markdown_piece(text: str, stack: list[str]) -> tuple[Piece, ...]:
    if not text:
        return ()
    if "heading_open" in stack:
        return marked_heading(text)
    return (Piece(text, "item" if "list_item_open" in stack else "paragraph"),)


def _inline_text(token: Token) -> str:
    """Visible words of an inline token: text and code kept, links unwrapped, images out."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())

"""Read a file into a :class:`~orthokg.loaders.model.Document`, whatever its format.

One reader per format, chosen from a registry keyed by file suffix (as KGX chooses its
sources), so adding a format is one function and one :func:`register_reader` call. Every
reader only turns text into :class:`~orthokg.loaders.sections.Piece` records; checking
and decoding the bytes (:mod:`orthokg.loaders.reading.decoding`), removing boilerplate
(:mod:`orthokg.loaders.reading.cleaning`) and building sections
(:mod:`orthokg.loaders.reading.sections`)
are shared, so all formats come out alike. The format-specific extraction lives in
:mod:`orthokg.loaders.reading.html_text` and :mod:`orthokg.loaders.reading.markdown_text`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from orthokg.errors import DocumentError
from orthokg.loaders.model import Document, TitleSource
from orthokg.loaders.reading.cleaning import CleaningReport, clean
from orthokg.loaders.reading.decoding import DEFAULT_MAX_BYTES, decode, read_bytes
from orthokg.loaders.reading.html_text import (
    html_pieces,
    html_title,
    looks_like_html,
    parse_tree,
    structural_pieces,
    without_xml_declaration,
)
from orthokg.loaders.reading.markdown_text import markdown_pieces
from orthokg.loaders.reading.sections import (
    Piece,
    build_sections,
    find_title,
    pieces_from_plain_text,
)
from orthokg.loaders.reading.typography import fold_typography

__all__ = [
    "DEFAULT_MAX_BYTES",
    "HTML",
    "MARKDOWN",
    "READERS",
    "TEXT",
    "Parsed",
    "Reader",
    "decode",
    "iter_document_paths",
    "looks_like_html",
    "parse_html",
    "parse_markdown",
    "parse_text",
    "read_bytes",
    "read_document",
    "read_document_with_report",
    "reader_for",
    "register_reader",
    "structural_pieces",
    "supported_suffixes",
]

LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a reader found: pieces in reading order and a title from metadata, if any."""

    pieces: list[Piece]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Reader:
    """A format: its media type and the function turning decoded text into pieces."""

    media_type: str
    parse: Callable[[str], Parsed]


READERS: dict[str, Reader] = {}


def register_reader(reader: Reader, *suffixes: str) -> None:
    """Make ``reader`` the one used for files ending in any of ``suffixes`` (``.txt``)."""
    for suffix in suffixes:
        READERS[suffix.lower()] = reader


def supported_suffixes() -> frozenset[str]:
    """Suffixes with a registered reader, lower case with the dot."""
    return frozenset(READERS)


def reader_for(path: Path, text: str) -> Reader:
    """The reader registered for the suffix; for an unknown suffix, sniff HTML or text."""
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        return reader
    return READERS[".html"] if looks_like_html(text) else READERS[".txt"]


# -- documents -------------------------------------------------------------------------

def read_document(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a cleaned, sectioned :class:`Document`.

    Raises :class:`DocumentError` naming the file when it is missing, a directory,
    empty, binary, not UTF-8 text, larger than ``max_bytes`` or all boilerplate.
    """
    return read_document_with_report(path, max_bytes=max_bytes)[0]


def read_document_with_report(
    path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Document, CleaningReport]:
    """Like :func:`read_document`, also returning what the cleaning removed."""
    path = Path(path)
    data = read_bytes(path, max_bytes)
    text = decode(data, path)
    reader = reader_for(path, text)
    parsed = reader.parse(text)
    pieces, report = clean(parsed.pieces)
    LOG.debug("%s: boilerplate removed: %s", path, sorted(report.kinds()) or "none")
    fallback = fold_typography(parsed.title).strip() or path.stem
    found, body = find_title(pieces, headings_only=bool(parsed.title))
    title = fallback if found is None else found
    title_source: TitleSource = "text" if found is not None else (
        "metadata" if parsed.title else "file name")
    sections = build_sections(body, title)
    if not sections:
        raise DocumentError(path, "no text left after removing boilerplate")
    document = Document(
        doc_id=path.stem,
        path=path,
        title=title,
        media_type=reader.media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        sections=sections,
        ingested_at=datetime.now(UTC),
        title_source=title_source,
    )
    return document, report


def iter_document_paths(paths: Iterable[Path | str],
                        errors: list[DocumentError] | None = None) -> list[Path]:
    """Files to read: named files as given, directories expanded recursively.

    Directory contents are sorted, limited to supported suffixes, and hidden files or
    folders (name starting with ``.``) are skipped; duplicates are listed once. A path
    that does not exist raises :class:`DocumentError`, unless ``errors`` is given: then
    the error is appended to it and the other paths are still listed, so a
    ``--keep-going`` build can report every missing input and build the rest.
    """
    found: dict[Path, None] = {}
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.update(dict.fromkeys(_files_under(path)))
        elif path.exists():
            found.setdefault(path)
        elif errors is None:
            raise DocumentError(path, "no such file or directory")
        else:
            errors.append(DocumentError(path, "no such file or directory"))
    return list(found)


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.is_file() and path.suffix.lower() in READERS:
            yield path


# -- the formats -----------------------------------------------------------------------

def parse_text(text: str) -> Parsed:
    """Plain text: headings guessed from line shape (see ``pieces_from_plain_text``)."""
    return Parsed(pieces_from_plain_text(text))


def parse_markdown(text: str) -> Parsed:
    """Markdown via markdown-it (see :func:`~orthokg.loaders.markdown_text.markdown_pieces`)."""
    return Parsed(markdown_pieces(text))


def parse_html(text: str) -> Parsed:
    """HTML main content (see :func:`~orthokg.loaders.html_text.html_pieces`) and the
    page title; the tree is parsed once and serves both."""
    markup = without_xml_declaration(text)
    tree = parse_tree(markup)
    return Parsed(html_pieces(markup, tree), html_title(tree))


TEXT = Reader("text/plain", parse_text)
MARKDOWN = Reader("text/markdown", parse_markdown)
HTML = Reader("text/html", parse_html)
register_reader(TEXT, ".txt", ".text")
register_reader(MARKDOWN, ".md", ".markdown")
register_reader(HTML, ".html", ".htm")

"""Read a file into a :class:`~orthokg.loaders.model.Document`, whatever its format.

One reader per format, chosen from a registry keyed by file suffix (as KGX chooses its
sources), so adding a format is one function and one :func:`register_reader` call. Every
reader only turns text into :class:`~orthokg.loaders.sections.Piece` records; checking
the bytes, removing boilerplate (:mod:`orthokg.loaders.cleaning`) and building sections
(:mod:`orthokg.loaders.sections`) are shared, so all formats come out alike.

Encoding decision: UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such.
Windows-1252 is accepted only when it is unmistakable: the file holds no valid UTF-8
multi-byte sequence at all (so it is not damaged UTF-8), every byte is defined in
cp1252 and at most 10 % of the bytes are non-ASCII (smart quotes, dashes, accented
letters). Anything else is refused with the offset of the first invalid byte, because a
guessed encoding silently turns "café" into "cafÃ©" in the graph.
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from orthokg.errors import DocumentError
from orthokg.loaders.cleaning import CleaningReport, clean
from orthokg.loaders.model import Document
from orthokg.loaders.sections import (
    Piece,
    build_sections,
    marked_heading,
    pieces_from_plain_text,
    split_title,
)

LOG = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
CONTROL_SHARE = 0.1
CP1252_NON_ASCII_SHARE = 0.1


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
    title, body = split_title(pieces, parsed.title or path.stem,
                              headings_only=bool(parsed.title))
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
    )
    return document, report


def iter_document_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files to read: named files as given, directories expanded recursively.

    Directory contents are sorted, limited to supported suffixes, and hidden files or
    folders (name starting with ``.``) are skipped; duplicates are listed once.
    """
    found: dict[Path, None] = {}
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.update(dict.fromkeys(_files_under(path)))
        elif path.exists():
            found.setdefault(path)
        else:
            raise DocumentError(path, "no such file or directory")
    return list(found)


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.is_file() and path.suffix.lower() in READERS:
            yield path


# -- bytes and text --------------------------------------------------------------------

def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a readable, non-empty regular file of at most ``max_bytes``."""
    if not path.exists():
        raise DocumentError(path, "no such file")
    if path.is_dir():
        raise DocumentError(path, "is a directory, not a file")
    if not path.is_file():
        raise DocumentError(path, "not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(path, f"too large ({size} bytes; the limit is {max_bytes})")
    if size == 0:
        raise DocumentError(path, "empty file")
    try:
        return path.read_bytes()
    except OSError as err:
        raise DocumentError(path, f"cannot be read ({err.strerror})") from err


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_KEPT_CONTROLS = frozenset("\t\n\r\f\v")


def decode(data: bytes, path: Path) -> str:
    """Text of a file's bytes (see the module docstring for the encodings accepted).

    >>> decode("Hüfte".encode("utf-16"), Path("x.txt"))
    'Hüfte'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(codec), path)
            except UnicodeDecodeError as err:
                raise DocumentError(path, f"not {codec} text despite its byte-order mark "
                                          f"(invalid data at offset {err.start})") from None
    if b"\x00" in data:
        raise DocumentError(path, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        fallback = _unmistakable_cp1252(data)
        if fallback is None:
            raise DocumentError(path, f"not UTF-8 text (invalid byte 0x{data[err.start]:02x} "
                                      f"at offset {err.start})") from None
        text = fallback
    return _checked_text(text, path)


def _unmistakable_cp1252(data: bytes) -> str | None:
    if _UTF8_MULTIBYTE.search(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = sum(byte >= 0x80 for byte in data)
    return text if non_ascii <= CP1252_NON_ASCII_SHARE * len(data) else None


def _checked_text(text: str, path: Path) -> str:
    """Refuse blank or control-character-ridden text; drop stray control characters."""
    if not text.strip():
        raise DocumentError(path, "file contains only white space")
    controls = [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in _KEPT_CONTROLS]
    if len(controls) > CONTROL_SHARE * len(text):
        raise DocumentError(path, f"binary file ({len(controls)} control characters "
                                  f"in {len(text)})")
    return "".join(ch for ch in text if ch not in controls) if controls else text


_MARKUP_START = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html)\b",
                           re.IGNORECASE | re.DOTALL)
_MARKUP_TAG = re.compile(r"</?(p|div|h[1-6]|body|head|ul|ol|li|article|section|table|br|span|a)"
                         r"\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for text that starts like an HTML page or is dense with common tags.

    >>> looks_like_html("<div><p>Hip</p></div>"), looks_like_html("Hip <3 knee")
    (True, False)
    """
    head = text[:4096]
    return bool(_MARKUP_START.match(head)) or len(_MARKUP_TAG.findall(head)) >= 3


def reader_for(path: Path, text: str) -> Reader:
    """The reader registered for the suffix; for an unknown suffix, sniff HTML or text."""
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        return reader
    return READERS[".html"] if looks_like_html(text) else READERS[".txt"]


# -- plain text and Markdown -----------------------------------------------------------

def parse_text(text: str) -> Parsed:
    """Plain text: headings guessed from line shape (see ``pieces_from_plain_text``)."""
    return Parsed(pieces_from_plain_text(text))


_MARKDOWN = MarkdownIt("commonmark").enable("table")
_GLUED_HASHES = re.compile(r"^(#{1,6})(?=[^#\s])", re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")


def parse_markdown(text: str) -> Parsed:
    """Markdown via markdown-it; ``##Title`` without the space still counts as a heading."""
    pieces: list[Piece] = []
    stack: list[str] = []
    row: list[str] | None = None
    for token in _MARKDOWN.parse(_GLUED_HASHES.sub(r"\1 ", text)):
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
            pieces.extend(pieces_from_plain_text(_TAG.sub(" ", token.content)))
    return Parsed(pieces)


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


# -- HTML ------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def parse_html(text: str) -> Parsed:
    """Main content by trafilatura, headings and lists kept; lxml when that fails.

    trafilatura drops headings on small pages and returns nothing for some malformed
    ones; the structural lxml extraction (boilerplate containers pruned) then stands in.
    """
    markup = _XML_DECLARATION.sub("", text, count=1)
    tree = _parse_html(markup)
    pieces = _trafilatura_pieces(markup)
    if tree is not None and (not pieces or _lost_headings(pieces, tree)):
        pieces = structural_pieces(tree)
    return Parsed(pieces or _stripped_markup(markup), _html_title(tree))


def _stripped_markup(markup: str) -> list[Piece]:
    """Last resort for markup no parser makes sense of (libxml2 gives up past 256 levels
    of nesting): the text between the tags, read as plain text."""
    text = _TAG.sub("\n", _SCRIPT_OR_STYLE.sub(" ", markup))
    return pieces_from_plain_text(unescape(text))


def _parse_html(markup: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def _html_title(tree: lxml_html.HtmlElement | None) -> str:
    """``<title>`` without the site name after a separator, else the first ``<h1>``."""
    if tree is None:
        return ""
    for query in ("//title", "//h1"):
        for element in tree.xpath(query):
            text = " ".join(element.text_content().split())
            if text:
                return _TITLE_SEPARATOR.split(text)[0]
    return ""


def _lost_headings(pieces: list[Piece], tree: lxml_html.HtmlElement) -> bool:
    has_heading = any(piece.role == "heading" for piece in pieces)
    return not has_heading and bool(tree.xpath("//body//*[self::h1 or self::h2 or self::h3]"))


def _trafilatura_pieces(markup: str) -> list[Piece]:
    xml = trafilatura.extract(markup, output_format="xml", include_formatting=True,
                              include_comments=False, include_tables=True, favor_recall=True)
    if not xml:
        return []
    main = etree.fromstring(xml).find("main")
    if main is None:
        return []
    for line_break in main.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    return list(_xml_pieces(main))


def _xml_pieces(parent: etree._Element) -> Iterator[Piece]:
    """Pieces of trafilatura's XML: ``head``, ``p``, ``list/item``, ``table/row/cell``."""
    for child in parent:
        if child.tag == "head":
            yield from marked_heading(_words(child.itertext()))
        elif child.tag == "list":
            yield from _xml_items(child)
        elif child.tag == "table":
            for row in child.iter("row"):
                yield Piece(" | ".join(_words(cell.itertext()) for cell in row))
        elif child.tag not in ("graphic", "comments"):
            yield from _nonempty(Piece(_words(child.itertext())))
        yield from _nonempty(Piece(_words([child.tail or ""])))


def _xml_items(element: etree._Element) -> Iterator[Piece]:
    for item in element.iterchildren("item"):
        yield from _nonempty(Piece(_own_text(item, "list"), "item"))
        for nested in item.iterchildren("list"):
            yield from _xml_items(nested)


def _own_text(element: etree._Element, *skip: str) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in skip:
            parts.extend(child.itertext())
        parts.append(child.tail or "")
    return _words(parts)


def _words(parts: Iterable[str]) -> str:
    return " ".join("".join(parts).split())


def _nonempty(piece: Piece) -> tuple[Piece, ...]:
    return (piece,) if piece.text else ()


# -- structural HTML extraction (fallback) ----------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "nav",
              "footer", "aside", "button", "select", "textarea", "object", "embed", "canvas")
_BOILERPLATE_ATTR = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|banner|ads?|advert\w*|"
    r"sponsor\w*|promo\w*|comments?|share|sharing|social|footer|sidebar|widget|"
    r"lang|language|languages|newsletter|popup|modal|related|contentinfo|complementary|"
    r"search)($|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN = ("//*[@hidden] | //*[@aria-hidden='true'] | //header[not(.//h1)] | "
           "//*[contains(translate(@style, ' ', ''), 'display:none')]")
_LEAF_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "pre", "dt", "dd",
                "tr", "figcaption", "caption")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def structural_pieces(tree: lxml_html.HtmlElement) -> list[Piece]:
    """Headings, paragraphs and list items of the page's main region, chrome removed."""
    tree = copy.deepcopy(tree)
    doomed = tree.xpath(" | ".join(f"//{tag}" for tag in _DROP_TAGS) + " | " + _HIDDEN)
    doomed += [el for el in tree.iter() if _is_boilerplate_container(el)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    regions = tree.xpath("//main | //article | //*[@role='main']")
    root = regions[0] if regions else tree
    pieces = [piece for element in _block_elements(root) for piece in _html_piece(element)]
    return pieces or pieces_from_plain_text(root.text_content())


def _is_boilerplate_container(element: etree._Element) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body", "main", "article"):
        return False
    names = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return bool(_BOILERPLATE_ATTR.search(names))


def _block_elements(root: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """Block elements in reading order, skipping those inside another emitted block."""
    for element in root.iter(*_LEAF_BLOCKS, "li"):
        enclosing = _LEAF_BLOCKS if element.tag == "li" else (*_LEAF_BLOCKS, "li")
        if not any(ancestor.tag in enclosing for ancestor in element.iterancestors()):
            yield element


def _html_piece(element: lxml_html.HtmlElement) -> tuple[Piece, ...]:
    if element.tag in _HEADINGS:
        return marked_heading(_words(element.itertext()))
    if element.tag == "li":
        return _nonempty(Piece(_own_text(element, "ul", "ol"), "item"))
    if element.tag == "tr":
        cells = (_words(cell.itertext()) for cell in element.iter("td", "th"))
        return _nonempty(Piece(" | ".join(cell for cell in cells if cell)))
    return _nonempty(Piece(_words(element.itertext())))


TEXT = Reader("text/plain", parse_text)
MARKDOWN = Reader("text/markdown", parse_markdown)
HTML = Reader("text/html", parse_html)
register_reader(TEXT, ".txt", ".text")
register_reader(MARKDOWN, ".md", ".markdown")
register_reader(HTML, ".html", ".htm")

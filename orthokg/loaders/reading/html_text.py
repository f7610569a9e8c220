"""HTML to pieces: the page's main text with headings, lists and tables kept.

Main content comes from trafilatura, which is good at dropping page chrome; a structural
lxml extraction stands in when it loses the headings or returns nothing, and a plain
tag strip when no parser makes sense of the markup. Kept apart from the reader registry
because this is the one format whose extraction is a module's worth of heuristics.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from html import unescape

from lxml import etree
from lxml import html as lxml_html

from orthokg.loaders.reading.sections import Piece, marked_heading, pieces_from_plain_text

ANY_TAG = re.compile(r"<[^>]+>")
_MARKUP_START = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html)\b",
                           re.IGNORECASE | re.DOTALL)
_MARKUP_TAG = re.compile(r"</?(p|div|h[1-6]|body|head|ul|ol|li|article|section|table|br|span|a)"
                         r"\b[^>]*>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """True for text that starts like an HTML page or is dense with common tags.

    >>> looks_like_html("<div><p>Hip</p></div>"), looks_like_html("Hip <3 knee")
    (True, False)
    """
    head = text[:4096]
    return bool(_MARKUP_START.match(head)) or len(_MARKUP_TAG.findall(head)) >= 3


def without_xml_declaration(text: str) -> str:
    """The markup minus a leading ``<?xml ...?>``, which lxml refuses in a ``str``.

    >>> without_xml_declaration('<?xml version="1.0"?><p>Hip</p>')
    '<p>Hip</p>'
    """
    return _XML_DECLARATION.sub("", text, count=1)


def parse_tree(markup: str) -> lxml_html.HtmlElement | None:
    """The lxml document tree, or None for markup lxml cannot parse at all."""
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def html_pieces(markup: str, tree: lxml_html.HtmlElement | None) -> list[Piece]:
    """Main content by trafilatura, headings and lists kept; lxml when that fails.

    trafilatura drops headings on small pages and returns nothing for some malformed
    ones; the structural lxml extraction (boilerplate containers pruned) then stands in.
    """
    pieces = _trafilatura_pieces(markup)
    if tree is not None and (not pieces or _lost_headings(pieces, tree)):
        pieces = structural_pieces(tree)
    return pieces or _stripped_markup(markup)


def html_title(tree: lxml_html.HtmlElement | None) -> str:
    """``<title>`` without the site name after a separator, else the first ``<h1>``."""
    if tree is None:
        return ""
    for query in ("//title", "//h1"):
        for element in tree.xpath(query):
            text = " ".join(element.text_content().split())
            if text:
                return _TITLE_SEPARATOR.split(text)[0]
    return ""


def _stripped_markup(markup: str) -> list[Piece]:
    """Last resort for markup no parser makes sense of (libxml2 gives up past 256 levels
    of nesting): the text between the tags, read as plain text."""
    text = ANY_TAG.sub("\n", _SCRIPT_OR_STYLE.sub(" ", markup))
    return pieces_from_plain_text(unescape(text))


def _lost_headings(pieces: list[Piece], tree: lxml_html.HtmlElement) -> bool:
    has_heading = any(piece.role == "heading" for piece in pieces)
    return not has_heading and bool(tree.xpath("//body//*[self::h1 or self::h2 or self::h3]"))


# -- trafilatura ------------------------------------------------------------------------

def _trafilatura_pieces(markup: str) -> list[Piece]:
    import trafilatura  # a third of a second to import: only when a page is read

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
            parts.append(_words(child.itertext()))
        parts.append(child.tail or "")
    return _words(parts)


def _words(parts: Iterable[str | bytes]) -> str:
    """Text pieces joined with their spacing normalised (lxml's stubs allow bytes)."""
    return " ".join("".join(p if isinstance(p, str) else p.decode() for p in parts).split())


def _nonempty(piece: Piece) -> tuple[Piece, ...]:
    return (piece,) if piece.text else ()


# -- structural extraction (fallback) ----------------------------------------------------

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
    """Headings, paragraphs and list items of the page's main region, chrome removed.

    Works on a copy, so the caller's tree (still needed for the title) is left intact.
    """
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

"""Content negotiation: explicit tables of what each kind of answer can be sent as.

SELECT/ASK results and RDF graphs have separate tables; the first row of each is the
default for a missing or ``*/*`` Accept. A format's weight is the q of the most
specific Accept range that matches it (RFC 9110 §12.5.1); ties go to table order, so
the server's preferred format wins when the client does not care.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Format:
    """One serialisation: the media type sent back, its short name and accepted aliases."""

    media_type: str
    name: str
    aliases: tuple[str, ...] = ()
    charset: bool = True

    @property
    def content_type(self) -> str:
        """Value of the Content-Type header."""
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every media type a client may ask for to get this format."""
        return (self.media_type, *self.aliases)


RESULT_FORMATS: tuple[Format, ...] = (
    Format("application/sparql-results+json", "json", ("application/json",), charset=False),
    Format("application/sparql-results+xml", "xml", ("application/xml", "text/xml"), False),
    Format("text/csv", "csv"),
    Format("text/tab-separated-values", "tsv"),
)
"""SELECT and ASK results (SPARQL 1.1 Query Results JSON, XML, CSV, TSV)."""

GRAPH_FORMATS: tuple[Format, ...] = (
    Format("text/turtle", "turtle", ("application/turtle", "application/x-turtle")),
    Format("application/n-triples", "ntriples", ("text/plain",)),
    Format("application/rdf+xml", "rdfxml", ("application/xml", "text/xml"), charset=False),
    Format("application/ld+json", "jsonld", ("application/x-json+ld", "application/json"),
           charset=False),
)
"""CONSTRUCT and DESCRIBE results, service description, VoID and concept data."""

HTML = Format("text/html", "html")
PAGE_FORMATS: tuple[Format, ...] = (HTML, *GRAPH_FORMATS)
"""Concept and document pages: HTML for browsers, RDF for programs, on the same path."""

AcceptRange = tuple[str, float]


def parse_accept(header: str | None) -> list[AcceptRange]:
    """Media ranges of an Accept header with their q values (malformed q counts as 0).

    >>> parse_accept("text/turtle;q=0.5, application/ld+json")
    [('text/turtle', 0.5), ('application/ld+json', 1.0)]
    """
    ranges: list[AcceptRange] = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        ranges.append((fields[0].lower(), _q(fields[1:])))
    return ranges


def _q(params: Sequence[str]) -> float:
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def _specificity(media_range: str, media_type: str) -> int:
    """3 exact, 2 ``type/*``, 1 ``*/*``, 0 no match."""
    if media_range == media_type:
        return 3
    if media_range == "*/*":
        return 1
    if media_range.endswith("/*") and media_type.startswith(media_range[:-1]):
        return 2
    return 0


def _weight(fmt: Format, ranges: Sequence[AcceptRange]) -> float:
    best_spec, best_q = 0, 0.0
    for media_type in fmt.accepted:
        for media_range, q in ranges:
            spec = _specificity(media_range, media_type)
            if spec > best_spec or (spec == best_spec and spec and q > best_q):
                best_spec, best_q = spec, q
    return best_q


def negotiate(header: str | None, table: Sequence[Format]) -> Format | None:
    """The format of ``table`` the client prefers, the default when it has no Accept,
    or ``None`` when it accepts none of them (the caller answers 406).

    >>> negotiate(None, RESULT_FORMATS).name
    'json'
    >>> negotiate("text/csv;q=0.4, application/sparql-results+xml", RESULT_FORMATS).name
    'xml'
    >>> negotiate("image/png", GRAPH_FORMATS) is None
    True
    """
    ranges = parse_accept(header)
    if not ranges:
        return table[0]
    weighted = [(_weight(fmt, ranges), -i, fmt) for i, fmt in enumerate(table)]
    weight, _, fmt = max(weighted, key=lambda item: (item[0], item[1]))
    return fmt if weight > 0 else None


def by_name(name: str, table: Sequence[Format]) -> Format | None:
    """The format of ``table`` called ``name`` (``?format=turtle`` on pages).

    >>> by_name("ntriples", GRAPH_FORMATS).media_type
    'application/n-triples'
    """
    return next((fmt for fmt in table if fmt.name == name), None)


def offered(table: Sequence[Format]) -> str:
    """The media types of ``table`` as one line, for 406 messages."""
    return ", ".join(fmt.media_type for fmt in table)

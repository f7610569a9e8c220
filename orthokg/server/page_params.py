"""The paging parameters of the answer pages and downloads, read and checked.

A person pages with ``?page=N&size=M`` (``size`` rows of the query a page); a program
slices a download with ``?limit=N&offset=M``, the clauses SPARQL itself has. Both end up
as :func:`orthokg.queries.paging.paged`'s LIMIT and OFFSET. A page or a slice may hold
at most the server's row limit (``orthokg serve --max-rows``), the bound every answer
already has; a bad value is refused with one line naming the parameter, what was given
and what would do, never silently replaced by a default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_PAGE_ROWS = 50
"""Rows of the query a page shows unless ``size`` says otherwise (or the row limit is
smaller). A fact stated by several documents is several rows, so a page shows fewer
facts than rows."""
MAX_DIGITS = 9


class BadPaging(ValueError):
    """A paging parameter is not a number the server accepts; the message says which."""


@dataclass(frozen=True, slots=True)
class PageAsked:
    """Page ``number`` (from 1) of ``size`` rows.

    >>> PageAsked(3, 50).offset
    100
    """

    number: int
    size: int

    @property
    def offset(self) -> int:
        """Rows before this page."""
        return (self.number - 1) * self.size


@dataclass(frozen=True, slots=True)
class Slice:
    """At most ``limit`` rows (all when ``None``) after the first ``offset``."""

    limit: int | None = None
    offset: int = 0

    @property
    def whole(self) -> bool:
        """True when no slice was asked for (the whole answer)."""
        return self.limit is None and not self.offset


def _number(params: Mapping[str, str], name: str, lowest: int, highest: int | None,
            meaning: str) -> int | None:
    """``params[name]`` as a whole number within bounds; ``None`` when absent."""
    text = params.get(name)
    if text is None:
        return None
    bounds = f"from {lowest}" + (f" to {highest}" if highest is not None else "")
    digits = text.strip()
    if not digits.isdecimal() or not digits.isascii() or len(digits) > MAX_DIGITS:
        raise BadPaging(f"{name}={text!r}: {meaning} is a whole number {bounds}")
    value = int(digits)
    if value < lowest or (highest is not None and value > highest):
        limit = " (the server's row limit, --max-rows)" if highest is not None else ""
        raise BadPaging(f"{name}={value}: {meaning} is a whole number {bounds}{limit}")
    return value


def read_page(params: Mapping[str, str], max_rows: int) -> PageAsked:
    """``page`` and ``size`` from ``params`` (page 1 and ``DEFAULT_PAGE_ROWS`` rows, or
    the row limit if smaller, when absent); ``BadPaging`` for anything else.

    >>> read_page({"page": "2", "size": "10"}, 100)
    PageAsked(number=2, size=10)
    >>> read_page({"size": "500"}, 100)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orthokg.server.page_params.BadPaging: size=500: a page size is a whole number from 1 to 100 ...
    """
    number = _number(params, "page", 1, None, "a page number")
    size = _number(params, "size", 1, max_rows, "a page size")
    return PageAsked(number or 1, size or min(DEFAULT_PAGE_ROWS, max_rows))


def read_slice(params: Mapping[str, str], max_rows: int) -> Slice:
    """``limit`` and ``offset`` of a download; ``BadPaging`` for a bad one.

    >>> read_slice({"offset": "-1"}, 100)
    Traceback (most recent call last):
    ...
    orthokg.server.page_params.BadPaging: offset='-1': an offset is a whole number from 0
    """
    limit = _number(params, "limit", 0, max_rows, "a limit")
    offset = _number(params, "offset", 0, None, "an offset")
    return Slice(limit, offset or 0)

"""SELECT answers as a person reads them (no HTML here).

A catalogue answer has one row per fact *and* stating document, IRIs beside their
labels and literals with language tags. Read as a table of facts instead: a column
``?x`` with a ``?xLabel`` (or ``?xTitle``) column shows the label linked to the
concept's page; the evidence columns (sentence, document, section, frequency,
certainty) fold into the sources of the fact, counted by distinct document; language
tags and datatypes are not shown; parameters the question was asked about are not
repeated in every row. Long answers come a page at a time, a page being a slice of the
query's rows (see :mod:`orthokg.server.answer_window`): a fact whose rows a page
boundary splits is shown on both pages, marked as going on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from orthokg.server.page_model import Evidence, Link, humanize, link
from orthokg.server.page_params import DEFAULT_PAGE_ROWS

Binding = dict[str, dict[str, Any]]

EVIDENCE = ("evidence", "document", "section", "frequency", "certainty")
LABEL_SUFFIXES = ("Label", "Title")
XSD = "http://www.w3.org/2001/XMLSchema#"
_WORDS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class FactRow:
    """One fact: its cells, the sources that state it and how many documents they are."""

    cells: tuple[Link, ...]
    sources: tuple[Evidence, ...] = ()
    documents: int = 0
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """Where a page lies in the whole answer: its number and size in rows of the query,
    whether a page follows, and whether its first fact began on the page before
    (``continued``) or its last goes on on the next (``continues``)."""

    page: int = 1
    size: int = DEFAULT_PAGE_ROWS
    has_next: bool = False
    continued: bool = False
    continues: bool = False


@dataclass(slots=True)
class Table:
    """A page of readable rows, with what is needed to page through the rest."""

    columns: list[str]
    rows: list[FactRow] = field(default_factory=list)
    has_sources: bool = False
    answer_rows: int = 0
    place: Place = field(default_factory=Place)

    @property
    def headings(self) -> list[str]:
        """The column headings in words."""
        return [heading(c) for c in self.columns]

    @property
    def total(self) -> int:
        """The facts (or rows) shown on this page."""
        return len(self.rows)

    @property
    def complete(self) -> bool:
        """True when this page is the whole answer (so its counts are the answer's)."""
        return self.place.page == 1 and not self.place.has_next

    @property
    def first_row(self) -> int:
        """The number of this page's first row of the query, from 1."""
        return (self.place.page - 1) * self.place.size + 1

    @property
    def last_row(self) -> int:
        """The number of this page's last row of the query."""
        return self.first_row + self.answer_rows - 1


def heading(variable: str) -> str:
    """A column heading from a variable name.

    >>> heading("procedureHas"), heading("minValue")
    ('procedure has', 'min value')
    """
    return _WORDS.sub(" ", variable).lower()


def label_column(variable: str, variables: Iterable[str]) -> str | None:
    """The column holding the label of ``variable``, if the answer has one."""
    names = set(variables)
    return next((variable + s for s in LABEL_SUFFIXES if variable + s in names), None)


def shown_columns(variables: list[str], hidden: Iterable[str] = ()) -> list[str]:
    """The columns a fact row shows: not evidence, not a label of another column, not
    a parameter the question fixed.

    >>> shown_columns(["procedure", "complication", "complicationLabel", "evidence",
    ...                "document"], hidden=["procedure"])
    ['complication']
    """
    labels = {c for v in variables if (c := label_column(v, variables))}
    skip = set(hidden) | labels
    skip |= {e for e in EVIDENCE if e in variables}
    skip |= {c for e in EVIDENCE if (c := label_column(e, variables))}
    return [v for v in variables if v not in skip]


def iris_to_label(rows: Iterable[Binding], columns: list[str], variables: list[str]) -> list[str]:
    """IRIs in ``columns`` that the answer gives no label for (to be looked up)."""
    found: dict[str, None] = {}
    for row in rows:
        for column in columns:
            cell = row.get(column)
            if cell and cell["type"] == "uri" and not (
                    (lc := label_column(column, variables)) and lc in row):
                found[cell["value"]] = None
        document = row.get("document")
        if document and document["type"] == "uri":
            found[document["value"]] = None
    return list(found)


def cell(row: Binding, column: str, variables: list[str], labels: Mapping[str, str]) -> Link:
    """One value as text: a linked label for an IRI, the bare text of a literal."""
    value = row.get(column)
    if value is None:
        return Link("")
    if value["type"] == "uri":
        lc = label_column(column, variables)
        label = row[lc]["value"] if lc and lc in row else labels.get(value["value"])
        return link(value["value"], label or humanize(value["value"]))
    if value["type"] == "bnode":
        return Link("(blank node)")
    datatype = value.get("datatype", "")
    if datatype == XSD + "boolean":
        return Link("yes" if value["value"] in ("true", "1") else "no")
    return Link(str(value["value"]))


def _source(row: Binding, variables: list[str], labels: Mapping[str, str]) -> Evidence | None:
    def text(name: str) -> str | None:
        return str(row[name]["value"]) if name in row else None

    document = cell(row, "document", variables, labels) if "document" in row else None
    qualifiers = tuple(q for q in (text("frequency"), text("certainty")) if q)
    if not (text("evidence") or document or qualifiers):
        return None
    return Evidence(text("evidence"), text("section"), document, qualifiers)


@dataclass(slots=True)
class Grouped:
    """The rows of an answer grouped by fact (the same shown cells), in answer order."""

    variables: list[str]
    columns: list[str]
    groups: list[list[Binding]]
    answer_rows: int

    def key(self, row: Binding) -> tuple[str, ...]:
        """The fact ``row`` states: its shown cells."""
        return fact_key(row, self.columns)

    def same_fact(self, row: Binding | None, group: int) -> bool:
        """True when ``row`` (a row outside the page) states the fact of group ``group``
        (0 the first, -1 the last)."""
        return row is not None and bool(self.groups) and (
            self.key(row) == self.key(self.groups[group][0]))


def fact_key(row: Binding, columns: Iterable[str]) -> tuple[str, ...]:
    """The values of ``row`` in ``columns``: rows with equal keys state one fact."""
    return tuple(str(row.get(c, {}).get("value", "")) for c in columns)


def grouped(variables: list[str], rows: list[Binding], hidden: Iterable[str] = ()) -> Grouped:
    """Rows stating the same fact (equal shown cells) gathered in one group."""
    columns = shown_columns(variables, hidden)
    order: dict[tuple[str, ...], list[Binding]] = {}
    for row in rows:
        order.setdefault(fact_key(row, columns), []).append(row)
    return Grouped(variables, columns, list(order.values()), len(rows))


def readable(answer: Grouped, labels: Mapping[str, str], place: Place | None = None) -> Table:
    """The page of the answer at ``place`` as fact rows, each with every document on
    the page that states it."""
    variables, columns = answer.variables, answer.columns
    table = Table(columns, has_sources=any(e in variables for e in EVIDENCE),
                  answer_rows=answer.answer_rows, place=place or Place())
    for group in answer.groups:
        cells = tuple(cell(group[0], c, variables, labels) for c in columns)
        sources = tuple(dict.fromkeys(s for r in group
                                      if (s := _source(r, variables, labels)) is not None))
        documents = {r["document"]["value"] for r in group if "document" in r}
        qualifiers = tuple(dict.fromkeys(q for s in sources for q in s.qualifiers))
        table.rows.append(FactRow(cells, sources, len(documents), qualifiers))
    return table

"""What a concept or document page shows, built from query rows (no HTML here).

Rows come as SPARQL JSON bindings. Every statement about the resource lands in one
place: its names, its classes, its external identifiers, the documents that mention
it, its facts in both directions (each with the sentences that state it) and its
quantities. Links to this server's pages are local paths; other IRIs are linked only
when they are http(s), so an IRI in the data can never become a ``javascript:`` link.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from orthokg.ontology.vocab import CONCEPT_BASE, DCTERMS, DOC_BASE, OKG, OWL, RDF, RDFS, SKOS

Row = dict[str, dict[str, Any]]

XREFS = {str(SKOS[n]): n.replace("Match", " match")
         for n in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
LABEL, ALT_LABEL, TYPE = str(RDFS.label), str(SKOS.altLabel), str(RDF.type)
MENTIONED_IN, HAS_QUANTITY = str(OKG.mentionedIn), str(OKG.hasQuantity)
TITLE, NAMED_INDIVIDUAL = str(DCTERMS.title), str(OWL.NamedIndividual)
UNITS = {"MIN": "minutes", "HR": "hours", "DAY": "days", "WK": "weeks", "MO": "months",
         "YR": "years", "PERCENT": "%"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Link:
    """Text and, when safe, where it points; ``local`` marks a page of this server."""

    text: str
    href: str | None = None
    local: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the sentence, its section and document, its qualifiers."""

    sentence: str | None
    section: str | None
    document: Link | None
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement between two resources and every sentence that states it."""

    subject: Link
    property: Link
    object: Link
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A duration or rate: its kind, what it is about, the amount, and its source."""

    kind: Link | None
    about: Link | None
    amount: str
    sentence: str | None
    document: Link | None


@dataclass(slots=True)
class ResourceView:
    """Everything a page shows about one concept, quantity or document."""

    iri: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    types: list[Link] = field(default_factory=list)
    xrefs: list[tuple[str, Link]] = field(default_factory=list)
    documents: list[Link] = field(default_factory=list)
    attributes: list[tuple[Link, Link]] = field(default_factory=list)
    facts_out: list[Fact] = field(default_factory=list)
    facts_in: list[Fact] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    stated_facts: list[Fact] = field(default_factory=list)
    mentions: list[Link] = field(default_factory=list)


def local_path(iri: str) -> str | None:
    """The path of this server's page for ``iri``, if it has one.

    >>> local_path("https://w3id.org/orthokg/id/tibia"), local_path("http://x.org/a")
    ('/id/tibia', None)
    """
    for base, prefix in ((CONCEPT_BASE, "/id/"), (DOC_BASE, "/doc/")):
        if iri.startswith(base) and len(iri) > len(base):
            return prefix + iri[len(base):]
    return None


def humanize(iri: str) -> str:
    """A readable name from the end of an IRI.

    >>> humanize("https://w3id.org/orthokg/ontology#hasPossibleComplication")
    'has possible complication'
    """
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri
    return _CAMEL.sub(" ", local).lower() if re.fullmatch(r"[A-Za-z0-9]+", local) else local


def link(iri: str, label: str | None = None) -> Link:
    """A link to ``iri``: the local page if there is one, else the IRI if http(s).

    >>> link("javascript:alert(1)").href is None
    True
    """
    path = local_path(iri)
    if path is not None:
        return Link(label or humanize(iri), path, local=True)
    safe = iri.startswith(("http://", "https://"))
    return Link(label or humanize(iri), iri if safe else None)


def text(row: Row, name: str) -> str | None:
    """The lexical value of a cell, ``None`` when unbound."""
    cell = row.get(name)
    return None if cell is None else str(cell["value"])


def term(row: Row, name: str, label_name: str | None = None) -> Link:
    """A cell as a link (IRIs), a placeholder (blank nodes) or text (literals)."""
    cell = row.get(name) or {"type": "literal", "value": ""}
    if cell["type"] == "uri":
        return link(cell["value"], text(row, label_name) if label_name else None)
    if cell["type"] == "bnode":
        return Link("(blank node)")
    return Link(str(cell["value"]))


def evidence_index(rows: Iterable[Row]) -> dict[tuple[str, str, str], list[Evidence]]:
    """Evidence of each fact, keyed by (subject, property, object) IRIs."""
    found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for row in rows:
        key = (text(row, "source") or "", text(row, "property") or "", text(row, "target") or "")
        found[key].append(_evidence(row))
    return found


def _evidence(row: Row) -> Evidence:
    document = text(row, "document")
    qualifiers = tuple(q for q in (text(row, "frequency"), text(row, "certainty")) if q)
    return Evidence(text(row, "evidence"), text(row, "section"),
                    link(document, text(row, "documentLabel")) if document else None,
                    qualifiers)


def _is_iri(row: Row, name: str) -> bool:
    return row.get(name, {}).get("type") == "uri"


def _file(view: ResourceView, row: Row, evidence: dict[tuple[str, str, str], list[Evidence]],
          me: Link) -> None:
    prop, value = text(row, "property") or "", text(row, "value") or ""
    if prop == LABEL:
        view.label = view.label or value
    elif prop == ALT_LABEL:
        view.alt_labels.append(value)
    elif prop == TYPE:
        if value != NAMED_INDIVIDUAL:
            view.types.append(term(row, "value", "valueLabel"))
    elif prop in XREFS and _is_iri(row, "value"):
        view.xrefs.append((XREFS[prop], link(value, value)))
    elif prop == MENTIONED_IN:
        view.documents.append(term(row, "value", "valueLabel"))
    elif prop == HAS_QUANTITY:
        return
    elif _is_iri(row, "value"):
        view.facts_out.append(Fact(me, term(row, "property", "propertyLabel"),
                                   term(row, "value", "valueLabel"),
                                   tuple(evidence.get((view.iri, prop, value), ()))))
    else:
        view.attributes.append((term(row, "property", "propertyLabel"), term(row, "value")))


def _incoming(view: ResourceView, rows: Iterable[Row],
              evidence: dict[tuple[str, str, str], list[Evidence]], me: Link) -> None:
    for row in rows:
        subject, prop = text(row, "subject") or "", text(row, "property") or ""
        if prop == MENTIONED_IN:
            view.mentions.append(term(row, "subject", "subjectLabel"))
            continue
        view.facts_in.append(Fact(term(row, "subject", "subjectLabel"),
                                  term(row, "property", "propertyLabel"), me,
                                  tuple(evidence.get((subject, prop, view.iri), ()))))


def _amount(row: Row) -> str:
    low, high = text(row, "min"), text(row, "max")
    unit = text(row, "unit")
    unit_text = UNITS.get(humanize(unit).upper(), humanize(unit)) if unit else ""
    if low is not None and high is not None:
        numbers = low if low == high else f"{low} to {high}"
    elif high is not None:
        numbers = f"at most {high}"
    else:
        numbers = f"at least {low}" if low is not None else "?"
    return f"{numbers} {unit_text}".strip()


def quantities(rows: Iterable[Row]) -> list[Quantity]:
    """The quantity rows of a concept as display records."""
    return [Quantity(term(row, "kind", "kindLabel") if row.get("kind") else None,
                     term(row, "about", "aboutLabel") if row.get("about") else None,
                     _amount(row), text(row, "evidence"),
                     term(row, "document", "documentLabel") if row.get("document") else None)
            for row in rows]


def stated_facts(rows: Iterable[Row]) -> list[Fact]:
    """The facts a document states (document-facts rows), each with its evidence."""
    return [Fact(term(row, "source", "sourceLabel"), term(row, "property", "propertyLabel"),
                 term(row, "target", "targetLabel"), (_evidence(row),)) for row in rows]


def build_view(iri: str, out_rows: list[Row], in_rows: list[Row],
               evidence_rows: list[Row]) -> ResourceView:
    """The page of ``iri`` from its outgoing, incoming and evidence rows."""
    view = ResourceView(iri, "")
    evidence = evidence_index(evidence_rows)
    titles = [text(r, "value") for r in out_rows if text(r, "property") == TITLE]
    me = link(iri)
    for row in sorted(out_rows, key=lambda r: (text(r, "property") or "", text(r, "value") or "")):
        _file(view, row, evidence, me)
    view.label = view.label or next((t for t in titles if t), None) or humanize(iri)
    me = Link(view.label, local_path(iri), local=True)
    view.facts_out = [Fact(me, f.property, f.object, f.evidence) for f in view.facts_out]
    _incoming(view, in_rows, evidence, me)
    view.facts_in.sort(key=lambda f: (f.property.text, f.subject.text))
    view.facts_out.sort(key=lambda f: (f.property.text, f.object.text))
    view.mentions.sort(key=lambda m: m.text)
    return view

"""A question form per catalogue query, read from the ``.rq`` header, and its answer.

Each declared parameter becomes a field whose kind decides what a person types: a
concept (a name picked from suggestions over labels and synonyms, or typed), a
document, a property, a number or text. What the form sends is read back the way the
CLI reads ``--param`` (an IRI, a CURIE or a name), but names are resolved through the
server's workers, never in the web process. The values are bound as the remote engine
binds them (:func:`orthokg.queries.engines.values.bind_values`: a ``VALUES`` block
opening the ``WHERE`` group, each term written by a strict serialiser), so the page
shows exactly the text it ran, and its URL (the parameters as picked or typed) asks
the same question again anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from orthokg.errors import QueryError
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.vocab import OKG, OWL, document_iri
from orthokg.queries import catalogue
from orthokg.queries.catalogue import NamedQuery, Param
from orthokg.queries.engines.values import bind_values, sparql_term, where_group_start
from orthokg.queries.params import as_iri
from orthokg.server import fetch
from orthokg.server.page_model import humanize, local_path
from orthokg.server.run_select import QueryRefused, select
from orthokg.server.state import ServerState

Term = URIRef | Literal

#: Which class a concept parameter's suggestions come from, by the parameter's name
#: (the catalogue names its parameters after what they are); others suggest anything.
SUGGEST_WITHIN: dict[str, str] = {
    "procedure": str(OKG.Procedure),
    "condition": str(OKG.Condition),
    "structure": str(OKG.AnatomicalStructure),
}
OWL_NS = str(OWL)
_KIND_WITHIN = {"document": str(OKG.SourceDocument), "property": str(OWL.ObjectProperty)}
#: How many close names are offered when a typed name is no concept's.
CHOICES = 8
#: The input a parameter kind is typed into.
INPUTS: dict[str, str] = {
    "concept": "suggest", "document": "suggest", "property": "suggest", "iri": "text",
    "label-key": "text", "string": "text", "integer": "number", "decimal": "number",
}


@dataclass(frozen=True, slots=True)
class Choice:
    """One concept a typed name may mean."""

    iri: str
    label: str
    name: str = ""
    kind: str = ""


@dataclass(slots=True)
class Field:
    """One parameter of a question as a form field, with what was given for it."""

    param: Param
    given: str = ""
    shown: str = ""
    term: Term | None = None
    error: str | None = None
    choices: list[Choice] = field(default_factory=list)
    suggest_within: str = ""

    @property
    def input(self) -> str:
        """``suggest`` (text with suggestions), ``text`` or ``number``."""
        return INPUTS[self.param.kind]

    @property
    def within(self) -> str:
        """The class suggestions are drawn from ('' for any concept)."""
        return (self.suggest_within or _KIND_WITHIN.get(self.param.kind)
                or SUGGEST_WITHIN.get(self.param.name, ""))

    @property
    def title(self) -> str:
        """The field's label: its variable name in words."""
        return self.param.name.replace("_", " ").capitalize()

    @property
    def iri(self) -> str:
        """The IRI bound, or ''."""
        return str(self.term) if isinstance(self.term, URIRef) else ""

    @property
    def page(self) -> str:
        """Where the bound IRI is described: its page here, else the IRI itself."""
        return local_path(self.iri) or self.iri


@dataclass(slots=True)
class Question:
    """A catalogue query as a form: its fields and the query text with them bound."""

    query: NamedQuery
    fields: list[Field]
    text: str

    @property
    def complete(self) -> bool:
        """Every required parameter has a good value (so the question can be run)."""
        return all(f.term is not None or (f.param.optional and not f.given)
                   for f in self.fields) and not any(f.error for f in self.fields)

    @property
    def bound(self) -> dict[str, Term]:
        """Parameter name -> the term bound."""
        return {f.param.name: f.term for f in self.fields if f.term is not None}

    def url_params(self) -> list[tuple[str, str]]:
        """The URL parameters that ask this question again: every field (an empty one
        too, so a question about everything is asked, not just shown), IRIs where one
        was found."""
        return [(f.param.name, f.iri or f.given) for f in self.fields]


def questions_with_forms() -> list[NamedQuery]:
    """Every catalogue query that takes parameters (each gets a form)."""
    return [q for q in catalogue.all() if q.params]


async def read_question(state: ServerState, query: NamedQuery,
                        given: Mapping[str, str]) -> Question:
    """The form of ``query`` filled with ``given`` (URL parameters), each value checked
    and turned into a term; the query text bound with every good value."""
    fields = [Field(p, (given.get(p.name) or "").strip()) for p in query.params]
    for item in fields:
        await read_field(state, item)
    question = Question(query, fields, query.sparql)
    question.text = bind_values(query.sparql, question.bound)
    return question


async def read_field(state: ServerState, item: Field) -> None:
    """Check what was given for ``item`` and find its term (or say what is wrong)."""
    if item.given:
        await _read(state, item)


async def _read(state: ServerState, item: Field) -> None:
    kind, text = item.param.kind, item.given
    item.shown = text
    try:
        if kind in ("concept", "document", "property", "iri"):
            iri = as_iri(text) or await _by_name(state, item)
            if iri is None:
                return
            sparql_term(iri)  # QueryError when it is no IRI SPARQL can write
            item.term = iri
            item.shown = await label_of(state, str(iri)) or text
        elif kind == "label-key":
            item.term = Literal(normalized_label(text))
        elif kind in ("integer", "decimal"):
            number = int(text) if kind == "integer" else _decimal(text)
            item.term = Literal(str(number), datatype=XSD[kind])
        else:
            item.term = Literal(text)
    except (ValueError, QueryError):
        item.error = f"{text!r} is not {catalogue.KINDS[kind]}"


def _decimal(text: str) -> str:
    """``text`` as an xsd:decimal lexical form (no exponent); ``ValueError`` if no number."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return format(number, "f")


async def _by_name(state: ServerState, item: Field) -> URIRef | None:
    kind, text = item.param.kind, item.given
    if kind == "document":
        return document_iri(text)
    if kind == "property":
        return OKG[text] if text.isidentifier() else None
    if kind == "iri":
        item.error = f"{text!r} is not an IRI or a known CURIE"
        return None
    found = await concepts_named(state, text, item.within)
    if len(found) == 1:
        return URIRef(found[0].iri)
    if not found:
        item.choices = (await suggest(state, text.lower(), item.within))[:CHOICES]
        item.error = f"no concept is named {text!r}" + (
            "; did you mean one of these?" if item.choices else
            "; type part of a name and pick one of the suggestions")
    else:
        item.error = f"{text!r} names {len(found)} concepts; choose one"
        item.choices = found
    return None


async def concepts_named(state: ServerState, text: str, within: str = "") -> list[Choice]:
    """The concepts named ``text``, as :func:`orthokg.queries.resolve.resolve_concept`
    finds them (the indexed key first, then every label ignoring case), narrowed to
    ``within`` when that leaves any."""
    key = normalized_label(text)
    found = await _named(state, "label-search", {"key": Literal(key)}) if key else []
    if not found:
        found = await _named(state, "concepts-named",
                             {"lowered": Literal(text.strip().lower())})
    if within and len(found) > 1:
        members = {c.iri for c in await suggest(state, text.strip().lower(), within)}
        found = [c for c in found if c.iri in members] or found
    return found


async def _named(state: ServerState, name: str, values: Mapping[str, Term]) -> list[Choice]:
    answer = await select(state, bind_values(catalogue.get(name).sparql, values))
    found: dict[str, str] = {}
    for row in answer.rows:
        concept = row.get("concept", {})
        if concept.get("type") == "uri":
            found.setdefault(concept["value"], str(row.get("label", {}).get("value", "")))
    return [Choice(iri, label) for iri, label in sorted(found.items())]


async def suggest(state: ServerState, text: str, within: str = "") -> list[Choice]:
    """Concepts with a name containing ``text`` (lower case), best first (at most 50)."""
    values: dict[str, Term] = {"text": Literal(text)}
    if within:
        values["within"] = URIRef(within)
    answer = await select(state, bind_values(fetch.sparql("concept-suggest"), values))
    found = []
    for row in answer.rows:
        if "concept" not in row or "label" not in row:
            continue
        kind = row.get("class", {}).get("value", "")
        if not within and kind.startswith(OWL_NS):
            continue  # a class or property of the TBox, not a concept of the graph
        label = row["label"]["value"]
        # The name that matched is worth showing only when the label does not match.
        name = "" if text in label.lower() else row.get("name", {}).get("value", "")
        found.append(Choice(row["concept"]["value"], label, name,
                            humanize(kind) if kind else ""))
    return found


def _writable(iris: Iterable[str]) -> Iterator[str]:
    """The IRIs SPARQL can write (an IRI in an answer may not be one), written."""
    for iri in iris:
        try:
            yield sparql_term(URIRef(iri))
        except QueryError:
            continue


async def label_of(state: ServerState, iri: str) -> str | None:
    """The preferred label (or title) of ``iri``, if it has one."""
    try:
        labels = await labels_of(state, [iri])
    except QueryRefused:
        return None
    return labels.get(iri)


async def labels_of(state: ServerState, iris: list[str]) -> dict[str, str]:
    """IRI -> preferred label (or title) for each of ``iris`` that has one."""
    if not iris:
        return {}
    text = fetch.sparql("labels")
    start = where_group_start(text)
    listed = " ".join(_writable(dict.fromkeys(iris)))
    if not listed:
        return {}
    answer = await select(state, f"{text[:start]}\nVALUES ?resource {{ {listed} }}\n"
                                 f"{text[start:]}")
    return {row["resource"]["value"]: row["label"]["value"] for row in answer.rows
            if "resource" in row and "label" in row}

"""Turn the values a person gives (``procedure=total hip replacement``) into RDF terms.

The header of each catalogue query declares a kind per parameter; the kind decides
how text becomes a term, so ``--param procedure=THR`` works as well as the IRI. A
value only ever becomes a term handed to the engine's binding mechanism, never query
text: that is what makes binding injection-proof.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from orthokg.errors import QueryError
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.vocab import OKG, document_iri
from orthokg.queries.catalogue import NamedQuery, Param
from orthokg.queries.engines.base import DEFAULT_PREFIXES, QueryEngine

__all__ = ["as_iri", "bind", "guess_term"]

_CURIE = re.compile(r"(?P<prefix>[A-Za-z][\w-]*):(?P<local>[^\s<>\"{}|^`\\]*)")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|^`\\]+")


def as_iri(text: str) -> URIRef | None:
    """The IRI ``text`` spells (``<...>``, an absolute IRI or a known CURIE), else ``None``.

    >>> as_iri("okgr:total-hip-replacement")
    rdflib.term.URIRef('https://w3id.org/orthokg/id/total-hip-replacement')
    >>> as_iri("<https://example.org/x>")
    rdflib.term.URIRef('https://example.org/x')
    >>> as_iri("total hip replacement") is None
    True
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if _ABSOLUTE.fullmatch(text):
        return URIRef(text)
    match = _CURIE.fullmatch(text)
    if match and match["prefix"] in DEFAULT_PREFIXES:
        return URIRef(DEFAULT_PREFIXES[match["prefix"]] + match["local"])
    return None


def guess_term(value: object) -> Identifier:
    """A term for a parameter no header describes: an IRI if it spells one, else a literal.

    >>> guess_term("okg:treats")
    rdflib.term.URIRef('https://w3id.org/orthokg/ontology#treats')
    >>> guess_term('x" } ; DROP ALL')
    rdflib.term.Literal('x" } ; DROP ALL')
    >>> guess_term(3)
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(value, Identifier):
        return value
    if isinstance(value, str):
        return as_iri(value) or Literal(value)
    return Literal(value)


def _require_iri(value: object, param: Param, fallback: Callable[[str], URIRef]) -> URIRef:
    if isinstance(value, URIRef):
        return value
    if isinstance(value, Identifier) or not isinstance(value, str):
        raise QueryError(f"parameter ?{param.name} needs an IRI or a name, not {value!r}")
    return as_iri(value) or fallback(value.strip())


def _number(value: object, param: Param, datatype: URIRef) -> Literal:
    try:
        number = int(str(value)) if datatype == XSD.integer else Decimal(str(value))
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter ?{param.name} needs a number, not {value!r}") from None
    return Literal(str(number), datatype=datatype)


def _no_name(param: Param) -> Callable[[str], URIRef]:
    def fail(text: str) -> URIRef:
        raise QueryError(f"parameter ?{param.name} needs an IRI or a CURIE, not {text!r}")
    return fail


def to_term(param: Param, value: object, engine: QueryEngine) -> Identifier:
    """The term for ``value`` under the kind ``param`` declares."""
    from orthokg.queries.resolve import resolve_concept

    kind = param.kind
    if kind == "concept":
        return _require_iri(value, param, lambda text: resolve_concept(engine, text))
    if kind == "document":
        return _require_iri(value, param, document_iri)
    if kind == "property":
        return _require_iri(value, param, lambda text: OKG[text])
    if kind == "iri":
        return _require_iri(value, param, _no_name(param))
    if kind == "label-key":
        return value if isinstance(value, Literal) else Literal(normalized_label(str(value)))
    if kind in ("integer", "decimal"):
        return _number(value, param, XSD.integer if kind == "integer" else XSD.decimal)
    return value if isinstance(value, Literal) else Literal(str(value))


def bind(query: NamedQuery, values: Mapping[str, object],
         engine: QueryEngine) -> dict[str, Identifier]:
    """Check ``values`` against the query's declared parameters and make them terms.

    A query without declared parameters (hand-written SPARQL) takes any variable and
    guesses each term with :func:`guess_term`.
    """
    values = {name.lstrip("?"): value for name, value in values.items() if value is not None}
    if not query.params:
        return {name: guess_term(value) for name, value in values.items()}
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)}; "
                         f"its parameters: {', '.join(declared)}")
    missing = [name for name in query.required if name not in values]
    if missing:
        raise QueryError(f"query {query.name} needs --param "
                         + ", ".join(f"{m}=<{declared[m].meaning}>" for m in missing))
    return {name: to_term(declared[name], value, engine) for name, value in values.items()}

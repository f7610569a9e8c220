"""Find the one concept a person means by a name ("THR", "Total hip replacement").

First the indexed ``okg:normalizedLabel`` key (``label-search``), which handles case,
word order and plurals of preferred labels; only if that finds nothing, the scan over
preferred and alternative labels ignoring case (``concepts-named``). A name that
matches several concepts is an error listing them, so the caller can pass an IRI.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from orthokg.errors import QueryError
from orthokg.ontology.normalize import normalized_label
from orthokg.queries import catalogue
from orthokg.queries.engines.base import QueryEngine

__all__ = ["resolve_concept"]


def _concepts(engine: QueryEngine, query: str, variable: str, value: str) -> dict[URIRef, str]:
    result = engine.run(catalogue.get(query).sparql, {variable: Literal(value)})
    found: dict[URIRef, str] = {}
    for record in result.records():
        concept = record["concept"]
        if isinstance(concept, URIRef):
            label = record.get("label")
            found.setdefault(concept, str(label) if label is not None else "")
    return found


def resolve_concept(engine: QueryEngine, text: str) -> URIRef:
    """The IRI of the concept named ``text``; ``QueryError`` if none or several.

    >>> from pathlib import Path
    >>> from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
    >>> engine = OxigraphEngine.from_files([Path("tests/fixtures/mini.ttl")])
    >>> resolve_concept(engine, "Knee Replacement, Total")
    rdflib.term.URIRef('https://w3id.org/orthokg/id/total-knee-replacement')
    >>> resolve_concept(engine, "tkr")
    rdflib.term.URIRef('https://w3id.org/orthokg/id/total-knee-replacement')
    """
    key = normalized_label(text)
    found = _concepts(engine, "label-search", "key", key) if key else {}
    if not found:
        found = _concepts(engine, "concepts-named", "lowered", text.strip().lower())
    if len(found) == 1:
        return next(iter(found))
    if not found:
        raise QueryError(f"no concept is named {text!r}; try "
                         f"'orthokg query label-search --param key=...' or give an IRI")
    listed = "; ".join(f"{label or '?'} <{iri}>" for iri, label in sorted(found.items()))
    raise QueryError(f"the name {text!r} is ambiguous: {listed}; give one IRI instead")

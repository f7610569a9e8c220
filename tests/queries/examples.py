"""Find, in any graph, parameter values for which a catalogue query has an answer.

The seed graph is built by the loaders and changes with them, so its tests cannot
hard-code "total hip replacement": each query is tried with the graph's own concepts
of the right sort until one answers, and that value is then used on every engine.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef

from orthokg.queries.api import query
from orthokg.queries.catalogue import NamedQuery
from orthokg.queries.engines.base import QueryEngine, QueryResult

#: Where candidates for a parameter come from, by parameter name.
CANDIDATES = {
    "procedure": "SELECT DISTINCT ?x WHERE { ?x okg:hasQuantity|okg:hasPossibleComplication|"
                 "okg:alternativeTo|okg:requiresPreparation|okg:hasAnesthesia|okg:treats ?o }",
    "condition": "SELECT DISTINCT ?x WHERE { { ?p okg:treats ?x } UNION { ?x okg:hasSymptom ?s } }",
    "structure": "SELECT DISTINCT ?x WHERE { ?p okg:hasTargetSite ?s . ?s okg:partOf* ?x }",
    "key": "SELECT DISTINCT ?x WHERE { ?c okg:normalizedLabel ?x }",
    "lowered": "SELECT DISTINCT (LCASE(STR(?l)) AS ?x) WHERE { ?c skos:altLabel ?l }",
}
LIMIT = 60


def _values(engine: QueryEngine, name: str) -> list[object]:
    found = engine.run(CANDIDATES[name]).column("x")
    return sorted((v for v in found if v is not None), key=str)[:LIMIT]


def candidate_params(engine: QueryEngine, named: NamedQuery) -> Iterator[dict[str, object]]:
    """Every parameter set tried for ``named`` on ``engine`` (one set if it needs none)."""
    required = named.required
    if not required:
        yield {}
        return
    (param,) = required  # every catalogue query has at most one required parameter
    for value in _values(engine, param):
        yield {param: value if isinstance(value, URIRef) else str(value)}


def answering_params(engine: QueryEngine,
                     named: NamedQuery) -> tuple[dict[str, object], QueryResult] | None:
    """The first parameters (and rows) for which ``named`` answers on ``engine``."""
    for params in candidate_params(engine, named):
        result = query(engine, named, **params)
        if result.rows:
            return params, result
    return None

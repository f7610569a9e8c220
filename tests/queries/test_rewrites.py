"""The catalogue, rewritten for scale and for Virtuoso, answers exactly as it did.

``tests/queries/reference/`` keeps each catalogue query as it was before the rewrite
(the plain formulation: OPTIONAL around UNION, ``*`` paths, provenance in an OPTIONAL
of several patterns). On the graphs the loaders build from the seed and development
corpora, built here, every catalogue query must give the same rows as its reference,
for several parameter values each and for the whole listing where every parameter is
optional, on Oxigraph (parameters written into the text) and on rdflib
(``initBindings``). The expected rows are computed here, never written down.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from orthokg.queries import catalogue
from orthokg.queries.api import query
from orthokg.queries.catalogue import NamedQuery
from orthokg.queries.engines.base import QueryEngine
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine
from tests.conftest import SHARED, require_shared
from tests.queries.cases import sorted_rows
from tests.queries.examples import CANDIDATES, answering_params

REFERENCE = Path(__file__).resolve().parent / "reference"
# Parameter values tried per query: enough to reach concepts with and without subtypes,
# parts, alternatives and provenance, few enough to keep the test quick.
VALUES_PER_QUERY = 8
# Optional parameters given a value from these candidate lists.
OPTIONAL_SOURCES = {"procedure": "procedure", "subject": "procedure"}


def reference(name: str) -> NamedQuery:
    """The catalogue query ``name`` as it was before the rewrite."""
    return catalogue.parse((REFERENCE / f"{name}.rq").read_text(encoding="utf-8"), name)


@pytest.fixture(scope="module")
def dev_graph() -> Graph:
    """The graph built from the development corpus (other procedures and publishers)."""
    from orthokg.loaders.pipeline import build_graph

    return build_graph([require_shared(SHARED / "corpus" / "dev")]).graph


@pytest.fixture(scope="module", params=["seeds", "dev"])
def built(request: pytest.FixtureRequest) -> Iterator[dict[str, QueryEngine]]:
    """Oxigraph and rdflib over one built corpus graph."""
    graph: Graph = request.getfixturevalue("seed_graph" if request.param == "seeds"
                                           else "dev_graph")
    oxigraph = OxigraphEngine.from_graph(graph)
    yield {"oxigraph": oxigraph, "rdflib": RdflibEngine(graph)}
    oxigraph.close()


def _parameter_sets(engine: QueryEngine, named: NamedQuery) -> list[dict[str, object]]:
    """No parameters when none is required, plus values of the graph's own concepts."""
    sets: list[dict[str, object]] = [] if named.required else [{}]
    for param in named.params:
        source = param.name if not param.optional else OPTIONAL_SOURCES.get(param.name)
        if source is None or source not in CANDIDATES:
            continue
        found = engine.run(CANDIDATES[source]).column("x")
        values = sorted((v for v in found if v is not None), key=str)
        step = max(1, len(values) // VALUES_PER_QUERY)
        for value in values[::step][:VALUES_PER_QUERY]:
            sets.append({param.name: value if isinstance(value, URIRef) else str(value)})
    # the graph changes with the loaders, so an evenly spaced sample may miss every value
    # that answers ("symptoms of a condition"): the first that answers is always tried
    answering = answering_params(engine, named)
    if answering is not None and answering[0] not in sets:
        sets.append(answering[0])
    return sets


def test_every_catalogue_query_has_its_reference() -> None:
    assert sorted(p.stem for p in REFERENCE.glob("*.rq")) == catalogue.names()


@pytest.mark.parametrize("name", catalogue.names())
def test_rewritten_query_gives_the_rows_of_its_reference(
        name: str, built: dict[str, QueryEngine]) -> None:
    named, before = catalogue.get(name), reference(name)
    sets = _parameter_sets(built["oxigraph"], named)
    assert sets, f"no parameter values found for {name}"
    answered = 0
    for engine_name, engine in built.items():
        for params in sets:
            expected = sorted_rows(query(engine, before, **params))
            got = sorted_rows(query(engine, named, **params))
            assert got == expected, f"{name} {params} on {engine_name}"
            answered += bool(expected)
    assert answered, f"{name}: no parameter value gave rows, so nothing was compared"

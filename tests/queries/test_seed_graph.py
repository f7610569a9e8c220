"""The catalogue on the graph built from ../shared/corpus/seeds, on every local engine.

Parameters come from the graph itself (:mod:`tests.queries.examples`), so these tests
follow the loaders as they improve instead of pinning today's extraction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from orthokg.queries import catalogue
from orthokg.queries.api import query
from orthokg.queries.catalogue import NamedQuery
from orthokg.queries.engines.base import QueryEngine
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine
from orthokg.queries.store import write_store
from tests.queries.cases import sorted_rows
from tests.queries.examples import answering_params

QUERIES = catalogue.all()


@pytest.fixture(scope="module")
def seed_engines(seed_graph: Graph, tmp_path_factory: pytest.TempPathFactory
                 ) -> dict[str, QueryEngine]:
    directory: Path = tmp_path_factory.mktemp("seed-store") / "kg"
    write_store(seed_graph, directory)
    return {"oxigraph-memory": OxigraphEngine.from_graph(seed_graph),
            "oxigraph-disk": OxigraphEngine.open(directory),
            "rdflib": RdflibEngine(seed_graph)}


@pytest.mark.parametrize("named", QUERIES, ids=[q.name for q in QUERIES])
def test_catalogue_answers_identically_on_the_seed_graph(
        named: NamedQuery, seed_engines: dict[str, QueryEngine]) -> None:
    found = answering_params(seed_engines["oxigraph-memory"], named)
    if found is None:
        pytest.fail(f"{named.name} returns no rows on the seed graph for any candidate value")
    params, reference = found
    for key in ("oxigraph-disk", "rdflib"):
        result = query(seed_engines[key], named, **params)
        assert sorted_rows(result) == sorted_rows(reference), (key, params)


@pytest.mark.parametrize("sparql", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "SELECT ?s ?o WHERE { ?s okg:hasPossibleComplication ?o }",
], ids=["count", "count-per-property", "no-distinct"])
def test_the_store_counts_like_the_file(sparql: str,
                                        seed_engines: dict[str, QueryEngine]) -> None:
    """The store's union of named graphs is the RDF merge: no triple is counted twice."""
    reference = query(seed_engines["rdflib"], sparql)
    assert reference.rows
    for key in ("oxigraph-memory", "oxigraph-disk"):
        assert sorted_rows(query(seed_engines[key], sparql)) == sorted_rows(reference), key

"""One suite, every engine: the catalogue answers, and answers the same everywhere."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from orthokg.errors import QueryError
from orthokg.ontology.vocab import OKGR
from orthokg.queries import catalogue
from orthokg.queries.api import query
from orthokg.queries.engines.base import QueryEngine
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine
from tests.queries.cases import BOUND_OPTIONALS, EXAMPLES, sorted_rows

DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
CASES = [(q.name, EXAMPLES.get(q.name, {})) for q in catalogue.all()]
CASES += [(name, params) for name, params in BOUND_OPTIONALS.items()]
CASE_IDS = [f"{name}{'+' + ','.join(p) if name in BOUND_OPTIONALS and p else ''}"
            for name, p in CASES]


def test_every_query_has_an_example_for_its_required_params() -> None:
    for named in catalogue.all():
        assert set(named.required) <= set(EXAMPLES.get(named.name, {})), named.name


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_query_returns_rows_on_the_fixture(name: str, params: dict[str, str],
                                           engine: QueryEngine) -> None:
    result = query(engine, name, **params)
    assert result.kind == "select"
    assert len(result.rows) >= 1, f"{name} found nothing on {engine.name}"
    assert result.variables == list(catalogue.get(name).columns)


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_all_engines_give_identical_rows(name: str, params: dict[str, str],
                                         engines: dict[str, QueryEngine]) -> None:
    answers = {key: query(engine, name, **params) for key, engine in engines.items()}
    reference = answers.pop("rdflib")
    for key, result in answers.items():
        assert result.variables == reference.variables
        assert sorted_rows(result) == sorted_rows(reference), key
        assert sorted(result.rows, key=str) == sorted(reference.rows, key=str), key


def test_terms_compare_with_eq_across_engines(engines: dict[str, QueryEngine]) -> None:
    rows = {key: query(e, "recovery-timeline", procedure="total knee replacement").records()[0]
            for key, e in engines.items()}
    assert rows["rdflib"]["minValue"] == Literal("6", datatype=DECIMAL)  # written 6.0
    assert rows["rdflib"] == rows["oxigraph-memory"] == rows["oxigraph-disk"]
    assert rows["rdflib"]["evidence"].language == "en"


def test_ask_and_construct_agree(engines: dict[str, QueryEngine]) -> None:
    ask = "ASK { ?p okg:treats okgr:osteoarthritis }"
    construct = "CONSTRUCT { ?p okg:treats ?c } WHERE { ?p okg:treats ?c }"
    for engine in engines.values():
        assert query(engine, ask).boolean is True
        assert query(engine, "ASK { ?p okg:treats ?p }").boolean is False
    graphs = [query(engine, construct).graph for engine in engines.values()]
    assert all(isinstance(g, Graph) and len(g) == 2 for g in graphs)
    assert set(graphs[0]) == set(graphs[1]) == set(graphs[2])


@pytest.mark.parametrize("bad", ["SELECT ?x WHERE { ?x ?y }", "SELEKT * WHERE {}",
                                 "SELECT * WHERE { ?s nope:p ?o }"])
def test_parse_errors_are_query_errors_with_the_parsers_message(
        bad: str, engine: QueryEngine) -> None:
    with pytest.raises(QueryError, match="does not parse"):
        engine.run(bad)


def test_missing_and_unknown_params(engine: QueryEngine) -> None:
    with pytest.raises(QueryError, match="needs --param procedure="):
        query(engine, "complications-of-procedure")
    with pytest.raises(QueryError, match="no parameter colour"):
        query(engine, "complications-of-procedure", procedure="okgr:x", colour="red")


def test_unprojected_parameter_binds_on_every_engine(
        engines: dict[str, QueryEngine]) -> None:
    """Oxigraph's own substitutions demanded the variable in the SELECT clause; written
    into the text (SEP-0007's meaning) it binds wherever it is."""
    sparql = "SELECT ?c WHERE { ?p okg:treats ?c }"
    params = {"p": OKGR["microdiscectomy"]}
    for engine in engines.values():
        assert engine.run(sparql, params).rows == [(OKGR["herniated-disc"],)], engine.name


@pytest.mark.parametrize("sparql", [
    "SELECT ?p ?c WHERE { ?p okg:treats ?c } ORDER BY ?p",
    "SELECT ?p ?c WHERE { { SELECT ?p ?c WHERE { ?p okg:treats ?c } } }",
    "SELECT ?p (COUNT(?c) AS ?n) WHERE { ?p okg:treats ?c } GROUP BY ?p",
    "SELECT ?p ?c WHERE { ?p okg:treats ?c FILTER(BOUND(?p)) }",
    "SELECT ?c ?p WHERE { VALUES ?p { okgr:microdiscectomy } ?p okg:treats ?c }",
])
def test_parameters_written_in_or_substituted_bind_alike(
        sparql: str, engines: dict[str, QueryEngine]) -> None:
    """Written into ORDER BY, a sub-query and GROUP BY, or (BOUND, VALUES) left to
    pyoxigraph's substitutions: every engine answers the same rows."""
    params = {"p": OKGR["microdiscectomy"]}
    answers = {name: sorted_rows(engine.run(sparql, params))
               for name, engine in engines.items()}
    assert answers["oxigraph-disk"] == answers["oxigraph-memory"] == answers["rdflib"]
    assert answers["rdflib"]


INJECTIONS = [
    'x" } ; DROP ALL ; SELECT * WHERE { "',
    "x' } UNION { ?concept ?p ?o } #",
    "} ; DROP GRAPH <https://w3id.org/orthokg/graph/concepts> ; {",
    'tibia"@en . ?concept ?p ?o . FILTER("1"="1',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_bound_values_are_data_not_query_text(value: str, engine: QueryEngine,
                                              fixture_graph: Graph) -> None:
    before = len(query(engine, "SELECT * WHERE { ?s ?p ?o }").rows)
    assert query(engine, "label-search", key=value).rows == []
    assert query(engine, "concepts-named", lowered=value).rows == []
    raw = query(engine, "SELECT ?label ?s WHERE { ?s rdfs:label ?label }", label=value)
    assert raw.rows == []
    with pytest.raises(QueryError, match="no concept is named"):
        query(engine, "complications-of-procedure", procedure=value)
    assert len(query(engine, "SELECT * WHERE { ?s ?p ?o }").rows) == before


def test_a_name_full_of_syntax_is_found_as_a_name() -> None:
    graph = Graph()
    odd = 'O\'Brien "sign" } ; DROP ALL #'
    graph.add((OKGR["odd"], RDFS.label, Literal(odd, lang="en")))
    for engine in (RdflibEngine(graph), OxigraphEngine.from_graph(graph)):
        found = query(engine, "concepts-named", lowered=odd.lower())
        assert found.column("concept") == [OKGR["odd"]]


def test_iri_params_with_query_syntax_are_refused(engine: QueryEngine) -> None:
    """Every engine writes a parameter as one term; an IRI that cannot be one is refused."""
    bad = URIRef("https://w3id.org/orthokg/id/x> } ; DROP ALL ; <y")
    with pytest.raises(QueryError, match=r"not a valid RDF term|not an IRI SPARQL can write"):
        query(engine, "complications-of-procedure", procedure=bad)


def test_closed_oxigraph_engine_refuses_queries(fixture_graph: Graph) -> None:
    engine = OxigraphEngine.from_graph(fixture_graph)
    engine.close()
    with pytest.raises(Exception, match="closed"):
        engine.run("ASK {}")

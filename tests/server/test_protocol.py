"""The endpoint answers every catalogue query as the engine does, in every format.

A standard client (SPARQLWrapper) sends the query the way it sends it to any SPARQL
1.1 endpoint (GET, form POST, direct POST); the answer is decoded with rdflib's result
parsers and compared row by row with the Oxigraph engine run in process on the same
data. Parameters travel as a VALUES block (the protocol has no bindings).
"""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result
from rdflib.term import Identifier
from SPARQLWrapper import GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TURTLE, XML
from SPARQLWrapper import SPARQLWrapper as Client

from orthokg.ontology.vocab import OKGR
from orthokg.queries import catalogue
from orthokg.queries.engines.base import QueryResult, canonical
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.values import bind_values
from tests.server.fixture_params import required_params
from tests.server.live import LiveServer

# (SPARQLWrapper return format, rdflib result parser or "csv", request method)
SELECT_FORMATS = [("json", "json", GET), ("xml", "xml", POST), ("csv", "csv", GET),
                  ("tsv", "tsv", POSTDIRECTLY)]
GRAPH_FORMATS = [(TURTLE, "turtle", "text/turtle"), (N3, "nt", "application/n-triples"),
                 (RDFXML, "xml", "application/rdf+xml"), (JSONLD, "json-ld",
                                                          "application/ld+json")]
CONSTRUCTS = {
    "facts-with-provenance": """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        CONSTRUCT { ?s ?p ?o . ?a ?ap ?av } WHERE {
          ?a owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ;
             ?ap ?av . ?s ?p ?o }""",
    "everything": "CONSTRUCT WHERE { ?s ?p ?o }",
    "describe": "DESCRIBE <https://w3id.org/orthokg/id/microdiscectomy>",
}


def _key(term: Identifier | None) -> str:
    if term is None:
        return ""
    return "_:b" if isinstance(term, BNode) else canonical(term).n3()


def _engine_rows(result: QueryResult) -> list[tuple[str, ...]]:
    return sorted(tuple(_key(t) for t in row) for row in result.rows)


def _csv_rows(result: QueryResult) -> list[tuple[str, ...]]:
    def text(term: Identifier | None) -> str:
        return "" if term is None else "_:b" if isinstance(term, BNode) else str(term)
    return sorted(tuple(text(t) for t in row) for row in result.rows)


def _ask(live: LiveServer, sparql: str, fmt: str, method: str) -> bytes:
    client = Client(live.sparql)
    client.setQuery(sparql)
    client.setReturnFormat(fmt)
    client.setMethod(POST if method == POSTDIRECTLY else method)
    if method == POSTDIRECTLY:
        client.setRequestMethod(POSTDIRECTLY)
    client.setTimeout(20)
    response = client.query().response
    assert response.status == 200
    return response.read()


def _decode(body: bytes, parser: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Variables and sorted rows of a SELECT answer (CSV as plain strings)."""
    if parser == "csv":
        lines = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        rows = [tuple("_:b" if v.startswith("_:") else v for v in line) for line in lines[1:]]
        return lines[0], sorted(rows)
    parsed = Result.parse(io.BytesIO(body), format=parser)
    variables = list(parsed.vars or [])
    rows = sorted(tuple(_key(binding.get(v)) for v in variables) for binding in parsed.bindings)
    return [str(v) for v in variables], rows


@pytest.mark.parametrize(("fmt", "parser", "method"), SELECT_FORMATS,
                         ids=[f[0] for f in SELECT_FORMATS])
@pytest.mark.parametrize("name", catalogue.names())
def test_catalogue_query_same_rows_as_engine(name: str, fmt: str, parser: str, method: str,
                                             server: LiveServer,
                                             engine: OxigraphEngine) -> None:
    query = catalogue.get(name)
    params = required_params(name)
    expected = engine.run(query.sparql, params)
    assert expected.kind == "select"
    variables, rows = _decode(_ask(server, bind_values(query.sparql, params), fmt, method),
                              parser)
    assert variables == expected.variables
    assert rows == (_csv_rows(expected) if parser == "csv" else _engine_rows(expected))


def test_catalogue_comparison_is_not_vacuous(engine: OxigraphEngine) -> None:
    empty = [n for n in catalogue.names()
             if not engine.run(catalogue.get(n).sparql, required_params(n)).rows]
    assert len(empty) <= len(catalogue.names()) // 4, f"empty on the fixture: {empty}"


@pytest.mark.parametrize(("fmt", "parser", "media_type"), GRAPH_FORMATS,
                         ids=[f[1] for f in GRAPH_FORMATS])
@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_construct_same_graph_as_engine(name: str, fmt: str, parser: str, media_type: str,
                                        server: LiveServer, engine: OxigraphEngine) -> None:
    sparql = CONSTRUCTS[name]
    expected = engine.run(sparql).graph
    client = Client(server.sparql)
    client.setQuery(sparql)
    client.setReturnFormat(fmt)
    if parser == "nt":
        client.addCustomHttpHeader("Accept", media_type)
    client.setTimeout(20)
    response = client.query().response
    assert response.status == 200
    assert response.headers["Content-Type"].startswith(media_type)
    got = Graph().parse(data=response.read(), format=parser)
    assert len(expected) > 0
    canon = Graph()
    for s, p, o in got:
        canon.add((s, p, canonical(o)))
    assert isomorphic(canon, expected)


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+json", b'"boolean":true'),
    ("application/sparql-results+xml", b"<boolean>true</boolean>"),
])
def test_ask(accept: str, expected: bytes, server: LiveServer) -> None:
    import httpx

    answer = httpx.get(server.sparql, params={"query": "ASK { okgr:microdiscectomy ?p ?o }"},
                       headers={"Accept": accept}, timeout=10)
    assert answer.status_code == 200
    assert expected in answer.content.replace(b" ", b"")


def test_default_answer_is_json_and_varies_by_accept(server: LiveServer) -> None:
    import httpx

    answer = httpx.get(server.sparql, params={"query": "SELECT * { ?s a okg:Bone }"},
                       timeout=10)
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    assert answer.headers["vary"] == "Accept"
    assert answer.json()["results"]["bindings"][0]["s"]["value"] == str(OKGR["tibia"])


def test_dataset_parameters_choose_graphs(server: LiveServer) -> None:
    """default-graph-uri / named-graph-uri replace the union (protocol §2.1.4)."""
    import httpx

    spine = "https://w3id.org/orthokg/graph/spine-leaflet"
    # A document's graph holds the provenance axioms of its facts (the fact triples are
    # stored once, in the concepts graph): its treats-facts are the axioms naming them.
    query = ("SELECT DISTINCT ?s { ?a owl:annotatedSource ?s ; "
             "owl:annotatedProperty okg:treats }")
    union = httpx.get(server.sparql, params={"query": query}, timeout=10).json()
    only = httpx.get(server.sparql, params={"query": query, "default-graph-uri": spine},
                     timeout=10).json()
    named = httpx.post(server.sparql, data={
        "query": "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "named-graph-uri": spine}, timeout=10).json()
    subjects = {b["s"]["value"] for b in union["results"]["bindings"]}
    assert subjects == {str(OKGR["total-knee-replacement"]), str(OKGR["microdiscectomy"])}
    assert [b["s"]["value"] for b in only["results"]["bindings"]] == [
        str(OKGR["microdiscectomy"])]
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [spine]


def test_query_naming_its_own_dataset_is_not_widened(server: LiveServer) -> None:
    import httpx

    query = ("SELECT DISTINCT ?s FROM <https://w3id.org/orthokg/graph/spine-leaflet> "
             "WHERE { ?a owl:annotatedSource ?s ; owl:annotatedProperty okg:treats }")
    rows = httpx.get(server.sparql, params={"query": query}, timeout=10).json()
    assert [b["s"]["value"] for b in rows["results"]["bindings"]] == [
        str(OKGR["microdiscectomy"])]


def test_turtle_iri_typed(server: LiveServer) -> None:
    answer = _ask(server, "CONSTRUCT WHERE { okgr:tibia ?p ?o }", TURTLE, GET)
    graph = Graph().parse(data=answer, format="turtle")
    assert (OKGR["tibia"], URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("tibia", lang="en")) in graph


def test_xml_return_format_of_sparqlwrapper(server: LiveServer) -> None:
    client = Client(server.sparql)
    client.setQuery("SELECT ?l { okgr:tibia rdfs:label ?l }")
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert document.getElementsByTagName("literal")[0].firstChild.data == "tibia"
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["l"]["xml:lang"] == "en"

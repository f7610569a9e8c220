"""The service description, VoID and /health: parseable RDF that tells the truth."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID

from orthokg.ontology.vocab import OKG
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from tests.server.live import LiveServer

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
GRAPHS = "https://w3id.org/orthokg/graph/"


def _count(engine: OxigraphEngine, sparql: str) -> int:
    return int(engine.run(sparql).rows[0][0])


@pytest.mark.parametrize(("accept", "parser"), [
    (None, "turtle"), ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/n-triples", "nt")])
def test_service_description_parses(accept: str | None, parser: str,
                                    server: LiveServer) -> None:
    headers = {"Accept": accept} if accept else {}
    answer = httpx.get(server.sparql, headers=headers, timeout=20)
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.content, format=parser)
    service = URIRef(server.sparql)
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph


def test_service_description_content(server: LiveServer, engine: OxigraphEngine) -> None:
    graph = Graph().parse(data=httpx.get(server.sparql, timeout=20).content, format="turtle")
    service = URIRef(server.sparql)
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert len(set(graph.objects(service, SD.resultFormat))) == 8
    assert SD.BasicFederatedQuery not in set(graph.objects(service, SD.feature))
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    triples = _count(engine, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT * { ?s ?p ?o } }")
    assert graph.value(default, VOID.triples) == Literal(triples)
    names = {str(graph.value(named, SD.name)) for named in graph.objects(dataset, SD.namedGraph)}
    assert {GRAPHS + "concepts", GRAPHS + "knee-leaflet", GRAPHS + "spine-leaflet"} <= names


def test_service_description_406(server: LiveServer) -> None:
    answer = httpx.get(server.sparql, headers={"Accept": "image/png"}, timeout=10)
    assert answer.status_code == 406
    assert "text/turtle" in answer.text


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
def test_void(path: str, server: LiveServer, engine: OxigraphEngine) -> None:
    answer = httpx.get(server.url(path), timeout=20)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=answer.content, format="turtle")
    dataset = URIRef(server.url("/void#dataset"))
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(server.sparql)
    triples = _count(engine, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT * { ?s ?p ?o } }")
    assert graph.value(dataset, VOID.triples) == Literal(triples)
    classes = {graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
               for p in graph.objects(dataset, VOID.classPartition)}
    assert classes[OKG.ArthroplastyProcedure] == 2
    properties = {graph.value(p, VOID.property): graph.value(p, VOID.triples).toPython()
                  for p in graph.objects(dataset, VOID.propertyPartition)}
    assert properties[OKG.treats] == _count(engine, "SELECT (COUNT(*) AS ?n) { ?s okg:treats ?o }")
    assert graph.value(dataset, VOID.classes).toPython() == len(classes)


def test_void_as_json_ld(server: LiveServer) -> None:
    answer = httpx.get(server.url("/void"), headers={"Accept": "application/ld+json"},
                       timeout=20)
    graph = Graph().parse(data=answer.content, format="json-ld")
    assert (URIRef(server.url("/void#dataset")), RDF.type, VOID.Dataset) in graph


def test_health(server: LiveServer) -> None:
    answer = httpx.get(server.url("/health"), timeout=5)
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["workers"] == 2 and body["read_only"] is True

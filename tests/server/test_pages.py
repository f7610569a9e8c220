"""Concept and document pages: HTML for people, RDF for programs, on the IRI's path."""

from __future__ import annotations

import re

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from orthokg.ontology.vocab import OKG, OKGR
from orthokg.queries.engines.base import canonical
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.server.fetch import sparql
from tests.server.conftest import TOKEN
from tests.server.live import LiveServer

TKR = "/id/total-knee-replacement"


def _page(live: LiveServer, path: str, accept: str = "text/html") -> httpx.Response:
    return httpx.get(live.url(path), headers={"Accept": accept}, timeout=20)


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]*)"', html))


def test_concept_page_html(server: LiveServer) -> None:
    answer = _page(server, TKR)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    html = answer.text
    assert "<h1>total knee replacement</h1>" in html
    assert "TKR" in html and "knee arthroplasty" in html
    assert "A knee replacement is most often done for osteoarthritis." in html
    assert "Why is it done?" in html and "6 weeks" in html and "rare" in html
    assert {"/doc/knee-leaflet", "/id/osteoarthritis", "/id/tibial-plateau",
            f"{TKR}?format=turtle"} <= _hrefs(html)
    assert 'rel="alternate"' in answer.headers["link"]


def test_facts_pointing_to_a_concept_are_shown(server: LiveServer) -> None:
    html = _page(server, "/id/osteoarthritis").text
    assert TKR in _hrefs(html)
    assert "Facts that point to osteoarthritis" in html
    assert "http://purl.obolibrary.org/obo/DOID_8398" in _hrefs(html)


@pytest.mark.parametrize(("accept", "parser"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/n-triples", "nt")])
def test_concept_rdf_is_its_cbd_with_provenance(accept: str, parser: str, server: LiveServer,
                                                engine: OxigraphEngine) -> None:
    answer = _page(server, TKR, accept)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=answer.content, format=parser)
    tkr = OKGR["total-knee-replacement"]
    assert (tkr, RDFS.label, Literal("total knee replacement", lang="en")) in graph
    axioms = set(graph.subjects(OWL.annotatedSource, tkr))
    assert len(axioms) == 13
    assert all((a, RDF.type, OWL.Axiom) in graph for a in axioms)
    expected = engine.run(sparql("concept-rdf"), {"resource": tkr}).graph
    canon = Graph()
    for s, p, o in graph:
        canon.add((s, p, canonical(o)))
    assert isomorphic(canon, expected)


def test_download_link_format(server: LiveServer) -> None:
    answer = httpx.get(server.url(f"{TKR}?format=ntriples"), timeout=20)
    assert answer.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=answer.content, format="nt")) > 20


def test_document_page(server: LiveServer) -> None:
    html = _page(server, "/doc/knee-leaflet").text
    assert "<h1>Knee replacement leaflet</h1>" in html
    assert "Concepts mentioned" in html and "Facts stated in this document" in html
    assert "Stop taking aspirin seven days before the operation." in html
    assert {TKR, "/id/aspirin"} <= _hrefs(html)
    graph = Graph().parse(data=_page(server, "/doc/knee-leaflet", "text/turtle").content,
                          format="turtle")
    doc = URIRef("https://w3id.org/orthokg/doc/knee-leaflet")
    assert (doc, OKG.mainProcedure, OKGR["total-knee-replacement"]) in graph
    assert len(set(graph.subjects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), doc))) > 5


def test_quantity_page(server: LiveServer) -> None:
    html = _page(server, "/id/quantity/fixture-crutches").text
    assert "walking aid time" in html.lower() and "/id/crutches" in _hrefs(html)


@pytest.mark.parametrize("path", ["/id/no-such-concept", "/doc/no-such-document",
                                  "/id/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/id/a/../../etc",
                                  "/id/"])
def test_unknown_is_404_and_escaped(path: str, server: LiveServer) -> None:
    answer = _page(server, path)
    assert answer.status_code == 404
    assert "<script>" not in answer.text
    assert _page(server, path, "text/turtle").status_code == 404


def test_bad_format_and_accept(server: LiveServer) -> None:
    assert httpx.get(server.url(f"{TKR}?format=bogus"), timeout=10).status_code == 400
    assert _page(server, TKR, "image/png").status_code == 406


def test_hostile_data_is_escaped(update_server: LiveServer) -> None:
    hostile = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX okg: <https://w3id.org/orthokg/ontology#>
        INSERT DATA { <https://w3id.org/orthokg/id/hostile>
            rdfs:label "<script>alert('label')</script>"@en ;
            skos:altLabel "\\"><img src=x onerror=alert(1)>" ;
            skos:exactMatch <javascript:alert(2)> ;
            okg:treats <https://w3id.org/orthokg/id/osteoarthritis> }"""
    done = httpx.post(update_server.sparql, data={"update": hostile}, timeout=10,
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204, done.text
    html = _page(update_server, "/id/hostile").text
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in html
    assert not any(h.startswith("javascript:") for h in _hrefs(html))
    assert "/id/hostile" in _hrefs(_page(update_server, "/id/osteoarthritis").text)

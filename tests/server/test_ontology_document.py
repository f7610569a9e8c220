"""``orthokg serve`` answers the TBox's ontology IRI and version IRI (content negotiation)
and the JSON-LD context's IRI, as a release's imports and JSON-LD name them."""

from __future__ import annotations

import json

import httpx
import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from orthokg.export.jsonld import published_context
from orthokg.ontology.data_ontology import tbox_version_iri
from orthokg.ontology.vocab import IAO_DEFINITION, ONTOLOGY_IRI
from tests.server.live import LiveServer

VERSION = str(tbox_version_iri()).rsplit("/", 1)[-1]


@pytest.mark.parametrize("path", ["/ontology", f"/ontology/{VERSION}"])
@pytest.mark.parametrize(("accept", "syntax"), [
    ("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_ontology_iris_answer_with_the_tbox(path: str, accept: str, syntax: str,
                                           server: LiveServer) -> None:
    answer = httpx.get(server.url(path), headers={"Accept": accept}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=answer.content, format=syntax)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert (ONTOLOGY_IRI, OWL.versionIRI, tbox_version_iri()) in graph
    assert any(graph.triples((None, IAO_DEFINITION, None)))


def test_unknown_version_is_404_naming_the_one_there_is(server: LiveServer) -> None:
    answer = httpx.get(server.url("/ontology/0.0.1"), timeout=30)
    assert answer.status_code == 404
    assert VERSION in answer.text


def test_unacceptable_format_is_406(server: LiveServer) -> None:
    answer = httpx.get(server.url("/ontology"), headers={"Accept": "image/png"}, timeout=30)
    assert answer.status_code == 406


def test_context_is_served_at_its_iri(server: LiveServer) -> None:
    answer = httpx.get(server.url("/context.jsonld"), timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/ld+json")
    assert json.loads(answer.content)["@context"] == published_context()

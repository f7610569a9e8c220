"""The pure parts of the server: content negotiation, the policy scan, the config."""

from __future__ import annotations

import pytest

from orthokg.errors import StoreError
from orthokg.server.config import ServerConfig, Source
from orthokg.server.negotiation import GRAPH_FORMATS, PAGE_FORMATS, RESULT_FORMATS, negotiate
from orthokg.server.query_guard import calls_out, names_dataset
from tests.server.conftest import KG_FILES

SPARQLWRAPPER_JSON = ("application/sparql-results+json,application/json,text/javascript,"
                      "application/javascript")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(("accept", "table", "expected"), [
    (None, RESULT_FORMATS, "json"),
    ("", RESULT_FORMATS, "json"),
    ("*/*", GRAPH_FORMATS, "turtle"),
    (SPARQLWRAPPER_JSON, RESULT_FORMATS, "json"),
    ("application/json", GRAPH_FORMATS, "jsonld"),
    ("text/csv;q=0.5, text/tab-separated-values", RESULT_FORMATS, "tsv"),
    ("text/*;q=0.9, application/sparql-results+xml;q=0.8", RESULT_FORMATS, "csv"),
    ("application/n-triples, text/turtle;q=0.9", GRAPH_FORMATS, "ntriples"),
    ("application/turtle,text/turtle", GRAPH_FORMATS, "turtle"),
    (BROWSER, PAGE_FORMATS, "html"),
    ("text/turtle;q=0, */*;q=0.1", GRAPH_FORMATS, "ntriples"),
    ("TEXT/TURTLE", GRAPH_FORMATS, "turtle"),
    ("text/turtle;q=abc, application/ld+json;q=0.2", GRAPH_FORMATS, "jsonld"),
])
def test_negotiate(accept: str | None, table: tuple, expected: str) -> None:
    chosen = negotiate(accept, table)
    assert chosen is not None and chosen.name == expected


@pytest.mark.parametrize(("accept", "table"), [
    ("image/png", RESULT_FORMATS), ("text/turtle", RESULT_FORMATS),
    ("application/sparql-results+json", GRAPH_FORMATS), ("*/*;q=0", GRAPH_FORMATS),
])
def test_negotiate_refuses(accept: str, table: tuple) -> None:
    assert negotiate(accept, table) is None


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o }\nSERVICE",
    "SELECT * { ?s ?p ?o .SERVICE ?e { } }",
    "SELECT * { ?s ex:a.service ?o }",  # looks like one: refused, which is safe
    "LOAD <http://x/data.ttl>",
    "SELECT * { \\u0053ERVICE <http://x/> {} }",
])
def test_calls_out(query: str) -> None:
    assert calls_out(query)


@pytest.mark.parametrize("query", [
    "SELECT ?service { ?service a ex:Service }",
    "SELECT * { ?s ex:service ?o ; ex:load ?l }",
    'SELECT * { ?s ?p "SERVICE <http://x/>" }',
    "SELECT * { ?s ?p '''\nSERVICE <http://x/> {}\n''' }",
    "SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE <http://x/>",
    "SELECT * { ?s ?p ?o FILTER(LANG(?o) = 'en') } # SERVICE",
    'SELECT * { ?s ?p "x"@service }',
    "PREFIX service: <http://x/> SELECT * { ?s service:p ?o }",
])
def test_does_not_call_out(query: str) -> None:
    assert not calls_out(query)


def test_names_dataset() -> None:
    assert names_dataset("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert not names_dataset("SELECT ?from { ?s ex:from ?from }")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"allow_update": True}, "--token"),
    ({"cors_origins": ("*",)}, "one by one"),
    ({"timeout_s": 0}, "positive"),
    ({"max_rows": -1}, "positive"),
])
def test_config_refuses_unsafe_or_silly_settings(kwargs: dict, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        ServerConfig(Source(kg_files=KG_FILES), **kwargs)


def test_source_needs_exactly_one_kind() -> None:
    with pytest.raises(StoreError):
        Source()
    with pytest.raises(StoreError):
        Source(store_dir=KG_FILES[0].parent, kg_files=KG_FILES)


def test_updates_use_one_worker() -> None:
    config = ServerConfig(Source(kg_files=KG_FILES), workers=4, allow_update=True, token="t")
    assert config.pool_size == 1

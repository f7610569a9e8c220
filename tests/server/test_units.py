"""The pure parts of the server: content negotiation, escapes and bounds, the policy
read from the parse tree, the USING rewrite, the config."""

from __future__ import annotations

import dataclasses

import pytest

from orthokg.errors import StoreError
from orthokg.server.config import ServerConfig, Source
from orthokg.server.jobs import QueryJob, UpdateJob
from orthokg.server.negotiation import GRAPH_FORMATS, PAGE_FORMATS, RESULT_FORMATS, negotiate
from orthokg.server.query_guard import Kind, inspect
from orthokg.server.sparql_text import Rejected, check_bounds, expand_escapes, measure
from orthokg.server.update_dataset import with_using
from orthokg.server.vetting import vet
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


def _calls_out(text: str, kind: Kind = "query") -> bool:
    return inspect(expand_escapes(text), kind).calls_out


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o .SERVICE ?e { } }",
    "SELECT * { \\u0053ERVICE <http://x/> {} }",
    "SELECT * { \\U00000053ervice <http://x/> {} }",
    "SELECT * { SERVICE # a comment\n <http://x/> {} }",
    "PREFIX e: <http://x/> SELECT * { SERVICE e:sparql {} }",
    "SELECT * { { { OPTIONAL { MINUS { SERVICE <http://x/> {} } } } } }",
    "SELECT * { FILTER EXISTS { SERVICE <http://x/> {} } }",
    "SELECT * { { SELECT * { SERVICE <http://x/> {} } } }",
    "SELECT * { ?s ?p ?o } VALUES ?e { <http://x/> }",
])
def test_calls_out_on_the_parse_tree(query: str) -> None:
    if "VALUES" in query:  # control: a VALUES row is data, not a call
        assert not _calls_out(query)
    else:
        assert _calls_out(query)


@pytest.mark.parametrize("update", [
    "LOAD <http://x/data.ttl>",
    "load silent <http://x/data.ttl> into graph <http://g/>",
    "\\u004COAD <http://x/data.ttl>",
    "INSERT DATA { <a> <b> <c> } ; LOAD <http://x/d.ttl>",
    "PREFIX e: <http://x/> LOAD e:d",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
])
def test_update_calls_out(update: str) -> None:
    assert _calls_out(update, "update")


@pytest.mark.parametrize("query", [
    "SELECT ?service { ?service a <http://x/Service> }",
    "PREFIX ex: <http://x/> SELECT * { ?s ex:service ?o ; ex:load ?l }",
    'SELECT * { ?s ?p "SERVICE <http://x/>" }',
    "SELECT * { ?s ?p \'\'\'\nSERVICE <http://x/> {}\n\'\'\' }",
    "SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE <http://x/>",
    "SELECT * { ?s ?p ?o FILTER(LANG(?o) = 'en') } # SERVICE",
    'SELECT * { ?s ?p "x"@service }',
    "PREFIX service: <http://x/> SELECT * { ?s service:p ?o }",
    "PREFIX ex: <http://x/> SELECT * { ?s ex:a.service ?o }",
])
def test_does_not_call_out(query: str) -> None:
    assert not _calls_out(query)


def test_escaped_quote_is_read_as_the_specification_says() -> None:
    """Oxigraph alone would read "\\u0022" as a one-character string and then SERVICE as
    a keyword; expanded first, both parsers read the same (here: a long string)."""
    text = expand_escapes('SELECT * { BIND("\\u0022" AS ?x) SERVICE <http://x/> {} '
                          'BIND("\\u0022" AS ?y) }')
    assert '""" AS ?x) SERVICE' in text
    assert not inspect(text, "query").calls_out


@pytest.mark.parametrize(("text", "words"), [
    ('ASK { FILTER("\\UFFFFFFFF" = "") }', "not a Unicode character"),
    ('ASK { FILTER("\\uD800" = "") }', "not a Unicode character"),
    ("ASK { FILTER(\"\ud800\" = \"\") }", "lone surrogate"),
    ('ASK { FILTER("\\u005Cu0053" = "") }', "spells another escape"),
])
def test_escapes_that_are_not_characters_are_refused(text: str, words: str) -> None:
    with pytest.raises(Rejected, match=words) as caught:
        expand_escapes(text)
    assert caught.value.status == 400


@pytest.mark.parametrize(("text", "words"), [
    ("SELECT * WHERE " + "{ " * 2500 + "}" * 2500, "nests brackets 2500 deep"),
    ("SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }", "102 deep"),
    ("SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(10_000)) + " }",
     "tokens"),
])
def test_bombs_are_refused_before_parsing(text: str, words: str) -> None:
    with pytest.raises(Rejected, match=words):
        check_bounds(measure(text))


def test_bounds_ignore_brackets_in_strings_iris_and_comments() -> None:
    text = 'ASK { ?s ?p "{{{{((((" . ?s <http://x/a(b> ?o } # {{{{{{{{'
    shape = measure(text)
    assert shape.depth == 1
    check_bounds(shape, max_depth=1, max_tokens=20)


def test_names_dataset() -> None:
    assert inspect("SELECT * FROM <http://g> { ?s ?p ?o }", "query").names_dataset
    assert not inspect("SELECT ?from { ?s <http://x/from> ?from }", "query").names_dataset


def test_unparsable_is_400_before_the_store() -> None:
    with pytest.raises(Rejected, match="does not parse") as caught:
        inspect("SELECT * WHERE { ?s ?p }", "query")
    assert caught.value.status == 400


@pytest.mark.parametrize(("update", "expected"), [
    ("INSERT { ?s a <http://t/> } WHERE { ?s ?p ?o }",
     "INSERT { ?s a <http://t/> } USING <http://g/> USING NAMED <http://n/> WHERE { ?s ?p ?o }"),
    ("DELETE WHERE { ?s ?p 'WHERE' }",
     "DELETE { ?s ?p 'WHERE' } USING <http://g/> USING NAMED <http://n/> WHERE { ?s ?p 'WHERE' }"),
    ("CLEAR ALL ; INSERT DATA { <a> <b> <c> }", "CLEAR ALL ; INSERT DATA { <a> <b> <c> }"),
    ("PREFIX w: <http://w/> delete { ?s w:p ?o } insert { ?s w:q ?o } where { ?s w:p ?o }",
     "PREFIX w: <http://w/> delete { ?s w:p ?o } insert { ?s w:q ?o } USING <http://g/> "
     "USING NAMED <http://n/> where { ?s w:p ?o }"),
])
def test_using_parameters_become_using_clauses(update: str, expected: str) -> None:
    rewritten = with_using(update, measure(update).tokens, ["http://g/"], ["http://n/"])
    assert rewritten == expected
    vetted = vet(UpdateJob(update, ("http://g/",), ("http://n/",)))
    assert vetted.text == expected


def test_using_parameters_conflict_with_with() -> None:
    update = "WITH <http://w/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    with pytest.raises(Rejected, match="cannot be combined") as caught:
        vet(UpdateJob(update, ("http://g/",)))
    assert caught.value.status == 400


def test_service_is_refused_by_vetting_unless_allowed() -> None:
    job = QueryJob("SELECT * { SERVICE <http://x/> {} }", None, None, 10)
    with pytest.raises(Rejected, match="--allow-service") as caught:
        vet(job)
    assert caught.value.status == 403
    assert vet(dataclasses.replace(job, allow_service=True)).text == job.text


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"allow_update": True}, "--token"),
    ({"cors_origins": ("*",)}, "one by one"),
    ({"timeout_s": 0}, "positive"),
    ({"max_rows": -1}, "positive"),
    ({"host": "0.0.0.0"}, "--allow-remote"),
    ({"host": "192.168.1.4"}, "--allow-remote"),
    ({"port": 70000}, "between 1 and 65535"),
    ({"base_url": "kg.example.org"}, "absolute http"),
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

"""The remote engine against a real Oxigraph server on loopback.

Every catalogue query must give the same rows through HTTP as in process; bound values
must arrive exactly as given and never as query text; a refused connection, a timeout
and an HTTP error must each be one line naming the endpoint.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Identifier

from orthokg.errors import QueryError, StoreError
from orthokg.ontology.vocab import DOC, OKG, OKGR
from orthokg.queries import catalogue
from orthokg.queries.engines.base import QueryResult, canonical
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.remote import RemoteEngine
from orthokg.queries.engines.values import bind_values, query_form, where_group_start
from orthokg.queries.push import push
from orthokg.queries.store import write_store
from tests.queries.oxigraph_server import (
    OxigraphServer,
    basic_auth_proxy,
    free_port,
    running_oxigraph,
)

# (a module-level rdflib namespace makes pytest's collector warn, so the one IRI is spelt)
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
# A value for every parameter name the catalogue uses, chosen to give rows on mini.ttl.
PARAMS: dict[str, Identifier] = {
    "procedure": OKGR["total-knee-replacement"],
    "condition": OKGR["osteoarthritis"],
    "structure": OKGR["tibia"],
    "subject": OKGR["total-knee-replacement"],
    "property": OKG["hasPossibleComplication"],
    "object": OKGR["infection"],
    "key": Literal("knee replacement total"),
    "lowered": Literal("tkr"),
    "document": DOC["knee-leaflet"],
}
# Queries whose rows on mini.ttl come from other concepts than the ones above.
OVERRIDES: dict[str, dict[str, Identifier]] = {
    "benefits-compared": {"condition": OKGR["herniated-disc"]},
    "minimally-invasive-options-for-condition": {"condition": OKGR["herniated-disc"]},
    "imaging-used-by-procedure": {"procedure": OKGR["microdiscectomy"]},
}


def params_for(name: str, param_names: tuple[str, ...]) -> dict[str, Identifier]:
    """Test values for ``param_names`` of query ``name``."""
    values = PARAMS | OVERRIDES.get(name, {})
    missing = [p for p in param_names if p not in values]
    assert not missing, f"add a test value for parameter(s) {missing} of {name}"
    return {p: values[p] for p in param_names}


@pytest.fixture(scope="module")
def server(fixture_graph: Graph, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[OxigraphServer]:
    """A server holding TBox + mini.ttl, pushed the way users push (GSP, per document)."""
    with running_oxigraph(tmp_path_factory.mktemp("remote") / "store") as running:
        push(fixture_graph, running.store, timeout=10)
        yield running


@pytest.fixture(scope="module")
def remote(server: OxigraphServer) -> RemoteEngine:
    return RemoteEngine(server.query, timeout=10)


@pytest.fixture(scope="module")
def local(fixture_graph: Graph, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[OxigraphEngine]:
    """The default path: the on-disk store ``build --store`` writes, queried in process."""
    directory = tmp_path_factory.mktemp("local") / "kg"
    write_store(fixture_graph, directory)
    engine = OxigraphEngine.open(directory)
    yield engine
    engine.close()


def _cases() -> list[tuple[str, tuple[str, ...]]]:
    """(query, parameter names): required ones alone, then with the optional ones too."""
    cases = []
    for query in catalogue.all():
        required = tuple(p.name for p in query.params if not p.optional)
        cases.append((query.name, required))
        if len(required) < len(query.params):
            cases.append((query.name, tuple(p.name for p in query.params)))
    return cases


def _sorted_rows(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows in a stable order; blank nodes (store-local labels) compare as one."""
    def key(term: Identifier | None) -> str:
        if term is None:
            return ""
        return "_:b" if isinstance(term, BNode) else term.n3()

    return sorted(tuple(key(term) for term in row) for row in result.rows)


@pytest.mark.parametrize(("name", "param_names"), _cases(),
                         ids=lambda value: ",".join(value) if isinstance(value, tuple) else value)
def test_catalogue_query_same_rows_remote_and_local(
        name: str, param_names: tuple[str, ...], remote: RemoteEngine,
        local: OxigraphEngine) -> None:
    query = catalogue.get(name)
    params = params_for(name, param_names)
    expected = local.run(query.sparql, params)
    got = remote.run(query.sparql, params)
    assert got.kind == expected.kind
    assert got.variables == expected.variables
    assert _sorted_rows(got) == _sorted_rows(expected)
    assert got.rows == [tuple(r) for r in got.rows]  # terms, not strings
    assert all(isinstance(t, Identifier) for row in got.rows for t in row if t is not None)


def test_most_catalogue_cases_return_rows(remote: RemoteEngine) -> None:
    """The comparison above means little if both sides were empty."""
    empty = []
    for name, param_names in _cases():
        result = remote.run(catalogue.get(name).sparql, params_for(name, param_names))
        if not result.rows:
            empty.append(name)
    assert len(empty) <= len(_cases()) // 4, f"empty on the fixture: {empty}"


def test_terms_come_back_typed(remote: RemoteEngine) -> None:
    result = remote.run(
        "SELECT ?label ?min ?doc WHERE { ?q okg:about okgr:crutches ; okg:minValue ?min ; "
        "prov:wasDerivedFrom ?doc . okgr:crutches rdfs:label ?label }")
    assert result.rows == [(Literal("crutches", lang="en"),
                            Literal("6", datatype=XSD_DECIMAL), DOC["knee-leaflet"])]


def test_ask_and_construct_match_local(remote: RemoteEngine, local: OxigraphEngine) -> None:
    ask = "ASK { okgr:total-knee-replacement okg:treats okgr:osteoarthritis }"
    assert remote.run(ask).boolean is True
    construct = ("CONSTRUCT { ?a ?p ?o } WHERE { ?a a owl:Axiom ; ?p ?o ; "
                 "owl:annotatedSource okgr:microdiscectomy }")
    got, expected = remote.run(construct), local.run(construct)
    assert got.kind == "graph" and got.graph is not None and expected.graph is not None
    assert len(got.graph) > 20
    assert isomorphic(got.graph, expected.graph)


def test_describe_binds_parameter(remote: RemoteEngine) -> None:
    result = remote.run("DESCRIBE ?c WHERE { ?c rdfs:label ?l }",
                        {"l": Literal("tibia", lang="en")})
    assert result.graph is not None
    assert (OKGR["tibia"], OKG["normalizedLabel"], Literal("tibia")) in result.graph


HOSTILE = [
    Literal('x" } ; DROP ALL ; #'),
    Literal("x' } DROP ALL #", lang="en"),
    Literal('quote \\u0022 } DROP ALL # and \\U00000022 too'),
    Literal("back\\slash at the end\\"),
    Literal("line\nbreak\r\ttab \x01 control"),
    Literal("2.50", datatype=XSD_DECIMAL),
    Literal("héllo ✓ 𝔘"),
    URIRef("https://w3id.org/orthokg/id/x#frag?q=1&r=%7B"),
]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:40])
def test_bound_values_arrive_exactly_and_never_as_text(
        value: Identifier, remote: RemoteEngine, local: OxigraphEngine) -> None:
    result = remote.run("SELECT ?v WHERE { }", {"v": value})
    assert result.rows == local.run("SELECT ?v WHERE { }", {"v": value}).rows
    assert result.rows[0][0] == canonical(value)
    assert remote.run("ASK { okgr:tibia rdfs:label ?l }").boolean is True  # nothing dropped


@pytest.mark.parametrize("value", [
    URIRef("http://a> . } DROP ALL #"),
    Literal("x", datatype=URIRef("http://a> } DROP ALL #")),
    BNode(),
])
def test_unwritable_values_are_refused_before_sending(
        value: Identifier, remote: RemoteEngine) -> None:
    with pytest.raises(QueryError, match="cannot bind"):
        remote.run("SELECT ?v WHERE { }", {"v": value})


def test_parameter_names_are_checked(remote: RemoteEngine) -> None:
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        remote.run("SELECT ?v WHERE { }", {"v) {} } DROP ALL #": Literal("x")})


def test_bound_parameter_starts_the_where_group(remote: RemoteEngine) -> None:
    """Bound first, as initBindings/substitutions are: aggregates see the value."""
    query = ("SELECT ?p (COUNT(?c) AS ?n) WHERE { ?p okg:hasPossibleComplication ?c } "
             "GROUP BY ?p")
    result = remote.run(query, {"p": OKGR["microdiscectomy"]})
    assert result.rows == [(OKGR["microdiscectomy"], Literal(1))]


@pytest.mark.parametrize(("query", "marker"), [
    ("SELECT * WHERE { ?s ?p ?o }", "WHERE {"),
    ("PREFIX x: <http://x/#> # { comment }\nSELECT ?s { ?s x:p '}' }", "?s {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "WHERE {"),
    ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "} {"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "WHERE {"),
    ('ASK { ?s ?p """ { "" } """ }', "ASK {"),
    ("DESCRIBE ?s FROM <http://g/#where> WHERE { ?s ?p ?o }", "WHERE {"),
    ("SELECT ?where { ?where <http://p> ?select }", "?where {"),
])
def test_where_group_is_found(query: str, marker: str) -> None:
    assert where_group_start(query) == query.index(marker) + len(marker)


def test_query_form_and_binding_need_a_query() -> None:
    assert query_form("# SELECT in a comment\nASK {}") == "ASK"
    with pytest.raises(QueryError):
        query_form("INSERT DATA { <a:b> <a:b> <a:b> }")
    with pytest.raises(QueryError, match="no WHERE group"):
        bind_values("DESCRIBE <http://x>", {"x": Literal(1)})


def test_bad_query_is_a_query_error_naming_the_endpoint(remote: RemoteEngine) -> None:
    with pytest.raises(QueryError) as caught:
        remote.run("SELECT ?s WHERE { ?s ?p }")
    message = str(caught.value)
    assert message.startswith(remote.endpoint_url) and "HTTP 400" in message
    assert "\n" not in message


def test_unknown_path_is_a_store_error(server: OxigraphServer) -> None:
    with pytest.raises(StoreError, match=r"/nowhere: HTTP 404") as caught:
        RemoteEngine(f"{server.base}/nowhere", timeout=5).run("ASK {}")
    assert "\n" not in str(caught.value)


def test_refused_connection_is_one_line() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError) as caught:
        RemoteEngine(endpoint, timeout=5).run("ASK {}")
    assert str(caught.value).startswith(f"{endpoint}: cannot connect")
    assert "\n" not in str(caught.value)


def test_silent_server_times_out() -> None:
    """A socket that accepts but never answers: the wait is bounded by ``timeout``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with pytest.raises(StoreError, match="no answer within 1 s"):
            RemoteEngine(endpoint, timeout=1).run("ASK {}")


def test_not_http_is_refused() -> None:
    with pytest.raises(StoreError, match="not an http"):
        RemoteEngine(str(Path("/tmp/store")), timeout=1)


def test_basic_auth_credentials_are_sent(server: OxigraphServer) -> None:
    with basic_auth_proxy(server.base, "reader", "s3cret") as front:
        engine = RemoteEngine(f"{front}/query", timeout=5, user="reader", password="s3cret")
        assert engine.run("ASK { okgr:tibia a okg:Bone }").boolean is True
        for user, password in ((None, None), ("reader", "wrong")):
            with pytest.raises(StoreError, match="HTTP 401: not authorised"):
                RemoteEngine(f"{front}/query", timeout=5, user=user,
                             password=password).run("ASK {}")


def test_query_cli_sends_credentials_to_the_endpoint(server: OxigraphServer) -> None:
    import os
    import subprocess
    import sys

    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "orthokg.cli.app", "query", "ASK { okgr:tibia a okg:Bone }",
             "--endpoint", f"{front}/query", "-f", "json", *extra],
            capture_output=True, text=True, timeout=60, check=False,
            env={**os.environ, "ORTHOKG_PASSWORD": "s3cret"})

    with basic_auth_proxy(server.base, "reader", "s3cret") as front:
        allowed = cli("--user", "reader")
        refused = cli()
    assert allowed.returncode == 0, allowed.stderr
    assert '"boolean": true' in allowed.stdout
    assert refused.returncode != 0 and "401" in refused.stderr

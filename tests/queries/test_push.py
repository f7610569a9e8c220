"""Pushing the graph into a real Oxigraph server on loopback, both ways in.

What arrives must be the graph that left: the same named graphs as the local store,
the same triples up to blank-node names (provenance axioms intact), whatever the
method and batch size; pushing again replaces rather than duplicates; a store that
refuses gives one line naming the endpoint.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from orthokg.cli.push import register
from orthokg.errors import StoreError
from orthokg.ontology.vocab import OKGR, OWL, RDF, RDFS
from orthokg.queries import catalogue
from orthokg.queries.engines.base import canonical
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.remote import RemoteEngine
from orthokg.queries.partition import CONCEPTS_GRAPH, ONTOLOGY_GRAPH
from orthokg.queries.push import bnode_closed_batches, push, split_graphs
from orthokg.queries.store import write_store
from tests.queries.oxigraph_server import (
    OxigraphServer,
    basic_auth_proxy,
    free_port,
    running_oxigraph,
)

GRAPH_COUNTS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh, empty server for each test: pushes must not see each other."""
    with running_oxigraph(tmp_path / "store") as running:
        yield running


def _remote_counts(server: OxigraphServer) -> dict[str, int]:
    rows = RemoteEngine(server.query, timeout=10).run(GRAPH_COUNTS).rows
    return {str(g): int(n) for g, n in rows}  # type: ignore[arg-type]


def _canonical(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, canonical(o)))
    return out


def _remote_union(server: OxigraphServer) -> Graph:
    result = RemoteEngine(server.query, timeout=30).run(EVERYTHING)
    assert result.graph is not None
    return result.graph


def test_gsp_push_writes_the_store_named_graphs(fixture_graph: Graph, server: OxigraphServer,
                                               tmp_path: Path) -> None:
    counts = push(fixture_graph, server.store, timeout=10)
    local_counts = write_store(fixture_graph, tmp_path / "local")
    assert counts == local_counts
    assert list(counts)[:2] == [str(ONTOLOGY_GRAPH), str(CONCEPTS_GRAPH)]
    assert "https://w3id.org/orthokg/graph/knee-leaflet" in counts
    assert _remote_counts(server) == counts
    assert isomorphic(_remote_union(server), _canonical(fixture_graph))


@pytest.mark.parametrize("batch_size", [1, 7, 5000])
def test_update_push_in_batches_keeps_axioms_whole(fixture_graph: Graph, server: OxigraphServer,
                                                    batch_size: int) -> None:
    counts = push(fixture_graph, server.update, method="update", batch_size=batch_size,
                  timeout=10)
    assert _remote_counts(server) == counts
    union = _remote_union(server)
    assert len(list(union.subjects(RDF.type, OWL.Axiom))) == len(
        list(fixture_graph.subjects(RDF.type, OWL.Axiom)))
    assert isomorphic(union, _canonical(fixture_graph))


def test_both_methods_answer_every_catalogue_query_alike(fixture_graph: Graph,
                                                         tmp_path: Path) -> None:
    """GSP and Update arrive at the same store contents, as seen by the catalogue."""
    with running_oxigraph(tmp_path / "a") as via_gsp, \
            running_oxigraph(tmp_path / "b") as via_update:
        push(fixture_graph, via_gsp.store, timeout=10)
        push(fixture_graph, via_update.update, method="update", batch_size=10, timeout=10)
        gsp = RemoteEngine(via_gsp.query, timeout=10)
        update = RemoteEngine(via_update.query, timeout=10)
        for query in catalogue.all():
            if query.required:
                continue  # parameterised queries are covered in test_remote.py
            assert sorted(map(str, gsp.run(query.sparql).rows)) == sorted(
                map(str, update.run(query.sparql).rows)), query.name


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_pushing_again_replaces(fixture_graph: Graph, server: OxigraphServer,
                                method: str) -> None:
    endpoint = server.store if method == "gsp" else server.update
    first = push(fixture_graph, endpoint, method=method, timeout=10)  # type: ignore[arg-type]
    again = push(fixture_graph, endpoint, method=method, timeout=10)  # type: ignore[arg-type]
    assert first == again == _remote_counts(server)


def _gsp_get(server: OxigraphServer, which: str) -> Graph:
    """One graph read back through the Graph Store Protocol (``default`` or ``graph=...``)."""
    with urllib.request.urlopen(f"{server.store}?{which}", timeout=10) as response:
        return Graph().parse(data=response.read(), format="nt")


def test_one_named_graph_and_default_graph(fixture_graph: Graph,
                                           server: OxigraphServer) -> None:
    target = "https://example.org/graphs/orthokg"
    assert push(fixture_graph, server.store, graph_iri=target, timeout=10) == {
        target: len(fixture_graph)}
    assert push(fixture_graph, server.update, method="update", per_document_graphs=False,
                timeout=10) == {"default": len(fixture_graph)}
    assert _remote_counts(server) == {target: len(fixture_graph)}
    expected = _canonical(fixture_graph)
    assert isomorphic(_gsp_get(server, f"graph={urllib.parse.quote(target)}"), expected)
    assert isomorphic(_gsp_get(server, "default"), expected)


def test_append_adds_to_a_graph(server: OxigraphServer) -> None:
    one, two = Graph(), Graph()
    one.add((OKGR["a"], RDFS.label, Literal("a")))
    two.add((OKGR["b"], RDFS.label, Literal("b")))
    target = "https://example.org/g"
    push(one, server.store, graph_iri=target, timeout=10)
    push(two, server.store, graph_iri=target, replace=False, timeout=10)
    assert _remote_counts(server) == {target: 2}
    push(two, server.store, graph_iri=target, timeout=10)
    assert _remote_counts(server) == {target: 1}


def test_local_store_and_pushed_store_answer_alike(fixture_graph: Graph,
                                                   server: OxigraphServer,
                                                   tmp_path: Path) -> None:
    """The split is the local store's: GRAPH-scoped queries agree too."""
    push(fixture_graph, server.store, timeout=10)
    write_store(fixture_graph, tmp_path / "local")
    local = OxigraphEngine.open(tmp_path / "local")
    query = ("SELECT ?g ?c WHERE { GRAPH ?g { ?c okg:mentionedIn ?d } }")
    remote_rows = RemoteEngine(server.query, timeout=10).run(query).rows
    assert sorted(remote_rows) == sorted(local.run(query).rows)
    local.close()


def test_split_keeps_every_triple(fixture_graph: Graph) -> None:
    parts = split_graphs(fixture_graph)
    union = Graph()
    for part in parts.values():
        union += part
    assert len(union) == len(fixture_graph)


def test_batches_never_split_blank_node_groups() -> None:
    x = URIRef("https://example.org/x")
    a, b, c = BNode(), BNode(), BNode()
    triples = [(a, x, x), (x, x, x), (b, x, c), (c, x, Literal(1)), (a, x, Literal(2)),
               (URIRef("https://example.org/y"), x, x), (c, x, x)]
    batches = list(bnode_closed_batches(triples, 2))
    assert sorted(t for batch in batches for t in batch) == sorted(triples)
    for blank in (a, b, c):
        holding = [i for i, batch in enumerate(batches)
                   if any(blank in (t[0], t[2]) for t in batch)]
        assert len(holding) == 1
    assert all(len(batch) <= 3 for batch in batches)


def test_cli_prints_triples_per_graph(fixture_graph: Graph, server: OxigraphServer,
                                      tmp_path: Path) -> None:
    kg = tmp_path / "kg.ttl"
    fixture_graph.serialize(kg, format="turtle")
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # two commands, so `push` is a subcommand as in orthokg
    result = CliRunner().invoke(app, ["push", "--kg", str(kg), "--endpoint", server.store])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == f"{len(split_graphs(fixture_graph)[ONTOLOGY_GRAPH])}\t{ONTOLOGY_GRAPH}"
    assert lines[-1].startswith(f"{len(fixture_graph)}\ttriples in ")
    assert sum(_remote_counts(server).values()) == len(fixture_graph)


def test_cli_unreadable_kg_is_a_clean_error(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["push", "--kg", str(tmp_path / "missing.ttl"),
                                      "--endpoint", "http://127.0.0.1:1/store"])
    assert result.exit_code != 0
    assert "no such file" in str(result.exception)


def test_refused_connection_is_one_line(fixture_graph: Graph) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    for method in ("gsp", "update"):
        with pytest.raises(StoreError) as caught:
            push(fixture_graph, endpoint, method=method, timeout=5)  # type: ignore[arg-type]
        assert str(caught.value).startswith(f"{endpoint}: cannot connect")
        assert "\n" not in str(caught.value)


def test_wrong_endpoint_is_a_clean_http_error(fixture_graph: Graph,
                                              server: OxigraphServer) -> None:
    with pytest.raises(StoreError, match=r"/nowhere: HTTP 404"):
        push(fixture_graph, f"{server.base}/nowhere", timeout=5)
    with pytest.raises(StoreError, match=r"HTTP 4\d\d") as caught:
        push(fixture_graph, server.query, method="update", timeout=5)  # a query-only URL
    assert "\n" not in str(caught.value)


def test_bad_arguments() -> None:
    with pytest.raises(StoreError, match="unknown push method"):
        push(Graph(), "http://127.0.0.1:1/store", method="ftp")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="not an http"):
        push(Graph(), "file:///tmp/store")


@pytest.mark.parametrize(("method", "path"), [("gsp", "/store"), ("update", "/update")])
def test_push_sends_basic_credentials(fixture_graph: Graph, server: OxigraphServer,
                                      method: str, path: str) -> None:
    with basic_auth_proxy(server.base, "writer", "s3cret") as front:
        with pytest.raises(StoreError, match="HTTP 401: not authorised"):
            push(fixture_graph, front + path, method=method, timeout=5)  # type: ignore[arg-type]
        counts = push(fixture_graph, front + path, method=method,  # type: ignore[arg-type]
                      user="writer", password="s3cret", timeout=10)
    assert _remote_counts(server) == counts


def test_a_failed_update_push_drops_nothing(server: OxigraphServer) -> None:
    """The replacement is built in a staging graph: when a batch is refused half-way,
    the graph that was there is still whole and the error says what was replaced."""
    target = "https://example.org/g"
    old = Graph()
    for name in ("a", "b", "c"):
        old.add((OKGR[name], RDFS.label, Literal(name)))
    push(old, server.update, method="update", graph_iri=target, timeout=10)
    new = Graph()
    new.add((OKGR["d"], RDFS.label, Literal("d")))
    new.add((OKGR["e"], RDFS.label, Literal("e", lang="abcdefghijklmnop")))  # not BCP 47
    with pytest.raises(StoreError, match=r"graph https://example\.org/g and those after it "
                                         r"were left as they were; already replaced: none"):
        push(new, server.update, method="update", graph_iri=target, batch_size=1, timeout=10)
    assert isomorphic(_gsp_get(server, f"graph={urllib.parse.quote(target)}"), old)
    assert _remote_counts(server) == {target: 3}  # no staging graph left behind


def test_update_push_sends_no_blank_node_in_insert_data(fixture_graph: Graph) -> None:
    from orthokg.queries.push import insert_data

    for batch in bnode_closed_batches(fixture_graph, 50):
        text = insert_data(batch, None)
        assert ("_:" in text) == text.startswith("INSERT {") and (
            "_:" in text) == text.endswith("WHERE {}")

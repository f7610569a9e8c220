"""The stores users run: a real Virtuoso 7.2 from Debian's package, started here.

The seed graph is pushed with ``orthokg push`` both ways README documents for Virtuoso
(``--method gsp`` to ``/sparql-graph-crud-auth`` and ``--method update`` to
``/sparql-auth``, digest authentication, a user with ``SPARQL_UPDATE``), and then every
catalogue query must give over ``/sparql`` the rows ``orthokg query --kg`` gives.

Rows are compared after normalising one serialisation difference only: Virtuoso has no
boolean results and answers ``true``/``false`` as ``1``/``0`` (``xsd:integer``), so
booleans and those integers are compared as 1/0 on both sides. Blank nodes compare as
one (their labels are store-local). Nothing else is normalised.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from rdflib import BNode, Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Identifier
from typer.testing import CliRunner

from orthokg.errors import StoreError
from orthokg.ontology.vocab import GRAPH_BASE
from orthokg.queries import catalogue
from orthokg.queries.api import query
from orthokg.queries.engines.base import QueryResult
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.remote import RemoteEngine
from orthokg.queries.push import push, split_graphs
from tests.queries.examples import candidate_params
from tests.queries.virtuoso_server import VirtuosoServer, running_virtuoso

GRAPH_COUNTS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }} GROUP BY ?g')


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso") / "db") as server:
        yield server


@pytest.fixture(scope="module")
def local(seed_kg_file: Path) -> Iterator[OxigraphEngine]:
    """What ``orthokg query --kg`` runs on: the default engine over the Turtle file."""
    engine = OxigraphEngine.from_files([seed_kg_file])
    yield engine
    engine.close()


def _cli_push(kg: Path, endpoint: str, server: VirtuosoServer, *extra: str) -> str:
    from orthokg.cli.push import register

    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # two commands, so `push` is a subcommand
    result = CliRunner().invoke(
        app, ["push", "--kg", str(kg), "--endpoint", endpoint, "--user", server.user,
              "--auth", "digest", *extra], env={"ORTHOKG_PASSWORD": server.password})
    assert result.exit_code == 0, f"{result.output}{result.exception!r}"
    return result.output


@pytest.fixture(scope="module", params=["gsp", "update"])
def pushed(request: pytest.FixtureRequest, virtuoso: VirtuosoServer, seed_kg_file: Path,
           seed_graph: Graph) -> str:
    """The seed graph pushed with one method (each push replaces the graphs)."""
    method: str = request.param
    endpoint = virtuoso.store if method == "gsp" else virtuoso.update
    output = _cli_push(seed_kg_file, endpoint, virtuoso, "--method", method)
    assert output.strip().splitlines()[-1].startswith(f"{len(seed_graph)}\ttriples in ")
    return method


def _normalised(result: QueryResult) -> list[tuple[str, ...]]:
    def text(term: Identifier | None) -> str:
        if term is None:
            return ""
        if isinstance(term, BNode):
            return "_:b"
        if isinstance(term, Literal) and term.datatype == XSD.boolean:
            return "1" if term.toPython() else "0"
        if isinstance(term, Literal) and term.datatype == XSD.integer and str(term) in "01":
            return str(term)
        return term.n3()
    return sorted(tuple(text(t) for t in row) for row in result.rows)


def test_push_writes_the_store_layout(pushed: str, virtuoso: VirtuosoServer,
                                      seed_graph: Graph) -> None:
    counts = {str(g): int(n) for g, n in  # type: ignore[arg-type]
              RemoteEngine(virtuoso.query, timeout=30).run(GRAPH_COUNTS).rows}
    assert counts == {str(name): len(part) for name, part in split_graphs(seed_graph).items()}


@pytest.mark.parametrize("name", catalogue.names())
def test_catalogue_query_gives_the_local_rows(name: str, pushed: str,
                                              virtuoso: VirtuosoServer,
                                              local: OxigraphEngine) -> None:
    """Every parameter value the seed graph offers, not only the first that answers:
    Virtuoso's wrong rows depend on the data a query meets (a condition's subtypes, a
    procedure with two classes), and one value hid them."""
    named = catalogue.get(name)
    remote = RemoteEngine(virtuoso.query, timeout=60)
    answered, differing = 0, []
    for params in candidate_params(local, named):
        expected = _normalised(query(local, named, **params))
        answered += bool(expected)
        if _normalised(query(remote, named, **params)) != expected:
            differing.append(params)
    assert answered, f"{name} answers nothing on the seed graph"
    assert not differing, f"{name}: Virtuoso differs for {len(differing)}: {differing[:3]}"


def test_user_without_password_is_refused(virtuoso: VirtuosoServer) -> None:
    """Sending no credentials at all, silently, is what this used to do."""
    with pytest.raises(StoreError, match="needs a password"):
        push(Graph(), virtuoso.store, user=virtuoso.user, auth="digest")
    with pytest.raises(StoreError, match="needs a password"):
        RemoteEngine(virtuoso.query, timeout=5, user=virtuoso.user)


def test_wrong_password_is_not_authorised(virtuoso: VirtuosoServer,
                                          seed_graph: Graph) -> None:
    for method, endpoint in (("gsp", virtuoso.store), ("update", virtuoso.update)):
        with pytest.raises(StoreError, match="HTTP 401: not authorised"):
            push(seed_graph, endpoint, method=method,  # type: ignore[arg-type]
                 user=virtuoso.user, password="wrong", auth="digest", timeout=30)


def test_store_refusal_is_reported_not_broken_pipe(virtuoso: VirtuosoServer,
                                                   seed_graph: Graph) -> None:
    """Virtuoso's GSP has no default graph: it answers 500 before reading the body. The
    error carries its status and message, not the "Broken pipe" of the unread body."""
    with pytest.raises(StoreError) as caught:
        push(seed_graph, virtuoso.store, per_document_graphs=False, user=virtuoso.user,
             password=virtuoso.password, auth="digest", timeout=30)
    message = str(caught.value)
    assert "HTTP 500" in message and "default graph" in message, message
    assert "Broken pipe" not in message and "\n" not in message

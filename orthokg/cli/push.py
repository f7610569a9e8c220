"""``orthokg push``: load a built graph into a SPARQL 1.1 store (Virtuoso, GraphDB,
Fuseki, Oxigraph server) over HTTP; a thin layer over :func:`orthokg.queries.push.push`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orthokg.export.read import read_graph
from orthokg.queries.engines.remote import HttpAuth
from orthokg.queries.push import PushMethod, push

EXAMPLE = (
    "Examples:\n\n"
    "  orthokg push --kg build/orthokg.ttl --endpoint http://localhost:7878/store\n\n"
    "  ORTHOKG_PASSWORD=secret orthokg push --kg build/orthokg.ttl --method update "
    "--endpoint http://localhost:3030/ds/update --user admin\n\n"
    "With --method gsp the endpoint is the store's Graph Store Protocol URL (Oxigraph "
    "/store, Fuseki /ds/data, GraphDB /repositories/REPO/rdf-graphs/service, Virtuoso "
    "/sparql-graph-crud-auth with --auth digest); with --method update it is the SPARQL "
    "Update URL (Oxigraph /update, Fuseki /ds/update, GraphDB /repositories/REPO/statements, "
    "Virtuoso /sparql-auth with --auth digest). Prints the triples written to each graph."
)


def push_command(
    kg: Annotated[Path, typer.Option("--kg", help="Graph file written by `orthokg build`.")],
    endpoint: Annotated[str, typer.Option("--endpoint", help="GSP or SPARQL Update URL.")],
    graph: Annotated[str | None, typer.Option(
        "--graph", help="Put everything in this one named graph "
                        "(default: one graph per document + ontology + concepts).")] = None,
    method: Annotated[PushMethod, typer.Option(
        "--method", help="gsp (Graph Store Protocol) or update (SPARQL Update).")] = "gsp",
    user: Annotated[str | None, typer.Option("--user", help="HTTP user.")] = None,
    password: Annotated[str | None, typer.Option(
        "--password", envvar="ORTHOKG_PASSWORD",
        help="HTTP password (or set ORTHOKG_PASSWORD, kept out of the process list).")] = None,
    auth: Annotated[HttpAuth, typer.Option(
        "--auth", help="basic, or digest (Virtuoso *-auth URLs).")] = "basic",
    default_graph: Annotated[bool, typer.Option(
        "--default-graph", help="Write everything to the default graph instead.")] = False,
    append: Annotated[bool, typer.Option(
        "--append", help="Add to the graphs instead of replacing them.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 120.0,
) -> None:
    """Load a built graph into a SPARQL 1.1 store."""
    counts = push(read_graph(kg), endpoint, graph_iri=graph, method=method,
                  per_document_graphs=not default_graph, user=user, password=password,
                  auth=auth, timeout=timeout, replace=not append,
                  on_graph=lambda name, n: typer.echo(f"{n}\t{name}"))
    typer.echo(f"{sum(counts.values())}\ttriples in {len(counts)} graph(s) -> {endpoint}")


def register(app: typer.Typer) -> None:
    """Add ``orthokg push`` to ``app``."""
    app.command("push", help=f"{push_command.__doc__}\n\n{EXAMPLE}",
                no_args_is_help=True)(push_command)

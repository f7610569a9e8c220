"""``orthokg query`` and ``orthokg queries``: ask the graph, list the questions it knows.

A thin layer: parse options, open the engine (:mod:`orthokg.queries.connect`), run
(:func:`orthokg.queries.api.query`), write (:mod:`orthokg.queries.formats`). Errors are
:class:`~orthokg.errors.OrthoKGError` and the app turns them into one line.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from orthokg.cli.bounded import run_bounded
from orthokg.errors import QueryError
from orthokg.export.atomic import STDOUT, write_atomic
from orthokg.queries import catalogue
from orthokg.queries.api import find_query
from orthokg.queries.api import query as run_query
from orthokg.queries.connect import ENGINES, Credentials, open_engine
from orthokg.queries.engines.base import QueryResult
from orthokg.queries.formats import FORMATS, render, table
from orthokg.queries.paging import paged

__all__ = ["register"]

# Choices come from the registries, so a new format or engine needs no CLI edit.
# (type: ignore[misc]: mypy's functional Enum API wants literal members, not a registry.)
FormatChoice = Enum("FormatChoice", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
EngineChoice = Enum("EngineChoice", {name: name for name in ENGINES}, type=str)  # type: ignore[misc]
_FORMAT_HELP = "; ".join(f"{f.name}: {f.help}" for f in FORMATS.values())


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: write NAME=VALUE, e.g. procedure=okgr:x")
        params[name.strip().lstrip("?")] = value
    return params


def _named(query: str, limit: int = 60) -> str:
    """How an error names the query: its name or file, or the start of its text.

    >>> _named("documents"), _named("SELECT  *\\n WHERE { ?s ?p ?o }", limit=12)
    ("query 'documents'", "query 'SELECT * WH…'")
    """
    text = " ".join(query.split())
    return f"query {text[:limit - 1] + chr(0x2026) if len(text) > limit else text!r}"


def _write(text: str, output: Path) -> None:
    if str(output) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text.encode("utf-8"))


def query_command(
    query: Annotated[str, typer.Argument(
        metavar="NAME|FILE.rq|SPARQL",
        help="A catalogue name (see 'orthokg queries'), a .rq file or SPARQL text.")],
    kg: Annotated[list[Path] | None, typer.Option(
        "--kg", metavar="FILE",
        help="RDF file(s) to query (Turtle, N-Triples, ...), loaded in memory.")] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", metavar="DIR", help="On-disk store written by 'orthokg build --store DIR'.")
    ] = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", metavar="URL", help="SPARQL endpoint URL.")] = None,
    engine: Annotated[EngineChoice, typer.Option(
        "--engine", help="Engine for --kg files.")] = EngineChoice["oxigraph"],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", metavar="NAME=VALUE",
        help="Bind a query parameter; repeat for more. A concept may be named: "
             "procedure='total hip replacement'.")] = None,
    fmt: Annotated[FormatChoice, typer.Option(
        "--format", "-f", help=_FORMAT_HELP)] = FormatChoice["table"],
    inferred: Annotated[bool, typer.Option(
        "--inferred", help="Add what the OWL reasoner infers before querying (with --kg).")
    ] = False,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Write here; '-' is stdout.")] = Path("-"),
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, metavar="SECONDS",
        help="Seconds the query may take, opening the graph included (local or remote); "
             "it is then stopped. 0: no limit.")] = 60.0,
    user: Annotated[str | None, typer.Option(
        "--user", help="HTTP user for --endpoint.")] = None,
    password: Annotated[str | None, typer.Option(
        "--password", envvar="ORTHOKG_PASSWORD",
        help="HTTP password for --endpoint (or set ORTHOKG_PASSWORD).")] = None,
    auth: Annotated[str, typer.Option(
        "--auth", help="basic, or digest (Virtuoso).")] = "basic",
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, help="At most this many rows (one page of a SELECT).")] = None,
    offset: Annotated[int, typer.Option(
        "--offset", min=0, help="Skip this many rows first (with --limit: the next page).")
    ] = 0,
) -> None:
    """Run a named query, a .rq file or SPARQL text and print the rows.

    Example: orthokg query complications-of-procedure --kg kg.ttl
    -p procedure='total hip replacement' -f csv
    """
    credentials = Credentials(user, password, auth) if user else None
    params = _params(param or [])

    def answer() -> QueryResult:
        named = find_query(query)
        if limit is not None or offset:
            named = replace(named, sparql=paged(named.sparql, limit, offset))
        source = open_engine(kg=kg or (), store=store, endpoint=endpoint,
                             engine=engine.value, inferred=inferred, timeout=timeout or 3600,
                             credentials=credentials)
        try:
            return run_query(source, named, **params)
        except QueryError as exc:  # the message names the query, whatever said it
            if query in str(exc):
                raise
            raise QueryError(f"{_named(query)}: {exc}") from exc
        finally:
            source.close()

    result = run_bounded(answer, timeout, _named(query))
    to_terminal = str(output) == STDOUT and sys.stdout.isatty()
    if fmt.value == "table" and result.kind == "select" and to_terminal:
        Console().print(table(result))
        return
    _write(render(result, fmt.value), output)


def queries_command(
    name: Annotated[str | None, typer.Argument(
        help="Show one query in full, with its SPARQL.")] = None,
) -> None:
    """List the catalogue of named queries: name, question, parameters.

    Example: orthokg queries; orthokg queries recovery-timeline
    """
    console = Console()
    if name is not None:
        named = catalogue.get(name)
        console.print(f"[bold]{named.name}[/]: {named.description}\n{named.notes}\n")
        console.print(named.sparql, highlight=False, markup=False)
        return
    grid = Table(header_style="bold")
    grid.add_column("name", no_wrap=True)
    grid.add_column("question")
    grid.add_column("parameters")
    for named in catalogue.all():
        params = ", ".join(f"{p.name} ({p.kind}{', optional' if p.optional else ''})"
                           for p in named.params)
        grid.add_row(named.name, named.description, params or "-")
    console.print(grid)


def register(app: typer.Typer) -> None:
    """Add ``query`` and ``queries`` to the ``orthokg`` app."""
    app.command("query", no_args_is_help=True)(query_command)
    app.command("queries")(queries_command)

"""Open the engine a command line asks for: a KG file, an on-disk store or an endpoint.

Kept apart from the CLI so the endpoint server and scripts open graphs the same way.
Oxigraph is the default engine: it loads a Turtle file ~14x faster than rdflib and
answers 10-100x faster (MEASURED.md); rdflib stays available as the reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rdflib import Graph

from orthokg.errors import OrthoKGError, QueryError, StoreError
from orthokg.queries.engines.base import QueryEngine
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine

if TYPE_CHECKING:  # the remote engine (SPARQLWrapper) is imported only when used
    from orthokg.queries.engines.remote import HttpAuth

__all__ = ["ENGINES", "open_engine"]

EngineName = Literal["oxigraph", "rdflib"]
ENGINES: tuple[EngineName, ...] = ("oxigraph", "rdflib")


def _parse_files(paths: Sequence[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path)
        except FileNotFoundError as exc:
            raise StoreError(f"{path}: no such file") from exc
        except Exception as exc:  # rdflib parsers raise many unrelated types
            # one line: rdflib's Turtle errors span three
            raise StoreError(f"{path}: cannot parse: {' '.join(str(exc).split())}") from exc
    return graph


def _inferred(graph: Graph) -> Graph:
    try:
        from orthokg.reasoning import with_inferences
    except ImportError as exc:
        raise OrthoKGError(f"--inferred needs the reasoning package: {exc}") from exc
    return with_inferences(graph)


def _from_files(paths: Sequence[Path], engine: EngineName, inferred: bool) -> QueryEngine:
    if engine == "oxigraph" and not inferred:
        return OxigraphEngine.from_files(paths)
    graph = _parse_files(paths)
    if inferred:
        graph = _inferred(graph)
    return RdflibEngine(graph) if engine == "rdflib" else OxigraphEngine.from_graph(graph)


@dataclass(frozen=True, slots=True)
class Credentials:
    """HTTP credentials for a remote endpoint (``auth`` is ``basic`` or ``digest``)."""

    user: str
    password: str | None = None
    auth: str = "basic"


def _http_auth(name: str) -> HttpAuth:
    """The HTTP auth method ``name`` names, in any case.

    >>> _http_auth("Digest")
    'digest'
    """
    match name.lower():
        case "basic":
            return "basic"
        case "digest":
            return "digest"
    raise QueryError(f"unknown auth method {name!r}; use basic or digest")


def _remote(endpoint: str, timeout: float, credentials: Credentials | None) -> QueryEngine:
    from orthokg.queries.engines.remote import RemoteEngine

    if credentials is None:
        return RemoteEngine(endpoint, timeout=timeout)
    return RemoteEngine(endpoint, timeout=timeout, user=credentials.user,
                        password=credentials.password, auth=_http_auth(credentials.auth))


def open_engine(*, kg: Sequence[Path] = (), store: Path | None = None,
                endpoint: str | None = None, engine: EngineName = "oxigraph",
                inferred: bool = False, timeout: float = 60.0,
                credentials: Credentials | None = None) -> QueryEngine:
    """The engine over exactly one of ``kg`` files, an on-disk ``store`` or an ``endpoint``.

    >>> open_engine(kg=[Path("tests/fixtures/mini.ttl")]).name
    'oxigraph'
    >>> open_engine()
    Traceback (most recent call last):
    ...
    orthokg.errors.QueryError: say where to query: --kg FILE, --store DIR or --endpoint URL
    """
    given = sum((bool(kg), store is not None, endpoint is not None))
    if given != 1:
        raise QueryError("say where to query: --kg FILE, --store DIR or --endpoint URL"
                         if given == 0 else "give only one of --kg, --store and --endpoint")
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use {' or '.join(ENGINES)}")
    if inferred and not kg:
        raise QueryError("--inferred works with --kg (the reasoner needs the graph in memory)")
    if endpoint is not None:
        return _remote(endpoint, timeout, credentials)
    if store is not None:
        if engine == "rdflib":
            raise QueryError("--store is an Oxigraph store; use --engine oxigraph or --kg FILE")
        return OxigraphEngine.open(store)
    return _from_files(kg, engine, inferred)

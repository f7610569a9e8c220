"""``query()``: ask the graph a named question, a ``.rq`` file or SPARQL text, in one call.

The lead re-exports it as ``orthokg.query``. It accepts whatever the caller holds (an
rdflib graph, a pyoxigraph store or any :class:`QueryEngine`) so scripts, notebooks,
the CLI and the endpoint share one path from question to rows.

>>> from pathlib import Path
>>> from rdflib import Graph
>>> kg = Graph().parse("tests/fixtures/mini.ttl")
>>> result = query(kg, "complications-of-procedure", procedure="total knee replacement")
>>> sorted(str(label) for label in result.column("complicationLabel"))
['blood clot', 'infection']
>>> result.records()[0]["document"]
rdflib.term.URIRef('https://w3id.org/orthokg/doc/knee-leaflet')
>>> query(kg, "ASK { okgr:microdiscectomy okg:treats ?c }", c="okgr:herniated-disc").boolean
True
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from orthokg.errors import QueryError
from orthokg.queries import catalogue
from orthokg.queries.catalogue import NamedQuery
from orthokg.queries.engines.base import QueryEngine, QueryResult
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine
from orthokg.queries.params import bind

__all__ = ["engine_for", "find_query", "query"]

Source = Graph | ox.Store | QueryEngine


def engine_for(source: Source) -> QueryEngine:
    """The engine that answers over ``source``: rdflib for a graph, Oxigraph for a store."""
    if isinstance(source, Graph):
        return RdflibEngine(source)
    if isinstance(source, ox.Store):
        return OxigraphEngine(source)
    if callable(getattr(source, "run", None)):
        return source
    raise QueryError(f"cannot query a {type(source).__name__}: give a Graph, Store or engine")


def _looks_like_sparql(text: str) -> bool:
    return "{" in text or any(c.isspace() for c in text.strip())


def find_query(spec: str | Path | NamedQuery) -> NamedQuery:
    """A catalogue name, a path to a ``.rq`` file, or SPARQL text, as a :class:`NamedQuery`.

    >>> find_query("documents").columns[:2]
    ('document', 'title')
    >>> find_query("SELECT * WHERE { ?s ?p ?o }").name
    'sparql'
    """
    if isinstance(spec, NamedQuery):
        return spec
    if isinstance(spec, Path) or str(spec).endswith(".rq"):
        return catalogue.load(Path(spec))
    if spec in catalogue.names():
        return catalogue.get(spec)
    if _looks_like_sparql(spec):
        return catalogue.parse(spec, "sparql", strict=False)
    return catalogue.get(spec)  # raises QueryError naming the close names


def query(source: Source, spec: str | Path | NamedQuery, /, **params: object) -> QueryResult:
    """Run a named query, a ``.rq`` file or SPARQL text over ``source`` with ``params``.

    Parameter values may be rdflib terms or text; text is read according to the kind
    the query header declares (a concept name is resolved to its IRI).
    """
    named = find_query(spec)
    engine = engine_for(source)
    return engine.run(named.sparql, bind(named, params, engine))

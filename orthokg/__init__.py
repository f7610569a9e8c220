"""OrthoKG: a clinical knowledge graph of orthopaedic procedures.

Two calls cover the library: :func:`build` turns documents into an rdflib graph
(the TBox, the facts and their provenance) and :func:`query` runs a catalogue query
or any SPARQL on it with bound parameters.

>>> import orthokg, importlib.metadata
>>> orthokg.__version__ == importlib.metadata.version("orthokg")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

    from orthokg.queries.engines.base import QueryResult

__version__ = version("orthokg")  # one source of truth: pyproject.toml
__all__ = ["__version__", "build", "query"]


def build(paths: Iterable[Path | str], *, keep_going: bool = False) -> Graph:
    """Read the documents under ``paths`` and return the asserted graph.

    Raises :class:`orthokg.errors.DocumentError` for an unreadable document unless
    ``keep_going`` is set, in which case that document is left out.

    >>> graph = build(["tests/fixtures/docs/knee_arthroscopy.txt"])
    >>> from orthokg.ontology.vocab import OKGR, OKG
    >>> (OKGR["knee-arthroscopy"], OKG.hasApproach, OKGR["arthroscopic"]) in graph
    True
    """
    from orthokg.loaders.pipeline import build_graph

    return build_graph(paths, keep_going=keep_going).graph


def query(graph: Graph, name_or_sparql: str, **params: Any) -> QueryResult:
    """Run a catalogue query (by name), a ``.rq`` file or SPARQL text on ``graph``.

    Parameters are bound to the query's variables, never pasted into its text; a
    concept may be given by name.

    >>> graph = build(["tests/fixtures/docs/knee_arthroscopy.txt"])
    >>> result = query(graph, "complications-of-procedure", procedure="knee arthroscopy")
    >>> column = result.variables.index("complicationLabel")
    >>> sorted(str(row[column]) for row in result.rows)
    ['deep vein thrombosis', 'infection']
    """
    from orthokg.queries.api import query as run

    return run(graph, name_or_sparql, **params)

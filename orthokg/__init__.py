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
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    from rdflib import Graph

    from orthokg.loaders.pipeline import BuildResult
    from orthokg.queries.engines.base import QueryResult



def __getattr__(name: str) -> str:
    """``__version__``, read from the package metadata (one source of truth: pyproject)
    when first asked for: importlib.metadata costs every command 40 ms at start-up."""
    if name == "__version__":
        from importlib.metadata import version

        return version("orthokg")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__", "build", "query"]


@overload
def build(paths: Path | str | Iterable[Path | str], *,
          keep_going: Literal[False] = False) -> Graph: ...


@overload
def build(paths: Path | str | Iterable[Path | str], *,
          keep_going: Literal[True]) -> BuildResult: ...


def build(paths: Path | str | Iterable[Path | str], *,
          keep_going: bool = False) -> Graph | BuildResult:
    """Read the documents under ``paths`` (a file or folder, or several) and return the
    asserted graph.

    Raises :class:`orthokg.errors.DocumentError` for an unreadable document, for two
    inputs that would share a document id, and when there is no document to read. With
    ``keep_going`` an unreadable document is left out instead, and the whole
    :class:`~orthokg.loaders.pipeline.BuildResult` is returned so that what was left out
    is known: ``result.graph``, and ``result.errors`` naming each document left out
    (``result.report`` also holds the warnings). A build that reads no document at all
    still raises: an empty graph is never a result.

    >>> graph = build("tests/fixtures/docs/knee_arthroscopy.txt")
    >>> from orthokg.ontology.vocab import OKGR, OKG
    >>> (OKGR["knee-arthroscopy"], OKG.hasApproach, OKGR["arthroscopic"]) in graph
    True
    >>> result = build(["tests/fixtures/docs/knee_arthroscopy.txt", "no/such.txt"],
    ...                keep_going=True)
    >>> [str(entry) for entry in result.errors]
    ['error: no/such.txt: no such file or directory']
    """
    from orthokg.inputs import gather_inputs, require_documents
    from orthokg.loaders.pipeline import ReportEntry, build_graph

    named = [paths] if isinstance(paths, str | Path) else list(paths)
    inputs = gather_inputs(named)
    result = build_graph(inputs.paths, keep_going=keep_going)
    result.report[:0] = [ReportEntry("warning", "", w.removeprefix("warning: "))
                         for w in inputs.warnings]
    require_documents(result)
    return result if keep_going else result.graph


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

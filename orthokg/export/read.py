"""Read a knowledge-graph file (``orthokg build`` output or an earlier export).

The syntax comes from the file suffix. Quad files (N-Quads, TriG) are merged into one
graph, the union the queries run over, so every export starts from the same graph
whichever file it was given.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from orthokg.errors import DocumentError

__all__ = ["QUAD_SYNTAXES", "read_graph"]

QUAD_SYNTAXES = frozenset({"nquads", "trig", "trix"})


def _syntax(path: Path) -> str:
    if path.suffix == ".owl":
        return "xml"
    syntax = guess_format(str(path))
    if syntax is None:
        raise DocumentError(path, "unknown RDF syntax; use .ttl, .owl, .rdf, .nt, .nq, "
                                  ".trig or .jsonld")
    return syntax


def read_graph(path: Path) -> Graph:
    """The merged graph of the RDF file at ``path``.

    Raises :class:`~orthokg.errors.DocumentError` naming the file when it is missing,
    of an unknown syntax or does not parse; the parser's message is folded onto that
    one line (rdflib's Turtle errors span three).
    """
    if not path.is_file():
        raise DocumentError(path, "not a file" if path.exists() else "no such file")
    syntax = _syntax(path)
    try:
        if syntax in QUAD_SYNTAXES:
            dataset = Dataset()
            dataset.parse(path, format=syntax)
            merged = Graph()
            for prefix, namespace in dataset.namespaces():
                merged.bind(prefix, namespace)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
            return merged
        graph = Graph()
        graph.parse(path, format=syntax)
        return graph
    except Exception as exc:  # rdflib raises many parser-specific types
        raise DocumentError(path, f"not valid {syntax}: {' '.join(str(exc).split())}") from exc

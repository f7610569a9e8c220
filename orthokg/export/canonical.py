"""Canonical form of a graph, so the same triples always serialise to the same bytes.

rdflib writes triples in the order its store returns them and names blank nodes afresh
on every parse, so two builds of the same corpus used to differ in thousands of lines.
Here blank nodes (only the TBox's restrictions and lists have any; the writer mints IRIs
for everything else) get the labels of rdflib's canonical labelling (RGDA1, a function of
the blank nodes' surroundings), and the graph returned lists its triples in sorted
order: rdflib's store keeps them in a hash set, so serializers that walk the whole graph
(RDF/XML, JSON-LD) would otherwise write them in an order that changes from one process
to the next.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

__all__ = ["CanonicalGraph", "canonical_graph", "canonical_lines", "sort_key"]

Triple = tuple[Node, Node, Node]


class CanonicalGraph(Graph):
    """A graph whose full scan (``triples((None, None, None))``) is in sorted order.

    Only the full scan is sorted (``O(n log n)`` once per scan); lookups by subject keep
    the store's insertion order, which :func:`canonical_graph` makes sorted too.
    """

    def triples(self, triple: Any) -> Generator[Any, None, None]:
        if tuple(triple) == (None, None, None):
            yield from sorted(super().triples(triple), key=sort_key)
        else:
            yield from super().triples(triple)


def sort_key(triple: Triple) -> tuple[str, ...]:
    """Order of triples: by subject, predicate, object as N-Triples terms."""
    return tuple(term.n3() for term in triple)


def canonical_graph(graph: Graph) -> CanonicalGraph:
    """A copy of ``graph`` with canonical blank-node labels and triples in sorted order.

    Only the triples that touch a blank node go through the canonical labelling (the
    TBox's few dozen), so the cost stays linear in the rest of the graph.

    >>> a = Graph().parse(data="<http://x/a> <http://x/p> [ <http://x/q> 1 ] .", format="ttl")
    >>> b = Graph().parse(data="<http://x/a> <http://x/p> [ <http://x/q> 1 ] .", format="ttl")
    >>> canonical_graph(a).serialize(format="nt") == canonical_graph(b).serialize(format="nt")
    True
    """
    blank = Graph()
    ground: list[Triple] = []
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            blank.add(triple)
        else:
            ground.append(triple)
    triples = ground + (list(to_canonical_graph(blank)) if len(blank) else [])
    out = CanonicalGraph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(triples, key=sort_key):
        out.add(triple)
    return out


def canonical_lines(data: Graph, rdflib_format: str) -> bytes:
    """N-Triples or N-Quads of ``data`` with the lines sorted: the canonical line file.

    rdflib's serializer does the escaping; one statement is one line in both syntaxes,
    so sorting the lines is sorting the statements. Blank nodes are expected to carry
    canonical labels already (see :func:`canonical_graph`).

    >>> g = Graph().parse(data="<http://x/b> <http://x/p> 2 . <http://x/a> <http://x/p> 1 .",
    ...                   format="ttl")
    >>> print(canonical_lines(g, "nt").decode().splitlines()[0].split()[0])
    <http://x/a>
    """
    text = data.serialize(format=rdflib_format, encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(f"{line}\n" for line in lines).encode("utf-8")

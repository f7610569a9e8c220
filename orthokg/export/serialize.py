"""Turn the merged knowledge graph into the bytes of one export format.

Triple formats write the merged graph as it is. Quad formats write the same split as the
Oxigraph store (one named graph per source document, the ontology graph, the concepts
graph), taken from :func:`orthokg.queries.partition.partition` (what the store uses) so
that a TriG export loaded into any store answers ``FROM NAMED`` queries exactly like our
own store. Every triple is in one graph (a fact read from two documents is one triple in
the concepts graph, with an axiom in each document's graph).

Every format is written from the canonical form of the graph
(:mod:`~orthokg.export.canonical`): the same triples always give the same bytes, and the
line formats (N-Triples, N-Quads) are sorted line by line, so a changed document shows
as a small diff.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

from orthokg.export.canonical import canonical_graph, canonical_lines
from orthokg.export.formats import ExportFormat, Shape, get_format
from orthokg.export.jsonld import published_prefixes, to_jsonld
from orthokg.queries.partition import partition

__all__ = ["bind_prefixes", "serialize", "to_dataset"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the published prefixes (``okg:``, ``okgr:``, ``doc:`` ...) on ``graph``.

    ``replace=True`` wins over prefixes a parsed file brought along (``ns1:`` and the
    like), so every export spells IRIs the way the documentation does.
    """
    for prefix, namespace in published_prefixes().items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def to_dataset(graph: Graph) -> Dataset:
    """The store's named-graph split of ``graph`` as an rdflib :class:`Dataset`."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for triple, graph_iris in partition(graph):
        for graph_iri in graph_iris:
            dataset.add((*triple, dataset.get_context(graph_iri)))
    return dataset


def serialize(graph: Graph, fmt: ExportFormat | str) -> bytes:
    """The bytes of ``graph`` in ``fmt`` (a format name of :data:`FORMATS` or its row).

    >>> from rdflib import URIRef, Literal
    >>> from rdflib.namespace import RDFS
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/orthokg/id/tibia"), RDFS.label, Literal("tibia")))
    >>> print(serialize(g, "nt").decode().strip())
    <https://w3id.org/orthokg/id/tibia> <http://www.w3.org/2000/01/rdf-schema#label> "tibia" .
    """
    spec = get_format(fmt) if isinstance(fmt, str) else fmt
    canonical = canonical_graph(bind_prefixes(graph))
    if spec.shape is Shape.JSONLD:
        return to_jsonld(canonical)
    if spec.shape is Shape.QUADS:
        dataset = to_dataset(canonical)
        if spec.rdflib_format == "nquads":
            return canonical_lines(dataset, "nquads")
        return dataset.serialize(format=spec.rdflib_format, encoding="utf-8")
    if spec.rdflib_format == "nt":
        return canonical_lines(canonical, "nt")
    return canonical.serialize(format=spec.rdflib_format, encoding="utf-8")

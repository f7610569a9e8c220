"""Writing outputs atomically: a reader never sees half a file, a failure leaves the old one.

Every file the tool writes goes to ``NAME.tmp`` beside the target and is renamed over it
only when complete (ODK's habit for generated artefacts).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from orthokg.errors import StoreError

if TYPE_CHECKING:  # rdflib costs 60 ms to import; writing a file does not need it
    import pyoxigraph as ox
    from rdflib import Graph

RDF_FORMATS = {".ttl": "turtle", ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".nt": "nt",
               ".jsonld": "json-ld", ".n3": "n3"}


def oxigraph_format(path: Path) -> ox.RdfFormat | None:
    """Oxigraph's syntax for a file, from its suffix (``.owl`` is RDF/XML), or None.

    >>> oxigraph_format(Path("kg.ttl")), oxigraph_format(Path("orthokg.owl"))
    (<RdfFormat Turtle>, <RdfFormat RDF/XML>)
    """
    import pyoxigraph as ox

    suffix = path.suffix.lower()
    return ox.RdfFormat.RDF_XML if suffix == ".owl" else \
        ox.RdfFormat.from_extension(suffix.lstrip("."))


def rdf_format_for(path: Path) -> str:
    """rdflib format name for an output file, from its suffix (Turtle by default).

    >>> rdf_format_for(Path("kg.owl"))
    'xml'
    """
    return RDF_FORMATS.get(path.suffix.lower(), "turtle")


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then rename ``tmp`` to ``path``; on any error remove ``tmp``.

    Whatever ``write`` returns is ignored.

    An ``OSError`` (a directory at ``path``, no permission, disk full) becomes a
    :class:`~orthokg.errors.StoreError` naming ``path``, so every command that writes
    reports one line instead of a traceback.
    """
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def save_graph(graph: Graph, path: Path, rdf_format: str | None = None) -> None:
    """Serialise ``graph`` to ``path`` atomically, in the format its suffix names."""
    fmt = rdf_format or rdf_format_for(path)
    write_atomically(path, lambda tmp: graph.serialize(destination=tmp, format=fmt,
                                                       encoding="utf-8"))


#: Formats Oxigraph writes as it reads the store (any size, little memory); the
#: others (JSON-LD, N3) are written by rdflib from the whole graph in memory.
STREAMED_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML"}

#: The prefixes Turtle output is written with. Spelled out, not taken from
#: :mod:`orthokg.ontology.vocab`, because writing a file must not import rdflib;
#: ``tests/ontology/test_output_prefixes.py`` holds them to the vocabulary's namespaces.
PREFIXES = {"dcterms": "http://purl.org/dc/terms/",
            "okg": "https://w3id.org/orthokg/ontology#",
            "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
            "owl": "http://www.w3.org/2002/07/owl#", "prov": "http://www.w3.org/ns/prov#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "unit": "http://qudt.org/vocab/unit/",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}


def save_store_graph(store: ox.Store, path: Path, rdf_format: str | None = None) -> None:
    """Write the union of ``store``'s graphs (a build's store: every triple is in exactly
    one graph, so the union is the graph) to ``path`` atomically, in ``rdf_format`` or
    the one its suffix names: streamed from the store for Turtle, N-Triples and
    RDF/XML."""
    import pyoxigraph as ox

    fmt = rdf_format or rdf_format_for(path)
    streamed = STREAMED_FORMATS.get(fmt)

    def triples() -> Iterator[ox.Triple]:
        for quad in store.quads_for_pattern(None, None, None, None):
            yield quad.triple

    if streamed is not None:
        write_atomically(path, lambda tmp: ox.serialize(
            triples(), str(tmp), getattr(ox.RdfFormat, streamed),
            prefixes=PREFIXES if streamed != "N_TRIPLES" else None))
        return
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=ox.serialize(triples(), format=ox.RdfFormat.N_TRIPLES), format="nt")
    save_graph(graph, path, fmt)

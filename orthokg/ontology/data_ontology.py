"""The data graph's own ontology header: IRI, version IRI and the import of the TBox.

A built graph used to carry the TBox's header, so the OWL API refused to open the TBox
and the data together (``OWLOntologyAlreadyExistsException``) and nothing named a data
release. The data is now the ontology ``https://w3id.org/orthokg/kg`` with a version
IRI per build: ``.../kg/<version>``, where the version is the one a release is given
or, by default, a digest of the graph's content (never the clock), so an unchanged
corpus keeps its version IRI. A modular release file imports the TBox by its version
IRI (``catalog-v001.xml`` maps that to the file beside it); the merged file of
``orthokg build``, which holds the TBox's axioms itself, imports nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from orthokg.ontology.tbox import tbox_graph, tbox_statements
from orthokg.ontology.vocab import DCTERMS, ONTOLOGY_IRI, OWL, RDF, RDFS

__all__ = ["DATA_ONTOLOGY_IRI", "content_version", "data_version_iri", "set_data_header",
           "statement_lines", "tbox_version_iri", "valid_version"]

DATA_ONTOLOGY_IRI = URIRef("https://w3id.org/orthokg/kg")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@cache
def tbox_version_iri() -> URIRef:
    """The TBox's ``owl:versionIRI`` (what a data release imports)."""
    version = tbox_graph().value(ONTOLOGY_IRI, OWL.versionIRI)
    if not isinstance(version, URIRef):
        raise ValueError(f"the TBox {ONTOLOGY_IRI} has no owl:versionIRI")
    return version


def valid_version(version: str) -> str:
    """``version`` when it can be the last segment of an IRI, else ``ValueError``.

    >>> valid_version("2026.12.0")
    '2026.12.0'
    """
    if not _VERSION.fullmatch(version):
        raise ValueError(f"release version {version!r}: use 1-64 letters, digits, '.', '_' "
                         "or '-', starting with a letter or digit")
    return version


def data_version_iri(version: str) -> URIRef:
    """
    >>> data_version_iri("2026.12.0")
    rdflib.term.URIRef('https://w3id.org/orthokg/kg/2026.12.0')
    """
    return URIRef(f"{DATA_ONTOLOGY_IRI}/{valid_version(version)}")


def content_version(graph: Graph) -> str:
    """A version named after the content: ``c`` + 12 hex digits of the SHA-256 of the
    sorted statements, each written as its N-Triples terms (ontology headers left out, so
    the version does not depend on itself; blank nodes, only the TBox's, canonically
    labelled). Computed from the terms directly: copying and re-serialising the graph to
    hash it cost a third of a build. A built graph holds the whole TBox, whose lines
    (its blank nodes canonically labelled, the dearest part) are the same in every build,
    so they are computed once per process and only the data's own statements are
    written out each time; any other graph takes the general path, with the same result."""
    tbox_triples, tbox_lines = _tbox_lines()
    data_lines: list[str] = []
    held = 0
    # Each term's N-Triples form once: a concept's IRI and the properties recur in
    # hundreds of statements, and rdflib checks an IRI's characters on every n3().
    written: dict[Node, str] = {}
    for triple in graph:
        if triple[0] in (ONTOLOGY_IRI, DATA_ONTOLOGY_IRI):
            continue
        if triple in tbox_triples:
            held += 1
            continue
        parts = []
        for term in triple:
            text = written.get(term)
            if text is None:
                if isinstance(term, BNode):
                    return _digest(statement_lines(graph))
                text = written[term] = term.n3()
            parts.append(text)
        data_lines.append(" ".join(parts))
    if held != len(tbox_triples):
        return _digest(statement_lines(graph))
    return _digest([*data_lines, *tbox_lines])


@cache
def _tbox_lines() -> tuple[frozenset[tuple[object, object, object]], tuple[str, ...]]:
    """The TBox's statements (header left out) and their lines, as :func:`content_version`
    writes them."""
    tbox = tbox_statements()
    triples = frozenset(t for t in tbox if t[0] not in (ONTOLOGY_IRI, DATA_ONTOLOGY_IRI))
    return triples, tuple(statement_lines(tbox))


def statement_lines(graph: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Every statement but the ontology headers as N-Triples terms, blank nodes labelled
    canonically (all of them together, as the hash of one graph requires)."""
    ground: list[str] = []
    blank = Graph()
    for triple in graph:
        if triple[0] in (ONTOLOGY_IRI, DATA_ONTOLOGY_IRI):
            continue
        if any(isinstance(term, BNode) for term in triple):
            blank.add(triple)
        else:
            ground.append(" ".join(term.n3() for term in triple))
    if len(blank):
        ground += (" ".join(term.n3() for term in triple)
                   for triple in to_canonical_graph(blank))
    return ground


def _digest(lines: list[str]) -> str:
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return f"c{digest.hexdigest()[:12]}"


def set_data_header(graph: Graph, version: str | None = None, *, imports: bool) -> URIRef:
    """Replace any ontology header of ``graph`` by the data ontology's; returns its
    version IRI. ``imports`` adds ``owl:imports`` of the TBox's version IRI."""
    chosen = valid_version(version) if version is not None else content_version(graph)
    for iri in (ONTOLOGY_IRI, DATA_ONTOLOGY_IRI):
        graph.remove((iri, None, None))
    version_iri = data_version_iri(chosen)
    header = DATA_ONTOLOGY_IRI
    graph.add((header, RDF.type, OWL.Ontology))
    graph.add((header, OWL.versionIRI, version_iri))
    graph.add((header, OWL.versionInfo, Literal(chosen)))
    if imports:
        graph.add((header, OWL.imports, tbox_version_iri()))
    graph.add((header, RDFS.label, Literal("OrthoKG knowledge graph", lang="en")))
    graph.add((header, DCTERMS.title, Literal("OrthoKG knowledge graph", lang="en")))
    graph.add((header, DCTERMS.description, Literal(
        "Facts about orthopaedic procedures read from patient-information documents, each "
        "with the document and sentence it came from, typed by the OrthoKG ontology.",
        lang="en")))
    graph.add((header, DCTERMS.license, LICENSE))
    return version_iri

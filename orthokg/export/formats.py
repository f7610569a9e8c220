"""The export formats, one table that the CLI choices, help and serializers all read.

Keeping format name, rdflib serializer, file suffix and media type in one row means a new
format is one line here, and ``--format`` help can never disagree with what is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["FORMATS", "ExportFormat", "Shape", "get_format"]


class Shape(Enum):
    """How a format carries the graph."""

    TRIPLES = "triples"  # one merged graph
    QUADS = "quads"  # one named graph per source document (docs/ARCHITECTURE.md)
    JSONLD = "jsonld"  # one merged graph, compacted with the published @context


@dataclass(frozen=True)
class ExportFormat:
    """One row of the format table."""

    name: str
    rdflib_format: str
    suffix: str
    media_type: str
    shape: Shape
    help: str


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("ttl", "turtle", ".ttl", "text/turtle", Shape.TRIPLES,
                 "Turtle, the merged graph"),
    ExportFormat("owl", "xml", ".owl", "application/rdf+xml", Shape.TRIPLES,
                 "RDF/XML for Protégé and the OWL API"),
    ExportFormat("nt", "nt", ".nt", "application/n-triples", Shape.TRIPLES,
                 "N-Triples, one triple a line"),
    ExportFormat("nq", "nquads", ".nq", "application/n-quads", Shape.QUADS,
                 "N-Quads, a named graph per source document"),
    ExportFormat("trig", "trig", ".trig", "application/trig", Shape.QUADS,
                 "TriG, a named graph per source document"),
    ExportFormat("jsonld", "json-ld", ".jsonld", "application/ld+json", Shape.JSONLD,
                 "JSON-LD with the published OrthoKG @context"),
)}


def get_format(name: str) -> ExportFormat:
    """The format called ``name``; ``ValueError`` lists the known names.

    >>> get_format("owl").rdflib_format
    'xml'
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name!r}; known: {', '.join(FORMATS)}") from None

"""Serialising the rows and triples a worker collected, in the negotiated format.

The row limit means a worker stops reading a result after N+1 solutions, so it no
longer holds a pyoxigraph result object it could serialise. Solutions are written
once as SPARQL JSON here (a dozen lines, exact) and pyoxigraph's own serialisers turn
that into XML, CSV or TSV; triples go straight to :func:`pyoxigraph.serialize`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from orthokg.server.negotiation import Format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def _written(serialized: bytes | None) -> bytes:
    """pyoxigraph returns the bytes when no output file is given (never ``None`` here)."""
    if serialized is None:
        raise ValueError("pyoxigraph wrote nothing")
    return serialized


def term_json(term: Term) -> dict[str, object]:
    """One RDF term in the SPARQL 1.1 JSON results shape.

    >>> term_json(ox.Literal("hip", language="en"))
    {'type': 'literal', 'value': 'hip', 'xml:lang': 'en'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": term_json(term.subject), "predicate": term_json(term.predicate),
            "object": term_json(term.object)}}
    found: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        found["datatype"] = term.datatype.value
    return found


def solutions_json(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> bytes:
    """SELECT results as SPARQL 1.1 Query Results JSON.

    >>> solutions_json(["s"], [[ox.NamedNode("http://x")], [None]])
    b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://x"}},{}]}}'
    """
    bindings = [{name: term_json(term) for name, term in zip(variables, row, strict=True)
                 if term is not None} for row in rows]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def serialize_solutions(variables: Sequence[str], rows: Sequence[Sequence[Term | None]],
                        fmt: Format) -> bytes:
    """SELECT results in ``fmt`` (one of ``RESULTS_FORMATS``)."""
    as_json = solutions_json(variables, rows)
    if fmt.name == "json":
        return as_json
    parsed = ox.parse_query_results(as_json, format=ox.QueryResultsFormat.JSON)
    return _written(parsed.serialize(format=RESULTS_FORMATS[fmt.name]))


def serialize_boolean(answer: ox.QueryBoolean, fmt: Format) -> bytes:
    """An ASK answer in ``fmt``."""
    return _written(answer.serialize(format=RESULTS_FORMATS[fmt.name]))


def serialize_triples(triples: Sequence[ox.Triple], fmt: Format,
                      prefixes: Mapping[str, str]) -> bytes:
    """CONSTRUCT/DESCRIBE triples in ``fmt`` (one of ``RDF_FORMATS``), with prefixes
    where the format has them.

    >>> t = ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("1"))
    >>> from orthokg.server.negotiation import GRAPH_FORMATS
    >>> serialize_triples([t], GRAPH_FORMATS[1], {})
    b'<http://x/a> <http://x/p> "1" .\\n'
    """
    rdf_format = RDF_FORMATS[fmt.name]
    if rdf_format == ox.RdfFormat.N_TRIPLES:
        return _written(ox.serialize(triples, format=rdf_format))
    return _written(ox.serialize(triples, format=rdf_format, prefixes=dict(prefixes)))

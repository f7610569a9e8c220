"""Render a :class:`QueryResult` for people (a table) or programs (CSV, TSV, JSON, RDF).

One registry keyed by format name (as KGX does) drives both rendering and the CLI's
``--format`` choices and help. CSV, TSV and JSON follow the SPARQL 1.1 result formats
(W3C), so any SPARQL tool reads them; CONSTRUCT/DESCRIBE results are RDF.

>>> from rdflib import Literal, URIRef
>>> r = QueryResult("select", ["c", "n"], [(URIRef("https://w3id.org/orthokg/id/infection"),
...                                        Literal("rare", lang="en"))])
>>> render(r, "tsv").splitlines()
['?c\\t?n', '<https://w3id.org/orthokg/id/infection>\\t"rare"@en']
>>> print(render(r, "csv"), end="")
c,n
https://w3id.org/orthokg/id/infection,rare
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from rich.console import Console
from rich.table import Table

from orthokg.errors import QueryError
from orthokg.queries.engines.base import DEFAULT_PREFIXES, QueryResult

__all__ = ["FORMATS", "Format", "render", "table"]


@dataclass(frozen=True, slots=True)
class Format:
    """A way to write results: its name, what it is for, which result kinds it takes."""

    name: str
    help: str
    kinds: frozenset[str]
    write: Callable[[QueryResult], str]
    media_type: str


def _compact(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in DEFAULT_PREFIXES.items():
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace):]}"
        return str(term)
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def table(result: QueryResult) -> Table:
    """A rich table of a SELECT result, IRIs shortened with the usual prefixes."""
    grid = Table(show_lines=False, header_style="bold", caption=f"{len(result.rows)} rows")
    for variable in result.variables:
        grid.add_column(variable, overflow="fold")
    for row in result.rows:
        grid.add_row(*(_compact(term) for term in row))
    return grid


def _table_text(result: QueryResult) -> str:
    if result.kind == "ask":
        return "yes\n" if result.boolean else "no\n"
    if result.kind == "graph":
        return _rdf("turtle")(result)
    buffer = io.StringIO()
    Console(file=buffer, width=200, no_color=True, highlight=False).print(table(result))
    return buffer.getvalue()


def _csv_cell(term: Identifier | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                         "\t": "\\t"})


def _tsv_cell(term: Identifier | None) -> str:
    """A term in N-Triples syntax; tabs and newlines escaped so cells stay cells."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = f'"{str(term).translate(_ESCAPES)}"'
    if isinstance(term, Literal) and term.language:
        return f"{text}@{term.language}"
    if isinstance(term, Literal) and term.datatype is not None:
        return f"{text}^^<{term.datatype}>"
    return text


def _delimited(result: QueryResult, tsv: bool) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    buffer = io.StringIO()
    if tsv:
        buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
        for row in result.rows:
            buffer.write("\t".join(_tsv_cell(t) for t in row) + "\n")
    else:
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([_csv_cell(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    cell = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        cell["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype is not None:
        cell["datatype"] = str(term.datatype)
    return cell


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=1) + "\n"
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True)
                 if t is not None} for row in result.rows]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _rdf(rdflib_format: str) -> Callable[[QueryResult], str]:
    def write(result: QueryResult) -> str:
        graph = result.graph if result.graph is not None else Graph()
        for prefix, namespace in DEFAULT_PREFIXES.items():
            graph.bind(prefix, namespace)
        return graph.serialize(format=rdflib_format)
    return write


_ROWS = frozenset({"select", "ask"})
_GRAPH = frozenset({"graph"})
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", "aligned columns for reading (RDF results print as Turtle)",
           frozenset({"select", "ask", "graph"}), _table_text, "text/plain"),
    Format("csv", "SPARQL 1.1 CSV results (plain values, LF line ends)", _ROWS,
           lambda r: _delimited(r, tsv=False), "text/csv"),
    Format("tsv", "SPARQL 1.1 TSV results (terms in N-Triples syntax)", _ROWS,
           lambda r: _delimited(r, tsv=True), "text/tab-separated-values"),
    Format("json", "SPARQL 1.1 JSON results", _ROWS, _json, "application/sparql-results+json"),
    Format("turtle", "Turtle, for CONSTRUCT/DESCRIBE", _GRAPH, _rdf("turtle"), "text/turtle"),
    Format("nt", "N-Triples, for CONSTRUCT/DESCRIBE", _GRAPH, _rdf("nt"),
           "application/n-triples"),
    Format("jsonld", "JSON-LD, for CONSTRUCT/DESCRIBE", _GRAPH, _rdf("json-ld"),
           "application/ld+json"),
)}


def render(result: QueryResult, name: str) -> str:
    """``result`` written in format ``name`` (a key of :data:`FORMATS`)."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise QueryError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    if result.kind not in fmt.kinds:
        usable = [f.name for f in FORMATS.values() if result.kind in f.kinds]
        raise QueryError(f"format {name} cannot write a {result.kind.upper()} result; "
                         f"use {', '.join(usable)}")
    return fmt.write(result)

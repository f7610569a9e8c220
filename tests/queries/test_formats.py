"""Result formats: the SPARQL 1.1 result layouts and RDF for graph results."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from orthokg.errors import QueryError
from orthokg.queries.api import query
from orthokg.queries.engines.base import QueryResult
from orthokg.queries.formats import FORMATS, render

DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
ROWS = QueryResult("select", ["iri", "lang", "typed", "plain", "blank", "none"], [
    (URIRef("https://w3id.org/orthokg/id/tibia"), Literal('say "hi", ok', lang="en"),
     Literal("6", datatype=DECIMAL), Literal("a\tb"), BNode("b0"), None),
])


def test_json_is_sparql_results_json() -> None:
    document = json.loads(render(ROWS, "json"))
    assert document["head"]["vars"] == ROWS.variables
    cell = document["results"]["bindings"][0]
    assert cell["iri"] == {"type": "uri", "value": "https://w3id.org/orthokg/id/tibia"}
    assert cell["lang"] == {"type": "literal", "value": 'say "hi", ok', "xml:lang": "en"}
    assert cell["typed"] == {"type": "literal", "value": "6", "datatype": str(DECIMAL)}
    assert cell["plain"] == {"type": "literal", "value": "a\tb"}
    assert cell["blank"] == {"type": "bnode", "value": "b0"}
    assert "none" not in cell


def test_csv_quotes_and_tsv_escapes() -> None:
    rows = list(csv.reader(io.StringIO(render(ROWS, "csv"))))
    assert rows == [ROWS.variables,
                    ["https://w3id.org/orthokg/id/tibia", 'say "hi", ok', "6", "a\tb", "_:b0", ""]]
    lines = render(ROWS, "tsv").splitlines()
    assert lines[0].split("\t") == [f"?{v}" for v in ROWS.variables]
    assert lines[1].split("\t") == ["<https://w3id.org/orthokg/id/tibia>", '"say \\"hi\\", ok"@en',
                                    f'"6"^^<{DECIMAL}>', '"a\\tb"', "_:b0", ""]


def test_table_shortens_iris() -> None:
    text = render(ROWS, "table")
    assert "okgr:tibia" in text and "1 rows" in text


def test_ask_in_every_row_format() -> None:
    yes = QueryResult("ask", boolean=True)
    assert json.loads(render(yes, "json")) == {"head": {}, "boolean": True}
    assert render(yes, "csv") == "true\n" and render(yes, "table") == "yes\n"


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "table"])
def test_graph_results_as_rdf(fmt: str, fixture_graph: Graph) -> None:
    result = query(fixture_graph, "CONSTRUCT { ?p okg:treats ?c } WHERE { ?p okg:treats ?c }")
    parsed = Graph().parse(data=render(result, fmt),
                           format={"table": "turtle", "jsonld": "json-ld"}.get(fmt, fmt))
    assert set(parsed) == set(result.graph)


def test_wrong_format_for_the_result_kind() -> None:
    with pytest.raises(QueryError, match="cannot write a SELECT result; use table, csv"):
        render(ROWS, "turtle")
    with pytest.raises(QueryError, match="cannot write a GRAPH"):
        render(QueryResult("graph", graph=Graph()), "csv")
    with pytest.raises(QueryError, match="unknown format"):
        render(ROWS, "xlsx")
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "turtle", "nt", "jsonld"}

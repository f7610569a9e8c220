"""The SPARQL 1.1 Service Description sent for a GET on /sparql without a query.

It tells a client what it may send and what it gets back (the formats of the
negotiation tables, so the description cannot drift from what the endpoint does),
whether updates and federated queries are on, and what the default dataset holds
(https://www.w3.org/TR/sparql11-service-description/).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID

from orthokg.server.negotiation import GRAPH_FORMATS, RESULT_FORMATS
from orthokg.server.stats import DatasetStats

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT_SIMPLE = URIRef("http://www.w3.org/ns/entailment/Simple")

W3C_FORMAT = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle", "ntriples": "N-Triples", "rdfxml": "RDF_XML", "jsonld": "JSON-LD",
}


def _dataset(graph: Graph, stats: DatasetStats | None) -> BNode:
    dataset, default = BNode(), BNode()
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, RDFS.comment, Literal(
        "The union of every named graph and the store's own default graph.", lang="en")))
    if stats is None:
        return dataset
    graph.add((default, VOID.triples, Literal(stats.triples)))
    for name, triples in stats.graphs:
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(triples)))
    return dataset


def service_description(endpoint: str, void_url: str, stats: DatasetStats | None, *,
                        allow_update: bool, allow_service: bool) -> Graph:
    """The description of the endpoint at ``endpoint``; ``stats`` may be missing when
    counting timed out (the rest is still true).

    >>> g = service_description("http://127.0.0.1:7878/sparql", "http://127.0.0.1:7878/void",
    ...                         None, allow_update=False, allow_service=False)
    >>> (URIRef("http://127.0.0.1:7878/sparql"), SD.supportedLanguage, SD.SPARQL11Query) in g
    True
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, DCTERMS.title, Literal("OrthoKG SPARQL endpoint", lang="en")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if allow_update:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if allow_service:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for fmt in (*RESULT_FORMATS, *GRAPH_FORMATS):
        graph.add((service, SD.resultFormat, FORMATS[W3C_FORMAT[fmt.name]]))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT_SIMPLE))
    graph.add((service, SD.defaultDataset, _dataset(graph, stats)))
    graph.add((service, RDFS.seeAlso, URIRef(void_url)))
    return graph

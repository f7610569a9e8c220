"""The VoID description of the dataset (/.well-known/void, /void).

What a crawler or a catalogue needs to decide whether the data is useful before
querying it: size, the classes and properties used and how often, where the concept
IRIs live, which vocabulary they use and where to send SPARQL
(https://www.w3.org/TR/void/).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID

from orthokg.ontology.vocab import CONCEPT_BASE, OKG, ONTOLOGY_IRI
from orthokg.server.stats import DatasetStats

FORMATS = Namespace("http://www.w3.org/ns/formats/")


def _partitions(graph: Graph, dataset: URIRef, stats: DatasetStats) -> None:
    for cls, entities in stats.classes:
        part = BNode()
        graph.add((dataset, VOID.classPartition, part))
        graph.add((part, VOID["class"], URIRef(cls)))
        graph.add((part, VOID.entities, Literal(entities)))
    for prop, triples in stats.properties:
        part = BNode()
        graph.add((dataset, VOID.propertyPartition, part))
        graph.add((part, VOID.property, URIRef(prop)))
        graph.add((part, VOID.triples, Literal(triples)))


def void_description(base: str, stats: DatasetStats) -> Graph:
    """VoID for the dataset served at ``base`` (the server's root URL, ending in /).

    >>> s = DatasetStats(10, 4, 6, (("https://w3id.org/orthokg/ontology#Bone", 2),),
    ...                  (("http://www.w3.org/2000/01/rdf-schema#label", 4),), ())
    >>> g = void_description("http://127.0.0.1:7878/", s)
    >>> g.value(URIRef("http://127.0.0.1:7878/void#dataset"), VOID.triples).toPython()
    10
    """
    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("okg", OKG)
    document, dataset = URIRef(f"{base}void"), URIRef(f"{base}void#dataset")
    graph.add((document, RDF.type, VOID.DatasetDescription))
    graph.add((document, FOAF.primaryTopic, dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("OrthoKG", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(
        "Orthopaedic procedures, conditions, anatomy and devices extracted from patient "
        "information documents, each fact with the sentence and document it came from.",
        lang="en")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(CONCEPT_BASE)))
    graph.add((dataset, VOID.vocabulary, URIRef(str(OKG))))
    graph.add((dataset, DCTERMS.conformsTo, ONTOLOGY_IRI))
    graph.add((dataset, VOID.feature, FORMATS.Turtle))
    graph.add((dataset, VOID.triples, Literal(stats.triples)))
    graph.add((dataset, VOID.distinctSubjects, Literal(stats.subjects)))
    graph.add((dataset, VOID.distinctObjects, Literal(stats.objects)))
    graph.add((dataset, VOID.classes, Literal(len(stats.classes))))
    graph.add((dataset, VOID.properties, Literal(len(stats.properties))))
    _partitions(graph, dataset, stats)
    return graph

"""The SHACL shapes: the hand-written ``shapes.ttl`` plus the shapes the TBox implies.

``shapes.ttl`` holds what only a person can state (concept nodes, provenance axioms,
quantities, documents). The domain and range of each core property, and which
properties need provenance, are already in ``orthokg.ttl``; writing them again by hand
was a second copy that could drift, so they are made here from
:func:`~orthokg.ontology.signature.core_signatures`. ``orthokg docs`` writes the
complete set for consumers that validate with their own SHACL engine.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from orthokg.ontology.signature import Signature, core_signatures
from orthokg.ontology.vocab import OKG, RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
OKGSH = Namespace("https://w3id.org/orthokg/shapes#")
# Every core fact needs an owl:Axiom naming its document and evidence. The property list
# is filled in from the TBox (twice: targets and the constraint's filter); pyshacl runs
# the query on the data graph alone, so it cannot look the list up in the TBox itself.
PROVENANCE_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix okg: <https://w3id.org/orthokg/ontology#> .
@prefix okgsh: <https://w3id.org/orthokg/shapes#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

okgsh:CoreFactProvenanceShape a sh:NodeShape ;
    rdfs:label "provenance of core facts"@en ;
    sh:targetSubjectsOf @TARGETS@ ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "core fact {$this} {?path} {?value} has no owl:Axiom giving its source"@en ;
        sh:prefixes okgsh: ;
        sh:select \"\"\"
            SELECT $this ?path ?value WHERE {
                $this ?path ?value .
                FILTER (?path IN (@PATHS@))
                FILTER NOT EXISTS {
                    ?axiom owl:annotatedSource $this ;
                           owl:annotatedProperty ?path ;
                           owl:annotatedTarget ?value ;
                           prov:wasDerivedFrom ?doc ;
                           okg:evidenceText ?evidence .
                    ?doc a okg:SourceDocument .
                }
            }
            \"\"\" ;
    ] .
"""


def shapes_path() -> Path:
    """Path of the hand-written ``shapes.ttl`` inside the package."""
    return Path(str(resources.files("orthokg.ontology") / "shapes.ttl"))


def _article(name: str) -> str:
    return "an" if name[:1] in "AEIOU" else "a"


def _class_constraint(graph: Graph, node: URIRef | BNode, classes: tuple[str, ...]) -> str:
    """``sh:class`` for one class, ``sh:or`` of ``sh:class`` for a union; returns its words."""
    if len(classes) == 1:
        graph.add((node, SH["class"], OKG[classes[0]]))
        return f"{_article(classes[0])} {classes[0]}"
    options: list[Node] = []
    for cls in classes:
        option = BNode()
        graph.add((option, SH["class"], OKG[cls]))
        options.append(option)
    head = BNode()
    Collection(graph, head, options)
    graph.add((node, SH["or"], head))
    return "neither " + " nor ".join(f"{_article(c)} {c}" for c in classes)


def _message(end: str, prop: str, classes: tuple[str, ...], words: str) -> str:
    """"subject of okg:treats is not a Procedure", "... is neither a Procedure nor ..."."""
    verb = "is not" if len(classes) == 1 else "is"
    return f"{end} of okg:{prop} {verb} {words}"


def _signature_shape(graph: Graph, sig: Signature) -> None:
    shape = OKGSH[sig.prop[:1].upper() + sig.prop[1:] + "Shape"]
    graph.add((shape, RDF.type, SH.NodeShape))
    graph.add((shape, SH.targetSubjectsOf, OKG[sig.prop]))
    domain = _class_constraint(graph, shape, sig.domain)
    graph.add((shape, SH.message, Literal(_message("subject", sig.prop, sig.domain, domain),
                                          lang="en")))
    prop = BNode()
    graph.add((shape, SH.property, prop))
    graph.add((prop, SH.path, OKG[sig.prop]))
    rng = _class_constraint(graph, prop, sig.range)
    graph.add((prop, SH.message, Literal(_message("object", sig.prop, sig.range, rng),
                                         lang="en")))


def signature_shapes(signatures: dict[str, Signature] | None = None) -> Graph:
    """Domain/range node shapes and the provenance targets, one per core property.

    >>> graph = signature_shapes()
    >>> (OKGSH.TreatsShape, SH.targetSubjectsOf, OKG.treats) in graph
    True
    """
    sigs = signatures or core_signatures()
    curies = [f"okg:{name}" for name in sorted(sigs)]
    text = PROVENANCE_SHAPE.replace("@TARGETS@", " , ".join(curies))
    graph = Graph().parse(data=text.replace("@PATHS@", ", ".join(curies)), format="turtle")
    for sig in sigs.values():
        _signature_shape(graph, sig)
    return graph


@cache
def _shapes() -> Graph:
    graph = Graph().parse(shapes_path(), format="turtle")
    graph += signature_shapes()
    return graph


def shapes_graph() -> Graph:
    """The complete shapes (hand-written and TBox-made), as a fresh graph to keep."""
    graph = Graph()
    for prefix, namespace in _shapes().namespaces():
        graph.bind(prefix, namespace)
    graph += _shapes()
    return graph

"""The shapes compiled to SPARQL find what pyshacl finds: same check, node, value,
severity and message, on a graph with many planted faults and on a clean one."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, PROV, RDFS, XSD

from orthokg.errors import ValidationError
from orthokg.ontology.shapes import OKGSH
from orthokg.ontology.vocab import DOC, OKG, OKGR, QUANTITY, QUDT_UNIT, RDF
from orthokg.queries.engines.base import canonical
from orthokg.reasoning.findings import Finding
from orthokg.reasoning.rules import validation_store
from orthokg.reasoning.shacl import SH, fast_shapes, shacl_findings
from orthokg.reasoning.shacl_sparql import compile_shapes, sparql_shacl_findings
from tests.reasoning.conftest import add_fact

TKR = OKGR["total-knee-replacement"]


def _key(f: Finding) -> tuple[str, str, str, str, str]:
    """Values compared as values: Oxigraph stores 9.0 as 9 (``canonical``)."""
    return f.check, str(f.node), str(canonical(f.value)), f.severity, f.message


def _both(graph: Graph) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    reference = sorted(map(_key, shacl_findings(graph)))
    compiled = sorted(map(_key, sparql_shacl_findings(validation_store(graph))))
    return reference, compiled


def _plant_faults(mini: Graph) -> None:
    """One fault for nearly every constraint component the shapes use."""
    mini.remove((OKGR.tibia, RDFS.label, None))                         # minCount
    mini.add((OKGR["knee-pain"], RDFS.label, Literal("sore knee", lang="en")))  # maxCount
    mini.set((OKGR.crutches, RDFS.label, Literal("crutches")))          # datatype
    mini.add((OKGR["Bad_Iri"], OKG.normalizedLabel, Literal("bad")))    # pattern, or, minCount
    add_fact(mini, TKR, OKG.treats, OKGR["knee-joint"])                 # class (range)
    add_fact(mini, OKGR.aspirin, OKG.hasSymptom, OKGR["knee-pain"])     # class (domain)
    add_fact(mini, TKR, OKG.hasAftercare, OKGR.osteoarthritis)          # or of classes
    add_fact(mini, TKR, OKG.treats, Literal("arthritis"))               # class on a literal
    quantity = QUANTITY["fixture-crutches"]
    mini.set((quantity, OKG.minValue, Literal("9.0", datatype=XSD.decimal)))  # lessThanOrEquals
    mini.set((quantity, OKG.unit, QUDT_UNIT.SEC))                       # in
    mini.add((quantity, OKG.maxValue, Literal("twelve")))               # datatype + maxCount
    bare = QUANTITY["no-bounds"]
    mini.add((TKR, OKG.hasQuantity, bare))                              # targetObjectsOf, class
    mini.add((bare, OKG.evidenceText, Literal("Some time.", lang="en")))
    axiom = next(mini.subjects(OKG.frequency, None))
    mini.set((axiom, OKG.frequency, Literal("sometimes")))              # in, as a Warning
    mini.add((axiom, OWL.annotatedSource, OKGR.tibia))                  # maxCount on a bnode
    mini.remove((axiom, OKG.evidenceText, None))                        # minCount
    stray = BNode()
    mini.add((stray, RDF.type, OWL.Axiom))                              # targetClass, many
    mini.add((stray, PROV.wasDerivedFrom, OKGR.tibia))                  # class on an IRI
    mini.add((stray, OKG.evidenceText, BNode()))                        # nodeKind
    document = DOC["knee-leaflet"]
    mini.set((document, OKG.sha256, Literal("ABC")))                    # pattern
    mini.set((document, OKG.ingestedAt, Literal("2026-01-01 00:00")))   # datatype, pattern
    mini.set((document, OKG.mainProcedure, OKGR.tibia))                 # class


def test_planted_faults_match_pyshacl(mini: Graph) -> None:
    _plant_faults(mini)
    reference, compiled = _both(mini)
    assert len(reference) > 25  # the faults were seen at all
    assert compiled == reference


def test_clean_graph_has_no_findings(mini: Graph) -> None:
    assert _both(mini) == ([], [])


def test_every_shipped_constraint_compiles() -> None:
    shapes = fast_shapes()
    checks = {c.check for c in compile_shapes(shapes)}
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if shape == OKGSH.CoreFactProvenanceShape:  # SPARQL-based: run as a .rq rule
            continue
        names = {str(s).rsplit("#", 1)[-1] for s in (shape, *shapes.objects(shape, SH.property))}
        assert names & checks, shape


def test_an_unsupported_component_is_refused() -> None:
    shapes = Graph()
    shape = OKG["ExampleShape"]
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, OKG.Procedure))
    shapes.add((shape, SH.hasValue, OKGR.tibia))
    with pytest.raises(ValidationError, match="hasValue"):
        compile_shapes(shapes)

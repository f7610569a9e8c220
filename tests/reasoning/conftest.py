"""Fresh copies of the fixture ABox (no TBox: the reasoning code must add it itself),
and small helpers to plant faults in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF

from orthokg.ontology.vocab import DOC, OKG, OKGR

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.ttl"


@pytest.fixture
def mini() -> Graph:
    """tests/fixtures/mini.ttl, parsed anew for each test so tests may change it."""
    return Graph().parse(MINI, format="turtle")


def add_fact(graph: Graph, s: URIRef, p: URIRef, o: URIRef, *, provenance: bool = True) -> None:
    """Assert ``s p o`` and, unless told not to, its provenance axiom."""
    graph.add((s, p, o))
    if provenance:
        axiom = BNode()
        for triple in ((RDF.type, OWL.Axiom), (OWL.annotatedSource, s),
                       (OWL.annotatedProperty, p), (OWL.annotatedTarget, o),
                       (PROV.wasDerivedFrom, DOC["knee-leaflet"]),
                       (OKG.evidenceText, Literal("A planted sentence.", lang="en"))):
            graph.add((axiom, *triple))


def mini_file(folder: Path) -> Path:
    """A copy of tests/fixtures/mini.ttl in ``folder``, for commands that read a file."""
    path = folder / "kg.ttl"
    shutil.copy(MINI, path)
    return path


def planted_clash(kg: Path) -> Path:
    """``kg`` with an anatomical structure as the thing a procedure treats, written beside
    it as bad.ttl: the knee replacement becomes both a Procedure and a Condition."""
    graph = Graph().parse(kg)
    add_fact(graph, OKGR["total-knee-replacement"], OKG.treats, OKGR["knee-joint"])
    bad = kg.with_name("bad.ttl")
    graph.serialize(destination=str(bad), format="turtle")
    return bad

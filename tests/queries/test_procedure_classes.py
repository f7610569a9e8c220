"""`procedures` gives each procedure its most specific asserted classes, on every engine.

The query finds them with GROUP BY/HAVING rather than MINUS (a Virtuoso 7.2 bug, see
its header), so the cases a difference has to get right are planted here: two classes
in separate branches (both kept), an asserted class with its asserted superclasses,
direct and indirect (only the lowest kept), okg:Procedure alone, a class whose
superclass is asserted too, a class asserted to be its own subclass, and something that
is no procedure at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OKG, OKGR
from orthokg.queries.api import query
from orthokg.queries.engines.base import QueryEngine
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine
from orthokg.queries.store import write_store

TYPES: dict[str, tuple[URIRef, ...]] = {
    "two-branches": (OKG.PreparationStep, OKG.LifestyleIntervention),
    "with-its-superclasses": (OKG.ArthroplastyProcedure, OKG.SurgicalProcedure, OKG.Procedure),
    "with-indirect-superclass": (OKG.ArthroplastyProcedure, OKG.Procedure),
    "procedure-only": (OKG.Procedure,),
    "therapy-and-below": (OKG.Therapy, OKG.LifestyleIntervention),
    "reflexive-class": (OKG.ExerciseTherapy,),
    "not-a-procedure": (OKG.Drug,),
}
EXPECTED = {
    ("two-branches", OKG.PreparationStep), ("two-branches", OKG.LifestyleIntervention),
    ("with-its-superclasses", OKG.ArthroplastyProcedure),
    ("with-indirect-superclass", OKG.ArthroplastyProcedure),
    ("procedure-only", OKG.Procedure),
    ("therapy-and-below", OKG.LifestyleIntervention),
    ("reflexive-class", OKG.ExerciseTherapy),
}


@pytest.fixture(scope="module")
def planted() -> Graph:
    graph = tbox_graph()
    graph.add((OKG.ExerciseTherapy, RDFS.subClassOf, OKG.ExerciseTherapy))
    for name, classes in TYPES.items():
        graph.add((OKGR[name], RDF.type, OWL.NamedIndividual))
        graph.add((OKGR[name], RDFS.label, Literal(name.replace("-", " "), lang="en")))
        for cls in classes:
            graph.add((OKGR[name], RDF.type, cls))
    return graph


def _engine(kind: str, graph: Graph, directory: Path) -> QueryEngine:
    if kind == "rdflib":
        return RdflibEngine(graph)
    if kind == "oxigraph-memory":
        return OxigraphEngine.from_graph(graph)
    write_store(graph, directory / "store")
    return OxigraphEngine.open(directory / "store")


@pytest.mark.parametrize("kind", ["rdflib", "oxigraph-memory", "oxigraph-disk"])
def test_most_specific_asserted_classes(kind: str, planted: Graph, tmp_path: Path) -> None:
    engine = _engine(kind, planted, tmp_path)
    rows = query(engine, "procedures").rows
    found = {(str(row[0]).removeprefix(str(OKGR)), row[2]) for row in rows
             if str(row[0]).removeprefix(str(OKGR)) in TYPES}
    assert found == EXPECTED

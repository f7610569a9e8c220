"""The class view of a release (``orthokg-classes.owl``): the same facts, OBO-style.

Each fact of the data file must be in the view as an existential restriction on its
subject's class (a kind-of fact as a subclass axiom), each concept a subclass of its
TBox classes; HermiT must find the view with the TBox consistent and every class
satisfiable. (The OWL API check is in tests/ontology/test_owlapi.py.)
"""

from __future__ import annotations

import owlready2
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from orthokg.ontology.signature import core_signatures
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OKG, OKGR
from orthokg.release.class_view import CLASS_VIEW_IRI, class_view
from orthokg.release.writer import Release


@pytest.fixture(scope="module")
def view(seed_release: Release) -> Graph:
    return Graph().parse(seed_release.out / "orthokg-classes.owl")


def _existentials(view: Graph, cls: URIRef) -> set[tuple[URIRef, URIRef]]:
    found = set()
    for sup in view.objects(cls, RDFS.subClassOf):
        if isinstance(sup, BNode) and (sup, RDF.type, OWL.Restriction) in view:
            prop, filler = view.value(sup, OWL.onProperty), view.value(sup, OWL.someValuesFrom)
            assert isinstance(prop, URIRef) and isinstance(filler, URIRef)
            found.add((prop, filler))
    return found


def test_a_fact_is_an_existential_restriction(view: Graph) -> None:
    thr = OKGR["total-hip-replacement"]
    assert (thr, RDF.type, OWL.Class) in view
    assert (OKG.hasTargetSite, OKGR["hip-joint"]) in _existentials(view, thr)


def test_every_fact_of_the_data_is_in_the_view(seed_release: Release, view: Graph) -> None:
    data = Graph().parse(seed_release.out / "orthokg-kg.ttl")
    facts = [(s, OKG[p], o) for p in core_signatures()
             for s, o in data.subject_objects(OKG[p]) if s != o]
    assert len(facts) > 150
    missing = [f for f in facts
               if (f[1] == OKG.subtypeOf and (f[0], RDFS.subClassOf, f[2]) not in view)
               or (f[1] != OKG.subtypeOf and (f[1], f[2]) not in _existentials(view, f[0]))]
    assert missing == []


def test_concepts_are_classes_under_their_tbox_classes(view: Graph) -> None:
    joint = OKGR["hip-joint"]
    assert (joint, RDFS.subClassOf, OKG.Joint) in view
    assert view.value(joint, RDFS.label) is not None
    assert view.value(CLASS_VIEW_IRI, OWL.imports) is not None
    assert not set(view.subjects(RDF.type, OWL.NamedIndividual))


def test_a_kind_of_fact_is_a_subclass_axiom() -> None:
    graph = Graph()
    bhr, resurfacing = OKGR["birmingham-hip-resurfacing"], OKGR["hip-resurfacing"]
    for node in (bhr, resurfacing):
        graph.add((node, RDF.type, OWL.NamedIndividual))
        graph.add((node, RDF.type, OKG.ArthroplastyProcedure))
    graph.add((bhr, OKG.subtypeOf, resurfacing))
    graph.add((bhr, OKG.hasTargetSite, OKGR["hip-joint"]))  # the joint is no concept here
    view = class_view(graph, "test")
    assert (bhr, RDFS.subClassOf, resurfacing) in view
    assert _existentials(view, bhr) == set()


@pytest.mark.java
def test_hermit_finds_the_view_consistent_with_every_class_satisfiable(
        view: Graph, tmp_path) -> None:
    merged = tbox_graph()
    merged += view
    merged.remove((None, OWL.imports, None))  # the TBox is merged in; owlready2 would fetch
    path = tmp_path / "view.nt"
    merged.serialize(destination=str(path), format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        world.get_ontology(path.as_uri()).load(format="ntriples")
        owlready2.sync_reasoner_hermit(world, debug=0)  # raises if inconsistent
        assert list(world.inconsistent_classes()) == []
    finally:
        world.close()

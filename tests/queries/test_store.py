"""The on-disk store: provenance decides the named graph, writes are atomic and careful."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF

from orthokg.errors import StoreError
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import DOC, GRAPH_BASE, OKG, OKGR
from orthokg.queries.partition import CONCEPTS_GRAPH, ONTOLOGY_GRAPH, document_graph
from orthokg.queries.store import MARKER, is_store, open_store, write_store

KNEE = URIRef(GRAPH_BASE + "knee-leaflet")
SPINE = URIRef(GRAPH_BASE + "spine-leaflet")


def graphs_of(store: ox.Store, s: URIRef, p: URIRef, o: object) -> set[str]:
    """Named graphs holding the triple (s p o)."""
    term = ox.NamedNode(str(o)) if isinstance(o, URIRef) else o
    query = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    bindings = {ox.Variable("s"): ox.NamedNode(str(s)), ox.Variable("p"): ox.NamedNode(str(p)),
                ox.Variable("o"): term}
    return {row["g"].value for row in store.query(query, substitutions=bindings)}


@pytest.fixture(scope="module")
def two_source_graph(fixture_graph: Graph) -> Graph:
    """The fixture plus the spine leaflet also stating TKR's infection risk."""
    graph = Graph()
    graph += fixture_graph
    axiom = BNode()
    for p, o in ((RDF.type, OWL.Axiom), (OWL.annotatedSource, OKGR["total-knee-replacement"]),
                 (OWL.annotatedProperty, OKG.hasPossibleComplication),
                 (OWL.annotatedTarget, OKGR["infection"]),
                 (PROV.wasDerivedFrom, DOC["spine-leaflet"]),
                 (OKG.evidenceText, Literal("Knee replacements can get infected too.", lang="en"))):
        graph.add((axiom, p, o))
    return graph


@pytest.fixture(scope="module")
def store(two_source_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    directory = tmp_path_factory.mktemp("partition") / "kg"
    write_store(two_source_graph, directory)
    return open_store(directory)


def test_named_graphs(store: ox.Store) -> None:
    names = {g.value for g in store.named_graphs()}
    assert names == {str(KNEE), str(SPINE), str(ONTOLOGY_GRAPH), str(CONCEPTS_GRAPH)}


def test_axiom_quantity_and_document_go_to_their_document(store: ox.Store) -> None:
    assert graphs_of(store, OKGR["microdiscectomy"], OKG.usesImaging,
                     OKGR["fluoroscopy"]) == {str(CONCEPTS_GRAPH)}
    assert graphs_of(store, DOC["knee-leaflet"], RDF.type, OKG.SourceDocument) == {str(KNEE)}
    assert graphs_of(store, OKGR["total-knee-replacement"], OKG.hasQuantity,
                     OKGR["quantity/fixture-aspirin"]) == {str(KNEE)}
    assert graphs_of(store, OKGR["quantity/fixture-aspirin"], OKG.unit,
                     URIRef("http://qudt.org/vocab/unit/DAY")) == {str(KNEE)}
    assert graphs_of(store, OKGR["microdiscectomy"], OKG.mentionedIn,
                     DOC["spine-leaflet"]) == {str(SPINE)}
    evidence = Literal("X-ray screening (fluoroscopy) confirms the level.", lang="en")
    rows = store.query("SELECT ?g ?e WHERE { GRAPH ?g { ?a okg:evidenceText ?e } }",
                       prefixes={"okg": str(OKG)},
                       substitutions={ox.Variable("e"): ox.Literal(str(evidence), language="en")})
    assert {row["g"].value for row in rows} == {str(SPINE)}


def test_fact_from_two_documents_is_stored_once_with_an_axiom_in_each(store: ox.Store
                                                                      ) -> None:
    assert graphs_of(store, OKGR["total-knee-replacement"], OKG.hasPossibleComplication,
                     OKGR["infection"]) == {str(CONCEPTS_GRAPH)}
    rows = store.query(
        "SELECT ?g WHERE { GRAPH ?g { ?a owl:annotatedTarget okgr:infection ;"
        " owl:annotatedSource okgr:total-knee-replacement } }",
        prefixes={"owl": str(OWL), "okgr": str(OKGR)})
    assert sorted(row["g"].value for row in rows) == [str(KNEE), str(SPINE)]


def test_concepts_and_unsourced_facts_go_to_concepts(store: ox.Store) -> None:
    assert graphs_of(store, OKGR["tibia"], URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                     ox.Literal("tibia", language="en")) == {str(CONCEPTS_GRAPH)}
    assert graphs_of(store, OKGR["knee-joint"], URIRef(
        "http://www.w3.org/2004/02/skos/core#closeMatch"),
        URIRef("http://purl.obolibrary.org/obo/UBERON_0001485")) == {str(CONCEPTS_GRAPH)}


def test_tbox_goes_whole_to_the_ontology_graph(store: ox.Store) -> None:
    count = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                        substitutions={ox.Variable("g"): ox.NamedNode(str(ONTOLOGY_GRAPH))})
    assert int(next(iter(count))["n"].value) == len(tbox_graph())
    restrictions = store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r owl:someValuesFrom ?c } }",
        prefixes={"owl": str(OWL)})
    assert {row["g"].value for row in restrictions} == {str(ONTOLOGY_GRAPH)}


def test_the_union_is_the_merge(store: ox.Store, two_source_graph: Graph) -> None:
    """Each triple in one graph: COUNT(*) over the union (no DISTINCT) is the graph's
    size, as it is on the Turtle file (issue 10)."""
    union = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                        use_default_graph_as_union=True)
    assert int(next(iter(union))["n"].value) == len(two_source_graph)


def test_every_triple_is_stored(store: ox.Store, two_source_graph: Graph) -> None:
    union = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                        "WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert int(next(iter(union))["n"].value) == len(two_source_graph)


def test_document_graph_names() -> None:
    assert document_graph(DOC["001_c4b0ab8c57956f28"]) == URIRef(
        GRAPH_BASE + "001_c4b0ab8c57956f28")
    assert str(document_graph(URIRef("http://example.org/a b"))).startswith(
        GRAPH_BASE + "external-")


def test_rewrite_replaces_atomically(fixture_graph: Graph, tmp_path: Path) -> None:
    directory = tmp_path / "kg"
    write_store(fixture_graph, directory)
    small = Graph()
    small.add((OKGR["x"], OKG.treats, OKGR["y"]))
    counts = write_store(small, directory)
    assert counts == {str(CONCEPTS_GRAPH): 1}
    assert is_store(directory)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg"]  # no .tmp / .old left
    assert len(list(open_store(directory))) == 1


def test_refuses_to_clobber_what_is_not_a_store(fixture_graph: Graph, tmp_path: Path) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not an OrthoKG store"):
        write_store(fixture_graph, precious)
    assert (precious / "chapter1.tex").read_text(encoding="utf-8") == "keep me"
    a_file = tmp_path / "kg.ttl"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a directory"):
        write_store(fixture_graph, a_file)
    empty = tmp_path / "empty"
    empty.mkdir()
    write_store(fixture_graph, empty)
    assert (empty / MARKER).is_file()


def test_open_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "nothing")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "CURRENT").write_text("garbage", encoding="utf-8")
    with pytest.raises(StoreError):
        open_store(tmp_path / "junk")

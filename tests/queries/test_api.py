"""``query()`` accepts names, files and SPARQL; parameters are typed by the header."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from orthokg.errors import QueryError
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.vocab import DOC, OKG, OKGR
from orthokg.queries.api import engine_for, find_query, query
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.engines.rdflib_engine import RdflibEngine
from orthokg.queries.resolve import resolve_concept


def test_sources_choose_their_engine(fixture_graph: Graph) -> None:
    assert isinstance(engine_for(fixture_graph), RdflibEngine)
    assert isinstance(engine_for(ox.Store()), OxigraphEngine)
    engine = OxigraphEngine(ox.Store())
    assert engine_for(engine) is engine
    with pytest.raises(QueryError, match="cannot query a str"):
        engine_for("kg.ttl")  # type: ignore[arg-type]


def test_name_file_and_text_give_the_same_rows(fixture_graph: Graph, tmp_path: Path) -> None:
    named = query(fixture_graph, "imaging-used-by-procedure")
    path = tmp_path / "imaging.rq"
    path.write_text(find_query("imaging-used-by-procedure").sparql, encoding="utf-8")
    from_file = query(fixture_graph, path)
    from_text = query(fixture_graph, find_query("imaging-used-by-procedure").sparql)
    assert named.rows == from_file.rows == from_text.rows
    assert query(fixture_graph, str(path)).rows == named.rows


def test_unknown_name_and_missing_file(fixture_graph: Graph) -> None:
    with pytest.raises(QueryError, match="did you mean recovery-timeline"):
        query(fixture_graph, "recovery-timelines")
    with pytest.raises(QueryError, match="cannot read"):
        query(fixture_graph, "nowhere/mine.rq")


@pytest.mark.parametrize("typed", ["total knee replacement", "Total Knee Replacements", "TKR",
                                   "knee arthroplasty", "okgr:total-knee-replacement",
                                   "<https://w3id.org/orthokg/id/total-knee-replacement>",
                                   "https://w3id.org/orthokg/id/total-knee-replacement"])
def test_a_procedure_can_be_named_any_usual_way(typed: str, fixture_graph: Graph) -> None:
    result = query(fixture_graph, "complications-of-procedure", procedure=typed)
    assert set(result.column("procedure")) == {OKGR["total-knee-replacement"]}
    assert len(result.rows) == 2


def test_ambiguous_and_unknown_names(fixture_graph: Graph) -> None:
    graph = Graph()
    graph += fixture_graph
    graph.add((OKGR["knee-brace"], SKOS.altLabel, Literal("TKR", lang="en")))
    graph.add((OKGR["knee-brace"], RDFS.label, Literal("knee brace", lang="en")))
    with pytest.raises(QueryError, match=r"ambiguous.*knee brace.*total knee replacement"):
        resolve_concept(RdflibEngine(graph), "tkr")
    with pytest.raises(QueryError, match="no concept is named 'hip resurfacing'"):
        resolve_concept(RdflibEngine(fixture_graph), "hip resurfacing")


def test_parameter_kinds(fixture_graph: Graph) -> None:
    sources = query(fixture_graph, "fact-sources", subject="microdiscectomy", property="treats",
                    object="okgr:herniated-disc")
    assert sources.column("document") == [DOC["spine-leaflet"]]
    assert set(query(fixture_graph, "fact-sources", property=OKG.treats).column("property")) \
        == {OKG.treats}
    key = query(fixture_graph, "label-search", key="Intervertebral Discs")
    assert key.column("key") == [Literal("disc intervertebral")] * len(key.rows)
    assert key.column("concept")[0] == OKGR["intervertebral-disc"]


def test_raw_sparql_guesses_terms(fixture_graph: Graph) -> None:
    sparql = "SELECT ?c ?p WHERE { ?p okg:treats ?c }"
    rows = query(fixture_graph, sparql, c="okgr:osteoarthritis").rows
    assert rows == [(OKGR["osteoarthritis"], OKGR["total-knee-replacement"])]
    assert query(fixture_graph, "SELECT ?l ?s WHERE { ?s rdfs:label ?l }",
                 l=Literal("tibia", lang="en")).column("s") == [OKGR["tibia"]]


def test_numbers_must_be_numbers() -> None:
    from orthokg.queries.catalogue import Param
    from orthokg.queries.params import to_term

    engine = OxigraphEngine(ox.Store())
    assert to_term(Param("n", "n", "decimal"), "2.50", engine) == Literal(
        "2.50", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
    with pytest.raises(QueryError, match="needs a number"):
        to_term(Param("n", "n", "integer"), "six", engine)
    with pytest.raises(QueryError, match="needs an IRI or a CURIE"):
        to_term(Param("i", "i", "iri"), "not an iri", engine)


@pytest.mark.parametrize(("text", "key"), [
    ("Total Hip Replacements", "hip replacement total"),
    ("the femoral heads", "femoral head"),
    ("Vertebrae", "vertebra"),
    ("orthopaedic anaesthetist", "anesthetist orthopedic"),
])
def test_normalized_label(text: str, key: str) -> None:
    assert normalized_label(text) == key


def test_built_graph_keys_are_the_lookup_keys(seed_graph: Graph) -> None:
    # The graph writer stores okg:normalizedLabel; a lookup key that differs finds nothing.
    keys = list(seed_graph.subject_objects(OKG.normalizedLabel))
    assert keys, "the built graph has normalizedLabel keys"
    for concept, key in keys:
        label = seed_graph.value(concept, RDFS.label)
        assert normalized_label(str(label)) == str(key), concept


def test_fixture_keys_follow_the_rule(fixture_graph: Graph) -> None:
    # The graph writer and the query side must agree on the key.
    for concept, key in fixture_graph.subject_objects(OKG.normalizedLabel):
        label = fixture_graph.value(concept, RDFS.label)
        assert normalized_label(str(label)) == str(key), concept

"""validate(): the fixture conforms (with or without the TBox in it); each planted fault
is reported as a Violation naming the offending node; warnings do not fail."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import OKG, OKGR, QUANTITY, QUDT_UNIT, RDF
from orthokg.reasoning import ValidationReport, validate
from tests.reasoning.conftest import add_fact

TKR = OKGR["total-knee-replacement"]


def _checks_naming(report: ValidationReport, node: URIRef) -> set[str]:
    return {f.check for f in report.violations if node in (f.node, f.value)}


def test_fixture_conforms(mini: Graph) -> None:
    report = validate(mini)
    assert report.conforms, report.format()
    assert report.findings == []
    assert set(report.seconds) == {"load", "shacl", "rules"}


def test_fixture_with_tbox_conforms(mini: Graph) -> None:
    merged = tbox_graph()
    merged += mini
    assert validate(merged).conforms


def test_missing_label(mini: Graph) -> None:
    mini.remove((OKGR.tibia, RDFS.label, None))
    report = validate(mini)
    assert not report.conforms
    assert _checks_naming(report, OKGR.tibia) == {"ConceptHasLabel",
                                                  "concept-without-label-violation"}
    assert "okgr:tibia: concept has no rdfs:label" in report.format()


def test_fact_without_provenance(mini: Graph) -> None:
    add_fact(mini, TKR, OKG.treats, OKGR["knee-pain"], provenance=False)
    report = validate(mini)
    [finding] = report.violations
    assert finding.check == "fact-without-provenance-violation" and finding.node == TKR
    assert "okg:treats okgr:knee-pain" in finding.describe()


def test_wrong_range(mini: Graph) -> None:
    add_fact(mini, TKR, OKG.treats, OKGR["knee-joint"])
    report = validate(mini)
    [finding] = report.violations
    assert (finding.check, finding.node, finding.value) == ("TreatsShape", TKR, OKGR["knee-joint"])
    assert finding.message == "object of okg:treats is not a Condition"


def test_wrong_union_range(mini: Graph) -> None:
    add_fact(mini, TKR, OKG.hasAftercare, OKGR["osteoarthritis"])
    [finding] = validate(mini).violations
    assert finding.check == "HasAftercareShape" and finding.value == OKGR["osteoarthritis"]


def test_wrong_domain(mini: Graph) -> None:
    add_fact(mini, OKGR.aspirin, OKG.hasSymptom, OKGR["knee-pain"])
    [finding] = validate(mini).violations
    assert (finding.check, finding.node) == ("HasSymptomShape", OKGR.aspirin)


def test_concept_iri_not_a_slug(mini: Graph) -> None:
    node = OKGR["Knee_Joint"]
    mini.add((node, RDF.type, OKG.Joint))
    mini.add((node, RDFS.label, Literal("knee joint", lang="en")))
    assert _checks_naming(validate(mini), node) == {"ConceptIriShape"}


def test_concept_without_core_class(mini: Graph) -> None:
    mini.add((OKGR["mystery"], RDFS.label, Literal("mystery", lang="en")))
    mini.add((OKGR["mystery"], OKG.normalizedLabel, Literal("mystery")))
    assert _checks_naming(validate(mini), OKGR["mystery"]) == {"ConceptClassShape"}


def test_label_without_language_tag(mini: Graph) -> None:
    mini.remove((OKGR.tibia, RDFS.label, None))
    mini.add((OKGR.tibia, RDFS.label, Literal("tibia")))
    assert _checks_naming(validate(mini), OKGR.tibia) == {"ConceptLabelTagged"}


def test_quantity_faults(mini: Graph) -> None:
    node = QUANTITY["fixture-crutches"]
    mini.remove((node, OKG.minValue, None))
    mini.add((node, OKG.minValue, Literal("9.0", datatype=XSD.decimal)))
    mini.remove((node, OKG.unit, None))
    mini.add((node, OKG.unit, QUDT_UNIT.SEC))
    report = validate(mini)
    messages = {f.message for f in report.violations if f.node == node}
    assert "okg:minValue is greater than okg:maxValue" in messages
    assert any("okg:unit among MIN, HR" in m for m in messages)
    assert "quantity-min-above-max-violation" in _checks_naming(report, node)


def test_unknown_qualifier_is_only_a_warning(mini: Graph) -> None:
    axiom = next(mini.subjects(OKG.frequency, Literal("rare")))
    mini.add((axiom, OKG.frequency, Literal("sometimes")))
    mini.remove((axiom, OKG.frequency, Literal("rare")))
    report = validate(mini)
    assert report.conforms
    [warning] = report.warnings
    assert warning.severity == "Warning" and "okg:frequency" in warning.message


def test_microsecond_ingestion_time_is_a_warning(mini: Graph) -> None:
    doc = next(mini.subjects(RDF.type, OKG.SourceDocument))
    mini.set((doc, OKG.ingestedAt, Literal("2026-11-22T04:53:20.941118+00:00",
                                           datatype=XSD.dateTime)))
    report = validate(mini)
    assert report.conforms
    assert [(w.node, w.severity) for w in report.warnings] == [(doc, "Warning")]
    assert "HermiT" in report.warnings[0].message

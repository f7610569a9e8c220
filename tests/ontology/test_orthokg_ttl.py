"""The hand-edited TBox (orthokg.ttl) declares the contract of VOCABULARY.md and
docs/ARCHITECTURE.md exactly: names, kinds, labels, definitions, domains and ranges,
characteristics, defined classes and disjointness. HermiT must find it consistent with
no unsatisfiable class (that part needs Java)."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

import orthokg
from orthokg.ontology.tbox import declared_classes, superclasses, tbox_graph
from orthokg.ontology.vocab import OKG, ONTOLOGY_IRI, QUDT_UNIT

CORE_CLASSES = {
    "Procedure": None, "SurgicalProcedure": "Procedure", "InjectionProcedure": "Procedure",
    "DiagnosticProcedure": "Procedure", "Therapy": "Procedure", "Anesthesia": "Procedure",
    "AnatomicalStructure": None, "Condition": None, "Symptom": "Condition",
    "Complication": "Condition", "Device": None, "Implant": "Device", "ImagingModality": None,
    "Substance": None, "Approach": None, "Benefit": None, "PatientGroup": None,
    "SourceDocument": None,
}
ARCHITECTURE_CLASSES = {
    "ArthroplastyProcedure": "SurgicalProcedure", "SpinalSurgery": "SurgicalProcedure",
    "SoftTissueRepair": "SurgicalProcedure", "DecompressionProcedure": "SurgicalProcedure",
    "SurgicalStep": "Procedure", "ImagingStudy": "DiagnosticProcedure",
    "LaboratoryTest": "DiagnosticProcedure", "ClinicalExamination": "DiagnosticProcedure",
    "Rehabilitation": "Therapy", "ExerciseTherapy": "Therapy",
    "LifestyleIntervention": "Therapy", "DrugTherapy": "Therapy", "PreparationStep": "Procedure",
    **{c: "AnatomicalStructure" for c in (
        "Joint", "Bone", "BonePart", "Tendon", "Ligament", "Muscle", "Nerve", "Cartilage",
        "BloodVessel", "SoftTissue", "BodyRegion", "BodyFluid", "SpinalStructure",
        "HipStructure", "KneeStructure", "ShoulderStructure",
        "HandWristStructure", "FootAnkleStructure")},
    **{c: "Condition" for c in ("Disease", "Injury", "Deformity", "Tumor", "Finding")},
    **{c: "Device" for c in ("SurgicalInstrument", "WalkingAid", "Orthosis")},
    "Drug": "Substance", "BiologicalProduct": "Substance",
    **{c: "Drug" for c in ("Corticosteroid", "Analgesic", "AntiInflammatoryDrug",
                           "Anticoagulant", "Antibiotic", "AnestheticAgent")},
    "MinimallyInvasiveApproach": "Approach", "OpenApproach": "Approach",
    "QuantityStatement": None, "QuantityKind": None, "Unit": None,
}
# property: (domain, range); a tuple is an owl:unionOf.
CORE_PROPERTIES = {
    "treats": ("Procedure", "Condition"),
    "hasTargetSite": ("Procedure", "AnatomicalStructure"),
    "hasPossibleComplication": ("Procedure", "Complication"),
    "hasBenefit": ("Procedure", "Benefit"),
    "usesDevice": ("Procedure", "Device"),
    "usesImaging": ("Procedure", "ImagingModality"),
    "administers": ("Procedure", "Substance"),
    "hasAnesthesia": ("Procedure", "Anesthesia"),
    "hasApproach": ("Procedure", "Approach"),
    "hasStep": ("Procedure", "Procedure"),
    "includesProcedure": ("Procedure", "Procedure"),
    "subtypeOf": (("Procedure", "Condition"), ("Procedure", "Condition")),
    "alternativeTo": ("Procedure", "Procedure"),
    "hasAftercare": ("Procedure", ("Procedure", "Device")),
    "requiresPreparation": ("Procedure", "Procedure"),
    "requiresDiscontinuationOf": ("Procedure", "Substance"),
    "suitableFor": ("Procedure", "PatientGroup"),
    "hasSymptom": ("Condition", "Condition"),
    "causes": ("Condition", "Condition"),
    "locatedIn": ("Condition", "AnatomicalStructure"),
    "diagnosedBy": ("Condition", ("Procedure", "ImagingModality")),
    "partOf": ("AnatomicalStructure", "AnatomicalStructure"),
}
DEFINED = {
    "HipProcedure": ("hasTargetSite", "HipStructure"),
    "KneeProcedure": ("hasTargetSite", "KneeStructure"),
    "SpineProcedure": ("hasTargetSite", "SpinalStructure"),
    "ShoulderProcedure": ("hasTargetSite", "ShoulderStructure"),
    "MinimallyInvasiveProcedure": ("hasApproach", "MinimallyInvasiveApproach"),
    "ImageGuidedProcedure": ("usesImaging", "ImagingModality"),
    "ImplantProcedure": ("usesDevice", "Implant"),
    "DrugDeliveryProcedure": ("administers", "Substance"),
}
DISJOINT = ["Procedure", "AnatomicalStructure", "Condition", "Device", "Substance", "Approach",
            "Benefit", "PatientGroup", "SourceDocument", "QuantityStatement"]
KINDS = ["RehabilitationTime", "WalkingAidTime", "MedicationStopLeadTime", "ComplicationRate",
         "ProcedureDuration", "ReturnToActivityTime", "HospitalStay", "SymptomResolutionTime",
         "SuccessRate"]
UNITS = ["MIN", "HR", "DAY", "WK", "MO", "YR", "PERCENT"]


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return tbox_graph()


def _english(graph: Graph, term: URIRef, prop: URIRef) -> list[Literal]:
    return [o for o in graph.objects(term, prop) if isinstance(o, Literal) and o.language == "en"]


def _class_or_union(graph: Graph, node) -> object:
    if isinstance(node, BNode):
        members = next(graph.objects(node, OWL.unionOf))
        return tuple(sorted(str(m)[len(str(OKG)):] for m in Collection(graph, members)))
    return str(node)[len(str(OKG)):]


def test_ontology_header(tbox: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in tbox
    version = orthokg.__version__
    assert tbox.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert str(tbox.value(ONTOLOGY_IRI, OWL.versionInfo)) == version
    assert tbox.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert str(tbox.value(ONTOLOGY_IRI, DCTERMS.creator)) == "OrthoKG developers"
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.created, DCTERMS.modified):
        assert tbox.value(ONTOLOGY_IRI, prop) is not None, prop


@pytest.mark.parametrize("name,parent", [*CORE_CLASSES.items(), *ARCHITECTURE_CLASSES.items()])
def test_class_declared_with_parent(tbox: Graph, name: str, parent: str | None) -> None:
    assert name in declared_classes()
    if parent:
        assert (OKG[name], RDFS.subClassOf, OKG[parent]) in tbox


def test_source_document_is_a_prov_entity(tbox: Graph) -> None:
    assert (OKG.SourceDocument, RDFS.subClassOf, PROV.Entity) in tbox
    assert (PROV.Entity, RDF.type, OWL.Class) in tbox


def test_every_okg_term_has_an_english_label_and_definition(tbox: Graph) -> None:
    terms = {s for s in tbox.subjects() if isinstance(s, URIRef) and str(s).startswith(str(OKG))}
    terms |= {OKG[k] for k in KINDS} | {QUDT_UNIT[u] for u in UNITS}
    assert len(terms) > 120
    missing = [t for t in terms if len(_english(tbox, t, RDFS.label)) != 1
               or len(_english(tbox, t, SKOS.definition)) != 1]
    assert missing == []


@pytest.mark.parametrize("name,signature", CORE_PROPERTIES.items())
def test_core_property_domain_and_range(tbox: Graph, name: str, signature: tuple) -> None:
    prop = OKG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in tbox
    domain, range_ = signature
    expect = [tuple(sorted(d)) if isinstance(d, tuple) else d for d in (domain, range_)]
    assert [_class_or_union(tbox, tbox.value(prop, RDFS.domain)),
            _class_or_union(tbox, tbox.value(prop, RDFS.range))] == expect


def test_property_characteristics(tbox: Graph) -> None:
    assert (OKG.partOf, RDF.type, OWL.TransitiveProperty) in tbox
    assert (OKG.subtypeOf, RDF.type, OWL.TransitiveProperty) in tbox
    assert (OKG.alternativeTo, RDF.type, OWL.SymmetricProperty) in tbox
    assert (OKG.hasPart, OWL.inverseOf, OKG.partOf) in tbox
    assert (OKG.anatomicalPartOf, RDF.type, OWL.TransitiveProperty) in tbox
    assert (OKG.partOf, RDFS.subPropertyOf, OKG.anatomicalPartOf) in tbox
    assert (OKG.anatomicalPartOf, OKG.coreProperty, None) not in tbox
    assert (OKG.isTargetSiteOf, OWL.inverseOf, OKG.hasTargetSite) in tbox
    assert (OKG.treats, RDF.type, OWL.TransitiveProperty) not in tbox


@pytest.mark.parametrize("name,restriction", DEFINED.items())
def test_defined_class_equivalence(tbox: Graph, name: str, restriction: tuple[str, str]) -> None:
    [expr] = list(tbox.objects(OKG[name], OWL.equivalentClass))
    first, second = Collection(tbox, tbox.value(expr, OWL.intersectionOf))
    assert first == OKG.Procedure
    assert (tbox.value(second, OWL.onProperty), tbox.value(second, OWL.someValuesFrom)) == (
        OKG[restriction[0]], OKG[restriction[1]])


def test_disjointness(tbox: Graph) -> None:
    [node] = list(tbox.subjects(RDF.type, OWL.AllDisjointClasses))
    members = [str(m)[len(str(OKG)):] for m in Collection(tbox, tbox.value(node, OWL.members))]
    assert sorted(members) == sorted(DISJOINT)
    imaging = set(tbox.objects(OKG.ImagingModality, OWL.disjointWith))
    assert imaging == {OKG[c] for c in DISJOINT if c != "Procedure"}


def test_annotation_and_data_properties(tbox: Graph) -> None:
    for prop in (PROV.wasDerivedFrom, OKG.evidenceText, OKG.section, OKG.frequency,
                 OKG.certainty, OKG.normalizedLabel, SKOS.altLabel, SKOS.prefLabel,
                 SKOS.definition, SKOS.exactMatch, SKOS.closeMatch, DCTERMS.title):
        assert (prop, RDF.type, OWL.AnnotationProperty) in tbox, prop
    for name in ("mentionedIn", "mainProcedure", "hasQuantity", "quantityKind", "about", "unit"):
        assert (OKG[name], RDF.type, OWL.ObjectProperty) in tbox, name
    for name, datatype in (("minValue", "decimal"), ("maxValue", "decimal"),
                           ("fileName", "string"), ("sha256", "string"),
                           ("ingestedAt", "dateTime")):
        assert (OKG[name], RDF.type, OWL.DatatypeProperty) in tbox, name
        assert str(tbox.value(OKG[name], RDFS.range)).endswith("#" + datatype)


def test_quantity_kinds_and_units_are_named_individuals(tbox: Graph) -> None:
    assert set(tbox.subjects(RDF.type, OKG.QuantityKind)) == {OKG[k] for k in KINDS}
    assert set(tbox.subjects(RDF.type, OKG.Unit)) == {QUDT_UNIT[u] for u in UNITS}
    for term in [*map(OKG.__getitem__, KINDS), *map(QUDT_UNIT.__getitem__, UNITS)]:
        assert (term, RDF.type, OWL.NamedIndividual) in tbox


def test_qualifier_design_is_documented(tbox: Graph) -> None:
    frequency = str(tbox.value(OKG.frequency, RDFS.comment))
    certainty = str(tbox.value(OKG.certainty, RDFS.comment))
    assert "owl:Axiom" in frequency and '"rare"' in frequency and '"most common"' in frequency
    assert '"possible"' in certainty and '"likely"' in certainty


def test_superclasses_follow_the_hierarchy() -> None:
    assert {"Drug", "Substance"} <= superclasses("Corticosteroid")
    assert "Procedure" in superclasses("ArthroplastyProcedure")


@pytest.mark.java
def test_hermit_finds_the_tbox_consistent_and_every_class_satisfiable(tmp_path) -> None:
    path = tmp_path / "tbox.nt"
    tbox_graph().serialize(destination=str(path), format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load(format="ntriples")
    owlready2.sync_reasoner_hermit(world, debug=0)  # raises if inconsistent
    assert list(world.inconsistent_classes()) == []
    world.close()

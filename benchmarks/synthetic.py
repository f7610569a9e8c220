"""Synthetic graphs shaped like OrthoKG's, for benchmarks at sizes the corpus cannot give.

The shape follows docs/ARCHITECTURE.md: the real TBox; concept individuals typed by
TBox classes with one ``rdfs:label``, ``skos:altLabel``s, an ``okg:normalizedLabel`` and some
``skos:exactMatch``; source documents; core facts between concepts with one provenance
``owl:Axiom`` per (fact, document); quantity nodes; ``okg:partOf`` chains between
anatomical structures; ``okg:mentionedIn`` links. Quads carry the named graph the store
layout uses (concepts graph, one graph per document).

Popularity is skewed (a few concepts take part in many facts, as "total hip
replacement" and "infection" do in the corpus), and a fixed set of anchor concepts with
the real IRIs (``ANCHORS``) is always present and always the most connected, so
benchmark queries have sensible parameters at every size. The same ``size`` and
``seed`` give the same graph, byte for byte.

    python -m benchmarks.synthetic --size 100000 --out /tmp/synthetic-100k.nq
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import (
    DCTERMS,
    GRAPH_BASE,
    OKG,
    OWL,
    PROV,
    QUANTITY,
    QUDT_UNIT,
    RDF,
    RDFS,
    SKOS,
    XSD,
    concept_iri,
    document_iri,
)

Quad = tuple[Node, Node, Node, URIRef]
CONCEPTS_GRAPH = URIRef(GRAPH_BASE + "concepts")
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")

# pool -> (classes drawn from, words for labels); anchors come first in their pool.
POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "procedure": (("ArthroplastyProcedure", "SpinalSurgery", "SoftTissueRepair",
                   "DecompressionProcedure", "InjectionProcedure", "ImagingStudy",
                   "LaboratoryTest", "ClinicalExamination", "Rehabilitation",
                   "ExerciseTherapy", "DrugTherapy", "PreparationStep", "SurgicalStep"),
                  ("replacement", "arthroplasty", "fusion", "repair", "release", "injection",
                   "osteotomy", "arthroscopy", "decompression", "reconstruction", "scan",
                   "test", "therapy", "programme")),
    "anesthesia": (("Anesthesia",), ("anaesthesia", "block", "sedation")),
    "anatomy": (("Joint", "Bone", "BonePart", "Tendon", "Ligament", "Muscle", "Nerve",
                 "Cartilage", "SoftTissue", "SpinalStructure"),
                ("joint", "head", "neck", "tendon", "ligament", "muscle", "nerve",
                 "cartilage", "capsule", "disc", "vertebra", "socket")),
    "condition": (("Disease", "Injury", "Deformity", "Tumor", "Finding"),
                  ("arthritis", "fracture", "tear", "deformity", "stenosis", "necrosis",
                   "dysplasia", "instability")),
    "complication": (("Complication",), ("infection", "dislocation", "clot", "loosening",
                                         "damage", "bleeding")),
    "symptom": (("Symptom",), ("pain", "stiffness", "swelling", "weakness", "numbness")),
    "device": (("Implant", "SurgicalInstrument", "WalkingAid", "Orthosis"),
               ("stem", "cup", "screw", "plate", "brace", "crutch", "cage", "rod")),
    "imaging": (("ImagingModality",), ("x-ray", "mri", "ct", "ultrasound", "fluoroscopy")),
    "substance": (("Drug", "Corticosteroid", "Analgesic", "AntiInflammatoryDrug",
                   "Anticoagulant", "Antibiotic", "BiologicalProduct"),
                  ("steroid", "aspirin", "heparin", "antibiotic", "plasma", "gel")),
    "approach": (("MinimallyInvasiveApproach", "OpenApproach"),
                 ("approach", "incision", "portal")),
    "benefit": (("Benefit",), ("recovery", "stay", "scar", "blood loss", "mobility")),
    "patient": (("PatientGroup",), ("patients", "adults", "athletes", "children")),
}
MODIFIERS = ("total", "partial", "hip", "knee", "spinal", "shoulder", "lumbar", "cervical",
             "anterior", "posterior", "revision", "minimally invasive", "open", "femoral",
             "tibial", "rotator", "ankle", "wrist", "chronic", "acute", "deep", "superficial")
# region classes are defined in the TBox (derived from part-of links); the synthetic
# graph asserts them, which a defined class allows, to keep its shape simple
REGIONS = ("HipStructure", "KneeStructure", "SpinalStructure", "ShoulderStructure",
           "HandWristStructure", "FootAnkleStructure")
# label, pool, class, region (anatomy only): the parameters benchmark queries use.
ANCHORS: tuple[tuple[str, str, str, str | None], ...] = (
    ("total hip replacement", "procedure", "ArthroplastyProcedure", None),
    ("total knee replacement", "procedure", "ArthroplastyProcedure", None),
    ("microdiscectomy", "procedure", "SpinalSurgery", None),
    ("general anaesthesia", "anesthesia", "Anesthesia", None),
    ("hip joint", "anatomy", "Joint", "HipStructure"),
    ("knee joint", "anatomy", "Joint", "KneeStructure"),
    ("acetabulum", "anatomy", "BonePart", "HipStructure"),
    ("osteoarthritis", "condition", "Disease", None),
    ("infection", "complication", "Complication", None),
    ("pain", "symptom", "Symptom", None),
    ("femoral stem", "device", "Implant", None),
    ("crutches", "device", "WalkingAid", None),
    ("fluoroscopy", "imaging", "ImagingModality", None),
    ("aspirin", "substance", "Drug", None),
    ("minimally invasive", "approach", "MinimallyInvasiveApproach", None),
    ("faster recovery", "benefit", "Benefit", None),
    ("older adults", "patient", "PatientGroup", None),
)
# property -> (subject pool, object pools, weight)
RELATIONS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "treats": ("procedure", ("condition",), 12),
    "hasTargetSite": ("procedure", ("anatomy",), 14),
    "hasPossibleComplication": ("procedure", ("complication",), 14),
    "hasBenefit": ("procedure", ("benefit",), 6),
    "usesDevice": ("procedure", ("device",), 6),
    "usesImaging": ("procedure", ("imaging",), 4),
    "administers": ("procedure", ("substance",), 3),
    "hasAnesthesia": ("procedure", ("anesthesia",), 3),
    "hasApproach": ("procedure", ("approach",), 3),
    "hasStep": ("procedure", ("procedure",), 4),
    "alternativeTo": ("procedure", ("procedure",), 2),
    "hasAftercare": ("procedure", ("procedure", "device"), 5),
    "requiresPreparation": ("procedure", ("procedure",), 4),
    "requiresDiscontinuationOf": ("procedure", ("substance",), 3),
    "suitableFor": ("procedure", ("patient",), 2),
    "hasSymptom": ("condition", ("symptom",), 6),
    "causes": ("condition", ("condition", "complication"), 2),
    "locatedIn": ("condition", ("anatomy",), 4),
    "diagnosedBy": ("condition", ("procedure", "imaging"), 3),
}
QUANTITY_KINDS = (("WalkingAidTime", "WK"), ("RehabilitationTime", "WK"),
                  ("MedicationStopLeadTime", "DAY"), ("ComplicationRate", "PERCENT"),
                  ("ProcedureDuration", "HR"), ("ReturnToActivityTime", "MO"),
                  ("HospitalStay", "DAY"), ("SymptomResolutionTime", "WK"))
# share of the pools in the concept budget
POOL_SHARE = {"procedure": 28, "anesthesia": 2, "anatomy": 20, "condition": 14,
              "complication": 6, "symptom": 5, "device": 9, "imaging": 2, "substance": 7,
              "approach": 2, "benefit": 3, "patient": 2}


@dataclass(slots=True)
class _State:
    """What the generator has made so far, and its one random source."""

    rng: random.Random
    labels: dict[URIRef, str] = field(default_factory=dict)
    pools: dict[str, list[URIRef]] = field(default_factory=dict)
    mentioned: set[tuple[URIRef, URIRef]] = field(default_factory=set)
    facts: set[tuple[URIRef, str, URIRef, URIRef]] = field(default_factory=set)

    def pick(self, pool: str) -> URIRef:
        """A member of ``pool``, skewed towards the first (anchors, popular ones)."""
        members = self.pools[pool]
        return members[int(len(members) * self.rng.random() ** 3)]


def _concept_quads(state: _State, iri: URIRef, label: str, cls: str,
                   region: str | None) -> Iterator[Quad]:
    g = CONCEPTS_GRAPH
    state.labels[iri] = label
    yield iri, RDF.type, OWL.NamedIndividual, g
    yield iri, RDF.type, OKG[cls], g
    if region:
        yield iri, RDF.type, OKG[region], g
    yield iri, RDFS.label, Literal(label, lang="en"), g
    yield iri, OKG.normalizedLabel, Literal(normalized_label(label)), g
    for n in range(state.rng.choice((0, 1, 1, 2, 3))):
        yield iri, SKOS.altLabel, Literal(f"{label} variant {n}", lang="en"), g
    if state.rng.random() < 0.3:
        ident = int(hashlib.sha1(label.encode()).hexdigest()[:7], 16)
        yield iri, SKOS.exactMatch, URIRef(f"http://purl.obolibrary.org/obo/DOID_{ident}"), g


def _concepts(state: _State, budget: int) -> Iterator[Quad]:
    for label, pool, cls, region in ANCHORS:
        state.pools.setdefault(pool, []).append(concept_iri(label))
        yield from _concept_quads(state, concept_iri(label), label, cls, region)
    total = sum(POOL_SHARE.values())
    for pool, share in POOL_SHARE.items():
        classes, words = POOLS[pool]
        for n in range(max(2, budget * share // total)):
            label = (f"{state.rng.choice(MODIFIERS)} {state.rng.choice(words)} "
                     f"{pool[:4]}{n}")
            region = state.rng.choice(REGIONS) if pool == "anatomy" else None
            state.pools.setdefault(pool, []).append(concept_iri(label))
            yield from _concept_quads(state, concept_iri(label), label,
                                      state.rng.choice(classes), region)


def _document(state: _State, n: int) -> Iterator[Quad]:
    doc = document_iri(f"{n:04d}_synthetic")
    g = URIRef(GRAPH_BASE + f"{n:04d}_synthetic")
    title = f"Synthetic leaflet {n}"
    yield doc, RDF.type, OWL.NamedIndividual, g
    yield doc, RDF.type, OKG.SourceDocument, g
    yield doc, RDFS.label, Literal(title, lang="en"), g
    yield doc, DCTERMS.title, Literal(title), g
    yield doc, OKG.fileName, Literal(f"{n:04d}_synthetic.txt"), g
    yield doc, OKG.sha256, Literal(hashlib.sha256(title.encode()).hexdigest()), g
    yield doc, OKG.ingestedAt, Literal("2026-01-01T00:00:00Z", datatype=XSD.dateTime), g
    yield doc, OKG.mainProcedure, state.pick("procedure"), g


def _mention(state: _State, concept: URIRef, doc: URIRef, g: URIRef) -> Iterator[Quad]:
    if (concept, doc) not in state.mentioned:
        state.mentioned.add((concept, doc))
        yield concept, OKG.mentionedIn, doc, g


def _fact(state: _State, s: URIRef, prop: str, o: URIRef, doc_n: int) -> Iterator[Quad]:
    doc = document_iri(f"{doc_n:04d}_synthetic")
    g = URIRef(GRAPH_BASE + f"{doc_n:04d}_synthetic")
    if s == o or (s, prop, o, doc) in state.facts:
        return
    state.facts.add((s, prop, o, doc))
    axiom = BNode(f"ax{len(state.facts)}")
    text = f"{state.labels[s].capitalize()} {prop} {state.labels[o]}."
    yield s, OKG[prop], o, g
    yield axiom, RDF.type, OWL.Axiom, g
    yield axiom, OWL.annotatedSource, s, g
    yield axiom, OWL.annotatedProperty, OKG[prop], g
    yield axiom, OWL.annotatedTarget, o, g
    yield axiom, PROV.wasDerivedFrom, doc, g
    yield axiom, OKG.evidenceText, Literal(text, lang="en"), g
    if prop == "hasPossibleComplication":
        yield axiom, OKG.section, Literal("Risks"), g
        if state.rng.random() < 0.4:
            yield axiom, OKG.frequency, Literal(state.rng.choice(("rare", "common"))), g
    yield from _mention(state, s, doc, g)
    yield from _mention(state, o, doc, g)


def _quantity(state: _State, doc_n: int) -> Iterator[Quad]:
    doc = document_iri(f"{doc_n:04d}_synthetic")
    g = URIRef(GRAPH_BASE + f"{doc_n:04d}_synthetic")
    kind, unit = state.rng.choice(QUANTITY_KINDS)
    low = state.rng.randint(0, 12)
    high = low + state.rng.choice((0, 0, 2, 4))
    procedure = state.pick("procedure")
    node = QUANTITY[hashlib.sha1(f"{doc_n}-{kind}-{low}-{procedure}".encode()).hexdigest()[:16]]
    yield procedure, OKG.hasQuantity, node, g
    yield node, RDF.type, OWL.NamedIndividual, g
    yield node, RDF.type, OKG.QuantityStatement, g
    yield node, OKG.quantityKind, OKG[kind], g
    yield node, OKG.about, state.pick("device" if kind == "WalkingAidTime" else "procedure"), g
    yield node, OKG.minValue, Literal(f"{low}.0", datatype=XSD.decimal), g
    yield node, OKG.maxValue, Literal(f"{high}.0", datatype=XSD.decimal), g
    yield node, OKG.unit, QUDT_UNIT[unit], g
    yield node, PROV.wasDerivedFrom, doc, g
    yield node, OKG.evidenceText, Literal(f"About {low} to {high} {unit.lower()}.", lang="en"), g


def _part_of_chains(state: _State, documents: int) -> Iterator[Quad]:
    """Each structure is part of an earlier one (80 %), so anchors root deep trees."""
    anatomy = state.pools["anatomy"]
    for index in range(1, len(anatomy)):
        if state.rng.random() < 0.8:
            whole = anatomy[int(index * state.rng.random() ** 2)]
            yield from _fact(state, anatomy[index], "partOf", whole,
                             state.rng.randrange(documents))


def _tbox() -> Iterator[Quad]:
    """The real TBox, as ``orthokg build`` writes it into every graph file: the class
    hierarchy is what ``rdfs:subClassOf*`` in the catalogue walks. Blank nodes get
    canonical labels and the triples a fixed order, so the output stays byte-identical."""
    canonical = to_canonical_graph(tbox_graph())
    for s, p, o in sorted(canonical, key=lambda t: tuple(x.n3() for x in t)):
        yield s, p, o, ONTOLOGY_GRAPH


def generate(size: int, seed: int = 7) -> Iterator[Quad]:
    """About ``size`` quads (each triple in its store graph), the same for the same seed."""
    state = _State(random.Random(seed))
    documents = max(2, size // 500)
    emitted = 0
    for quads in (_tbox(), _concepts(state, size // 25),
                  (q for n in range(documents) for q in _document(state, n)),
                  _part_of_chains(state, documents)):
        for quad in quads:
            emitted += 1
            yield quad
    names = list(RELATIONS)
    weights = [RELATIONS[name][2] for name in names]
    while emitted < size:
        doc_n = state.rng.randrange(documents)
        if state.rng.random() < 0.04:
            stream = _quantity(state, doc_n)
        else:
            prop = state.rng.choices(names, weights)[0]
            subject_pool, object_pools = RELATIONS[prop][:2]
            stream = _fact(state, state.pick(subject_pool), prop,
                           state.pick(state.rng.choice(object_pools)), doc_n)
        for quad in stream:
            emitted += 1
            yield quad


def write_graph(path: Path, size: int, seed: int = 7) -> int:
    """Write the graph, N-Quads (graph per document) for ``.nq``, else N-Triples without
    graph names (what ``orthokg build`` writes); return the number of statements.

    One writer for both, so the two files of a benchmark run hold the same statements.
    """
    with_graph = path.suffix == ".nq"
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for s, p, o, g in generate(size, seed):
            triple = f"{s.n3()} {p.n3()} {o.n3()}"
            out.write(f"{triple} {g.n3()} .\n" if with_graph else f"{triple} .\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    """Command line: write one synthetic graph."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="about this many triples")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True, help=".nq or .nt file")
    args = parser.parse_args(argv)
    print(f"{write_graph(args.out, args.size, args.seed)} statements -> {args.out}")


if __name__ == "__main__":
    main()

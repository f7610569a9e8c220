"""The CHANGELOG entry of a release: what it holds and which facts changed since the last.

A decision-support importer updating from one release to the next wants to know what
changed in the facts it imported, not in the bytes: so the entry lists the core facts
(subject, property, object, by label) added and removed since the previous release,
read from that release's data file. No dates: the entry is a function of the two
releases only, so rebuilding a release gives the same file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef

from orthokg.ontology.data_ontology import DATA_ONTOLOGY_IRI
from orthokg.ontology.signature import core_signatures
from orthokg.ontology.vocab import CONCEPT_BASE, OKG, OWL, QUANTITY, RDF, RDFS, SKOS

__all__ = ["COVERAGE_CLASSES", "Counts", "changelog_entry", "core_facts", "mapping_coverage",
           "release_counts"]

Fact = tuple[str, str, str]
# The kinds of concept decision support looks identifiers up for, in the entry's order.
COVERAGE_CLASSES = ("Procedure", "Condition", "Complication", "AnatomicalStructure", "Device",
                    "Substance", "ImagingModality")
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
_SHOWN = 200  # facts listed per direction; the rest are counted


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    concepts: int
    facts: int
    evidence: int
    quantities: int
    mappings: int
    triples: int


def _label(graph: Graph, node: URIRef) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else str(node)


def core_facts(graph: Graph) -> set[Fact]:
    """Every core fact of ``graph`` as (subject label, property, object label)."""
    facts: set[Fact] = set()
    for prop in core_signatures():
        for s, o in graph.subject_objects(OKG[prop]):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                facts.add((_label(graph, s), prop, _label(graph, o)))
    return facts


def release_counts(graph: Graph) -> Counts:
    concepts = {s for s in graph.subjects(RDF.type, OWL.NamedIndividual)
                if str(s).startswith("https://w3id.org/orthokg/id/")
                and not str(s).startswith("https://w3id.org/orthokg/id/quantity/")}
    mappings = sum(1 for p in MATCHES for _ in graph.subject_objects(p))
    return Counts(
        documents=len(set(graph.subjects(RDF.type, OKG.SourceDocument))),
        concepts=len(concepts), facts=len(core_facts(graph)),
        evidence=len(set(graph.subjects(RDF.type, OWL.Axiom))),
        quantities=len(set(graph.subjects(RDF.type, OKG.QuantityStatement))),
        mappings=mappings, triples=len(graph))


def mapping_coverage(graph: Graph) -> list[tuple[str, int, int]]:
    """(class, concepts of it with a mapping, concepts of it) for each coverage class;
    a concept counts for every class it is typed with or below (TBox subclasses).

    Only concepts the documents name count (in a fact or a quantity): the anatomy the
    writer adds as the lexicon's ancestors of a structure (hip region, leg) is context,
    not content."""
    from orthokg.ontology.tbox import superclasses, tbox_graph

    mapped = {s for p in MATCHES for s in graph.subjects(p)}
    counts = {cls: [0, 0] for cls in COVERAGE_CLASSES}
    named = {*graph.subjects(OKG.mentionedIn), *graph.objects(None, OKG.about)}
    for concept in named:
        if not str(concept).startswith(CONCEPT_BASE) or str(concept).startswith(str(QUANTITY)):
            continue
        # a region anchor's type is stated in the TBox, which the release data leaves out
        types = {*graph.objects(concept, RDF.type), *tbox_graph().objects(concept, RDF.type)}
        kinds = {sup for cls in types if str(cls).startswith(str(OKG))
                 for sup in superclasses(str(cls)[len(str(OKG)):])}
        for cls in COVERAGE_CLASSES:
            if cls in kinds:
                counts[cls][1] += 1
                counts[cls][0] += concept in mapped
    return [(cls, hit, total) for cls, (hit, total) in counts.items()]


def _version(graph: Graph) -> str:
    info = graph.value(DATA_ONTOLOGY_IRI, OWL.versionInfo)
    return str(info) if info is not None else "(unversioned)"


def _listed(facts: Iterable[Fact], sign: str) -> list[str]:
    ordered = sorted(facts)
    lines = [f"  {sign} {s} · {p} · {o}" for s, p, o in ordered[:_SHOWN]]
    if len(ordered) > _SHOWN:
        lines.append(f"  ... and {len(ordered) - _SHOWN} more")
    return lines


def changelog_entry(current: Graph, previous: Graph | None) -> str:
    """The Markdown entry for ``current``, with the fact diff against ``previous``."""
    counts = release_counts(current)
    lines = [f"## {_version(current)}", "",
             f"- documents: {counts.documents}", f"- concepts: {counts.concepts}",
             f"- facts: {counts.facts} (evidence axioms: {counts.evidence})",
             f"- quantity statements: {counts.quantities}",
             f"- mappings to public terminologies: {counts.mappings}",
             f"- triples (data file): {counts.triples}",
             "- mapping coverage by class: " + ", ".join(
                 f"{cls} {hit}/{total} ({hit / total:.0%})" if total else f"{cls} 0/0"
                 for cls, hit, total in mapping_coverage(current)), ""]
    if previous is None:
        lines += ["First release: no previous release to compare with.", ""]
        return "\n".join(lines)
    now, before = core_facts(current), core_facts(previous)
    added, removed = now - before, before - now
    lines += [f"Since {_version(previous)}: {len(added)} facts added, "
              f"{len(removed)} removed, {len(now & before)} unchanged.", ""]
    if added or removed:
        lines += ["```", *_listed(added, "+"), *_listed(removed, "-"), "```", ""]
    return "\n".join(lines)

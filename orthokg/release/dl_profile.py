"""The PROV-O/SKOS-compatible profile of a release: merges with PROV-O and SKOS in DL.

OrthoKG's contract (VOCABULARY.md) puts ``prov:wasDerivedFrom`` on provenance axioms
and ``skos:exactMatch``/``closeMatch`` on concepts as *annotations*, which keeps the
facts' evidence in OWL axiom annotations and the identifiers out of reasoning. PROV-O
and SKOS declare those same IRIs *object properties*, so importing either next to the
release is an illegal punning (OWL 2 DL forbids an IRI being both). No single file can
satisfy both, so the release ships, beside the contract files, a profile rewritten
from them by one fixed rule:

* on a provenance axiom, ``prov:wasDerivedFrom`` becomes ``okg:sourceDocument``, an
  annotation property of our own (an axiom can only carry annotations);
* everywhere else (quantity statements) ``prov:wasDerivedFrom`` stays, as the object
  property PROV-O declares: both ends are individuals;
* ``skos:*Match`` stay, as the object properties SKOS declares, between the concept and
  the external term, which is declared a named individual;
* the profile TBox declares those properties as PROV-O and SKOS do, drops their
  annotation-property declarations and declares ``okg:sourceDocument``.

The profile's ontologies have their own IRIs (``.../ontology/dl``, ``.../kg/dl``) so
they can be opened next to the contract files.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from orthokg.ontology.data_ontology import DATA_ONTOLOGY_IRI
from orthokg.ontology.tbox import copy_graph
from orthokg.ontology.vocab import OKG, ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SKOS

__all__ = ["DATA_DL_IRI", "MATCHES", "TBOX_DL_IRI", "dl_data", "dl_tbox"]

TBOX_DL_IRI = URIRef(f"{ONTOLOGY_IRI}/dl")
DATA_DL_IRI = URIRef(f"{DATA_ONTOLOGY_IRI}/dl")
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
SOURCE_DOCUMENT = OKG.sourceDocument


def _retarget_header(graph: Graph, old: URIRef, new: URIRef, imports: URIRef | None) -> None:
    version = graph.value(old, OWL.versionIRI)
    for _, p, o in list(graph.triples((old, None, None))):
        graph.remove((old, p, o))
        if p == OWL.versionIRI:
            graph.add((new, p, URIRef(f"{o}/dl")))
        elif p == OWL.imports:
            continue
        else:
            graph.add((new, p, o))
    if imports is not None:
        graph.add((new, OWL.imports, imports))
    if version is None:
        graph.add((new, OWL.versionIRI, URIRef(f"{new}/unversioned")))


def dl_tbox(tbox: Graph) -> Graph:
    """The profile TBox: PROV-O's and SKOS's property kinds, ``okg:sourceDocument``."""
    out = copy_graph(tbox)
    _retarget_header(out, ONTOLOGY_IRI, TBOX_DL_IRI, None)
    for prop in (PROV.wasDerivedFrom, *MATCHES):
        out.remove((prop, RDF.type, OWL.AnnotationProperty))
        out.add((prop, RDF.type, OWL.ObjectProperty))
        if (prop, RDFS.label, None) not in out:
            out.add((prop, RDFS.label, Literal(_label(prop), lang="en")))
    out.add((SKOS.exactMatch, RDF.type, OWL.SymmetricProperty))
    out.add((SKOS.closeMatch, RDF.type, OWL.SymmetricProperty))
    out.add((SOURCE_DOCUMENT, RDF.type, OWL.AnnotationProperty))
    out.add((SOURCE_DOCUMENT, RDFS.label, Literal("source document (annotation)", lang="en")))
    out.add((SOURCE_DOCUMENT, SKOS.definition, Literal(
        "The document a fact was read from, on the fact's provenance axiom: the "
        "PROV-O-compatible profile's stand-in for prov:wasDerivedFrom, which PROV-O "
        "makes an object property and so cannot annotate an axiom.", lang="en")))
    return out


def _label(prop: URIRef) -> str:
    local = str(prop).rsplit("#", 1)[-1]
    return "".join(f" {c.lower()}" if c.isupper() else c for c in local).strip()


def dl_data(data: Graph, tbox_version_dl: URIRef) -> Graph:
    """The profile data: provenance axioms name their document with
    ``okg:sourceDocument``; match targets are declared individuals."""
    out = Graph()
    for prefix, namespace in data.namespaces():
        out.bind(prefix, namespace)
    axioms = set(data.subjects(RDF.type, OWL.Axiom))
    for s, p, o in data:
        if p == PROV.wasDerivedFrom and s in axioms:
            out.add((s, SOURCE_DOCUMENT, o))
        else:
            out.add((s, p, o))
        if p in MATCHES:
            out.add((o, RDF.type, OWL.NamedIndividual))
    _retarget_header(out, DATA_ONTOLOGY_IRI, DATA_DL_IRI, tbox_version_dl)
    return out

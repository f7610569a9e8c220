"""The release's mappings as an SSSOM table (``orthokg-mappings.sssom.tsv``).

Decision-support importers take mappings as SSSOM: one row per (concept, predicate,
external term) with how the mapping was made. The rows are read from the graph's
``skos:*Match`` triples (so the table can never disagree with the data); every external
identifier in them comes from the lexicon's checked xrefs. The metadata block declares
every prefix a row uses; rows are sorted, so the file is the same for the same graph.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from orthokg.ontology.data_ontology import LICENSE
from orthokg.ontology.lexicon import CURIE_PREFIXES
from orthokg.ontology.vocab import CONCEPT_BASE, RDFS, SKOS

__all__ = ["MAPPING_PREDICATES", "mapping_rows", "sssom_tsv"]

MAPPING_PREDICATES = {SKOS.exactMatch: "skos:exactMatch", SKOS.closeMatch: "skos:closeMatch",
                      SKOS.broadMatch: "skos:broadMatch", SKOS.narrowMatch: "skos:narrowMatch"}
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id",
           "mapping_justification")
JUSTIFICATION = "semapv:ManualMappingCuration"
FIXED_PREFIXES = {"okgr": CONCEPT_BASE, "skos": str(SKOS),
                  "semapv": "https://w3id.org/semapv/vocab/"}


def _curie(iri: str, prefixes: dict[str, str]) -> str | None:
    for prefix, base in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return None


def mapping_rows(graph: Graph) -> list[tuple[str, ...]]:
    """One row per mapping triple of an OrthoKG concept, sorted; an object outside the
    known sources raises ``ValueError`` (the lexicon only allows those)."""
    prefixes = {**CURIE_PREFIXES, **FIXED_PREFIXES}
    rows = []
    for predicate, name in MAPPING_PREDICATES.items():
        for subject, obj in graph.subject_objects(predicate):
            if not (isinstance(subject, URIRef) and str(subject).startswith(CONCEPT_BASE)):
                continue
            object_id = _curie(str(obj), CURIE_PREFIXES)
            if object_id is None:
                raise ValueError(f"mapping of {subject} to {obj}: not an IRI of a known "
                                 f"source ({', '.join(CURIE_PREFIXES)})")
            label = graph.value(subject, RDFS.label)
            rows.append((_curie(str(subject), prefixes) or str(subject),
                         str(label) if label is not None else "", name, object_id,
                         JUSTIFICATION))
    return sorted(set(rows))


def sssom_tsv(graph: Graph, mapping_set_id: str, version: str) -> bytes:
    """The SSSOM/TSV file: YAML metadata as ``#`` comment lines, then the table."""
    rows = mapping_rows(graph)
    used = {row[3].split(":", 1)[0] for row in rows}
    curie_map = {**{p: CURIE_PREFIXES[p] for p in sorted(used)}, **FIXED_PREFIXES}
    meta = ["curie_map:", *(f"  {p}: {iri}" for p, iri in curie_map.items()),
            f"mapping_set_id: {mapping_set_id}", f"mapping_set_version: {version}",
            "mapping_set_title: OrthoKG concepts mapped to public terminologies",
            f"license: {LICENSE}"]
    lines = [f"#{line}" for line in meta]
    lines.append("\t".join(COLUMNS))
    lines += ["\t".join(_tsv(cell) for cell in row) for row in rows]
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def _tsv(cell: str) -> str:
    return " ".join(cell.split())

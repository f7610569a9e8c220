"""Write every artefact of a release from one build into a directory.

The merged build graph is split into the TBox and the data; the data becomes the
ontology ``https://w3id.org/orthokg/kg`` (version IRI per release) importing the TBox's
version IRI, and every file is written from the canonical serialisation, so the same
corpus and version give the same bytes. Files are written atomically one by one; the
report and the CHANGELOG are computed from the files just written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from orthokg.export import read_graph, serialize, write_atomic
from orthokg.export.jsonld import context_path
from orthokg.ontology.data_ontology import (
    DATA_ONTOLOGY_IRI,
    content_version,
    set_data_header,
    tbox_version_iri,
)
from orthokg.ontology.shapes import shapes_graph
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import ONTOLOGY_IRI
from orthokg.release.catalog import CATALOG_NAME, catalog_xml
from orthokg.release.changelog import changelog_entry
from orthokg.release.class_view import CLASS_VIEW_IRI, class_view
from orthokg.release.dl_profile import DATA_DL_IRI, TBOX_DL_IRI, dl_data, dl_tbox
from orthokg.release.lexicon_hierarchy import LEXICON_ONTOLOGY_IRI, lexicon_graph
from orthokg.release.obo import add_obo_definitions
from orthokg.release.report import report_counts, report_tsv, run_report
from orthokg.release.split import data_only
from orthokg.release.sssom import sssom_tsv

__all__ = ["CLASSES_FILE", "CONTEXT_IRI", "DATA_FILES", "DL_FILES", "TBOX_FILES", "Release",
           "write_release"]

CONTEXT_IRI = "https://w3id.org/orthokg/context.jsonld"
TBOX_FILES = ("orthokg.ttl", "orthokg.owl")
DATA_FILES = ("orthokg-kg.ttl", "orthokg-kg.owl", "orthokg-kg.nq", "orthokg-kg.jsonld")
# The PROV-O/SKOS-compatible profile (orthokg.release.dl_profile), RDF/XML and Turtle.
DL_FILES = ("orthokg-dl.owl", "orthokg-kg-dl.owl", "orthokg-dl.ttl", "orthokg-kg-dl.ttl")
CLASSES_FILE = "orthokg-classes.owl"
SHAPES_FILE = "orthokg-shapes.ttl"
LEXICON_FILE = "orthokg-lexicon.owl"
MAPPINGS_FILE = "orthokg-mappings.sssom.tsv"
REPORT_FILE = "orthokg-report.tsv"
CHANGELOG_FILE = "CHANGELOG.md"


@dataclass(slots=True)
class Release:
    """What :func:`write_release` wrote."""

    out: Path
    version: str
    files: list[Path] = field(default_factory=list)
    report: dict[str, int] | None = None


def _jsonld_with_remote_context(data: Graph) -> bytes:
    """JSON-LD compacted with the published context, naming the context by its IRI
    (the same file ships beside it as ``context.jsonld``)."""
    document = json.loads(serialize(data, "jsonld"))
    document["@context"] = CONTEXT_IRI
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
            ).encode("utf-8")


def _catalog() -> bytes:
    return catalog_xml([(str(tbox_version_iri()), "orthokg.owl"),
                        (str(ONTOLOGY_IRI), "orthokg.owl"),
                        (str(DATA_ONTOLOGY_IRI), "orthokg-kg.owl"),
                        (f"{tbox_version_iri()}/dl", "orthokg-dl.owl"),
                        (str(TBOX_DL_IRI), "orthokg-dl.owl"),
                        (str(DATA_DL_IRI), "orthokg-kg-dl.owl"),
                        (str(LEXICON_ONTOLOGY_IRI), LEXICON_FILE),
                        (str(CLASS_VIEW_IRI), CLASSES_FILE)])


def write_release(merged: Graph, out: Path, *, version: str | None = None,
                  report_queries: Path | None = None, previous: Path | None = None
                  ) -> Release:
    """Write the release of the build graph ``merged`` into ``out``.

    ``version`` names the release (default: a digest of the data); ``report_queries`` is
    a directory of ROBOT report queries with its ``report_profile.txt``; ``previous`` is
    an earlier release directory whose facts the CHANGELOG entry is compared with.
    """
    previous_data = read_graph(previous / "orthokg-kg.nq") if previous is not None else None
    data = data_only(merged)
    chosen = version if version is not None else content_version(data)
    version_iri = set_data_header(data, chosen, imports=True)
    tbox = add_obo_definitions(tbox_graph())
    dl_tbox_graph = dl_tbox(tbox)
    dl_data_graph = dl_data(data, URIRef(f"{tbox_version_iri()}/dl"))
    contents: dict[str, bytes] = {
        "orthokg.ttl": serialize(tbox, "ttl"),
        "orthokg.owl": serialize(tbox, "owl"),
        "orthokg-kg.ttl": serialize(data, "ttl"),
        "orthokg-kg.owl": serialize(data, "owl"),
        "orthokg-kg.nq": serialize(data, "nq"),
        "orthokg-kg.jsonld": _jsonld_with_remote_context(data),
        "orthokg-dl.owl": serialize(dl_tbox_graph, "owl"),
        "orthokg-kg-dl.owl": serialize(dl_data_graph, "owl"),
        "orthokg-dl.ttl": serialize(dl_tbox_graph, "ttl"),
        "orthokg-kg-dl.ttl": serialize(dl_data_graph, "ttl"),
        CLASSES_FILE: serialize(class_view(merged, chosen), "owl"),
        "context.jsonld": context_path().read_bytes(),
        SHAPES_FILE: serialize(shapes_graph(), "ttl"),
        LEXICON_FILE: serialize(lexicon_graph(chosen)[0], "owl"),
        MAPPINGS_FILE: sssom_tsv(data, f"{version_iri}/{MAPPINGS_FILE}", chosen),
        CATALOG_NAME: _catalog(),
    }
    release = Release(out, chosen)
    for name, body in contents.items():
        release.files.append(write_atomic(out / name, body))
    if report_queries is not None:
        rows = run_report([out / "orthokg.ttl", out / "orthokg-kg.ttl"], report_queries)
        release.files.append(write_atomic(out / REPORT_FILE, report_tsv(rows)))
        release.report = report_counts(rows)
    earlier = previous / CHANGELOG_FILE if previous is not None else None
    history = earlier.read_text(encoding="utf-8") if earlier and earlier.is_file() else ""
    if history.startswith("# "):
        history = history.split("\n", 2)[2] if history.count("\n") >= 2 else ""
    entry = changelog_entry(data, previous_data)
    text = f"# OrthoKG releases\n\n{entry}\n{history}".rstrip("\n") + "\n"
    release.files.append(write_atomic(out / CHANGELOG_FILE, text.encode("utf-8")))
    return release

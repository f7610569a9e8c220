"""The packaged lexicon: it loads against the TBox, every name leads to one concept, and
identifiers come only from the checked list. (It is not checked against any gold file:
the vocabulary is the domain's, not a list fitted to the pages that are scored.)"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable

import pytest

from orthokg.errors import LexiconError
from orthokg.loaders.recognition.matcher import name_variants
from orthokg.loaders.writing.resolution import normalize_key
from orthokg.ontology.lexicon import (
    Concept,
    Lexicon,
    build_lexicon,
    default_lexicon_files,
    default_xref_files,
    load_lexicon,
    read_checked_xrefs,
    read_lexicon_file,
)
from orthokg.ontology.tbox import declared_classes, superclasses
from tests.conftest import SHARED, require_shared

REGIONS = {"hip", "knee", "spine", "shoulder", "elbow", "hand", "foot", "general", ""}
TOP_CLASSES = ("Procedure", "AnatomicalStructure", "Condition", "Device", "Substance",
               "Approach", "Benefit", "PatientGroup", "ImagingModality")
# a bracket in xrefs.tsv's concept column ("[nearest: ...]", "[related: ...]") marks an
# identifier that is not exactly the row's concept
BRACKET = re.compile(r"\[(nearest|related|general|variant)\b")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _tops(concept: Concept) -> set[str]:
    """The disjoint top classes of a concept; an imaging modality may also be a procedure."""
    tops = {top for cls in concept.classes for top in TOP_CLASSES if top in superclasses(cls)}
    return tops - {"Procedure"} if "ImagingModality" in tops else tops


def _owners(lexicon: Lexicon, key: Callable[[str], set[str]]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for concept in lexicon:
        for name in (concept.label, *concept.synonyms):
            for variant in key(name):
                owners[variant].add(concept.label)
    return owners


def test_loads_every_file(lexicon: Lexicon) -> None:
    files = default_lexicon_files()
    assert {f.name for f in files} >= {"procedures.tsv", "anatomy.tsv", "conditions.tsv",
                                        "devices.tsv", "substances.tsv", "benefits.tsv"}
    assert len(lexicon) == sum(1 for f in files for _ in read_lexicon_file(f))
    assert len(lexicon) >= 500


def test_classes_are_declared_in_the_tbox(lexicon: Lexicon) -> None:
    declared = declared_classes()
    unknown = {(c.label, cls) for c in lexicon for cls in c.classes if cls not in declared}
    assert not unknown


def test_each_concept_has_one_top_class(lexicon: Lexicon) -> None:
    """The top classes are pairwise disjoint in the TBox."""
    bad = {c.label: _tops(c) for c in lexicon if len(_tops(c)) != 1}
    assert not bad


def test_regions_come_from_the_fixed_set(lexicon: Lexicon) -> None:
    assert {c.region for c in lexicon} <= REGIONS


def test_a_name_belongs_to_one_concept_after_normalisation(lexicon: Lexicon) -> None:
    """Same key for resolution (word order, plurals, spelling) and for the matcher's variants."""
    by_key = _owners(lexicon, lambda name: {normalize_key(name)})
    by_variant = _owners(lexicon, lambda name: {v.lower() for v in name_variants(name)})
    clashes = {k: v for k, v in (*by_key.items(), *by_variant.items()) if len(v) > 1}
    assert not clashes


def test_no_lay_name_belongs_to_two_concepts_of_one_region(lexicon: Lexicon) -> None:
    """A lay name overrides an ordinary name in its region's documents (the matcher's
    rule), so it must be unambiguous there: one concept per (lay name, region)."""
    owners: dict[tuple[str, str], set[str]] = {}
    for c in lexicon:
        for lay in c.lay_synonyms:
            owners.setdefault((lay.lower(), c.region), set()).add(c.label)
    clashes = {key: labels for key, labels in owners.items() if len(labels) > 1}
    assert not clashes


def test_duplicate_names_are_rejected() -> None:
    a = Concept("hip joint", ("Joint",), synonyms=("hip",))
    b = Concept("hip region", ("BodyRegion",), synonyms=("hip",))
    with pytest.raises(LexiconError, match="belongs to both"):
        build_lexicon([a, b])


def test_links_point_to_concepts_of_the_right_kind(lexicon: Lexicon) -> None:
    def kind(label: str) -> set[str]:
        return _tops(lexicon.concepts[label])

    bad = []
    for c in lexicon:
        bad += [(c.label, "part_of", p) for p in c.part_of
                if "AnatomicalStructure" not in kind(p) or "AnatomicalStructure" not in _tops(c)]
        bad += [(c.label, "located_in", p) for p in c.located_in
                if "AnatomicalStructure" not in kind(p) or "Condition" not in _tops(c)]
        bad += [(c.label, "caused_by", p) for p in c.caused_by
                if "Condition" not in kind(p) or "Condition" not in _tops(c)]
        bad += [(c.label, "subtype_of", p) for p in c.subtype_of
                if not kind(p) & _tops(c)]
    assert not bad


def test_labels_are_clean(lexicon: Lexicon) -> None:
    bad = [c.label for c in lexicon
           if c.label != c.label.strip() or c.label.startswith("~") or "|" in c.label
           or not c.definition]
    assert not bad


def _xref_rows() -> dict[str, list[dict[str, str]]]:
    path = require_shared(SHARED / "xrefs.tsv")
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rows[row["id"]].append(row)
    return rows


def _allowed_kinds(concept: Concept, row: dict[str, str]) -> set[str]:
    """``recheck``: nothing; ``nearest``: close; ``verified``: any kind, unless a bracket
    says the identifier is only nearest/related/general/variant, which allows exact only
    for the concept the bracket names ("[related: partial hip replacement]"); otherwise
    close, or broad for a general identifier and narrow for a variant."""
    if row["status"] == "nearest":
        return {"close"}
    if row["status"] != "verified":
        return set()
    bracket = BRACKET.search(row["concept"])
    if not bracket:
        return {"exact", "close", "broad", "narrow"}
    named = set(row["concept"][bracket.end():].strip(" :]").lower().split()) - {"for"}
    own = [set(name.lower().split()) for name in concept.names]
    if named and any(named <= words for words in own):
        return {"exact", "close", "broad", "narrow"}
    # a "general" identifier is broader than the row's concept, a "variant" narrower
    return {"close", {"general": "broad", "variant": "narrow"}.get(bracket.group(1), "close")}


def test_xrefs_come_from_the_checked_list(lexicon: Lexicon) -> None:
    """Every identifier is one xrefs.tsv checked against its source, used no more exactly
    than its row allows; identifiers are never invented."""
    rows = _xref_rows()
    # identifiers of xrefs/*.tsv are checked against their installed source instead
    # (tests/ontology/test_checked_xrefs.py)
    installed = {(r.label, r.xref) for f in default_xref_files() for r in read_checked_xrefs(f)}
    bad = [(c.label, x.kind, x.curie) for c in lexicon for x in c.xrefs
           if (c.label, x) not in installed
           and not any(x.kind in _allowed_kinds(c, row) for row in rows.get(x.curie, ()))]
    assert not bad

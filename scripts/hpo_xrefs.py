"""Print HPO identifiers for lexicon conditions, matched against the installed hp.obo.

Usage: python scripts/hpo_xrefs.py > candidates.tsv

A candidate is a term under "Phenotypic abnormality", not obsolete, whose name or
synonym is a name of the concept (its label, or another name that is an exact synonym
or an inflection of it: never a broad or lay name). The kind follows the synonym's scope
(orthokg.ontology.obo_source.match_kind); a term matched by its own name beats one
matched by a synonym. Concepts that already carry an HP identifier, or match two terms
equally well, are left out. Review the rows before adding them to
orthokg/ontology/lexicon/checked_xrefs.tsv; the tests re-check every row.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from orthokg.loaders.writing.synonyms import synonym_kind
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept, load_lexicon
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.obo_source import (
    PHENOTYPIC_ABNORMALITY,
    OboTerm,
    ancestors,
    hpo_file,
    hpo_terms,
    match_kind,
)

# Candidates a review turned down, and why; they are not listed again.
REJECTED = {
    "instability": "joint hypermobility is not instability",
    "tetanus": "matched trismus through 'lockjaw', a symptom of it",
    "rotational deformity": "matched intestinal malrotation",
    "degenerative cervical myelopathy": "matched dilated cardiomyopathy through 'DCM'",
    "reduced activity levels": "matched lethargy through 'inactivity'",
    "wrist fracture": "mostly the distal radius, not a carpal bone",
    "balance problems": "clumsiness is not a balance problem",
    "lordosis": "the normal curve; HPO's term is hyperlordosis",
    "leg shortening": "limb undergrowth is congenital; ours follows surgery",
    "hand swelling": "HPO's term is finger swelling",
    "recurrent laryngeal nerve injury": "vocal cord paralysis is its result, not it",
    "joint inflammation": "synovitis is one kind of it",
}


def matching_names(concept: Concept) -> list[str]:
    """The label and the names that mean exactly the concept."""
    return [concept.label, *(n for n in concept.synonyms
                             if synonym_kind(concept.label, n, lay=False) in ("exact", None))]


def main() -> None:
    terms = hpo_terms()
    phenotypes = [t for t in terms.values() if not t.obsolete
                  and PHENOTYPIC_ABNORMALITY in ancestors(terms, t.id)]
    by_key: dict[str, list[OboTerm]] = defaultdict(list)
    for term in phenotypes:
        for name in {term.name, *(text for text, _ in term.synonyms)}:
            by_key[normalized_label(name)].append(term)
    out = sys.stdout
    out.write("label\txref\tmatched_name\n")
    for concept in load_lexicon():
        if not is_a(concept, "Condition") or concept.label in REJECTED \
                or any(x.curie.startswith("HP:") for x in concept.xrefs):
            continue
        names = matching_names(concept)
        near = {t.id: t for n in names for t in by_key.get(normalized_label(n), ())}
        found = [(m, t) for t in near.values() if (m := match_kind(names, t)) is not None]
        best = [f for f in found if f[0][0] == min((f[0][0] for f in found),
                                                  key=("exact", "close", "broad",
                                                       "narrow").index)] if found else []
        if len(best) > 1:  # a term whose own name matches beats one matched by a synonym
            best = [f for f in best if f[0][1] == f[1].name] or best
        if len(best) == 1:
            (kind, matched), term = best[0]
            out.write(f"{concept.label}\t{kind}:{term.id}\t{matched}\n")
        elif best:
            sys.stderr.write(f"ambiguous: {concept.label}: {[t.id for _, t in best]}\n")
    sys.stderr.write(f"source: {hpo_file()}\n")


if __name__ == "__main__":
    main()

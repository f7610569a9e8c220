"""What kind of synonym each other name of a concept is, for OBO tools.

The lexicon's ``synonyms`` column mixes three kinds of name, all kept as
``skos:altLabel`` (VOCABULARY.md; every lookup query reads them). OBO tools and
Protégé users want them typed, as ``oboInOwl`` does:

* a lay or region-bound word (``~ball`` in the lexicon) is a *related* synonym: it
  names the concept only in the documents of its body region;
* a name made of some of the label's own words, ending on the same head ("hip
  replacement" for "total hip replacement") is a *broad* synonym: it also names the
  wider kind;
* a plural or other inflection of the label is no synonym at all (the matcher folds
  those), so it gets no typed synonym;
* every other name (abbreviations, spelling variants, true synonyms) is *exact*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

__all__ = ["SynonymKind", "synonym_kind", "synonym_kinds"]

SynonymKind = Literal["exact", "related", "broad"]

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _stem(word: str) -> str:
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word


def synonym_kind(label: str, name: str, *, lay: bool) -> SynonymKind | None:
    """The ``oboInOwl`` synonym kind of ``name`` for the concept labelled ``label``.

    >>> synonym_kind("total hip replacement", "THR", lay=False)
    'exact'
    >>> synonym_kind("total hip replacement", "hip replacement", lay=False)
    'broad'
    >>> synonym_kind("femoral head", "ball", lay=True)
    'related'
    >>> synonym_kind("screw", "screws", lay=False) is None
    True
    """
    return synonym_kinds(label, [(name, lay)])[0]


def synonym_kinds(label: str, names: Sequence[tuple[str, bool]]
                  ) -> list[SynonymKind | None]:
    """:func:`synonym_kind` of each (name, is lay) of one concept, its label's words
    stemmed once (a concept node is written with all its names at once)."""
    label_words = _words(label)
    label_stems = [_stem(w) for w in label_words]
    kinds: list[SynonymKind | None] = []
    for name, lay in names:
        name_words = _words(name)
        if label_stems == [_stem(w) for w in name_words]:
            kinds.append(None)
        elif lay:
            kinds.append("related")
        elif (name_words and len(name_words) < len(label_words)
              and _stem(name_words[-1]) == label_stems[-1]
              and _is_subsequence(name_words, label_words)):
            kinds.append("broad")
        else:
            kinds.append("exact")
    return kinds


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(any(word == other for other in remaining) for word in part)

"""Entity resolution: one node per concept, whatever name or document it came from.

Lexicon concepts are one node by construction (their IRI is the slug of the preferred
label). Concepts the loaders make up on the way (a surgical step "femoral head
removal", a benefit "reduced risk of osteolysis") are first looked up by every name
they carry under the same normalisation the evaluation uses, so a made-up concept
that the lexicon already knows under another name becomes that lexicon node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from orthokg.ontology.lexicon import Concept, Lexicon

_SPELLING = (("anaesth", "anesth"), ("paraesth", "paresth"), ("haem", "hem"),
             ("oedema", "edema"), ("orthopaed", "orthoped"), ("programme", "program"),
             ("tumour", "tumor"), ("paediatric", "pediatric"), ("oesophag", "esophag"),
             ("isation", "ization"), ("ising", "izing"), ("ised", "ized"))
_STOPWORDS = frozenset("the a an of to in on for with and or by".split())
_LATIN = {"vertebrae": "vertebra", "laminae": "lamina", "bursae": "bursa",
          "fasciae": "fascia", "femora": "femur"}


def _singular(word: str) -> str:
    if word in _LATIN:
        return _LATIN[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalize_key(name: str) -> str:
    """Order-free key of a name: the match key of okg:normalizedLabel.

    >>> normalize_key("Removal of the Femoral Heads")
    'femoral head removal'
    >>> normalize_key("local anaesthetic") == normalize_key("local anesthetics")
    True
    """
    text = name.lower()
    for british, american in _SPELLING:
        text = text.replace(british, american)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(sorted(_singular(w) for w in words if w not in _STOPWORDS))


class ConceptRegistry:
    """All concepts of a build, keyed by preferred label, with made-up ones merged in."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.by_label: dict[str, Concept] = {}
        self._by_key: dict[str, Concept] = {}
        for concept in lexicon:
            for name in concept.names:
                self._by_key.setdefault(normalize_key(name), concept)

    def resolve(self, concept: Concept) -> Concept:
        """The node ``concept`` is: a lexicon concept sharing a name, or itself (merged)."""
        if concept.source == "lexicon":
            return concept
        for name in concept.names:
            known = self._by_key.get(normalize_key(name))
            if known is not None and known.source == "lexicon":
                return known
        return self._merge(concept)

    def _merge(self, concept: Concept) -> Concept:
        seen = self.by_label.get(concept.label)
        if seen is None:
            merged = concept
        else:
            extra = tuple(n for n in concept.synonyms if n not in seen.names)
            merged = replace(seen, synonyms=seen.synonyms + extra)
        self.by_label[concept.label] = merged
        for name in merged.names:
            self._by_key.setdefault(normalize_key(name), merged)
        return merged

    def made_up(self) -> Iterable[Concept]:
        return self.by_label.values()

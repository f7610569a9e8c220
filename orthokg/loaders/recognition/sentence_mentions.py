"""What composition works on: the lexicon mentions of one sentence by token, and the
concepts composed from them. Shared by the composers so that each can live in a module
of its own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept


@dataclass(frozen=True, slots=True)
class Composed:
    """A made-up concept and the tokens that name it (``first``..``last`` exclusive)."""

    concept: Concept
    first: int
    last: int
    swallows: bool = False  # names inside it stop being mentions of their own


class Mentions:
    """The lexicon mentions of one doc, by token."""

    def __init__(self, spans: Iterable[Span], concepts: dict[str, Concept],
                 names: dict[str, Concept] | None = None,
                 children: dict[str, list[Concept]] | None = None,
                 site_words: frozenset[str] = frozenset()) -> None:
        self.spans = list(spans)
        self.concepts = concepts
        self.names = names or {}
        self.children = children or {}
        self.site_words = site_words
        self.at: dict[int, Span] = {}
        for span in self.spans:
            for i in range(span.start, span.end):
                self.at.setdefault(i, span)

    def narrower(self, concept: Concept, site: Concept) -> Concept | None:
        """The narrowest-named lexicon kind of ``concept`` whose name includes ``site``."""
        found: list[Concept] = []
        frontier, seen = [concept.label], {concept.label}
        for _ in range(3):
            kids = [k for label in frontier for k in self.children.get(label, [])
                    if k.label not in seen]
            seen.update(k.label for k in kids)
            found += [k for k in kids if any(site.label in n.lower() or n.lower() in site.label
                                             for n in (k.label,))]
            frontier = [k.label for k in kids]
        return min(found, key=lambda k: len(k.label), default=None)

    def named(self, word: str) -> Concept | None:
        """The lexicon concept one of whose names is ``word``."""
        return self.names.get(word)

    def listed(self, kind: str | None, *names: str) -> Concept | None:
        """The first of ``names`` the lexicon holds as a concept of ``kind`` (of any kind
        for None): a composer names what it composes as the lexicon does before it makes
        a concept up."""
        for name in names:
            found = self.names.get(name.lower())
            if found is not None and (kind is None or is_a(found, kind)):
                return found
        return None

    def concept(self, token: Token) -> tuple[Span, Concept] | None:
        span = self.at.get(token.i)
        return (span, self.concepts[span.label_]) if span is not None else None

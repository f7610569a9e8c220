"""Typed records that flow one way through the loaders.

file -> :class:`Document` (sections of blocks) -> :class:`Sentence` with
:class:`Mention` -> :class:`Fact` / :class:`QuantityFact` -> triples.
Each stage reads only the record of the stage before it, so a reader, the
extractor and the graph writer can be replaced one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from orthokg.ontology.lexicon import Concept

if TYPE_CHECKING:
    from spacy.tokens import Doc

TitleSource = Literal["text", "metadata", "file name"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, heading-less line or list item of a section, in reading order."""

    text: str
    is_list_item: bool = False


@dataclass(slots=True)
class Section:
    """Text under one heading; ``kind`` is the heading's normalised role (risks, ...)."""

    heading: str
    kind: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One ingested file, cleaned of boilerplate and split into sections."""

    doc_id: str
    path: Path
    title: str
    media_type: str
    sha256: str
    sections: list[Section]
    ingested_at: datetime
    title_source: TitleSource = "text"

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for s in self.sections for b in s.blocks)


@dataclass(slots=True)
class Mention:
    """A concept found in a sentence, with the ConText flags that decide if it counts.

    ``start``/``end`` are character offsets in the sentence text, ``first``/``last`` the
    indices of its first and one-past-last token in the sentence's parsed ``doc``.
    """

    concept: Concept
    start: int
    end: int
    text: str
    first: int = 0
    last: int = 0
    negated: bool = False
    hypothetical: bool = False
    reduced: bool = False
    historical: bool = False
    family: bool = False
    patient_factor: bool = False  # the patient's own ("if you have diabetes")
    nested: bool = False
    inside: str = ""

    @property
    def asserted(self) -> bool:
        """True when the text states the concept plainly.

        Not negated, hypothetical, reduced, about the family, or past ("despite
        painkillers": what was tried before is not part of the procedure).
        """
        return not (self.negated or self.hypothetical or self.reduced or self.family
                    or self.historical)


@dataclass(slots=True)
class Sentence:
    """A sentence (or list item) with its place in the document, its parse and mentions.

    ``lead_in`` is the sentence that introduces a list item ("Risks include:"), ``doc``
    the sentence parsed on its own (tokens, part of speech, dependencies, lemmas).
    """

    doc_id: str
    index: int
    text: str
    section: Section
    is_list_item: bool = False
    lead_in: Sentence | None = None
    mentions: list[Mention] = field(default_factory=list)
    doc: Doc | None = None
    is_title: bool = False
    block: int = -1  # which paragraph or list item: a run-in label speaks for its own


@dataclass(frozen=True, slots=True)
class Fact:
    """One core statement (subject, property, object) and where the text says it."""

    subject: Concept
    prop: str
    obj: Concept
    doc_id: str
    evidence: str
    section: str = ""
    certainty: str = ""
    frequency: str = ""


@dataclass(frozen=True, slots=True)
class QuantityFact:
    """A duration or rate the text gives about a procedure (VOCABULARY.md, Quantities)."""

    subject: Concept
    kind: str
    unit: str
    doc_id: str
    evidence: str
    about: Concept | None = None
    min_value: float | None = None
    max_value: float | None = None


@dataclass(slots=True)
class Extraction:
    """Everything drawn from one document: the input of the graph writer."""

    document: Document
    main_procedure: Concept | None
    concepts: list[Concept]
    facts: list[Fact]
    quantities: list[QuantityFact]

"""A document in, its sentences out: parsed, with concept mentions and their context.

Order, and why:

1. Blocks are cut into sentences by spaCy's rule-based sentencizer (huge blocks in
   chunks, run-on "sentences" in pieces), so hostile input costs linear time.
2. Every sentence is tagged, lemmatised and parsed on its own (``nlp.pipe`` in batches).
3. Lexicon names are found once per sentence; the document's body region is read from
   the ordinary names (the procedure its title names, else the commonest region of its
   anatomy and procedures), and only then are lay names of that region kept.
4. medspaCy ConText flags each mention negated, reduced, hypothetical or past.

The title is a sentence of its own section (kind ``title``), unless it is only the file
name, which states nothing.
"""

from __future__ import annotations

import gc
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from orthokg.loaders.model import Document, Mention, Section, Sentence
from orthokg.loaders.recognition.composition import TITLE_KEY, compose
from orthokg.loaders.recognition.context import (
    TARGET_GROUP,
    apply_context,
    context_component,
    default_context_rules,
)
from orthokg.loaders.recognition.language import english, splitter
from orthokg.loaders.recognition.matcher import Candidate, ConceptMatcher, Pattern
from orthokg.loaders.recognition.patient_state import patient_factor
from orthokg.loaders.recognition.sentence_mentions import Composed
from orthokg.ontology.classes import is_a, top_class
from orthokg.ontology.lexicon import Concept, Lexicon, load_lexicon

CHUNK_CHARS = 100_000
MAX_SENTENCE_CHARS = 2_000
BATCH_SIZE = 256
TITLE_KIND = "title"
REGION_CLASSES = ("AnatomicalStructure", "Procedure")
MADE_PREFIX = "made::"
# How many mentions of the sentence before "these muscles" may point back to.
RECENT_MENTIONS = 12
DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})
# First words of anatomy names too general to make a procedure name specific.
SITE_WORD_STOPS = frozenset({"the", "a", "an", "of", "big", "small", "little", "left", "right",
                             "upper", "lower", "inner", "outer", "front", "back", "top",
                             "bottom", "whole", "main", "deep", "soft", "long", "short"})


@dataclass(slots=True)
class Annotation:
    """A document's sentences, its body region and what each section heading names."""

    sentences: list[Sentence]
    region: str
    headings: dict[int, Sentence]

    def heading(self, section: Section) -> Sentence | None:
        """The section's heading, read as a sentence (None: it has none of its own)."""
        return self.headings.get(id(section))

    def heading_concepts(self, section: Section) -> list[Concept]:
        heading = self.headings.get(id(section))
        return [] if heading is None else [m.concept for m in heading.mentions
                                           if not m.nested]


@dataclass(slots=True)
class _Unit:
    """A sentence to annotate, before it has a parse."""

    text: str
    section: Section
    is_list_item: bool = False
    lead_in: int | None = None
    is_title: bool = False
    block: int = -1


class Annotator:
    """The loaded pipeline; one instance serves a whole build. ``patterns`` narrows the
    lexicon's phrases to those some documents can hold (see :class:`ConceptMatcher`)."""

    def __init__(self, lexicon: Lexicon, patterns: Iterable[Pattern] | None = None) -> None:
        self.nlp = english()
        self.split = splitter()
        self.lexicon = lexicon
        self.matcher = ConceptMatcher(self.nlp, lexicon, patterns)
        self.context: Any = context_component(self.nlp, default_context_rules())
        self.names = {name.lower(): c for c in lexicon for name in (c.label, *c.synonyms)}
        self.site_words = frozenset(
            name.split()[0].lower() for c in lexicon if is_a(c, "AnatomicalStructure")
            for name in (c.label, *c.synonyms) if " " in name) - SITE_WORD_STOPS
        self.children: dict[str, list[Concept]] = {}
        for concept in lexicon:
            for parent in concept.subtype_of:
                self.children.setdefault(parent, []).append(concept)

    # -- documents ---------------------------------------------------------------------

    def annotate(self, document: Document) -> Annotation:
        """The document's sentences (title first) with mentions, its region, its headings."""
        units = list(self._units(document))
        headings = self._heading_docs(document)
        # One pass of the pipeline over the sentences and the headings that name something
        # (a heading that names nothing, "Recovery", needs no parse): each call of the
        # pipeline has a fixed cost, a second one per document was a twentieth of a build.
        parsed = self.nlp.pipe([*(u.text for u in units),
                                *(doc for _, doc, named in headings if named)],
                               batch_size=BATCH_SIZE)
        docs = list(itertools.islice(parsed, len(units)))
        for _ in parsed:
            pass  # the headings' docs, parsed in place
        candidates = [self.matcher.candidates(doc) for doc in docs]
        region = self._region(units, docs, candidates)
        sentences: list[Sentence] = []
        recent: list[Concept] = []
        for index, (unit, doc, found) in enumerate(zip(units, docs, candidates, strict=True)):
            lead_in = sentences[unit.lead_in] if unit.lead_in is not None else None
            if unit.is_title:
                doc.user_data[TITLE_KEY] = True
            mentions = self._mentions(doc, found, region, recent)
            sentences.append(Sentence(document.doc_id, index, unit.text, unit.section,
                                      unit.is_list_item, lead_in, mentions, doc,
                                      unit.is_title, unit.block))
            recent = [m.concept for m in mentions if not m.nested][-RECENT_MENTIONS:]
        return Annotation(sentences, region, self._headings(document, headings, region))

    def _heading_docs(self, document: Document) -> list[tuple[Section, Doc, list[Candidate]]]:
        """Each section heading as a doc (not yet parsed) with the names it holds."""
        sections = [s for s in document.sections
                    if s.heading and s.heading != document.title]
        docs = [self.nlp.make_doc(s.heading) for s in sections]
        return [(section, doc, self.matcher.candidates(doc))
                for section, doc in zip(sections, docs, strict=True)]

    def _headings(self, document: Document, headings: list[tuple[Section, Doc, list[Candidate]]],
                  region: str) -> dict[int, Sentence]:
        """Each section heading read as a sentence is (parsed, so that "What happens when
        the ACL is torn?" names the tear, not the ligament)."""
        found: dict[int, Sentence] = {}
        for section, doc, named in headings:
            mentions = self._mentions(doc, named, region) if named else []
            found[id(section)] = Sentence(document.doc_id, -1, section.heading, section,
                                          mentions=mentions, doc=doc)
        return found

    def annotate_text(self, text: str, region: str = "", kind: str = "other") -> Sentence:
        """One sentence on its own (tests, rule examples); ``kind`` is its section's role."""
        doc = self.nlp(text.strip())
        section = Section("", kind)
        mentions = self._mentions(doc, self.matcher.candidates(doc), region)
        return Sentence("text", 0, doc.text, section, mentions=mentions, doc=doc)

    def _units(self, document: Document) -> Iterator[_Unit]:
        index = 0
        if document.title_source != "file name" and document.title.strip():
            yield _Unit(document.title.strip(), Section(document.title, TITLE_KIND),
                        is_title=True)
            index += 1
        blocks = 0
        for section in document.sections:
            lead_in: int | None = None
            for block in section.blocks:
                last = None
                blocks += 1
                for text in self._block_sentences(block.text):
                    yield _Unit(text, section, block.is_list_item,
                                lead_in if block.is_list_item else None, block=blocks)
                    last = index
                    index += 1
                if not block.is_list_item and last is not None:
                    lead_in = last

    def _block_sentences(self, text: str) -> Iterator[str]:
        """Sentences of one block with a letter in them, none over ``MAX_SENTENCE_CHARS``."""
        for chunk in chunks(text):
            for sent in self.split(chunk).sents:
                for piece in chunks(sent.text, MAX_SENTENCE_CHARS):
                    piece = piece.strip()
                    if any(ch.isalpha() for ch in piece):
                        yield piece

    # -- region and mentions -----------------------------------------------------------

    def _region(self, units: Sequence[_Unit], docs: Sequence[Doc],
                candidates: Sequence[list[Candidate]]) -> str:
        """The procedure the title names gives the region; else the commonest one."""
        concepts = self.matcher.concepts
        for unit, found in zip(units, candidates, strict=True):
            if unit.is_title:
                named = [concepts[c.label] for c in found if not c.region]
                regions = [c.region for c in named if c.region and is_a(c, "Procedure")]
                if regions:
                    return regions[0]
        counts = Counter(concepts[c.label].region for found in candidates for c in found
                         if not c.region and concepts[c.label].region
                         and any(is_a(concepts[c.label], k) for k in REGION_CLASSES))
        return counts.most_common(1)[0][0] if counts else ""

    def _mentions(self, doc: Doc, found: list[Candidate], region: str,
                  recent: Sequence[Concept] = ()) -> list[Mention]:
        kept, nested = self.matcher.select(doc, found, region)
        kept = [self._resolved(doc, span, recent) for span in kept]
        concepts: dict[str, Concept] = {}
        made = compose(doc, kept, self.matcher.concepts, self.names, self.children,
                       self.site_words)
        composed: list[Span] = []
        for item in made:
            if not item.swallows and self._named_around(item, kept):
                continue
            key = MADE_PREFIX + str(len(concepts))
            concepts[key] = item.concept
            composed.append(Span(doc, item.first, item.last, label=key))
            if item.swallows:
                inside = [s for s in kept if item.first <= s.start and s.end <= item.last]
                kept = [s for s in kept if s not in inside]
                nested += inside
        group = sorted(kept + composed, key=lambda s: (s.start, -s.end))
        glosses = _glosses(doc, group, lambda s: concepts.get(s.label_) or
                           self.matcher.concepts[s.label_])
        group = [s for s in group if s not in glosses]
        nested += glosses
        doc.spans[TARGET_GROUP] = group
        apply_context(self.context, doc)

        def concept(span: Span) -> Concept:
            return concepts.get(span.label_) or self.matcher.concepts[span.label_]

        mentions = [Mention(concept(s), s.start_char, s.end_char, s.text, s.start, s.end,
                            negated=s._.is_negated, hypothetical=s._.is_hypothetical,
                            reduced=s._.is_reduced, historical=s._.is_historical,
                            family=s._.is_family, patient_factor=patient_factor(s),
                            inside=self._container(s, group, concept))
                    for s in group]
        mentions += [Mention(concept(s), s.start_char, s.end_char, s.text, s.start, s.end,
                             nested=True) for s in nested]
        return sorted(mentions, key=lambda m: (m.start, -m.end))

    def _resolved(self, doc: Doc, span: Span, recent: Sequence[Concept]) -> Span:
        """"The hip abductor muscles ... Tears of these muscles": a general name after
        "these" or "this" stands for the narrower kind the sentence before named; so does
        a bare one-word name of a condition ("Rotator cuff tears ... It suits large
        tears"), which names the kind just spoken of, not a new one."""
        general = self.matcher.concepts[span.label_]
        demonstrative = span.start > 0 and doc[span.start - 1].lower_ in DEMONSTRATIVES
        if not demonstrative and not (span.end - span.start == 1 and
                                      is_a(general, "Condition")):
            return span
        for concept in reversed(recent):
            if concept != general and general.label in self.lexicon.broader(concept) and \
                    concept.label in self.matcher.concepts:
                return Span(doc, span.start, span.end, label=concept.label)
        return span

    def _named_around(self, item: Composed, kept: list[Span]) -> bool:
        """A lexicon name of the same kind covers the composed one ("restore range of
        motion" is named; the verb "restore" composed alone says less)."""
        top = top_class(item.concept.cls)
        return any(s.start <= item.first and item.last <= s.end and
                   (s.start, s.end) != (item.first, item.last) and
                   top_class(self.matcher.concepts[s.label_].cls) == top for s in kept)

    @staticmethod
    def _container(span: Span, group: list[Span], concept: Callable[[Span], Concept]) -> str:
        """Primary class of the composite name a promoted mention sits in, else ""."""
        for outer in group:
            if outer.start <= span.start and span.end <= outer.end \
                    and (outer.start, outer.end) != (span.start, span.end):
                return concept(outer).cls
        return ""


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """``text`` in pieces of at most ``size`` characters, cut after a sentence end or a space.

    >>> [len(c) for c in chunks("Aa. " * 10, size=9)]
    [8, 8, 8, 8, 8]
    """
    while len(text) > size:
        cut = max(text.rfind(". ", 0, size) + 2, text.rfind(" ", 0, size) + 1)
        cut = cut if cut > 0 else size
        yield text[:cut]
        text = text[cut:]
    if text:
        yield text


@cache
def default_annotator() -> Annotator:
    """The annotator over the packaged lexicon, built once per process.

    What it holds (the lexicon, its matcher, the spaCy pipeline: a quarter of a million
    objects) lives as long as the process, so it is moved out of the garbage collector's
    reach once built: otherwise every full collection during a build walks all of it
    again, which cost a tenth of the build whenever one fell inside it."""
    annotator = Annotator(load_lexicon())
    gc.freeze()
    return annotator


GLOSS_OPENERS = frozenset({"a", "an", "which", "where", "when", "i.e.", "ie", "meaning"})


def _glosses(doc: Doc, group: Sequence[Span], concept: Callable[[Span], Concept]
             ) -> list[Span]:
    """Mentions inside a bracket that explains the condition just named: "metallosis (an
    allergic reaction to the metal)", "dysplasia (a shallow socket)". The bracket says what
    the first name means; it names no second condition. A bracket that lists examples
    ("complications (infection, bleeding)") does not open with an article and is kept."""
    out: list[Span] = []
    for before in group:
        opener = before.end
        if opener + 1 >= len(doc) or doc[opener].text != "(" or \
                doc[opener + 1].lower_ not in GLOSS_OPENERS or \
                not is_a(concept(before), "Condition"):
            continue
        close = next((t.i for t in doc[opener:] if t.text == ")"), len(doc))
        out += [s for s in group if opener < s.start and s.end <= close
                and is_a(concept(s), "Condition")]
    return out

"""One document in, its facts, quantities and concepts out.

Order matters and is fixed here: find the document's main procedure and body region
from its title (lay words such as "ball" and "socket" only mean the femoral head and
the acetabulum in a hip document), annotate every sentence, then apply the relation
rules sentence by sentence, carrying forward only what a reader carries forward: the
conditions of the previous sentence ("The most common cause is osteoarthritis").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from orthokg.loaders.model import (
    Document,
    Extraction,
    Fact,
    QuantityFact,
    Section,
    Sentence,
)
from orthokg.loaders.reading.sections import section_kinds
from orthokg.loaders.recognition.composition import (
    patient_groups,
    preserved_structures,
    reduced_risk_benefit,
    surgical_steps,
)
from orthokg.loaders.recognition.list_terms import list_mentions
from orthokg.loaders.recognition.nlp import Annotator
from orthokg.loaders.relations import condition_relations as cond
from orthokg.loaders.relations.cues import has_cue
from orthokg.loaders.relations.procedure_relations import (
    SentenceView,
    is_subject_procedure,
    name_sites,
    procedure_facts,
    sentence_subject,
)
from orthokg.loaders.relations.quantities import quantity_facts
from orthokg.loaders.writing.resolution import ConceptRegistry
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept
from orthokg.ontology.signature import core_signatures

_HAD_BEFORE = re.compile(r"\b(?:undergone|had|after|following|previous|since)\b[^.;]*$", re.I)
REGION_WORDS = ("hip", "knee", "spine", "shoulder", "elbow", "hand", "foot")


def fits_signature(fact: Fact) -> bool:
    """True when subject and object have the classes the property demands (TBox)."""
    return core_signatures()[fact.prop].fits(fact.subject, fact.obj)


def main_procedure(title_sentences: list[Sentence], body: list[Sentence]) -> Concept | None:
    """The procedure the title names, else the one the text names most often."""
    for sentence in title_sentences:
        found = [m.concept for m in sentence.mentions
                 if not m.nested and m.asserted and is_subject_procedure(m.concept)]
        if found:
            return max(found, key=lambda c: len(c.label))
    counts = Counter(m.concept.label for s in body for m in s.mentions
                     if not m.nested and is_subject_procedure(m.concept))
    by_label = {m.concept.label: m.concept for s in body for m in s.mentions}
    return by_label[counts.most_common(1)[0][0]] if counts else None


def document_region(main: Concept | None, sentences: Iterable[Sentence]) -> str:
    """The body region a document is about: its procedure's, else its anatomy's."""
    if main is not None and main.region:
        return main.region
    counts = Counter(m.concept.region for s in sentences for m in s.mentions
                     if m.concept.region and is_a(m.concept, "AnatomicalStructure"))
    if counts:
        return counts.most_common(1)[0][0]
    text = " ".join(s.text.lower() for s in sentences)
    return next((w for w in REGION_WORDS if w in text), "")


@dataclass(slots=True)
class DocumentState:
    """What the extractor carries from one sentence to the next."""

    main: Concept | None
    previous_conditions: list[Concept] = field(default_factory=list)
    topic: Concept | None = None
    previous_procedure: Concept | None = None
    opening_condition: Concept | None = None
    earlier_procedure: Concept | None = None
    section: Section | None = None

    def enter(self, section: Section) -> None:
        """A new section starts a new topic: "The operation" there is the main one again."""
        if section is not self.section:
            self.section = section
            self.previous_procedure = None
            self.opening_condition = None


class Extractor:
    """Applies every rule to a document; one instance serves a whole build."""

    def __init__(self, annotator: Annotator, registry: ConceptRegistry) -> None:
        self.annotator = annotator
        self.registry = registry

    def extract(self, document: Document) -> Extraction:
        main, _region, sentences = self._orient(document)
        state = DocumentState(main)
        facts: dict[tuple[str, str, str], Fact] = {}
        quantities: list[QuantityFact] = []
        for sentence in sentences:
            state.enter(sentence.section)
            extra = list_mentions(sentence, sentence.section.kind)
            if extra:
                sentence.mentions = sorted(sentence.mentions + extra,
                                           key=lambda m: (m.start, -m.end))
            for fact in self._sentence_facts(sentence, state):
                fact = self._resolved(fact)
                if fits_signature(fact):
                    facts.setdefault((fact.subject.label, fact.prop, fact.obj.label), fact)
            quantities.extend(quantity_facts(sentence, main))
            self._advance(sentence, state)
        concepts = {c.label: c for f in facts.values() for c in (f.subject, f.obj)}
        return Extraction(document, main, list(concepts.values()), list(facts.values()),
                          quantities)

    def _orient(self, document: Document) -> tuple[Concept | None, str, list[Sentence]]:
        """Main procedure, body region and the sentences annotated for that region.

        The title usually names the procedure and so the region, and the document is
        annotated once; otherwise a first pass without lay words finds them.
        """
        title = self.annotator.title_sentence(document)
        main = main_procedure([title], [])
        if main is not None and main.region:
            return main, main.region, self.annotator.sentences(document, main.region)
        first = self.annotator.sentences(document)
        main = main or main_procedure([], first)
        region = document_region(main, first)
        return main, region, (self.annotator.sentences(document, region) if region else first)

    def _resolved(self, fact: Fact) -> Fact:
        subject, obj = self.registry.resolve(fact.subject), self.registry.resolve(fact.obj)
        return Fact(subject, fact.prop, obj, fact.doc_id, fact.evidence, fact.section,
                    fact.certainty, fact.frequency)

    def _view(self, sentence: Sentence, state: DocumentState) -> SentenceView:
        kinds = {sentence.section.kind}
        if sentence.section.kind not in ("title", "intro"):
            kinds |= set(section_kinds(sentence.section.heading))
        subject = sentence_subject(sentence, state.main, state.previous_procedure,
                                   state.opening_condition is not None,
                                   state.earlier_procedure)
        return SentenceView(sentence, subject, frozenset(kinds), state.main)

    def _sentence_facts(self, sentence: Sentence, state: DocumentState) -> Iterator[Fact]:
        view = self._view(sentence, state)
        yield from procedure_facts(view, sentence.doc_id)
        yield from name_sites(sentence)
        yield from self._list_heads(view, state)
        yield from self._made_up_facts(view, state)
        yield from self._groups(view)
        yield from self._alternatives(view, state)
        yield from cond.background_facts(sentence)
        yield from cond.symptom_facts(sentence, state.topic)
        yield from cond.cause_facts(sentence, state.previous_conditions,
                                    state.opening_condition)
        yield from cond.diagnosis_facts(sentence, state.previous_conditions)
        yield from cond.location_facts(sentence)

    def _list_heads(self, view: SentenceView, state: DocumentState) -> Iterator[Fact]:
        """``Vertebroplasty and Kyphoplasty: ...`` items under a list of procedures."""
        s = view.sentence
        colon = s.text.find(":")
        if state.main is None or not s.is_list_item or colon < 0:
            return
        heads = [m.concept for m in s.mentions if not m.nested and m.end <= colon
                 and is_subject_procedure(m.concept) and m.concept != state.main]
        for head in heads:
            yield Fact(state.main, "includesProcedure", head, s.doc_id, s.text,
                       s.section.heading)
            if head != view.subject:
                yield from procedure_facts(SentenceView(s, head, view.kinds, state.main),
                                           s.doc_id)

    def _made_up_facts(self, view: SentenceView, state: DocumentState) -> Iterator[Fact]:
        s = view.sentence
        subject = view.subject
        if subject is None:
            return
        if subject == state.main and view.in_section("procedure"):
            for step in surgical_steps(s):
                yield Fact(subject, "hasStep", step, s.doc_id, s.text, s.section.heading)
        if view.in_section("benefits", "overview", "intro", "title") or view.cue("benefit"):
            for benefit in preserved_structures(s):
                yield Fact(subject, "hasBenefit", benefit, s.doc_id, s.text, s.section.heading)
            benefits = [m for m in s.mentions if is_a(m.concept, "Benefit")]
            for mention in s.mentions:
                if any(b.start <= mention.start and mention.end <= b.end for b in benefits):
                    continue
                benefit = reduced_risk_benefit(s, mention)
                if benefit is not None:
                    yield Fact(subject, "hasBenefit", benefit, s.doc_id, s.text,
                               s.section.heading)

    def _alternatives(self, view: SentenceView, state: DocumentState) -> Iterator[Fact]:
        """Procedures an Alternatives section (or "X is an alternative") offers instead."""
        s = view.sentence
        if state.main is None or (view.subject != state.main
                                   and not view.in_section("alternatives")):
            return
        for m in s.mentions:
            if not (view.in_section("alternatives") or view.cue_before("alternative", m)):
                continue
            if (not m.nested and m.asserted and is_subject_procedure(m.concept)
                    and m.concept != state.main):
                yield Fact(state.main, "alternativeTo", m.concept, s.doc_id, s.text,
                           s.section.heading)

    def _groups(self, view: SentenceView) -> Iterator[Fact]:
        s = view.sentence
        if view.subject is None or not (view.cue("suitable") or view.in_section("indications")):
            return
        for _, group in patient_groups(s):
            yield Fact(view.subject, "suitableFor", group, s.doc_id, s.text, s.section.heading)

    @staticmethod
    def _new_topic(sentence: Sentence, state: DocumentState) -> Concept | None:
        """The other procedure a following "It ..." is about, if the sentence moved on.

        It moved on when it does not name the main procedure, or names the other one as
        an option ("Another option is a PRP injection").
        """
        named = [m for m in sentence.mentions if not m.nested
                 and is_subject_procedure(m.concept)]
        others = [m for m in named if m.concept != state.main]
        if not others:
            return None
        last = others[-1]
        offered = has_cue("alternative", sentence.text[max(0, last.start - 40):last.start])
        if offered or all(m.concept != state.main for m in named):
            return last.concept
        return None

    def _advance(self, sentence: Sentence, state: DocumentState) -> None:
        conditions = [m.concept for m in sentence.mentions
                      if not m.nested and m.asserted and is_a(m.concept, "Condition")]
        first = next((m for m in sentence.mentions if not m.nested), None)
        state.opening_condition = (first.concept if first is not None and first.start <= 12
                                   and is_a(first.concept, "Condition") else None)
        state.previous_procedure = self._new_topic(sentence, state)
        for m in sentence.mentions:
            if (not m.nested and is_subject_procedure(m.concept) and m.concept != state.main
                    and _HAD_BEFORE.search(sentence.text[max(0, m.start - 40):m.start])):
                state.earlier_procedure = m.concept
        if sentence.is_list_item:
            return
        state.previous_conditions = conditions
        non_symptoms = [c for c in conditions if not is_a(c, "Symptom")]
        state.topic = non_symptoms[0] if non_symptoms else None

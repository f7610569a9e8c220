"""One document in, its facts and quantities out, with the reasons behind them.

The order is fixed here: annotate (recognition), add the unknown items of lists, build
the document model (main procedure, each sentence's subject), then read each sentence's
facts (frames and the rule table), the facts its phrases' shapes state, and its
quantities. Facts whose ends do not fit the TBox signature of their property are dropped
after resolution (:mod:`orthokg.loaders.pipeline`), so the graph stays consistent
whatever a rule proposes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from orthokg.loaders.model import Document, Extraction, Fact, QuantityFact, Section, Sentence
from orthokg.loaders.reading.sections import INTRO, section_kinds
from orthokg.loaders.recognition.annotator import TITLE_KIND, Annotation, Annotator
from orthokg.loaders.recognition.generic import is_generic
from orthokg.loaders.recognition.list_terms import list_mentions
from orthokg.loaders.relations.facts import Judgement, SentenceFacts
from orthokg.loaders.relations.frames import FrameReader
from orthokg.loaders.relations.quantities import quantity_facts
from orthokg.loaders.relations.structure import (
    agent_causes,
    approach_of_main,
    attached_symptoms,
    name_facts,
    named_causes,
    offered_treatments,
    part_and_place_facts,
    stand_in_causes,
    symptom_facts,
    variant_facts,
)
from orthokg.loaders.relations.subjects import (
    DocumentModel,
    Subject,
    broader_or_same,
    can_be_subject,
    comparators,
    find_main,
    read_subjects,
    salient,
    switches_to,
)
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept

TOPIC_SECTIONS_EXCLUDED = ("alternatives", "navigation", "contraindications")
# A duration with no words of its own in a recovery section measures rehabilitation.
DEFAULT_QUANTITY = {"aftercare": "RehabilitationTime"}


@dataclass(slots=True)
class Explanation:
    """What a document was taken to be about and why (``orthokg build --explain``)."""

    doc_id: str
    title: str
    title_source: str
    region: str
    main: str
    main_reason: str
    sections: list[tuple[str, str]] = field(default_factory=list)
    other_subjects: list[tuple[str, str, str]] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)


def kinds_of(section: Section) -> tuple[str, ...]:
    """The section's roles in order: its primary kind, then every other the heading names."""
    if section.kind in (TITLE_KIND, INTRO):
        return (section.kind,)
    return _heading_kinds(section.kind, section.heading)


@cache
def _heading_kinds(kind: str, heading: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((kind, *section_kinds(heading))))


def _sections(sentences: Sequence[Sentence]) -> Iterator[tuple[Section, Sentence]]:
    """Each section once, with its first sentence, in reading order."""
    seen: set[int] = set()
    for sentence in sentences:
        if id(sentence.section) not in seen:
            seen.add(id(sentence.section))
            yield sentence.section, sentence


def heading_topics(annotation: Annotation, sentences: Sequence[Sentence],
                   main: Concept | None) -> dict[int, Concept]:
    """Sections whose heading names a procedure other than the main one: their topic."""
    topics: dict[int, Concept] = {}
    for section, _ in _sections(sentences):
        if section.kind in TOPIC_SECTIONS_EXCLUDED:
            continue
        heading = annotation.heading(section)
        if heading is None:
            continue
        compared = comparators(heading)  # "How is it different from an anatomic one?"
        named = [m.concept for m in heading.mentions if not m.nested
                 and m.first not in compared and can_be_subject(m.concept)]
        if main is None or not named or any(broader_or_same(c, main) for c in named):
            continue
        other = next((c for c in named if switches_to(c, main)), None)
        if other is not None:
            topics[id(section)] = other
    return topics


# Sections about the page's condition rather than its procedure: their items are the
# condition's symptoms or the tests that find it.
CONDITION_SECTIONS = frozenset({"symptoms", "diagnosis"})


def _names_a_condition(concept: Concept) -> bool:
    """A disease or injury a page can be about (not a harm, a symptom or a category)."""
    return is_a(concept, "Condition") and not is_generic(concept) and not any(
        is_a(concept, c) for c in ("Complication", "Symptom"))


# Section roles in which a heading that names a condition is no account of the condition
# the page's procedure is for ("Risks" > "Deep vein thrombosis", "Alternatives" > ...).
# A heading of what happens ("What happens when the ACL is torn?") may name that condition.
NOT_EXPLAINING = frozenset({"risks", "aftercare", "contraindications", "alternatives",
                            "navigation", "benefits", "preparation", "types"})


def explained_conditions(annotation: Annotation, sentences: Sequence[Sentence],
                         main: Concept | None) -> Iterator[Fact]:
    """A page about a procedure that gives a condition a section of its own ("Rotator cuff
    tears", "What is carpal tunnel syndrome?") explains what the procedure is for: the
    procedure treats it. A harm or a symptom under its own heading is not such a
    condition (it is a risk, or what the condition causes)."""
    if main is None or not is_a(main, "Procedure"):
        return
    for section, sentence in _sections(sentences):
        if sentence.is_title:
            continue
        if NOT_EXPLAINING.intersection(kinds_of(section)):
            continue
        named = annotation.heading_concepts(section)
        if len(named) != 1:
            continue
        condition = named[0]
        if _names_a_condition(condition):
            yield Fact(main, "treats", condition, sentence.doc_id, sentence.text,
                       section.heading)


# What a condition shows: what the patient feels, and what can be seen or found.
SIGNS = ("Symptom", "Finding")


def symptoms_caused(judgements: Sequence[Judgement]) -> Iterator[Fact]:
    """"Spondylolisthesis causes back pain and leg pain": a symptom that a named disease or
    injury is said to cause is one of its symptoms, so the condition has it as well as
    causing it. A harm's effect ("nerve damage can lead to numbness") stays a cause only
    (a complication is no condition a page explains), and so does a disease named as one
    of the causes of a symptom the text is about ("the commonest cause of hip pain is
    osteoarthritis": the symptom has many causes, the disease is not defined by it).
    A condition the lexicon files as a harm of surgery that the page's procedure treats
    ("stimulation treats complex regional pain syndrome ... which causes burning pain")
    is the patient's condition on that page, and what it causes is its symptom. A finding
    it causes ("a visible deformity", "a lump") is a sign of it, told the same way."""
    treated = {j.fact.obj.label for j in judgements if j.fact.prop == "treats"}
    for judgement in judgements:
        fact = judgement.fact
        if judgement.frame == "cause" and fact.prop == "causes" and \
                any(is_a(fact.obj, c) for c in SIGNS) and (
                    _names_a_condition(fact.subject) or (
                    fact.subject.label in treated and is_a(fact.subject, "Condition")
                    and not is_a(fact.subject, "Symptom"))):
            yield Fact(fact.subject, "hasSymptom", fact.obj, fact.doc_id, fact.evidence,
                       fact.section)


def page_condition(annotation: Annotation, sentences: Sequence[Sentence]) -> Concept | None:
    """The condition the page is about: the one its title names, else the one its
    sentences name most often outside risks, aftercare, alternatives and the like (a
    disease or injury before a finding)."""
    counts: Counter[str] = Counter()
    found: dict[str, Concept] = {}
    opening = ""
    for sentence in sentences:
        if not sentence.is_title and NOT_EXPLAINING.intersection(kinds_of(sentence.section)):
            continue
        if not opening and not sentence.is_title and sentence.section.kind == INTRO:
            opening = next((m.concept.label for m in sentence.mentions if not m.nested and
                            m.asserted and _names_a_condition(m.concept)), "")
        for mention in sentence.mentions:
            if mention.nested or not mention.asserted or mention.patient_factor or \
                    not _names_a_condition(mention.concept):
                continue
            if sentence.is_title:
                return mention.concept
            counts[mention.concept.label] += 1
            found.setdefault(mention.concept.label, mention.concept)
    if not counts:
        return None
    # the condition the opening sentence names (what the procedure is for, or the condition
    # it defines) before the rest; a finding ("cords", "a lump") is what the condition
    # shows, the page's condition only when nothing else is named
    best = max(counts, key=lambda label: (not is_a(found[label], "Finding"),
                                          label == opening, counts[label]))
    return found[best]


def heading_condition(annotation: Annotation, section: Section) -> Concept | None:
    """The one disease or injury a section's heading names ("What is hallux rigidus?",
    "About frozen shoulder"), unless the heading's role is not to explain it (a harm
    under "Risks"): a pronoun in a condition frame there stands for it."""
    if NOT_EXPLAINING.intersection(kinds_of(section)):
        return None
    named = [c for c in annotation.heading_concepts(section) if _names_a_condition(c)]
    return named[0] if len(named) == 1 else None


def own_name_kinds(annotation: Annotation, sentences: Sequence[Sentence],
                   main: Concept | None) -> dict[int, tuple[str, ...]]:
    """Sections whose role came from the page's own procedure's name: on a page about
    physiotherapy, "What does the physiotherapy programme involve?" is no aftercare
    section (the word that gives other pages' "Physiotherapy" headings that role is
    the name of this page's procedure), it describes the programme itself. Their roles
    are read from the heading without that name; a heading left with no role word, or
    only the question "what does ... involve?", asks what the procedure itself is made
    of: its description, whose parts are the procedure's steps."""
    found: dict[int, tuple[str, ...]] = {}
    if main is None:
        return found
    for section, _ in _sections(sentences):
        heading = annotation.heading(section)
        if heading is None or section.kind in (TITLE_KIND, INTRO):
            continue
        for mention in heading.mentions:
            if mention.nested or mention.concept != main or not section_kinds(mention.text):
                continue
            text = heading.text[:mention.start] + heading.text[mention.end:]
            kinds = section_kinds(" ".join(text.split()))
            found[id(section)] = kinds if set(kinds) - {"overview"} else ("procedure",)
            break
    return found


# Why a sentence's subject is the page's procedure only because it names no other.
UNNAMED_SUBJECT = frozenset({"main procedure", "topic"})


def condition_subject(annotation: Annotation, sentence: Sentence, subject: Subject,
                      main: Concept | None, fallback: Concept | None,
                      explained: Concept | None = None) -> Subject:
    """Under "Symptoms of a torn meniscus" or "How is it diagnosed?", a sentence that
    names no subject of its own is about the condition: the one the heading names, else
    the page's. Under a heading that explains one condition ("What is frozen shoulder?",
    ``explained``), a sentence that names nothing it is about ("You may notice pain at
    night") is about that condition too."""
    if explained is not None and subject.reason in UNNAMED_SUBJECT:
        return Subject(explained, f"section '{sentence.section.heading}' explains "
                                  f"'{explained.label}'")
    if kinds_of(sentence.section)[0] not in CONDITION_SECTIONS or \
            subject.reason.startswith("grammatical subject") or \
            (subject.concept is not None and subject.concept != main):
        return subject
    named = [c for c in annotation.heading_concepts(sentence.section) if _names_a_condition(c)]
    condition = named[0] if named else fallback
    if condition is None:
        return subject
    return Subject(condition, f"section '{sentence.section.heading}' is about "
                              f"'{condition.label}'")


def spoken_of(explained: Concept | None, previous: Subject, page: Concept | None
              ) -> Concept | None:
    """The condition "it" or "the condition" stands for: the one the section's heading
    explains, else the condition the text was speaking of, else the page's."""
    if explained is not None:
        return explained
    if previous.thing is not None and _names_a_condition(previous.thing):
        return previous.thing
    return page


class Extractor:
    """Applies every rule to a document; one instance serves a whole build."""

    def __init__(self, annotator: Annotator, explain: bool = False) -> None:
        self.annotator = annotator
        self.reader = FrameReader()
        self.rules = SentenceFacts(self.reader)
        self.explain = explain
        self.explanations: list[Explanation] = []

    def extract(self, document: Document) -> Extraction:
        annotation = self.annotator.annotate(document)
        sentences = annotation.sentences
        for sentence in sentences:
            extra = list_mentions(sentence, sentence.section.kind)
            if extra:
                sentence.mentions = sorted(sentence.mentions + extra,
                                           key=lambda m: (m.start, -m.end))
        main, reason = find_main(sentences)
        model = DocumentModel(main, reason, read_subjects(
            sentences, main, heading_topics(annotation, sentences, main)))
        facts: list[Fact] = []
        quantities: list[QuantityFact] = []
        judgements: list[Judgement] = []
        previous = Subject(main, "main procedure")
        self.rules.main = main
        condition = page_condition(annotation, sentences)
        self.rules.condition = condition
        own_kinds = own_name_kinds(annotation, sentences, main)
        for index, sentence in enumerate(sentences):
            explained = heading_condition(annotation, sentence.section)
            self.rules.heading_condition = explained
            subject = condition_subject(annotation, sentence, model.subject(sentence), main,
                                        condition, explained)
            kinds = own_kinds.get(id(sentence.section)) or kinds_of(sentence.section)
            for judgement in self._judge(sentence, subject, previous, kinds):
                judgements.append(judgement)
                facts.append(judgement.fact)
            facts.extend(self._shaped(sentence))
            facts.extend(stand_in_causes(sentence, spoken_of(explained, previous, condition)))
            facts.extend(variant_facts(sentence, subject, main, kinds_of(sentence.section)))
            facts.extend(approach_of_main(sentence, main))
            about = subject.concept if subject.concept is not None and \
                can_be_subject(subject.concept) else main
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            default = DEFAULT_QUANTITY.get(sentence.section.kind, "")
            quantities.extend(quantity_facts(sentence, about, following, default))
            if not sentence.is_list_item:
                previous = salient(sentence, subject, main)
        facts.extend(explained_conditions(annotation, sentences, main))
        facts.extend(symptoms_caused(judgements))
        self.reader.forget()
        if self.explain:
            self.explanations.append(self._explanation(document, annotation, model,
                                                       judgements))
        concepts = {c.label: c for f in facts for c in (f.subject, f.obj)}
        return Extraction(document, main, list(concepts.values()), facts, quantities)

    def _judge(self, sentence: Sentence, subject: Subject, previous: Subject,
               kinds: Sequence[str]) -> Iterator[Judgement]:
        if sentence.is_title:
            return
        described = attached_symptoms(sentence)  # they describe a condition, not the procedure
        for judgement in self.rules.judge(sentence, subject, previous, kinds):
            if judgement.mention.first not in described or judgement.fact.prop == "hasSymptom":
                yield judgement

    @staticmethod
    def _shaped(sentence: Sentence) -> Iterator[Fact]:
        yield from name_facts(sentence)
        yield from part_and_place_facts(sentence)
        yield from symptom_facts(sentence)
        yield from named_causes(sentence)
        yield from agent_causes(sentence)
        yield from offered_treatments(sentence)

    @staticmethod
    def _explanation(document: Document, annotation: Annotation, model: DocumentModel,
                     judgements: list[Judgement]) -> Explanation:
        sections: dict[int, tuple[str, str]] = {}
        others: list[tuple[str, str, str]] = []
        for sentence in annotation.sentences:
            sections.setdefault(id(sentence.section), (sentence.section.heading,
                                                      ", ".join(kinds_of(sentence.section))))
            subject = model.subject(sentence)
            if subject.concept != model.main:
                label = subject.concept.label if subject.concept is not None else "(nothing)"
                others.append((sentence.text[:90], label, subject.reason))
        return Explanation(document.doc_id, document.title, document.title_source,
                           annotation.region, model.main.label if model.main else "(none)",
                           model.main_reason, list(sections.values()), others, judgements)

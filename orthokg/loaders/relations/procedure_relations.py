"""Facts from annotated sentences: which property links the subject to each mention.

The subject of a sentence is the document's main procedure unless the sentence itself
names another one (a list item ``Laminectomy: ...``, a relative clause ``open surgery,
which ...``, or a sentence that opens with a procedure). The property comes from the
object's class, refined by the section the sentence sits in and by cue words
(``relation_cues.tsv``): a complication is only a *possible complication* in a risks
section or next to a risk cue, an imaging modality is *used* when the text says it
guides and *required before* when it is part of the work-up. A mention that ConText
flags as negated, hypothetical or reduced is never an object, whatever its cues.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from orthokg.loaders.model import Fact, Mention, Sentence
from orthokg.loaders.relations.cues import has_cue
from orthokg.loaders.rule_files import packaged, read_rule_rows
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept
from orthokg.ontology.tbox import superclasses

SUBJECT_PROCEDURES = ("SurgicalProcedure", "InjectionProcedure")
_FREQUENCY = (("most common", "most common"), ("very rare", "very rare"),
              ("very common", "very common"), ("uncommon", "uncommon"), ("rare", "rare"),
              ("common", "common"), ("frequent", "common"), ("occasional", "uncommon"))
_CLAUSE_START = re.compile(r"\b(?:which|who|that)\b|[;:]", re.I)
_CLAUSE_END = re.compile(r"\b(?:which|who|although|but|so|and)\b|[;:.]", re.I)
_EARLIER = re.compile(r"\b(?:initial|original|previous|earlier|first|prior) "
                      r"(?:[a-z]+ ){0,2}(?:surgery|operation|procedure)\b", re.I)
_MEANS = re.compile(r"\b(?:by|via|through|using|with)\s+(?:\w+\s+)?$", re.I)
_CONTEXT_BEFORE = re.compile(r"\b(?:after|following|before|undergone|undergoing|undergo|"
                             r"previous|prior)\b[^,.;]*$", re.I)
_PRONOUN_START = re.compile(r"^(?:it|it's|it’s|this|they|these|the (?:operation|procedure|"
                            r"surgery|treatment|injection)s?)\b", re.I)
_PRESERVE_BEFORE = re.compile(r"\b(?:preserv|conserv|spar|protect)\w*\b[^,.;]{0,30}$", re.I)
_COMPARATIVE = re.compile(r"\b(than|compared (?:to|with)|versus)\b", re.I)
_CERTAINTY = re.compile(r"\b(may|might|can|could|possibl[ey]|potential(?:ly)?)\b", re.I)


@cache
def generic_labels() -> frozenset[str]:
    """Concepts that name a category ("complication", "surgery"): never subject or object."""
    path = packaged("orthokg.loaders.recognition", "generic_concepts.tsv")
    rows = read_rule_rows(path, ("label", "why"))
    return frozenset(label for _, (label, _why) in rows)


def is_generic(concept: Concept) -> bool:
    return concept.label in generic_labels()


def is_subject_procedure(concept: Concept) -> bool:
    return (any(is_a(concept, c) for c in SUBJECT_PROCEDURES)
            and not is_a(concept, "SurgicalStep") and not is_generic(concept))


@dataclass(slots=True)
class SentenceView:
    """A sentence with what the rules ask of it, computed once."""

    sentence: Sentence
    subject: Concept | None
    kinds: frozenset[str]
    main: Concept | None = None

    @property
    def text(self) -> str:
        return self.sentence.text

    def cue(self, name: str) -> bool:
        return has_cue(name, self.text)

    def cue_before(self, name: str, mention: Mention, window: int = 60) -> bool:
        before = self.text[max(0, mention.start - window):mention.start]
        return has_cue(name, _CLAUSE_START.split(before)[-1])

    def cue_after(self, name: str, mention: Mention, window: int = 70) -> bool:
        after = self.text[mention.end:mention.end + window]
        return has_cue(name, _CLAUSE_END.split(after)[0])

    def cue_near(self, name: str, mention: Mention) -> bool:
        return self.cue_before(name, mention, 50) or self.cue_after(name, mention)

    def in_section(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(kinds))


def qualifiers(text: str) -> tuple[str, str]:
    """(certainty, frequency) the sentence gives, recorded on the fact's axiom.

    >>> qualifiers("These may include infection, which is rare.")
    ('possible', 'rare')
    >>> qualifiers("Infection is very rare.")
    ('', 'very rare')
    """
    low = text.lower()
    frequency = next((v for k, v in _FREQUENCY if re.search(rf"\b{k}\b", low)), "")
    certainty = "possible" if _CERTAINTY.search(low) else ""
    return certainty, frequency


def _head_procedure(sentence: Sentence) -> Concept | None:
    """The procedure a list item is about when it reads ``Name: description``."""
    colon = sentence.text.find(":")
    if not sentence.is_list_item or colon < 0:
        return None
    heads = [m.concept for m in sentence.mentions
             if not m.nested and m.end <= colon and is_subject_procedure(m.concept)]
    return heads[0] if heads else None


def _other_procedure(sentence: Sentence, main: Concept | None) -> Concept | None:
    """Another procedure the sentence is about, when it does not name the main one.

    A procedure named after "alternative to", "than", "compared with" is the thing
    compared against, not what the sentence describes.
    """
    named = [m for m in sentence.mentions if not m.nested and m.asserted
             and is_subject_procedure(m.concept)]
    if main is None or any(m.concept == main for m in named):
        return None
    for m in named:
        before = sentence.text[max(0, m.start - 40):m.start]
        if not (has_cue("alternative", before) or _COMPARATIVE.search(before)
                or _MEANS.search(before)):
            return m.concept
    return None


def sentence_subject(sentence: Sentence, main: Concept | None,
                     previous: Concept | None = None,
                     previous_about_condition: bool = False,
                     earlier: Concept | None = None) -> Concept | None:
    """The procedure the sentence says things about (see the module docstring).

    ``previous`` is the other procedure the sentence before named: "It is normally
    recommended for ..." continues about it. When the sentence before was about a
    condition ("A bunion is ... It can cause pain"), "It" is that condition and no
    procedure is the subject. ``earlier`` is a procedure the text said the patient had
    before ("after a hip replacement"), which "the initial surgery" refers to.
    """
    head = _head_procedure(sentence)
    if head:
        return head
    if _PRONOUN_START.match(sentence.text):
        if previous is None and previous_about_condition:
            return None
        return previous or main
    found = _other_procedure(sentence, main)
    if found:
        return found
    if _EARLIER.search(sentence.text):
        # "During the initial surgery ...": the operation the patient had before, if the
        # text named one ("after a hip replacement"), else nothing we can name.
        return earlier
    return main


def clause_subject(view: SentenceView, mention: Mention) -> Concept | None:
    """The procedure a relative clause (``X, which ...``) before the mention is about."""
    best = view.subject
    for other in view.sentence.mentions:
        if other.nested or other.end > mention.start or not is_subject_procedure(other.concept):
            continue
        between = view.text[other.end:mention.start]
        if re.search(r"^\W*(?:\([^)]*\)\W*)?(?:which|that)\b", between):
            best = other.concept
    return best


Rule = Callable[[SentenceView, Mention, Concept], str | None]


def procedure_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    c = m.concept
    if view.cue_before("alternative", m) and is_subject_procedure(c):
        return "alternativeTo"
    if is_subject_procedure(c) and view.cue_before("subtype", m, 40):
        return "subtypeOf"
    if is_a(c, "SurgicalStep"):
        return "hasStep" if subject == view.main else None
    if is_a(c, "Anesthesia"):
        return "hasAnesthesia"
    if is_a(c, "DiagnosticProcedure") or is_a(c, "PreparationStep"):
        return "requiresPreparation" if _preparation(view) else None
    if is_a(c, "Therapy"):
        return _therapy_property(view)
    if subject != view.main or not is_subject_procedure(c):
        return None
    before = view.text[max(0, m.start - 40):m.start]
    if _CONTEXT_BEFORE.search(before):
        return None
    if (view.in_section("procedures") or view.cue_before("includes", m)
            or (view.sentence.is_list_item and has_cue("includes", view.sentence.lead_in))
            or _MEANS.search(before)):
        return "includesProcedure"
    return None


def _preparation(view: SentenceView) -> bool:
    return view.in_section("preparation") or view.cue("prep")


def _therapy_property(view: SentenceView) -> str | None:
    if view.in_section("preparation"):
        return "requiresPreparation"
    if view.in_section("aftercare", "recovery") or view.cue("aftercare"):
        return "hasAftercare"
    return None


def anatomy_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    if _PRESERVE_BEFORE.search(view.text[:m.start]):
        return None
    if view.cue_near("target", m) or view.in_section("title"):
        return "hasTargetSite"
    return None


def condition_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    c = m.concept
    if m.inside and "PatientGroup" in superclasses(m.inside):
        # "overweight patients": the condition describes who, it is not an outcome.
        return "treats" if (view.cue("treat") or view.in_section("indications")) else None
    risky = view.in_section("risks") or view.cue("risk")
    if is_a(c, "Complication") and risky:
        return "hasPossibleComplication"
    if view.in_section("risks") and not view.in_section("indications"):
        return "hasPossibleComplication"
    if view.in_section("contraindications") or (
            view.in_section("aftercare") and not view.in_section("indications")):
        return None
    if _other_agent(view.sentence, m, view.main):
        return None
    if view.cue("treat") or view.in_section("indications", "title"):
        return "treats"
    return None


def _other_agent(sentence: Sentence, m: Mention, main: Concept | None) -> bool:
    """"Medical treatments can reduce pain", "Steroids have anti-inflammatory effects":
    another intervention or a drug is what acts, not the procedure."""
    before = [o.concept for o in sentence.mentions if not o.nested and o.end <= m.start]
    return main not in before and any(is_a(c, "Therapy") or is_a(c, "Substance")
                                      for c in before)


def device_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    if is_a(m.concept, "WalkingAid") or is_a(m.concept, "Orthosis"):
        return "hasAftercare"
    return "usesDevice"


def imaging_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    if _preparation(view) and is_a(m.concept, "Procedure"):
        return "requiresPreparation"
    if view.cue("imaging") or m.concept.label in subject.label:
        return "usesImaging"
    return None


def substance_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    if view.cue("stop"):
        return "requiresDiscontinuationOf"
    if view.cue_near("administer", m):
        return "administers"
    if view.in_section("benefits", "aftercare", "risks"):
        return None
    return "administers" if is_a(subject, "InjectionProcedure") else None


def benefit_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    if view.in_section("benefits"):
        return "hasBenefit"
    if subject == view.main and _other_agent(view.sentence, m, view.main):
        return None
    if view.in_section("aftercare", "preparation"):
        # There a good outcome is usually the aim of a step or of aftercare, not a
        # benefit of the procedure, unless the text compares it with another one or it
        # is a lower risk, which only the procedure itself can bring.
        lower_risk = "risk" in m.concept.label or "complication" in m.concept.label
        return "hasBenefit" if lower_risk or _COMPARATIVE.search(view.text) else None
    return "hasBenefit"


def approach_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    return "hasApproach"


def group_rule(view: SentenceView, m: Mention, subject: Concept) -> str | None:
    if view.in_section("contraindications"):
        return None
    if view.cue("suitable") or view.in_section("indications"):
        return "suitableFor"
    return None


# Most specific first: an ImagingModality that is also an ImagingStudy is judged as imaging.
RULES: tuple[tuple[str, Rule], ...] = (
    ("ImagingModality", imaging_rule),
    ("Benefit", benefit_rule),
    ("Procedure", procedure_rule),
    ("AnatomicalStructure", anatomy_rule),
    ("Condition", condition_rule),
    ("Device", device_rule),
    ("Substance", substance_rule),
    ("Approach", approach_rule),
    ("PatientGroup", group_rule),
)


def property_for(view: SentenceView, mention: Mention, subject: Concept) -> str | None:
    """The core property linking ``subject`` to the mention, or None."""
    for cls, rule in RULES:
        if is_a(mention.concept, cls):
            return rule(view, mention, subject)
    return None


def usable(mention: Mention) -> bool:
    """A mention that can be the object of a procedure fact."""
    if mention.nested or is_generic(mention.concept):
        return False
    if is_a(mention.concept, "Benefit"):
        return not (mention.negated or mention.hypothetical)
    return mention.asserted


NAME_FACTS = (("AnatomicalStructure", "hasTargetSite"), ("Condition", "treats"))


def name_sites(sentence: Sentence) -> Iterator[Fact]:
    """What a procedure's very name says: "sciatic nerve release" targets the sciatic
    nerve, "bunion surgery" treats a bunion."""
    for proc in sentence.mentions:
        if proc.nested or not proc.asserted or not is_subject_procedure(proc.concept):
            continue
        for cls, prop in NAME_FACTS:
            inner = [m for m in sentence.mentions if m.nested and proc.start <= m.start
                     and m.end <= proc.end and is_a(m.concept, cls)]
            longest = max(inner, key=lambda m: m.end - m.start, default=None)
            if longest is not None:
                yield Fact(proc.concept, prop, longest.concept, sentence.doc_id,
                           sentence.text, sentence.section.heading)


def procedure_facts(view: SentenceView, doc_id: str) -> Iterator[Fact]:
    """Facts whose subject is a procedure, one per usable mention."""
    certainty, frequency = qualifiers(view.text)
    for mention in view.sentence.mentions:
        subject = clause_subject(view, mention)
        if subject is None or mention.concept == subject or not usable(mention):
            continue
        prop = property_for(view, mention, subject)
        if not prop:
            continue
        risky = prop == "hasPossibleComplication"
        section = view.sentence.section.heading
        yield Fact(subject, prop, mention.concept, doc_id, view.text, section,
                   certainty if risky else "", frequency if risky else "")
        if prop == "treats" and view.cue_before("target", mention, 50):
            for site in mention.concept.located_in:
                yield Fact(subject, "hasTargetSite",
                           Concept(site, ("AnatomicalStructure",), source="text"),
                           doc_id, view.text, section)

"""Facts between conditions and structures: symptoms, causes, sites, diagnosis, parts.

Two sources, both tied to one sentence: what the lexicon knows by definition (the
femoral head is part of the femur; a herniated disc is in an intervertebral disc)
becomes a fact of a document only when that sentence names both ends, and what the
sentence says in so many words ("symptoms of X include Y", "X as a result of Y",
"identified with an MRI scan").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from orthokg.loaders.model import Fact, Mention, Sentence
from orthokg.loaders.relations.cues import has_cue
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept

BACKGROUND = (("part_of", "partOf", False), ("subtype_of", "subtypeOf", False),
              ("located_in", "locatedIn", False), ("caused_by", "causes", True))


def _fact(s: Concept, prop: str, o: Concept, sentence: Sentence) -> Fact:
    return Fact(s, prop, o, sentence.doc_id, sentence.text, sentence.section.heading)


def background_facts(sentence: Sentence) -> Iterator[Fact]:
    """Lexicon relations whose two ends the sentence names (nested names count)."""
    present = {m.concept.label: m.concept for m in sentence.mentions
               if not (m.negated or m.hypothetical)}
    named = {m.concept.label for m in sentence.mentions if not m.nested}
    subtype_cue = has_cue("subtype", sentence.text)
    for concept in present.values():
        for column, prop, inverse in BACKGROUND:
            if prop == "subtypeOf" and not (subtype_cue and concept.label in named):
                continue
            for other in getattr(concept, column):
                if prop == "subtypeOf" and other not in named:
                    continue
                if other in present and other != concept.label:
                    s, o = (present[other], concept) if inverse else (concept, present[other])
                    yield _fact(s, prop, o, sentence)


def _conditions(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if not m.nested and m.asserted and is_a(m.concept, "Condition")]


def symptom_facts(sentence: Sentence, topic: Concept | None) -> Iterator[Fact]:
    """``topic`` has the symptoms a sentence (or list item under a symptom lead-in) lists."""
    text = sentence.lead_in if sentence.is_list_item else sentence.text
    if not sentence.is_list_item:
        own = [m.concept for m in _conditions(sentence.mentions) if not is_a(m.concept, "Symptom")]
        topic = own[0] if own else topic
    if topic is None or not has_cue("symptom", text):
        return
    for m in _conditions(sentence.mentions):
        if m.concept != topic and is_a(m.concept, "Symptom"):
            yield _fact(topic, "hasSymptom", m.concept, sentence)


_CAUSE_CUE = re.compile(
    r"\b(?P<by>as a result of|due to|caused by|because of|resulting from|secondary to)\b|"
    r"\b(?P<causes>causes?|leads? to|results? in|can also cause|induces?|gives? rise to)\b",
    re.I)
_PRONOUN = re.compile(r"^\s*(?:it|this|they|these)\b", re.I)
_CLAUSE_STOP = re.compile(r"[.;]|\b(?:but|although|while|which|that)\b", re.I)


def _clause_after(conds: list[Mention], text: str, pos: int) -> list[Mention]:
    """Conditions from ``pos`` to the end of the clause: an enumeration after a cue."""
    stop = _CLAUSE_STOP.search(text, pos)
    end = stop.start() if stop else len(text)
    return [c for c in conds if pos <= c.start < end]


def _clause_before(conds: list[Mention], text: str, pos: int) -> list[Mention]:
    """The conditions of the clause that ends at ``pos`` ("back pain and leg pain")."""
    starts = [m.end() for m in re.finditer(r"[.;,:]\s|\b(?:which|that|but)\b", text[:pos])]
    start = max([s for s in starts if not re.fullmatch(r"\s*", text[s:pos])], default=0)
    return [c for c in conds if start <= c.start and c.end <= pos]


def cause_facts(sentence: Sentence, previous: list[Concept],
                opening: Concept | None = None) -> Iterator[Fact]:
    """``Y as a result of X``, ``X, which causes A, B and C``, ``the main cause is X``;
    ``It can cause pain`` after a sentence that opened with a condition (``opening``)."""
    conds = _conditions(sentence.mentions)
    text = sentence.text
    for cue in _CAUSE_CUE.finditer(text):
        before: list[Concept] = [c.concept for c in _clause_before(conds, text, cue.start())]
        if not before and cue["causes"]:
            earlier = [c.concept for c in conds if c.end <= cue.start()][-1:]
            pronoun = opening is not None and _PRONOUN.match(text[:cue.start()])
            before = earlier or ([opening] if pronoun else [])
        for left in before:
            for right in _clause_after(conds, text, cue.end()):
                cause, effect = (right.concept, left) if cue["by"] else (left, right.concept)
                if cause != effect:
                    yield _fact(cause, "causes", effect, sentence)
    if len(conds) == 1 and re.search(r"\b(common|main|usual|frequent) cause\b", text, re.I):
        for effect in previous[:1]:
            if effect != conds[0].concept:
                yield _fact(conds[0].concept, "causes", effect, sentence)


def diagnosis_facts(sentence: Sentence, previous: list[Concept]) -> Iterator[Fact]:
    """A condition ``can be identified with`` a test or imaging modality."""
    if not has_cue("diagnose", sentence.text):
        return
    tests = [m.concept for m in sentence.mentions if not m.nested and m.asserted
             and (is_a(m.concept, "ImagingModality") or is_a(m.concept, "DiagnosticProcedure"))]
    conds = [m.concept for m in _conditions(sentence.mentions)] or previous[:1]
    for cond in conds:
        for test in tests:
            yield _fact(cond, "diagnosedBy", test, sentence)


def location_facts(sentence: Sentence) -> Iterator[Fact]:
    """``pain in the buttock``: a condition directly followed by ``in/of the`` a structure."""
    mentions = [m for m in sentence.mentions if not m.nested]
    for cond, site in pairwise(mentions):
        if not (is_a(cond.concept, "Condition") and is_a(site.concept, "AnatomicalStructure")):
            continue
        if re.fullmatch(r"\s+(?:of|in|around|within|affecting)\s+(?:the\s+|your\s+)?",
                        sentence.text[cond.end:site.start]) and cond.asserted:
            yield _fact(cond.concept, "locatedIn", site.concept, sentence)

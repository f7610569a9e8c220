"""Concepts the text composes from known ones: surgical steps and reduced risks.

A leaflet rarely names a step with a fixed term; it says what is done to what ("the
head of the femur ... is removed", "preparing the acetabulum"). An action word from
``step_actions.tsv`` acting on a structure or implant gives the step "femoral head
removal", with the other names a reader might use, so it resolves to the same node
across documents. Likewise a complication whose risk the text says is *reduced* is a
benefit ("reduced risk of osteolysis"), never a possible complication.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from orthokg.loaders.model import Mention, Sentence
from orthokg.loaders.rule_files import compile_rule, packaged, read_rule_rows
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept

_BOUNDARY = re.compile(r"(?:[,;:]|\b(?:which|that|once|as|when|then|and|through)\b)", re.I)
_PASSIVE = r"\b(?:is|are|be|been|being|was|were)\s+(?:\w+ly\s+|then\s+|also\s+)?"


@dataclass(frozen=True, slots=True)
class Action:
    pattern: re.Pattern[str]
    noun: str
    gerund: str


@cache
def step_actions() -> tuple[Action, ...]:
    """The action words of ``step_actions.tsv``, each with its noun and gerund."""
    path = packaged(__package__, "step_actions.tsv")
    return tuple(Action(compile_rule(path, line, rf"\b{pattern}\b"), noun, gerund)
                 for line, (pattern, noun, gerund)
                 in read_rule_rows(path, ("pattern", "noun", "gerund")))


def _step_object(concept: Concept) -> bool:
    return is_a(concept, "AnatomicalStructure") or is_a(concept, "Implant")


def _coordinated(text: str, objs: list[Mention], first: Mention) -> list[Mention]:
    """``muscles and soft tissues``: the first object and those joined to it by 'and'."""
    group = [first]
    for nxt in objs:
        if nxt.start > group[-1].end and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:other\s+)?",
                                                      text[group[-1].end:nxt.start]):
            group.append(nxt)
    return group


_RELATIVE = re.compile(r"\bthat (?:is|are|was|were) \w+\b", re.I)


def _passive_objects(text: str, objs: list[Mention], verb_start: int) -> list[Mention]:
    before = [m for m in objs if m.end <= verb_start]
    if not before:
        return []
    # "the head of the femur that is diseased is removed": a short relative clause
    # describing the object does not end the clause the object belongs to.
    plain = _RELATIVE.sub(lambda r: " " * len(r[0]), text)
    clause_start = max((b.end() for b in _BOUNDARY.finditer(plain, 0, verb_start)),
                       default=0)
    in_clause = [m for m in before if m.start >= clause_start]
    return _coordinated(text, before, in_clause[0]) if in_clause else []


def _active_objects(text: str, objs: list[Mention], verb_end: int) -> list[Mention]:
    after = [m for m in objs if m.start >= verb_end and m.start - verb_end <= 30
             and not _BOUNDARY.search(text[verb_end:m.start])]
    return _coordinated(text, objs, after[0]) if after else []


def _step_concept(action: Action, objects: list[Mention]) -> Concept:
    labels = " and ".join(m.concept.label for m in objects)
    surfaces = " and ".join(m.text for m in objects)
    names = {f"{labels} {action.noun}", f"{action.noun} of {labels}",
             f"{action.gerund} {labels}", f"{surfaces} {action.noun}",
             f"{action.noun} of {surfaces}"}
    if len(objects) == 1:
        for name in objects[0].concept.names:
            names |= {f"{name} {action.noun}", f"{action.noun} of {name}"}
    label = f"{labels} {action.noun}"
    return Concept(label=label, classes=("SurgicalStep",),
                   synonyms=tuple(sorted(names - {label})), source="text",
                   definition=f"The step of {action.gerund} the {labels}.")


def surgical_steps(sentence: Sentence) -> Iterator[Concept]:
    """Steps the sentence describes as an action on a structure or implant."""
    text = sentence.text
    objs = [m for m in sentence.mentions if not m.nested and _step_object(m.concept)]
    named_steps = [m for m in sentence.mentions if is_a(m.concept, "SurgicalStep")]
    if not objs:
        return
    for action in step_actions():
        for verb in action.pattern.finditer(text):
            if any(m.start <= verb.start() < m.end for m in named_steps):
                continue
            passive = re.search(_PASSIVE + r"$", text[:verb.start()] + "")
            found = (_passive_objects(text, objs, verb.start()) if passive
                     else _active_objects(text, objs, verb.end()))
            if found:
                yield _step_concept(action, found)


def reduced_risk_benefit(sentence: Sentence, mention: Mention) -> Concept | None:
    """The benefit "reduced risk of X" for a condition X whose risk the text lowers."""
    if not (mention.reduced and not mention.nested and is_a(mention.concept, "Condition")):
        return None
    before = sentence.text[max(0, mention.start - 60):mention.start].lower()
    x = mention.concept.label
    if "risk" in before or "chance" in before:
        names = (f"lower risk of {x}", f"decreased risk of {x}", f"reduced {x} risk",
                 f"lower {x} risk", f"less {x}", f"fewer {x}")
        return Concept(f"reduced risk of {x}", ("Benefit",), names, source="text",
                       definition=f"A lower chance of {x} than with the alternative.")
    names = (f"less {x}", f"lower {x}", f"decreased {x}", f"minimal {x}")
    return Concept(f"reduced {x}", ("Benefit",), names, source="text",
                   definition=f"Less {x} than with the alternative.")


_PRESERVE = re.compile(r"\b(preserv|conserv|spar|protect)(?:e|es|ed|ing|ation|ion|s)?\b", re.I)


def preserved_structures(sentence: Sentence) -> Iterator[Concept]:
    """"BHR preserves natural bone and soft tissue": the structures a procedure spares."""
    text = sentence.text
    for verb in _PRESERVE.finditer(text):
        for m in sentence.mentions:
            if m.nested or not is_a(m.concept, "AnatomicalStructure") or m.start < verb.end():
                continue
            if m.start - verb.end() > 40 or re.search(r"[,;.]", text[verb.end():m.start]):
                continue
            x, said = m.concept.label, m.text.lower()
            names = {f"preservation of {x}", f"{x} conservation", f"{x} sparing",
                     f"preserves {x}", f"conservation of {x}", f"{said} preservation",
                     f"preserves {said}", f"conserves {said}", f"{said} conservation"}
            yield Concept(f"{x} preservation", ("Benefit",), tuple(sorted(names)),
                          source="text",
                          definition=f"Keeping the {x} that the operation could remove.")


_GROUP_BEFORE = re.compile(
    r"\b(?P<who>people|patients|individuals|adults|those|athletes|children|men|women)\s+(?:who\s+(?:have|"
    r"are experiencing|suffer from|are suffering from)|with|experiencing|suffering from|"
    r"living with)\s+$", re.I)


def patient_groups(sentence: Sentence) -> Iterator[tuple[Mention, Concept]]:
    """"recommended for people experiencing mild osteoarthritis": the group a procedure suits."""
    for m in sentence.mentions:
        if m.nested or not m.asserted or not is_a(m.concept, "Condition"):
            continue
        found = _GROUP_BEFORE.search(sentence.text[max(0, m.start - 45):m.start])
        if found is None:
            continue
        x, said = m.concept.label, m.text.lower()
        names = {f"patients with {x}", f"people experiencing {x}", f"people who have {x}",
                 f"people with {said}", f"{found['who'].lower()} with {said}",
                 f"people experiencing {said}"}
        yield m, Concept(f"people with {x}", ("PatientGroup",), tuple(sorted(names)),
                         source="text", definition=f"Patients who have {x}.")

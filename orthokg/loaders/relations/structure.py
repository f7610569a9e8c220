"""Facts a phrase's shape states without a cue word.

* A procedure's own name says what it acts on or treats: "sciatic nerve release"
  targets the sciatic nerve, "bunion surgery" treats a bunion, "hemiarthroplasty of the
  hip" targets the hip joint.
* "X of the Y", "X in the Y": a structure the lexicon knows is part of Y ("the head of
  the femur", "the socket of the hip joint"), a disease or injury located in Y ("a
  herniated disc in the lower back", "a stress fracture in the pelvis").
* A procedure that heads a labelled paragraph or list item under a heading about types
  ("Types of knee replacement" ... "Partial replacement: ...") is a kind of the page's
  procedure.
* "a nerve pinched by a herniated disc": the agent of an injury verb causes the injury.
* "X with Y": a disease with its symptoms ("knee arthritis with severe pain and
  stiffness"); such symptoms describe X, not what a procedure treats.
* "If you have X, your surgeon may recommend Y": what is offered for a disease or injury
  the patient has treats it.

Knowledge the lexicon holds about a concept becomes a document's fact only where the
sentence states it in one of these shapes: a page that merely names the femoral head and
the femur states nothing about how they relate.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from orthokg.loaders.model import Fact, Mention, Sentence
from orthokg.loaders.recognition.generic import is_generic
from orthokg.loaders.recognition.language import described
from orthokg.loaders.relations.subjects import (
    ARTICLES,
    HEAD_REASON,
    LABEL_MAX_WORDS,
    LABEL_REASON,
    SUBJECT_REASON,
    Subject,
    broader_or_same,
    can_be_subject,
    is_intervention,
)
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import TEXT_SOURCE, Concept, load_lexicon
from orthokg.ontology.normalize import singular

OF_PREPS = frozenset({"of", "in", "within", "on", "at", "inside", "around"})
# "the tibial plateau at the top of the tibia": a part word between keeps the link.
PARTITIVES = frozenset({"top", "end", "bottom", "side", "front", "back", "inside", "outside",
                        "surface", "part", "base", "tip", "middle"})
LOCATED_CLASSES = ("Disease", "Injury", "Deformity", "Tumor", "Finding")
NAME_FACTS = (("AnatomicalStructure", "hasTargetSite"), ("Condition", "treats"))
SYMPTOM_LINKS = frozenset({"with", "causing", "including"})
# "If you have a torn cartilage, your surgeon may suggest an arthroscopy": verbs that offer a
# procedure, and the words that make the clause before them the patient's case.
OFFER_VERBS = frozenset({"recommend", "suggest", "offer", "advise", "propose", "need"})
CASE_MARKS = frozenset({"if", "when"})
# What a procedure offered in a patient's case treats: a disease or injury, not a symptom
# ("If the pain persists, an injection may be offered" names no condition treated).
TREATED_CLASSES = ("Disease", "Injury", "Deformity", "Tumor")
# Offered in a patient's case without treating it: tests that look for the condition.
NOT_TREATMENTS = ("DiagnosticProcedure", "ImagingStudy", "ImagingModality")


def _fact(s: Concept, prop: str, o: Concept, sentence: Sentence) -> Fact:
    return Fact(s, prop, o, sentence.doc_id, sentence.text, sentence.section.heading)


def _top(sentence: Sentence) -> list[Mention]:
    return [m for m in sentence.mentions if not m.nested]


def _attached(doc: Doc, left: Mention, right: Mention) -> str | None:
    """The preposition joining ``left`` to ``right`` ("head of the femur"), if only a
    preposition and determiners stand between them."""
    between = doc[left.last:right.first]
    if not between or between[0].lower_ not in OF_PREPS:
        return None
    if any(t.pos_ not in ("DET", "PRON", "ADP") and t.lower_ not in PARTITIVES
           for t in between[1:]):
        return None
    return between[0].lower_


def name_facts(sentence: Sentence) -> Iterator[Fact]:
    """What a procedure's name says: the structure or condition named inside it, or
    attached by "of" ("hemiarthroplasty of the hip")."""
    mentions = sentence.mentions
    for proc in _top(sentence):
        if not proc.asserted or not can_be_subject(proc.concept):
            continue
        for cls, prop in NAME_FACTS:
            inner = [m for m in mentions if m.nested and proc.first <= m.first
                     and m.last <= proc.last and is_a(m.concept, cls)]
            longest = max(inner, key=lambda m: m.last - m.first, default=None)
            if longest is not None and longest.concept != proc.concept:
                yield _fact(proc.concept, prop, longest.concept, sentence)
        if sentence.doc is None:
            continue
        after = [m for m in _top(sentence) if m.first >= proc.last]
        if after and is_a(after[0].concept, "AnatomicalStructure") and \
                _attached(sentence.doc, proc, after[0]) == "of":
            yield _fact(proc.concept, "hasTargetSite", after[0].concept, sentence)


def variant_facts(sentence: Sentence, subject: Subject, main: Concept | None,
                  kinds: tuple[str, ...]) -> Iterator[Fact]:
    """"Types of hip repair" ... "Primary repair:": the labelled variant is a subtype of the
    page's procedure; so is one a sentence of that section is about ("A steroid injection
    puts a steroid into the joint"). Only a line that names it states this."""
    variant = subject.concept
    named = subject.reason in (LABEL_REASON, HEAD_REASON) or \
        subject.reason.startswith(SUBJECT_REASON)  # "A steroid injection puts ..."
    if main is None or variant is None or "types" not in kinds or not named:
        return
    if is_intervention(variant) and is_intervention(main) and \
            not broader_or_same(variant, main):
        yield _fact(variant, "subtypeOf", main, sentence)


def approach_of_main(sentence: Sentence, main: Concept | None) -> Iterator[Fact]:
    """"Most surgeons do an open release" on a page about carpal tunnel release: the
    page's operation (its head noun) named with only the way it is done before it is that
    operation done that way, so the page's procedure has that approach."""
    if main is None:
        return
    head = singular(main.label.split()[-1].lower())
    for m in sentence.mentions:
        words = [w for w in m.text.lower().split() if w not in ARTICLES]
        if m.nested or not m.asserted or m.concept.source != TEXT_SOURCE or len(words) < 2 or \
                singular(words[-1]) != head or not is_a(m.concept, "Procedure"):
            continue
        inside = {n.text.lower(): n.concept for n in sentence.mentions
                  if n.nested and m.first <= n.first and n.last <= m.last
                  and is_a(n.concept, "Approach")}
        ways = [inside.get(w) or load_lexicon().get(f"{w} approach") for w in words[:-1]]
        if ways and all(w is not None and is_a(w, "Approach") for w in ways):
            yield from (_fact(main, "hasApproach", w, sentence) for w in ways if w is not None)


def part_and_place_facts(sentence: Sentence) -> Iterator[Fact]:
    """"head of the femur" (part of), "herniated disc in the lumbar spine" (located in)."""
    doc = sentence.doc
    if doc is None:
        return
    top = _top(sentence)
    for left, right in itertools.pairwise(top):
        if not (left.asserted and is_a(right.concept, "AnatomicalStructure")):
            continue
        if _attached(doc, left, right) is None:
            continue
        if is_a(left.concept, "AnatomicalStructure") and \
                right.concept.label in left.concept.part_of:
            yield _fact(left.concept, "partOf", right.concept, sentence)
        elif any(is_a(left.concept, c) for c in LOCATED_CLASSES) and \
                not is_a(left.concept, "Symptom"):
            yield _fact(left.concept, "locatedIn", right.concept, sentence)
    yield from _coordinated_parts(sentence, doc, top)
    for m in sentence.mentions:
        if not m.nested or not is_a(m.concept, "AnatomicalStructure"):
            continue
        outer = next((o for o in top if o.first <= m.first and m.last <= o.last), None)
        if outer is not None and is_a(outer.concept, "AnatomicalStructure") and \
                m.concept.label in outer.concept.part_of and \
                " of " in sentence.text[outer.start:m.start + 1]:  # "head of the femur"
            yield _fact(outer.concept, "partOf", m.concept, sentence)


def _mentions_by_token(sentence: Sentence, top: list[Mention]) -> dict[int, list[Mention]]:
    """Every mention at each token, nested ones too ("body of the femur" holds the femur)."""
    by_token: dict[int, list[Mention]] = {}
    for m in (*top, *(m for m in sentence.mentions if m.nested)):
        for i in range(m.first, m.last):
            by_token.setdefault(i, []).append(m)
    return by_token


def _coordinated_parts(sentence: Sentence, doc: Doc, top: list[Mention]) -> Iterator[Fact]:
    """"the neck and body of the femur": each conjunct is part of what "of" names."""
    by_token = _mentions_by_token(sentence, top)
    for part in top:
        if not is_a(part.concept, "AnatomicalStructure"):
            continue
        head = doc[part.last - 1]
        for conj in (head, *head.conjuncts):  # the parser hangs "of" on either conjunct
            for prep in conj.children:
                if prep.dep_ != "prep" or prep.lower_ not in OF_PREPS:
                    continue
                for pobj in prep.children:
                    for whole in by_token.get(pobj.i, ()):
                        if whole is not part and whole.concept.label in part.concept.part_of:
                            yield _fact(part.concept, "partOf", whole.concept, sentence)


def named_causes(sentence: Sentence) -> Iterator[Fact]:
    """"osteoporosis induced fractures": a condition named inside the name of another that
    the lexicon knows it causes."""
    top = _top(sentence)
    for m in sentence.mentions:
        if not m.nested or not is_a(m.concept, "Condition"):
            continue
        outer = next((o for o in top if o.first <= m.first and m.last <= o.last), None)
        if outer is not None and outer.asserted and m.concept.label in outer.concept.caused_by:
            yield _fact(m.concept, "causes", outer.concept, sentence)


def agent_causes(sentence: Sentence) -> Iterator[Fact]:
    """"a nerve which is being pinched by a herniated disc": the condition doing the
    pinching causes the injury the pinched structure has."""
    doc = sentence.doc
    if doc is None:
        return
    top = _top(sentence)
    for cause in top:
        by = doc[cause.last - 1].head
        if not (cause.asserted and is_a(cause.concept, "Condition")) or \
                by.lower_ != "by" or by.dep_ != "agent":
            continue
        verb = by.head
        for patient in (described(verb, c) for c in verb.children if c.dep_ == "nsubjpass"):
            hurt = next((m for m in top if m.first <= patient.i < m.last), None)
            if hurt is not None and hurt is not cause and is_a(hurt.concept, "Condition"):
                yield _fact(cause.concept, "causes", hurt.concept, sentence)


def attached_symptoms(sentence: Sentence) -> dict[int, Mention]:
    """Symptoms hanging off a condition by "with" ("arthritis with pain and stiffness"):
    token index of each symptom mention -> the condition it describes. Only what the
    link word governs is attached, so the items of a list that goes on after it are
    not."""
    doc = sentence.doc
    found: dict[int, Mention] = {}
    if doc is None:
        return found
    top = _top(sentence)
    for cond in top:
        if not is_a(cond.concept, "Condition") or is_a(cond.concept, "Symptom"):
            continue
        link = doc[cond.last] if cond.last < len(doc) else None
        if link is None or link.lower_ not in SYMPTOM_LINKS:
            continue
        for m in top:
            if m.first <= cond.last or not is_a(m.concept, "Condition"):
                continue
            between = doc[cond.last + 1:m.first]
            if any(t.lower_ in (";", ".", "despite", "but", "which") for t in between):
                break
            if any(t.dep_ in ("prep",) and t.lower_ not in ("with", "of", "in")
                   for t in between):
                break
            if not link.is_ancestor(doc[m.last - 1]):
                # "nerve injury causing numbness, infection and stiffness": the list goes
                # on after the participle's own object; the later items are the list's
                break
            found[m.first] = cond
    found.update(labelled_symptoms(sentence))
    return found


# Separators of a run-in label ("Failed back surgery syndrome: leg pain ...").
LABEL_SEPARATORS = (":", " - ", " \u2013 ", " \u2014 ")
# Sections whose labelled items are harms of the procedure ("Nerve damage: numbness in the
# foot" under Risks is a harm the operation brings, told with what it feels like).
HARM_KINDS = frozenset({"risks", "aftercare"})


def labelled_symptoms(sentence: Sentence) -> dict[int, Mention]:
    """"Failed back surgery syndrome: leg pain, often with back pain, that continues
    after ..." in a list of what a procedure treats: a run-in label that names only a
    disease or injury is described by what follows it, and the symptoms named there
    (before a relative clause or a new clause) are that condition's, not further
    conditions the procedure treats. Token index of each symptom -> the label."""
    doc = sentence.doc
    found: dict[int, Mention] = {}
    if doc is None or sentence.section.kind in HARM_KINDS:
        return found
    cut = min((i for i in (sentence.text.find(s) for s in LABEL_SEPARATORS) if i > 0),
              default=-1)
    if cut < 0 or len(sentence.text[:cut].split()) > LABEL_MAX_WORDS:
        return found
    top = _top(sentence)
    labels = [m for m in top if m.end <= cut and not any(  # (not a name inside the label's)
        o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
        for o in top)]
    if len(labels) != 1 or not labels[0].asserted or \
            not is_a(labels[0].concept, "Condition") or is_a(labels[0].concept, "Symptom"):
        return found
    for m in top:
        if m.start <= cut:
            continue
        if any(t.lower_ in (";", "which", "that", "who", "because", "so")
               for t in doc[labels[0].last:m.first] if t.idx > cut):
            break
        if m.asserted and is_a(m.concept, "Symptom") and m.concept != labels[0].concept:
            found[m.first] = labels[0]
    return found


def symptom_facts(sentence: Sentence) -> Iterator[Fact]:
    for index, cond in attached_symptoms(sentence).items():
        symptom = next(m for m in sentence.mentions if not m.nested and m.first == index)
        if symptom.asserted and symptom.concept != cond.concept:
            yield _fact(cond.concept, "hasSymptom", symptom.concept, sentence)


def offered_treatments(sentence: Sentence) -> Iterator[Fact]:
    """"If you have a broken wrist, your doctor may recommend a plaster cast" (or "... a
    fixation may be recommended"): a procedure that a verb of offering takes as its
    object, in a clause whose condition ("if", "when") names a disease or injury the
    patient has, treats that disease or injury. A negated offer ("we would not
    recommend surgery") and a condition the clause denies say nothing of the kind, and
    "an operation" names no procedure of its own to state it of."""
    doc = sentence.doc
    if doc is None:
        return
    top = _top(sentence)
    for verb in doc:
        if verb.lemma_.lower() not in OFFER_VERBS or \
                any(c.dep_ == "neg" for c in verb.children):
            continue
        offered = [m for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                   for t in (c, *c.conjuncts) for m in top
                   if m.first <= t.i < m.last and m.asserted
                   and is_a(m.concept, "Procedure") and not is_generic(m.concept)
                   and not any(is_a(m.concept, k) for k in NOT_TREATMENTS)]
        if not offered:
            continue
        for case in (c for c in verb.children if c.dep_ == "advcl" and any(
                m.dep_ in ("mark", "advmod") and m.lower_ in CASE_MARKS  # "when": advmod
                for m in c.children)):
            tokens = {t.i for t in case.subtree}
            for condition in top:
                if condition.first in tokens and not condition.negated and \
                        any(is_a(condition.concept, k) for k in TREATED_CLASSES) and \
                        not is_a(condition.concept, "Symptom"):
                    for procedure in offered:
                        yield _fact(procedure.concept, "treats", condition.concept, sentence)


# Verbs by which one condition brings about another, and the words that, as their object,
# stand for the condition the text is speaking of ("diabetes can cause it").
CAUSE_VERBS = frozenset({"cause", "trigger"})
STAND_INS = frozenset({"it", "this", "condition", "problem"})


def stand_in_causes(sentence: Sentence, condition: Concept | None) -> Iterator[Fact]:
    """"Pregnancy, diabetes and rheumatoid arthritis can cause it", "Tight shoes cause the
    condition": a cause verb whose object stands for the condition spoken of (the one the
    section explains, else the one the text was on) has that condition as its effect, and
    each condition named as the verb's subject (with its conjuncts) as a cause. A denied
    cause ("it does not cause it") states nothing, and a symptom is no condition a page
    spells out the causes of."""
    doc = sentence.doc
    if doc is None or condition is None or is_a(condition, "Symptom"):
        return
    top = _top(sentence)
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in CAUSE_VERBS or \
                any(c.dep_ == "neg" for c in verb.children):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not any(_stands_for_condition(o) for o in objects):
            continue
        subjects = [t for c in verb.children if c.dep_ == "nsubj" for t in (c, *c.conjuncts)]
        for cause in top:
            if cause.asserted and cause.concept != condition and \
                    is_a(cause.concept, "Condition") and \
                    any(cause.first <= t.i < cause.last for t in subjects):
                yield _fact(cause.concept, "causes", condition, sentence)


def _stands_for_condition(token: Token) -> bool:
    """"it", "this", "the condition", "this problem" (not "a condition": a new one)."""
    word = token.lemma_.lower()
    if word not in STAND_INS:
        return False
    if word in ("it", "this"):
        return not list(token.children)
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)

"""Conditions and habits of the patient, as opposed to outcomes the procedure may bring.

A risks section often says who heals slower: "If you have diabetes, recovery may be
slower", "people with diabetes should check their sugar", "having diabetes can mean ...".
Diabetes there is a risk factor of the patient, not a harm of the procedure, and the
grammar says so: the condition is held by the patient (the object of *have* or *suffer
from* in a condition clause, a relative clause about patients or a gerund), it qualifies a
group of people ("people with ..."), or it is what slows healing or raises a risk
("smoking slows tendon healing", "obesity increases the risk of infection"). A harm stated
as a possibility ("you may have some bruising") keeps its modal and is not caught; a
complication that delays healing ("infection can delay healing") is still a complication,
which the caller checks by class.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from orthokg.loaders.recognition.composition import GROUP_WORDS

HOLDER_WORDS = GROUP_WORDS | {"someone", "you"}  # who holds a condition
HAVE_VERBS = frozenset({"have", "suffer", "live"})
CONDITION_MARKS = frozenset({"if", "unless"})
# Verbs whose subject is a factor acting on the patient's outcome, not an outcome.
FACTOR_VERBS = frozenset({"slow", "delay", "impair", "hinder", "increase", "raise",
                          "affect", "worsen"})
# "X are more likely to ...": X is who or what is exposed, not the harm.
PRONE_WORDS = frozenset({"likely", "prone", "susceptible", "vulnerable"})
MODALS = frozenset({"may", "might", "can", "could", "will", "would", "should", "must"})


def patient_factor(span: Span) -> bool:
    """True when the sentence presents the condition as the patient's own (one they have,
    or one that acts on their outcome), not as something the procedure brings."""
    root = span.root
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in FACTOR_VERBS:
        return True  # "smoking slows down tendon healing"
    if root.dep_ == "nsubj" and root.head.lemma_ == "be" and any(
            c.dep_ == "acomp" and c.lower_ in PRONE_WORDS for c in root.head.children):
        return True  # "smokers are more likely to have a re-tear"
    if root.dep_ in ("acomp", "attr") and root.head.lemma_ == "be" and \
            root.head.tag_ == "VBG":
        return True  # "being very overweight raises the chance of ...": a state of the patient
    if root.dep_ == "pobj" and root.head.lower_ in ("with", "without"):
        prep = root.head
        before = prep.doc[prep.i - 1] if prep.i > 0 else prep
        if prep.head.lower_ in HOLDER_WORDS or before.lower_ in HOLDER_WORDS:
            return True  # "people with diabetes" (also where "with" hangs elsewhere)
    verb = _holding_verb(root)
    if verb is None or any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children):
        return False
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in verb.children):
        return True  # "if you have diabetes"
    if verb.dep_ in ("relcl", "acl") and verb.head.lower_ in HOLDER_WORDS:
        return True  # "patients who have diabetes", "people suffering from diabetes"
    return verb.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in
                                          verb.children)  # "having diabetes may mean ..."


def _holding_verb(root: Token) -> Token | None:
    """The have/suffer verb whose object the condition is ("have diabetes", "suffer from
    diabetes", "living with diabetes")."""
    if root.dep_ in ("dobj", "attr") and root.head.lemma_.lower() in HAVE_VERBS:
        return root.head
    if root.dep_ == "pobj" and root.head.lower_ in ("from", "with") and \
            root.head.head.lemma_.lower() in HAVE_VERBS - {"have"}:
        return root.head.head
    return None

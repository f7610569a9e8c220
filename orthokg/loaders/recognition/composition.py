"""Concepts the text composes from known ones, read from the parse.

A leaflet rarely names a step, a benefit or a patient group with a fixed term; it says
what is done to what, what gets better, who it is for:

* **steps** — an action verb (``step_actions.tsv``) and its object: "the surgeon removes
  damaged cartilage" (active: the direct object), "the femoral head is removed"
  (passive: the subject), "Removal of the lamina" (the noun with "of"). The step
  "cartilage removal" keeps the text's own wording among its names ("removal of damaged
  cartilage"), so it resolves to the same node as another page's "cartilage removal";
* **benefits** — a comparative on an outcome noun ("less blood loss", "recovery is
  shorter"), or a verb that relieves or restores ("reduce pain", "restore function");
* **patient groups** — "people with mild osteoarthritis";
* **conditions at a site** — "infection in the hip joint" is a hip joint infection;
* **procedures the lexicon lacks** — a procedure head word (``procedure_heads.tsv``) with a
  specific modifier: "hip abductor repair", "open release".

Each composed concept is made up (``source="text"``): resolution later merges it with a
lexicon concept that shares one of its names.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from orthokg.errors import LexiconError
from orthokg.loaders.recognition.coordination import shared_complements, shared_heads
from orthokg.loaders.recognition.generic import generic_labels, is_generic
from orthokg.loaders.recognition.language import described, verb_lemmas
from orthokg.loaders.recognition.sentence_mentions import Composed, Mentions
from orthokg.loaders.rule_files import packaged, read_rule_rows
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import TEXT_SOURCE, Concept
from orthokg.ontology.tbox import declared_classes

PARTITIVES = frozenset({"part", "portion", "piece", "amount", "section", "bit", "top", "end",
                        "inside", "surface", "layer", "fragment", "half", "area", "lining"})
# Pieces that come away from a structure: "the disc fragment" is not the disc.
PIECES = frozenset({"fragment", "chip", "spur", "sequestrum"})
PATIENT_AGENTS = frozenset({"you", "your", "patient", "patients", "people"})
# "When can I remove the dressing?" is the patient asking; "I remove the inflamed bursa"
# in a surgeon's own leaflet is the surgeon: "I" is the patient in a question or with a
# modal of permission or duty.
PATIENT_MODALS = frozenset({"can", "could", "should", "must"})
OBJECT_BLOCK = frozenset({"procedure", "operation", "surgery", "treatment", "way", "time",
                          "patient", "people", "you", "it", "them", "this", "that", "which",
                          "area", "site", "place", "position", "option", "amount", "number"})
STEP_OBJECT_CLASSES = ("AnatomicalStructure", "Device", "Condition", "Substance")
QUALIFIERS = frozenset({"open", "arthroscopic", "percutaneous", "endoscopic", "primary",
                        "revision", "total", "partial", "mini", "minimally", "keyhole",
                        "anterior", "posterior", "lateral", "medial", "direct", "reverse",
                        "anatomic", "anatomical", "robotic", "radiofrequency", "shockwave",
                        "laser", "staged", "single", "double", "image-guided", "guided"})
BENEFIT_WORDS = {"less": "reduced", "lower": "reduced", "reduced": "reduced",
                 "decreased": "reduced", "fewer": "fewer", "minimal": "minimal",
                 "smaller": "smaller", "faster": "faster", "quicker": "faster",
                 "rapid": "faster", "shorter": "shorter", "better": "improved",
                 "improved": "improved", "greater": "improved", "increased": "improved",
                 "earlier": "earlier"}
OUTCOME_NOUNS = frozenset({"recovery", "stay", "loss", "pain", "scar", "scarring", "incision",
                           "time", "rehabilitation", "mobility", "function", "movement",
                           "motion", "strength", "stability", "trauma", "damage", "bleeding",
                           "risk", "discomfort", "swelling", "bruising", "cut", "wound",
                           "downtime", "hospitalisation", "hospitalization", "use", "need",
                           "return", "range", "quality", "flexibility", "grip", "alignment",
                           "requirement", "reliance", "dependence"})
NEED_NOUNS = frozenset({"need", "requirement", "reliance", "dependence", "use"})
RELIEF_VERBS = frozenset({"relieve", "reduce", "ease", "alleviate", "decrease", "lessen",
                          "lower", "minimise", "minimize", "cut"})
RESTORE_VERBS = {"improve": "improved", "restore": "restored", "regain": "restored",
                 "increase": "improved", "enhance": "improved", "preserve": "preserved",
                 "conserve": "preserved", "spare": "preserved"}
GROUP_WORDS = frozenset({"people", "patients", "patient", "individuals", "adults", "those",
                         "athletes", "children", "men", "women", "anyone", "person"})
GROUP_LINKS = ("with", "who have", "who has", "suffering from", "experiencing", "living with")
SITE_PREPS = frozenset({"in", "of", "around", "at", "on", "within", "near", "to"})
PRESSURE_WORDS = frozenset({"pressure", "compression", "pinching", "impingement"})
SITE_CONDITIONS = ("Complication",)
LABEL_MAX_WORDS = 6
# Words that make a condition a distinct outcome: "persistent weakness", "increased back
# pain" are complications in their own right, not the plain symptom.
COURSE_WORDS = frozenset({"persistent", "continuing", "ongoing", "increased", "worsening",
                          "worse", "recurrent", "residual", "chronic", "retracted",
                          "degenerative", "massive", "acute", "subacute"})
REDUCING_WORDS = frozenset({"reduced", "fewer", "minimal", "smaller"})
LEAK_WORDS = frozenset({"leak", "leaking", "leakage"})
RETURN_VERBS = frozenset({"return", "resume", "get"})
SPEED_ADVERBS = frozenset({"quickly", "quicker", "sooner", "faster", "earlier", "early",
                           "rapidly", "soon"})


@dataclass(frozen=True, slots=True)
class Action:
    noun: str
    gerund: str


@cache
def step_actions() -> dict[str, Action]:
    """``step_actions.tsv``: verb lemma (with its particle: "take out") -> the step's noun
    and gerund."""
    path = packaged("orthokg.loaders.recognition", "step_actions.tsv")
    rows = read_rule_rows(path, ("lemma", "noun", "gerund", "example", "why"))
    return {lemma: Action(noun, gerund) for _, (lemma, noun, gerund, _e, _w) in rows}


@cache
def step_nouns() -> dict[str, str]:
    """Step noun -> the verb lemma (for "removal of the lamina")."""
    return {a.noun: lemma for lemma, a in step_actions().items()
            if a.noun not in procedure_heads()}


HEAD_COLUMNS = ("head", "class", "scope", "example", "why")
HEAD_SCOPES = ("any", "title")


@cache
def _heads_by_scope() -> dict[str, dict[str, str]]:
    path = packaged("orthokg.loaders.recognition", "procedure_heads.tsv")
    found: dict[str, dict[str, str]] = {scope: {} for scope in HEAD_SCOPES}
    classes = declared_classes()
    for line, (head, cls, scope, _example, _why) in read_rule_rows(path, HEAD_COLUMNS):
        if cls not in classes:
            raise LexiconError(f"{path}:{line}: class {cls!r} is not declared in orthokg.ttl")
        if scope not in found:
            raise LexiconError(f"{path}:{line}: scope {scope!r} is not one of "
                               f"{', '.join(HEAD_SCOPES)}")
        found[scope][head] = cls
    return found


def procedure_heads() -> dict[str, str]:
    """``procedure_heads.tsv``'s heads that name a procedure in any sentence -> class."""
    return _heads_by_scope()["any"]


def title_heads() -> dict[str, str]:
    """Heads that name a procedure only in a title ("Ganglion Cyst Removal"; in a sentence
    "disc fragment removal" is a step of one) -> class."""
    return _heads_by_scope()["title"]


@cache
def head_class(word: str) -> str | None:
    """The procedure class a head word (or its ending: "-plasty") names, if any."""
    heads = procedure_heads()
    word = word.lower()
    if word in heads:
        return heads[word]
    return next((cls for head, cls in heads.items()
                 if head.startswith("-") and word.endswith(head[1:])), None)


# -- helpers -----------------------------------------------------------------------------

def _phrase(token: Token) -> list[Token]:
    """The noun phrase of ``token`` without determiners, possessives or what follows it;
    an eponym's possessive is a name, not an owner ("de Quervain's surgery")."""
    left = [t for t in token.subtree if t.i < token.i and (
        t.dep_ in ("amod", "compound", "nmod", "npadvmod", "nummod", "advmod", "hyph",
                   "punct") or _eponym(t))
            and t.pos_ not in ("DET", "PRON") and t.text not in ",;"]
    start = token.i
    for t in sorted(left, key=lambda t: -t.i):
        if t.i == start - 1:
            start = t.i
    start = _before_gloss(token.doc, start, token.i)
    return [t for t in _unbracketed(token.doc[start:token.i + 1])
            if t.pos_ not in ("DET", "PRON")]


def _eponym(token: Token) -> bool:
    """A proper noun's possessive or its "'s" ("Morton's", "Baker's"): part of a name."""
    owner = token.head if token.dep_ == "case" else token
    return owner.dep_ == "poss" and owner.pos_ == "PROPN"


GLOSS_MAX_TOKENS = 6


def _before_gloss(doc: Doc, start: int, head: int) -> int:
    """"Platelet-rich plasma (PRP) injection": a phrase that starts at a bracketed
    abbreviation (or just after one) starts before it, at the words it abbreviates; the
    parser rarely attaches them to the head across the bracket. A phrase whose head is
    itself inside the bracket ("a cut over the lump (open surgery)") glosses the words
    before it and names nothing with them."""
    if start > 0 and doc[start - 1].text == "(":
        if not any(doc[i].text == ")" for i in range(start, head)):
            return start
        opening: int | None = start - 1  # the phrase began inside the bracket
    else:
        close = start if doc[start].text == ")" else start - 1
        if close < 1 or doc[close].text != ")":
            return start
        opening = next((i for i in range(close - 1, max(-1, close - GLOSS_MAX_TOKENS), -1)
                        if doc[i].text == "("), None)
    if opening is None:
        return start
    first = opening
    while first > 0 and (doc[first - 1].pos_ in ("NOUN", "PROPN", "ADJ") or
                         doc[first - 1].text == "-"):
        first -= 1
    return first if first < opening else start


def _unbracketed(tokens: Iterable[Token]) -> list[Token]:
    """The tokens outside parentheses: "PRP (platelet rich plasma) injection" names a
    PRP injection; the bracket only spells the abbreviation out."""
    out: list[Token] = []
    depth = 0
    for t in tokens:
        if t.text == "(":
            depth += 1
        elif t.text == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(t)
    return out


def _text(tokens: Iterable[Token]) -> str:
    return " ".join(t.text for t in tokens).replace(" - ", "-").replace(" 's", "'s").strip()


def _cased(name: str) -> str:
    """Lower case, except abbreviations ("HA injection")."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in name.split())


def _made(label: str, cls: str, names: Iterable[str], definition: str, **extra: object
          ) -> Concept:
    label = _cased(label)
    synonyms = tuple(sorted({_cased(n) for n in names} - {label, ""}))
    return Concept(label=label, classes=(cls,), synonyms=synonyms, source=TEXT_SOURCE,
                   definition=definition, **extra)  # type: ignore[arg-type]


# -- steps -------------------------------------------------------------------------------

def _first_conjunct(verb: Token) -> Token:
    """The verb a chain of coordinated verbs hangs from ("identified, mobilised and
    reattached": each later verb is a conj of the one before)."""
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < verb.i:
        verb = verb.head
    return verb


def _step_objects(verb: Token) -> list[Token]:
    """What an action verb acts on: its direct object, or the passive subject it shares
    with the verbs it is coordinated with."""
    own = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    subjects = _own_subjects(verb)
    if not own and any(c.dep_ == "auxpass" for c in verb.children):
        # "... and the incision is sutured": a later passive conjunct's subject is often
        # parsed nsubj (even of its auxiliary); it is what that verb acts on, not the
        # first verb's object
        own = subjects
    if not own and verb.dep_ == "conj" and not subjects:
        own = [c for c in _first_conjunct(verb).children if c.dep_ in ("dobj", "nsubjpass")]
    if not own and verb.dep_ == "acomp" and verb.tag_ == "VBN" and verb.head.lemma_ == "be":
        # "The ligament over the nerve is divided, releasing it": the parser reads the
        # participle as an adjective of "is"; the subject of "is" is what is divided
        own = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    out: list[Token] = []
    for obj in own:
        out.append(obj)
        out.extend(t for t in obj.conjuncts if t.i > obj.i)
    return out


def _own_subjects(verb: Token) -> list[Token]:
    """The verb's own nsubj, also where the parser hangs it from the verb's auxiliary
    ("and the incision is sutured": incision <-nsubj- is <-auxpass- sutured)."""
    heads = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return [c for h in heads for c in h.children if c.dep_ == "nsubj"]


def _agent_is_patient(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "conj":
        subject = next((c for c in _first_conjunct(verb).children if c.dep_ == "nsubj"),
                       None)
    if subject is None:
        return False
    if subject.lower_ == "i":
        return verb.sent[-1].text == "?" or any(
            c.dep_ == "aux" and c.lower_ in PATIENT_MODALS for c in verb.children)
    return subject.lower_ in PATIENT_AGENTS


def _step_names(action: Action, core: str, phrase: str, literal: str, partitive: bool
                ) -> tuple[str, set[str]]:
    label = f"{core} {action.noun}"
    names = {f"{action.noun} of {phrase}", f"{phrase} {action.noun}",
             f"{action.gerund} {phrase}", f"{action.noun} of {core}",
             f"{action.noun} of {literal}", f"{action.gerund} {literal}"}
    if partitive:
        names |= {f"partial {core} {action.noun}", f"{action.noun} of part of the {core}"}
    return label, names


def _step(action: Action, obj: Token, mentions: Mentions) -> Concept | None:
    partitive = False
    literal = _text(t for t in obj.subtree if t.dep_ not in ("relcl", "acl", "punct")
                    and t.head.dep_ not in ("relcl", "acl"))
    if obj.lemma_.lower() in PIECES and any(c.dep_ == "compound" for c in obj.children):
        # "removal of the disc fragment": a piece broken off is acted on, not the disc
        phrase = _text(_phrase(obj)).lower()
        label, names = _step_names(action, phrase, phrase, literal, False)
        return _made(label, "SurgicalStep", names, f"The step of {action.gerund} the {phrase}.")
    while obj.lemma_.lower() in PARTITIVES:
        named = [c for c in obj.children if c.dep_ in ("compound", "amod")
                 and mentions.concept(c) is not None]
        if named:  # "the ball portion of the hip joint": the ball is what is acted on
            obj, partitive = named[0], True
            break
        inner = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        if inner is None:
            break  # "the bone fragments are fixed": the part is itself the object
        obj, partitive = inner, True
    if obj.pos_ not in ("NOUN", "PROPN") or obj.lemma_.lower() in OBJECT_BLOCK:
        return None
    known = mentions.concept(obj)
    phrase = _text(_phrase(obj))
    if known is not None:
        if not any(is_a(known[1], c) for c in STEP_OBJECT_CLASSES):
            return None
        core = known[1].label
        structure = mentions.named(obj.lemma_.lower())
        if is_a(known[1], "Condition") and structure is not None and \
                is_a(structure, "AnatomicalStructure"):
            core = structure.label  # "the torn tendons are mobilised": tendon mobilisation
    else:
        core = obj.lemma_.lower()
    label, names = _step_names(action, core, phrase, literal, partitive)
    return _made(label, "SurgicalStep", names, f"The step of {action.gerund} the {core}.")


def steps(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """Steps the sentence describes as an action on something: "the surgeon removes the
    femoral head" (a verb), "removal of the femoral head" (its noun)."""
    yield from _verb_steps(doc, mentions)
    yield from _noun_steps(doc, mentions)


def _verb_steps(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    actions = step_actions()
    for token in doc:
        if token.pos_ != "VERB" or token.i in mentions.at:
            continue
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        forms = [f"{v} {p}" for p in particles for v in verb_lemmas(token)]  # "take out"
        action = next((actions[v] for v in (*forms, *verb_lemmas(token)) if v in actions),
                      None)
        if action is None or _agent_is_patient(token):
            continue
        for obj in _step_objects(token):
            made = _step(action, obj, mentions)
            if made is not None:
                yield Composed(made, token.i, token.i + 1)


def _noun_steps(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    actions, nouns = step_actions(), step_nouns()
    for token in doc:
        verb = nouns.get(token.lower_)
        if verb is None or token.i in mentions.at:
            continue
        objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        for obj in objects:
            made = _step(actions[verb], obj, mentions)
            if made is not None:
                yield Composed(made, token.i, token.i + 1)


# -- benefits ----------------------------------------------------------------------------

def _outcome(head: Token, mentions: Mentions) -> tuple[str, str] | None:
    """(label part, literal) of an outcome noun phrase, or None when it is not one."""
    known = mentions.concept(head)
    if known is not None and is_a(known[1], "Condition"):
        return known[1].label, known[0].text
    if head.lemma_.lower() not in OUTCOME_NOUNS or head.pos_ != "NOUN":
        return None
    words = _phrase(head)
    words = [w for w in words if w.lower_ not in BENEFIT_WORDS]
    if head.lemma_.lower() == "risk":
        of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
        if of:
            target = mentions.concept(of[0])
            name = target[1].label if target is not None else _text(_phrase(of[0]))
            return f"risk of {name}", f"risk of {_text(_phrase(of[0]))}"
    if head.lemma_.lower() in NEED_NOUNS:
        wanted = [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "on")
                  for g in c.children if g.dep_ == "pobj"]
        if wanted:  # "the requirement for walking aids is lower": less need for them
            target = mentions.concept(wanted[0])
            name = target[1].label if target is not None else _text(_phrase(wanted[0]))
            return f"need for {name}", f"{head.lower_} for {_text(_phrase(wanted[0]))}"
    text = _text(words)
    return (text, text) if text else None


def _is_outcome(token: Token, mentions: Mentions) -> bool:
    known = mentions.concept(token)
    if known is not None:
        return is_a(known[1], "Condition")
    return token.pos_ == "NOUN" and token.lemma_.lower() in OUTCOME_NOUNS


def _outcome_head(word: Token, mentions: Mentions) -> Token | None:
    """The outcome a comparative is about: the noun it modifies ("less pain"), or the
    subject it is said of ("recovery is a lot faster"), within its clause."""
    doc = word.doc
    if word.dep_ in ("amod", "nummod") and _is_outcome(word.head, mentions):
        return word.head
    for i in range(word.i + 1, min(word.i + 4, len(doc))):
        if doc[i].pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ"):
            break
        if _is_outcome(doc[i], mentions) and (i + 1 == len(doc) or doc[i + 1].pos_ not in
                                               ("NOUN", "PROPN")):
            return doc[i]
    if word.dep_ in ("acomp", "advmod", "attr"):
        for i in range(word.i - 1, max(word.i - 7, -1), -1):
            if doc[i].lower_ in (",", ";", "that", "which", "than"):
                break
            if doc[i].dep_ in ("nsubj", "nsubjpass") and _is_outcome(doc[i], mentions):
                return doc[i]
    return None


def _benefit(word: str, outcome: tuple[str, str], literal_word: str) -> Concept:
    part, literal = outcome
    if part.startswith("risk of") and word in REDUCING_WORDS | {"reduced"}:
        word = "reduced"  # "minimal risk of X", "lower risk of X": a reduced risk of X
    names = {f"{word} {part}", f"{literal_word} {literal}", f"{literal_word} {part}"}
    if word == "reduced":
        names |= {f"less {part}", f"lower {part}", f"decreased {part}"}
    if word == "faster":
        names |= {f"quicker {part}", f"shorter {part} time"}
    return _made(f"{word} {part}", "Benefit", names,
                 f"A claimed outcome: {word} {part} than otherwise.")


def benefits(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"less blood loss", "recovery is shorter", "reduce pain", "restore function",
    "return to work sooner"."""
    for token in doc:
        word = BENEFIT_WORDS.get(token.lower_)
        if word is not None:
            yield from _compared(token, word, mentions)
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and (lemma in RELIEF_VERBS or lemma in RESTORE_VERBS):
            yield from _relieved(token, lemma, mentions)
        if token.pos_ == "VERB" and lemma in RETURN_VERBS:
            made = _quick_return(token, mentions)
            if made is not None:
                yield made


def _quick_return(verb: Token, mentions: Mentions) -> Composed | None:
    """"patients can return to a normal activity level very quickly", "get back to work
    sooner": going back to something quickly is a claimed outcome, said with a verb and a
    speed adverb instead of "a faster return to ..."."""
    if not any(c.dep_ == "advmod" and c.lower_ in SPEED_ADVERBS for c in verb.children):
        return None
    if verb.lemma_.lower() == "get" and not any(c.lower_ == "back" for c in verb.children):
        return None
    places = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
              for g in c.children if g.dep_ == "pobj"]
    if not places and verb.lemma_.lower() == "resume":
        places = [c for c in verb.children if c.dep_ == "dobj"]
    if not places:
        return None
    words = [w for w in _phrase(places[0]) if w.lower_ not in ("level", "levels")]
    if not words:
        words = [t for t in places[0].doc[places[0].i - 1:places[0].i]
                 if t.pos_ in ("ADJ", "NOUN")]
    place = _text(words).lower()
    if not place:
        return None
    singular = " ".join(w.lemma_.lower() for w in words)
    names = (f"faster return to {place}", f"faster return to {singular}",
             f"faster return to {singular}s")
    made = mentions.listed("Benefit", *names) or _made(
        names[0], "Benefit", {f"quicker return to {place}", f"earlier return to {place}"},
        f"Going back to {place} sooner.")
    last = max(t.i for t in places[0].subtree if t.dep_ not in ("relcl", "acl"))
    return Composed(made, verb.i, last + 1, swallows=True)


EXAMPLE_WORDS = frozenset({"as", "like", "including", "include", "especially"})
KIND_NOUNS = frozenset({"problem", "complication", "issue", "condition", "disorder",
                        "disease", "injury", "harm", "event"})


def _risk_examples(risk: Token, word: str, mentions: Mentions) -> Iterator[Composed]:
    """"reducing the risk of problems such as osteolysis and leg length discrepancy": a
    lowered risk of a kind of harm is a lowered risk of each harm given as an example of
    it, so each example is a benefit of its own (and not a harm of the procedure)."""
    kinds = [g for c in risk.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in KIND_NOUNS]
    seen: set[str] = set()
    for kind in kinds:
        for lead in (c for c in kind.children if c.dep_ == "prep" and c.lower_ in EXAMPLE_WORDS):
            for t in lead.subtree:
                known = mentions.concept(t)
                if known is None or not is_a(known[1], "Condition") or \
                        known[1].label in seen or is_generic(known[1]):
                    continue
                seen.add(known[1].label)
                span, concept = known
                yield Composed(_benefit(word, (f"risk of {concept.label}",
                                               f"risk of {span.text}"), word),
                               span.start, span.end, swallows=True)


def _compared(token: Token, word: str, mentions: Mentions) -> Iterator[Composed]:
    """"less blood loss", "a shorter stay": an outcome with a comparative."""
    head = _outcome_head(token, mentions)
    if head is None:
        return
    if head.lemma_.lower() == "risk" and word in REDUCING_WORDS | {"reduced"}:
        yield from _risk_examples(head, "reduced", mentions)
    if mentions.concept(head) is not None and token.i in mentions.at and \
            mentions.at[token.i] is mentions.at[head.i]:
        return  # "reduced range of motion" is one name, not a comparison
    if mentions.concept(head) is not None and word not in REDUCING_WORDS:
        return  # "increased pain" is a harm, not a benefit
    outcome = _outcome(head, mentions)
    if outcome is not None:
        yield Composed(_benefit(word, outcome, token.lower_), min(token.i, head.i),
                       max(token.i, head.i) + 1, swallows=True)


def _relieved(token: Token, lemma: str, mentions: Mentions) -> Iterator[Composed]:
    """"reduce pain", "restore function": what a relieving verb acts on."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    if RESTORE_VERBS.get(lemma) == "preserved":  # "conserving as much bone as possible"
        objects += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "as"
                    for g in c.children if g.dep_ == "pobj"]
    for obj in objects:
        if lemma in RELIEF_VERBS and obj.lemma_.lower() == "risk":
            yield from _risk_examples(obj, "reduced", mentions)
        for target in (obj, *obj.conjuncts):
            made = _verb_benefit(lemma, target, mentions)
            if made is None:
                continue
            if made.label.endswith(" use"):  # the drug is not given: swallow it
                last = max(t.i for t in target.subtree)
                yield Composed(made, token.i, last + 1, swallows=True)
            elif _kept_structure(lemma, target, mentions):
                # the structure kept is the benefit's, not a site the procedure acts on
                span = mentions.concept(target)
                first, last = (span[0].start, span[0].end) if span else (target.i, target.i + 1)
                if target is obj:
                    first = min(first, token.i)
                yield Composed(made, first, last, swallows=True)
            elif target is obj:
                yield Composed(made, token.i, token.i + 1)
            else:  # a later conjunct is named by its own words ("... and soft tissue")
                span = mentions.concept(target)
                first, last = (span[0].start, span[0].end) if span else (target.i, target.i + 1)
                yield Composed(made, first, last)


def _kept_structure(lemma: str, target: Token, mentions: Mentions) -> bool:
    known = mentions.concept(target)
    return RESTORE_VERBS.get(lemma) == "preserved" and known is not None and \
        is_a(known[1], "AnatomicalStructure")


def _verb_benefit(lemma: str, target: Token, mentions: Mentions) -> Concept | None:
    known = mentions.concept(target)
    literal = _text(_phrase(target))
    drug = _drug_object(target, mentions) if lemma in RELIEF_VERBS else None
    if drug is not None:
        x = drug.label
        return _made(f"reduced {x} use", "Benefit",
                     {f"reduced use of {x}", f"reduced need for {x}", f"less {x}",
                      f"reduced {x} intake", f"{lemma} {literal}"},
                     f"Less need for {x}.")
    if lemma in RELIEF_VERBS and (known is None or not is_a(known[1], "Condition")):
        outcome = _outcome(target, mentions)
        if outcome is None:
            return None
        return _benefit("reduced", outcome, lemma)
    if lemma in RELIEF_VERBS:
        if known is None:
            return None
        x = known[1].label
        return _made(f"{x} relief", "Benefit",
                     {f"relief of {x}", f"reduced {x}", f"{literal} relief",
                      f"relief of {literal}", f"reduced {literal}", f"{lemma} {literal}"},
                     f"Relief of {x}.")
    word = RESTORE_VERBS[lemma]
    if known is not None and is_a(known[1], "Condition"):
        return None
    if known is not None and _kept_structure(lemma, target, mentions):
        # "preserves natural bone and soft tissue": keeping a structure is the benefit
        x = known[1].label
        word = target.lemma_.lower()
        listed = mentions.listed("Benefit", f"{x} preservation", f"{x} conservation",
                                 f"{word} preservation", f"{word} conservation",
                                 f"preservation of {literal}")
        if listed is not None:
            return listed
        return _made(f"{x} preservation", "Benefit",
                     {f"preservation of {x}", f"preserves {literal}", f"{x} sparing"},
                     f"Keeping the {x}.")
    if target.lemma_.lower() not in OUTCOME_NOUNS or not literal:
        return None
    return _made(f"{word} {literal}", "Benefit",
                 {f"{lemma} {literal}", f"{word} {target.lemma_.lower()}"},
                 f"A claimed outcome: {word} {literal}.")


DOSE_NOUNS = frozenset({"dose", "use", "need", "intake", "amount", "reliance", "consumption"})


def _drug_object(target: Token, mentions: Mentions) -> Concept | None:
    """The drug a reducing verb acts on: "reduce your dose of painkillers"."""
    if target.lemma_.lower() in DOSE_NOUNS:
        for prep in target.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "on"):
                for pobj in prep.children:
                    known = mentions.concept(pobj)
                    if known is not None and is_a(known[1], "Substance"):
                        return known[1]
    known = mentions.concept(target)
    return known[1] if known is not None and is_a(known[1], "Substance") else None


# -- patient groups ----------------------------------------------------------------------

def described_groups(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"young patients who are active": the group with the quality the clause adds."""
    for span in mentions.spans:
        concept = mentions.concepts[span.label_]
        if not is_a(concept, "PatientGroup"):
            continue
        rest = doc[span.end:span.end + 3]
        if len(rest) < 3 or rest[0].lower_ not in ("who", "that") or \
                rest[1].lemma_ != "be" or rest[2].pos_ != "ADJ":
            continue
        words = concept.label.split()
        label = " ".join([*words[:-1], rest[2].lower_, words[-1]])
        names = {f"{concept.label} who are {rest[2].lower_}", label}
        yield Composed(_made(label, "PatientGroup", names,
                             f"{concept.label.capitalize()} who are {rest[2].lower_}.",
                             subtype_of=(concept.label,)),
                       span.start, span.end + 3, swallows=True)


def groups(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"people with mild osteoarthritis": the kind of patient a procedure suits."""
    for span in mentions.spans:
        concept = mentions.concepts[span.label_]
        if not is_a(concept, "Condition"):
            continue
        before = doc[max(0, span.start - 5):span.start]
        words = [t.lower_ for t in before]
        for link in GROUP_LINKS:
            size = len(link.split())
            if words[-size:] == link.split() and len(words) > size and \
                    words[-size - 1] in GROUP_WORDS:
                who = words[-size - 1]
                x, said = concept.label, span.text.lower()
                names = {f"patients with {x}", f"people with {x}", f"people who have {x}",
                         f"{who} {link} {said}", f"people with {said}",
                         f"patients with {said}"}
                start = span.start - size - 1
                yield Composed(_made(f"people with {x}", "PatientGroup", names,
                                     f"Patients who have {x}."), start, span.end)
                break


# -- conditions at a site ----------------------------------------------------------------

def sited_conditions(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"infection in the hip joint" -> "hip joint infection" (a condition of that site)."""
    spans = sorted(mentions.spans, key=lambda s: s.start)
    for cond, site in itertools.pairwise(spans):
        c, a = mentions.concepts[cond.label_], mentions.concepts[site.label_]
        between = doc[cond.end:site.start]
        if not is_a(a, "AnatomicalStructure") or not between or \
                any(t.pos_ not in ("DET", "PRON", "ADP", "CCONJ") for t in between[1:]):
            continue
        prep = between[0].lower_
        # "infection in the hip joint" is a hip joint infection; "a tear of the gluteus
        # medius" a gluteus medius tear; "damage to the muscles" muscle damage; "a stress
        # fracture in the pelvis" stays a stress fracture located in the pelvis (a fact
        # the relations stage states).
        if not ((any(is_a(c, k) for k in SITE_CONDITIONS) and prep in SITE_PREPS)
                or (is_a(c, "Injury") and prep in ("of", "to"))):
            continue
        narrower = mentions.narrower(c, a) or mentions.listed("Condition", f"{a.label} {c.label}")
        if narrower is not None and is_a(narrower, "Condition"):
            yield Composed(narrower, cond.start, site.end, swallows=True)
            continue
        label = f"{a.label} {c.label}"
        names = {doc[cond.start:site.end].text, f"{c.label} {between[0].lower_} the {a.label}",
                 f"{c.label} of the {a.label}", f"{site.text} {cond.text}"}
        yield Composed(_made(label, c.cls, names, f"{c.label.capitalize()} in the {a.label}.",
                             located_in=(a.label,), region=a.region),
                       cond.start, site.end, swallows=True)


# "in"/"on" say where ("a disc in the lumbar spine"), which sited_conditions reads
INVERTING_PREPS = frozenset({"of", "to", "from"})


def inverted_names(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"tenderness of the scar" is the lexicon's "scar tenderness", "irritation from the
    plate" its "plate irritation": a noun with a prepositional object is looked up with
    the object's names written first, as English compounds put them. A noun naming an
    action ("insertion of a cage", "repair of the tendon") is a step or a procedure,
    which the composers of those read."""
    actions = step_nouns()
    for head in doc:
        if head.pos_ != "NOUN" or head.lemma_.lower() in actions or \
                head.lower_ in actions or head_class(head.lower_) or head_class(head.lemma_):
            continue
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in INVERTING_PREPS or prep.i != head.i + 1:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None or any(t.pos_ not in ("DET", "PRON") for t in doc[prep.i + 1:
                                                                             obj.i]
                                  if mentions.at.get(t.i) is None):
                continue
            left = mentions.at.get(head.i)
            right = mentions.at.get(obj.i)
            first = left.start if left is not None and left.end == head.i + 1 else head.i
            last = right.end if right is not None and right.start <= obj.i else obj.i + 1
            found = mentions.listed(None, *(f"{b} {a}" for a in _names_of(head, left, mentions)
                                            for b in _names_of(obj, right, mentions)))
            own = {mentions.concepts[s.label_].label for s in (left, right) if s is not None}
            # a name that is only the noun's own would hide the site; "relief of back pain"
            # is read by the relations as what the procedure treats, not as a benefit
            if found is not None and found.label not in own and not is_a(found, "Benefit"):
                yield Composed(found, first, last, swallows=True)


def _names_of(token: Token, span: Span | None, mentions: Mentions) -> list[str]:
    """The words of ``token`` and, when it ends a mention, that mention's names."""
    names = [token.lower_, token.lemma_.lower()]
    if span is not None and span.end == token.i + 1:
        concept = mentions.concepts[span.label_]
        names = [span.text.lower(), concept.label, *concept.synonyms, *names]
    return list(dict.fromkeys(names))


def named_sites(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"infection on the wound": a site the lexicon has no structure for, but whose
    condition it names ("wound infection")."""
    for span in mentions.spans:
        concept = mentions.concepts[span.label_]
        if not any(is_a(concept, k) for k in SITE_CONDITIONS) or span.end + 1 >= len(doc):
            continue
        if doc[span.end].lower_ not in SITE_PREPS:
            continue
        noun = doc[span.end + 1]
        if noun.pos_ == "DET" and span.end + 2 < len(doc):
            noun = doc[span.end + 2]
        if noun.pos_ != "NOUN" or noun.i in mentions.at:
            continue
        listed = mentions.listed("Condition", f"{noun.lower_} {concept.label}",
                                 f"{noun.lemma_.lower()} {concept.label}")
        if listed is not None:
            yield Composed(listed, span.start, noun.i + 1, swallows=True)


def pressures(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"pressure on the spinal cord or nerves": compression of each structure named."""
    for token in doc:
        if token.lower_ not in PRESSURE_WORDS or token.i in mentions.at:
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is None or nxt.lower_ not in ("on", "of", "against"):
            continue
        for pobj in (c for c in nxt.children if c.dep_ == "pobj"):
            for target in (pobj, *pobj.conjuncts):
                known = mentions.concept(target)
                if known is None or not is_a(known[1], "AnatomicalStructure"):
                    continue
                x = known[1].label
                yield Composed(_made(f"{x} compression", "Finding",
                                     {f"pressure on the {x}", f"{x} pressure",
                                      f"compression of the {x}"},
                                     f"Pressure on the {x}.", located_in=(x,)),
                               known[0].start, known[0].end, swallows=True)


# Verbs (with their particle) that say a structure is injured: "the tendons have pulled
# apart", "the tendons separated from the bone", "cause the tendons to break down".
INJURY_VERBS = {("separate", ""): "separation", ("pull", "apart"): "separation",
                ("come", "away"): "detachment", ("detach", ""): "detachment",
                ("break", "down"): "breakdown", ("tear", ""): "tear",
                ("rupture", ""): "rupture", ("wear", "out"): "wear",
                ("degenerate", ""): "degeneration", ("split", ""): "split",
                ("pinch", ""): "compression", ("compress", ""): "compression",
                ("squeeze", ""): "compression", ("trap", ""): "entrapment",
                ("impinge", ""): "impingement"}


def _particle(verb: Token) -> str:
    return next((c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")
                 and c.lower_ in ("apart", "away", "down", "out")), "")


def injuries(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """A structure that "pulls apart" or "breaks down" has a separation or breakdown."""
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        noun = INJURY_VERBS.get((verb.lemma_.lower(), _particle(verb))) or \
            INJURY_VERBS.get((verb.lemma_.lower(), ""))
        if noun is None:
            continue
        for target in _injured(verb):
            known = mentions.concept(target)
            if known is None or not is_a(known[1], "AnatomicalStructure"):
                continue
            x = known[1].label
            listed = mentions.listed("Condition", f"{x} {noun}")
            if listed is not None:
                yield Composed(listed, known[0].start, known[0].end, swallows=True)
                continue
            names = {f"{x} {noun}", f"{noun} of {x}", f"{known[0].text} {noun}"}
            yield Composed(_made(f"{x} {noun}", "Injury", names,
                                 f"{noun.capitalize()} of the {x}.", located_in=(x,),
                                 region=known[1].region),
                           known[0].start, known[0].end, swallows=True)


def _injured(verb: Token) -> list[Token]:
    """What an injury verb says is injured: its subject ("the tendons pulled apart"), the
    noun a relative clause describes ("a nerve which is being pinched"), or the object
    of the verb it completes ("cause the tendons to break down")."""
    subjects = [described(verb, c) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("advcl", "xcomp", "ccomp"):
        subjects = [c for c in verb.head.children if c.dep_ == "dobj"]
    return [t for s in subjects for t in (s, *s.conjuncts)]


def courses(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"persistent weakness", "increased back pain": a condition with its course."""
    for span in mentions.spans:
        concept = mentions.concepts[span.label_]
        if not is_a(concept, "Condition") or span.start == 0:
            continue
        words: list[Token] = []
        i = span.start - 1
        while i >= 0 and (doc[i].lower_ in COURSE_WORDS or (doc[i].text == "," and words)):
            if doc[i].text != ",":
                words.insert(0, doc[i])
            i -= 1
        if not words or concept.label.startswith(words[-1].lower_ + " "):
            continue
        course = " ".join(w.lower_ for w in words)
        label = f"{course} {concept.label}"
        listed = mentions.listed("Condition", label)
        if listed is not None:
            yield Composed(listed, words[0].i, span.end, swallows=True)
            continue
        names = {f"{course} {span.text}", label, doc[words[0].i:span.end].text}
        yield Composed(_made(label, concept.cls, names,
                             f"{concept.label.capitalize()} that is {course}.",
                             subtype_of=(concept.label,)),
                       words[0].i, span.end, swallows=True)


def leaks(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"cement leaking out", "fluid leakage": material escaping where it should not."""
    for token in doc:
        if token.lower_ not in LEAK_WORDS or token.i == 0:
            continue
        what = doc[token.i - 1]
        if what.pos_ not in ("NOUN", "PROPN"):
            continue
        known = mentions.concept(what)
        if known is not None and is_a(known[1], "Condition"):
            continue
        name = known[1].label if known is not None else what.lemma_.lower()
        label = f"{name} leakage"
        start = known[0].start if known is not None else what.i
        listed = mentions.listed("Condition", label, f"{what.lower_} leakage")
        if listed is not None:
            yield Composed(listed, start, token.i + 1, swallows=True)
            continue
        yield Composed(_made(label, "Complication",
                             {f"{name} leak", f"{what.text.lower()} {token.lower_}", label},
                             f"Leakage of {name} out of place."),
                       start, token.i + 1, swallows=True)


# -- procedures named by their site ------------------------------------------------------

SITE_LINKS = frozenset({"in", "of", "into", "for", "on", "to"})


def specialised(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"injections in the hip joint": the lexicon's hip joint injection, when the lexicon
    has a narrower kind of the procedure named after that site."""
    spans = sorted(mentions.spans, key=lambda s: s.start)
    for proc, site in itertools.pairwise(spans):
        p, a = mentions.concepts[proc.label_], mentions.concepts[site.label_]
        if not (is_a(p, "Procedure") and is_a(a, "AnatomicalStructure")):
            continue
        between = doc[proc.end:site.start]
        if not between or between[0].lower_ not in SITE_LINKS or \
                any(t.pos_ not in ("DET", "PRON") for t in between[1:]):
            continue
        narrower = mentions.narrower(p, a)
        if narrower is not None:
            yield Composed(narrower, proc.start, site.end, swallows=True)


# -- procedures the lexicon lacks --------------------------------------------------------

def _label_line_procedure(doc: Doc, mentions: Mentions) -> Composed | None:
    """"Reconstruction or augmentation:" heading the lines below names a procedure."""
    if not doc.text.rstrip().endswith(":"):
        return None
    words = [t for t in doc if not t.is_punct]
    if not words or len(words) > LABEL_MAX_WORDS:
        return None
    heads = [t for t in words if head_class(t.lower_) or head_class(t.lemma_)]
    if not heads or any(t.i in mentions.at for t in words):
        return None
    if any(t not in heads and t.pos_ not in ("ADJ", "CCONJ", "NOUN", "PROPN") for t in words):
        return None
    cls = head_class(heads[-1].lower_) or head_class(heads[-1].lemma_) or "SurgicalProcedure"
    label = _text(words).lower()
    return Composed(_made(label, cls, {label}, f"A procedure the text names: {label}."),
                    words[0].i, words[-1].i + 1, swallows=True)


def _procedure_label(words: list[Token], mentions: Mentions) -> str:
    """"HA injection" is a hyaluronic acid injection: an abbreviation (or a substance) in
    the name is spelled as the lexicon does; other words are kept as written."""
    out: list[str] = []
    seen: set[int] = set()
    for word in words:
        span = mentions.at.get(word.i)
        if span is not None and id(span) not in seen and \
                (word.text.isupper() or is_a(mentions.concepts[span.label_], "Substance")):
            seen.add(id(span))
            out.append(mentions.concepts[span.label_].label)
        elif span is None or id(span) not in seen:
            out.append(word.text if word.text.isupper() and len(word.text) > 1
                       else word.text.lower())
    return " ".join(out).replace(" - ", "-").replace(" 's", "'s")


# Words after a procedure's name that only say what kind of thing it is.
KIND_WORDS = frozenset({"therapy", "treatment", "surgery", "operation", "procedure"})
# Marks the title's doc: heads of scope `title` in procedure_heads.tsv name procedures there.
TITLE_KEY = "orthokg.title"


def _listed_procedure(words: list[Token], mentions: Mentions) -> Concept | None:
    """The lexicon's procedure the phrase names, if any; also with a last word that only
    says what kind of thing it is ("Platelet-Rich Plasma (PRP) Injection Therapy")."""
    listed = mentions.listed("Procedure", _text(words), _procedure_label(words, mentions))
    if listed is None and len(words) > 2 and words[-1].lemma_.lower() in KIND_WORDS:
        listed = mentions.listed("Procedure", _text(words[:-1]),
                                 _procedure_label(words[:-1], mentions))
    return listed or _listed_by_other_name(words, mentions)


def _listed_by_other_name(words: list[Token], mentions: Mentions) -> Concept | None:
    """The lexicon's procedure named with another name of the thing it acts on: "ganglion
    cyst removal" is listed as "ganglion removal", and a condition's operation may be named
    after where the condition is ("carpal tunnel syndrome surgery" is "carpal tunnel
    surgery"); only when the words before the head are one mention, so the other names are
    of exactly what the text named."""
    first = mentions.at.get(words[0].i)
    if first is None or first.start != words[0].i or first.end >= words[-1].i + 1:
        return None
    concept = mentions.concepts[first.label_]
    tail = _text([w for w in words if w.i >= first.end])
    sites = [c for c in map(mentions.names.get, concept.located_in) if c is not None]
    return mentions.listed("Procedure", *(f"{name} {tail}" for c in (concept, *sites)
                                          for name in (c.label, *c.synonyms,
                                                       *c.lay_synonyms)))


def procedures(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """A procedure head with a specific modifier names a procedure: "hip abductor repair"."""
    label_line = _label_line_procedure(doc, mentions)
    if label_line is not None:
        yield label_line
        return
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
            continue
        known = mentions.concept(token)
        titled = title_heads().get(token.lemma_.lower()) if doc.user_data.get(TITLE_KEY) \
            else None
        named = known is not None and is_a(known[1], "Procedure") and \
            not is_generic(known[1]) and not (titled and is_a(known[1], "SurgicalStep"))
        cls = (known[1].cls if named and known is not None else
               head_class(token.lower_) or head_class(token.lemma_) or titled)
        if cls is None:
            continue
        words = _phrase(token)
        start = known[0].start if named and known is not None else token.i
        modifiers = [w for w in words if w.i < start]
        if named and known is not None:
            # "lumbar microdiscectomy": a specific word before a procedure the lexicon
            # names makes a narrower one; "the arthroscopy" stays the lexicon's.
            yield from _qualified(words, modifiers, known, mentions)
            continue
        before = mentions.at.get(token.i - 1)
        if before is not None and before.end == token.i and \
                is_a(mentions.concepts[before.label_], "Procedure") and \
                not is_generic(mentions.concepts[before.label_]):
            # "ACL reconstruction surgery", "carpal tunnel release operation": the
            # procedure named, with a word that only says it is an operation
            yield Composed(mentions.concepts[before.label_], before.start, token.i + 1,
                           swallows=True)
            continue
        specific = [w for w in modifiers if w.i in mentions.at or w.lower_ in QUALIFIERS
                    or w.lower_ in mentions.site_words]
        if not specific or (known is not None and (is_generic(known[1]) or
                                                   is_a(known[1], "Approach")) and
                            all(_approach_word(w, mentions) for w in specific)):
            # "keyhole (arthroscopic) surgery" is the surgery, done that way; "open
            # surgery", which the lexicon names as an approach, names no procedure either
            continue
        if known is None and token.lemma_.lower() in generic_labels() and all(
                w.i in mentions.at and
                is_a(mentions.concepts[mentions.at[w.i].label_], "Approach")
                for w in specific):
            continue  # "a non-invasive treatment": the approach named, no new procedure
        literal = _text(words)
        label = _procedure_label(words, mentions)
        listed = _listed_procedure(words, mentions)
        if listed is not None:
            yield Composed(listed, words[0].i, token.i + 1, swallows=True)
            continue
        sites = [mentions.concepts[mentions.at[w.i].label_] for w in modifiers
                 if w.i in mentions.at]
        region = next((s.region for s in sites if s.region), "")
        yield Composed(_made(label, cls, {literal, literal.lower()},
                             f"A procedure the text names: {label}.", region=region),
                       words[0].i, token.i + 1, swallows=True)


def _approach_word(word: Token, mentions: Mentions) -> bool:
    span = mentions.at.get(word.i)
    if span is not None:
        return is_a(mentions.concepts[span.label_], "Approach")
    return word.lower_ in QUALIFIERS


def _qualified(words: list[Token], modifiers: list[Token], known: tuple[Span, Concept],
               mentions: Mentions) -> Iterator[Composed]:
    """A lexicon procedure narrowed by the site or qualifier written before it."""
    span, concept = known
    specific = [w for w in modifiers if w.lower_ in QUALIFIERS or w.lower_ in mentions.site_words
                or (w.i in mentions.at and is_a(mentions.concepts[mentions.at[w.i].label_],
                                                "AnatomicalStructure"))]
    if not specific or specific[-1].i != span.start - 1:
        return
    first = specific[0].i
    qualifier = " ".join(w.text.lower() for w in words if first <= w.i < span.start)
    site = next((mentions.concepts[mentions.at[w.i].label_] for w in specific
                 if w.i in mentions.at), None)
    narrower = mentions.narrower(concept, site) if site is not None else None
    if narrower is not None:
        yield Composed(narrower, first, span.end, swallows=True)
        return
    label = f"{qualifier} {concept.label}"
    literal = f"{qualifier} {span.text}"
    yield Composed(_made(label, concept.cls, {literal}, f"{concept.label.capitalize()} of the "
                         f"kind the text names: {label}.", subtype_of=(concept.label,),
                         region=site.region if site is not None else concept.region),
                   first, span.end, swallows=True)


COMPOSERS = (specialised, procedures, sited_conditions, inverted_names, named_sites, injuries,
             courses, leaks, pressures, described_groups, groups, benefits, steps)


def compose(doc: Doc, spans: Iterable[Span], concepts: dict[str, Concept],
            names: dict[str, Concept] | None = None,
            children: dict[str, list[Concept]] | None = None,
            site_words: frozenset[str] = frozenset()) -> list[Composed]:
    """Every concept the sentence composes, in reading order.

    ``site_words`` are the first words of anatomy names ("subtalar" of "subtalar joint"):
    as a modifier they make a procedure head specific ("subtalar arthroscopy").
    """
    mentions = Mentions(spans, concepts, names, children, site_words)
    found = [c for composer in COMPOSERS for c in composer(doc, mentions)]
    found += shared_heads(doc, mentions)
    found += shared_complements(doc, mentions)
    unique = {(c.first, c.last, c.concept.label): c for c in reversed(found)}
    return sorted(unique.values(), key=lambda c: (c.first, -c.last))

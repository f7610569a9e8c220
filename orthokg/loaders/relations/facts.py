"""Facts of one sentence: for each mention, its frames, its subject and the rule table.

For every concept mention the sentence asserts, the frames it is in (nearest cue first,
then the list's lead-in, then the section's role) are tried in order. Each frame comes
with its own subject: a cue's agent is the concept just before it in its clause ("Nerve
damage may lead to numbness": nerve damage) or its "of" complement ("Complications of
hip arthroscopy include ..."), else the clause's subject from the document model. The
first row of ``relation_rules.tsv`` that fits the frame, the subject and the mention
gives the property.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from orthokg.loaders.model import Fact, Mention, Section, Sentence
from orthokg.loaders.recognition.generic import is_generic
from orthokg.loaders.relations.frames import BOUNDARIES, FrameEvidence, FrameReader
from orthokg.loaders.relations.rules import ANY, PASS, RelationRule, default_rules
from orthokg.loaders.relations.subjects import (
    ARTICLES,
    HEAD_REASON,
    OPTIONS_REASON,
    PROCEDURE_NOUNS,
    PRONOUNS,
    SURGICAL_NOUNS,
    Subject,
    broader_or_same,
    can_be_subject,
    clause_subject,
    comparators,
    mention_at,
    mentions_at,
)
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import LEXICON_SOURCE, Concept
from orthokg.ontology.normalize import singular

AGENT_WINDOW = 12
# Frames that need the concept they speak of to be named: "X is a type of Y" relates X to
# Y; "this form of imaging" relates nothing to the page's procedure.
AGENT_FRAMES = frozenset({"subtype", "part", "has_part", "symptom", "diagnose", "caused_by",
                          "located"})
# Frames about conditions: a pronoun before their cue is a condition, not a procedure.
CONDITION_FRAMES = frozenset({"symptom", "diagnose", "caused_by", "cause", "located"})
# Frames whose agent must be the grammatical subject ("Osteoarthritis and other types of
# hip pain" does not say osteoarthritis is a type of hip pain).
DEFINING_FRAMES = frozenset({"subtype"})
# Frames whose agent, when the sentence names none, is the condition the page is about.
PAGE_CONDITION_FRAMES = frozenset({"symptom", "diagnose"})
# Frames whose own words deny or displace the mention: "stop taking warfarin", "instead
# of surgery". ConText flags such a mention negated; here that is the point, not a veto.
NEGATION_FRAMES = frozenset({"stop", "alternative"})
# Frames in which a category word ("medication", "injections") is itself the option named.
GENERIC_FRAMES = frozenset({"alternative"})
RISK_FRAMES = frozenset({"risk", "cause"})
# Last words of a risk cue that tell what the patient notices or gets ("you may notice"),
# not that it is a risk: said of a condition, that is a symptom of it.
EXPERIENCED = frozenset({"notice", "feel", "experience", "develop", "get"})
# Cue words that always mean "instead of": "knee replacement alternatives" are not kinds of
# knee replacement, while "injection options" may be kinds of injection.
OTHER_THAN = frozenset({"alternative", "instead", "rather"})


@dataclass(frozen=True, slots=True)
class Judgement:
    """Why a mention gave the fact it gave (for ``--explain`` and tests)."""

    fact: Fact
    mention: Mention
    frame: str
    source: str
    subject_reason: str
    agent: Concept


def usable(mention: Mention, frames: Sequence[FrameEvidence]) -> bool:
    """A mention that can be a fact's object under these frames."""
    if mention.nested:
        return False
    names = {f.frame for f in frames}
    if is_generic(mention.concept) and not names & GENERIC_FRAMES:
        return False
    if mention.hypothetical and frames and frames[0].frame in RISK_FRAMES:
        return True  # "if the nerve is damaged, ..." in a list of risks: a risk is an "if"
    if mention.hypothetical or mention.family or mention.historical:
        return False
    if mention.negated:
        # the cue's own words deny ("instead of surgery"); a section's prior never does
        # ("PRP contains no steroid" under Alternatives is no option)
        return bool(frames) and frames[0].frame in NEGATION_FRAMES and \
            frames[0].hit is not None
    if mention.reduced:
        return is_a(mention.concept, "Benefit")
    return True


def _as_risk_factor(frames: Sequence[FrameEvidence]) -> list[FrameEvidence]:
    """"If you have diabetes, healing is slower", "high blood sugar in people with
    diabetes" under Risks: a condition the patient holds, named where harms are, is no
    harm of the procedure but a risk factor, and so no condition it treats either (the
    "people with" that names the holder is no indication there)."""
    kept = [f for f in frames if f.frame not in RISK_FRAMES]
    if len(kept) == len(frames):
        return kept
    return [FrameEvidence("risk_factor", "a patient's condition among the harms"), *kept]


def _agent(sentence: Sentence, doc: Doc, start: int, end: int, obj: Mention,
           kinds: tuple[str, ...]) -> Mention | Token | None:
    """The concept a cue at ``start:end`` speaks of: its "of" complement, else the
    nearest mention before it in its clause (a pronoun there is returned as a token)."""
    complement = _of_complement(sentence, doc, end, obj, kinds)
    if complement is not None:
        return complement
    shared = _shared_subject(sentence, doc, start, obj, kinds)
    if shared is not None:
        return shared
    for i in range(start - 1, max(start - AGENT_WINDOW, 0) - 1, -1):
        token = doc[i]
        if token.lower_ in BOUNDARIES:
            return None
        for found in mentions_at(sentence, token):
            if found is not obj and _can_act(found) and _kind_ok(found, kinds) and \
                    not _conjoined(doc, found, obj):
                return found
        if token.lower_ in PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            return token
        if token.lemma_.lower() in PROCEDURE_NOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            return None  # "The procedure involves ...": the sentence's own subject
    return None


def _conjoined(doc: Doc, one: Mention, other: Mention) -> bool:
    """Two mentions listed together ("Orthotic insoles and a steroid injection are
    alternatives"): each has the role the other has, so neither is what a cue says of
    the other."""
    def first_of_list(mention: Mention) -> int:
        token = doc[mention.last - 1]
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        return token.i

    return one.last <= len(doc) and other.last <= len(doc) and \
        first_of_list(one) == first_of_list(other)


def _names_the_step(sentence: Sentence, mention: Mention) -> bool:
    """"the acromion is shaved (acromioplasty)", "shave the underside of the acromion
    (acromioplasty)": an operation's name in brackets right after the action it names is
    that step of the procedure, not another operation it includes. (After a word for an
    operation, "a keyhole operation (arthroscopy)", the brackets give its name.)"""
    doc = sentence.doc
    if doc is None or mention.first < 2 or mention.last >= len(doc) or \
            doc[mention.first - 1].text != "(" or doc[mention.last].text != ")":
        return False
    before = doc[mention.first - 2]
    if before.pos_ == "VERB":
        return True
    if before.lemma_.lower() in PROCEDURE_NOUNS or any(
            is_a(m.concept, "Procedure") for m in mentions_at(sentence, before)):
        return False
    return any(t.pos_ == "VERB" for t in before.ancestors)


def _shared_subject(sentence: Sentence, doc: Doc, start: int, obj: Mention,
                    kinds: tuple[str, ...]) -> Mention | Token | None:
    """"They are caused by falls and sports injuries, and cause severe pain": a cue verb
    joined to an earlier verb, with no subject of its own, shares that verb's subject
    (the nearest noun before it is the first verb's object, not what the cue speaks of).
    None when the cue is no such verb or the shared subject is no concept or pronoun."""
    if start >= len(doc):
        return None
    verb = doc[start]
    if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX") or \
            verb.head.pos_ not in ("VERB", "AUX") or \
            any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    for subject in (c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.lower_ in PRONOUNS:
            return subject
        # the last of coordinated subjects: the caller takes the ones listed before it
        for token in sorted((subject, *subject.conjuncts), key=lambda t: -t.i):
            found = mention_at(sentence, token)
            if found is not None and found is not obj and _can_act(found) and \
                    _kind_ok(found, kinds):
                return found
    return None


def _can_act(mention: Mention) -> bool:
    """A mention that can be what a cue speaks of: one the text asserts, or a condition
    from the past ("a previous elbow fracture can cause nerve entrapment": the earlier
    injury is the cause, though it is no part of today's procedure)."""
    return mention.asserted or (mention.historical and is_a(mention.concept, "Condition")
                                and not (mention.negated or mention.hypothetical or
                                         mention.family or mention.reduced))


def _of_complement(sentence: Sentence, doc: Doc, end: int, obj: Mention,
                   kinds: tuple[str, ...]) -> Mention | None:
    """"Complications of hip arthroscopy include ...": the cue's "of" names its concept."""
    for token in doc[end - 1].children if end - 1 < len(doc) else ():
        if token.dep_ == "prep" and token.lower_ == "of":
            for pobj in token.children:
                found = mention_at(sentence, pobj)
                if found is not None and found is not obj and _kind_ok(found, kinds):
                    return found
    return None


COORDINATION = frozenset({",", "and", "or", "/", "&"})
RELATIVE = frozenset({"which", "that", "who"})
# "joints damaged as a result of osteoarthritis": the condition causes the damage, and the
# procedure for the damage treats the cause. Only "caused by" reads both ways.
DUAL_FRAMES = frozenset({"caused_by"})
# Frames whose cue verb has a subject of its own: "Tears can cause pain" speaks of tears
# even when the lexicon does not know the word; the page's procedure is not the cause.
OWN_SUBJECT_FRAMES = frozenset({"cause"})
# What a cue may speak of: "disruption of the capsule can lead to dislocation" speaks of
# the procedure (or a condition), not of the capsule; "part of" speaks of a structure;
# only a procedure treats ("removal of a herniated disc to relieve nerve pressure": the
# removal relieves it, not the disc) or acts on a site ("the torn tendons are reattached
# to the trochanter": the tear is acted on, the operation acts).
AGENT_KINDS = {"target": ("Procedure",), "treat": ("Procedure",),
               "part": ("AnatomicalStructure",), "has_part": ("AnatomicalStructure",),
               "symptom": ("Condition",),
               "diagnose": ("Condition",), "caused_by": ("Condition",),
               "located": ("Condition",)}


def _coordinated(sentence: Sentence, doc: Doc, agent: Mention, kinds: tuple[str, ...]
                 ) -> list[Mention]:
    """The agent and the mentions listed before it ("tingling, numbness or weakness")."""
    found = [agent]
    top = [m for m in sentence.mentions if not m.nested and m.last <= agent.first]
    for m in reversed(top):
        between = doc[m.last:found[-1].first]
        if not between or any(t.lower_ not in COORDINATION and t.pos_ not in ("DET", "ADJ")
                              for t in between):
            break
        if not any(t.lower_ in COORDINATION for t in between):
            break
        if m.asserted and _kind_ok(m, kinds):
            found.append(m)
    return found


def _noun_subject(doc: Doc, cue: int) -> bool:
    """The verb of the cue at ``cue`` has a noun subject (not a pronoun); a participle
    describing a noun has that noun ("problems of the hip leading to ...")."""
    verb = doc[cue]
    while verb.pos_ != "VERB" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return True
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.pos_ in ("NOUN", "PROPN")


def _describes(doc: Doc, cue: int, agent: Mention) -> bool:
    """The cue is a participle describing the agent alone ("infection, bleeding and nerve
    damage leading to numbness": only the nerve damage leads to numbness)."""
    verb = doc[cue]
    return verb.dep_ == "acl" and agent.first <= verb.head.i < agent.last


def _defines_head(sentence: Sentence, mention: Mention) -> bool:
    """"Laminectomy: Removal of the lamina ...": the action right after a list head's colon
    defines the procedure named before it; it is not one of its steps."""
    colon = sentence.text.find(":")
    if colon < 0 or mention.start <= colon:
        return False
    return not any(colon < m.start < mention.start for m in sentence.mentions if not m.nested)


def _sites_of_treated(sentence: Sentence, mention: Mention, found: Sequence[Judgement]
                      ) -> Iterator[Judgement]:
    """"Procedures to stabilise compressed vertebrae": treating a condition named after a
    structure acts on that structure."""
    treated = [j for j in found if j.fact.prop == "treats"]
    if not treated:
        return
    inner = [m for m in sentence.mentions if m.nested and mention.first <= m.first and
             m.last <= mention.last and is_a(m.concept, "AnatomicalStructure") and
             (m.concept.part_of or m.concept.subtype_of or m.concept.region)]
    # (a bare "tendon" in "torn tendons" names a kind of tissue, not the site)
    for site in inner:
        for j in treated:
            fact = replace(j.fact, prop="hasTargetSite", obj=site.concept)
            yield Judgement(fact, site, j.frame, j.source, j.subject_reason, j.agent)


def _passive_subject(sentence: Sentence, mention: Mention) -> bool:
    """The mention is the subject of a passive with no agent ("X is often included")."""
    doc = sentence.doc
    if doc is None:
        return False
    token = doc[mention.last - 1]
    return token.dep_ == "nsubjpass" and not any(
        c.dep_ == "agent" for c in token.head.children)


def _in_subject(sentence: Sentence, mention: Mention) -> bool:
    """The mention is (a conjunct of) a grammatical subject: "X and Y can cause Z"."""
    doc = sentence.doc
    if doc is None:
        return False
    token = doc[mention.last - 1]
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def _just_before_verb(doc: Doc, agent: Mention, cue: int) -> bool:
    """"Causes: pregnancy, diabetes and rheumatoid arthritis can cause it": the agent
    stands right before the cue verb (only auxiliaries and adverbs between), so the list
    it ends is the verb's subject, however the parser hangs the list on a label."""
    verb = doc[cue]
    return verb.pos_ == "VERB" and verb.dep_ not in ("acl", "relcl") and \
        agent.last <= cue and \
        all(t.pos_ in ("AUX", "ADV", "PART") for t in doc[agent.last:cue])


def _is_subject(sentence: Sentence, mention: Mention) -> bool:
    doc = sentence.doc
    return doc is not None and any(doc[i].dep_ in ("nsubj", "nsubjpass")
                                   for i in range(mention.first, mention.last))


def _kind_ok(mention: Mention, kinds: tuple[str, ...]) -> bool:
    return any(is_a(mention.concept, k) for k in kinds) and (
        not is_a(mention.concept, "Procedure") or can_be_subject(mention.concept))


DEMONSTRATIVE = frozenset({"this", "these", "that", "those"})
# Verbs of diagnosis whose object is the part of the body examined, not the finding
# ("we assess the joint with X-rays" looks at the joint for the condition).
EXAMINING = frozenset({"assess", "evaluate", "examine", "investigate", "image", "scan"})
# Objects of "confirm" or "diagnose" that stand for the condition itself.
CONDITION_STAND_INS = frozenset({"it", "this", "diagnosis", "condition", "problem", "them"})


def head_nouns(condition: Concept | None) -> frozenset[str]:
    """The last words of a condition's names ("rupture" of "Achilles tendon rupture",
    "tear" of "meniscal tear"): a bare one of them on the condition's page stands for it."""
    if condition is None:
        return frozenset()
    return frozenset(singular(n.split()[-1].lower()) for n in condition.names if n.split())


def _acts_on_other(sentence: Sentence, cue: int, condition: Concept | None = None) -> bool:
    """"An X-ray is used to confirm the correct disc": the cue's verb has an object of its
    own that is not a condition (nor a word standing for one), so it finds no condition.
    "... to confirm the tear" names one, and so does "we diagnose a rupture" on a page
    about an Achilles tendon rupture (the page's condition by its head noun)."""
    doc = sentence.doc
    if doc is None or cue >= len(doc):
        return False
    own = head_nouns(condition)
    examining = doc[cue].lemma_.lower() in EXAMINING
    for child in doc[cue].children:
        if child.dep_ != "dobj" or _stands_in(child):
            continue
        named = mention_at(sentence, child)
        if named is None and child.lemma_.lower() in own:
            continue  # "a rupture": the page's condition (a named "disc" is a structure)
        if named is not None and _is_test(named.concept):
            continue  # a test parsed as the object: it is listed with the others, it finds
        if named is not None and examining and is_a(named.concept, "AnatomicalStructure"):
            continue  # "assess the joint with X-rays": the part examined for the condition
        if named is None or not is_a(named.concept, "Condition"):
            return True
    return False


def _is_test(concept: Concept) -> bool:
    return is_a(concept, "DiagnosticProcedure") or is_a(concept, "ImagingModality")


def _object_condition(sentence: Sentence, cue: int, obj: Mention) -> Mention | None:
    """"An MRI scan shows the fracture", "a CT scan maps the fracture fragments": the
    condition the verb of diagnosis takes as its object (or as the noun describing its
    object); a symptom or sign it shows is none ("an examination showing restricted
    movement" finds the condition that restricts it)."""
    doc = sentence.doc
    if doc is None or cue >= len(doc):
        return None
    for child in doc[cue].children:
        if child.dep_ != "dobj":
            continue
        for token in (child, *(c for c in child.children if c.dep_ in ("compound", "amod"))):
            named = mention_at(sentence, token)
            if named is not None and named is not obj and _can_act(named) and \
                    is_a(named.concept, "Condition") and not is_a(named.concept, "Symptom"):
                return named  # (a sign the test shows is evidence of the condition)
    return None


def _examines_part(sentence: Sentence, cue: int) -> bool:
    """"Your consultant will assess the joint with X-rays": a verb of examining whose
    object is a part of the body (named or not), not a concept of another kind nor a
    person ("assess you", "assess your progress" name no part)."""
    doc = sentence.doc
    if doc is None or cue >= len(doc) or doc[cue].lemma_.lower() not in EXAMINING:
        return False
    for child in doc[cue].children:
        if child.dep_ == "dobj" and child.pos_ == "NOUN":
            named = mention_at(sentence, child)
            return named is None or is_a(named.concept, "AnatomicalStructure")
    return False


def _stands_in_object(sentence: Sentence, cue: int) -> bool:
    """"Your consultant will confirm it with ...", "we diagnose them by ...": the verb of
    diagnosis has a word standing for a condition as its object (a pronoun, "the
    condition"), so the condition diagnosed is the one the text is speaking of."""
    doc = sentence.doc
    if doc is None or cue >= len(doc):
        return False
    return any(child.dep_ == "dobj" and _stands_in(child) for child in doc[cue].children)


def _stands_in(token: Token) -> bool:
    """A word standing for a condition ("them" by its form: its lemma is "they")."""
    return token.lower_ in CONDITION_STAND_INS or token.lemma_.lower() in CONDITION_STAND_INS


def _condition_spoken_of(subject: Subject, heading: Concept | None, page: Concept | None,
                         previous: Subject) -> tuple[Concept, str] | None:
    """The condition a pronoun object of a verb of diagnosis stands for: the one the
    sentence is about (its section's, or a condition named as its subject before), else
    the one the section's heading names, else the page's, else the one the sentence
    before spoke of (last: "Injury causes osteoarthritis. We diagnose it with X-rays"
    leaves the injury as the thing last spoken of)."""
    if subject.concept is not None and is_a(subject.concept, "Condition"):
        return subject.concept, f"the diagnosed 'it' is '{subject.concept.label}', " \
                                "the condition the sentence is about"
    if heading is not None:
        return heading, "the diagnosed 'it' is the condition the heading names"
    if page is not None:
        return page, "the diagnosed 'it' is the page's condition"
    if previous.thing is not None and is_a(previous.thing, "Condition"):
        return previous.thing, "the diagnosed 'it' is the condition spoken of"
    return None


def _purpose_first(sentence: Sentence, frames: list[FrameEvidence]) -> list[FrameEvidence]:
    """"An MRI scan is used to diagnose a meniscal tear": the verb of the purpose says what
    the thing used does, so its frame comes before the frame of "use" itself."""
    doc = sentence.doc
    if doc is None or len(frames) < 2 or frames[0].hit is None:
        return frames
    first = frames[0].hit
    for index, evidence in enumerate(frames[1:], start=1):
        hit = evidence.hit
        if hit is None or evidence.frame == frames[0].frame or hit.start >= len(doc):
            continue
        verb = doc[hit.start]
        if verb.dep_ in ("xcomp", "advcl") and first.start <= verb.head.i < first.end:
            return [evidence, *frames[:index], *frames[index + 1:]]
    return frames


def _options_not_aftercare(sentence: Sentence, frames: list[FrameEvidence]
                           ) -> list[FrameEvidence]:
    """"Symptoms often settle if you wear a night splint" under Alternatives: what the
    patient is told to wear or use there is done instead of the operation, not after
    it; a verb of use opens no aftercare frame in such a sentence (a time word, "after
    the injection", still does)."""
    doc = sentence.doc
    if doc is None:
        return frames
    return [f for f in frames if not (f.frame == "aftercare" and f.hit is not None and
                                      not f.lead_in and doc[f.hit.start].pos_ == "VERB")]


def _after_an_operation(sentence: Sentence, main: Concept | None) -> bool:
    """"A splint is worn at night after the operation" under "Other treatments": what
    is done after the page's operation is not done instead of it, whatever the section.
    ("Skin thinning can occur after the injection" there speaks of the option.)"""
    doc = sentence.doc
    if doc is None:
        return False
    for after in (t for t in doc if t.lower_ == "after"):
        for obj in (c for c in after.children if c.dep_ == "pobj"):
            if obj.lemma_.lower() in SURGICAL_NOUNS or (main is not None and any(
                    m.concept == main for m in mentions_at(sentence, obj))):
                return True
    return False


def _how_it_is_done(mention: Mention, evidence: FrameEvidence) -> bool:
    """"Capsular release is a keyhole operation" under Alternatives: the way in and the
    anaesthetic, placed among the options only by the section, are how the option named
    in the sentence is done, never options of their own."""
    return evidence.hit is None and not evidence.lead_in and \
        any(is_a(mention.concept, c) for c in ("Approach", "Anesthesia"))


def _fellow_options(sentence: Sentence, mention: Mention, option: Mention) -> bool:
    """"Most people try painkillers, a brace and a steroid injection": things coordinated
    with the option, or the option itself, are options too, not what it brings."""
    doc = sentence.doc
    if mention is option or mention.concept == option.concept or doc is None:
        return True
    head, other = doc[mention.first:mention.last].root, doc[option.first:option.last].root
    return head in other.conjuncts


def _named_by_general(sentence: Sentence, token: Token) -> Mention | None:
    """"Spinal fusion is surgery that connects two vertebrae", "a Latarjet procedure, an
    open operation that transfers ...": a general noun set beside a named procedure, as
    the copula's complement or in apposition, speaks of that procedure, and so does the
    relative clause on it."""
    general = mention_at(sentence, token)
    if token.lemma_.lower() not in PROCEDURE_NOUNS and \
            (general is None or not is_generic(general.concept)):
        return None
    if token.dep_ == "appos":
        named = mention_at(sentence, token.head)
    elif token.dep_ == "attr":
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        named = mention_at(sentence, subject) if subject is not None else None
    else:
        return None
    if named is None or is_generic(named.concept) or not can_be_subject(named.concept):
        return None
    return named


def _defined_condition(sentence: Sentence, token: Token) -> Mention | None:
    """"Gout is an inflammatory arthritis that gives sudden pain": the kind a condition is
    said to be, as the copula's complement, stands for that condition in the relative
    clause on it; what the clause says is said of the condition being defined."""
    if token.dep_ != "attr":
        return None
    general = mention_at(sentence, token)
    if general is None or not is_a(general.concept, "Condition"):
        return None
    subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
    named = mention_at(sentence, subject) if subject is not None else None
    if named is None or not named.asserted or not is_a(named.concept, "Condition") or \
            is_a(named.concept, "Symptom"):
        return None
    return named


def _first_clause_procedure(sentence: Sentence, pronoun: Token) -> Mention | None:
    """"A steroid injection is another option, though it can cause skin thinning": a
    pronoun in a later clause stands for the procedure that is the subject of the clause
    before it in the same sentence, not for whatever the sentence before was about."""
    if pronoun.lower_ in RELATIVE:
        return None
    for m in sentence.mentions:
        if m.nested or not m.asserted or m.last > pronoun.i:
            continue
        if can_be_subject(m.concept) and _is_subject(sentence, m):
            return m
    return None


class SentenceFacts:
    """Turns one annotated sentence into facts, given the document model's subjects."""

    def __init__(self, reader: FrameReader, rules: Sequence[RelationRule] | None = None
                 ) -> None:
        self.reader = reader
        self.rules = tuple(rules if rules is not None else default_rules())
        self.main: Concept | None = None
        self.condition: Concept | None = None  # the condition the page is about
        # the one condition the current section's heading names ("What is hallux
        # rigidus?"): what "it" stands for in a condition frame there
        self.heading_condition: Concept | None = None
        # the option an alternatives section last spoke of, with its section
        self._carried: tuple[Section, Concept] | None = None
        # the conditions the current section has named so far, with that section
        self._named: tuple[Section | None, set[Concept]] = (None, set())

    def judge(self, sentence: Sentence, subject: Subject, previous: Subject,
              section_kinds: Sequence[str]) -> Iterator[Judgement]:
        self._remember_conditions(sentence)
        option = self._option(sentence, subject)
        carried = self._carried_option(sentence, subject) if option is None else None
        self._remember_option(sentence, subject, option)
        after_operation = _after_an_operation(sentence, self.main)  # once per sentence
        for mention in sentence.mentions:
            if mention.nested or self._short_name_of_main(mention):
                continue
            frames = self._read_frames(sentence, mention, subject, section_kinds,
                                       after_operation)
            if not usable(mention, frames):
                continue
            if mention.negated:
                frames = frames[:1]  # only the words that deny it may say what it is
            frames = _purpose_first(sentence, [self._variant(sentence, f) for f in frames])
            # (what the section alone places among the options and the rules never take
            # as an option is the option's own: "rods" in "In a fusion, rods are fixed to
            # the spine" under Alternatives are the fusion's, and so is its way in)
            own = option is not None and (
                not frames or frames[0].frame != "alternative" or
                _how_it_is_done(mention, frames[0]) or
                (frames[0].hit is None and not frames[0].lead_in and
                 not self._can_be_option(mention.concept, option.concept))) and \
                not _fellow_options(sentence, mention, option)
            about = self._option_subject(option) if own and option else subject
            if carried is not None and frames and frames[0].frame != "alternative" and \
                    mention.concept != carried:
                about = Subject(carried, f"the option '{carried.label}' is still spoken of")
            if subject.reason == HEAD_REASON and mention.concept == subject.concept and \
                    previous.concept is not None:
                # "Partial meniscectomy: the torn part is trimmed away" after "the surgeon
                # will do one of two things:": the head is what the lead-in speaks of
                about = Subject(previous.concept, "the list's lead-in is about it")
            found = self._decide(sentence, mention, frames, about, previous)
            if subject.reason == HEAD_REASON and _defines_head(sentence, mention):
                found = [j for j in found if j.fact.prop != "hasStep"]
            found = [j for j in found if self._keeps(j)]
            yield from found
            yield from _sites_of_treated(sentence, mention, found)
            if found and found[0].frame in DUAL_FRAMES and \
                    not any(can_be_subject(j.agent) or j.agent == self.condition
                            for j in found):
                # (the cause of the page's own condition, "a tear is usually caused by a
                # twisting injury", is no damage the procedure repairs)
                # "joints damaged as a result of osteoarthritis": the condition causes the
                # damage, and the procedure for that damage treats it.
                seen = {j.fact for j in found}
                yield from (j for j in self._decide(sentence, mention, frames, subject,
                                                    previous, agents=False)
                            if j.fact not in seen)

    def _remember_conditions(self, sentence: Sentence) -> None:
        """The conditions named so far in the sentence's section (this one included)."""
        section, named = self._named
        if section is not sentence.section:
            section, named = sentence.section, set()
            self._named = (section, named)
        named.update(m.concept for m in sentence.mentions
                     if not m.nested and m.asserted and is_a(m.concept, "Condition"))

    def _read_frames(self, sentence: Sentence, mention: Mention, subject: Subject,
                     section_kinds: Sequence[str], after_operation: bool
                     ) -> list[FrameEvidence]:
        """The mention's frames, with what the patient holds read as a risk factor,
        under Alternatives no aftercare opened by a verb of use, and in a sentence about
        the time after the page's operation no alternative placed by the section."""
        frames = self.reader.frames(sentence, mention, section_kinds)
        if mention.patient_factor and not is_a(mention.concept, "Complication"):
            frames = _as_risk_factor(frames)
        if subject.reason == OPTIONS_REASON:
            frames = _options_not_aftercare(sentence, frames)
        if after_operation:
            frames = [f for f in frames if not (f.frame == "alternative" and
                                                f.hit is None and not f.lead_in)]
        return frames

    def _keeps(self, judgement: Judgement) -> bool:
        """"Hip arthroscopy" includes no "arthroscopy", a broader name of itself, and an
        operation done as a step is one the lexicon knows (a name made from the text
        beside a step's words, "a cut over the lump (open surgery)", is no operation of
        its own); only the therapy a page is about is told in parts ("the programme
        includes strengthening exercises"): elsewhere a therapy listed under another
        ("lifestyle changes such as exercise") is an example of it, not a part."""
        fact = judgement.fact
        if fact.prop == "includesProcedure":
            # (nor is the page's own procedure a part of an option weighed against it:
            # "alternatives to surgery include a steroid injection")
            return not broader_or_same(fact.obj, fact.subject) and fact.obj != self.main and \
                (judgement.frame != "step" or fact.obj.source == LEXICON_SOURCE)
        if fact.prop == "hasStep" and is_a(fact.obj, "Therapy"):
            return fact.subject == self.main and not broader_or_same(fact.obj, self.main)
        return True

    def _names_a_procedure(self, sentence: Sentence) -> bool:
        return any(not m.nested and m.asserted and is_a(m.concept, "Procedure") and
                   not is_generic(m.concept) and
                   (can_be_subject(m.concept) or broader_or_same(m.concept, self.main))
                   for m in sentence.mentions)

    def _carried_option(self, sentence: Sentence, subject: Subject) -> Concept | None:
        """"Big toe fusion is the other choice. The joint is fixed with screws": under
        "Alternatives", a sentence that names no procedure (at most a category word, "the
        injection", "fusion") after one about an option still speaks of that option; its
        harms and devices are the option's, not the page's procedure's."""
        carried = self._carried
        if carried is None or subject.reason != OPTIONS_REASON or \
                carried[0] is not sentence.section or self._names_a_procedure(sentence):
            return None
        return carried[1]

    def _remember_option(self, sentence: Sentence, subject: Subject,
                         option: Mention | None) -> None:
        """The option the next sentence of an alternatives section may go on about: the
        one this sentence names, or the procedure its list item is headed by; a sentence
        that names the page's own procedure (or another) ends it."""
        if option is not None:
            self._carried = (sentence.section, option.concept)
        elif subject.reason == HEAD_REASON and subject.concept is not None and \
                subject.concept != self.main:
            self._carried = (sentence.section, subject.concept)
        elif self._names_a_procedure(sentence) or \
                (self._carried is not None and self._carried[0] is not sentence.section):
            self._carried = None

    @staticmethod
    def _option_subject(option: Mention) -> Subject:
        return Subject(option.concept, f"what the option '{option.text}' brings")

    def _option(self, sentence: Sentence, subject: Subject) -> Mention | None:
        """"A steroid injection (skin thinning is a side effect of it)" under
        "Alternatives": the option is weighed against the page's procedure, but what else
        its sentence says (harms, devices, drugs) is the option's own."""
        if subject.reason != OPTIONS_REASON:
            return None
        named = next((m for m in sentence.mentions if not m.nested and m.asserted and
                      is_a(m.concept, "Procedure") and can_be_subject(m.concept) and
                      not is_generic(m.concept) and
                      not broader_or_same(m.concept, self.main)), None)
        return named

    def _short_name_of_main(self, mention: Mention) -> bool:
        """"Where the epidural was done" on a page about epidural steroid injections: a
        procedure named by words of the page's own procedure's name is that procedure
        (the lexicon's "epidural" is the anaesthetic), so it is no object of it. A name
        ending in the same head noun ("a type of knee replacement") is a broader kind
        of it, and stays one."""
        main = self.main
        if main is None or broader_or_same(mention.concept, main) or \
                not is_a(mention.concept, "Procedure"):
            return False
        words = [singular(w) for w in mention.text.lower().split() if w not in ARTICLES]
        name = main.label.split()
        return bool(words) and set(words) < set(name) and words[-1] != name[-1]

    def _variant(self, sentence: Sentence, evidence: FrameEvidence) -> FrameEvidence:
        """"Another injection option is a PRP injection" on a page about an injection: an
        option named as a kind of the page's procedure is a variant of it, not an
        alternative to it."""
        hit = evidence.hit
        if evidence.frame != "alternative" or hit is None or evidence.lead_in or \
                self.main is None or sentence.doc is None or \
                sentence.doc[hit.start].lemma_.lower() in OTHER_THAN:
            return evidence
        naming = [m for m in sentence.mentions if not m.nested and m.last == hit.start
                  and m.asserted]  # the name modifies the cue word itself
        if any(broader_or_same(m.concept, self.main) for m in naming):
            return FrameEvidence("variant", f"{evidence.source} of the page's kind",
                                 evidence.distance, hit)
        return evidence

    def _decide(self, sentence: Sentence, mention: Mention, frames: list[FrameEvidence],
                subject: Subject, previous: Subject, agents: bool = True
                ) -> list[Judgement]:
        """The facts of the first frame that decides for any of its subjects."""
        present = {f.frame for f in frames}
        for evidence in [*frames, FrameEvidence(ANY, "class default")]:
            decided = False
            found: list[Judgement] = []
            for named, reason in self._subjects(sentence, mention, evidence, subject,
                                                previous, agents):
                who, why = self._not_itself(sentence, mention, evidence, named, reason)
                if who is None or who == mention.concept:
                    continue
                noticed = self._noticed(sentence, evidence, who, mention, previous, frames)
                if noticed is not None:
                    who, why = noticed, f"what you notice, after '{noticed.label}' is described"
                rule = self._rule(self._reframed(evidence, who, mention.concept, noticed),
                                  mention.concept, who, present)
                if rule is None:
                    continue
                decided = True
                prop = rule.core_property
                if prop == "includesProcedure" and evidence.frame == "step" and \
                        _names_the_step(sentence, mention):
                    prop = "hasStep"
                if prop is not None:
                    obj = rule.taken_as(self._specific(self._anaphoric(sentence, mention),
                                                       who))
                    s, o = (obj, who) if rule.inverse else (who, obj)
                    fact = Fact(s, prop, o, sentence.doc_id, sentence.text,
                                sentence.section.heading)
                    found.append(Judgement(fact, mention, evidence.frame, evidence.source,
                                           why, who))
            if decided:
                return found
        return []

    def _not_itself(self, sentence: Sentence, mention: Mention, evidence: FrameEvidence,
                    who: Concept | None, why: str) -> tuple[Concept | None, str]:
        """The subject when the one found is the mention itself, where the sentence
        still says whose it is: "a decompression is often included" is done within the
        page's procedure; "Surgical release is still an alternative if casting fails" (an
        option said to be one, with nothing named that it is one to) is weighed against
        the page's procedure."""
        if who != mention.concept or self.main is None:
            return who, why
        if _passive_subject(sentence, mention):
            return self.main, f"'{mention.text}' is done, in the main procedure"
        if evidence.frame == "alternative" and who != self.main:
            return self.main, "an option with no other named is the page's"
        return who, why

    def _reframed(self, evidence: FrameEvidence, who: Concept, obj: Concept,
                  noticed: Concept | None = None) -> str:
        """"What is gout? ... You may notice sudden pain at night": what the patient may
        notice or feel (a risk cue under Risks) is, in a section that explains the
        condition it is said of, what that condition brings: a symptom. ("Risk factors
        include diabetes" there names no symptom: only the patient's own experience
        does.)"""
        hit = evidence.hit
        if evidence.frame == "risk" and who is not None and \
                who in (self.heading_condition, noticed) and \
                hit is not None and hit.cue.words[-1] & EXPERIENCED and is_a(obj, "Symptom"):
            return "symptom"
        return evidence.frame

    def _noticed(self, sentence: Sentence, evidence: FrameEvidence, who: Concept,
                 mention: Mention, previous: Subject, frames: Sequence[FrameEvidence]
                 ) -> Concept | None:
        """"Trigger finger is a thickening of the tendon sheath. You may notice a painful
        click": under a heading that names no condition, what the reader may notice or
        feel, right after a sentence that describes a disease or injury, is what that
        condition brings, not a harm of the page's procedure; under Risks or Recovery
        (a section's risk or aftercare frame) it stays a harm."""
        hit, doc, thing = evidence.hit, sentence.doc, previous.thing
        if evidence.frame != "risk" or hit is None or doc is None or who != self.main or \
                not hit.cue.words[-1] & EXPERIENCED or thing is None or \
                not is_a(mention.concept, "Symptom") or not is_a(thing, "Condition") or \
                is_generic(thing) or \
                any(is_a(thing, c) for c in ("Symptom", "Complication")) or \
                any(f.hit is None and f.frame in ("risk", "aftercare") for f in frames):
            return None
        verb = doc[hit.end - 1]
        if not any(c.dep_ == "nsubj" and c.lower_ == "you" for c in verb.children):
            return None
        return thing

    def _anaphoric(self, sentence: Sentence, mention: Mention) -> Concept:
        """"Osteoporosis causes many of these fractures" on a page about wrist fractures:
        a broader name of the page's condition after "this" or "these" points back to
        that condition."""
        condition, doc = self.condition, sentence.doc
        if condition is None or doc is None or mention.concept == condition or \
                not is_a(mention.concept, "Condition") or \
                not broader_or_same(mention.concept, condition):
            return mention.concept
        head = doc[mention.last - 1]
        if any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVE for c in head.children):
            return condition
        return mention.concept

    def _specific(self, named: Concept, who: Concept) -> Concept:
        """"An injection is an alternative to surgery" on a page about carpal tunnel
        release: the category word stands for the page's procedure, which is of it."""
        main = self.main
        if is_generic(named) and main is not None and who != main and \
                is_a(main, named.cls):
            return main
        return named

    def _antecedent(self, sentence: Sentence, pronoun: Token, frame: str, previous: Subject
                    ) -> tuple[Concept | None, str]:
        """What "it" before a cue stands for: a relative pronoun, the noun its clause
        describes ("open surgery, which may result in ..."); for a condition frame, the
        condition named earlier in the sentence ("Symptoms of osteoarthritis vary, though
        it is characterised by ..."), else the condition the section's heading names
        ("What is gout? ... It causes sudden pain": the sentence before may have named
        a structure or the condition's definition, "it" is still the condition the
        section explains), else the one named in the sentence before; else the last
        subject."""
        if pronoun.lower_ in RELATIVE and pronoun.head.dep_ in ("relcl", "acl"):
            described = _named_by_general(sentence, pronoun.head.head) or \
                _defined_condition(sentence, pronoun.head.head) or \
                mention_at(sentence, pronoun.head.head)
            kinds = AGENT_KINDS.get(frame, ("Procedure", "Condition"))
            if described is not None and any(is_a(described.concept, k) for k in kinds):
                return described.concept, f"'{pronoun.text}' is '{described.text}'"
        if frame in CONDITION_FRAMES:
            earlier = [m for m in sentence.mentions if not m.nested and m.last <= pronoun.i
                       and is_a(m.concept, "Condition") and m.asserted]
            if earlier:
                return earlier[0].concept, f"'{pronoun.text}' is '{earlier[0].text}'"
            if self.heading_condition is not None and pronoun.lower_ not in RELATIVE:
                return self.heading_condition, \
                    f"'{pronoun.text}' is the condition the heading names"
            if previous.thing is not None and is_a(previous.thing, "Condition") and \
                    pronoun.lower_ not in RELATIVE:
                # a relative pronoun stands for a noun of its own sentence ("arrange
                # X-rays, which show the narrowing"), never the sentence before's
                return previous.thing, f"'{pronoun.text}' is the condition spoken of"
        first = _first_clause_procedure(sentence, pronoun)
        if first is not None:
            return first.concept, f"'{pronoun.text}' is '{first.text}', the subject before it"
        return previous.concept, f"'{pronoun.text}' refers back"

    def _can_be_option(self, concept: Concept, option: Concept) -> bool:
        """True when the rules take ``concept``, named as an alternative, as an option
        weighed against ``option`` (a procedure, a drug, a device; not an implant)."""
        rule = self._rule("alternative", concept, option, {"alternative"})
        return rule is not None and rule.core_property == "alternativeTo"

    def _rule(self, frame: str, obj: Concept, who: Concept, present: set[str]
              ) -> RelationRule | None:
        """The first row deciding ``frame`` for these classes (None: the frame passes)."""
        for rule in self.rules:
            if rule.frame == frame and rule.fits(obj, who, present):
                return None if rule.prop == PASS else rule
        return None

    def _subjects(self, sentence: Sentence, mention: Mention, evidence: FrameEvidence,
                  subject: Subject, previous: Subject, agents: bool = True
                  ) -> Iterator[tuple[Concept | None, str]]:
        """The subject for one frame: the cue's agent, else (for a list item's lead-in)
        the lead-in's subject, else the relative clause's procedure, else the sentence's."""
        if evidence.hit is not None and agents:
            found, settled = self._cue_subjects(sentence, mention, evidence, subject,
                                                previous)
            yield from found
            if settled:
                return
        if evidence.lead_in:
            if subject.reason == HEAD_REASON and mention.start > sentence.text.find(":"):
                return  # "Laminectomy: removal of the lamina" is about laminectomy
            yield previous.concept, "the list's lead-in is about it"
            return
        if evidence.frame == "risk" and evidence.hit is None and sentence.is_list_item and \
                mention.first == 0 and subject.concept is not None and \
                not can_be_subject(subject.concept) and self.main is not None:
            # "- Frozen shoulder affects up to 5 in 100": the words an item of a list of
            # risks opens with name a harm of the page's procedure, whatever the clause
            # goes on to make its subject
            yield self.main, "an item of the list of risks names a harm"
            return
        clause = clause_subject(sentence, mention, self.main)
        chosen = clause if clause is not None else subject
        yield chosen.concept, chosen.reason

    def _cue_subjects(self, sentence: Sentence, mention: Mention, evidence: FrameEvidence,
                      subject: Subject, previous: Subject
                      ) -> tuple[list[tuple[Concept | None, str]], bool]:
        """What the cue itself says the fact is about, and whether that settles it (a
        cue whose agent is named, or that needs one and has none, leaves no fallback)."""
        hit = evidence.hit
        source = sentence.lead_in if evidence.lead_in else sentence
        if hit is None or source is None or source.doc is None:
            return [], False
        kinds = AGENT_KINDS.get(evidence.frame, ("Procedure", "Condition"))
        agent = _agent(source, source.doc, hit.start, hit.end, mention, kinds)
        if isinstance(agent, Mention):
            if evidence.frame in DEFINING_FRAMES and not _is_subject(source, agent):
                return [], True
            listed = (evidence.frame == "caused_by" or _in_subject(source, agent) or
                      _just_before_verb(source.doc, agent, hit.start)) \
                and not _describes(source.doc, hit.start, agent)
            named = _coordinated(source, source.doc, agent, kinds) if listed else [agent]
            return [self._as_named(source, each) for each in named], True
        if agent is not None:
            return [self._antecedent(source, agent, evidence.frame, previous)], True
        if evidence.frame in OWN_SUBJECT_FRAMES and _noun_subject(source.doc, hit.start):
            return [], True
        if evidence.frame in AGENT_FRAMES:
            return self._unnamed_agent(source, mention, evidence.frame, hit.start, subject,
                                       previous), True
        return [], False

    def _unnamed_agent(self, source: Sentence, mention: Mention, frame: str, cue: int,
                       subject: Subject, previous: Subject
                       ) -> list[tuple[Concept | None, str]]:
        """The concept a frame that needs one speaks of when no agent is named before
        its cue: for a test, the condition its verb names, examines or stands a pronoun
        for; for symptoms and tests, the page's condition (unless the verb acts on
        another thing); for the other condition frames, the condition the heading
        names; else the condition spoken of."""
        if frame == "diagnose":
            found = self._diagnosed_condition(source, mention, cue, subject, previous)
            if found is not None:
                return [found]
        if frame in PAGE_CONDITION_FRAMES and self.condition is not None:
            if _acts_on_other(source, cue, self.condition):
                return []
            # "Typical symptoms are pain and swelling" after "in older people the
            # cartilage wears and splits": symptoms and tests named with no condition
            # of their own are those of the condition the page is about
            return [(self.condition, "the page's condition")]
        if frame in CONDITION_FRAMES and self.heading_condition is not None:
            # "About gout ... Causes: obesity, kidney disease": the condition the
            # section's heading explains, as for "it" there
            return [(self.heading_condition, "the condition the heading names")]
        if frame in CONDITION_FRAMES and previous.thing is not None and \
                is_a(previous.thing, "Condition"):
            return [(previous.thing, "the condition the text was speaking of")]
        return []

    def _diagnosed_condition(self, source: Sentence, mention: Mention, cue: int,
                             subject: Subject, previous: Subject
                             ) -> tuple[Concept | None, str] | None:
        """"Your consultant will assess the joint with X-rays" in (or after) a sentence
        about a condition: the part examined is that condition's; "we diagnose it with ...": the
        condition the sentence is about, which on a page explaining two conditions need
        not be the page's; "a CT scan maps the fracture fragments": the condition the verb
        names, when the text is speaking of it."""
        if _examines_part(source, cue):
            for about, why in ((subject.concept, "in a sentence about"),
                               (previous.thing, "after a sentence about")):
                if about is not None and is_a(about, "Condition"):
                    return about, f"a part examined {why} '{about.label}'"
        if _stands_in_object(source, cue):
            page = self.condition
            if page is not None and page in self._named[1]:
                # the section names the page's condition: "it" is that one, whatever
                # broader name its heading gives ("What is a trapped nerve?")
                return page, "the diagnosed 'it' is the page's condition, named here"
            return _condition_spoken_of(subject, self.heading_condition, page, previous)
        found = _object_condition(source, cue, mention)
        return self._diagnosed(source, found, previous) if found is not None else None

    def _diagnosed(self, source: Sentence, named: Mention, previous: Subject
                   ) -> tuple[Concept | None, str] | None:
        """The condition a test's verb names as its object when the text is speaking of
        that condition, as specifically as the text named it ("A distal humerus fracture
        ...; a CT scan maps the fracture fragments": the distal humerus fracture). A
        condition named only as the object ("An MRI scan shows the labral tear" on a page
        about recurrent dislocation) is what the test shows of the condition the page is
        about: None, and the page's condition decides."""
        spoken = [m.concept for m in source.mentions
                  if m.last <= named.first and not m.nested and m.asserted]
        if previous.thing is not None:
            spoken.append(previous.thing)
        for concept in spoken:
            if is_a(concept, "Condition") and broader_or_same(named.concept, concept):
                if self.condition is not None and broader_or_same(concept, self.condition):
                    concept = self.condition  # "the tear" on a page about meniscal tears
                return concept, f"'{named.text}' is the '{concept.label}' spoken of, " \
                                "the object the test finds"
        return None

    def _as_named(self, source: Sentence, each: Mention) -> tuple[Concept | None, str]:
        """An agent that is a broader name of the page's procedure is that procedure,
        unless it is named only to be compared with it; a broader name of the page's
        condition ("the tear") is that condition."""
        if each.concept != self.main and broader_or_same(each.concept, self.main) and \
                each.first not in comparators(source):
            return self.main, f"'{each.text}' names the main procedure"
        condition = self.condition
        if condition is not None and each.concept != condition and \
                is_a(each.concept, "Condition") and broader_or_same(each.concept, condition):
            # "an MRI scan to confirm the tear" on a page about meniscal tears
            return condition, f"'{each.text}' names the page's condition"
        return each.concept, f"'{each.text}' is what the cue speaks of"


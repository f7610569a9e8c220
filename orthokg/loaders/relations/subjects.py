"""What each sentence is about: the document's main procedure and each clause's subject.

The main procedure comes from the title (site banners are gone by now), unless the
opening definition names a more specific one ("Hip arthroscopy is a procedure in which
..." under a title that only says "Arthroscopy"); failing both, the procedure the body
names most. A sentence is about the main procedure unless it says otherwise:

* its grammatical subject is another procedure ("Total hip replacement is usually done
  through a cut at the back"), or a condition ("Tears can cause pain");
* a fronted phrase names one ("With a traditional hip replacement, ...", "In reverse
  shoulder replacement, ...");
* a pronoun or "the operation" continues about the procedure just named, or a section or a
  labelled paragraph ("Primary repair:") is about a variant;
* a list item reads "Laminectomy: removal of ...";
* "the initial surgery" is the operation the patient had before, if the text named one.

A procedure named after "than", "unlike" or "compared with" is only compared with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from orthokg.loaders.model import Mention, Sentence
from orthokg.loaders.recognition.composition import KIND_WORDS
from orthokg.loaders.recognition.generic import is_generic
from orthokg.loaders.recognition.language import lowers
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import TEXT_SOURCE, Concept

NOT_SUBJECTS = ("SurgicalStep", "Anesthesia", "PreparationStep", "DiagnosticProcedure")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRONOUNS = frozenset({"it", "this", "they", "these", "that", "which", "those"})
# Nouns that stand for "the procedure this text is about" when used on their own: the
# words that only say what kind of thing a procedure is, and the heads of its name.
PROCEDURE_NOUNS = KIND_WORDS | frozenset({
    "technique", "injection", "approach", "method", "repair", "replacement",
    "reconstruction", "release", "fusion", "test", "intervention", "process", "removal",
    "excision"})
# The kind words that say the procedure is an operation.
SURGICAL_NOUNS = frozenset({"surgery", "operation"})
assert SURGICAL_NOUNS <= KIND_WORDS
DEFINING_VERBS = frozenset({"be", "involve", "use", "refer", "describe", "mean", "remove",
                            "replace", "repair", "treat", "inject", "place", "insert"})
EARLIER = frozenset({"initial", "original", "previous", "earlier", "first", "prior", "last"})
HAD_BEFORE = frozenset({"undergo", "have", "after", "following", "previous", "since", "prior"})
FRONT_PREPS = frozenset({"with", "in", "during", "for", "after", "following", "before",
                         "through", "within"})
COMPARATOR_PREPS = frozenset({"unlike", "than", "versus", "vs"})
COMPARATORS_KEY = "orthokg.comparators"
OPTIONS_REASON = "options are weighed against the main procedure"
ARTICLES = frozenset({"a", "an", "the"})  # "different from an anatomic one" compares too
# "With a traditional hip replacement, the capsule is cut": the older way is named only to
# be set against the page's variant, never as the page's procedure.
CONTRASTED = frozenset({"traditional", "conventional"})
CONTRASTED_ADVERBS = frozenset({"traditionally", "conventionally"})
# "A spinal headache could occur": the condition that occurs is what the sentence reports,
# not what it is about.
OCCURRING = frozenset({"occur", "happen", "arise", "develop", "follow", "result"})
HARM_COURSE = frozenset({"settle", "resolve", "subside", "last", "fade", "disappear",
                         "persist"})
COMMONNESS = frozenset({"common", "uncommon", "rare", "unusual", "possible", "frequent",
                        "infrequent", "likely", "unlikely"})
DEFINITION_SENTENCES = 3
SECTION_WEIGHTS = {"aftercare": 0.3, "preparation": 0.3, "alternatives": 0.2,
                   "contraindications": 0.3, "intro": 1.5, "overview": 1.5}
LABEL_MAX_WORDS = 6
HEAD_REASON = "list item names its procedure before the colon"
LABEL_REASON = "labelled paragraph"
SUBJECT_REASON = "grammatical subject"


def can_be_subject(concept: Concept) -> bool:
    """A procedure a page can be about: surgery, injection, therapy, any intervention."""
    return (is_a(concept, "Procedure") and not any(is_a(concept, c) for c in NOT_SUBJECTS)
            and not is_generic(concept))


def is_intervention(concept: Concept) -> bool:
    """A procedure other than a therapy: what a sentence can turn to as its subject.

    Physiotherapy, rest or a hospital stay named as a sentence's subject is part of the
    aftercare of the procedure a page is about, not a new topic ("Physiotherapy is
    essential for regaining strength"), unless the page itself is about that therapy.
    """
    return can_be_subject(concept) and not is_a(concept, "Therapy")


def broader_or_same(concept: Concept, main: Concept | None) -> bool:
    """True when ``concept`` is ``main`` or a more general name for it ("arthroscopy" on a
    page about hip arthroscopy): a sentence about it is about the main procedure. A
    condition is never a name of a procedure, even one whose name holds all its words
    ("a wrist fracture causes pain" on a page about wrist fracture fixation)."""
    if main is None or (is_a(main, "Procedure") and not is_a(concept, "Procedure")):
        return False
    return concept == main or set(concept.label.split()) < set(main.label.split()) \
        or concept.label in main.subtype_of


def switches_to(concept: Concept, main: Concept | None) -> bool:
    """A procedure a sentence may be about instead of the main one."""
    return (is_intervention(concept) or (main is not None and concept == main)) and \
        not broader_or_same(concept, main)


@dataclass(frozen=True, slots=True)
class Subject:
    """What a sentence (or clause) says things about, and why."""

    concept: Concept | None
    reason: str
    thing: Concept | None = None


def salient(sentence: Sentence, subject: Subject, main: Concept | None) -> Subject:
    """What "it" or "they" in the next sentence refers to.

    The grammatical subject when it is a concept ("Hyaluronic acid is a gel. It helps
    ..." is about the gel, so no procedure); a procedure introduced as the complement of
    "be" ("Another option is a PRP injection. It is recommended for ...") ; else the
    sentence's subject.
    """
    doc = sentence.doc
    root = _root(doc) if doc is not None else None
    if doc is None or root is None:
        return subject
    token = grammatical_subject(doc)
    found = _subject_mention(sentence, token) if token is not None else None
    if found is not None and is_generic(found.concept) and not can_be_subject(found.concept):
        # "Serious complications are rare. They may include infection, ...": a category
        # of harms is no topic of its own; "they" are the procedure's (unless the sentence
        # introduces one: "Another option is a PRP injection")
        found = None
    elif found is not None and not can_be_subject(found.concept):
        return Subject(None, f"'{found.text}' was the last thing spoken of", found.concept)
    if found is None and root.lemma_ == "be":
        for child in root.children:
            named = _subject_mention(sentence, child) if child.dep_ == "attr" else None
            if named is not None and switches_to(named.concept, main):
                return Subject(named.concept, f"'{named.text}' was just introduced")
            if named is not None and not can_be_subject(named.concept) and \
                    token is not None and token.lower_ in ("this", "it", "that"):
                # "This is carpal tunnel syndrome. It causes numbness": the condition
                return Subject(None, f"'{named.text}' was just named", named.concept)
    held = _held_by_reader(sentence, token, root)
    if held is not None:
        return Subject(None, f"the reader has '{held.text}'", held.concept)
    return subject


def _held_by_reader(sentence: Sentence, token: Token | None, root: Token) -> Mention | None:
    """"You have a broken wrist. It causes pain and swelling": the disease or injury the
    reader is told they have (the main clause, not "if you have") is what the next
    sentence's "it" is; a symptom they will have ("you will have some pain") is none."""
    if token is None or token.lower_ != "you" or root.lemma_.lower() != "have":
        return None
    for child in root.children:
        named = _subject_mention(sentence, child) if child.dep_ == "dobj" else None
        if named is not None and named.asserted and not named.patient_factor and \
                is_a(named.concept, "Condition") and not is_generic(named.concept) and \
                not any(is_a(named.concept, c) for c in ("Symptom", "Complication")):
            return named
    return None


def clause_subject(sentence: Sentence, mention: Mention, main: Concept | None
                   ) -> Subject | None:
    """The procedure a relative clause around ``mention`` is about ("total hip
    replacement, which involves removing the entire joint")."""
    doc = sentence.doc
    if doc is None or mention.first >= len(doc):
        return None
    token = doc[mention.first]
    for _ in range(len(doc)):
        purpose = _purpose_of(sentence, token, mention, main)
        if purpose is not None:
            return purpose
        if token.dep_ in ("relcl", "acl", "appos") and token.head.i != token.i:
            found = mention_at(sentence, token.head)
            if found is not None and found is not mention and \
                    switches_to(found.concept, main):
                return Subject(found.concept, f"relative clause of '{found.text}'"
                               if token.dep_ != "appos" else
                               f"apposition to '{found.text}'")
            if (found is not None and is_generic(found.concept)) or \
                    (found is None and token.head.lemma_.lower() in PROCEDURE_NOUNS):
                named = _apposed_name(sentence, token.head)
                if named is not None and switches_to(named.concept, main):
                    return Subject(named.concept, f"'{token.head.text}' stands beside "
                                                  f"'{named.text}'")
            elif found is not None:
                return None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _apposed_name(sentence: Sentence, noun: Token) -> Mention | None:
    """"We offer ALIF (anterior lumbar interbody fusion), a separate procedure using ...":
    the general noun set after a comma beside a named procedure is that procedure (the
    parser often reads it as a second object, not an apposition)."""
    doc = noun.doc
    start = min(t.i for t in noun.subtree if t.i <= noun.i)
    before = start - 1
    if before < 1 or doc[before].text != ",":
        return None
    index = before - 1
    if doc[index].text == ")":  # skip a bracketed abbreviation
        while index > 0 and doc[index].text != "(":
            index -= 1
        index -= 1
    return mention_at(sentence, doc[index]) if index >= 0 else None


def _purpose_of(sentence: Sentence, verb: Token, mention: Mention, main: Concept | None
                ) -> Subject | None:
    """"You may need surgery to repair the damage": what the purpose clause does is done
    by the procedure the main verb names, not by the page's procedure. A procedure named
    only in general ("surgery") says nothing about any procedure of the page."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in verb.children):
        return None
    for obj in verb.head.children:
        if obj.dep_ != "dobj":
            continue
        found = mention_at(sentence, obj)
        if found is None or found is mention or not is_a(found.concept, "Procedure") or \
                broader_or_same(found.concept, main):
            continue
        if is_generic(found.concept):
            return Subject(None, f"purpose of '{found.text}' in general")
        if switches_to(found.concept, main):
            return Subject(found.concept, f"purpose of '{found.text}'")
    return None


@dataclass(slots=True)
class DocumentModel:
    """The main procedure of a document and the subject of each of its sentences."""

    main: Concept | None
    main_reason: str
    subjects: dict[int, Subject] = field(default_factory=dict)

    def subject(self, sentence: Sentence) -> Subject:
        return self.subjects.get(sentence.index, Subject(self.main, "main procedure"))


# -- tokens and mentions -----------------------------------------------------------------

def mentions_at(sentence: Sentence, token: Token) -> list[Mention]:
    """The non-nested mentions covering ``token``, innermost (shortest) first."""
    found = [m for m in sentence.mentions if not m.nested and m.first <= token.i < m.last]
    return sorted(found, key=lambda m: m.last - m.first)


def mention_at(sentence: Sentence, token: Token) -> Mention | None:
    """The innermost non-nested mention covering ``token``, if any."""
    found = mentions_at(sentence, token)
    return found[0] if found else None


def comparators(sentence: Sentence) -> set[int]:
    """Token indices of mentions the sentence only compares with ("than X", "unlike X")."""
    doc = sentence.doc
    if doc is None:
        return set()
    cached = doc.user_data.get(COMPARATORS_KEY)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found: set[int] = set()
    every = lowers(doc)
    for m in sentence.mentions:
        words = [w for w in every[max(0, m.first - 5):m.first] if w not in ARTICLES][-4:]
        own = every[max(0, m.first - 1):m.last]
        if any(w in CONTRASTED for w in own) or \
                any(w in COMPARATOR_PREPS for w in words) or " ".join(words[-2:]) in (
                "compared with", "compared to", "opposed to", "contrast to", "contrast with",
                "different from", "differs from", "differ from"):
            found.add(m.first)
    doc.user_data[COMPARATORS_KEY] = found
    return found


def _root(doc: Doc) -> Token | None:
    return next((t for t in doc if t.dep_ == "ROOT"), None)


def grammatical_subject(doc: Doc, verb: Token | None = None) -> Token | None:
    """The nsubj/nsubjpass of ``verb`` (default: the root), following conj to its head."""
    verb = verb if verb is not None else _root(doc)
    while verb is not None:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            continue
        return None
    return None


def _subject_mention(sentence: Sentence, token: Token) -> Mention | None:
    """The mention a subject token stands in, looking into "X of Y" and compounds."""
    for candidate in (token, *token.subtree):
        found = mention_at(sentence, candidate)
        if found is not None:
            return found
    return None


# -- the main procedure ------------------------------------------------------------------

def _procedures(sentence: Sentence) -> list[Mention]:
    return [m for m in sentence.mentions if not m.nested and m.asserted
            and can_be_subject(m.concept)]


def _more_specific(a: Concept, b: Concept) -> bool:
    """True when ``a`` names a narrower procedure than ``b`` ("hip arthroscopy" > "arthroscopy")."""
    words_a, words_b = set(a.label.split()), set(b.label.split())
    return (words_b < words_a) or b.label in a.subtype_of


def _definition(sentences: Sequence[Sentence]) -> Mention | None:
    """The procedure an opening definition is about ("X is a procedure in which ...")."""
    body = [s for s in sentences if not s.is_title and not s.is_list_item]
    for sentence in body[:DEFINITION_SENTENCES]:
        if sentence.doc is None:
            continue
        root = _root(sentence.doc)
        subject = grammatical_subject(sentence.doc)
        if root is None or subject is None or root.lemma_ not in DEFINING_VERBS:
            continue
        found = _subject_mention(sentence, subject)
        if found is not None and can_be_subject(found.concept):
            return found
    return None


# Words that put a procedure before the one a title is about ("... after hip replacement").
BEFORE_WORDS = frozenset({"after", "following", "post"})
# Words between such a word and the procedure's name ("after your knee replacement").
DETERMINERS = ARTICLES | frozenset({"your", "my", "their", "his", "her"})


def _done_before(title: Sentence, mention: Mention, named: Sequence[Mention]) -> bool:
    """True when the title names ``mention`` as the operation another procedure it names
    follows ("Rehabilitation after ACL reconstruction", "Physiotherapy following a hip
    replacement"): the page is about what comes after, the earlier one is its context."""
    words = lowers(title.doc) if title.doc is not None else []
    i = mention.first - 1
    while i >= 0 and words[i] in DETERMINERS:
        i -= 1
    return i >= 0 and words[i] in BEFORE_WORDS and any(m.last <= i for m in named)


def _bracketed(sentence: Sentence, mention: Mention) -> bool:
    before = sentence.text[:mention.start]
    return before.count("(") > before.count(")")


def find_main(sentences: Sequence[Sentence]) -> tuple[Concept | None, str]:
    """The document's main procedure and the reason it was chosen."""
    title = next((s for s in sentences if s.is_title), None)
    in_title = _procedures(title) if title is not None else []
    if title is not None:
        # "Hand therapy after flexor tendon repair": the page is about the therapy
        in_title = [m for m in in_title if not _done_before(title, m, in_title)] or in_title
    # "Bunion Surgery (Scarf Osteotomy)": the name outside brackets is the page's; the one
    # inside is a gloss or the technique used.
    named = max(in_title, key=lambda m: (not _bracketed(title, m),  # type: ignore[arg-type]
                                         len(m.concept.label.split()), m.end - m.start),
                default=None)
    defined = _definition(sentences)
    if named is not None and defined is not None and \
            _more_specific(defined.concept, named.concept) and \
            all(m.concept != defined.concept for m in in_title):
        return defined.concept, f"opening definition names '{defined.text}', narrower " \
                                f"than the title's '{named.text}'"
    if named is not None and _only_says_surgical(named.concept):
        # "Tennis elbow: treatment options and surgical release": the body names which
        # release ("a tennis elbow release"); the title only that it is one
        body, why = _most_named(s for s in sentences if not s.is_title)
        head = named.concept.label.split()[-1]
        if body is not None and body.label.split()[-1] == head and body != named.concept:
            return body, f"title names only '{named.text}'; the text {why}"
    if named is not None:
        return named.concept, f"title names '{named.text}'"
    if defined is not None:
        return defined.concept, f"opening definition is about '{defined.text}'"
    return _most_named(sentences)


# Words that say only that a procedure is an operation, not which one.
SURGICAL_WORDS = frozenset({"surgical", "operative", "open"})


def _only_says_surgical(concept: Concept) -> bool:
    """A name made from the text of a procedure head and words that only say it is an
    operation ("surgical release", "operative repair")."""
    words = concept.label.split()
    return concept.source == TEXT_SOURCE and len(words) > 1 and \
        all(w in SURGICAL_WORDS for w in words[:-1])


def _weight(sentence: Sentence, mention: Mention) -> float:
    """How strongly one mention suggests the page is about the procedure it names."""
    weight = SECTION_WEIGHTS.get(sentence.section.kind, 1.0)
    doc = sentence.doc
    if doc is not None and any(doc[i].dep_ in SUBJECT_DEPS
                               for i in range(mention.first, mention.last)):
        weight *= 2
    if is_a(mention.concept, "Therapy"):
        weight *= 0.5
    return weight


def _most_named(sentences: Iterable[Sentence]) -> tuple[Concept | None, str]:
    """The procedure the body names most, counting subjects double and mentions in the
    aftercare, preparation and alternatives sections (about other things) less."""
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    by_label: dict[str, Concept] = {}
    for sentence in sentences:
        for m in _procedures(sentence):
            scores[m.concept.label] += _weight(sentence, m)  # type: ignore[assignment]
            first.setdefault(m.concept.label, sentence.index)
            by_label[m.concept.label] = m.concept
    if not scores:
        return None, "no procedure named"
    # A page about a therapy says so in its title or first sentence; a therapy the body
    # names often is usually the aftercare of the operation the page is about.
    label = max(scores, key=lambda k: (is_intervention(by_label[k]), scores[k], -first[k]))
    return by_label[label], f"named most often (weight {scores[label]:.1f})"


# -- sentence subjects -------------------------------------------------------------------

@dataclass(slots=True)
class _Discourse:
    """What a reader carries from one sentence to the next."""

    main: Concept | None
    previous: Subject
    section: object = None
    section_topic: Concept | None = None
    label_topic: Concept | None = None
    label_block: int | None = None  # the paragraph a run-in label speaks for
    earlier: Concept | None = None

    def topic(self) -> Concept | None:
        return self.label_topic or self.section_topic or self.main


def _head_procedure(sentence: Sentence, main: Concept | None) -> Concept | None:
    """``Laminectomy: removal of the lamina``: the procedure a list item is about."""
    colon = sentence.text.find(":")
    if colon < 0:
        return None
    heads = [m.concept for m in _procedures(sentence) if m.end <= colon
             and switches_to(m.concept, main)]
    return heads[0] if heads else None


def is_label_line(sentence: Sentence) -> bool:
    """A short line ending in a colon that heads what follows ("Primary repair:")."""
    text = sentence.text.strip()
    return not sentence.is_list_item and text.endswith(":") and \
        len(text.split()) <= LABEL_MAX_WORDS


def _label_topic(sentence: Sentence, main: Concept | None) -> Concept | None:
    """The procedure a labelling line names: the sub-topic of the lines that follow."""
    heads = [m.concept for m in _procedures(sentence) if switches_to(m.concept, main)]
    return heads[0] if heads else None


def _run_in_label(sentence: Sentence, main: Concept | None) -> Concept | None:
    """"**Aspiration.** The cyst is drained with a needle and often comes back.": a
    paragraph that opens with the bare name of another procedure is about it, to the
    paragraph's end (a label ending in a colon speaks for the lines below it instead)."""
    text = sentence.text.strip()
    if sentence.is_list_item or sentence.doc is None or not text.endswith(".") or \
            len(text.split()) > LABEL_MAX_WORDS:
        return None
    named = _procedures(sentence)
    if not named or not all(any(m.first <= t.i < m.last for m in named)
                            for t in sentence.doc if not t.is_punct):
        return None
    return _label_topic(sentence, main)


def _fronted(sentence: Sentence, root: Token, skip: set[int], state: _Discourse
             ) -> Subject | None:
    """"With a traditional hip replacement, ...", "After a patient has had a hip
    replacement, ...", "During the initial surgery, ...": a procedure named in a phrase or
    clause before the main verb."""
    for token in sentence.doc or ():
        if token.i >= root.i:
            break
        if token.dep_ == "prep" and token.lower_ in FRONT_PREPS:
            objects = [c for c in token.children if c.dep_ == "pobj"]
        elif token.dep_ == "advcl":
            objects = [c for c in token.children if c.dep_ in ("dobj", "pobj")]
        else:
            continue
        for obj in objects:
            found = mention_at(sentence, obj)
            if obj.lemma_.lower() in PROCEDURE_NOUNS and \
                    any(c.lower_ in EARLIER for c in obj.children):
                return Subject(state.earlier, "the operation the patient had before")
            if found is not None and found.first not in skip and \
                    switches_to(found.concept, state.main):
                return Subject(found.concept, "a phrase before the verb names the procedure")
    return None


def _demonstrative(token: Token) -> Token | None:
    """"This approach is ...", "The downside to this approach is ...": a procedure noun
    with "this" or "that" points back to the procedure last spoken of (when the last
    thing spoken of was no procedure, to the topic)."""
    nouns = [token, *(g for c in token.children if c.dep_ == "prep"
                      for g in c.children if g.dep_ == "pobj")]
    for noun in nouns:
        if noun.lemma_.lower() in PROCEDURE_NOUNS and \
                any(c.dep_ == "det" and c.lower_ in ("this", "that") for c in noun.children):
            return noun
    return None


def _nominal_subject(sentence: Sentence, state: _Discourse, token: Token,
                     skip: set[int]) -> Subject | None:
    """The subject a grammatical subject token names, or None to fall back to the topic."""
    found = _subject_mention(sentence, token)
    if found is not None and found.first != token.i and not can_be_subject(found.concept) \
            and token.lemma_.lower() in PROCEDURE_NOUNS:
        # "Ganglion cyst removal is done as a day case": the head noun names the operation;
        # the condition before it only says what the operation is on
        return _word_subject(state, token)
    if found is not None and sentence.section.kind == "risks" and \
            is_a(found.concept, "Complication") and not can_be_subject(found.concept):
        # "Wound infection affects about 2 in 100 people" under Risks: a harm of the
        # procedure, however the sentence words it, not a new topic
        return None
    if found is not None and found.first not in skip:
        named = _named_subject(state, token, found)
        if named is not None or can_be_subject(found.concept):
            return named  # a procedure that is no subject of its own: the topic
    return _word_subject(state, token)


def _reports_harm(verb: Token) -> bool:
    """The clause only says that, how often or how long a harm happens ("infection can
    occur", "bruising and redness are common and settle in days"): it is still about the
    procedure that brings the harm, not a new topic."""
    if verb.lemma_.lower() in OCCURRING or verb.lemma_.lower() in HARM_COURSE:
        return True
    return verb.lemma_ == "be" and any(c.dep_ == "acomp" and c.lower_ in COMMONNESS
                                       for c in verb.children)


def _named_subject(state: _Discourse, token: Token, found: Mention) -> Subject | None:
    """The subject when the grammatical subject is a concept mention."""
    if found.concept != state.main and broader_or_same(found.concept, state.main) and \
            any(c.lower_ in CONTRASTED_ADVERBS for c in token.head.children):
        return Subject(found.concept, f"'{found.text}' as traditionally done")
    if broader_or_same(found.concept, state.main):
        return Subject(state.topic(), f"grammatical subject '{found.text}' names the "
                                      "main procedure")
    if switches_to(found.concept, state.main):
        return Subject(found.concept, f"{SUBJECT_REASON} '{found.text}'")
    if can_be_subject(found.concept):
        return None
    if is_a(found.concept, "Condition") and found.asserted and token.dep_ == "nsubj" and \
            token.head.pos_ in ("VERB", "AUX") and not _reports_harm(token.head) and \
            not is_generic(found.concept) and _finite_clause(token.head, found):
        # "Tears can cause pain" is about the tear; "the torn tendons are reattached"
        # (a passive subject) is still about the operation; "side effects include
        # bruising" names the category of the procedure's harms, not a topic; a list item
        # with no verb ("Complex regional pain syndrome (CRPS)") is a name, not a clause.
        return Subject(found.concept, f"grammatical subject is the condition '{found.text}'")
    return None


def _finite_clause(verb: Token, found: Mention) -> bool:
    """The tagger's verb makes a clause of the name: not a word of the name itself
    ("Elbow stiffness", "stiffness" tagged VBP), not an abbreviation in brackets
    ("Complex regional pain syndrome (CRPS)"), not a bare participle describing it
    ("Sural nerve injury, causing numbness ..."): a list item of such words is a name."""
    doc = verb.doc
    if found.first <= verb.i < found.last:
        return False
    if 0 < verb.i < len(doc) - 1 and doc[verb.i - 1].text == "(" and \
            doc[verb.i + 1].text == ")":
        return False
    return not (verb.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass")
                                               for c in verb.children))


def _word_subject(state: _Discourse, token: Token) -> Subject | None:
    """The subject a pronoun or a procedure noun stands for."""
    lemma = token.lemma_.lower()
    if lemma in PRONOUNS:
        # The thing spoken of goes on with the pronoun: "A tibial shaft fracture is a
        # break in the shinbone. It is often caused by a fall. It causes severe pain":
        # the second "it" is still the fracture, so its symptoms are the fracture's.
        return Subject(state.previous.concept, f"'{token.text}' continues about the last subject",
                       state.previous.thing)
    pointed = _demonstrative(token)
    if pointed is not None and state.previous.concept is not None:
        return Subject(state.previous.concept, f"'this {pointed.text}' is the last subject")
    if lemma in PROCEDURE_NOUNS:
        if any(c.lower_ in EARLIER for c in token.children):
            return Subject(state.earlier, "the operation the patient had before")
        if lemma in SURGICAL_NOUNS and state.main is not None and \
                not is_a(state.main, "SurgicalProcedure"):
            # "Surgery carries risks of infection" on a page about exercise therapy: the
            # operation it is weighed against, not the page's procedure
            return Subject(None, f"'{token.text}' is not the page's non-surgical procedure")
        return Subject(state.topic(), f"'the {token.text}' is the procedure in question")
    return None


def _subject_of(sentence: Sentence, state: _Discourse) -> Subject:
    head = _head_procedure(sentence, state.main) if sentence.is_list_item else None
    if head is not None:
        return Subject(head, HEAD_REASON)
    if sentence.section.kind == "alternatives":
        # "A partial knee replacement may be an option": the options a section lists are
        # options to the page's procedure, whatever the grammar of the sentence.
        return Subject(state.main, OPTIONS_REASON)
    doc = sentence.doc
    root = _root(doc) if doc is not None else None
    if doc is None or root is None:
        return Subject(state.topic(), "topic")
    skip = comparators(sentence)
    clause = _content_clause(root)
    token = grammatical_subject(doc, clause)
    if token is not None:
        found = _nominal_subject(sentence, state, token, skip)
        if found is not None and (found.concept is not None or found.reason.startswith(
                ("the operation the patient", "'"))):
            return found  # a pronoun for a thing ("It helps ...") is about no procedure
    fronted = _fronted(sentence, root, skip, state)
    if fronted is not None:
        return fronted
    if state.earlier is not None and _told_as_past(clause):
        # "The surgeon repaired the tendon under a general anaesthetic" on a page about
        # the therapy that follows the repair: what was done is the earlier operation
        return Subject(state.earlier, "told in the past: the operation the patient had before")
    if sentence.is_list_item and sentence.lead_in is not None:
        return state.previous if state.previous.concept is not None else \
            Subject(state.topic(), "topic")
    return Subject(state.topic(), "topic of the section" if state.section_topic or
                   state.label_topic else "main procedure")


def _told_as_past(verb: Token) -> bool:
    """The clause tells what was done: a verb in the simple past ("repaired") or a past
    passive ("was repaired"); a leaflet tells its own procedure in the present or future."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD"
                                      and c.lower_ != "would" for c in verb.children)


def _content_clause(root: Token) -> Token:
    """"It is done under local anaesthetic: the cord is cut with a needle": the parser
    roots such a sentence in the clause after the colon, but the clause before it says
    what the sentence is about (the one after only spells it out). So with a comma when
    the clause before has a subject of its own: "A tendon transfer needs a splint for six
    weeks, so recovery is longer" is rooted in "is longer", but says what the transfer
    needs."""
    for child in root.children:
        if child.dep_ != "ccomp" or child.i > root.i:
            continue
        between = {t.text for t in root.doc[child.i:root.i]}
        if ":" in between or ("," in between and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in child.children)):
            return child
    return root


def _enter(state: _Discourse, sentence: Sentence) -> None:
    """A new section resets the sub-topics; its heading may name a variant."""
    if sentence.section is state.section:
        return
    state.section = sentence.section
    state.label_topic = None
    state.section_topic = None


def _remember_earlier(sentence: Sentence, state: _Discourse) -> None:
    """"After a hip replacement, ...": the operation the patient had before."""
    doc = sentence.doc
    if doc is None:
        return
    for m in _procedures(sentence):
        before = {t.lemma_.lower() for t in doc[max(0, m.first - 6):m.first]}
        if m.concept != state.main and before & HAD_BEFORE:
            state.earlier = m.concept


def read_subjects(sentences: Sequence[Sentence], main: Concept | None,
                  heading_topics: dict[int, Concept]) -> dict[int, Subject]:
    """The subject of every sentence, in reading order.

    ``heading_topics`` maps a section (by ``id``) to the procedure its heading names.
    """
    state = _Discourse(main, Subject(main, "main procedure"))
    subjects: dict[int, Subject] = {}
    for sentence in sentences:
        if sentence.is_title:
            subjects[sentence.index] = Subject(main, "title")
            named = _procedures(sentence)
            state.earlier = next((m.concept for m in named
                                  if _done_before(sentence, m, named)), state.earlier)
            continue
        _enter(state, sentence)
        state.section_topic = heading_topics.get(id(sentence.section))
        if state.label_block is not None and sentence.block != state.label_block:
            state.label_topic = state.label_block = None  # the run-in label's paragraph ended
        if is_label_line(sentence):
            label = _label_topic(sentence, main)
            state.label_topic = label
            subjects[sentence.index] = Subject(label or state.topic(), LABEL_REASON)
            continue
        run_in = _run_in_label(sentence, main)
        if run_in is not None:
            state.label_topic, state.label_block = run_in, sentence.block
            subjects[sentence.index] = Subject(run_in, LABEL_REASON)
            continue
        subject = _subject_of(sentence, state)
        subjects[sentence.index] = subject
        if not sentence.is_list_item:
            state.previous = salient(sentence, subject, main)
        _remember_earlier(sentence, state)
    return subjects

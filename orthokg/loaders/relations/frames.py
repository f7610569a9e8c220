"""What a sentence says about a mention: the *frame* its cue words put it in.

"Risks include infection", "may cause infection", "used to treat osteoarthritis",
"guided by ultrasound": a cue word (``relation_cues.tsv``) opens a frame (risk, cause,
treat, guide, ...) over the mentions within its reach, measured in tokens and cut at a
clause boundary; the nearest cue wins. A list item takes the frame its lead-in opens
("Possible complications include:"), and the section's role (``section_frames.tsv``) is
the prior when the sentence itself says nothing. Which property a frame means for a
given subject and object is the business of :mod:`~orthokg.loaders.relations.rules`.

Cue syntax: words separated by spaces, each written as its lemma ("risk" matches
"risks", "guide" matches "guided"); ``a|b`` is a choice; a word in parentheses is
optional; ``_`` is any one token; a cue that starts with ``^`` matches only where its first
word is a verb used as one ("the surgeon will repair the tendon", not "a re-tear of the
repair" or "the repaired tendon").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Token

from orthokg.errors import LexiconError
from orthokg.loaders.model import Mention, Sentence
from orthokg.loaders.recognition.generic import is_generic
from orthokg.loaders.recognition.language import lowers, verb_lemmas_of
from orthokg.loaders.relations.subjects import LABEL_MAX_WORDS
from orthokg.loaders.rule_files import check_choice, packaged, read_rule_rows
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept
from orthokg.ontology.normalize import singular

FRAMES = ("risk", "cause", "caused_by", "treat", "symptom", "risk_factor", "contraindication",
          "alternative", "comparison", "guide", "prepare", "stop", "administer",
          "aftercare", "benefit", "suitable", "diagnose", "include", "step", "subtype",
          "target", "part", "has_part", "success", "variant", "denied", "located")
DIRECTIONS = ("after", "before", "around")
# Frames whose cue keeps its meaning when denied ("do not stop [aspirin]" is an
# instruction about aspirin; "not [surgery] but an injection" names the other option).
DENIABLE_KEEP = frozenset({"stop", "alternative"})
# Conjunctions of a clause about what has not (yet) happened.
PENDING_MARKS = frozenset({"before", "until", "unless"})
CUE_COLUMNS = ("frame", "cue", "direction", "window", "example", "why")
SECTION_COLUMNS = ("kind", "frame", "why")
BOUNDARIES = frozenset({";", ".", "!", "?", "but", "however", "although", "though",
                        "whereas", "while", "whilst", "unless", "except", "yet", "before"})
ANY = "_"
# Frames a member of a list takes from the member a cue reaches: "confirmed with an
# examination and an ultrasound scan" (both confirm it), "releases the ligament and the
# sheath". A list of tests or of sites runs past a cue's window without changing what it
# says of each member. (Only conjuncts: a gloss in apposition, "your own hip (iliac
# crest)", renames a noun the cue may have reached for another reason.)
LISTED_FRAMES = frozenset({"diagnose", "target"})
LIST_LINKS = frozenset({"conj"})
# Frames whose verb cues ("give", "cause") speak of the verb's subject as the agent: in the
# passive the subject is what is handed over or brought about ("you are given painkillers
# for the pain", "it is caused by a fall, or a blow"), so such a cue there opens no frame
# (a passive's agent after "by" is the caused_by frame's).
ACTIVE_ONLY = frozenset({"cause"})
PERSONS = frozenset({"i", "we", "you"})


@dataclass(frozen=True, slots=True)
class Cue:
    """A row of ``relation_cues.tsv``: a word pattern that opens a frame."""

    frame: str
    words: tuple[frozenset[str], ...]
    optional: tuple[bool, ...]
    direction: str
    window: int
    text: str
    example: str
    why: str
    line: int = 0
    verb: bool = False


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue found in a sentence, tokens ``start`` to ``end`` (exclusive)."""

    cue: Cue
    start: int
    end: int

    @property
    def frame(self) -> str:
        return self.cue.frame


@dataclass(frozen=True, slots=True)
class FrameEvidence:
    """The frame a mention is in and what put it there (cue, lead-in or section).

    ``hit`` is the cue (in the sentence, or in its lead-in when ``lead_in``); a section's
    frame has none.
    """

    frame: str
    source: str
    distance: int = 0
    hit: CueHit | None = None
    lead_in: bool = False


def _parse_cue(path: Path, line: int, text: str) -> tuple[tuple[frozenset[str], ...],
                                                           tuple[bool, ...]]:
    words, optional = [], []
    for raw in text.split():
        opt = raw.startswith("(") and raw.endswith(")")
        body = raw[1:-1] if opt else raw
        if not body or any(not w for w in body.split("|")):
            raise LexiconError(f"{path}:{line}: cue {text!r} has an empty word")
        words.append(frozenset(w.lower() for w in body.split("|")))
        optional.append(opt)
    if not words or optional[0] or optional[-1]:
        raise LexiconError(f"{path}:{line}: cue {text!r} must start and end with a word "
                           "that is not optional")
    return tuple(words), tuple(optional)


def read_cues(path: Path) -> tuple[Cue, ...]:
    """Read and check a cue table; a bad row names the file, the line and the problem."""
    cues = []
    for line, cells in read_rule_rows(path, CUE_COLUMNS):
        frame, text, direction, window, example, why = (c.strip() for c in cells)
        check_choice(path, line, "frame", frame, FRAMES)
        check_choice(path, line, "direction", direction, DIRECTIONS)
        if not window.isdigit():
            raise LexiconError(f"{path}:{line}: window {window!r} is not a whole number")
        if not example or not why:
            raise LexiconError(f"{path}:{line}: every cue needs an example and a reason")
        verb = text.startswith("^")
        words, optional = _parse_cue(path, line, text.removeprefix("^"))
        cues.append(Cue(frame, words, optional, direction, int(window), text.removeprefix("^"),
                        example, why, line, verb))
    return tuple(cues)


def read_section_frames(path: Path) -> dict[str, str]:
    """Section role -> the frame it puts a sentence in when the sentence has no cue."""
    found = {}
    for line, cells in read_rule_rows(path, SECTION_COLUMNS):
        kind, frame, _why = (c.strip() for c in cells)
        found[kind] = check_choice(path, line, "frame", frame, FRAMES)
    return found


@cache
def default_cues() -> tuple[Cue, ...]:
    return read_cues(packaged("orthokg.loaders.relations", "relation_cues.tsv"))


@cache
def default_section_frames() -> dict[str, str]:
    return read_section_frames(packaged("orthokg.loaders.relations", "section_frames.tsv"))


def token_forms(token: Token) -> tuple[str, ...]:
    """(lemma, lower form, stems...) of a token; a proper-noun "Risks" in a heading counts
    as "risk", and a verb the lemmatiser has not seen ("reattached" -> "reattache") also
    counts as its stems so that the cue "reattach" is found."""
    low = token.lower_
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN":
        lemma = singular(low)
    if token.pos_ == "VERB":
        return (lemma, low, *verb_lemmas_of(low)[1:])
    return lemma, low


class CueFinder:
    """All cue hits in a doc, indexed by the first word of each cue."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.cues = tuple(cues)
        self.by_first: dict[str, list[Cue]] = defaultdict(list)
        for cue in cues:
            for word in cue.words[0]:
                self.by_first[word].append(cue)

    def hits(self, doc: Doc) -> list[CueHit]:
        forms = [token_forms(t) for t in doc]
        found = []
        for i, own in enumerate(forms):
            low = own[1]
            joined = f"{low}-{forms[i + 2][1]}" if i + 2 < len(forms) and \
                forms[i + 1][1] == "-" else ""
            for cue in {cue for form in (*own, joined) for cue in self.by_first.get(form, ())}:
                if cue.verb and (doc[i].pos_ != "VERB" or doc[i].dep_ == "amod"):
                    continue  # "the repaired tendon" describes, it does not repair
                if cue.frame in ACTIVE_ONLY and doc[i].pos_ == "VERB" and _handed(doc[i]):
                    continue  # "you are given painkillers", "it is caused by": the subject
                    # receives (what follows "caused by" is the caused_by frame's)
                end = _match(cue, forms, i)
                if end is not None:
                    found.append(CueHit(cue, i, end))
        return found


def _handed(verb: Token) -> bool:
    """The verb tells what is handed over, not what brings something about: it is in the
    passive ("you are given painkillers") or its subject is the speaker or the reader
    ("we may give you an exercise programme")."""
    return any(c.dep_ in ("auxpass", "nsubjpass") or
               (c.dep_ == "nsubj" and c.lower_ in PERSONS) for c in verb.children)


def _match(cue: Cue, forms: Sequence[tuple[str, ...]], start: int) -> int | None:
    """End of the match of ``cue`` at ``start`` (greedy over optional words), or None.

    A hyphenated cue word ("non-surgical") also matches the three tokens the tokenizer
    makes of it ("non", "-", "surgical").
    """
    pos = start
    for words, optional in zip(cue.words, cue.optional, strict=True):
        if pos < len(forms) and (ANY in words or not words.isdisjoint(forms[pos])):
            pos += 1
        elif pos + 2 < len(forms) and forms[pos + 1][1] == "-" and \
                f"{forms[pos][1]}-{forms[pos + 2][1]}" in words:
            pos += 3
        elif not optional:
            return None
    return pos


@cache
def default_finder() -> CueFinder:
    return CueFinder(default_cues())


def _cue_negated(doc: Doc, hit: CueHit) -> bool:
    """The cue word itself is denied: "does not treat", "is not a treatment for", "no
    risk of"; "not only ... but also" denies nothing."""
    word = doc[hit.start]
    holders = [word]
    if word.dep_ in ("attr", "acomp") and word.head.i != word.i:
        holders.append(word.head)  # "is not a treatment": the copula carries the "not"
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "neg" and not (child.i + 1 < len(doc) and
                                            doc[child.i + 1].lower_ == "only"):
                return True
            if child.dep_ == "det" and child.lower_ == "no":
                return True
    return False


def _after_label(sentence: Sentence, mention: Mention) -> bool:
    """"Hemiarthroplasty: the femoral head is removed": under "the operations include:",
    the item's label is what the lead-in speaks of; what follows its colon is about the
    label (its steps, devices), not another thing the lead-in lists."""
    colon = sentence.text.find(":")
    return 0 < colon < mention.start and len(sentence.text[:colon].split()) <= LABEL_MAX_WORDS


def _with_denials(doc: Doc, hits: Sequence[CueHit], mention: Mention) -> list[CueHit]:
    """A denied cue opens the ``denied`` frame (nothing is stated) for a mention of its own
    clause, and does not reach a mention of another clause at all: "it does not use
    fluoroscopy, and it [lowers the risk of infection]" states the benefit by its own
    words."""
    out = []
    for hit in hits:
        if hit.frame in DENIABLE_KEEP or not _cue_negated(doc, hit):
            out.append(hit)
        elif _clause(doc[hit.start]) is _clause(doc[mention.last - 1]):
            out.append(CueHit(replace(hit.cue, frame="denied"), hit.start, hit.end))
    return out


def _clause(token: Token) -> Token:
    """The verb (or copula) heading the clause a token is in."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _blocked(doc: Doc, start: int, end: int) -> bool:
    """A clause boundary between token ``start`` and ``end`` (exclusive).

    "including but not limited to" does not end the list it introduces; a parenthesis
    closed inside the stretch without being opened there ends it (the cue was inside a
    parenthetical remark, the mention outside).
    """
    depth = 0
    words = lowers(doc)
    for i in range(max(start, 0), min(end, len(doc))):
        word = words[i]
        if word == "(":
            depth += 1
        elif word == ")":
            if depth == 0:
                return True
            depth -= 1
        elif word in BOUNDARIES and not (
                word == "but" and words[i + 1:i + 3] == ["not", "limited"]):
            return True
    return False


def _gap(doc: Doc, start: int, end: int) -> int:
    """Tokens between ``start`` and ``end``, not counting a parenthetical in between."""
    depth = skipped = 0
    words = lowers(doc)
    for i in range(max(start, 0), min(end, len(doc))):
        word = words[i]
        if word == "(":
            depth += 1
        if depth:
            skipped += 1
        if word == ")" and depth:
            depth -= 1
    return max(end - start - skipped, 0)


def _beyond_participle(doc: Doc, hit: CueHit, mention: Mention) -> bool:
    """"Complications include nerve injury causing numbness, infection and stiffness": a
    participle that describes one noun of a list reaches only its own object; the next
    items of the list are not what it causes."""
    verb = doc[hit.start]
    return verb.dep_ == "acl" and verb.tag_ == "VBG" and \
        not verb.is_ancestor(doc[mention.last - 1])


def _distance(hit: CueHit, mention: Mention, doc: Doc) -> int | None:
    """Tokens from the cue to the mention when the mention is in the cue's reach."""
    cue = hit.cue
    if mention.first <= hit.start and hit.end <= mention.last:
        # a name that says its frame: "post-operative rehabilitation", "X-ray guidance";
        # not an outcome named for a procedure ("faster recovery" is no aftercare), nor a
        # preposition that only places the thing named ("a fracture into the joint")
        if mention.concept.is_a_benefit or doc[hit.start].pos_ == "ADP":
            return None
        if cue.verb and (cue.frame in ACTIVE_ONLY or is_a(mention.concept, "Condition")):
            # "the knee giving way", "burning pain": the verb is the name's own word
            return None
        return 0
    if hit.start < mention.last and mention.first < hit.end:
        return None
    if hit.end <= mention.first and cue.direction in ("after", "around"):
        gap = _gap(doc, hit.end, mention.first)
        if gap <= cue.window and not _blocked(doc, hit.end, mention.first) and \
                not _beyond_participle(doc, hit, mention):
            return gap
    if hit.start >= mention.last and cue.direction in ("before", "around"):
        gap = _gap(doc, mention.last, hit.start)
        if gap <= cue.window and not _blocked(doc, mention.last, hit.start):
            return gap
    return None


def cue_frames(hits: Iterable[CueHit], mention: Mention, doc: Doc) -> list[FrameEvidence]:
    """Frames of the cues that reach the mention, nearest first (ties: table order)."""
    reached = []
    for hit in hits:
        gap = _distance(hit, mention, doc)
        if gap is not None:
            reached.append((gap, hit.cue.line,
                            FrameEvidence(hit.frame, f"cue '{hit.cue.text}'", gap, hit)))
    return [evidence for _, _, evidence in sorted(reached, key=lambda r: (r[0], r[1]))]


def lead_in_frames(hits: Sequence[CueHit], doc: Doc) -> list[FrameEvidence]:
    """The frames a list's lead-in leaves open at its end, nearest the end first
    ("Complications of X may include:" opens include, then risk)."""
    open_hits = [h for h in hits if h.cue.direction in ("after", "around")
                 and not _blocked(doc, h.end, len(doc) - 1)]
    ordered = sorted(open_hits, key=lambda h: (-h.end, h.cue.line))
    seen: set[str] = set()
    found = []
    for hit in ordered:
        if hit.frame not in seen:
            seen.add(hit.frame)
            found.append(FrameEvidence(hit.frame, f"lead-in cue '{hit.cue.text}'",
                                       len(doc) - hit.end, hit, lead_in=True))
    return found


def _named_by_other(hit: CueHit, mention: Mention, sentence: Sentence) -> bool:
    """The cue's words are part of another concept's name ("repair" in "primary repair"):
    a name is not the sentence's predicate. A verb named as a step ("to repair torn
    tendons") is still a verb, and a composite name ("patients who have X") is the cue's
    own context for what it contains."""
    doc = sentence.doc
    if doc is None:
        return False
    return any(m is not mention and not m.nested and m.first <= hit.start <= hit.end <= m.last
               and not m.first <= mention.first <= mention.last <= m.last
               and not is_generic(m.concept)  # "Possible side effects include ..." cues
               # a verb is the name's own word only in a condition's name ("burning
               # pain and swelling": no burning of the swelling)
               and (doc[hit.start].pos_ != "VERB" or is_a(m.concept, "Condition"))
               for m in sentence.mentions)


def _outer_tokens(doc: Doc, mention: Mention) -> list[Token]:
    """The tokens of the mention whose head lies outside it ("scan" of "an ultrasound
    scan"; the parser may hang each piece of "X-ray" on something outside)."""
    return [doc[i] for i in range(mention.first, min(mention.last, len(doc)))
            if doc[i].head.i != i and not mention.first <= doc[i].head.i < mention.last]


def _listed_after(sentence: Sentence, mention: Mention) -> Iterator[Mention]:
    """The mentions earlier in the same list as ``mention`` (the conjuncts it is joined
    to), nearest first, up to a clause boundary."""
    doc = sentence.doc
    if doc is None or mention.first >= len(doc):
        return
    for token in _outer_tokens(doc, mention):
        while token.dep_ in LIST_LINKS and token.head.i < token.i:
            token = token.head
            if _blocked(doc, token.i + 1, mention.first):
                break
            for other in sentence.mentions:
                if other is not mention and not other.nested and \
                        other.first <= token.i < other.last:
                    yield other


def _in_pending_clause(doc: Doc, mention: Mention) -> bool:
    """"Best performed before significant muscle atrophy occurs": a mention in a clause
    about what has not happened takes no frame from its section."""
    token = doc[mention.first] if mention.first < len(doc) else None
    while token is not None and token.head.i != token.i:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in PENDING_MARKS
                                         for c in token.children):
            return True
        if token.dep_ == "prep" and token.lower_ in PENDING_MARKS:
            return True  # the parser often reads "before X occurs" as "before X"
        token = token.head
    return False


class FrameReader:
    """Frames for every mention of a sentence: its cues, its lead-in, its section."""

    def __init__(self, finder: CueFinder | None = None,
                 section_frames: dict[str, str] | None = None) -> None:
        self.finder = finder or default_finder()
        self.section_frames = (section_frames if section_frames is not None
                               else default_section_frames())
        self._hits: dict[int, list[CueHit]] = {}

    def hits(self, sentence: Sentence) -> list[CueHit]:
        key = id(sentence)
        if key not in self._hits:
            self._hits[key] = self.finder.hits(sentence.doc) if sentence.doc is not None else []
        return self._hits[key]

    def frames(self, sentence: Sentence, mention: Mention,
               section_kinds: Sequence[str]) -> list[FrameEvidence]:
        """Nearest cue frames first, then the lead-in's, then the section's."""
        found: list[FrameEvidence] = []
        if sentence.doc is not None:
            hits = [h for h in self.hits(sentence) if not _named_by_other(h, mention, sentence)]
            found += cue_frames(_with_denials(sentence.doc, hits, mention), mention,
                                sentence.doc)
            if not found:
                found += self._listed(sentence, mention, hits)
            found += self._elaborated(sentence, found)
        if sentence.is_list_item and sentence.lead_in is not None \
                and sentence.lead_in.doc is not None and not _after_label(sentence, mention):
            found += lead_in_frames(self.hits(sentence.lead_in), sentence.lead_in.doc)
        if sentence.doc is not None and _in_pending_clause(sentence.doc, mention):
            return found
        for kind in section_kinds:
            frame = self.section_frames.get(kind)
            if frame is not None:
                found.append(FrameEvidence(frame, f"section '{kind}'"))
        return found

    def _listed(self, sentence: Sentence, mention: Mention, hits: Sequence[CueHit]
                ) -> list[FrameEvidence]:
        """A mention no cue reaches takes the diagnosis or target-site frame of an earlier
        member of its list that a cue does reach ("... with an X-ray and an ultrasound
        scan": the cue's window ends before the last member, the list does not)."""
        doc = sentence.doc
        if doc is None:
            return []
        for other in _listed_after(sentence, mention):
            frames = cue_frames(_with_denials(doc, hits, other), other, doc)
            if frames and frames[0].frame in LISTED_FRAMES:
                first = frames[0]
                return [replace(first, source=f"{first.source}, listed with '{other.text}'")]
        return []

    def _elaborated(self, sentence: Sentence, found: list[FrameEvidence]
                    ) -> list[FrameEvidence]:
        """"used for spinal conditions, including herniated discs": an item of a list
        that elaborates a noun is in the frames of that noun."""
        doc = sentence.doc
        if doc is None or not found or found[0].frame != "include" or found[0].hit is None:
            return []
        head = found[0].hit.start - 1
        while head >= 0 and doc[head].lower_ in (",", "but", "not", "limited", "to"):
            head -= 1
        if head < 0:
            return []
        anchor = Mention(Concept("", ()), doc[head].idx, doc[head].idx + len(doc[head]),
                         doc[head].text, head, head + 1)
        return [f for f in cue_frames(self.hits(sentence), anchor, doc)
                if f.frame != "include"]

    def forget(self) -> None:
        """Drop the cached hits (one document's worth)."""
        self._hits.clear()

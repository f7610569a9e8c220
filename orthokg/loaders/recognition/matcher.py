"""Lexicon names found in a parsed sentence, with the variants a reader would accept.

Each concept is listed once in the lexicon; the spellings a page may use are derived
here (British/American, hyphen or space or none, plural of the last word, possessive
eponyms), so the lexicon stays a list of terms. Matching happens in two steps because
lay names depend on the body region ("ball" is the femoral head only in a hip leaflet)
and the region is only known once the document's ordinary names have been read:
:meth:`ConceptMatcher.candidates` finds every name, :meth:`ConceptMatcher.select` keeps
those valid in the document's region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from orthokg.loaders.recognition.generic import is_generic
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept, Lexicon
from orthokg.ontology.normalize import SPELLING as BRITISH_AMERICAN

# The evaluation's British/American pairs, plus spellings it does not fold but leaflets use.
SPELLING = (*BRITISH_AMERICAN, ("ise ", "ize "), ("mobilis", "mobiliz"),
            ("stabilis", "stabiliz"), ("minimis", "minimiz"), ("centre", "center"),
            ("fibre", "fiber"), ("diskectomy", "discectomy"), ("ageing", "aging"),
            ("behaviour", "behavior"), ("orthopaed", "orthoped"), ("anaemi", "anemi"),
            ("oestr", "estr"), ("ischaem", "ischem"), ("foetal", "fetal"))
LAY_PREFIX = "lay::"
# A benefit, a step or a patient group is described through what it acts on: the longest
# name inside it is a mention of its own ("relief of hip pain" mentions hip pain).
COMPOSITE_CLASSES = ("Benefit", "SurgicalStep", "PatientGroup")
_PLURAL_EXEMPT = re.compile(r"(s|x|ch|sh|z|\d)$")
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9-]{0,5}$")
_EPONYM = re.compile(r"^[A-Z][a-z]{2,}$")
# Lexicon names are noun phrases; a name ending on a finite verb is a homograph.
FINITE_VERB_TAGS = frozenset({"VBZ", "VBP", "VBD"})


def _spelling_variants(name: str) -> set[str]:
    out = {name}
    low = name.lower() + " "
    for british, american in SPELLING:
        if british in low:
            out.add(low.replace(british, american).strip())
        if american in low:
            out.add(low.replace(american, british).strip())
    return out


def _plural(phrase: str) -> str | None:
    head, _, last = phrase.rpartition(" ")
    if not last or _PLURAL_EXEMPT.search(last.lower()) or not last[-1].isalpha():
        return None
    if last.isupper():
        plural = last + "s"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}".strip()


def _possessives(name: str) -> set[str]:
    """"Dupuytren's contracture" and "Dupuytren contracture" name the same thing."""
    if "'s " in name:
        return {name.replace("'s ", " ")}
    words = name.split()
    return {" ".join([*words[:i], w + "'s", *words[i + 1:]])
            for i, w in enumerate(words[:-1]) if _EPONYM.match(w)}


def name_variants(name: str) -> set[str]:
    """Names a concept is recognised by, derived from one lexicon name.

    >>> sorted(name_variants("local anaesthetic"))
    ['local anaesthetic', 'local anaesthetics', 'local anesthetic', 'local anesthetics']
    >>> sorted(name_variants("X-ray"))
    ['X ray', 'X rays', 'X-ray', 'X-rays', 'Xray', 'Xrays']
    >>> "Dupuytren's contracture" in name_variants("Dupuytren contracture")
    True
    """
    out = set()
    for base in {name, *_possessives(name)}:
        for spelled in _spelling_variants(base):
            forms = {spelled}
            if "-" in spelled:
                forms |= {spelled.replace("-", " "), spelled.replace("-", "")}
            out |= forms
            out |= {p for p in map(_plural, forms) if p}
    return out


def is_abbreviation(name: str) -> bool:
    """"THR", "MRI", "HA": matched with their case, so "HAs" never reads as "has".

    >>> is_abbreviation("HA"), is_abbreviation("X-ray"), is_abbreviation("hip")
    (True, False, False)
    """
    return bool(_ABBREVIATION.match(name))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A lexicon name found in a doc; ``region`` is set for a lay name of that region."""

    start: int
    end: int
    label: str
    region: str = ""


def is_composite(concept: Concept) -> bool:
    return any(is_a(concept, c) for c in COMPOSITE_CLASSES)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One phrase of the matcher: the key it reports (a concept's label, ``lay::`` +
    label for a lay name), its text, and whether it matches with its own case."""

    key: str
    text: str
    exact: bool = False


def lexicon_patterns(lexicon: Lexicon) -> list[Pattern]:
    """Every phrase the matcher looks for, each owned by the first concept listing it."""
    owners: dict[str, str] = {}
    patterns: list[Pattern] = []
    for concept in lexicon:
        patterns += _patterns(concept.label, concept.names[: 1 + len(concept.synonyms)],
                              owners)
    for concept in lexicon:
        patterns += _patterns(LAY_PREFIX + concept.label, concept.lay_synonyms, owners,
                              f"@{concept.region}")
    return patterns


def _patterns(key: str, names: Iterable[str], owners: dict[str, str], scope: str = ""
              ) -> list[Pattern]:
    """Patterns for ``key``; a name (lay names: per region) goes to its first owner."""
    out = []
    for name in names:
        if is_abbreviation(name):
            if owners.setdefault(name + scope, key) == key:
                out += [Pattern(key, name, True), Pattern(key, name + "s", True)]
            continue
        out += [Pattern(key, variant) for variant in name_variants(name)
                if owners.setdefault(variant.lower() + scope, key) == key]
    return out


class ConceptMatcher:
    """Every lexicon name (and its variants) as a phrase pattern over a doc's tokens.

    Ordinary names match in any case; abbreviations match with their own case (and a
    lower-case plural "s"). A name belongs to the first concept that lists it.
    ``patterns`` narrows the phrases to a part of :func:`lexicon_patterns` (an
    incremental build extracting a few documents adds only those whose words they
    hold: :mod:`orthokg.scale.patterns`); ``tokens`` maps each phrase added to the
    lower-case text of its tokens.
    """

    def __init__(self, nlp: Language, lexicon: Lexicon,
                 patterns: Iterable[Pattern] | None = None) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.case_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.concepts: dict[str, Concept] = {c.label: c for c in lexicon}
        #: Whether every phrase of the lexicon is matched (no ``patterns`` given).
        self.complete = patterns is None
        self.patterns = lexicon_patterns(lexicon) if patterns is None else list(patterns)
        for (key, exact), group in groupby(self.patterns, lambda p: (p.key, p.exact)):
            (self.case_matcher if exact else self.matcher).add(
                key, [nlp.make_doc(p.text) for p in group])
        self._nlp = nlp

    def tokens(self) -> dict[str, tuple[str, ...]]:
        """The lower-case text of each phrase's tokens (asked once, to be kept: the
        tokenizer has them cached by now)."""
        return {p.text: tuple(t.lower_ for t in self._nlp.make_doc(p.text))
                for p in self.patterns}

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every name in ``doc``, lay names marked with their region."""
        found = []
        for match_id, start, end in [*self.matcher(doc), *self.case_matcher(doc)]:
            key = doc.vocab.strings[match_id]
            if key.startswith(LAY_PREFIX):
                label = key[len(LAY_PREFIX):]
                found.append(Candidate(start, end, label, self.concepts[label].region))
            else:
                found.append(Candidate(start, end, key))
        return found

    def select(self, doc: Doc, candidates: list[Candidate], region: str
               ) -> tuple[list[Span], list[Span]]:
        """(kept, nested) spans for a document of ``region``.

        A lay name of the region beats an ordinary name on the same words ("prosthesis"
        in a hip leaflet is the hip prosthesis); the longest names win; names inside a
        composite name (a benefit, a step, a group) are kept as mentions of their own.
        """
        by_place: dict[tuple[int, int], Span] = {}
        for cand in candidates:
            if cand.region and cand.region != region:
                continue
            if _read_as_verb(doc, cand):
                continue  # "the surgeon drills the bone": a verb, not the drill
            if self._modifier_only(doc, cand):
                continue  # "the epidural needle": a needle, not an epidural
            if cand.region or (cand.start, cand.end) not in by_place:
                by_place[(cand.start, cand.end)] = Span(doc, cand.start, cand.end,
                                                        label=cand.label)
        spans = list(by_place.values())
        kept = _longest_headed(spans)
        inner = [s for s in spans if s not in kept]
        promoted = self._promoted(kept, inner)
        nested = [s for s in inner if s not in promoted]
        return sorted(kept + promoted, key=lambda s: (s.start, -s.end)), nested

    def _modifier_only(self, doc: Doc, cand: Candidate) -> bool:
        """A one-word name of a procedure used as a modifier of another noun names the
        kind of that noun ("epidural needle", "spinal headache"), not the procedure."""
        concept = self.concepts[cand.label]
        if cand.end - cand.start != 1 or not is_a(concept, "Procedure") or \
                is_a(concept, "ImagingModality") or is_generic(concept):
            return False  # "an ultrasound image" is still ultrasound; "injection options"
        token = doc[cand.start]
        return token.dep_ in ("amod", "compound") and token.head.i > token.i and \
            token.head.pos_ in ("NOUN", "PROPN")

    def _promoted(self, kept: list[Span], inner: list[Span]) -> list[Span]:
        out: list[Span] = []
        for outer in kept:
            if not is_composite(self.concepts[outer.label_]):
                continue
            parts = [s for s in inner if outer.start <= s.start and s.end <= outer.end
                     and not is_composite(self.concepts[s.label_])]
            out += filter_spans(parts)
        return out


MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def _longest_headed(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first; of two as long, the one that ends on its noun
    phrase's head ("damaged joint surfaces": "joint surfaces", not "damaged joint")."""
    def rank(span: Span) -> tuple[int, int, int]:
        last = span[-1]
        modifies = last.dep_ in MODIFIER_DEPS and last.head.i > last.i
        return -len(span), int(modifies), span.start

    taken: set[int] = set()
    kept: list[Span] = []
    for span in sorted(spans, key=rank):
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


# Roles only a noun fills: a word tagged as a verb in one of them is a mistagged noun
# ("Use crutches for a few days": the small model tags "crutches" VBZ).
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos",
                          "compound", "npadvmod"})


def _read_as_verb(doc: Doc, cand: Candidate) -> bool:
    """A one-word name that the sentence uses as its verb ("the surgeon drills the
    bone"). A name of several words ("bone spurs", "heel raises") is a name even when
    the tagger calls its last word a verb, and so is a word in a noun's role."""
    last = doc[cand.end - 1]
    if cand.end - cand.start != 1 or last.tag_ not in FINITE_VERB_TAGS:
        return False
    return last.dep_ not in NOMINAL_DEPS and not any(c.dep_ == "det" for c in last.children)

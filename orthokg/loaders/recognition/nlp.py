"""Sentences, concept mentions and their context, with spaCy and medspaCy.

Sentences come from spaCy's rule-based sentencizer inside each paragraph or list item
the reader found (medspaCy's PyRuSH gave the same sentences on our corpus at a tenth of
the speed), concept mentions from a spaCy
``PhraseMatcher`` over every name of every lexicon concept (with spelling, hyphen and
plural variants generated here so the lexicon lists each name once), and the
negated / hypothetical / reduced-risk flags from medspaCy's ConText with our own rule
file (``context_rules.tsv``). No statistical model is needed, so the pipeline runs
offline and gives the same answer on every machine.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from orthokg.errors import LexiconError
from orthokg.loaders.model import Document, Mention, Section, Sentence
from orthokg.loaders.rule_files import check_choice, packaged, read_rule_rows
from orthokg.ontology.lexicon import Concept, Lexicon, load_lexicon
from orthokg.ontology.normalize import SPELLING as BRITISH_AMERICAN

# The evaluation's British/American pairs, plus spellings it does not fold but leaflets use.
SPELLING = (*BRITISH_AMERICAN, ("ise ", "ize "), ("mobilis", "mobiliz"),
            ("stabilis", "stabiliz"), ("minimis", "minimiz"), ("centre", "center"),
            ("fibre", "fiber"), ("diskectomy", "discectomy"), ("ageing", "aging"),
            ("behaviour", "behavior"))
CONTEXT_COLUMNS = ("literal", "category", "direction", "max_scope")
CONTEXT_CATEGORIES = {
    "NEGATED_EXISTENCE": {"is_negated": True},
    "REDUCED": {"is_reduced": True},
    "HYPOTHETICAL": {"is_hypothetical": True},
    "HISTORICAL": {"is_historical": True},
    "FAMILY": {"is_family": True},
    "POSSIBLE_EXISTENCE": {"is_uncertain": True},
    "TERMINATE": {},
}
CONTEXT_DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
LAY_PREFIX = "lay::"
COMPOSITE_CLASSES = ("Benefit", "SurgicalStep", "PatientGroup")
CONCEPT_GROUP = "concepts"
CHUNK_CHARS = 100_000
MAX_SENTENCE_CHARS = 2_000
_PLURAL_EXEMPT = re.compile(r"(s|x|ch|sh|z|\d)$")


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


def name_variants(name: str) -> set[str]:
    """Names a concept is recognised by, derived from one lexicon name.

    >>> sorted(name_variants("local anaesthetic"))
    ['local anaesthetic', 'local anaesthetics', 'local anesthetic', 'local anesthetics']
    >>> sorted(name_variants("X-ray"))
    ['X ray', 'X rays', 'X-ray', 'X-rays', 'Xray', 'Xrays']
    """
    out = set()
    for base in _spelling_variants(name):
        forms = {base}
        if "-" in base:
            forms |= {base.replace("-", " "), base.replace("-", "")}
        out |= forms
        out |= {p for p in map(_plural, forms) if p}
    return out


@dataclass(frozen=True, slots=True)
class ContextRuleRow:
    literal: str
    category: str
    direction: str
    max_scope: int | None


def read_context_rules(path: Path) -> list[ContextRuleRow]:
    """Read and check ``context_rules.tsv``; a bad row names file, line and allowed values."""
    rows = []
    for line, (literal, category, direction, scope) in read_rule_rows(path, CONTEXT_COLUMNS):
        check_choice(path, line, "category", category, tuple(CONTEXT_CATEGORIES))
        check_choice(path, line, "direction", direction, CONTEXT_DIRECTIONS)
        if scope.strip() and not scope.strip().isdigit():
            raise LexiconError(f"{path}:{line}: max_scope {scope!r} is not a whole number")
        rows.append(ContextRuleRow(literal, category, direction,
                                   int(scope) if scope.strip() else None))
    return rows


def _register_extensions() -> None:
    for attr in ("is_negated", "is_reduced", "is_hypothetical", "is_historical",
                 "is_family", "is_uncertain"):
        if not Span.has_extension(attr):
            Span.set_extension(attr, default=False)
    if not Doc.has_extension("region"):
        Doc.set_extension("region", default="")


_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9-]{0,5}$")


def is_abbreviation(name: str) -> bool:
    """"THR", "MRI", "HA": matched with their case, so "HAs" never reads as "has".

    >>> is_abbreviation("HA"), is_abbreviation("X-ray"), is_abbreviation("hip")
    (True, False, False)
    """
    return bool(_ABBREVIATION.match(name))


class ConceptMatcher:
    """Marks every lexicon name in a doc as an entity labelled with its concept.

    Ordinary names match in any case; abbreviations match with their own case (and a
    lower-case plural "s"); lay names of a region beat an ordinary name on the same
    words in documents of that region ("prosthesis" in a hip leaflet is the hip
    prosthesis, elsewhere the generic implant).
    """

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.case_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.concepts: dict[str, Concept] = {c.label: c for c in lexicon}
        owners: dict[str, str] = {}
        for concept in lexicon:
            self._add(nlp, concept.label, concept.names[: 1 + len(concept.synonyms)], owners)
        for concept in lexicon:
            self._add(nlp, LAY_PREFIX + concept.label, concept.lay_synonyms, owners,
                      f"@{concept.region}")

    def _add(self, nlp: Language, key: str, names: Iterable[str], owners: dict[str, str],
             scope: str = "") -> None:
        """Patterns for ``key``; a name (lay names: per region) goes to its first owner."""
        patterns, exact = [], []
        for name in names:
            if is_abbreviation(name):
                if owners.setdefault(name + scope, key) == key:
                    exact += [nlp.make_doc(name), nlp.make_doc(name + "s")]
                continue
            for variant in name_variants(name):
                if owners.setdefault(variant.lower() + scope, key) == key:
                    patterns.append(nlp.make_doc(variant))
        if patterns:
            self.matcher.add(key, patterns)
        if exact:
            self.case_matcher.add(key, exact)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[int, int], Span] = {}
        for match_id, start, end in [*self.matcher(doc), *self.case_matcher(doc)]:
            key = doc.vocab.strings[match_id]
            lay = key.startswith(LAY_PREFIX)
            if lay:
                key = key[len(LAY_PREFIX):]
                if self.concepts[key].region not in (doc._.region, ""):
                    continue
            if lay or (start, end) not in found:
                found[(start, end)] = Span(doc, start, end, label=key)
        spans = list(found.values())
        kept = filter_spans(spans)
        inner = [s for s in spans if s not in kept]
        promoted = self._promoted(kept, inner)
        doc.spans[CONCEPT_GROUP] = sorted(kept + promoted, key=lambda s: (s.start, -s.end))
        doc.spans["nested"] = [s for s in inner if s not in promoted]
        return doc

    def _promoted(self, kept: list[Span], inner: list[Span]) -> list[Span]:
        """Names inside a composite name ("relieve pain", "removal of the lamina") count too.

        A benefit, a step or a patient group is described through the condition or
        structure it acts on; the longest such name inside it is a mention of its own.
        """
        out: list[Span] = []
        for outer in kept:
            if not self._composite(self.concepts[outer.label_]):
                continue
            parts = [s for s in inner if outer.start <= s.start and s.end <= outer.end
                     and not self._composite(self.concepts[s.label_])]
            out += filter_spans(parts)
        return out

    @staticmethod
    def _composite(concept: Concept) -> bool:
        from orthokg.ontology.classes import is_a

        return any(is_a(concept, c) for c in COMPOSITE_CLASSES)


class Annotator:
    """The loaded pipeline: turns a :class:`Document` into annotated :class:`Sentence` s."""

    def __init__(self, lexicon: Lexicon) -> None:
        import medspacy  # noqa: F401  (registers the medspaCy factories)
        from medspacy.context import ConTextRule

        warnings.filterwarnings("ignore", message=r"\[W036\]")
        _register_extensions()
        self.lexicon = lexicon
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.matcher = ConceptMatcher(self.nlp, lexicon)
        context = self.nlp.add_pipe("medspacy_context", config={
            "rules": None, "span_attrs": CONTEXT_CATEGORIES, "input_span_type": "group",
            "prune_on_modifier_overlap": False,
            "span_group_name": CONCEPT_GROUP})
        rules_path = packaged(__package__, "context_rules.tsv")
        context.add([ConTextRule(r.literal, r.category, direction=r.direction,
                                 max_scope=r.max_scope) for r in read_context_rules(rules_path)])

    def process(self, text: str, region: str = "") -> Doc:
        doc = self.nlp.make_doc(text)
        doc._.region = region
        for name, proc in self.nlp.pipeline:
            doc = proc(doc)
            if name == "sentencizer":
                doc = self.matcher(doc)
        return doc

    def mentions(self, span: Span) -> list[Mention]:
        """Mentions of the sentence; names nested in a longer name come flagged ``nested``."""
        offset = span.start_char
        group = [e for e in span.doc.spans[CONCEPT_GROUP]
                 if e.start >= span.start and e.end <= span.end]
        found = [Mention(self.matcher.concepts[e.label_], e.start_char - offset,
                         e.end_char - offset, e.text, negated=e._.is_negated,
                         hypothetical=e._.is_hypothetical, reduced=e._.is_reduced,
                         historical=e._.is_historical, family=e._.is_family,
                         inside=self._container(e, group))
                 for e in group]
        found += [Mention(self.matcher.concepts[n.label_], n.start_char - offset,
                          n.end_char - offset, n.text, nested=True)
                  for n in span.doc.spans["nested"]
                  if n.start >= span.start and n.end <= span.end]
        return sorted(found, key=lambda m: (m.start, -m.end))

    def title_sentence(self, document: Document, region: str = "") -> Sentence:
        """The document's title as a sentence of its own section (kind ``title``)."""
        title = Section(document.title, "title")
        return Sentence(document.doc_id, 0, document.title.strip(), title,
                        mentions=self.mentions(self.process(document.title, region)[:]))

    def _block_sentences(self, text: str, region: str) -> Iterator[Span]:
        """Sentences of one block, none longer than ``MAX_SENTENCE_CHARS``.

        A huge block is read in chunks (spaCy refuses a text over a million
        characters) and a run-on "sentence" is cut into pieces, so hostile input costs
        time in proportion to its size, not to its size squared.
        """
        for chunk in chunks(text):
            for sent in self.process(chunk, region).sents:
                if len(sent.text) <= MAX_SENTENCE_CHARS:
                    yield sent
                    continue
                for piece in chunks(sent.text, MAX_SENTENCE_CHARS):
                    yield self.process(piece, region)[:]

    def _container(self, span: Span, group: list[Span]) -> str:
        """Primary class of the composite name a promoted mention sits in, else ""."""
        for outer in group:
            if outer is not span and outer.start <= span.start and span.end <= outer.end \
                    and (outer.start, outer.end) != (span.start, span.end):
                return self.matcher.concepts[outer.label_].cls
        return ""

    def sentences(self, document: Document, region: str = "") -> list[Sentence]:
        """The title, then every sentence and list item of the document, with mentions."""
        heading = self.title_sentence(document, region)
        return list(_number([heading, *self._sentences(document, region)]))

    def _sentences(self, document: Document, region: str) -> Iterator[Sentence]:
        for section in document.sections:
            yield from self._section_sentences(document.doc_id, section, region)

    def _section_sentences(self, doc_id: str, section: Section, region: str
                           ) -> Iterator[Sentence]:
        lead_in = ""
        for block in section.blocks:
            for sent in self._block_sentences(block.text, region):
                if not any(ch.isalpha() for ch in sent.text):
                    continue
                yield Sentence(doc_id, 0, sent.text.strip(), section, block.is_list_item,
                               lead_in if block.is_list_item else "", self.mentions(sent))
            if not block.is_list_item:
                lead_in = block.text.strip()


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """``text`` in pieces of at most ``size`` characters, cut after a sentence end or a space.

    >>> [len(c) for c in chunks("Aa. " * 10, size=9)]
    [8, 8, 8, 8, 8]
    """
    while len(text) > size:
        cut = max(text.rfind(". ", 0, size) + 2, text.rfind(" ", 0, size) + 1)
        cut = cut if cut > 0 else size
        yield text[:cut]
        text = text[cut:]
    if text:
        yield text


def _number(sentences: Iterable[Sentence]) -> Iterator[Sentence]:
    for index, sentence in enumerate(sentences):
        sentence.index = index
        yield sentence


@cache
def default_annotator() -> Annotator:
    """The annotator over the packaged lexicon, built once per process (about a second)."""
    return Annotator(load_lexicon())

"""Every rule row carries an example sentence written here; each example must do what its
row says, with the real pipeline and the packaged lexicon.

A row whose example no longer works is either dead (another rule took over) or broken;
either way the table and the method have drifted apart, which is what this catches.
In examples, ``[...]`` marks the mention the row is about and ``{...}`` the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from orthokg.loaders.model import Block, Document, Mention, Section, Sentence
from orthokg.loaders.reading.masthead import MastheadRule, is_publisher_line, masthead_rules
from orthokg.loaders.reading.sections import KindCue, heading_text, load_kind_cues, section_kinds
from orthokg.loaders.recognition.annotator import Annotator, default_annotator
from orthokg.loaders.recognition.composition import (
    HEAD_COLUMNS,
    procedure_heads,
    step_actions,
    title_heads,
)
from orthokg.loaders.recognition.context import TARGET_GROUP, default_context_rules
from orthokg.loaders.relations.extractor import Extractor
from orthokg.loaders.relations.frames import cue_frames, default_cues, default_finder
from orthokg.loaders.relations.quantities import QUANTITY_COLUMNS, quantity_facts
from orthokg.loaders.relations.rules import NONE, PASS, default_rules
from orthokg.loaders.rule_files import packaged, read_rule_rows
from orthokg.loaders.writing.resolution import ConceptRegistry, resolve_extraction
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept, load_lexicon

MARK = re.compile(r"\[([^\]]+)\]|\{([^}]+)\}")


@dataclass(frozen=True)
class Example:
    """An example sentence without its marks, and where the marks were."""

    text: str
    target: tuple[int, int] | None
    subject: tuple[int, int] | None


def parse_example(example: str) -> Example:
    """
    >>> parse_example("{Hip arthroscopy} risks include [infection].")
    Example(text='Hip arthroscopy risks include infection.', target=(30, 39), subject=(0, 15))
    """
    text, target, subject, pos = "", None, None, 0
    for match in MARK.finditer(example):
        text += example[pos:match.start()]
        inner = match.group(1) or match.group(2)
        span = (len(text), len(text) + len(inner))
        if match.group(1):
            target = span
        else:
            subject = span
        text += inner
        pos = match.end()
    return Example(text + example[pos:], target, subject)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return default_annotator()


def _mention_at(sentence: Sentence, span: tuple[int, int]) -> Mention:
    start, end = span
    found = [m for m in sentence.mentions if not m.nested and m.start < end and start < m.end]
    assert found, f"no concept mention at {sentence.text[start:end]!r} in {sentence.text!r}"
    return min(found, key=lambda m: abs(m.start - start) + abs(m.end - end))


# -- section-kind cues ---------------------------------------------------------------------

@pytest.mark.parametrize("cue", load_kind_cues(), ids=lambda c: f"{c.line}:{c.kind}:{c.strength}")
def test_section_kind_cue_example(cue: KindCue) -> None:
    # The row's own regex must match (another row of the same kind must not hide a broken
    # one), and the whole table must give the heading the row's kind: first for a strong
    # cue, among its kinds for a weak one, which gives way to strong cues by design.
    assert cue.cue.search(heading_text(cue.example)), \
        f"{cue.cue.pattern!r} does not match its example {cue.example!r}"
    kinds = section_kinds(cue.example)
    if cue.strength == "strong":
        assert kinds[:1] == (cue.kind,), f"{cue.example!r} has kinds {kinds}"
    else:
        assert cue.kind in kinds, f"{cue.example!r} has kinds {kinds}"


# -- letterhead rows -----------------------------------------------------------------------

@pytest.mark.parametrize("rule", masthead_rules(), ids=lambda r: f"{r.kind}:{r.example}")
def test_masthead_row_example(rule: MastheadRule) -> None:
    # the row's own pattern takes its example, and the whole table judges it a publisher's
    assert rule.pattern.fullmatch(rule.example), f"{rule.pattern.pattern!r} misses {rule.example!r}"
    assert is_publisher_line(rule.example)


# -- ConText rules -------------------------------------------------------------------------

@pytest.mark.parametrize("rule", default_context_rules(), ids=lambda r: f"{r.line}:{r.literal}")
def test_context_rule_example(annotator: Annotator, rule) -> None:
    example = parse_example(rule.example)
    assert example.target is not None, "the example marks no mention"
    sentence = annotator.annotate_text(example.text)
    mention = _mention_at(sentence, example.target)
    assert sentence.doc is not None
    spans = [s for s in sentence.doc.spans[TARGET_GROUP]
             if (s.start, s.end) == (mention.first, mention.last)]
    literals = {m.rule.literal.lower() for s in spans for m in s._.modifiers}
    if rule.category == "TERMINATE":
        assert not literals, f"a cue before {rule.literal!r} still reaches the mention"
    else:
        assert rule.literal.lower() in literals


# -- relation cues -------------------------------------------------------------------------

@pytest.mark.parametrize("cue", default_cues(), ids=lambda c: f"{c.line}:{c.frame}:{c.text}")
def test_relation_cue_example(annotator: Annotator, cue) -> None:
    example = parse_example(cue.example)
    assert example.target is not None, "the example marks no mention"
    sentence = annotator.annotate_text(example.text)
    mention = _mention_at(sentence, example.target)
    assert sentence.doc is not None
    frames = cue_frames(default_finder().hits(sentence.doc), mention, sentence.doc)
    # The row's cue reaches the mention; a nearer cue may still decide first (a list cue
    # such as "include" hands conditions on to "risk"), which the rule examples cover.
    assert any(f.hit is not None and f.hit.cue.line == cue.line for f in frames), \
        f"cues reaching {mention.text!r}: {[f.source for f in frames]}"


# -- relation rules ------------------------------------------------------------------------

def _one_sentence_document(example: Example, title: str) -> Document:
    section = Section("Leaflet", "intro", [Block(example.text)])
    return Document("example", Path("example.txt"), title, "text/plain", "0" * 64, [section],
                    datetime.now(UTC), title_source="text" if title else "file name")


@pytest.mark.parametrize("rule", default_rules(), ids=lambda r: f"{r.line}:{r.frame}:{r.prop}")
def test_relation_rule_example(annotator: Annotator, rule) -> None:
    example = parse_example(rule.example)
    assert example.target is not None and example.subject is not None
    subject_text = example.text[slice(*example.subject)]
    procedure_subject = rule.subject in ("*", "Procedure", "InjectionProcedure")
    document = _one_sentence_document(example, subject_text if procedure_subject else "")
    extraction = resolve_extraction(Extractor(annotator).extract(document),
                                    ConceptRegistry(load_lexicon()))
    sentence = annotator.annotate_text(example.text)
    target = _mention_at(sentence, example.target).concept
    subject = _mention_at(sentence, example.subject).concept
    linked = {(f.subject.label, f.prop, f.obj.label) for f in extraction.facts}

    def names(concept: Concept) -> set[str]:
        return {concept.label, rule.taken_as(concept).label}

    if rule.prop == PASS:
        return  # the row hands the decision on; other rows' examples test the outcome
    pairs = {(s, o) for s in names(subject) for o in names(target)}
    if rule.inverse:
        pairs = {(o, s) for s, o in pairs}
    found = {(s, p, o) for s, p, o in linked if (s, o) in pairs}
    if rule.prop == NONE:
        assert not found, f"{found} despite the row ruling it out"
    else:
        assert any(p == rule.core_property for _, p, _ in found), \
            f"expected {rule.core_property}; facts were {sorted(linked)}"


# -- quantity cues, step actions, procedure heads -------------------------------------------

QUANTITY_ROWS = read_rule_rows(packaged("orthokg.loaders.relations", "quantity_cues.tsv"),
                               QUANTITY_COLUMNS)


@pytest.mark.parametrize(("line", "row"), QUANTITY_ROWS, ids=lambda v: str(v)[:30])
def test_quantity_cue_example(annotator: Annotator, line: int, row: list[str]) -> None:
    kind, _pattern, example_text, _why = row
    example = parse_example(example_text)
    sentence = annotator.annotate_text(example.text)
    found = {q.kind for q in quantity_facts(sentence, Concept("procedure", ("Procedure",)))}
    assert kind in found, f"line {line}: got {found}"


@pytest.mark.parametrize("lemma", sorted(step_actions()))
def test_step_action_example(annotator: Annotator, lemma: str) -> None:
    path = packaged("orthokg.loaders.recognition", "step_actions.tsv")
    rows = {r[0]: r for _, r in read_rule_rows(path, ("lemma", "noun", "gerund", "example",
                                                      "why"))}
    example = parse_example(rows[lemma][3])
    sentence = annotator.annotate_text(example.text)
    steps = [m.concept for m in sentence.mentions if "SurgicalStep" in m.concept.classes]
    assert any(step_actions()[lemma].noun in s.label for s in steps), \
        f"steps found: {[s.label for s in steps]}"


def _head_rows() -> dict[str, list[str]]:
    path = packaged("orthokg.loaders.recognition", "procedure_heads.tsv")
    return {r[0]: r for _, r in read_rule_rows(path, HEAD_COLUMNS)}


def _named_in(sentence: Sentence, example: Example) -> Mention:
    assert example.target is not None
    mention = _mention_at(sentence, example.target)
    assert is_a(mention.concept, "Procedure")
    assert mention.text.lower() == example.text[slice(*example.target)].lower(), \
        f"named {mention.text!r} ({mention.concept.label})"
    return mention


@pytest.mark.parametrize("head", sorted(procedure_heads()))
def test_procedure_head_example(annotator: Annotator, head: str) -> None:
    example = parse_example(_head_rows()[head][3])
    _named_in(annotator.annotate_text(example.text), example)


@pytest.mark.parametrize("head", sorted(title_heads()))
def test_title_head_example(annotator: Annotator, head: str) -> None:
    """A `title` head names the page's operation in the title, and nothing in a sentence."""
    example = parse_example(_head_rows()[head][3])
    title = annotator.annotate(_one_sentence_document(Example("Rest helps.", None, None),
                                                      example.text)).sentences[0]
    assert title.is_title
    assert not is_a(_named_in(title, example).concept, "SurgicalStep")
    in_prose = annotator.annotate_text(f"The {example.text.lower()} takes an hour.")
    assert not any(is_a(m.concept, "Procedure") and not is_a(m.concept, "SurgicalStep")
                   and head in m.text.lower()
                   for m in in_prose.mentions), [m.text for m in in_prose.mentions]

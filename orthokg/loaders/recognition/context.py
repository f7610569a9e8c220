"""ConText (medspaCy): what a mention asserts — negated, reduced, hypothetical, past.

The rules are data (``context_rules.tsv``), checked on load like medspaCy's own rule
files; each carries an example sentence and the reason it exists. ConText runs on one
sentence at a time, so its pairwise scope updates stay bounded by the sentence cap and a
hostile document costs time in proportion to its length.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from orthokg.errors import LexiconError
from orthokg.loaders.rule_files import check_choice, packaged, read_rule_rows

COLUMNS = ("literal", "category", "direction", "max_scope", "example", "why")
CATEGORIES = {
    "NEGATED_EXISTENCE": {"is_negated": True},
    "REDUCED": {"is_reduced": True},
    "HYPOTHETICAL": {"is_hypothetical": True},
    "HISTORICAL": {"is_historical": True},
    "FAMILY": {"is_family": True},
    "POSSIBLE_EXISTENCE": {"is_uncertain": True},
    "TERMINATE": {},
}
DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
FLAGS = ("is_negated", "is_reduced", "is_hypothetical", "is_historical", "is_family",
         "is_uncertain")
TARGET_GROUP = "concepts"


@dataclass(frozen=True, slots=True)
class ContextRule:
    """A row of ``context_rules.tsv``."""

    literal: str
    category: str
    direction: str
    max_scope: int | None
    example: str
    why: str
    line: int = 0


def read_context_rules(path: Path) -> list[ContextRule]:
    """Read and check a rule table; a bad row names file, line and the allowed values."""
    rows = []
    for line, cells in read_rule_rows(path, COLUMNS):
        literal, category, direction, scope, example, why = (c.strip() for c in cells)
        check_choice(path, line, "category", category, tuple(CATEGORIES))
        check_choice(path, line, "direction", direction, DIRECTIONS)
        if scope and not scope.isdigit():
            raise LexiconError(f"{path}:{line}: max_scope {scope!r} is not a whole number")
        if not example or not why:
            raise LexiconError(f"{path}:{line}: every rule needs an example and a reason")
        rows.append(ContextRule(literal, category, direction, int(scope) if scope else None,
                                example, why, line))
    return rows


@cache
def default_context_rules() -> tuple[ContextRule, ...]:
    return tuple(read_context_rules(packaged("orthokg.loaders.recognition", "context_rules.tsv")))


def register_flags() -> None:
    for attr in FLAGS:
        if not Span.has_extension(attr):
            Span.set_extension(attr, default=False)


def context_component(nlp: Language, rules: tuple[ContextRule, ...] | None = None) -> Any:
    """A medspaCy ConText callable over the span group ``concepts`` of a doc."""
    import medspacy  # noqa: F401  (registers the medspaCy extensions)
    from medspacy.context import ConText, ConTextRule

    warnings.filterwarnings("ignore", message=r"\[W036\]")
    register_flags()
    context = ConText(nlp, rules=None, span_attrs=CATEGORIES, input_span_type="group",
                      span_group_name=TARGET_GROUP, prune_on_modifier_overlap=False)
    context.add([ConTextRule(literal, r.category, direction=r.direction,
                             max_scope=_scope(r))
                 for r in (rules if rules is not None else default_context_rules())
                 for spelled in (r.literal, *hedged(r.literal))
                 for literal in (spelled, *contracted(spelled))])
    return context


# Words leaflets put inside a denial without weakening it: "not usually needed".
HEDGES = ("usually", "normally", "often", "generally", "routinely", "always", "typically")


def hedged(literal: str) -> list[str]:
    """A two-word denial with a hedge inside ("a plate is not normally needed"): the
    table's "not needed" would miss it, and a hedged denial still denies.

    >>> hedged("not needed")[:2], hedged("no"), hedged("will not")
    (['not usually needed', 'not normally needed'], [], [])
    """
    words = literal.split()
    if len(words) == 2 and words[0] == "not":
        return [f"not {hedge} {words[1]}" for hedge in HEDGES]
    return []


# Auxiliaries whose contraction with "not" is not simply the word plus "n't".
IRREGULAR_CONTRACTIONS = {"will": "won't", "can": "can't", "shall": "shan't"}
CONTRACTING = frozenset({"do", "does", "did", "is", "are", "was", "were", "will", "can",
                         "could", "should", "would", "has", "have", "had", "need", "must",
                         "shall"})


def contracted(literal: str) -> list[str]:
    """The contracted spellings of a cue with "not" ("isn't needed" for "is not needed",
    "won't" for "will not", "n't needed" after any auxiliary): patient leaflets use both.

    >>> contracted("will not"), contracted("not needed"), contracted("no")
    (["won't"], ["n't needed"], [])
    """
    words = literal.split()
    if len(words) >= 2 and words[1] == "not" and words[0] in CONTRACTING:
        head = IRREGULAR_CONTRACTIONS.get(words[0], f"{words[0]}n't")
        return [" ".join([head, *words[2:]])]
    if words and words[0] == "not" and len(words) > 1:
        return [" ".join(["n't", *words[1:]])]
    return []


def _scope(rule: ContextRule) -> int | None:
    """A terminator's own scope is kept to its neighbours: medspaCy 1.3's overlap test
    misses a scope that contains another (a terminator scoped to the whole sentence never
    cut the scope of "no" before it), so "no infection but bleeding" negated bleeding."""
    if rule.direction == "TERMINATE" and rule.max_scope is None:
        return 1
    return rule.max_scope


def apply_context(context: Any, doc: Doc) -> Doc:
    """Run ConText on one sentence's doc (its ``concepts`` span group must be set), then
    hand a denial on to the items coordinated with what it denies."""
    result: Doc = context(doc)
    spread_negation(list(result.spans[TARGET_GROUP]))
    return result


def spread_negation(spans: list[Span]) -> None:
    """"You do not need a general anaesthetic or sedation": ConText's scope is counted in
    words and may end before the last item, but what is coordinated with a denied item is
    denied with it. Only the parse's own coordination counts: in "you will not need a cast,
    but you will need crutches" the crutches are the object of another verb."""
    denied = {span.root.i for span in spans if span._.is_negated}
    for span in sorted(spans, key=lambda s: s.start):
        token = span.root
        while token.dep_ == "conj" and token.head.i != token.i and not span._.is_negated:
            token = token.head
            if token.i in denied:
                span._.is_negated = True
                denied.add(span.root.i)

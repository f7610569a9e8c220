"""The ``extract`` fixture of the extraction class tests: a leaflet built from sections
of sentences written in the test, extracted and resolved as a build does, as the set of
its facts' (subject, property, object) labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from orthokg.loaders.model import Block, Document, Section
from orthokg.loaders.recognition.annotator import default_annotator
from orthokg.loaders.relations.extractor import Extractor
from orthokg.loaders.writing.resolution import ConceptRegistry, resolve_extraction
from orthokg.ontology.lexicon import load_lexicon

Triple = tuple[str, str, str]
Extract = Callable[..., set[Triple]]


@pytest.fixture(scope="session")
def extract() -> Extract:
    """``extract(title, (heading, kind, [sentence, ...]), ...)``; a sentence starting
    "- " is a list item."""
    extractor = Extractor(default_annotator())
    lexicon = load_lexicon()

    def run(title: str, *sections: tuple[str, str, list[str]]) -> set[Triple]:
        doc = Document(
            doc_id="t", path=Path("t.txt"), media_type="text/plain", sha256="0" * 64,
            title=title, ingested_at=datetime.now(UTC),
            sections=[Section(h, k, [Block(t.removeprefix("- "), t.startswith("- "))
                                     for t in ts]) for h, k, ts in sections])
        resolved = resolve_extraction(extractor.extract(doc), ConceptRegistry(lexicon))
        return {(f.subject.label, f.prop, f.obj.label) for f in resolved.facts}

    return run

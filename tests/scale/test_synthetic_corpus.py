"""The benchmark's synthetic library is recombined from real pages, not copied: each
document differs from every source page and from the others, titles, headings and
lengths vary, every one is readable, and the same seed gives the same files."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import change, generate
from orthokg.loaders.reading.readers import read_document
from tests.conftest import SHARED, require_shared


def _sources() -> list[Path]:
    return [require_shared(SHARED / "corpus" / "seeds"), require_shared(SHARED / "corpus" / "dev")]


def test_documents_are_recombined_and_varied(tmp_path: Path) -> None:
    paths = generate(_sources(), 40, tmp_path / "a")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    originals = {f.read_text(encoding="utf-8") for source in _sources()
                 for f in source.iterdir() if f.suffix in (".txt", ".md", ".html")}
    assert len(set(texts)) == len(texts)
    assert not set(texts) & originals
    documents = [read_document(p) for p in paths]
    assert len({d.title for d in documents}) > 20
    headings = {s.heading for d in documents for s in d.sections}
    assert {"Possible complications", "What are the risks?"} & headings
    lengths = sorted(len(t) for t in texts)
    assert lengths[-1] > 2 * lengths[0]
    assert {p.suffix for p in paths} == {".md", ".txt"}


def test_the_same_seed_gives_the_same_files_and_change_edits_a_share(tmp_path: Path
                                                                     ) -> None:
    first = generate(_sources(), 12, tmp_path / "a", seed=3)
    second = generate(_sources(), 12, tmp_path / "b", seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    before = [p.read_bytes() for p in second]
    changed = change(second, 0.25)
    assert len(changed) == 3
    assert sum(a != p.read_bytes() for a, p in zip(before, second, strict=True)) == 3

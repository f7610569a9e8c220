"""Incremental builds: a document whose bytes have not changed is not extracted again.

Extraction is most of a build's time and a pure function of a document's bytes, its
name and the packaged lexicon, so its result can be kept. ``orthokg build --store DIR``
keeps each document's raw extraction (before entity resolution) in
``DIR/extractions/``, named by the file's stem and SHA-256. The next build over the
same store reuses the entry of every file whose stem and SHA-256 match, extracts only
new and changed files, and forgets deleted ones (only the entries of the current files
are written back). Resolution, writing and validation then run over all documents in
path order exactly as a full build does, so the store is the one a full build gives;
a document that was reused keeps its first ``okg:ingestedAt``.

The entries are pickles written by OrthoKG into a store directory the user owns; an
entry that does not load (another OrthoKG version, a damaged file) is ignored and the
document is extracted again. Entries are tied to the lexicon and the package version:
either changing empties the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from orthokg.loaders.model import Extraction

__all__ = ["CACHE_DIR", "ExtractionCache"]

CACHE_DIR = "extractions"
SUFFIX = ".pickle"


def _version() -> str:
    """What an entry depends on besides the document: package version and lexicon."""
    from importlib import resources
    from importlib.metadata import version

    digest = hashlib.sha256(version("orthokg").encode())
    lexicon = resources.files("orthokg.ontology") / "lexicon"
    for entry in sorted(lexicon.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def document_key(path: Path) -> str:
    """Stem and SHA-256 of the file's bytes: what the extraction is a function of."""
    return f"{path.stem}.{hashlib.sha256(path.read_bytes()).hexdigest()}"


@dataclass
class ExtractionCache:
    """The kept extractions of one store, and the ones this build adds."""

    folder: Path | None = None
    kept: dict[str, Extraction] = field(default_factory=dict)
    current: dict[str, Extraction] = field(default_factory=dict)
    reused: int = 0

    @classmethod
    def of_store(cls, store: Path | None) -> ExtractionCache:
        """The cache inside the store directory ``store`` (empty when there is none)."""
        if store is None:
            return cls()
        folder = Path(store) / CACHE_DIR / _version()
        kept: dict[str, Extraction] = {}
        if folder.is_dir():
            for entry in folder.glob(f"*{SUFFIX}"):
                try:
                    with entry.open("rb") as handle:
                        extraction = pickle.load(handle)
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError,
                        ImportError, TypeError, ValueError):
                    continue
                if isinstance(extraction, Extraction):
                    kept[entry.name[:-len(SUFFIX)]] = extraction
        return cls(folder, kept)

    def get(self, path: Path) -> Extraction | None:
        """The kept extraction of ``path`` if its bytes are unchanged."""
        if not self.kept:
            return None
        try:
            key = document_key(path)
        except OSError:
            return None  # reading it again will report the problem
        found = self.kept.get(key)
        if found is not None:
            self.current[key] = found
            self.reused += 1
        return found

    def put(self, path: Path, extraction: Extraction) -> None:
        with contextlib.suppress(OSError):  # unreadable now: simply not kept
            self.current[document_key(path)] = extraction

    def save(self, store: Path) -> None:
        """Write the entries of this build's documents into ``store`` (and only those)."""
        top = Path(store) / CACHE_DIR
        shutil.rmtree(top, ignore_errors=True)
        folder = top / _version()
        folder.mkdir(parents=True)
        for key, extraction in self.current.items():
            with (folder / f"{key}{SUFFIX}").open("wb") as handle:
                pickle.dump(extraction, handle, protocol=pickle.HIGHEST_PROTOCOL)

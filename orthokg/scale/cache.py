"""Incremental builds: a document whose bytes have not changed is not extracted again.

Extraction is most of a build's time and a pure function of a document's bytes, its
name and the packaged lexicon, so its result can be kept. ``orthokg build --store DIR``
keeps each document's raw extraction (before entity resolution) in
``DIR/extractions/``, named by the file's stem and SHA-256. The next build over the
same store reuses the entry of every file whose stem and SHA-256 match, extracts only
new and changed files, and forgets deleted ones (only the entries of the current files
are written back). Resolution then runs over all documents in path order exactly as a
full build does, a document whose part in it is unchanged being kept from the store's
state without reading its entry (:mod:`orthokg.scale.state`; the entry is linked into
the new store); :mod:`orthokg.scale.records` decides which documents' graphs must be
written again, so the store is the one a full build gives. The tokens of the lexicon's
phrases are kept here too (:mod:`orthokg.scale.patterns`).
Entries are read one at a time as their document's turn comes, and written into the
new store as the build goes, so the cache costs no memory per document.

The entries are pickles written by OrthoKG into a store directory the user owns; an
entry that does not load (another OrthoKG version, a damaged file) is ignored and the
document is extracted again. Entries are tied to the lexicon and the package version:
either changing empties the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
from functools import cache
from pathlib import Path

from orthokg.loaders.model import Extraction
from orthokg.scale.patterns import PatternTokens

__all__ = ["CACHE_DIR", "ExtractionCache", "version_key"]

CACHE_DIR = "extractions"
SUFFIX = ".pickle"


@cache
def version_key() -> str:
    """What an entry depends on besides the document: package version and lexicon
    (read once per process: the lexicon's files do not change while it runs)."""
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


class ExtractionCache:
    """The kept extractions of one store, and the ones this build writes.

    Nothing is held in memory: the kept entries are indexed by name when the cache is
    opened and each is read when its document's turn comes; the entries of this build
    (reused ones linked, new ones pickled) are written into the folder given to
    :meth:`stage` as the build goes, or kept until :meth:`save` when none was given.
    """

    def __init__(self, folder: Path | None = None, names: frozenset[str] = frozenset()
                 ) -> None:
        self.folder = folder
        self.names = names
        self.current: dict[str, Extraction] = {}
        self.reused = 0
        self._keys: dict[Path, str] = {}
        self._target: Path | None = None
        self._written: set[str] = set()

    @classmethod
    def of_store(cls, store: Path | None) -> ExtractionCache:
        """The cache inside the store directory ``store`` (empty when there is none)."""
        if store is None:
            return cls()
        folder = Path(store) / CACHE_DIR / version_key()
        names: frozenset[str] = frozenset()
        if folder.is_dir():
            names = frozenset(entry.name[:-len(SUFFIX)]
                              for entry in folder.glob(f"*{SUFFIX}"))
        return cls(folder, names)

    def stage(self, store: Path) -> None:
        """Write this build's entries into the store directory ``store`` as they come
        (the new store being built; the old one is read until it is replaced)."""
        self._target = Path(store) / CACHE_DIR / version_key()
        self._target.mkdir(parents=True, exist_ok=True)

    @property
    def patterns(self) -> PatternTokens:
        """The lexicon phrases' tokens kept beside the entries (:mod:`orthokg.scale.patterns`)."""
        return PatternTokens(self.folder, self._target)

    def key(self, path: Path) -> str | None:
        """Stem and SHA-256 of ``path`` (None: it does not read)."""
        return self._key(path)

    def carry(self, path: Path) -> None:
        """Carry the kept entry of ``path`` into the new store without reading it (its
        document was kept whole from the store's state)."""
        key = self._key(path)
        if key is None or key not in self.names or self.folder is None:
            return
        self.reused += 1
        if self._target is None or key in self._written:
            return
        entry = self.folder / f"{key}{SUFFIX}"
        with contextlib.suppress(OSError):
            try:
                os.link(entry, self._target / entry.name)
            except OSError:
                shutil.copyfile(entry, self._target / entry.name)
            self._written.add(key)

    def _key(self, path: Path) -> str | None:
        if path not in self._keys:
            try:
                self._keys[path] = document_key(path)
            except OSError:
                return None  # reading it again will report the problem
        return self._keys[path]

    def holds(self, path: Path) -> bool:
        """Whether an entry for ``path``'s current bytes is kept."""
        key = self._key(path) if self.names else None
        return key is not None and key in self.names

    def get(self, path: Path) -> Extraction | None:
        """The kept extraction of ``path`` if its bytes are unchanged and it loads."""
        key = self._key(path) if self.names else None
        if key is None or key not in self.names or self.folder is None:
            return None
        entry = self.folder / f"{key}{SUFFIX}"
        try:
            with entry.open("rb") as handle:
                extraction = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError,
                ImportError, TypeError, ValueError):
            return None
        if not isinstance(extraction, Extraction):
            return None
        self.reused += 1
        if self._target is not None:
            self._link(entry, key, extraction)
        else:
            self.current[key] = extraction
        return extraction

    def _link(self, entry: Path, key: str, extraction: Extraction) -> None:
        assert self._target is not None
        target = self._target / entry.name
        try:
            os.link(entry, target)
        except OSError:
            self._write(key, extraction)
        else:
            self._written.add(key)

    def put(self, path: Path, extraction: Extraction) -> None:
        key = self._key(path)
        if key is None:
            return  # unreadable now: simply not kept
        if self._target is not None:
            self._write(key, extraction)
        else:
            self.current[key] = extraction

    def _write(self, key: str, extraction: Extraction) -> None:
        assert self._target is not None
        with contextlib.suppress(OSError):
            with (self._target / f"{key}{SUFFIX}").open("wb") as handle:
                pickle.dump(extraction, handle, protocol=pickle.HIGHEST_PROTOCOL)
            self._written.add(key)

    def save(self, store: Path) -> None:
        """Write the entries of this build's documents into ``store`` (and only those);
        nothing to do when they were staged into it as the build went."""
        if self._target is not None:
            return
        top = Path(store) / CACHE_DIR
        shutil.rmtree(top, ignore_errors=True)
        folder = top / version_key()
        folder.mkdir(parents=True)
        for key, extraction in self.current.items():
            with (folder / f"{key}{SUFFIX}").open("wb") as handle:
                pickle.dump(extraction, handle, protocol=pickle.HIGHEST_PROTOCOL)

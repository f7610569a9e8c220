"""What each document wrote into a store, kept beside it so the next build can leave the
document's named graph alone when the document's resolved extraction has not changed.

A document's triples are a pure function of its *resolved* extraction (the raw one,
which :mod:`orthokg.scale.cache` keeps, passed through the concept registry that every
document of the build shares). So a rebuild that resolves a document again (every
document when the store has no usable state, :mod:`orthokg.scale.state`; otherwise the
changed ones and those whose registry answers changed) compares its resolved
extraction's fingerprint with the one recorded when its graph was written; only
documents whose fingerprint differs are written again.

A record holds, besides the fingerprint, the document's statement lines: the ones of
its own named graph and the ones it states about concepts (which go to the shared
concepts graph). Without a usable state, the concepts graph and the content version (a hash of
every statement of the graph, :mod:`orthokg.scale.sorted_digest`) are remade from the
records of the unchanged documents and the new lines of the changed ones, without
writing those documents' triples again; with one, only the records of changed and
deleted documents are read (their former lines are what the rebuild removes).
Records live in ``DIR/documents/<version key>/``, one file per
document graph; a record that does not read (damaged, another version), when read, is a
changed document.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from orthokg.loaders.model import Extraction
from orthokg.scale.cache import version_key

__all__ = ["RECORDS_DIR", "Record", "Records", "fingerprint", "stage_store"]

RECORDS_DIR = "documents"
SUFFIX = ".nt"
#: In the records folder: the store passed the build's checks (a rebuild checks only
#: what changed when the store it starts from did).
CHECKED = "CHECKED"
#: In the records folder: the hash of the TBox the store's ontology graph holds.
TBOX = "TBOX"
#: In the records folder: the SHA-256 of the TBox file that hash was taken from (a
#: rebuild with the same file need not write the TBox's lines out to compare).
TBOX_SOURCE = "TBOX.source"
HEADER = "# orthokg-record"


def fingerprint(extraction: Extraction) -> str:
    """What a document's triples are a function of: its resolved extraction (dataclasses
    of strings, numbers and tuples, so its ``repr`` is the same in every process). Of
    the document, the fields the writer reads: its sections are summed up by its
    SHA-256, and the time it was read is not written (so a document read again to
    explain it keeps its graph)."""
    doc = extraction.document
    written = (doc.doc_id, doc.path.name, doc.title, doc.media_type, doc.sha256,
               doc.title_source, extraction.main_procedure, extraction.concepts,
               extraction.facts, extraction.quantities)
    return hashlib.sha256(repr(written).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Record:
    """One document's fingerprint and statement lines (N-Triples, no final dot)."""

    fingerprint: str
    own: list[str]
    shared: list[str]


class Records:
    """The records of one store directory, read from ``source`` and written to ``target``.

    ``source`` is the current store's folder (may be missing: a first build);
    ``target`` the folder of the store being built, filled as documents come: an unchanged
    document's record is linked, a changed one's written.
    """

    def __init__(self, source: Path | None, target: Path) -> None:
        self.source = source
        self.target = target
        self._made = False
        self.names: frozenset[str] = frozenset()
        if source is not None and source.is_dir():
            self.names = frozenset(p.name[:-len(SUFFIX)] for p in source.glob(f"*{SUFFIX}"))

    @classmethod
    def of_store(cls, store: Path, staged: Path) -> Records:
        """The records of the store directory ``store`` (none when it has none), to be
        written into the store directory ``staged``."""
        key = version_key()
        return cls(Path(store) / RECORDS_DIR / key, Path(staged) / RECORDS_DIR / key)


    @property
    def copied(self) -> bool:
        """Whether the build updates a copy of a store with records (not a new store)."""
        return bool(self.names)

    @property
    def checked(self) -> bool:
        """Whether the current store passed the build's checks when it was built."""
        return self.source is not None and (self.source / CHECKED).is_file()

    def mark_checked(self) -> None:
        """Record that the new store passed the build's checks."""
        (self._folder() / CHECKED).touch()

    @property
    def tbox(self) -> str | None:
        """The hash of the TBox the current store's ontology graph holds (its canonical
        statement lines: the graph's blank nodes are named anew by every process)."""
        return self._kept_text(TBOX)

    @property
    def tbox_source(self) -> str | None:
        """The SHA-256 of the TBox file the current store's TBox hash was taken from."""
        return self._kept_text(TBOX_SOURCE)

    def _kept_text(self, name: str) -> str | None:
        """The text of the current store's file ``name``, None when it has none."""
        if self.source is None:
            return None
        try:
            return (self.source / name).read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def put_tbox(self, digest: str, source: str) -> None:
        (self._folder() / TBOX).write_text(digest, encoding="utf-8")
        (self._folder() / TBOX_SOURCE).write_text(source, encoding="utf-8")

    def has(self, name: str) -> bool:
        """Whether the current store has a record of the graph ``name``."""
        return self.source is not None and name in self.names

    def get(self, name: str) -> Record | None:
        """The record of the graph ``name`` (its last path segment) in the current store."""
        if self.source is None or name not in self.names:
            return None
        try:
            text = (self.source / f"{name}{SUFFIX}").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        lines = text.split("\n")
        head = lines[0].split(" ")
        if len(head) != 4 or head[0] + " " + head[1] != HEADER or lines[-1] != "":
            return None
        try:
            own = int(head[3])
        except ValueError:
            return None
        body = lines[1:-1]
        if own > len(body):
            return None
        return Record(head[2], body[:own], body[own:])

    def folder(self) -> Path:
        """The folder of the new store's records (made on first use)."""
        return self._folder()

    def _folder(self) -> Path:
        if not self._made:
            self.target.mkdir(parents=True, exist_ok=True)
            self._made = True
        return self.target

    def keep(self, name: str) -> None:
        """The current record of ``name`` carried into the new store unchanged."""
        assert self.source is not None
        entry = self.source / f"{name}{SUFFIX}"
        target = self._folder() / entry.name
        try:
            os.link(entry, target)
        except OSError:
            with contextlib.suppress(OSError):
                shutil.copyfile(entry, target)

    def put(self, name: str, record: Record) -> None:
        """Write the record of a document whose graph was (re)written."""
        lines = [f"{HEADER} {record.fingerprint} {len(record.own)}", *record.own,
                 *record.shared, ""]
        (self._folder() / f"{name}{SUFFIX}").write_text("\n".join(lines), encoding="utf-8")


def stage_store(store: Path, staged: Path) -> tuple[ox.Store, Records]:
    """The store a build writes into at ``staged`` (an empty folder), and the records.

    When ``store`` holds records of this version, ``staged`` becomes a copy of it
    (RocksDB's checkpoint: hard links to its immutable files, so it costs next to
    nothing whatever the store's size) that the build updates document by document;
    otherwise an empty store, filled by a full build.
    """
    records = Records.of_store(store, staged)
    if records.names:
        staged.rmdir()
        try:
            ox.Store.read_only(str(store)).backup(str(staged))
        except OSError:  # not a store after all, or another file system: build it all
            shutil.rmtree(staged, ignore_errors=True)
            staged.mkdir(parents=True)
            records = Records(None, records.target)
    return ox.Store(str(staged)), records

"""A build's outputs, ``--out FILE`` and ``--store DIR``, checked first and replaced as one.

Two rules keep a good graph from being lost:

* Everything that can be known before the (long) build is checked before it: the file
  has a suffix an RDF format owns and is not one of the inputs, neither target is an
  existing thing of the wrong kind, their folders are writable, and no other process
  holds the store open for writing (RocksDB's ``LOCK``).
* The two are one transaction. Both are written beside their targets first (``NAME.tmp``
  and ``DIR.new``), then swapped: the old store is moved aside, the new one moved in, the
  file renamed over its target, and only then is the old store removed. A failure at any
  step puts back what was there, so afterwards both are new or both are as they were.

``orthokg build`` streams into the staged store (:meth:`BuildOutputs.stage`: ``DIR.new``,
or a temporary store beside the file when only ``--out`` is given), writes the file
from it (:meth:`BuildOutputs.write_file`) and swaps both in (:meth:`BuildOutputs.commit`);
:meth:`BuildOutputs.write` does the same from a graph in memory.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orthokg.errors import StoreError
from orthokg.io import RDF_FORMATS

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

__all__ = ["BuildOutputs", "check_graph_file", "check_not_an_input"]

STAGED = ".new"
ASIDE = ".old"
LOCK_FILE = "LOCK"  # RocksDB's lock file inside a store directory


def _writable_folder(target: Path, label: str) -> None:
    """The nearest existing folder above ``target`` must be a folder we can write in."""
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise StoreError(f"{target}: cannot write the {label}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"{target}: cannot write the {label}: no permission to write "
                         f"in {folder}")
    if folder == target.parent:  # try it: root passes os.access where nobody can write
        probe = folder / f".{target.name}.{os.getpid()}.probe"
        try:
            probe.touch(exist_ok=False)
            probe.unlink()
        except OSError as exc:
            raise StoreError(f"{target}: cannot write the {label} in {folder}: "
                             f"{exc.strerror or exc}") from exc


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _held_by_another_process(store: Path) -> bool:
    """Whether a process has the store open for writing (it holds RocksDB's lock)."""
    lock = store / LOCK_FILE
    if not lock.is_file():
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _remove_staged(path: Path) -> None:
    """Remove a leftover staging directory of ours (never a folder we did not write)."""
    from orthokg.queries.store import is_store

    if path.is_dir() and (is_store(path) or not any(path.iterdir())):
        shutil.rmtree(path)
    elif path.exists():
        raise StoreError(f"{path}: in the way of the new store and not one of ours; "
                         f"move it away")


def check_not_an_input(out: Path, inputs: Sequence[Path]) -> None:
    """Refuse to write over a file the command reads."""
    if any(_same_file(out, path) for path in inputs):
        raise StoreError(f"{out}: is one of the inputs; refusing to overwrite it")


def check_graph_file(out: Path, inputs: Sequence[Path] = ()) -> None:
    """Refuse a graph file an RDF format does not own, a directory, an input, or a place
    that cannot be written, before the work that would fill it."""
    if out.suffix.lower() not in RDF_FORMATS:
        names = sorted(RDF_FORMATS)
        raise StoreError(f"{out}: not an RDF file name: use {', '.join(names[:-1])} "
                         f"or {names[-1]}")
    if out.is_dir():
        raise StoreError(f"{out}: is a directory, not a graph file")
    check_not_an_input(out, inputs)
    _writable_folder(out, "graph file")


@dataclass(frozen=True, slots=True)
class BuildOutputs:
    """Where a build writes: a graph file, a store directory, or both."""

    out: Path | None = None
    store: Path | None = None

    def check(self, inputs: Sequence[Path] = ()) -> None:
        """Refuse, before any work, an output that cannot or must not be written.

        >>> BuildOutputs(out=Path("kg.txt")).check()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        orthokg.errors.StoreError: kg.txt: not an RDF file name: use .jsonld, ... or .xml
        """
        if self.out is None and self.store is None:
            raise StoreError("give --out FILE and/or --store DIR")
        if self.out is not None:
            self._check_out(self.out, inputs)
        if self.store is not None:
            self._check_store(self.store, inputs)
        if self.out is not None and self.store is not None and (
                self.out.resolve() == self.store.resolve()):
            raise StoreError(f"{self.out}: --out and --store name the same path")

    @staticmethod
    def _check_out(out: Path, inputs: Sequence[Path]) -> None:
        check_graph_file(out, inputs)

    @staticmethod
    def _check_store(store: Path, inputs: Sequence[Path]) -> None:
        from orthokg.queries.store import MARKER, is_store

        if store.exists() and not store.is_dir():
            raise StoreError(f"{store}: exists and is not a directory; --store names a "
                             "store directory")
        if store.is_dir() and any(store.iterdir()) and not is_store(store):
            raise StoreError(f"{store}: a non-empty directory that is not an OrthoKG store "
                             f"(no {MARKER}); not replacing it")
        resolved = store.resolve()
        for path in inputs:
            if resolved == path.resolve() or resolved in path.resolve().parents:
                raise StoreError(f"{store}: holds the input {path}; refusing to replace it")
        if store.is_dir() and _held_by_another_process(store):
            raise StoreError(f"{store}: open for writing by another process (a server with "
                             "--allow-update?); stop it, then build")
        _writable_folder(store, "store")

    def write(self, graph: Graph) -> dict[str, int]:
        """Write both outputs, all or nothing (see the module docstring).

        Returns the triples per named graph of the store (empty without ``store``).
        """
        from orthokg.io import rdf_format_for, write_atomically

        file_tmp = self.out.with_name(self.out.name + ".tmp") if self.out else None
        staged = self.store.with_name(self.store.name + STAGED) if self.store else None
        counts: dict[str, int] = {}
        staged_is_ours = False
        try:
            if self.out is not None and file_tmp is not None:
                fmt = rdf_format_for(self.out)
                # written to NAME.tmp.tmp, renamed to NAME.tmp: the check on OSError is shared
                write_atomically(file_tmp, lambda tmp: graph.serialize(
                    destination=tmp, format=fmt, encoding="utf-8"))
            if self.store is not None and staged is not None:
                from orthokg.queries.store import write_store

                _remove_staged(staged)
                staged_is_ours = True
                counts = write_store(graph, staged)
            self._swap(file_tmp, staged)
        finally:
            if file_tmp is not None and file_tmp.exists():
                file_tmp.unlink()
            if staged is not None and staged_is_ours and staged.exists():
                shutil.rmtree(staged, ignore_errors=True)
        return counts

    def stage(self) -> Path:
        """The directory a streaming build writes its store into: ``DIR.new`` beside
        ``--store``, or, with ``--out`` alone, a temporary one beside the file (removed
        by :meth:`discard` or :meth:`commit`)."""
        if self.store is not None:
            staged = self.store.with_name(self.store.name + STAGED)
            _remove_staged(staged)
            staged.mkdir(parents=True)
            return staged
        assert self.out is not None
        self.out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".store",
                                     dir=self.out.parent))

    def write_file(self, store: ox.Store) -> Path | None:
        """``--out`` written beside its target from the staged store (``NAME.tmp``),
        to be swapped in by :meth:`commit`."""
        if self.out is None:
            return None
        from orthokg.io import rdf_format_for, save_store_graph

        file_tmp = self.out.with_name(self.out.name + ".tmp")
        save_store_graph(store, file_tmp, rdf_format_for(self.out))
        return file_tmp

    def commit(self, staged: Path, file_tmp: Path | None, counts: dict[str, int]) -> None:
        """Swap the staged store (closed by now) and file in as one (see the module
        docstring); the staged store is the new store, or removed with ``--out`` alone."""
        from orthokg.queries.store import MARKER

        try:
            if self.store is not None:
                (staged / MARKER).write_text(json.dumps(
                    {"format": "orthokg-store/1", "graphs": counts}, indent=1,
                    sort_keys=True), encoding="utf-8")
                self._swap(file_tmp, staged)
            else:
                self._swap(file_tmp, None)
        finally:
            self.discard(staged, file_tmp)

    def discard(self, staged: Path, file_tmp: Path | None = None) -> None:
        """Remove what a build staged and did not swap in."""
        if file_tmp is not None and file_tmp.exists():
            file_tmp.unlink()
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)

    def _swap(self, file_tmp: Path | None, staged: Path | None) -> None:
        aside = self.store.with_name(self.store.name + ASIDE) if self.store else None
        moved_aside = moved_in = False
        try:
            if self.store is not None and staged is not None and aside is not None:
                _remove_staged(aside)
                if self.store.exists():
                    self.store.rename(aside)
                    moved_aside = True
                staged.rename(self.store)
                moved_in = True
            if self.out is not None and file_tmp is not None:
                os.replace(file_tmp, self.out)
        except OSError as exc:
            self._put_back(moved_in, aside if moved_aside else None)
            target = self.out if self.store is None else self.store
            raise StoreError(f"{target}: cannot replace the outputs (both left as they "
                             f"were): {exc.strerror or exc}") from exc
        if aside is not None and moved_aside:
            shutil.rmtree(aside, ignore_errors=True)

    def _put_back(self, moved_in: bool, aside: Path | None) -> None:
        """Undo a half-done swap: the new store gone, the old one back in its place."""
        if self.store is None:
            return
        if moved_in:
            shutil.rmtree(self.store, ignore_errors=True)
        if aside is not None:
            aside.rename(self.store)

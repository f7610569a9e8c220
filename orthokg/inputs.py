"""The documents a build reads, settled before any of them is read.

A build that reads the wrong set of files does damage that no later check can undo: a
file named twice (``docs/a.txt`` and ``./docs/../docs/a.txt``) counts its facts twice;
two files whose names give one document id (``leaflet.txt`` and ``leaflet.md``,
``Hüft.txt`` and ``Hæft.txt``) collide in the graph and surface as an unreadable SHACL
message; a folder with nothing readable builds an empty graph over a good one. So the
inputs are listed, de-duplicated by file identity (device and inode, which every
spelling and symbolic link of one file shares), checked for shared ids and for copies,
and refused when nothing is left, all before spaCy is even loaded.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orthokg.errors import DocumentError

if TYPE_CHECKING:
    from orthokg.loaders.pipeline import BuildResult, StreamResult

__all__ = ["Inputs", "gather_inputs", "require_documents"]


@dataclass(frozen=True, slots=True)
class Inputs:
    """Files to build, in the order given, each once; and warnings worth a line each.

    ``missing`` are the named paths that do not exist: the build reports them (or stops
    on the first, without ``--keep-going``) as it always has.
    """

    files: list[Path]
    missing: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        """What the pipeline is given: the files, then the missing paths it reports."""
        return [*self.files, *self.missing]


def _listed(item: Path) -> list[Path]:
    """The readable files a named path stands for (a folder: its supported files)."""
    from orthokg.loaders.reading.readers import iter_document_paths

    return iter_document_paths([item]) if item.is_dir() else [item]


def _identity(path: Path) -> tuple[int, int] | str:
    """What two spellings of one file share: device and inode (else the resolved path)."""
    try:
        stat = path.stat()
    except OSError:
        return str(path.resolve())
    return (stat.st_dev, stat.st_ino)


def _supported() -> str:
    from orthokg.loaders.reading.readers import supported_suffixes

    return ", ".join(sorted(supported_suffixes()))


def _unique_files(items: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    files: dict[tuple[int, int] | str, Path] = {}
    missing: list[Path] = []
    empty_folders: list[Path] = []
    for item in items:
        if not item.exists():
            missing.append(item)
            continue
        listed = _listed(item)
        if not listed:
            empty_folders.append(item)
        for path in listed:
            files.setdefault(_identity(path), path)
    if not files and not missing:
        named = ", ".join(map(str, empty_folders)) or "(no paths given)"
        raise DocumentError(named, f"no documents to read (the readable kinds are "
                                   f"{_supported()})")
    return list(files.values()), missing


def _check_ids(files: Sequence[Path]) -> None:
    """Refuse two files whose names make one document IRI (``leaflet.txt``/``.md``)."""
    from orthokg.ontology.vocab import document_iri

    first: dict[str, Path] = {}
    for path in files:
        key = str(document_iri(path.stem))
        if key in first:
            doc_id = key.rsplit("/", 1)[-1]
            raise DocumentError(path, f"two inputs share the id {doc_id!r}: {first[key]} "
                                      f"and {path}; rename one of them")
        first[key] = path


def _copies(files: Sequence[Path]) -> list[str]:
    """A warning for every group of files holding the same bytes under different names.

    Only files of equal size are hashed, so a build of distinct documents reads no byte
    twice beyond a ``stat``.
    """
    by_size: dict[int, list[Path]] = defaultdict(list)
    for path in files:
        try:
            by_size[path.stat().st_size].append(path)
        except OSError:
            continue
    warnings = []
    for group in (g for g in by_size.values() if len(g) > 1):
        by_hash: dict[str, list[Path]] = defaultdict(list)
        for path in group:
            try:
                by_hash[hashlib.sha256(path.read_bytes()).hexdigest()].append(path)
            except OSError:
                continue
        warnings += [f"warning: {', '.join(map(str, same))}: the same text under "
                     f"{len(same)} names; each is built as its own document"
                     for same in by_hash.values() if len(same) > 1]
    return warnings


def gather_inputs(paths: Iterable[Path | str]) -> Inputs:
    """The files under ``paths``, each once, checked as the module docstring says.

    Raises :class:`~orthokg.errors.DocumentError` when nothing readable is named or when
    two files would share a document id.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Knee arthroscopy.")
    >>> inputs = gather_inputs([folder / "a.txt", folder / ".." / folder.name / "a.txt"])
    >>> [p.name for p in inputs.files]
    ['a.txt']
    >>> _ = (folder / "a.md").write_text("# Knee arthroscopy")
    >>> gather_inputs([folder])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orthokg.errors.DocumentError: ...a.txt: two inputs share the id 'a': ...
    """
    items = [Path(p) for p in paths]
    files, missing = _unique_files(items)
    _check_ids(files)
    return Inputs(files, missing, _copies(files))


def require_documents(result: BuildResult | StreamResult, shown: int = 3) -> None:
    """Stop a build that read no document: writing it would replace a good graph with an
    empty one. One line, naming the first few documents that failed and why."""
    if result.built:
        return
    failed = result.errors
    listed = "; ".join(e.message for e in failed[:shown])
    more = f"; and {len(failed) - shown} more" if len(failed) > shown else ""
    raise DocumentError(failed[0].document if failed else "(inputs)",
                        f"nothing was built, every document failed ({listed}{more}); "
                        "the outputs are left as they were")

"""Noticing that the data being served was replaced on disk.

``orthokg build --store DIR`` writes a new store beside the old one and renames it into
place; a worker that opened the old one keeps reading deleted files (stale answers),
and a worker started later (after a timeout) opens the new one, so two workers answer
from two datasets (mixed answers). The pool compares a fingerprint of the data with the
one its workers opened before every job and after it (:class:`~orthokg.server.pool.
QueryPool`), and reloads every worker when they differ.

The fingerprint is cheap (a few ``stat`` calls) and ignores what the server itself
changes: for a store, the directory's identity and the build marker
``orthokg-store.json`` (rewritten by every build, untouched by SPARQL updates); for RDF
files, each file's identity, size and modification time.
"""

from __future__ import annotations

import os
from pathlib import Path

from orthokg.queries.store import MARKER
from orthokg.server.config import Source

Fingerprint = tuple[tuple[int, ...], ...]


def _identity(path: Path, *, contents: bool) -> tuple[int, ...]:
    found = os.stat(path)
    if contents:
        return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    return (found.st_dev, found.st_ino)


def fingerprint(source: Source) -> Fingerprint | None:
    """What identifies the data of ``source`` now; ``None`` while it is missing (a
    rebuild between its two renames).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     kg = Path(tmp) / "kg.ttl"
    ...     _ = kg.write_text("<urn:a> <urn:b> <urn:c> .")
    ...     before = fingerprint(Source(kg_files=(kg,)))
    ...     _ = kg.write_text("<urn:a> <urn:b> <urn:d>, <urn:e> .")
    ...     before != fingerprint(Source(kg_files=(kg,)))
    True
    """
    try:
        if source.store_dir is None:
            return tuple(_identity(p, contents=True) for p in source.kg_files)
        marker = source.store_dir / MARKER
        parts = [_identity(source.store_dir, contents=False)]
        parts.append(_identity(marker, contents=True) if marker.exists() else ())
        return tuple(parts)
    except OSError:
        return None

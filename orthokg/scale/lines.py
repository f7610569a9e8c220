"""The statements of a store's graph as the content version hashes them, kept beside the
store so a rebuild can give the new version without reading every document's lines.

The content version (:func:`orthokg.ontology.data_ontology.content_version`) is the
SHA-256 of the graph's distinct statements as sorted N-Triples lines. A rebuild that
keeps most documents as they were knows which lines it removed and added (the changed
documents' former and new lines, the concepts graph's edits), so it takes the kept
sorted lines (``DIR/documents/<version key>/LINES``, their SHA-256 recorded in the
store's state), removes and adds those, and hashes the result: the version a full build
gives, for about the cost of reading the file. A file whose SHA-256 is not the recorded
one is not used (the version is then computed from every document's record).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["LINES", "read_lines", "updated", "write_lines"]

LINES = "LINES"


def read_lines(folder: Path | None, sha256: str) -> list[bytes] | None:
    """The kept sorted lines, or None when they are missing or not the recorded ones."""
    if folder is None or not sha256:
        return None
    try:
        data = (folder / LINES).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    return data.split(b"\n")[:-1]


def updated(lines: list[bytes], removed: Iterable[str], added: Iterable[str]) -> list[bytes]:
    """``lines`` (sorted, distinct) without ``removed`` and with ``added``, sorted and
    distinct (UTF-8 bytes sort as the code points of the text)."""
    gone = {line.encode("utf-8") for line in removed}
    new = {line.encode("utf-8") for line in added}
    kept = [line for line in lines if line not in gone and line not in new]
    return sorted([*kept, *new])


def write_lines(folder: Path, lines: list[bytes]) -> tuple[str, str]:
    """Keep ``lines`` in ``folder``; returns their SHA-256 and the content version."""
    data = b"\n".join(lines) + b"\n" if lines else b""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LINES).write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    return digest, f"c{digest[:12]}"

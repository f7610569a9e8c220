"""The statements of a store's graph as the content version hashes them, kept beside the
store so a rebuild can give the new version without reading every document's lines.

The content version (:func:`orthokg.ontology.data_ontology.content_version`) is the
SHA-256 of the graph's distinct statements as sorted N-Triples lines. A rebuild that
keeps most documents as they were knows which lines it removed and added (the changed
documents' former and new lines, the concepts graph's edits), so it reads the kept
sorted lines (``DIR/documents/<version key>/LINES``, their SHA-256 recorded in the
store's state) a block at a time, drops and merges in those, writes the result for the
next rebuild and hashes it as it goes: the version a full build gives, for about the
cost of copying the file, in memory bounded by the block and the changed lines. Kept
lines whose SHA-256 is not the recorded one are not used (the version is then computed
from every document's record).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO

__all__ = ["BLOCK", "LINES", "updated_lines"]

LINES = "LINES"
#: Bytes of kept lines read at a time.
BLOCK = 1 << 22


def updated_lines(source: Path | None, sha256: str, target: Path, removed: Iterable[str],
                  added: Iterable[str], block: int = BLOCK) -> tuple[str, str] | None:
    """Write into ``target`` the kept sorted lines of the folder ``source`` without
    ``removed`` and with ``added`` (UTF-8 bytes sort as the code points of the text);
    returns the new lines' SHA-256 and the content version, or None (and nothing
    written) when the kept lines are missing or are not the ones whose SHA-256 is
    ``sha256``. The kept lines are read ``block`` bytes at a time (to the end of a
    line); a block between whose first and last line nothing is removed or added is
    written as read, without splitting it into lines: one document's change touches a
    few blocks of a corpus's lines."""
    if source is None or not sha256 or not (source / LINES).is_file():
        return None
    gone = sorted({line.encode("utf-8") for line in removed})
    new = sorted({line.encode("utf-8") for line in added})
    check, digest = hashlib.sha256(), hashlib.sha256()
    target.mkdir(parents=True, exist_ok=True)
    with (source / LINES).open("rb") as kept, (target / LINES).open("wb") as out:
        while read := kept.read(block) + kept.readline():
            check.update(read)
            first, last = _first_line(read), _last_line(read)
            cut = bisect.bisect_right(new, last)
            if cut == 0 and bisect.bisect_left(gone, first) == bisect.bisect_right(gone, last):
                digest.update(read)
                out.write(read)
                continue
            dropped = set(gone[bisect.bisect_left(gone, first):bisect.bisect_right(gone, last)])
            lines = read.split(b"\n")[:-1]
            merged = sorted([*(x for x in lines if x not in dropped), *new[:cut]])
            new = new[cut:]
            _write(out, digest, _distinct(merged))
        _write(out, digest, new)
    if check.hexdigest() != sha256:
        (target / LINES).unlink()
        return None
    whole = digest.hexdigest()
    return whole, f"c{whole[:12]}"


def _first_line(read: bytes) -> bytes:
    return read[:read.find(b"\n")]


def _last_line(read: bytes) -> bytes:
    """The last line of ``read`` (which ends with a line's end unless the file did not)."""
    body = read[:-1] if read.endswith(b"\n") else read
    return body[body.rfind(b"\n") + 1:]


def _distinct(lines: list[bytes]) -> list[bytes]:
    """Sorted ``lines`` each once (an added line the kept ones already hold)."""
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def _write(out: IO[bytes], digest: hashlib._Hash, lines: list[bytes]) -> None:
    if lines:
        data = b"\n".join(lines) + b"\n"
        digest.update(data)
        out.write(data)

"""Put export bytes where they were asked for: a file written atomically, or stdout.

Files go through :func:`orthokg.io.write_atomically` (``NAME.tmp`` beside the target,
renamed over it when complete), the one way the project writes generated files, so an
interrupted export leaves the previous file intact and a reader never sees half of one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from orthokg.io import write_atomically

__all__ = ["STDOUT", "write_atomic", "write_output"]

STDOUT = "-"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (parents created); returns ``path``.

    Raises :class:`~orthokg.errors.StoreError` naming the path when it cannot be written.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "kg.ttl"
    >>> write_atomic(target, b"# empty\\n").read_bytes()
    b'# empty\\n'
    """
    write_atomically(path, lambda tmp: tmp.write_bytes(data))
    return path


def write_output(data: bytes, dest: str | Path, stdout: BinaryIO | None = None) -> Path | None:
    """Write ``data`` to ``dest`` atomically, or to standard output when ``dest`` is ``-``.

    Returns the path written, or ``None`` for standard output.
    """
    if str(dest) == STDOUT:
        out = stdout if stdout is not None else sys.stdout.buffer
        out.write(data)
        out.flush()
        return None
    return write_atomic(Path(dest), data)

"""Writing outputs atomically: a reader never sees half a file, a failure leaves the old one.

Every file the tool writes goes to ``NAME.tmp`` beside the target and is renamed over it
only when complete (ODK's habit for generated artefacts).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from orthokg.errors import StoreError

if TYPE_CHECKING:  # rdflib costs 60 ms to import; writing a file does not need it
    from rdflib import Graph

RDF_FORMATS = {".ttl": "turtle", ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".nt": "nt",
               ".jsonld": "json-ld", ".n3": "n3"}


def rdf_format_for(path: Path) -> str:
    """rdflib format name for an output file, from its suffix (Turtle by default).

    >>> rdf_format_for(Path("kg.owl"))
    'xml'
    """
    return RDF_FORMATS.get(path.suffix.lower(), "turtle")


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then rename ``tmp`` to ``path``; on any error remove ``tmp``.

    Whatever ``write`` returns is ignored.

    An ``OSError`` (a directory at ``path``, no permission, disk full) becomes a
    :class:`~orthokg.errors.StoreError` naming ``path``, so every command that writes
    reports one line instead of a traceback.
    """
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def save_graph(graph: Graph, path: Path, rdf_format: str | None = None) -> None:
    """Serialise ``graph`` to ``path`` atomically, in the format its suffix names."""
    fmt = rdf_format or rdf_format_for(path)
    write_atomically(path, lambda tmp: graph.serialize(destination=tmp, format=fmt,
                                                       encoding="utf-8"))

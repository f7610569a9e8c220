"""Export the knowledge graph in the formats consumers ask for.

Source → transform → sink, as in KGX: :mod:`~orthokg.export.read` reads a graph file,
:mod:`~orthokg.export.serialize` writes the bytes of one row of the
:data:`~orthokg.export.formats.FORMATS` table, :mod:`~orthokg.export.atomic` puts them in
place without a half-written file ever being visible.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "kg.nt"
>>> src = out.with_name("kg.ttl")
>>> _ = src.write_text("<https://w3id.org/orthokg/id/a> a <http://www.w3.org/2002/07/owl#Thing> .")
>>> export_file(src, "nt", out) == out
True
"""

from __future__ import annotations

from pathlib import Path

from orthokg.export.atomic import STDOUT, write_atomic, write_output
from orthokg.export.formats import FORMATS, ExportFormat, Shape, get_format
from orthokg.export.jsonld import published_context, to_jsonld
from orthokg.export.read import read_graph
from orthokg.export.serialize import bind_prefixes, serialize, to_dataset

__all__ = [
    "FORMATS",
    "STDOUT",
    "ExportFormat",
    "Shape",
    "bind_prefixes",
    "export_file",
    "get_format",
    "published_context",
    "read_graph",
    "serialize",
    "to_dataset",
    "to_jsonld",
    "write_atomic",
    "write_output",
]


def export_file(kg: Path, fmt: str, dest: str | Path = STDOUT) -> Path | None:
    """Read ``kg``, write it to ``dest`` (``-`` for stdout) in format ``fmt``.

    Returns the path written, ``None`` for stdout.
    """
    return write_output(serialize(read_graph(kg), get_format(fmt)), dest)

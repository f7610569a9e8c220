"""Write and open the on-disk Oxigraph store (RocksDB) that ``build --store DIR`` makes.

The store is written whole into ``DIR.tmp`` with Oxigraph's bulk loader and renamed
over ``DIR`` only when complete, so a crash never leaves a half-written store where a
reader expects a good one. A marker file says "this directory is an OrthoKG store":
without it, an existing non-empty directory is never replaced.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from orthokg.errors import StoreError
from orthokg.queries.engines.oxigraph_engine import to_oxigraph_triple
from orthokg.queries.partition import partition

__all__ = ["MARKER", "is_store", "open_store", "write_store"]

MARKER = "orthokg-store.json"


def is_store(directory: Path) -> bool:
    """Whether ``directory`` holds a store this module wrote."""
    return (Path(directory) / MARKER).is_file()


def _check_replaceable(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise StoreError(f"{directory}: exists and is not a directory; not replacing it")
    if directory.is_dir() and any(directory.iterdir()) and not is_store(directory):
        raise StoreError(f"{directory}: a non-empty directory that is not an OrthoKG store "
                         f"(no {MARKER}); not replacing it")


def _quads(graph: Graph, counts: Counter[str]) -> Iterator[ox.Quad]:
    for (s, p, o), names in partition(graph):
        triple = to_oxigraph_triple(s, p, o)
        for name in names:
            counts[str(name)] += 1
            yield ox.Quad(*triple, ox.NamedNode(str(name)))


def _swap_in(tmp: Path, directory: Path) -> None:
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    tmp.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


def write_store(graph: Graph, directory: Path) -> dict[str, int]:
    """Write ``graph`` as an on-disk store at ``directory``; return triples per named graph.

    >>> import tempfile
    >>> kg = Graph().parse("tests/fixtures/mini.ttl")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     counts = write_store(kg, Path(tmp) / "kg")
    ...     engine_rows = open_store(Path(tmp) / "kg").query(
    ...         "ASK { GRAPH <https://w3id.org/orthokg/graph/knee-leaflet> { ?s ?p ?o } }")
    >>> sorted(name.rsplit("/", 1)[1] for name in counts), bool(engine_rows)
    (['concepts', 'knee-leaflet', 'ontology', 'spine-leaflet'], True)
    """
    directory = Path(directory)
    _check_replaceable(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    counts: Counter[str] = Counter()
    try:
        store = ox.Store(str(tmp))
        store.bulk_extend(_quads(graph, counts))
        store.flush()
        del store  # RocksDB closes when the last reference goes
        (tmp / MARKER).write_text(json.dumps({"format": "orthokg-store/1", "graphs": counts},
                                             indent=1, sort_keys=True), encoding="utf-8")
        _swap_in(tmp, directory)
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(f"{directory}: cannot write the store: {exc}") from exc
    return dict(counts)


def open_store(directory: Path) -> ox.Store:
    """Open the store at ``directory`` read-only (many readers may share it)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise StoreError(f"{directory}: no such store directory")
    try:
        return ox.Store.read_only(str(directory))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(f"{directory}: {_unopenable(directory, exc)}; rebuild it with "
                         f"'orthokg build ... --store {directory}'") from exc


def _unopenable(directory: Path, exc: Exception) -> str:
    """Why a store did not open, in a few words: RocksDB's own text is several lines of
    internals (file names, lock holders, thread ids) that mean nothing to a user."""
    if not is_store(directory):
        return f"not an OrthoKG store (no {MARKER})"
    if str(exc).startswith("Corruption"):
        return "the store's files are damaged"
    return "the store's files are missing or unreadable"

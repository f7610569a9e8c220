"""The text of a SPARQL file shipped inside a package.

Every query lives in a ``.rq`` file; the modules that run queries of their own (the
build's checks, the store's counts, the reasoner's input, the server's pages) read them
here, once per process, instead of each spelling out where package data lives.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["packaged_query"]


@cache
def packaged_query(package: str, name: str) -> str:
    """The text of ``name`` (a path under the package, "/"-separated) in ``package``.

    >>> "owl:annotatedSource" in packaged_query("orthokg.scale", "axioms-of-source.rq")
    True
    """
    return resources.files(package).joinpath(*name.split("/")).read_text(encoding="utf-8")

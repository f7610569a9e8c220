"""JSON-LD output compacted with the published OrthoKG ``@context``.

``orthokg/ontology/context.jsonld`` is the context we publish for consumers (web pages,
decision-support importers) so that they read ``okg:treats`` and ``okgr:osteoarthritis``
instead of full IRIs. The export embeds that same context, so a file produced here
compacts exactly as a consumer's own processing with the published context would.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph

__all__ = ["context_path", "published_context", "published_prefixes", "to_jsonld"]


def context_path() -> Path:
    """Path of the published ``context.jsonld`` inside the package."""
    return Path(str(resources.files("orthokg.ontology") / "context.jsonld"))


@cache
def _context_text() -> str:
    return context_path().read_text(encoding="utf-8")


def published_context() -> dict[str, Any]:
    """The ``@context`` object of ``context.jsonld`` (a fresh copy each call)."""
    context: dict[str, Any] = json.loads(_context_text())["@context"]
    return context


def published_prefixes() -> dict[str, str]:
    """Prefix → namespace of the published context (its string-valued terms).

    >>> published_prefixes()["okgr"]
    'https://w3id.org/orthokg/id/'
    """
    return {k: v for k, v in published_context().items() if isinstance(v, str)}


def to_jsonld(graph: Graph) -> bytes:
    """Serialize ``graph`` as JSON-LD compacted with the published context (UTF-8)."""
    text = graph.serialize(format="json-ld", context=published_context(), auto_compact=True,
                           indent=2)
    return text.encode("utf-8")

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


def _sorted_arrays(value: Any) -> Any:
    """``value`` with every JSON array sorted, except ``@list`` values (ordered in RDF).

    rdflib builds the document from a hash set of subjects, so arrays come out in a
    different order in each process; JSON-LD arrays other than lists are unordered, so
    sorting them changes nothing a processor reads and makes the file reproducible.
    """
    if isinstance(value, dict):
        return {key: (item if key == "@list" else _sorted_arrays(item))
                for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def to_jsonld(graph: Graph) -> bytes:
    """Serialize ``graph`` as JSON-LD compacted with the published context (UTF-8),
    keys and arrays in a fixed order (the same graph gives the same bytes)."""
    text = graph.serialize(format="json-ld", context=published_context(), auto_compact=True)
    document = _sorted_arrays(json.loads(text))
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
            ).encode("utf-8")

"""The query catalogue as the query page shows it: one example tab per named query."""

from __future__ import annotations

from typing import Any

from orthokg.queries import catalogue


def catalogue_examples() -> list[dict[str, Any]]:
    """Name, question, text and parameters of every catalogue query, JSON-ready.

    >>> any(e["name"] == "procedures" for e in catalogue_examples())
    True
    """
    return [{"name": q.name, "description": q.description, "query": q.sparql,
             "params": [{"name": p.name, "meaning": p.meaning, "kind": p.kind,
                         "optional": p.optional} for p in q.params]}
            for q in catalogue.all()]

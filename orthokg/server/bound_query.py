"""A catalogue query with its parameters written in, as a person can read, edit and rerun.

The question forms show the query they run. Binding through the engine's substitutions
would run one text and show another, so the values go into the text the only way
SPARQL itself offers: a ``VALUES`` block as the first element of the query's ``WHERE``
group. There it joins with the whole group before any of its ``FILTER``s or ``BIND``s
are evaluated, which is what a substitution does too (a trailing ``VALUES`` after the
query would be joined only after the filters and break ``FILTER(... = ?text)``).

Values are never pasted as typed: each one is a pyoxigraph term (an IRI it validated,
a literal it escapes) and its N-Triples form is what is written. Only the place of the
block is found in the text: the first ``{`` outside comments, strings and IRIs, which in
every catalogue query opens ``WHERE`` (checked, and a test walks the catalogue).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal

_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
_WHERE_BEFORE = re.compile(r"\bWHERE\s*\Z", re.IGNORECASE)


class NotBindable(ValueError):
    """The query has no ``WHERE {`` where the values could go."""


def where_brace(sparql: str) -> int:
    """The offset of the ``{`` that opens the query's ``WHERE`` group.

    >>> where_brace('SELECT ?s # not { here\\nWHERE { ?s ?p "{" }')
    29
    """
    blanked = _OPAQUE.sub(lambda m: " " * len(m.group(0)), sparql)
    brace = blanked.find("{")
    if brace < 0 or not _WHERE_BEFORE.search(blanked[:brace]):
        raise NotBindable("the query has no 'WHERE {' to bind its parameters in")
    return brace


def values_block(values: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<iri> "text") }`` for one row of values, in name order.

    >>> values_block({"procedure": ox.NamedNode("https://w3id.org/orthokg/id/x"),
    ...               "text": ox.Literal('say "hip"')})
    'VALUES (?procedure ?text) { (<https://w3id.org/orthokg/id/x> "say \\\\"hip\\\\"") }'
    """
    names = sorted(values)
    variables = " ".join(f"?{name}" for name in names)
    row = " ".join(str(values[name]) for name in names)
    return f"VALUES ({variables}) {{ ({row}) }}"


def bind_text(sparql: str, values: Mapping[str, Term]) -> str:
    """``sparql`` with ``values`` in a ``VALUES`` block opening its ``WHERE`` group;
    unchanged when there is nothing to bind."""
    for name in values:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise NotBindable(f"{name!r} is not a SPARQL variable name")
    if not values:
        return sparql
    brace = where_brace(sparql) + 1
    return f"{sparql[:brace]}\n  {values_block(values)}{sparql[brace:]}"


def bind_each(sparql: str, name: str, terms: list[Term]) -> str:
    """``sparql`` asked for each of ``terms`` at once: ``VALUES ?name { t1 t2 ... }``
    opening its ``WHERE`` group (an empty list binds nothing: no rows)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise NotBindable(f"{name!r} is not a SPARQL variable name")
    brace = where_brace(sparql) + 1
    listed = " ".join(str(term) for term in terms)
    return f"{sparql[:brace]}\n  VALUES ?{name} {{ {listed} }}{sparql[brace:]}"

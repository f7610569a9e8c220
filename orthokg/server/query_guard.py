"""Finding the keywords that decide policy before a query reaches the store.

pyoxigraph follows ``SERVICE <iri>`` (and an update's ``LOAD <iri>``) over HTTP and has
no hook to forbid it, so the endpoint looks for those keywords itself. Strings, IRIs
and comments are blanked first, so a keyword is only found where SPARQL would read it;
anything that merely looks like one (``ex:a.service``) is refused too, because a false
alarm costs a clear 403 while a miss would let the server call out.
``FROM`` matters because a query that names its own dataset must not be run over the
union of all graphs.
"""

from __future__ import annotations

import re

_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_KEYWORD = re.compile(r"(?<![\w:?$@-])(SERVICE|LOAD|FROM)(?![\w:-])", re.IGNORECASE)


def _unescape(match: re.Match[str]) -> str:
    return chr(int(match.group(1) or match.group(2), 16))


def keywords(sparql: str) -> frozenset[str]:
    """The policy keywords (upper case) that occur as keywords in ``sparql``.

    >>> sorted(keywords('SELECT * FROM <g> { SERVICE <http://x/> { ?s ?p ?o } }'))
    ['FROM', 'SERVICE']
    >>> keywords('SELECT ?service { ?s ex:service "SERVICE" } # SERVICE')
    frozenset()
    """
    text = _ESCAPE.sub(_unescape, sparql)
    text = _OPAQUE.sub(" ", text)
    return frozenset(m.group(1).upper() for m in _KEYWORD.finditer(text))


def calls_out(sparql: str) -> bool:
    """True when ``sparql`` would make the server fetch from another host.

    >>> calls_out("SELECT * { ?s ?p ?o . service <http://example.org/sparql> { ?s ?p ?o } }")
    True
    """
    return bool(keywords(sparql) & {"SERVICE", "LOAD"})


def names_dataset(sparql: str) -> bool:
    """True when the query chooses its graphs with ``FROM`` / ``FROM NAMED``.

    >>> names_dataset("SELECT * FROM NAMED <http://g> { GRAPH ?g { ?s ?p ?o } }")
    True
    """
    return "FROM" in keywords(sparql)

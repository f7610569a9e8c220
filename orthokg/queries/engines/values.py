"""Bind parameters into SPARQL text for endpoints that only take text.

The SPARQL 1.1 Protocol has no way to send bindings next to a query, so an engine that
talks to a remote store has to put them in the text. Pasting values into the query is
how injections happen; here the values are rdflib terms, each written by a strict
serialiser that refuses anything it cannot write as exactly one data term, and all of
them go into one ``VALUES`` block opened as the first element of the outermost
``WHERE`` group. There the block joins before every other pattern, which is what
``initBindings`` (rdflib) and ``substitutions`` (pyoxigraph) mean, and the store can
start its joins from the bound end.

>>> from rdflib import Literal, URIRef
>>> print(bind_values("SELECT ?l WHERE { ?c rdfs:label ?l }",
...                   {"c": URIRef("https://w3id.org/orthokg/id/tibia")}))
SELECT ?l WHERE {
VALUES (?c) { (<https://w3id.org/orthokg/id/tibia>) }
 ?c rdfs:label ?l }
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from orthokg.errors import QueryError

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")

# Strings (all four quotings), IRIs and comments: spans whose inside is never syntax. One
# source for every scanner of query text here (``substitute`` reads the same spans).
OPAQUE_SPANS = r"""
        '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
      | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'
      | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | \#[^\n\r]*
"""
# Everything inside which a brace, quote or '#' means nothing: tried left to right, so a
# '#' inside an IRI or a string never starts a comment and a '}' inside a string never
# closes a group. Bare words are only keywords (not variables, not prefixed names).
_TOKENS = re.compile(
    r"""
    (?P<skip>""" + OPAQUE_SPANS + r"""
      | [?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+
    )
  | (?P<open>\{)
  | (?P<close>\})
  | (?<![\w:?$.-])(?P<word>[A-Za-z]+)(?![\w:-])
    """,
    re.VERBOSE | re.DOTALL,
)
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
# Language tags as BCP 47 writes them (what the SPARQL LANGTAG production accepts).
_LANGTAG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*\Z")
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                   "\b": "\\b", "\f": "\\f"}


def _top_level(query: str) -> Iterator[tuple[str, int, str]]:
    """Yield ``(kind, end, text)`` for keywords and ``{`` at nesting depth 0."""
    depth = 0
    for match in _TOKENS.finditer(query):
        kind = match.lastgroup or "skip"
        if kind == "close":
            depth -= 1
        elif kind == "open":
            if depth == 0:
                yield "open", match.end(), "{"
            depth += 1
        elif kind == "word" and depth == 0:
            yield "word", match.end(), match.group().upper()


def query_form(query: str) -> str:
    """The query form (``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK``) of ``query``.

    Comments, strings and IRIs are skipped, so ``# ASK me`` or ``<http://x/select>``
    before the real keyword do not mislead it.

    >>> query_form("PREFIX ask: <http://x/ask#> # describe\\nCONSTRUCT WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    for kind, _, text in _top_level(query):
        if kind == "word" and text in QUERY_FORMS:
            return text
    raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK found")


def where_group_start(query: str) -> int:
    """Offset just inside the ``{`` that opens the outermost ``WHERE`` group.

    For SELECT, ASK and DESCRIBE that is the first top-level ``{``; a CONSTRUCT with a
    template has the template first, so its group is the second one, unless the short
    form ``CONSTRUCT WHERE { ... }`` is used.
    """
    form = None
    previous = ""
    braces_seen = 0
    for kind, end, text in _top_level(query):
        if kind == "word":
            form = form or (text if text in QUERY_FORMS else None)
            previous = text
            continue
        braces_seen += 1
        template_first = form == "CONSTRUCT" and braces_seen == 1 and previous != "WHERE"
        if form is not None and not template_first:
            return end
        previous = "{"
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def _escape_string(text: str) -> str:
    r"""Escape for a "..." string; a ``u``/``U`` after a backslash becomes ``\u0075``.

    The SPARQL spec lets a processor decode ``\uXXXX`` before parsing; writing the
    letter itself as an escape keeps ``\\u0022`` from ever reading as a quote,
    whichever way a store decodes it.
    """
    out = []
    backslash_before = False
    for char in text:
        if backslash_before and char in "uU":
            out.append(f"\\u{ord(char):04X}")
        elif char in _STRING_ESCAPES:
            out.append(_STRING_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
        backslash_before = char == "\\"
    return "".join(out)


def _iri(value: str) -> str:
    if _IRI_FORBIDDEN.search(value) or not value:
        raise QueryError(f"cannot bind {value!r}: not an IRI SPARQL can write")
    return f"<{value}>"


def sparql_term(term: Node) -> str:
    r"""Write an rdflib IRI or literal as one SPARQL data term, or raise ``QueryError``.

    Blank nodes and variables are refused: a ``VALUES`` block cannot hold them.

    >>> sparql_term(Literal('say "hi" }', lang="en"))
    '"say \\"hi\\" }"@en'
    >>> sparql_term(Literal("2.0", datatype=XSD.decimal))
    '"2.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if isinstance(term, URIRef):
        return _iri(str(term))
    if not isinstance(term, Literal):
        raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be bound")
    text = f'"{_escape_string(str(term))}"'
    if term.language is not None:
        if not _LANGTAG.match(term.language):
            raise QueryError(f"cannot bind {term!r}: bad language tag")
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^{_iri(str(term.datatype))}"
    return text


def values_block(params: Mapping[str, Identifier]) -> str:
    """One-row ``VALUES`` block binding every parameter (names without ``?``)."""
    names = []
    for name in params:
        if not _VARNAME.match(name):
            raise QueryError(f"cannot bind parameter {name!r}: not a SPARQL variable name")
        names.append(f"?{name}")
    row = " ".join(sparql_term(term) for term in params.values())
    return f"VALUES ({' '.join(names)}) {{ ({row}) }}"


def bind_values(query: str, params: Mapping[str, Identifier] | None) -> str:
    """``query`` with ``params`` joined first inside its outermost WHERE group."""
    if not params:
        return query
    start = where_group_start(query)
    return f"{query[:start]}\n{values_block(params)}\n{query[start:]}"

"""Bind parameters by writing their terms into the query, as SEP-0007 substitution says.

Oxigraph plans a query before it sees ``substitutions``: its join order is chosen from
which positions of each pattern are constants, and a substituted variable counts as
unbound, so ``?procedure okg:subtypeOf* ?statedFor`` is planned as a walk over every
procedure and joined afterwards. Measured at 1M triples (``benchmarks/queries.py``
data): 100 ms with ``substitutions``, 2 ms with the term written in its place. This
module does that rewrite in text, with SEP-0007's meaning: every occurrence of a
bound variable becomes its term; in the query's ``SELECT`` list, where the grammar
wants a variable, it becomes ``(term AS ?var)``, so the variable is still answered (a
sub-query's list leaves it out: a constant needs no join); ``GROUP BY`` leaves it out
(a constant splits no group) and ``ORDER BY`` takes the bracketed ``(term)``.

Terms are written by :func:`orthokg.queries.engines.values.sparql_term`, which refuses
anything that is not exactly one IRI or literal, so a value never becomes query text.
A query this cannot rewrite with that meaning (the variable is assigned by ``BIND``,
``VALUES``, ``AS`` or read by ``BOUND``, the query says ``SELECT *``, or a sub-query's
``SELECT`` or a ``GROUP BY`` would be left empty) is returned as ``None`` and the
caller binds another way.

>>> from rdflib import URIRef
>>> print(substitute("SELECT ?p ?c WHERE { ?p okg:treats ?c } ORDER BY ?p",
...                  {"p": URIRef("https://w3id.org/orthokg/id/tkr")}))
SELECT (<https://w3id.org/orthokg/id/tkr> AS ?p) ?c WHERE { <https://w3id.org/orthokg/id/tkr> okg:treats ?c } ORDER BY (<https://w3id.org/orthokg/id/tkr>)
>>> substitute("SELECT * WHERE { ?p okg:treats ?c }", {"p": URIRef("http://x")}) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Identifier

from orthokg.queries.engines.values import sparql_term

__all__ = ["substitute"]

# Strings, IRIs and comments (skipped whole), variables, braces and parentheses, words.
_TOKENS = re.compile(
    r"""
    (?P<skip>
        '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
      | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'
      | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | \#[^\n\r]*
    )
  | (?P<var>[?$](?P<name>[A-Za-z0-9_\u00b7\u00c0-\uffff]+))
  | (?P<punct>[{}()*])
  | (?<![\w:?$.-])(?P<word>[A-Za-z]+)(?![\w:-])
    """,
    re.VERBOSE | re.DOTALL,
)
# Words that end a SELECT list.
_LIST_END = {"WHERE", "FROM", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "GROUP"}


def _assigned(query: str, names: set[str]) -> bool:
    """Whether a bound variable is assigned (``AS``, ``VALUES``), tested by ``BOUND`` or
    hidden behind ``SELECT *`` in ``query``."""
    previous = ""
    in_values = False  # between VALUES and its "{"
    for match in _TOKENS.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "word":
            previous = text.upper()
            in_values = in_values or previous == "VALUES"
        elif kind == "var":
            if match["name"] in names and (in_values or previous in ("AS", "BOUND")):
                return True
            previous = ""
        elif text == "*" and previous in ("SELECT", "DISTINCT", "REDUCED"):
            return True
        elif text == "{":
            in_values = False
            previous = ""
        elif text != "(":
            previous = ""
    return False


def substitute(query: str, params: Mapping[str, Identifier]) -> str | None:
    """``query`` with every bound variable written as its term, or ``None`` (see above)."""
    if not params:
        return query
    terms = {name: sparql_term(term) for name, term in params.items()}
    if _assigned(query, set(terms)):
        return None
    out: list[str] = []
    position = 0
    in_list = False  # inside a SELECT list, where a variable is a name
    group_by = False  # inside a GROUP BY list
    grouped = 0  # other conditions left in it
    outermost = True  # the list is the query's own, not a sub-query's
    selects = 0
    kept = 0  # names left in a sub-query's SELECT list
    depth = 0  # parentheses opened inside that list
    order_by = False
    previous = ""
    for match in _TOKENS.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "word":
            word = text.upper()
            if word in _LIST_END:
                if in_list and not outermost and kept == 0:
                    return None  # a sub-query would be left selecting nothing
                if group_by and grouped == 0:
                    return None  # GROUP BY would be left empty
                in_list = group_by = False
            if word == "SELECT":
                in_list, depth, kept = True, 0, 0
                outermost = selects == 0
                selects += 1
            if word == "BY" and previous == "GROUP":
                group_by, grouped, depth = True, 0, 0
            order_by = (word == "BY" and previous == "ORDER") or (
                order_by and word in ("ASC", "DESC"))
            previous = word
        elif text in ("{", "}"):
            if (in_list and not outermost and kept == 0) or (group_by and grouped == 0):
                return None
            in_list = order_by = group_by = False
        elif text == "(":
            depth += 1
            kept += int(in_list and depth == 1)
            grouped += int(group_by and depth == 1)
        elif text == ")":
            depth -= 1
        elif kind == "var" and match["name"] in terms:
            term = terms[match["name"]]
            if in_list and depth == 0:
                # A sub-query drops the constant from its list: projected, it would be
                # in scope where the outer list gives it its value with AS.
                term = f"({term} AS {text})" if outermost else ""
            elif group_by and depth == 0:
                term = ""  # a constant splits no group
            elif order_by and depth == 0:
                term = f"({term})"
            out.append(query[position:match.start()])
            out.append(term)
            position = match.end()
        elif kind == "var" and depth == 0:
            kept += int(in_list)
            grouped += int(group_by)
    if group_by and grouped == 0:
        return None
    out.append(query[position:])
    return "".join(out)

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
...                  {"p": URIRef("http://x/p")}))
SELECT (<http://x/p> AS ?p) ?c WHERE { <http://x/p> okg:treats ?c } ORDER BY (<http://x/p>)
>>> substitute("SELECT * WHERE { ?p okg:treats ?c }", {"p": URIRef("http://x")}) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib.term import Identifier

from orthokg.errors import QueryError
from orthokg.queries.engines.values import OPAQUE_SPANS, sparql_term

__all__ = ["substitute"]

# Strings, IRIs and comments (skipped whole), variables, braces and parentheses, words.
_TOKENS = re.compile(
    r"""
    (?P<skip>""" + OPAQUE_SPANS + r"""
    )
  | (?P<var>[?$](?P<name>[A-Za-z0-9_\u00b7\u00c0-\uffff]+))
  | (?P<punct>[{}()*])
  | (?<![\w:?$.-])(?P<word>[A-Za-z]+)(?![\w:-])
    """,
    re.VERBOSE | re.DOTALL,
)
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
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


@dataclass(slots=True)
class _Scan:
    """Where the scan is: which list a variable would stand in, and what is left in it."""

    terms: dict[str, str]
    in_list: bool = False  # in a SELECT list, where a variable is a name
    outermost: bool = True  # that list is the query's own, not a sub-query's
    selects: int = 0
    kept: int = 0  # other names left in a sub-query's SELECT list
    group_by: bool = False
    grouped: int = 0  # other conditions left in a GROUP BY list
    order_by: bool = False
    depth: int = 0  # parentheses opened inside the current list
    previous: str = ""

    def close_lists(self) -> bool:
        """End the open lists; ``False`` when one would be left empty."""
        emptied = (self.in_list and not self.outermost and self.kept == 0) or (
            self.group_by and self.grouped == 0)
        self.in_list = self.group_by = False
        return not emptied

    def word(self, word: str) -> bool:
        if word in _LIST_END and not self.close_lists():
            return False
        if word == "SELECT":
            self.in_list, self.depth, self.kept = True, 0, 0
            self.outermost = self.selects == 0
            self.selects += 1
        if word == "BY" and self.previous == "GROUP":
            self.group_by, self.grouped, self.depth = True, 0, 0
        self.order_by = (word == "BY" and self.previous == "ORDER") or (
            self.order_by and word in ("ASC", "DESC"))
        self.previous = word
        return True

    def punct(self, text: str) -> bool:
        if text in ("{", "}"):
            self.order_by = False
            return self.close_lists()
        if text == "(":
            self.depth += 1
            self.kept += int(self.in_list and self.depth == 1)
            self.grouped += int(self.group_by and self.depth == 1)
        elif text == ")":
            self.depth -= 1
        return True

    def variable(self, text: str, name: str) -> str | None:
        """What the variable becomes, or ``None`` to leave it."""
        term = self.terms.get(name)
        if term is None:
            if self.depth == 0:
                self.kept += int(self.in_list)
                self.grouped += int(self.group_by)
            return None
        if self.depth == 0 and self.in_list:
            # A sub-query leaves the constant out: projected, it would be in scope
            # where the outer list gives it its value with AS.
            return f"({term} AS {text})" if self.outermost else ""
        if self.depth == 0 and self.group_by:
            return ""  # a constant splits no group
        if self.depth == 0 and self.order_by:
            return f"({term})"
        return term


def _checked(name: str) -> str:
    if not _VARNAME.fullmatch(name):
        raise QueryError(f"cannot bind parameter {name!r}: not a SPARQL variable name")
    return name


def substitute(query: str, params: Mapping[str, Identifier]) -> str | None:
    """``query`` with every bound variable written as its term, or ``None`` (see above)."""
    if not params:
        return query
    scan = _Scan({_checked(name): sparql_term(term) for name, term in params.items()})
    if _assigned(query, set(scan.terms)):
        return None
    out: list[str] = []
    position = 0
    for match in _TOKENS.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and not scan.word(text.upper()):
            return None
        if kind == "punct" and not scan.punct(text):
            return None
        if kind == "var":
            written = scan.variable(text, match["name"])
            if written is not None:
                out += [query[position:match.start()], written]
                position = match.end()
    if not scan.close_lists():
        return None
    out.append(query[position:])
    return "".join(out)

"""Policy decided on the parsed request, never on its text.

pyoxigraph follows ``SERVICE <iri>`` in a query and ``LOAD <iri>`` in an update over
HTTP, and its Python API offers no way to switch that off (no service handler option,
no algebra to inspect). So a worker parses every request with rdflib's SPARQL parser
first and walks the parse tree: a ``ServiceGraphPattern`` or ``Load`` node anywhere
(nested groups, subqueries, ``EXISTS``, ``MINUS``, every operation of an update) means
the request calls out. Keywords in any case, escapes, comments and prefixed names are
the parser's business, and the text it parsed is the text the store runs
(:func:`orthokg.server.sparql_text.expand_escapes` makes both read the same characters).

The same walk says whether a query names its own dataset (``FROM``: then it is not
widened to the union of all graphs) and whether an update chooses its graphs itself
(``USING``, ``WITH``: then the protocol's ``using-graph-uri`` is a conflict).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from orthokg.server.sparql_text import MAX_DEPTH, Rejected

Kind = Literal["query", "update"]

CALLS_OUT = frozenset({"ServiceGraphPattern", "Load"})
QUERY_FORMS = frozenset({"SelectQuery", "ConstructQuery", "AskQuery", "DescribeQuery"})


@dataclass(frozen=True, slots=True)
class Inspection:
    """What the parse tree of one request says.

    ``calls_out``: it holds SERVICE or LOAD. ``names_dataset``: a query with ``FROM`` or
    ``FROM NAMED``. ``chooses_graphs``: an update with ``USING``, ``USING NAMED`` or
    ``WITH``. ``operations``: the names of an update's operations, in order
    (``Modify``, ``InsertData``, ``Load``, ...).
    """

    calls_out: bool
    names_dataset: bool
    chooses_graphs: bool
    operations: tuple[str, ...] = ()


def _parse(text: str, kind: Kind) -> object:
    try:
        return parseQuery(text) if kind == "query" else parseUpdate(text)
    except ParseBaseException as exc:
        near = exc.line[exc.col - 1:exc.col + 19].strip() or "the end"
        raise Rejected(400, f"the {kind} does not parse: error at line {exc.lineno}, column "
                            f"{exc.col}, near {near!r} ({exc.msg})") from exc
    except RecursionError as exc:
        raise Rejected(400, f"the {kind} nests too deeply to parse (this endpoint accepts "
                            f"at most {MAX_DEPTH} levels)") from exc
    except (ValueError, TypeError, KeyError) as exc:  # bad literals, IRIs, prefixes
        raise Rejected(400, f"the {kind} does not parse: {exc}") from exc


def _children(node: object) -> list[object]:
    if isinstance(node, CompValue):
        return list(dict.values(node))
    if isinstance(node, (ParseResults, list, tuple)):
        return list(node)
    return []


def inspect(text: str, kind: Kind) -> Inspection:
    """Parse ``text`` (already escape-expanded) and report what it does; a text that
    does not parse is refused with 400 here, before any store sees it.

    >>> inspect("SELECT * { { OPTIONAL { service <http://x/> { ?s ?p ?o } } } }", "query")
    Inspection(calls_out=True, names_dataset=False, chooses_graphs=False, operations=())
    >>> inspect('SELECT ?service { ?s ?p "SERVICE <http://x/> {}" }', "query").calls_out
    False
    >>> inspect("INSERT DATA { <a> <b> <c> } ; LOAD <http://x/d.ttl>", "update").operations
    ('InsertData', 'Load')
    """
    tree = _parse(text, kind)
    found: set[str] = set()
    names_dataset = False
    pending: list[object] = [tree]
    while pending:  # an explicit stack: no recursion however the tree is shaped
        node = pending.pop()
        if isinstance(node, CompValue):
            found.add(node.name)
            if node.name in QUERY_FORMS and dict.get(node, "datasetClause"):
                names_dataset = True
            if node.name == "Modify" and dict.get(node, "withClause") is not None:
                found.add("WithClause")
        pending.extend(_children(node))
    operations: tuple[str, ...] = ()
    if kind == "update" and isinstance(tree, CompValue):
        operations = tuple(op.name for op in dict.get(tree, "request", [])
                           if isinstance(op, CompValue))
    return Inspection(calls_out=bool(found & CALLS_OUT), names_dataset=names_dataset,
                      chooses_graphs=bool(found & {"UsingClause", "WithClause"}),
                      operations=operations)

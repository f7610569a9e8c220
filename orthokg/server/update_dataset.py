"""The protocol's ``using-graph-uri`` / ``using-named-graph-uri`` applied to an update.

SPARQL 1.1 Protocol §2.2.3: the parameters give the dataset of the ``WHERE`` clause of
every ``DELETE``/``INSERT`` operation, exactly as ``USING`` and ``USING NAMED`` would.
pyoxigraph's ``Store.update`` takes no dataset, so the clauses are written into the
update: before the ``WHERE`` of each such operation, found among the tokens at bracket
depth 0 (strings, IRIs and comments are single tokens, so nothing inside them is
touched). ``DELETE WHERE { P }``, whose grammar has no room for ``USING``, becomes the
equivalent ``DELETE { P } USING ... WHERE { P }``. The caller re-parses the result and
checks every operation carries the clauses (:func:`orthokg.server.vetting.vet`).
"""

from __future__ import annotations

from collections.abc import Sequence

from orthokg.server.sparql_text import Token

OPERATION_KEYWORDS = frozenset({"LOAD", "CLEAR", "DROP", "ADD", "MOVE", "COPY", "CREATE",
                                "INSERT", "DELETE", "WITH"})


def _iri(iri: str) -> str:
    return f"<{iri}>"


def using_clauses(default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """The clauses the parameters stand for.

    >>> using_clauses(["http://a/"], ["http://b/"])
    'USING <http://a/> USING NAMED <http://b/> '
    """
    return "".join([*(f"USING {_iri(g)} " for g in default_graphs),
                    *(f"USING NAMED {_iri(g)} " for g in named_graphs)])


def _operations(tokens: Sequence[Token]) -> list[list[Token]]:
    """The depth-0 tokens of each operation (split at depth-0 ``;``), brackets kept."""
    operations: list[list[Token]] = [[]]
    for token in tokens:
        if token.depth == 0 and token.text == ";":
            operations.append([])
        else:
            operations[-1].append(token)
    return operations


def _matching_close(tokens: Sequence[Token], opener: int) -> int:
    depth = tokens[opener].depth
    for index in range(opener + 1, len(tokens)):
        if tokens[index].kind == "close" and tokens[index].depth == depth:
            return index
    return len(tokens) - 1


def _insertion(operation: Sequence[Token], text: str, clauses: str) -> tuple[int, str] | None:
    """Where and what to insert into one operation, or None when it has no WHERE."""
    words = [i for i, t in enumerate(operation)
             if t.depth == 0 and t.kind == "word" and t.text.upper() in OPERATION_KEYWORDS]
    if not words or operation[words[0]].text.upper() not in ("INSERT", "DELETE"):
        return None
    where = next((i for i, t in enumerate(operation) if t.depth == 0 and t.kind == "word"
                  and t.text.upper() == "WHERE"), None)
    if where is None:
        return None  # INSERT DATA / DELETE DATA: no dataset to choose
    following = [t for t in operation[words[0] + 1:where] if t.depth == 0]
    if not following and where + 1 < len(operation):  # DELETE WHERE { P }
        close = _matching_close(operation, where + 1)
        pattern = text[operation[where + 1].start:operation[close].start + 1]
        return operation[where].start, f"{pattern} {clauses}"
    return operation[where].start, clauses


def with_using(text: str, tokens: Sequence[Token], default_graphs: Sequence[str],
               named_graphs: Sequence[str]) -> str:
    """``text`` with ``USING``/``USING NAMED`` clauses for the given graphs before the
    ``WHERE`` of every operation that has one.

    >>> from orthokg.server.sparql_text import measure
    >>> update = 'CLEAR ALL ; INSERT { ?s a "WHERE" } WHERE { ?s a ?o } ; DELETE WHERE { ?s ?p 1 }'
    >>> for operation in with_using(update, measure(update).tokens, ["http://g/"], []).split(";"):
    ...     print(operation.strip())
    CLEAR ALL
    INSERT { ?s a "WHERE" } USING <http://g/> WHERE { ?s a ?o }
    DELETE { ?s ?p 1 } USING <http://g/> WHERE { ?s ?p 1 }
    """
    clauses = using_clauses(default_graphs, named_graphs)
    edits = [found for operation in _operations(tokens)
             if (found := _insertion(operation, text, clauses)) is not None]
    for position, inserted in sorted(edits, reverse=True):
        text = text[:position] + inserted + text[position:]
    return text

"""The characters and tokens of a SPARQL request, before any parser sees it.

Two jobs, both about making the request safe to hand to a parser:

- **One reading for every parser.** SPARQL processes ``\\uXXXX`` and ``\\UXXXXXXXX``
  escapes before the grammar (SPARQL 1.1 Query §19.2), rdflib's parser does so, and
  Oxigraph only inside strings and IRIs; ``"\\u0022"`` is a one-character string to one
  and a string delimiter to the other. :func:`expand_escapes` applies them once, as the
  specification says, refuses what cannot be a character (``\\UFFFFFFFF``, surrogates)
  and escapes that spell another escape, and the expanded text is what both the policy
  parser and the store read, so both see the same tokens.
- **Bounds before parsing.** Recursive-descent parsers and evaluators recurse once per
  nesting level and per chained operator: 2,500 nested groups or 10,000 UNION branches
  overflow the stack of a worker. :func:`measure` tokenises in one linear pass (strings,
  IRIs and comments are single tokens, so a brace inside them counts for nothing) and
  :func:`check_bounds` refuses deeper nesting or more tokens than the endpoint accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

MAX_DEPTH = 64
"""Deepest nesting of ``{}``, ``()`` and ``[]``; catalogue queries use under 10."""
MAX_TOKENS = 20_000
"""Most tokens in one request; the longest catalogue query has under 400."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>\#[^\n\r]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  | '''(?:[^'\\]|\\.|'(?!''))*'''
                  | "(?:[^"\\\n\r]|\\.)*"
                  | '(?:[^'\\\n\r]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<open>[{(\[])
      | (?P<close>[})\]])
      | (?P<word>[^\s{}()\[\];,"'<\#]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL)


class Rejected(Exception):
    """A request refused before it reaches the store; ``status`` and ``message`` are
    what the client is told."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Token(NamedTuple):
    """One token: its kind (a group name of the lexer), text, offset and the bracket
    depth it stands at (a closing bracket stands at the depth of its opener)."""

    kind: str
    text: str
    start: int
    depth: int


@dataclass(frozen=True, slots=True)
class Shape:
    """What the bounds look at: the tokens and the deepest nesting among them."""

    tokens: tuple[Token, ...]
    depth: int


def _code_point(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2)
    value = int(digits, 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise Rejected(400, f"{match.group(0)} at offset {match.start()} is not a Unicode "
                            "character (code points end at \\U0010FFFF; surrogates are "
                            "not characters)")
    return chr(value)


def expand_escapes(text: str, what: str = "query") -> str:
    """``text`` with its code point escapes replaced by the characters they name.

    >>> expand_escapes(r'SELECT * { ?s ?p "\\u0041\\U0001F9B4" }')
    'SELECT * { ?s ?p "A\U0001f9b4" }'
    """
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise Rejected(400, f"the {what} holds a lone surrogate at offset {surrogate.start()}")
    expanded = _ESCAPE.sub(_code_point, text)
    leftover = _ESCAPE.search(expanded) if expanded != text else None
    if leftover:
        raise Rejected(400, f"a code point escape in the {what} spells another escape "
                            f"({leftover.group(0)!r}); write the character itself")
    return expanded


def measure(text: str) -> Shape:
    """Tokens (without spaces and comments) and the deepest bracket nesting of ``text``.

    >>> shape = measure('SELECT * { ?s ?p "{{" } # }}}')
    >>> shape.depth, [t.text for t in shape.tokens]
    (1, ['SELECT', '*', '{', '?s', '?p', '"{{"', '}'])
    """
    tokens: list[Token] = []
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        if kind == "open":
            tokens.append(Token(kind, match.group(), match.start(), depth))
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
            tokens.append(Token(kind, match.group(), match.start(), depth))
        else:
            tokens.append(Token(kind, match.group(), match.start(), depth))
    return Shape(tuple(tokens), deepest)


def check_bounds(shape: Shape, what: str = "query", *, max_depth: int = MAX_DEPTH,
                 max_tokens: int = MAX_TOKENS) -> None:
    """Refuse (400) a request nested deeper or longer in tokens than the limits.

    >>> try:
    ...     check_bounds(measure("ASK { " * 70 + "}" * 70))
    ... except Rejected as exc:
    ...     print(exc.status, exc.message)
    400 the query nests brackets 70 deep; this endpoint accepts at most 64
    """
    if shape.depth > max_depth:
        raise Rejected(400, f"the {what} nests brackets {shape.depth} deep; this endpoint "
                            f"accepts at most {max_depth}")
    if len(shape.tokens) > max_tokens:
        raise Rejected(400, f"the {what} has {len(shape.tokens)} tokens; this endpoint "
                            f"accepts at most {max_tokens} (split it, or send fewer "
                            "VALUES rows or UNION branches)")

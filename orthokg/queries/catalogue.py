"""The named query catalogue: every ``orthokg/queries/*.rq`` file and its header.

A query is a file, not a string in Python, so it can be read, reviewed and run in
any SPARQL tool. Its header comment is the contract the CLI, the API, the endpoint
and the tests read::

    # complications-of-procedure: What can go wrong with a procedure ...?
    # Any further comment lines are notes.
    # param ?procedure: the procedure asked about (concept)
    # param ?document: limit to one document (document, optional)
    # columns: ?procedure ?complication ?evidence

The first line is ``# <name>: <question>`` and the name is the file stem. A parameter
kind says how a value typed by a person becomes an RDF term (see ``KINDS``).
``*-violation.rq`` files are validation rules, not catalogue entries.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from orthokg.errors import QueryError

__all__ = ["KINDS", "NamedQuery", "Param", "all", "get", "load", "names", "parse"]

#: Parameter kinds and what a typed value may be.
KINDS: dict[str, str] = {
    "concept": "an IRI, a CURIE (okgr:x) or a name, resolved through the labels",
    "document": "a document IRI, doc:ID or a document id (file stem)",
    "property": "an IRI, a CURIE or an okg: local name (treats)",
    "iri": "an IRI or a CURIE",
    "label-key": "any text; bound as its okg:normalizedLabel key",
    "string": "a plain string literal",
    "integer": "an xsd:integer",
    "decimal": "an xsd:decimal",
}

_FIRST = re.compile(r"#\s*(?P<name>[a-z0-9][a-z0-9-]*)\s*:\s*(?P<text>.+)")
_PARAM = re.compile(r"#\s*param\s+\?(?P<name>\w+)\s*:\s*(?P<meaning>.*?)\s*"
                    r"\((?P<spec>[^()]*)\)\s*")
_COLUMNS = re.compile(r"#\s*columns\s*:(?P<cols>.*)")


@dataclass(frozen=True, slots=True)
class Param:
    """A declared parameter: variable name (no ``?``), meaning, kind, whether optional."""

    name: str
    meaning: str
    kind: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query with its header read into fields."""

    name: str
    description: str
    sparql: str
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    notes: str = ""
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name`` (with or without ``?``), or ``None``."""
        wanted = name.lstrip("?")
        return next((p for p in self.params if p.name == wanted), None)

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the parameters a caller must give."""
        return tuple(p.name for p in self.params if not p.optional)


def _parse_param(match: re.Match[str], where: str) -> Param:
    spec = [s.strip() for s in match["spec"].split(",") if s.strip()]
    kind = spec[0] if spec else ""
    if kind not in KINDS or any(s != "optional" for s in spec[1:]):
        raise QueryError(f"{where}: parameter ?{match['name']} has kind {match['spec']!r}; "
                         f"use one of {', '.join(KINDS)} (optionally ', optional')")
    return Param(match["name"], match["meaning"], kind, "optional" in spec[1:])


def _header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.rstrip())
    return lines


def parse(text: str, name: str, *, strict: bool = True, path: Path | None = None) -> NamedQuery:
    """Read a query and its header; ``strict`` demands the full catalogue header.

    >>> q = parse("# x: Which x?\\n# param ?a: an a (concept, optional)\\n"
    ...           "# columns: ?a\\nSELECT ?a WHERE { ?a ?p ?o }", "x")
    >>> q.description, q.params[0].optional, q.columns
    ('Which x?', True, ('a',))
    """
    where = str(path or name)
    lines = _header_lines(text)
    first = _FIRST.fullmatch(lines[0]) if lines else None
    if strict and (first is None or first["name"] != name):
        raise QueryError(f"{where}: the first line must be '# {name}: <the question it answers>'")
    params: list[Param] = []
    columns: tuple[str, ...] = ()
    notes: list[str] = []
    for line in lines[1:] if first else lines:
        if match := _PARAM.fullmatch(line):
            params.append(_parse_param(match, where))
        elif match := _COLUMNS.fullmatch(line):
            columns = tuple(c.lstrip("?") for c in match["cols"].split())
        else:
            notes.append(line.lstrip("#").strip())
    if strict and not columns:
        raise QueryError(f"{where}: the header needs a '# columns: ?a ?b' line")
    return NamedQuery(name, first["text"].strip() if first else "", text, tuple(params),
                      columns, " ".join(n for n in notes if n), path)


def load(path: Path) -> NamedQuery:
    """A query from any ``.rq`` file; a header is used if present but not required."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query: {exc}") from exc
    return parse(text, path.stem, strict=False, path=path)


@cache
def _catalogue() -> dict[str, NamedQuery]:
    found = {}
    for entry in resources.files("orthokg.queries").iterdir():
        if entry.name.endswith(".rq") and not entry.name.endswith("-violation.rq"):
            name = entry.name[:-3]
            found[name] = parse(entry.read_text(encoding="utf-8"), name,
                                path=Path(str(entry)))
    return dict(sorted(found.items()))


def names() -> list[str]:
    """Names of every catalogue query, sorted."""
    return list(_catalogue())


def all() -> list[NamedQuery]:
    """Every catalogue query, sorted by name."""
    return list(_catalogue().values())


def get(name: str) -> NamedQuery:
    """The catalogue query ``name``; an unknown name lists the close ones.

    >>> get("complications-of-procedure").required
    ('procedure',)
    >>> get("complication-of-procedure")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orthokg.errors.QueryError: unknown query 'complication-of-procedure'; did you mean ...
    """
    try:
        return _catalogue()[name]
    except KeyError:
        close = difflib.get_close_matches(name, names(), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise QueryError(f"unknown query {name!r}{hint} ('orthokg queries' lists all)") from None

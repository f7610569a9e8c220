"""The same facts, written differently, must give the same graph.

``tests/fixtures/paraphrases/`` holds short leaflets written for these tests: per topic,
3 or 4 variants (plain text, Markdown, a full web page, sometimes an FAQ or one
paragraph) that state the same core facts in other words, layouts and section names,
and ``facts.tsv`` listing them (see its README). A method that reads wording rather than
meaning passes one variant and fails the next, so every variant is run through the real
pipeline (reader, annotator, extractor, resolution, as ``pipeline.extract_all`` chains
them) and compared with the list:

* every ``+`` row (stated explicitly in every variant) must be found in every variant;
* no ``-`` row (a negation, risk factor, contraindication, the alternative's facts, a
  related-articles link) may be found in any variant.

A row is found when an extracted fact has its property and ends whose names match the
row's names under the scorer's normalisation (:func:`normalized_label`), where an end
may also be a descendant of the listed concept (``subtype_of`` in the lexicon, followed
transitively): "deep infection" is an "infection". ``alternativeTo`` matches either way
round. Cases that fail today because the extractor misses or over-reads a fact are
marked ``xfail(strict=True)`` with what it misses, so a fix turns them into failures
that ask for the mark to be removed. Per-topic and overall recall is printed by
``test_recall_report``, which also holds the overall recall above a floor.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from orthokg.loaders.model import Fact
from orthokg.loaders.reading.readers import read_document
from orthokg.loaders.recognition.annotator import default_annotator
from orthokg.loaders.relations.extractor import Extractor
from orthokg.loaders.writing.resolution import ConceptRegistry, resolve_extraction
from orthokg.ontology.lexicon import Concept, Lexicon, load_lexicon
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.signature import core_properties
from tests.conftest import FIXTURES

PARAPHRASES = FIXTURES / "paraphrases"
HEADER = ["mark", "subject", "property", "object", "note"]
MARKS = ("+", "-")
SYMMETRIC = frozenset({"alternativeTo"})
VARIANT_STEMS = ("a", "b", "c", "d")
# Overall recall of `+` rows over all variants must not fall below this.
RECALL_FLOOR = 0.60

# (topic, variant) -> what the extractor misses today (must-find cases).
MISSED: dict[tuple[str, str], str] = {}
# (topic, variant) -> what the extractor wrongly finds today (must-not cases).
OVERREAD: dict[tuple[str, str], str] = {}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of facts.tsv, names normalised as the scorer compares them."""

    mark: str
    subject: frozenset[str]
    prop: str
    obj: frozenset[str]
    text: str

    def __str__(self) -> str:
        return self.text


def _names(cell: str) -> frozenset[str]:
    return frozenset(normalized_label(n) for n in cell.split("|") if n.strip())


def read_rows(path: Path) -> list[Row]:
    """The rows of one facts.tsv; a malformed file fails loudly, not as a silent miss."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == HEADER, f"{path}: header {reader.fieldnames}"
        rows = []
        for line, rec in enumerate(reader, start=2):
            assert rec["mark"] in MARKS, f"{path}:{line}: mark {rec['mark']!r}"
            first = [rec[k].split("|")[0] for k in ("subject", "property", "object")]
            rows.append(Row(rec["mark"], _names(rec["subject"]), rec["property"],
                            _names(rec["object"]), " ".join(first)))
    return rows


def topics() -> list[Path]:
    return sorted(p for p in PARAPHRASES.iterdir() if (p / "facts.tsv").is_file())


def variants(topic: Path) -> list[Path]:
    return sorted(p for p in topic.iterdir() if p.stem in VARIANT_STEMS and p.is_file())


def _cases(known: dict[tuple[str, str], str], wrong: str) -> list[object]:
    cases: list[object] = []
    for topic in topics():
        for variant in variants(topic):
            key = (topic.name, variant.name)
            marks = [pytest.mark.xfail(strict=True, reason=f"{wrong}: {known[key]}")] \
                if key in known else []
            cases.append(pytest.param(*key, marks=marks, id=f"{key[0]}/{key[1]}"))
    return cases


# -- matching ----------------------------------------------------------------------------

class Matcher:
    """Names a concept answers to: its own and those of every concept it is a subtype of."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._cache: dict[str, frozenset[str]] = {}

    def names(self, concept: Concept) -> frozenset[str]:
        own = frozenset(normalized_label(n) for n in concept.names)
        return own.union(*(self._lexicon_names(p, set()) for p in concept.subtype_of))

    def _lexicon_names(self, label: str, seen: set[str]) -> frozenset[str]:
        if label in self._cache:
            return self._cache[label]
        concept = self.lexicon.get(label)
        if concept is None or label in seen:
            return frozenset()
        seen.add(label)
        names = frozenset(normalized_label(n) for n in concept.names).union(
            *(self._lexicon_names(p, seen) for p in concept.subtype_of))
        self._cache[label] = names
        return names

    def finds(self, row: Row, facts: Iterable[Fact]) -> list[Fact]:
        """The facts that state ``row`` (same property, matching ends)."""
        hits = []
        for fact in facts:
            if fact.prop != row.prop:
                continue
            subj, obj = self.names(fact.subject), self.names(fact.obj)
            if (row.subject & subj and row.obj & obj) or (
                    row.prop in SYMMETRIC and row.subject & obj and row.obj & subj):
                hits.append(fact)
        return hits


@dataclass(slots=True)
class Harness:
    matcher: Matcher
    extract: Callable[[Path], list[Fact]]


@pytest.fixture(scope="session")
def harness() -> Harness:
    """The pipeline built once: one annotator and extractor serve every variant; each
    variant gets its own registry, as a build of that one file would."""
    lexicon = load_lexicon()
    extractor = Extractor(default_annotator())
    built: dict[Path, list[Fact]] = {}

    def extract(path: Path) -> list[Fact]:
        if path not in built:
            extraction = extractor.extract(read_document(path))
            built[path] = resolve_extraction(extraction, ConceptRegistry(lexicon)).facts
        return built[path]

    return Harness(Matcher(lexicon), extract)


def _outcome(harness: Harness, topic: str, variant: str, mark: str) -> list[str]:
    """``+`` rows missed, or ``-`` rows found (with the fact that states it)."""
    facts = harness.extract(PARAPHRASES / topic / variant)
    out = []
    for row in read_rows(PARAPHRASES / topic / "facts.tsv"):
        if row.mark != mark:
            continue
        hits = harness.matcher.finds(row, facts)
        if mark == "+" and not hits:
            out.append(str(row))
        elif mark == "-" and hits:
            fact = hits[0]
            out.append(f"{row} (as {fact.subject.label} {fact.prop} {fact.obj.label})")
    return out


# -- the suite is what the README says --------------------------------------------------

def test_every_topic_has_variants_and_facts():
    """A topic with one variant or no `+` row would pass without testing anything."""
    assert len(topics()) >= 10
    core = set(core_properties())
    for topic in topics():
        assert len(variants(topic)) >= 3, topic.name
        rows = read_rows(topic / "facts.tsv")
        assert any(r.mark == "+" for r in rows), topic.name
        assert {r.prop for r in rows} <= core, topic.name


def test_the_matcher_follows_names_subtypes_and_symmetry(harness: Harness):
    """The matching rules themselves, on lexicon concepts: a listed concept or a
    descendant matches, an ancestor does not, alternativeTo works both ways."""
    lexicon = harness.matcher.lexicon
    child = next(c for c in lexicon if c.subtype_of and lexicon.get(c.subtype_of[0]))
    parent = lexicon.get(child.subtype_of[0])
    assert parent is not None
    procedure = lexicon.get("carpal tunnel release")
    assert procedure is not None

    def row(prop: str, obj: Concept) -> Row:
        return Row("+", frozenset({normalized_label(procedure.label)}), prop,
                   frozenset({normalized_label(obj.names[-1])}), "")

    def fact(prop: str, subject: Concept, obj: Concept) -> Fact:
        return Fact(subject, prop, obj, "doc", "evidence")

    finds = harness.matcher.finds
    assert finds(row("treats", parent), [fact("treats", procedure, child)])
    assert not finds(row("treats", child), [fact("treats", procedure, parent)])
    assert not finds(row("causes", parent), [fact("treats", procedure, parent)])
    assert finds(row("alternativeTo", parent), [fact("alternativeTo", parent, procedure)])
    assert not finds(row("treats", parent), [fact("treats", parent, procedure)])


# -- the paraphrases ----------------------------------------------------------------------

@pytest.mark.parametrize(("topic", "variant"), _cases(MISSED, "misses"))
def test_every_variant_gives_the_must_find_facts(harness: Harness, topic: str, variant: str):
    """Every `+` row is stated in every variant, whatever its wording or format."""
    assert _outcome(harness, topic, variant, "+") == []


@pytest.mark.parametrize(("topic", "variant"), _cases(OVERREAD, "finds"))
def test_no_variant_gives_a_must_not_fact(harness: Harness, topic: str, variant: str):
    """Negations, risk factors, alternatives' facts and related links are traps."""
    assert _outcome(harness, topic, variant, "-") == []


def test_recall_report(harness: Harness, capsys: pytest.CaptureFixture[str]):
    """Per-topic and overall recall of `+` rows, printed; the overall is held above a
    floor so a broad regression fails here even if every case above is marked."""
    lines = []
    found = total = 0
    for topic in topics():
        plus = sum(r.mark == "+" for r in read_rows(topic / "facts.tsv"))
        missed = sum(len(_outcome(harness, topic.name, v.name, "+")) for v in variants(topic))
        wanted = plus * len(variants(topic))
        lines.append(f"  {topic.name:30} {wanted - missed:3}/{wanted:3} "
                     f"{(wanted - missed) / wanted:6.1%}")
        found, total = found + wanted - missed, total + wanted
    recall = found / total
    with capsys.disabled():
        print("\nparaphrase recall of + facts per topic:", *lines,
              f"  {'overall':30} {found:3}/{total:3} {recall:6.1%}", sep="\n")
    assert recall >= RECALL_FLOOR

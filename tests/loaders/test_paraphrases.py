"""The same facts, written differently, must give the same graph.

``tests/fixtures/paraphrases/`` holds short leaflets written for these tests: per topic,
3 or 4 variants (plain text, Markdown, a full web page, sometimes an FAQ or one
paragraph) that state the same core facts in other words, layouts and section names,
and ``facts.tsv`` listing them (see its README). A method that reads wording rather than
meaning passes one variant and fails the next, so every variant is run through the real
pipeline (reader, annotator, extractor, resolution, chained as ``pipeline.extract_all``
chains them) and compared with the list:

* every ``+`` row (stated explicitly in every variant) must be found in every variant;
* no ``-`` row (a negation, risk factor, contraindication, the alternative's facts, a
  related-articles link) may be found in any variant.

A row is found when an extracted fact has its property and ends whose names match the
row's names under the scorer's normalisation (:func:`normalized_label`), where the
object may also be a descendant of the listed concept (``subtype_of`` in the lexicon,
followed transitively): "deep infection" is an "infection". The subject must be the
listed concept itself: a fact about a sub-option ("percutaneous trigger finger release
uses a needle") is not a fact about the procedure the page contrasts it with, and the
README lists exactly such facts as traps. ``alternativeTo`` matches either way round.

What the extractor gets wrong today is listed in ``tests/fixtures/paraphrase_gaps.tsv``.
Those cases are ``xfail(strict=True)`` with the missed or over-read facts as reason, so
fixing a variant completely turns its case into a failure that asks for the mark to go;
``test_the_gap_list_is_current`` compares the list with the run both ways, so a partial
fix or a new miss is seen too (an xfail alone hides a variant that gets worse).
``test_recall_report`` prints per-topic and overall recall and holds a floor.

The machinery takes a :class:`Suite` (a folder of topics and its gap list), so the
held-out set (``tests/loaders/test_holdout.py``) runs through the same code.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
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
GAPS = FIXTURES / "paraphrase_gaps.tsv"
HEADER = ["mark", "subject", "property", "object", "note"]
GAP_HEADER = ["topic", "variant", "mark", "subject", "property", "object"]
MARKS = ("+", "-")
SYMMETRIC = frozenset({"alternativeTo"})
VARIANT_STEMS = ("a", "b", "c", "d")
# Overall recall of `+` rows over all variants must not fall below this (84% today).
RECALL_FLOOR = 0.82

Case = tuple[str, str]  # (topic folder, variant file name)


@dataclass(frozen=True, slots=True)
class Suite:
    """A folder of topics in the facts.tsv format and the list of its known gaps."""

    folder: Path
    gaps: Path


PARAPHRASE_SUITE = Suite(PARAPHRASES, GAPS)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of facts.tsv, names normalised as the scorer compares them; ``text`` is
    the row as "subject property object" with the preferred names."""

    mark: str
    subject: frozenset[str]
    prop: str
    obj: frozenset[str]
    text: str


def _names(cell: str) -> frozenset[str]:
    return frozenset(normalized_label(n) for n in cell.split("|") if n.strip())


def _preferred(*cells: str) -> str:
    return " ".join(cell.split("|")[0].strip() for cell in cells)


@cache
def read_rows(path: Path) -> tuple[Row, ...]:
    """The rows of one facts.tsv; a malformed file fails loudly, not as a silent miss."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == HEADER, f"{path}: header {reader.fieldnames}"
        rows = []
        for line, rec in enumerate(reader, start=2):
            assert rec["mark"] in MARKS, f"{path}:{line}: mark {rec['mark']!r}"
            rows.append(Row(rec["mark"], _names(rec["subject"]), rec["property"],
                            _names(rec["object"]),
                            _preferred(rec["subject"], rec["property"], rec["object"])))
    return tuple(rows)


@cache
def read_gaps(suite: Suite = PARAPHRASE_SUITE) -> dict[tuple[str, str, str], frozenset[str]]:
    """(topic, variant, mark) -> the row texts the extractor gets wrong there today."""
    gaps: dict[tuple[str, str, str], set[str]] = {}
    with suite.gaps.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == GAP_HEADER, f"{suite.gaps}: header {reader.fieldnames}"
        for rec in reader:
            key = (rec["topic"], rec["variant"], rec["mark"])
            gaps.setdefault(key, set()).add(
                _preferred(rec["subject"], rec["property"], rec["object"]))
    return {k: frozenset(v) for k, v in gaps.items()}


def topics(suite: Suite = PARAPHRASE_SUITE) -> list[Path]:
    return sorted(p for p in suite.folder.iterdir() if (p / "facts.tsv").is_file())


def variants(topic: Path) -> list[Path]:
    return sorted(p for p in topic.iterdir() if p.stem in VARIANT_STEMS and p.is_file())


def all_cases(suite: Suite = PARAPHRASE_SUITE) -> list[Case]:
    return [(t.name, v.name) for t in topics(suite) for v in variants(t)]


def case_params(mark: str, wrong: str, suite: Suite = PARAPHRASE_SUITE) -> list[object]:
    """One case per topic x variant, xfail where the gap list says it fails today."""
    params: list[object] = []
    for case in all_cases(suite):
        known = sorted(read_gaps(suite).get((*case, mark), ()))
        marks = [pytest.mark.xfail(strict=True, reason=f"{wrong}: {'; '.join(known)}")] \
            if known else []
        params.append(pytest.param(*case, marks=marks, id="/".join(case)))
    return params


# -- matching ----------------------------------------------------------------------------

def own_names(concept: Concept) -> frozenset[str]:
    """The concept's names as the graph gives them (label, synonyms, lay names)."""
    return frozenset(normalized_label(n) for n in concept.names)


class Matcher:
    """Matches extracted facts to rows: subjects by their own names, objects also by the
    names of every lexicon concept they are a subtype of."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._cache: dict[str, frozenset[str]] = {}

    def names(self, concept: Concept) -> frozenset[str]:
        """Own names and those of every lexicon concept above it by ``subtype_of``."""
        return own_names(concept).union(
            *(self._lexicon_names(p, set()) for p in concept.subtype_of))

    def _lexicon_names(self, label: str, seen: set[str]) -> frozenset[str]:
        if label in self._cache:
            return self._cache[label]
        concept = self.lexicon.get(label)
        if concept is None or label in seen:
            return frozenset()
        seen.add(label)
        names = own_names(concept).union(
            *(self._lexicon_names(p, seen) for p in concept.subtype_of))
        self._cache[label] = names
        return names

    def finds(self, row: Row, facts: Iterable[Fact]) -> list[Fact]:
        """The facts that state ``row`` (same property, matching ends)."""
        hits = []
        for fact in facts:
            if fact.prop != row.prop:
                continue
            if (row.subject & own_names(fact.subject) and row.obj & self.names(fact.obj)) or (
                    row.prop in SYMMETRIC and row.subject & own_names(fact.obj)
                    and row.obj & self.names(fact.subject)):
                hits.append(fact)
        return hits


@dataclass(slots=True)
class Harness:
    matcher: Matcher
    extract: Callable[[Path], list[Fact]]

    def wrong(self, topic: str, variant: str, mark: str,
              suite: Suite = PARAPHRASE_SUITE) -> dict[str, str]:
        """``+`` rows missed or ``-`` rows found in one variant: row text -> what
        the extractor stated instead ("" for a miss)."""
        facts = self.extract(suite.folder / topic / variant)
        out: dict[str, str] = {}
        for row in read_rows(suite.folder / topic / "facts.tsv"):
            if row.mark != mark:
                continue
            hits = self.matcher.finds(row, facts)
            if mark == "+" and not hits:
                out[row.text] = ""
            elif mark == "-" and hits:
                fact = hits[0]
                out[row.text] = f"as {fact.subject.label} {fact.prop} {fact.obj.label}"
        return out


@pytest.fixture(scope="session")
def harness() -> Harness:
    return build_harness()


@cache
def build_harness() -> Harness:
    """The pipeline built once (per process: the held-out suite shares it): one
    annotator and extractor serve every variant; each variant gets its own registry,
    as a build of that one file would."""
    lexicon = load_lexicon()
    extractor = Extractor(default_annotator())
    built: dict[Path, list[Fact]] = {}

    def extract(path: Path) -> list[Fact]:
        if path not in built:
            extraction = extractor.extract(read_document(path))
            built[path] = resolve_extraction(extraction, ConceptRegistry(lexicon)).facts
        return built[path]

    return Harness(Matcher(lexicon), extract)


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
        assert len({(r.mark, r.text) for r in rows}) == len(rows), f"{topic.name}: repeats"


def test_the_matcher_follows_names_subtypes_and_symmetry(harness: Harness):
    """The matching rules themselves, on lexicon concepts: the listed object or a
    descendant of it matches, an ancestor does not; a subject must be the listed one;
    alternativeTo works both ways."""
    lexicon = harness.matcher.lexicon
    child = next(c for c in lexicon if c.subtype_of and lexicon.get(c.subtype_of[0]))
    parent = lexicon.get(child.subtype_of[0])
    procedure = lexicon.get("carpal tunnel release")
    assert parent is not None and procedure is not None
    sub_option = next(c for c in lexicon if procedure.label in c.subtype_of)

    def row(prop: str, obj: Concept) -> Row:
        return Row("+", own_names(procedure), prop, frozenset({normalized_label(obj.names[-1])}),
                   "")

    def fact(prop: str, subject: Concept, obj: Concept) -> Fact:
        return Fact(subject, prop, obj, "doc", "evidence")

    finds = harness.matcher.finds
    assert finds(row("treats", parent), [fact("treats", procedure, child)])
    assert not finds(row("treats", child), [fact("treats", procedure, parent)])
    assert not finds(row("causes", parent), [fact("treats", procedure, parent)])
    assert not finds(row("treats", parent), [fact("treats", sub_option, parent)])
    assert finds(row("alternativeTo", parent), [fact("alternativeTo", parent, procedure)])
    assert not finds(row("treats", parent), [fact("treats", parent, procedure)])


# -- the paraphrases ----------------------------------------------------------------------

@pytest.mark.parametrize(("topic", "variant"), case_params("+", "misses"))
def test_every_variant_gives_the_must_find_facts(harness: Harness, topic: str, variant: str):
    """Every `+` row is stated in every variant, whatever its wording or format."""
    assert sorted(harness.wrong(topic, variant, "+")) == []


@pytest.mark.parametrize(("topic", "variant"), case_params("-", "finds"))
def test_no_variant_gives_a_must_not_fact(harness: Harness, topic: str, variant: str):
    """Negations, risk factors, alternatives' facts and related links are traps."""
    found = harness.wrong(topic, variant, "-")
    assert [f"{row} ({how})" for row, how in sorted(found.items())] == []


def test_the_gap_list_is_current(harness: Harness):
    """The gap list matches the run exactly: a fact newly missed (or newly over-read)
    is a regression, a listed gap now right is progress to record by deleting its line
    from paraphrase_gaps.tsv. Either way the xfail marks would not show it."""
    assert gap_list_diff(harness) == {}


def gap_list_diff(harness: Harness, suite: Suite = PARAPHRASE_SUITE) -> dict[str, list[str]]:
    """How the run differs from the suite's gap list (empty when it is current)."""
    cases = set(all_cases(suite))
    gaps = read_gaps(suite)
    assert {(t, v) for t, v, _ in gaps} <= cases, f"{suite.gaps} names unknown variants"
    diff: dict[str, list[str]] = {}
    for case in sorted(cases):
        for mark in MARKS:
            now = set(harness.wrong(*case, mark, suite))
            listed = gaps.get((*case, mark), frozenset())
            for text in sorted(now - listed):
                diff.setdefault("not listed (regression)", []).append(f"{case} {mark} {text}")
            for text in sorted(listed - now):
                diff.setdefault("listed but now right", []).append(f"{case} {mark} {text}")
    return diff


def test_recall_report(harness: Harness, capsys: pytest.CaptureFixture[str]):
    """Per-topic and overall recall of `+` rows, printed; the overall is held above a
    floor so a broad regression fails here even while the gap list is being updated."""
    lines = []
    found = total = 0
    for topic in topics():
        plus = sum(r.mark == "+" for r in read_rows(topic / "facts.tsv"))
        wanted = plus * len(variants(topic))
        missed = sum(len(harness.wrong(topic.name, v.name, "+")) for v in variants(topic))
        lines.append(f"  {topic.name:30} {wanted - missed:3}/{wanted:3} "
                     f"{(wanted - missed) / wanted:6.1%}")
        found, total = found + wanted - missed, total + wanted
    recall = found / total
    with capsys.disabled():
        print("\nparaphrase suite, recall of + facts per topic (all variants):", *lines,
              f"  {'overall':30} {found:3}/{total:3} {recall:6.1%}", sep="\n")
    assert recall >= RECALL_FLOOR


def write_gaps(harness: Harness, suite: Suite = PARAPHRASE_SUITE) -> int:
    """Rewrite the suite's gap list from a run; review the diff before committing it."""
    lines = ["\t".join(GAP_HEADER)]
    for topic, variant in all_cases(suite):
        with (suite.folder / topic / "facts.tsv").open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        for mark in MARKS:
            wrong = harness.wrong(topic, variant, mark, suite)
            for rec in records:
                cells = [rec[k].split("|")[0].strip() for k in ("subject", "property", "object")]
                if rec["mark"] == mark and " ".join(cells) in wrong:
                    lines.append("\t".join([topic, variant, mark, *cells]))
    suite.gaps.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


if __name__ == "__main__":  # .venv/bin/python -m tests.loaders.test_paraphrases
    print(f"{write_gaps(build_harness())} gaps written to {GAPS}")

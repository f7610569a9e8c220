"""Extraction on a third set of leaflets nobody here has tuned on.

The loaders have been fixed against the paraphrase suite and both earlier held-out sets
(:mod:`tests.loaders.test_holdout`, :mod:`tests.loaders.test_holdout2`), so none of them
says any more how extraction does on an unseen page. ``tests/fixtures/holdout3/`` holds
ten further topics in the same format (see its README), written blind and committed
before the first run; that run is analysed in ``tests/fixtures/holdout3/ANALYSIS.md``.

The machinery is the paraphrase suite's, through the first held-out set's figures
(:func:`tests.loaders.test_holdout.measure`): every ``+`` row must be found in every
variant, no ``-`` row in any; today's failures are strict xfails from
``tests/fixtures/holdout3_gaps.tsv`` and ``test_the_gap_list_is_current`` compares that
list with the run both ways. Regenerate the list after a loader change with
``.venv/bin/python -m tests.loaders.test_holdout3`` (it also prints the report).
"""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from tests.loaders.test_holdout import (
    HOLDOUT_SUITE,
    assert_new_and_complete,
    measure,
    report,
)
from tests.loaders.test_holdout2 import HOLDOUT2_SUITE
from tests.loaders.test_paraphrases import (
    PARAPHRASE_SUITE,
    Harness,
    Suite,
    build_harness,
    case_params,
    gap_list_diff,
    write_gaps,
)

HOLDOUT3_SUITE = Suite(FIXTURES / "holdout3", FIXTURES / "holdout3_gaps.tsv")
# Overall recall of `+` rows over all variants must not fall below this: a little under
# the first (and only tuning-free) run on the branch's base commit, see ANALYSIS.md. It
# catches a broad regression; the gap list catches the rest. First run: 424 of 681 (62.3%),
# 32 of 201 traps found; 514 (75.5%) and 28 traps after the fixes its analysis led to
# (ANALYSIS.md, "After the fixes"), which this floor now keeps.
RECALL_FLOOR = 0.72


@pytest.fixture(scope="module")
def harness() -> Harness:
    return build_harness()


# -- the set is what its README says ------------------------------------------------------

def test_every_topic_is_new_and_complete() -> None:
    """Shared with neither the paraphrases nor the two earlier held-out sets."""
    assert_new_and_complete(HOLDOUT3_SUITE, PARAPHRASE_SUITE, HOLDOUT_SUITE, HOLDOUT2_SUITE)


# -- the leaflets -------------------------------------------------------------------------

@pytest.mark.parametrize(("topic", "variant"), case_params("+", "misses", HOLDOUT3_SUITE))
def test_every_variant_gives_the_must_find_facts(harness: Harness, topic: str,
                                                 variant: str) -> None:
    """Every `+` row is stated in every variant, whatever its wording or format."""
    assert sorted(harness.wrong(topic, variant, "+", HOLDOUT3_SUITE)) == []


@pytest.mark.parametrize(("topic", "variant"), case_params("-", "finds", HOLDOUT3_SUITE))
def test_no_variant_gives_a_must_not_fact(harness: Harness, topic: str, variant: str) -> None:
    """Negations, risk factors, contraindications, causes of the condition, the
    alternative's or sub-option's facts, an earlier operation, a device warning and
    related-articles links are traps."""
    found = harness.wrong(topic, variant, "-", HOLDOUT3_SUITE)
    assert [f"{row} ({how})" for row, how in sorted(found.items())] == []


def test_the_gap_list_is_current(harness: Harness) -> None:
    """The gap list matches the run exactly: a new miss is a regression, a listed gap
    now right is progress to record by deleting its line from holdout3_gaps.tsv."""
    assert gap_list_diff(harness, HOLDOUT3_SUITE) == {}


def test_recall_report(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    """Recall by topic and property, printed; the overall is held above a floor."""
    figures = measure(harness, HOLDOUT3_SUITE)
    with capsys.disabled():
        print("", "(third held-out set)", *report(figures), sep="\n")
    assert figures.recall >= RECALL_FLOOR


if __name__ == "__main__":  # .venv/bin/python -m tests.loaders.test_holdout3
    built = build_harness()
    print(f"{write_gaps(built, HOLDOUT3_SUITE)} gaps written to {HOLDOUT3_SUITE.gaps}")
    print(*report(measure(built, HOLDOUT3_SUITE)), sep="\n")

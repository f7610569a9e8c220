"""The tests every later held-out suite runs, made once for each suite.

The second and third held-out sets (and any after them) are checked the same way: new
topics only, every `+` row found and no `-` row in every variant (today's failures strict
xfails from the suite's gap list), the gap list current, recall above a floor. A suite's
module calls :func:`suite_tests` and puts the returned tests in its namespace, where
pytest collects them; ``python -m`` on the module calls :func:`regenerate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.loaders.test_holdout import assert_new_and_complete, measure, report
from tests.loaders.test_paraphrases import (
    Harness,
    Suite,
    build_harness,
    case_params,
    gap_list_diff,
    write_gaps,
)

__all__ = ["regenerate", "suite_tests"]


def suite_tests(suite: Suite, earlier: tuple[Suite, ...], floor: float,
                label: str) -> dict[str, Callable[..., Any]]:
    """The harness fixture and the tests of ``suite`` (``earlier``: the suites its topics
    must not repeat; ``floor``: the lowest overall recall it may fall to)."""

    @pytest.fixture(scope="module")
    def harness() -> Harness:
        return build_harness()

    def test_every_topic_is_new_and_complete() -> None:
        """Shared with no earlier suite."""
        assert_new_and_complete(suite, *earlier)

    @pytest.mark.parametrize(("topic", "variant"), case_params("+", "misses", suite))
    def test_every_variant_gives_the_must_find_facts(harness: Harness, topic: str,
                                                     variant: str) -> None:
        """Every `+` row is stated in every variant, whatever its wording or format."""
        assert sorted(harness.wrong(topic, variant, "+", suite)) == []

    @pytest.mark.parametrize(("topic", "variant"), case_params("-", "finds", suite))
    def test_no_variant_gives_a_must_not_fact(harness: Harness, topic: str,
                                              variant: str) -> None:
        """Negations, risk factors, contraindications, causes of the condition, the
        alternative's or sub-option's facts, an earlier operation and related-articles
        links are traps."""
        found = harness.wrong(topic, variant, "-", suite)
        assert [f"{row} ({how})" for row, how in sorted(found.items())] == []

    def test_the_gap_list_is_current(harness: Harness) -> None:
        """The gap list matches the run exactly: a new miss is a regression, a listed gap
        now right is progress to record by deleting its line from the gap list."""
        assert gap_list_diff(harness, suite) == {}

    def test_recall_report(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
        """Recall by topic and property, printed; the overall is held above a floor."""
        figures = measure(harness, suite)
        with capsys.disabled():
            print("", f"({label})", *report(figures), sep="\n")
        assert figures.recall >= floor

    return {f.__name__: f for f in (
        harness, test_every_topic_is_new_and_complete,
        test_every_variant_gives_the_must_find_facts, test_no_variant_gives_a_must_not_fact,
        test_the_gap_list_is_current, test_recall_report)}


def regenerate(suite: Suite) -> None:
    """Write the suite's gap list from a fresh run and print its figures."""
    built = build_harness()
    print(f"{write_gaps(built, suite)} gaps written to {suite.gaps}")
    print(*report(measure(built, suite)), sep="\n")

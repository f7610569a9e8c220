"""Extraction on a second set of leaflets nobody here has tuned on.

The loaders have been fixed against the paraphrase suite and then against the first
held-out set (:mod:`tests.loaders.test_holdout`), so neither says any more how
extraction does on an unseen page. ``tests/fixtures/holdout2/`` holds ten further topics
in the same format (see its README), written blind and committed before the first run;
that run is analysed in ``tests/fixtures/holdout2/ANALYSIS.md``.

The tests are :func:`tests.loaders.heldout_suite.suite_tests`, on the paraphrase suite's
machinery and the first held-out set's figures (:func:`tests.loaders.test_holdout.measure`):
every ``+`` row must be found in every
variant, no ``-`` row in any; today's failures are strict xfails from
``tests/fixtures/holdout2_gaps.tsv`` and ``test_the_gap_list_is_current`` compares that
list with the run both ways. Regenerate the list after a loader change with
``.venv/bin/python -m tests.loaders.test_holdout2`` (it also prints the report).
"""

from __future__ import annotations

from tests.conftest import FIXTURES
from tests.loaders.heldout_suite import regenerate, suite_tests
from tests.loaders.test_holdout import HOLDOUT_SUITE
from tests.loaders.test_paraphrases import PARAPHRASE_SUITE, Suite

HOLDOUT2_SUITE = Suite(FIXTURES / "holdout2", FIXTURES / "holdout2_gaps.tsv")
# Overall recall of `+` rows over all variants must not fall below this: a little under
# the first (and only tuning-free) run on the branch's base commit, see ANALYSIS.md. It
# catches a broad regression; the gap list catches the rest. First run: 429 of 663 (64.7%);
# 441 (66.5%) once the wrist page's own title wording was added to its subject names;
# 565 (85.2%) after the fixes its analysis led to; 575 (86.7%) after the third set's
# round, which this floor now keeps.
RECALL_FLOOR = 0.85

globals().update(suite_tests(HOLDOUT2_SUITE, (PARAPHRASE_SUITE, HOLDOUT_SUITE), RECALL_FLOOR,
                             "second held-out set"))


if __name__ == "__main__":  # .venv/bin/python -m tests.loaders.test_holdout2
    regenerate(HOLDOUT2_SUITE)

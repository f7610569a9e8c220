"""Extraction quality on the seed corpus, measured by the shared scorer.

The loaders are tuned by method, not by sentence; this test keeps that work from
silently sliding back (F1 below 0.85, or any fact the gold marks as forbidden).
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import SHARED, require_shared


def _score(kg_file, *extra: str) -> str:
    scorer = require_shared(SHARED / "eval" / "score.py")
    gold = require_shared(SHARED / "gold" / "seeds.tsv")
    done = subprocess.run([sys.executable, str(scorer), str(kg_file), str(gold), *extra],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_seed_f1_and_no_forbidden_fact(seed_kg_file):
    out = _score(seed_kg_file)
    f1 = float(re.search(r"F1 ([0-9.]+)\s*$", out).group(1))
    forbidden = int(re.search(r"forbidden (\d+)", out).group(1))
    provenance = re.search(r"with provenance (\d+)%", out).group(1)
    assert forbidden == 0, out
    assert provenance == "100", out
    assert f1 >= 0.85, out


def test_seed_quantities_f1(seed_kg_file):
    gold_q = require_shared(SHARED / "gold" / "seeds-quantities.tsv")
    out = _score(seed_kg_file, "--quantities", str(gold_q))
    f1 = float(re.search(r"quantities: .* F1 ([0-9.]+)", out).group(1))
    assert f1 >= 0.75, out

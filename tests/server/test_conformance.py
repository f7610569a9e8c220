"""The W3C SPARQL 1.1 Protocol tests (``../shared/conformance/protocol_check.py``)
against a real ``orthokg serve`` with updates on: all 34 must pass.

The checker's update tests run ``DROP ALL``, so the server gets a throw-away copy of a
small file in memory; the checker loads the dataset tests' graphs itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SHARED, require_shared
from tests.server.conftest import TOKEN
from tests.server.live import wait_healthy
from tests.server.process import serving

CHECKER = SHARED / "conformance" / "protocol_check.py"


def test_protocol_suite_passes_34_of_34(tmp_path: Path) -> None:
    checker = require_shared(CHECKER)
    data = tmp_path / "scratch.nt"
    data.write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")
    with serving("--allow-update", "--timeout", "20", log_dir=tmp_path, data=["--kg", str(data)],
                 env={"ORTHOKG_UPDATE_TOKEN": TOKEN}) as live:
        wait_healthy(live.base, workers=1)
        done = subprocess.run(
            [sys.executable, str(checker), live.sparql, "--update-url", live.sparql,
             "--load-data", "--header", f"Authorization: Bearer {TOKEN}"],
            capture_output=True, text=True, timeout=300)
    failures = [line for line in done.stdout.splitlines() if not line.startswith("PASS")]
    assert done.stdout.splitlines()[-1] == "34 passed, 0 failed, 0 skipped", failures
    assert done.returncode == 0

"""The ``orthokg`` entry point: a usage mistake is a short message and exit code 2."""

from __future__ import annotations

import pytest

from orthokg.cli.app import main


@pytest.mark.parametrize(("argv", "message"), [
    (["query", "documents", "-g", "kg.ttl"], "No such option: -g"),
    (["serve", "kg.ttl"], "unexpected extra argument"),
    (["reason", "-r", "owlrl"], "Missing option"),
    (["export", "--kg", "kg.ttl", "--format", "xls"], "Invalid value"),
])
def test_usage_error_is_a_message_not_a_traceback(argv: list[str], message: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err

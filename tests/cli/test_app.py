"""The ``orthokg`` entry point: a usage mistake is a short message and exit code 2."""

from __future__ import annotations

import pytest

from orthokg.cli.app import COMMANDS, main


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


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import orthokg

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"orthokg {orthokg.__version__}"


def test_the_command_list_imports_no_command() -> None:
    """``orthokg --help`` lists the commands without loading rdflib, spaCy or pyshacl:
    the cold start a user waits for on every mistyped command."""
    import subprocess
    import sys

    probe = ("import sys; from orthokg.cli.app import main; main(['--help']); "
             "print(sorted(m for m in ('rdflib', 'spacy', 'pyshacl', 'owlready2', "
             "'orthokg.cli.build') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stderr.strip() == "[]"
    assert "build" in done.stdout and "serve" in done.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_listed_summary_is_in_the_commands_own_help(
        name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([name, "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert " ".join(COMMANDS[name].summary.split()) in help_text
    assert "<bool>" not in help_text and "<list[" not in help_text and "<path>" not in help_text


def test_no_arguments_shows_the_help_and_no_empty_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    captured = capsys.readouterr()
    assert "build" in captured.out + captured.err and "error" not in captured.err

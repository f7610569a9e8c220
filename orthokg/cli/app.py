"""The ``orthokg`` command: a thin typer layer over the library.

Each command group lives in its own module exposing ``register(app)``; this file only
assembles them and turns :class:`~orthokg.errors.OrthoKGError` into one line on stderr
and its exit code (``--verbose`` keeps the traceback).
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console

from orthokg.errors import OrthoKGError

COMMAND_MODULES = ("build", "query", "push", "serve", "reason", "validate", "export",
                   "release")

app = typer.Typer(
    name="orthokg",
    help="OrthoKG: orthopaedic patient-information documents to an OWL knowledge graph, "
         "queried with SPARQL.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True)
_state = {"verbose": False}


@app.callback()
def _options(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks on errors."),
) -> None:
    _state["verbose"] = verbose


for _name in COMMAND_MODULES:
    importlib.import_module(f"orthokg.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    try:
        code = app(args=argv, standalone_mode=False)
    except OrthoKGError as exc:
        if _state["verbose"]:
            err.print_exception()
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", getattr(exc, "code", 0))
        return int(code or 0)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        # typer vendors click (typer._click), so these are not click.ClickException (the
        # old catch let them through as tracebacks); each is typer's ClickException, whose
        # show() the TyperException base does not declare (the ignore below).
        exc.show()  # type: ignore[attr-defined]
        return exc.exit_code
    except typer.Abort:
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())

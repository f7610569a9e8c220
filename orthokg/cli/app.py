"""The ``orthokg`` command: a thin typer layer over the library.

Each command group lives in its own module exposing ``register(app)``; this file only
assembles them and turns :class:`~orthokg.errors.OrthoKGError` into one line on stderr
and its exit code (``--verbose`` keeps the traceback).

A command's module is imported only when that command runs or shows its help: the
modules pull in rdflib, pyshacl, owlready2 and the like, and ``orthokg --help`` (or a
mistyped option) should not wait for all of them. The list of commands therefore names
each one's module and its one-line summary (a test checks that the summary is the first
line of the command's own help). Every command also takes ``--verbose`` after its name,
and every option's value is shown by a word (``PATH``, ``INTEGER``) instead of typer's
``<list[Path]>``.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import typer
import typer._click as click
import typer.main
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from orthokg.errors import OrthoKGError


@dataclass(frozen=True, slots=True)
class CommandEntry:
    """Where a command lives and what the command list says about it."""

    module: str
    summary: str


COMMANDS: dict[str, CommandEntry] = {
    "build": CommandEntry("orthokg.cli.build", "Build the knowledge graph from documents."),
    "queries": CommandEntry("orthokg.cli.query",
                            "List the catalogue of named queries: name, question, parameters."),
    "query": CommandEntry("orthokg.cli.query",
                          "Run a named query, a .rq file or SPARQL text and print the rows."),
    "validate": CommandEntry("orthokg.cli.validate",
                             "Validate a graph with shapes.ttl and every *-violation.rq rule."),
    "reason": CommandEntry("orthokg.cli.reason", "Reason over a graph: check consistency, "
                                                 "write the inferred triples, list members."),
    "export": CommandEntry("orthokg.cli.export",
                           "Write the knowledge graph in another RDF format."),
    "docs": CommandEntry("orthokg.cli.export",
                         "Generate the ontology documentation (HTML) from the TBox with pyLODE."),
    "serve": CommandEntry("orthokg.cli.serve", "Serve the graph over HTTP: SPARQL endpoint, "
                                               "query page, concept and document pages."),
    "push": CommandEntry("orthokg.cli.push", "Load a built graph into a SPARQL 1.1 store."),
    "release": CommandEntry("orthokg.cli.release", "Build the graph once and write every "
                                                   "release artefact into a directory."),
}

err = Console(stderr=True)
INTERRUPTED = 130  # 128 + SIGINT, as shells report it
_state = {"verbose": False}


def _set_verbose(_ctx: Any, _param: Any, value: bool) -> bool:
    _state["verbose"] = _state["verbose"] or bool(value)
    return value


def _verbose_option() -> Any:
    """A fresh ``--verbose/-v`` option that sets the flag and passes nothing on."""
    holder = typer.Typer()

    @holder.command()
    def _holder(verbose: bool = typer.Option(
            False, "--verbose", "-v", help="Show tracebacks on errors.")) -> None:
        """Only here to make the option."""

    param = typer.main.get_command(holder).params[0]
    param.expose_value = False
    param.callback = _set_verbose
    param.is_eager = True
    param.metavar = ""
    return param


# typer's type labels, as shown between angle brackets, and the word shown instead.
_WORDS = {"bool": "", "path": "PATH", "Path": "PATH", "int": "INTEGER", "float": "NUMBER",
          "str": "TEXT"}


def _metavar(label: str) -> str:
    """``<list[Path]>`` -> ``PATH``; ``<bool>`` -> nothing; ``<a|b>`` -> ``[a|b]``.

    >>> [_metavar(t) for t in ("<list[Path]>", "<bool>", "<int>", "<ttl|nt>")]
    ['PATH', '', 'INTEGER', '[ttl|nt]']
    """
    inner = label.strip("<>")
    if inner.startswith("list[") and inner.endswith("]"):
        inner = inner[5:-1]
    return _WORDS.get(inner, f"[{inner}]" if "|" in inner else inner.upper())


def _quiet_help_option(command: Any, ctx: Any) -> None:
    """``--help`` takes no value, so its help shows none."""
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.metavar = ""


def _readable(command: Any) -> None:
    """Words for every value placeholder in ``command``'s help, and ``--verbose``."""
    ctx = click.Context(command)  # a context only to ask for type labels
    _quiet_help_option(command, ctx)
    for param in command.params:
        if not hasattr(param, "display_type"):
            continue
        word = _metavar(param.display_type(ctx))
        if param.param_type_name == "argument":  # its name is shown, then its type
            shown = word + ("..." if param.nargs != 1 else "")
            param.metavar = param.metavar or param.name.upper()
            param.display_type_rich = lambda ctx, shown=shown: shown
        elif param.metavar is None:
            param.metavar = word
    taken = {opt for param in command.params for opt in param.opts}
    if "--verbose" not in taken:
        verbose = _verbose_option()
        verbose.opts = [o for o in verbose.opts if o not in taken]
        command.params.append(verbose)


class LazyGroup(TyperGroup):
    """The root command: subcommands are imported on first use (module docstring)."""

    _listing = False
    _loaded: dict[str, Any] = {}  # noqa: RUF012 - one process, one set of commands

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if self._listing:  # the command list needs only names and summaries
            return TyperCommand(name=cmd_name, short_help=entry.summary)
        if cmd_name not in self._loaded:
            holder = typer.Typer()
            importlib.import_module(entry.module).register(holder)
            command = typer.main.get_group(holder).commands[cmd_name]
            _readable(command)
            self._loaded[cmd_name] = command
        return self._loaded[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        LazyGroup._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            LazyGroup._listing = False


app = typer.Typer(
    name="orthokg",
    cls=LazyGroup,
    help="OrthoKG: orthopaedic patient-information documents to an OWL knowledge graph, "
         "queried with SPARQL.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        from orthokg import __version__

        typer.echo(f"orthokg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks on errors."),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                 help="Print the version and exit."),
) -> None:
    _state["verbose"] = _state["verbose"] or verbose


def _root() -> Any:
    """The click group typer makes of ``app``, with readable placeholders."""
    root = typer.main.get_command(app)
    _quiet_help_option(root, click.Context(root))
    for param in root.params:
        if param.metavar is None:
            param.metavar = ""
    return root


def _usage_error(exc: Any) -> int:
    """A usage mistake as one line: what is wrong and where to read how it is done."""
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "orthokg"
    if not exc.format_message().strip():  # no arguments: the help was shown instead
        return int(exc.exit_code)
    err.print(f"[bold red]error:[/] {where}: ", end="")
    err.print(exc.format_message(), markup=False, highlight=False, soft_wrap=True, end="")
    err.print(f" (see '{where} --help')", markup=False, highlight=False)
    return int(exc.exit_code)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    _state["verbose"] = False
    run: Callable[..., Any] = _root().main
    try:
        code = run(args=argv, prog_name="orthokg", standalone_mode=False)
    except OrthoKGError as exc:
        if _state["verbose"]:
            err.print_exception()
        err.print("[bold red]error:[/] ", end="")
        err.print(str(exc), highlight=False, markup=False, soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return INTERRUPTED
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", getattr(exc, "code", 0))
        if code == INTERRUPTED:
            err.print("interrupted")
        return int(code or 0)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        # typer vendors click (typer._click), so these are not click.ClickException; each
        # is typer's ClickException (format_message, exit_code).
        return _usage_error(exc)
    except typer.Abort:
        return 1
    if code == INTERRUPTED:  # typer turns Ctrl-C into this code, without a word
        err.print("interrupted")
    return code if isinstance(code, int) else 0


def run() -> NoReturn:
    """The console script: :func:`main`, then exit without the garbage collector's last
    walk over every object the command made (the lexicon, a store's state: a fifth of a
    second at the end of a rebuild that took under two). Objects are still freed and
    exit handlers still run; only cycles, which outputs never rely on (every file is
    written and closed inside its command), are left to the operating system."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()

"""Placeholder: the `validate` command group is being written."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the command(s) of this group to app."""

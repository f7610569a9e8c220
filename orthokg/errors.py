"""Errors OrthoKG raises on purpose.

The CLI maps each class to an exit code and one line naming the input and what is
wrong; anything else is a bug and keeps its traceback (shown with ``--verbose``).
"""

from __future__ import annotations


class OrthoKGError(Exception):
    """Base of every error the tool reports to a user as one clear line."""

    exit_code = 1


class DocumentError(OrthoKGError):
    """A document cannot be read: missing, empty, binary, wrong encoding, too large."""

    exit_code = 2

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class LexiconError(OrthoKGError):
    """A lexicon or rule file is malformed; the message names file, line and key."""

    exit_code = 3


class QueryError(OrthoKGError):
    """A SPARQL query is unknown, does not parse, lacks a parameter or fails to run."""

    exit_code = 4


class ValidationError(OrthoKGError):
    """The graph breaks a SHACL shape or a ``*-violation.rq`` rule."""

    exit_code = 5


class ReasoningError(OrthoKGError):
    """The reasoner failed or found the ontology inconsistent."""

    exit_code = 6


class StoreError(OrthoKGError):
    """The store or a remote endpoint cannot be opened, read or written."""

    exit_code = 7

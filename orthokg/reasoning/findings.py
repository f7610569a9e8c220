"""The validation report: one finding per offending node, readable and machine-usable.

SHACL results and ``*-violation.rq`` rows end up in the same shape so that the CLI, the
build and the tests treat both sources alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib.term import Node

from orthokg.reasoning.names import curie, shorten

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    """One problem: which check found it, at which node, and what is wrong."""

    check: str
    node: Node
    message: str
    severity: str = "Violation"
    value: Node | None = None
    detail: str = ""

    def describe(self) -> str:
        """One line: severity, check, offending node (and value), message, evidence.

        >>> from orthokg.ontology.vocab import OKGR
        >>> Finding("ConceptShape", OKGR.x, "concept has no rdfs:label").describe()
        'Violation [ConceptShape] okgr:x: concept has no rdfs:label'
        """
        where = curie(self.node) + (f" -> {curie(self.value)}" if self.value is not None else "")
        extra = f" ({shorten(self.detail)})" if self.detail else ""
        return f"{self.severity} [{self.check}] {where}: {self.message}{extra}"


@dataclass
class ValidationReport:
    """All findings of a validation run; ``conforms`` ignores warnings."""

    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def violations(self) -> list[Finding]:
        """Findings of severity Violation: these fail a build."""
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that are worth a look but do not fail a build."""
        return [f for f in self.findings if f.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        """True when no finding is a Violation."""
        return not self.violations

    def nodes(self) -> set[Node]:
        """Every node named by a violation (for tests and tooling)."""
        return {f.node for f in self.violations} | {
            f.value for f in self.violations if f.value is not None}

    def __str__(self) -> str:
        return self.format()

    def format(self) -> str:
        """The findings, violations first, one per line, with a closing count."""
        order = sorted(self.findings, key=lambda f: (SEVERITIES.index(f.severity)
                                                     if f.severity in SEVERITIES else 9,
                                                     f.check, str(f.node)))
        lines = [f.describe() for f in order]
        lines.append(f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)

"""The classpath of Debian's OWL API: ``libowlapi-java`` and the jars it needs.

We use the distribution's ``libowlapi-java`` rather than a downloaded jar. Its jars carry
no ``Class-Path`` manifest, so the classpath is read from the package database: the jars
of ``libowlapi-java`` and of the Java packages it depends on, two levels deep (deeper,
Debian's Java packages drag in build tooling such as maven and plexus that the OWL API
never loads). ``ORTHOKG_OWLAPI_CLASSPATH`` overrides the discovery on systems without
dpkg.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from orthokg.errors import OrthoKGError

__all__ = ["CLASSPATH_ENV", "OWLAPI_PACKAGE", "OwlApiUnavailable", "owlapi_classpath"]

OWLAPI_PACKAGE = "libowlapi-java"
JAVA_DIR = Path("/usr/share/java")
CLASSPATH_ENV = "ORTHOKG_OWLAPI_CLASSPATH"
_DEPTH = 2
# SLF4J picks one binding; several print warnings. slf4j-nop keeps the report clean.
_SLF4J_BINDING = re.compile(r"^slf4j-(simple|jdk14|log4j12|jcl|migrator)\b|slf4j-provider")
_JAVA_PACKAGE = re.compile(r"^lib[a-z0-9.+-]*-java$")
_VERSIONED = re.compile(r"-\d[\w.~+-]*\.jar$")


class OwlApiUnavailable(OrthoKGError):
    """Java or the OWL API jars are missing; the message says what to install."""

    exit_code = 8


def _package_depends(package: str) -> tuple[bool, list[str]]:
    """Whether ``package`` is installed, and the names in its ``Depends`` field."""
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f", "${db:Status-Status}\n${Depends}", package],
            capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return False, []
    if done.returncode != 0:
        return False, []
    status, _, depends = done.stdout.partition("\n")
    names = [alt.strip().split(" ")[0].split(":")[0]
             for group in depends.split(",") for alt in group.split("|")]
    return status == "installed", [n for n in names if n]


def _package_jars(package: str) -> list[Path]:
    """Jars a Debian package installs under /usr/share/java, unversioned names first.

    Debian installs ``guava-31.1-jre.jar`` plus a ``guava.jar`` link to it; listing the
    link first makes the classpath survive a package upgrade.
    """
    done = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True,
                          check=False)
    jars = [Path(line) for line in done.stdout.splitlines()
            if line.startswith(f"{JAVA_DIR}/") and line.endswith(".jar")]
    return sorted(jars, key=lambda j: (bool(_VERSIONED.search(j.name)), j.name))


def _dependency_packages(root: str) -> list[str]:
    """``root`` and the installed Java packages it depends on, to ``_DEPTH`` levels."""
    installed, depends = _package_depends(root)
    if not installed:
        return []
    found, frontier = [root], depends
    for _ in range(_DEPTH):
        nxt: list[str] = []
        for name in frontier:
            if name in found or not _JAVA_PACKAGE.match(name):
                continue
            ok, deps = _package_depends(name)
            if ok:
                found.append(name)
                nxt.extend(deps)
        frontier = nxt
    return found


def _keep(jars: Iterable[Path]) -> list[Path]:
    """One path per jar file, without extra SLF4J bindings or the split owlapi modules."""
    seen: set[Path] = set()
    kept: list[Path] = []
    names = {j.name for j in jars}
    for jar in jars:
        real = jar.resolve()
        if real in seen or _SLF4J_BINDING.search(jar.name):
            continue
        # owlapi-distribution bundles every owlapi module; the split jars only duplicate it.
        if ("owlapi-distribution.jar" in names and jar.name.startswith("owlapi-")
                and jar.name != "owlapi-distribution.jar"):
            continue
        seen.add(real)
        kept.append(jar)
    return kept


def owlapi_classpath() -> list[Path]:
    """Jars needed to compile and run ``CheckOntology``, OWL API first.

    Raises :class:`OwlApiUnavailable` when the jars cannot be found.
    """
    override = os.environ.get(CLASSPATH_ENV)
    if override:
        kept = [Path(p) for p in override.split(os.pathsep) if p]
    else:
        jars = [j for pkg in _dependency_packages(OWLAPI_PACKAGE) for j in _package_jars(pkg)]
        kept = _keep(jars)
    if not any(j.name.startswith("owlapi") and j.is_file() for j in kept):
        raise OwlApiUnavailable(
            f"OWL API jars not found: install the Debian package {OWLAPI_PACKAGE} "
            f"(scripts/install-system-deps.sh) or set {CLASSPATH_ENV}")
    return kept

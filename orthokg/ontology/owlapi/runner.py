"""Compile ``CheckOntology.java`` and run it on an exported ontology file.

The OWL API is the reader Protégé, HermiT and ROBOT share, so an export it loads without
dropped triples, undeclared entities or OWL 2 DL violations is one those tools read as
we meant. The Java source ships in this package and is compiled on demand (by the tests,
once per session) against the classpath of :mod:`~orthokg.ontology.owlapi.classpath`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from orthokg.ontology.owlapi.classpath import OwlApiUnavailable, owlapi_classpath

__all__ = ["CHECKER_CLASS", "OwlCheckResult", "check_ontology", "checker_source",
           "compile_checker"]

CHECKER_CLASS = "CheckOntology"


@dataclass(frozen=True)
class OwlCheckResult:
    """What ``CheckOntology`` printed and whether every check passed."""

    returncode: int
    report: str

    @property
    def passed(self) -> bool:
        """True when the file loaded and every check passed (exit code 0)."""
        return self.returncode == 0


def checker_source() -> Path:
    """Path of ``CheckOntology.java`` shipped in this package."""
    return Path(str(resources.files("orthokg.ontology.owlapi") / f"{CHECKER_CLASS}.java"))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise OwlApiUnavailable(f"{name} not found: install a JDK 17 (default-jdk-headless)")
    return path


def compile_checker(out_dir: Path, classpath: Sequence[Path] | None = None) -> Path:
    """Compile ``CheckOntology.java`` into ``out_dir``; returns the directory of classes."""
    cp = classpath if classpath is not None else owlapi_classpath()
    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [_tool("javac"), "-nowarn", "-d", str(out_dir), "-cp", os.pathsep.join(map(str, cp)),
         str(checker_source())],
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise OwlApiUnavailable(f"javac failed on {checker_source()}:\n{done.stderr}")
    return out_dir


def check_ontology(
    path: Path,
    classes_dir: Path,
    *,
    min_annotated_axioms: int = 0,
    label_prefixes: Sequence[str] = (),
    label_exempt: Sequence[str] = (),
    roundtrip: Path | None = None,
    catalog: Path | None = None,
    classpath: Sequence[Path] | None = None,
    timeout: float = 300.0,
) -> OwlCheckResult:
    """Run the compiled checker on ``path`` (RDF/XML, or Turtle when it ends in ``.ttl``).

    ``label_prefixes`` (default: every OrthoKG IRI) choose the entities that must carry an
    ``rdfs:label``; ``label_exempt`` prefixes are left out of that check. With
    ``roundtrip`` the ontology is also saved there as N-Triples, as the OWL API understood
    it, for :func:`~orthokg.ontology.owlapi.compare.lost_triples`. With ``catalog`` (a
    Protégé ``catalog-v001.xml``) imports are read from the files it names, offline.
    """
    cp = [classes_dir, *(classpath if classpath is not None else owlapi_classpath())]
    args = [_tool("java"), "-cp", os.pathsep.join(map(str, cp)), CHECKER_CLASS, str(path),
            "--min-annotated-axioms", str(min_annotated_axioms)]
    for prefix in label_prefixes:
        args += ["--label-prefix", prefix]
    for prefix in label_exempt:
        args += ["--label-exempt", prefix]
    if roundtrip is not None:
        args += ["--roundtrip", str(roundtrip)]
    if catalog is not None:
        args += ["--catalog", str(catalog)]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=timeout)
    return OwlCheckResult(done.returncode, done.stdout + done.stderr)

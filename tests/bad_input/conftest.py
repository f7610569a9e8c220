"""The bad-input suite's shared parts: a good graph built once, copies of it per test,
a fingerprint of files and stores, and the CLI run in-process.

Every case starts from a copy of the same previous good build (``kg.ttl`` and the
Oxigraph ``store``), runs one bad command against it and then checks three things: the
exit code, one line on stderr naming the bad input, and the previous graph and store
byte-for-byte as they were (:func:`fingerprint`).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

GOOD_TEXT = ("Knee arthroscopy\n\n"
             "Knee arthroscopy is keyhole surgery on the knee joint. A surgeon looks inside "
             "the joint with a camera and repairs a torn meniscus.\n\n"
             "Risks\n\nInfection and blood clots are rare risks of knee arthroscopy.\n")


def fingerprint(*paths: Path) -> str:
    """One hash over every byte and name under ``paths`` (a missing path counts too)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                digest.update(str(item.relative_to(path)).encode())
                if item.is_file():
                    digest.update(item.read_bytes())
        elif path.is_file():
            digest.update(path.read_bytes())
        else:
            digest.update(b"<absent>")
    return digest.hexdigest()


@dataclass(frozen=True)
class Previous:
    """A copy of the previous good build: where it is and what it was."""

    kg: Path
    store: Path
    print: str

    def unchanged(self) -> bool:
        return fingerprint(self.kg, self.store) == self.print

    def out_args(self) -> list[str]:
        return ["--out", str(self.kg), "--store", str(self.store)]


@pytest.fixture(scope="session")
def good_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "knee_arthroscopy.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def good_build(good_doc: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The previous good build, made once per session: ``kg.ttl`` and ``store``."""
    import orthokg
    from orthokg.outputs import BuildOutputs

    folder = tmp_path_factory.mktemp("previous")
    BuildOutputs(folder / "kg.ttl", folder / "store").write(orthokg.build(good_doc))
    return folder


@pytest.fixture()
def previous(good_build: Path, tmp_path: Path) -> Previous:
    """A fresh copy of the previous good build for one test to try to damage."""
    folder = tmp_path / "previous"
    shutil.copytree(good_build, folder)
    kg, store = folder / "kg.ttl", folder / "store"
    return Previous(kg, store, fingerprint(kg, store))


@dataclass(frozen=True)
class Outcome:
    code: int
    lines: list[str]  # non-empty lines on stderr
    out: str


@pytest.fixture()
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """``orthokg ARGS`` in this process (spaCy stays loaded between cases)."""
    from orthokg.cli.app import main

    def run(*args: str | Path) -> Outcome:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Outcome(code, [line for line in captured.err.splitlines() if line.strip()],
                       captured.out)

    return run

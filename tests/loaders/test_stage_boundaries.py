"""The loaders' stages depend on each other in one direction only.

``orthokg/loaders`` is four stages, ``reading`` -> ``recognition`` -> ``relations`` ->
``writing``, over shared records (``model.py``, ``rule_files.py``) and one driver
(``pipeline.py``). A stage that imports a later one ties an early step to a later
step's internals: a reader could no longer be swapped without the extractor, and an
import cycle is one edit away. So a stage imports only from itself, earlier stages,
the shared modules and the rest of ``orthokg`` below the loaders (``orthokg.ontology``,
``orthokg.errors``...); only ``pipeline.py`` imports them all, and nothing under
``orthokg/ontology`` imports the loaders (the ontology sits below every stage).

Imports are read from each module's syntax tree (``import``, ``from ... import``,
relative imports resolved, imports inside functions and ``TYPE_CHECKING`` blocks
included, and ``importlib.import_module("...")`` with a literal name), not with
regexes, so a multi-line or relative import cannot slip through.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import orthokg

PACKAGE_ROOT = Path(orthokg.__file__).resolve().parent
LOADERS = PACKAGE_ROOT / "loaders"
ONTOLOGY = PACKAGE_ROOT / "ontology"
STAGES = ("reading", "recognition", "relations", "writing")
LOADERS_PKG = "orthokg.loaders"
PIPELINE = f"{LOADERS_PKG}.pipeline"


def module_name(path: Path) -> str:
    """Dotted name of a source file under the ``orthokg`` package."""
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """Absolute base module of a ``from`` import (``from ..writing import x`` resolved)."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _literal_import(node: ast.Call) -> str | None:
    """The module named by ``importlib.import_module("x")`` or ``__import__("x")``."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) \
        else None


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports, as absolute dotted names.

    For ``from pkg import name`` both ``pkg`` and ``pkg.name`` are listed, since
    ``name`` may be a submodule (``from orthokg.loaders import writing``).

    >>> sorted(imported_modules("from ..writing import graph_writer",
    ...                         "orthokg.loaders.reading.readers"))
    ['orthokg.loaders.writing', 'orthokg.loaders.writing.graph_writer']
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and (name := _literal_import(node)):
            found.add(name)
    return found


def stage_of(module: str) -> str | None:
    """``reading`` for ``orthokg.loaders.reading.x``; ``pipeline``; ``shared``; None outside."""
    parts = module.split(".")
    if parts[:2] != ["orthokg", "loaders"]:
        return None
    if len(parts) == 2:
        return "shared"
    if parts[2] in STAGES:
        return parts[2]
    return "pipeline" if parts[2] == "pipeline" else "shared"


def stage_violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """Imports of ``module`` that break the stage order, one message each."""
    own = stage_of(module)
    if own is None or own == "pipeline":
        return []
    bad: list[str] = []
    for target in sorted(imported_modules(source, module, is_package)):
        other = stage_of(target)
        if other is None or other == own or target == LOADERS_PKG:
            continue
        if other == "pipeline":
            bad.append(f"{module} imports {target}: only the driver may use the pipeline")
        elif other in STAGES and own == "shared":
            bad.append(f"{module} (shared) imports stage {other!r} via {target}")
        elif other in STAGES and STAGES.index(other) > STAGES.index(own):
            bad.append(f"{module} (stage {own!r}) imports later stage {other!r} via {target}")
    return bad


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_stage_folders_exist_and_hold_modules():
    """Guards the other checks against passing vacuously after a move or rename."""
    for stage in STAGES:
        modules = [p for p in _sources(LOADERS / stage) if not _is_package(p)]
        assert modules, f"no modules found under orthokg/loaders/{stage}"
    assert (LOADERS / "pipeline.py").is_file()


@pytest.mark.parametrize("path", _sources(LOADERS), ids=lambda p: module_name(p))
def test_a_loader_module_imports_no_later_stage(path: Path):
    """A stage may use earlier stages and shared modules, never a later stage or the
    pipeline; shared modules use no stage at all."""
    module = module_name(path)
    source = path.read_text(encoding="utf-8")
    assert stage_violations(source, module, _is_package(path)) == []


def test_the_pipeline_is_the_module_that_joins_all_stages():
    """If the driver stops importing a stage, the stage checks above prove less."""
    path = LOADERS / "pipeline.py"
    used = {stage_of(m) for m in imported_modules(path.read_text(encoding="utf-8"), PIPELINE)}
    assert set(STAGES) <= used


@pytest.mark.parametrize("path", _sources(ONTOLOGY), ids=lambda p: module_name(p))
def test_the_ontology_does_not_import_the_loaders(path: Path):
    """The ontology is below every stage; an import upward would make a cycle."""
    module = module_name(path)
    imports = imported_modules(path.read_text(encoding="utf-8"), module, _is_package(path))
    assert sorted(m for m in imports if stage_of(m) is not None) == []


@pytest.mark.parametrize(("module", "source"), [
    ("orthokg.loaders.reading.readers", "from orthokg.loaders.relations.facts import Fact"),
    ("orthokg.loaders.reading.readers", "from ..writing import graph_writer"),
    ("orthokg.loaders.recognition.annotator", "from orthokg.loaders import relations"),
    ("orthokg.loaders.recognition.annotator",
     "def f():\n    import orthokg.loaders.writing.resolution\n"),
    ("orthokg.loaders.relations.facts",
     "import importlib\nimportlib.import_module('orthokg.loaders.writing.graph_writer')\n"),
    ("orthokg.loaders.writing.graph_writer", "from orthokg.loaders.pipeline import build_graph"),
    ("orthokg.loaders.model", "from .reading.readers import read_document"),
])
def test_the_checker_catches_an_upward_import(module: str, source: str):
    """The checker itself must see each form of forbidden import, or a green run
    above would mean nothing."""
    assert stage_violations(source, module)


@pytest.mark.parametrize(("module", "source"), [
    ("orthokg.loaders.writing.graph_writer", "from orthokg.loaders.reading import sections"),
    ("orthokg.loaders.relations.facts", "from ..recognition.annotator import Annotator"),
    ("orthokg.loaders.relations.facts", "from .frames import FrameReader"),
    ("orthokg.loaders.reading.readers", "from orthokg.loaders.model import Document"),
    ("orthokg.loaders.reading.readers", "from orthokg.ontology.lexicon import Concept"),
])
def test_the_checker_allows_downward_imports(module: str, source: str):
    """Imports of earlier stages, the same stage and shared modules are the design."""
    assert stage_violations(source, module) == []

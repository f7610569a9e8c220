"""A store keeps the lexicon its build used; a rebuild's process adopts it instead of
reading the lexicon's files, and gets the same concepts and name index, but never
adopts one that does not read, is of another format, or comes after the files were read.

Adoption is per process and the test process read the lexicon long ago, so each case
runs in a fresh interpreter."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from orthokg.loaders.writing.resolution import LEXICON_INDEX, ConceptRegistry
from orthokg.ontology.lexicon import load_lexicon
from orthokg.scale.kept_lexicon import LEXICON, keep_lexicon

PROBE = """
import sys
from pathlib import Path
from orthokg.scale.kept_lexicon import adopt_kept_lexicon
from orthokg.ontology.lexicon import load_lexicon
{before}
adopted = adopt_kept_lexicon(Path(sys.argv[1]))
lexicon = load_lexicon()
print(adopted, len(lexicon), "resolution.keys" in lexicon.derived,
      lexicon.get("acetabulum").cls)
"""


def _probe(folder: Path, before: str = "") -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(before=before), str(folder)],
                          capture_output=True, text=True, timeout=300, check=True)
    return done.stdout.split()


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("records")
    ConceptRegistry(load_lexicon())  # the index a build's registry derives
    keep_lexicon(None, folder, adopted=False)
    return folder


def test_a_kept_lexicon_is_adopted_with_its_index(kept: Path) -> None:
    adopted, concepts, indexed, cls = _probe(kept)
    assert adopted == "True" and indexed == "True"
    assert int(concepts) == len(load_lexicon())
    assert cls == load_lexicon().get("acetabulum").cls  # type: ignore[union-attr]


def test_the_kept_lexicon_is_the_packaged_one(kept: Path) -> None:
    with (kept / LEXICON).open("rb") as handle:
        _, lexicon = pickle.load(handle)
    assert lexicon.concepts == load_lexicon().concepts
    assert lexicon.derived[LEXICON_INDEX] == load_lexicon().derived[LEXICON_INDEX]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps((0, "old format"))])
def test_a_damaged_or_foreign_kept_lexicon_is_not_used(kept: Path, tmp_path: Path,
                                                       damage: bytes) -> None:
    (tmp_path / LEXICON).write_bytes(damage)
    adopted, concepts, indexed, _ = _probe(tmp_path)
    assert adopted == "False" and indexed == "False"
    assert int(concepts) == len(load_lexicon())  # read from the files as always


def test_no_lexicon_is_adopted_once_the_files_were_read(kept: Path) -> None:
    adopted, _, indexed, _ = _probe(kept, before="load_lexicon()")
    assert adopted == "False" and indexed == "False"


def test_a_rebuild_links_the_lexicon_it_adopted(kept: Path, tmp_path: Path) -> None:
    keep_lexicon(kept, tmp_path, adopted=True)
    assert (tmp_path / LEXICON).stat().st_ino == (kept / LEXICON).stat().st_ino

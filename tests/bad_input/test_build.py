"""``orthokg build`` given bad input: each case is refused with its exit code and one
line naming the input, and the previous graph file and store stay byte-identical.

Each case writes its own tiny bad input (nothing is copied from the corpus) and returns
the command line after ``orthokg build`` and the name the message must contain.
"""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_input.conftest import GOOD_TEXT, Outcome, Previous

Case = Callable[[Path, Path, Previous], tuple[list[str | Path], str]]
QUIET = ["-q", "--no-validate"]


def _file(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _bad_doc(name: str, data: bytes | str, says: str = "") -> Case:
    """A case building one bad document over the previous outputs; the line names it
    (and says ``says`` right after the name, when given)."""
    def case(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
        named = f"{name}: {says}" if says else name
        return [_file(tmp / "in", name, data), *prev.out_args(), *QUIET], named
    return case


def _empty_folder(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    (tmp / "nothing").mkdir()
    return [tmp / "nothing", *prev.out_args(), *QUIET], "nothing"


def _unsupported_only(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    _file(tmp / "scans", "leaflet.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    _file(tmp / "scans", "leaflet.docx", b"PK\x03\x04" + bytes(60))
    return [tmp / "scans", *prev.out_args(), *QUIET], "scans"


def _hidden_only(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    _file(tmp / "docs" / ".drafts", "knee.txt", GOOD_TEXT)
    return [tmp / "docs", *prev.out_args(), *QUIET], "docs"


def _missing(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    return [good, tmp / "nowhere.txt", *prev.out_args(), *QUIET], "nowhere.txt"


def _dangling_link(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    link = tmp / "gone.txt"
    link.symlink_to(tmp / "deleted.txt")
    return [link, *prev.out_args(), *QUIET], "gone.txt"


def _fifo(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    os.mkfifo(tmp / "pipe.txt")
    return [tmp / "pipe.txt", *prev.out_args(), *QUIET], "pipe.txt"


def _too_large(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    path = tmp / "huge.txt"
    with path.open("wb") as handle:  # a sparse file: large, but no time spent writing
        handle.truncate(5 * 1024 * 1024 + 1)
    return [path, *prev.out_args(), *QUIET], "huge.txt"


def _all_fail_keep_going(tmp: Path, good: Path, prev: Previous
                         ) -> tuple[list[str | Path], str]:
    bad = [_file(tmp, "a.txt", b""), _file(tmp, "b.txt", b"\x00\x01" * 40)]
    return [*bad, *prev.out_args(), "--keep-going", *QUIET], "a.txt"


def _shared_id_suffix(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    one = _file(tmp / "a", "leaflet.txt", GOOD_TEXT)
    two = _file(tmp / "b", "leaflet.md", "# Knee arthroscopy\n\n" + GOOD_TEXT)
    return [one, two, *prev.out_args(), *QUIET], "two inputs share the id 'leaflet'"


def _shared_id_accents(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    one = _file(tmp, "Hüft.txt", GOOD_TEXT)
    two = _file(tmp, "Hæft.txt", GOOD_TEXT.replace("Knee", "Hip"))
    return [one, two, *prev.out_args(), *QUIET], "two inputs share the id"


def _shared_id_keep_going(tmp: Path, good: Path, prev: Previous
                          ) -> tuple[list[str | Path], str]:
    one = _file(tmp / "a", "knee.txt", GOOD_TEXT)
    two = _file(tmp / "b", "knee.html", f"<html><body><p>{GOOD_TEXT}</p></body></html>")
    return [one, two, *prev.out_args(), "-k", *QUIET], "knee"


def _out_is_input(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    doc = _file(tmp, "notes.ttl", GOOD_TEXT)
    return [doc, "--out", doc, "--store", prev.store, *QUIET], "notes.ttl"


def _out_is_input_by_link(tmp: Path, good: Path, prev: Previous
                          ) -> tuple[list[str | Path], str]:
    doc = _file(tmp, "notes.ttl", GOOD_TEXT)
    (tmp / "alias.ttl").symlink_to(doc)
    return [doc, "--out", tmp / "alias.ttl", "--store", prev.store, *QUIET], "alias.ttl"


def _outputs(*out: str | Path) -> Case:
    """A good document built to bad outputs (``{tmp}``/``{kg}``/``{store}`` filled in)."""
    def case(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
        (tmp / "a-file").write_text("x", encoding="utf-8")
        (tmp / "thesis").mkdir()
        (tmp / "thesis" / "chapter.tex").write_text("keep", encoding="utf-8")
        (tmp / "dir.ttl").mkdir()
        args = [str(a).format(tmp=tmp, kg=prev.kg, store=prev.store) for a in out]
        named = Path(args[1]).name
        return [good, *args, *QUIET], named
    return case


def _store_in_use(tmp: Path, good: Path, prev: Previous) -> tuple[list[str | Path], str]:
    """Another process has a store open for writing (as ``serve --allow-update`` has).

    The held store is a copy: opening a store for writing rewrites some of RocksDB's
    files, so the previous store itself is kept out of it and checked as usual.
    """
    held = tmp / "held"
    shutil.copytree(prev.store, held)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(held)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    _HOLDERS.append(holder)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return [good, "--out", prev.kg, "--store", held, *QUIET], "held"


_HOLDERS: list[subprocess.Popen[str]] = []
UTF16_DAMAGED = codecs.BOM_UTF16_LE + "Knee arthroscopy risks.".encode("utf-16-le") + b"\x00"
LATIN_MIXED = "Caf\u00e9 and ".encode() + "r\u00e9sum\u00e9 of risks".encode("latin-1")

CASES: dict[str, tuple[Case, int]] = {
    "empty folder": (_empty_folder, 2),
    "folder of unsupported files only (.pdf, .docx)": (_unsupported_only, 2),
    "folder whose only document is hidden": (_hidden_only, 2),
    "empty file": (_bad_doc("empty.txt", b""), 2),
    "only white space": (_bad_doc("blank.txt", " \n\t\n  \r\n"), 2),
    "binary with NUL bytes": (_bad_doc("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50,
                                       says="binary file"), 2),
    "PNG named .txt": (_bad_doc("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))), 2),
    "PDF named .html": (_bad_doc("leaflet.html", b"%PDF-1.4\n" + bytes(range(256)) * 4), 2),
    "docx named explicitly": (_bad_doc("leaflet.docx", b"PK\x03\x04" + bytes(200)), 2),
    "control characters, no NUL": (_bad_doc("controls.txt", b"Knee " + bytes(range(1, 9)) * 20),
                                   2),
    "invalid UTF-8": (_bad_doc("broken.txt", b"Knee \xc3\x28 arthroscopy \xa0\xa1" * 40), 2),
    "UTF-8 mixed with Latin-1": (_bad_doc("mixed.txt", LATIN_MIXED), 2),
    "UTF-16 without a BOM": (_bad_doc("nobom.txt", "Knee arthroscopy".encode("utf-16-le"),
                                      says="UTF-16LE text without a byte-order mark"), 2),
    "UTF-16 with a BOM, damaged": (_bad_doc("damaged16.txt", UTF16_DAMAGED), 2),
    "HTML that is all navigation": (_bad_doc("menu.html", '<html><body><nav><a href="/">Home'
                                                         '</a></nav></body></html>'), 2),
    "malformed HTML, tags only": (_bad_doc("tags.html", "</p></div><<<>>><b><i>"), 2),
    "Markdown with only a heading": (_bad_doc("heading.md", "# Knee arthroscopy\n"), 2),
    "Markdown with only front matter": (_bad_doc("front.md", "---\ntitle: x\n---\n"), 2),
    "larger than the size limit": (_too_large, 2),
    "missing file": (_missing, 2),
    "dangling symbolic link": (_dangling_link, 2),
    "named pipe": (_fifo, 2),
    "every document fails with --keep-going": (_all_fail_keep_going, 2),
    "two inputs share an id (.txt and .md)": (_shared_id_suffix, 2),
    "two inputs share an id (accented names)": (_shared_id_accents, 2),
    "two inputs share an id, with --keep-going": (_shared_id_keep_going, 2),
    "--out is the input": (_out_is_input, 7),
    "--out is the input through a link": (_out_is_input_by_link, 7),
    "--out with a non-RDF extension": (_outputs("--out", "{tmp}/graph.txt",
                                                "--store", "{store}"), 7),
    "--out without an extension": (_outputs("--out", "{tmp}/graph", "--store", "{store}"), 7),
    "--out is a directory": (_outputs("--out", "{tmp}/dir.ttl", "--store", "{store}"), 7),
    "--out below a file": (_outputs("--out", "{tmp}/a-file/kg.ttl", "--store", "{store}"), 7),
    "--out where nobody can write": (_outputs("--out", "/proc/kg.ttl", "--store", "{store}"), 7),
    "--store is a file": (_outputs("--store", "{tmp}/a-file", "--out", "{kg}"), 7),
    "--store is a folder that is not a store": (_outputs("--store", "{tmp}/thesis",
                                                         "--out", "{kg}"), 7),
    "--store where nobody can write": (_outputs("--store", "/proc/store", "--out", "{kg}"), 7),
    "--out and --store the same path": (_outputs("--store", "{tmp}/same.ttl",
                                                 "--out", "{tmp}/same.ttl"), 7),
    "--store open for writing by another process": (_store_in_use, 7),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_build_input_is_refused_and_loses_nothing(
        kind: str, tmp_path: Path, good_doc: Path, previous: Previous,
        run_cli: Callable[..., Outcome]) -> None:
    make, code = CASES[kind]
    try:
        args, named = make(tmp_path, good_doc, previous)
        outcome = run_cli("build", *args)
    finally:
        for holder in _HOLDERS:
            holder.communicate("")
        _HOLDERS.clear()
    assert outcome.code == code, outcome.lines
    assert len(outcome.lines) == 1, outcome.lines
    assert named in outcome.lines[0] and "Traceback" not in outcome.lines[0]
    assert previous.unchanged(), "the previous graph or store changed"
    leftovers = [p.name for p in previous.kg.parent.iterdir()]
    assert sorted(leftovers) == ["kg.ttl", "store"]

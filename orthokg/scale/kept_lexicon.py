"""The lexicon, with the name index the concept registry derives from it, as a store's
last build had it: kept beside the store's records so that a rebuild unpickles it
instead of reading the lexicon's files and keying every name again.

That is about a tenth of a second, small beside a full build but a sixth of what a
rebuild spends of its own when its one changed document is extracted by workers that
stay up between builds (``--scheduler``). The records' folder is named by the version
key (the package version and the bytes of every lexicon file:
:func:`orthokg.scale.cache.version_key`) and a kept lexicon is used only when the TBox
is the one the store was built with, so it is what reading the files would give. One
that does not read, or is of another format, is not used: the files are read as always.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from orthokg.ontology.lexicon import Lexicon, adopt_lexicon, load_lexicon

__all__ = ["LEXICON", "adopt_kept_lexicon", "keep_lexicon"]

LEXICON = "LEXICON.pickle"
#: Changes when what is pickled changes shape.
FORMAT = 1


def adopt_kept_lexicon(source: Path | None) -> bool:
    """Make the lexicon kept in the records folder ``source`` this process's (see
    :func:`~orthokg.ontology.lexicon.adopt_lexicon`); True when it did."""
    if source is None or not (source / LEXICON).is_file():
        return False
    try:
        with (source / LEXICON).open("rb") as handle:
            kept = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError, IndexError, KeyError):
        return False
    if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == FORMAT
            and isinstance(kept[1], Lexicon)):
        return False
    return adopt_lexicon(kept[1])


def keep_lexicon(source: Path | None, target: Path, adopted: bool) -> None:
    """Keep this process's lexicon in the records folder ``target``: linked from
    ``source`` when it is the one adopted from there, otherwise pickled (once the
    build is done, so the registry's index is in it)."""
    path = target / LEXICON
    if path.exists():
        return
    if adopted and source is not None:
        try:
            os.link(source / LEXICON, path)
            return
        except OSError:
            pass  # another file system: written below
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump((FORMAT, load_lexicon()), handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)

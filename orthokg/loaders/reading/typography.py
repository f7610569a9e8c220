"""One spelling of the characters that typography varies: quotes, dashes, spaces.

Web pages write "Dupuytren’s" with a curly apostrophe, "4–6 weeks" with an en dash and
"non‑surgical" with a non-breaking hyphen; the lexicon, the cue tables and the number
patterns are written with the plain ASCII forms. Folding them once, when a document is
read, keeps every later rule free of typographic alternatives. Each character maps to
one character, so offsets computed on the folded text are offsets in the original too.
"""

from __future__ import annotations

# Apostrophes and quotes, dashes and hyphens, and the spaces a web page may use.
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ",
    "\u200a": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
}
_TABLE = str.maketrans(_FOLD)


def fold_typography(text: str) -> str:
    """``text`` with typographic quotes, dashes and spaces in their ASCII form.

    >>> fold_typography("Dupuytren’s contracture: 4–6 weeks of non‑surgical care")
    "Dupuytren's contracture: 4-6 weeks of non-surgical care"
    """
    return text.translate(_TABLE)

"""Terms the lexicon does not know, caught where the text lists things of one kind.

"Risks include infection, wound breakdown and stiffness": once "infection" and
"stiffness" are known complications, "wound breakdown" is one too. The same holds for a
bullet under a Risks or Benefits heading that names nothing the lexicon knows. The new
term becomes a concept of the class its neighbours (or its section) give, made up with
``source="text"`` so resolution can still merge it with a known concept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from orthokg.loaders.model import Mention, Sentence
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import TEXT_SOURCE, Concept

LIST_CUE = re.compile(r"\b(?:include|includes|including|such as|like)\s*:?\s+"
                      r"(?:but (?:are )?not limited to\s+)?", re.I)
ITEM_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+)\s*", re.I)
LEADING = re.compile(r"^(?:the|a|an|some|any|possible|potential|occasional|rare|rarely|"
                     r"other|more|further|general|various)\s+", re.I)
NOT_A_TERM = re.compile(r"\b(?:is|are|was|were|be|been|can|may|will|would|should|could|"
                        r"it|they|you|we|this|these|those|your|their|our|not|no|than|"
                        r"which|that|who|if|when|also|very|more|most)\b", re.I)
WORD = re.compile(r"^[A-Za-z][A-Za-z'-]*$")
FAMILIES = (("Complication", "Complication"), ("Benefit", "Benefit"),
            ("SurgicalInstrument", "SurgicalInstrument"), ("Implant", "Implant"),
            ("Symptom", "Symptom"), ("Condition", "Disease"))
SECTION_CLASS = {"risks": "Complication", "benefits": "Benefit"}


def _family(concept: Concept) -> str | None:
    return next((cls for family, cls in FAMILIES if is_a(concept, family)), None)


def _clean(item: str) -> str | None:
    text = item.strip(" .;:!?()[]\"'")
    while LEADING.match(text):
        text = LEADING.sub("", text, count=1)
    words = text.split()
    if not 1 <= len(words) <= 5 or NOT_A_TERM.search(text):
        return None
    if not all(WORD.match(w) for w in words):
        return None
    return text.lower()


def _items(text: str, start: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of the comma/and/or separated items from ``start`` on."""
    end = len(text)
    for stop in re.finditer(r"[.;]|\b(?:which|that|so|but|to|due|because)\b", text[start:]):
        end = start + stop.start()
        break
    pos = start
    for part in ITEM_SPLIT.split(text[start:end]):
        found = text.find(part, pos, end) if part else -1
        if found >= 0:
            yield found, found + len(part), part
            pos = found + len(part)


def _new_mention(sentence: Sentence, start: int, end: int, text: str, cls: str
                 ) -> Mention | None:
    """A made-up mention over characters ``start:end``, with the tokens it covers (so
    that what comes before or after it in the sentence is told right: with no tokens it
    stood at the sentence's start, and "It is caused by an injury, such as a fall" read
    "it" as the fall)."""
    label = _clean(text)
    if label is None:
        return None
    concept = Concept(label, (cls,), source=TEXT_SOURCE,
                      definition=f"A {cls.lower()} named in a list of the text.")
    first, last = _token_span(sentence, start, end)
    return Mention(concept, start, end, text, first, last)


def _token_span(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """First and one-past-last token of the characters ``start:end`` (0, 0 unparsed)."""
    doc = sentence.doc
    if doc is None:
        return 0, 0
    inside = [t.i for t in doc if t.idx < end and start < t.idx + len(t)]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _known_family(sentence: Sentence, start: int) -> str | None:
    families = Counter(_family(m.concept) for m in sentence.mentions
                       if not m.nested and m.start >= start)
    families.pop(None, None)
    return families.most_common(1)[0][0] if families else None


def _bare_bullet(sentence: Sentence, section_kind: str) -> bool:
    """A bullet of a risks or benefits list that names no concept of that list's kind.

    "Relief of night pain" under Benefits names a symptom but no benefit: the bullet as
    a whole is the benefit.
    """
    cls = SECTION_CLASS.get(section_kind)
    if cls is None:
        return False
    family = "Condition" if cls == "Complication" else cls
    return not any(is_a(m.concept, family) for m in sentence.mentions if not m.nested)


def list_mentions(sentence: Sentence, section_kind: str) -> list[Mention]:
    """New mentions for unknown items of an enumeration or of a bare bullet."""
    if sentence.is_list_item and _bare_bullet(sentence, section_kind):
        cls = SECTION_CLASS[section_kind]
        made = _new_mention(sentence, 0, len(sentence.text), sentence.text, cls)
        return [made] if made else []
    cue = LIST_CUE.search(sentence.text)
    if cue is None:
        return []
    family = _known_family(sentence, cue.end())
    if family is None:
        return []
    out = []
    for start, end, text in _items(sentence.text, cue.end()):
        if any(m.start < end and start < m.end for m in sentence.mentions):
            continue
        made = _new_mention(sentence, start, end, text, family)
        if made is not None:
            out.append(made)
    return out

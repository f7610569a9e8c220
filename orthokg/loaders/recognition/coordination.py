"""Names shared across a coordination: "hip and knee replacements" names a hip replacement
and a knee replacement; "the gluteus medius and minimus tendons" the gluteus medius tendon
and the gluteus minimus tendon; "femoral, tibial and patellar components" three implants;
"the neck and body of the femur" the femoral neck and the femoral shaft (a shared "of"
complement).

Only the last conjunct is written next to the shared head, so the lexicon cannot find the
others on its own. The pattern is read from the surface (conjuncts separated by commas,
"and", "or", "and/or", an adverb such as "often"), not from the parse: the small parser
attaches such lists unreliably. A conjunct becomes a mention only when the name it makes
with the head is one the lexicon knows.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from orthokg.loaders.recognition.sentence_mentions import Composed, Mentions
from orthokg.ontology.lexicon import Concept
from orthokg.ontology.normalize import singular

LINKS = frozenset({",", "and", "or", "/", "and/or", "&"})
MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "VERB"})
MAX_CONJUNCTS = 6
WIDEN_WORDS = 3  # words a conjunct may reach further left than the parse says


def _head_words(head: Token) -> list[str]:
    """The shared head in its name forms: as written and singular."""
    word = head.lower_
    return list(dict.fromkeys((word, singular(word))))


def _conjuncts(doc: Doc, last: int, mentions: Mentions) -> list[tuple[int, int]]:
    """Token ranges of the conjuncts before the one at ``last`` (nearest first).

    >>> from spacy.lang.en import English
    >>> doc = English()("femoral, tibial, and often patellar components")
    >>> _conjuncts(doc, 5, Mentions([], {}))
    [(2, 3), (0, 1)]
    """
    found: list[tuple[int, int]] = []
    i = last - 1
    while i >= 0 and len(found) < MAX_CONJUNCTS:
        link = i
        while link >= 0 and (doc[link].lower_ in LINKS or doc[link].pos_ == "ADV"):
            link -= 1
        if link == i or link < 0 or \
                not any(doc[k].lower_ in LINKS for k in range(link + 1, i + 1)):
            break
        end = link + 1
        named = mentions.at.get(link)  # "gluteus medius and minimus": a whole name
        start = named.start if named is not None and named.end == end else link
        found.append((start, end))
        i = start - 1
    return found


def _widest_named(doc: Doc, start: int, end: int, heads: list[str], mentions: Mentions
                  ) -> tuple[int, Concept] | None:
    """The longest name a conjunct makes with the shared head, the conjunct read from
    ``start`` or a few words further left ("gentle range of motion and strengthening
    exercises": "range of motion exercises", where the parse gives only "motion")."""
    best: tuple[int, Concept] | None = None
    first = start
    for _ in range(WIDEN_WORDS + 1):
        words = [t.lower_ for t in doc[first:end]]
        concept = mentions.listed(None, *(" ".join([*words, h]) for h in heads))
        if concept is not None:
            best = (first, concept)
        first -= 1
        if first < 0 or doc[first].lower_ in LINKS or doc[first].pos_ in ("DET", "PUNCT") \
                or (doc[first].pos_ == "ADP" and doc[first].lower_ != "of"):
            break
    return best


def shared_heads(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """Mentions for the conjuncts that share the head of the last one."""
    for head in doc:
        if head.pos_ not in ("NOUN", "PROPN") or head.i < 2:
            continue
        if head.i + 1 < len(doc) and doc[head.i + 1].pos_ in ("NOUN", "PROPN") and \
                doc[head.i + 1].lower_ not in LINKS:
            continue  # not the end of the noun phrase
        last = head.i - 1  # the last conjunct, written next to the head
        if doc[last].lower_ in LINKS or doc[last].pos_ not in MODIFIER_POS:
            continue
        conjuncts = _conjuncts(doc, last, mentions)
        if not conjuncts:
            continue
        heads = _head_words(head)
        first_conjunct = conjuncts[-1]
        prefix = [t.lower_ for t in doc[first_conjunct[0]:first_conjunct[1] - 1]]
        for start, end in conjuncts:
            found = _widest_named(doc, start, end, heads, mentions)
            if found is not None:
                yield Composed(found[1], found[0], end, swallows=True)
        if mentions.at.get(last) is None or mentions.at[last].end <= head.i:
            # "medius and minimus tendons": the last conjunct borrows the first one's
            # leading words ("gluteus") when only that makes a name
            names = [" ".join([*prefix, doc[last].lower_, h]) for h in heads] if prefix else []
            concept = mentions.listed(None, *(" ".join([doc[last].lower_, h]) for h in heads),
                                      *names)
            if concept is not None:
                yield Composed(concept, last, head.i + 1, swallows=True)


def shared_complements(doc: Doc, mentions: Mentions) -> Iterator[Composed]:
    """"the neck and body of the femur": a lexicon name "X of Z" lends its "of Z" to the
    nouns coordinated before it, when that makes a name the lexicon knows."""
    for span in mentions.spans:
        if span.end - span.start < 3 or doc[span.start + 1].lower_ != "of":
            continue
        complement = [t.lower_ for t in doc[span.start + 1:span.end]]
        for start, end in _conjuncts(doc, span.start, mentions):
            words = [t.lower_ for t in doc[start:end] if t.pos_ != "DET"]
            if not words:
                continue
            names = (" ".join([*words, *complement]),
                     " ".join([*words, *(w for w in complement if w != "the")]))
            concept = mentions.listed(None, *names)
            if concept is not None:
                yield Composed(concept, start, end, swallows=True)

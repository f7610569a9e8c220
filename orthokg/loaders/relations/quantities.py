"""Durations and rates as structured values (VOCABULARY.md, Quantities).

A number is only kept when the sentence also says what it measures: a walking aid
("crutches for two weeks"), rehabilitation, a drug stopped before surgery, a hospital
stay, a complication rate, a symptom settling, the length of the procedure or the
return to normal activities. Vague amounts ("a few weeks") give nothing; "less than
3%" gives only an upper bound; "the same day" is zero days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from orthokg.loaders.model import Mention, QuantityFact, Sentence
from orthokg.loaders.rule_files import check_choice, compile_rule, packaged, read_rule_rows
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import Concept
from orthokg.ontology.tbox import quantity_kinds

WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
         "forty-eight": 48, "sixty": 60, "ninety": 90, "a": 1, "an": 1, "a single": 1}
UNITS = {"minute": "MIN", "min": "MIN", "hour": "HR", "hr": "HR", "day": "DAY",
         "night": "DAY", "week": "WK", "wk": "WK", "month": "MO", "year": "YR", "%": "PERCENT",
         "percent": "PERCENT", "per cent": "PERCENT"}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in WORDS), key=len,
                                              reverse=True)) + r")"
_UNIT = r"\s*(%|(?:per cent|percent|(?:minute|min|hour|hr|day|night|week|wk|month|year)s?)\b)"
_UPPER = r"(?:less than|under|up to|no more than|within|until|at most|a maximum of|fewer than)"
_LOWER = r"(?:more than|at least|a minimum of|over)"
RANGE = re.compile(rf"\b{_NUM}\s*(?:to|-|–|and|or)\s*{_NUM}{_UNIT}", re.I)
BOUNDED = re.compile(rf"\b(?P<bound>{_UPPER}|{_LOWER})\s+(?:about\s+|around\s+|approximately\s+)?"
                     rf"{_NUM}{_UNIT}", re.I)
SINGLE = re.compile(rf"(?<![\w-]){_NUM}{_UNIT}(?![- ]case)", re.I)
ONE_IN = re.compile(r"\b(?:about |around |approximately |fewer than |less than |under )?"
                    r"(\d+|one|a) in (\d[\d,]*)\b", re.I)
SAME_DAY = re.compile(r"\b(same day|same-day|straight away|straightaway|immediately after|"
                      r"day case|day-case)\b", re.I)

QUANTITY_COLUMNS = ("kind", "pattern", "example", "why")
RATE_KINDS = ("ComplicationRate", "SuccessRate")
# What an orthosis or walking aid is worn for is rehabilitation or walking-aid time.
ABOUT_CLASSES = {"WalkingAidTime": "WalkingAid", "MedicationStopLeadTime": "Substance",
                 "ComplicationRate": "Condition", "SymptomResolutionTime": "Condition",
                 "RehabilitationTime": "Orthosis"}
OVERNIGHT = re.compile(r"\b(overnight|one night|a night)\b", re.I)


@cache
def kind_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``quantity_cues.tsv``: (kind, pattern) in priority order, checked on load."""
    path = packaged("orthokg.loaders.relations", "quantity_cues.tsv")
    kinds = {str(k).rsplit("#", 1)[-1] for k in quantity_kinds()}
    found = []
    for line, (kind, pattern, _example, _why) in read_rule_rows(path, QUANTITY_COLUMNS):
        check_choice(path, line, "kind", kind, tuple(sorted(kinds)))
        found.append((kind, compile_rule(path, line, pattern)))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Amount:
    low: float | None
    high: float | None
    unit: str
    start: int
    end: int = -1


def _number(token: str) -> float:
    token = token.lower()
    return float(WORDS[token]) if token in WORDS else float(token)


def _unit(token: str) -> str:
    token = token.lower().strip()
    return UNITS.get(token, UNITS.get(token.rstrip("s"), ""))


def amounts(text: str) -> list[Amount]:
    """Numbers with units, most specific reading first, no two over the same words.

    >>> [(a.low, a.high, a.unit) for a in amounts("lasts over 4 to 6 weeks")]
    [(4.0, 6.0, 'WK')]
    >>> [(a.low, a.high, a.unit) for a in amounts("a less than 3% chance")]
    [(None, 3.0, 'PERCENT')]
    >>> [(a.low, a.high) for a in amounts("for 6 to 4 weeks")]
    [(4.0, 6.0)]
    """
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in RANGE.finditer(text):
        low, high = sorted((_number(m[1]), _number(m[2])))  # "6 to 4 weeks" is still 4-6
        found.append(Amount(low, high, _unit(m[3]), m.start(), m.end()))
        taken.append(m.span())
    for m in filter(free, BOUNDED.finditer(text)):
        value = _number(m[2])
        upper = not re.match(_LOWER, m["bound"], re.I)
        found.append(Amount(None if upper else value, value if upper else None, _unit(m[3]),
                            m.start(), m.end()))
        taken.append(m.span())
    for m in filter(free, SINGLE.finditer(text)):
        value = _number(m[1])
        found.append(Amount(value, value, _unit(m[2]), m.start(), m.end()))
    found += [_one_in(m) for m in filter(free, ONE_IN.finditer(text))]
    return [a for a in found if a.unit]


def _one_in(m: re.Match[str]) -> Amount:
    """"about 1 in 100" is a rate of 1%; "fewer than 1 in 100" at most 1%."""
    rate = round(_number(m[1]) / float(m[2].replace(",", "")) * 100, 4)
    upper = re.match(r"(fewer|less|under)", m[0], re.I) is not None
    return Amount(None if upper else rate, rate, "PERCENT", m.start(), m.end())


def kinds_of(text: str) -> list[str]:
    """Quantity kinds the sentence's wording points to, in priority order."""
    return [kind for kind, cue in kind_cues() if cue.search(text)]


def _about(mentions: list[Mention], kind: str) -> list[Concept | None]:
    want = ABOUT_CLASSES.get(kind)
    found: list[Concept | None] = [m.concept for m in mentions
                                   if want and not m.nested and is_a(m.concept, want)]
    return found or [None]


def segment_kinds(text: str, mentions: list[Mention], rate: bool,
                  wider: list[Mention] | None = None) -> list[str]:
    """Quantity kinds one stretch of text points to.

    A rate is a success rate or a complication rate (one that names a condition is a
    complication rate); a walking aid or an orthosis in the stretch says what a
    duration measures ("crutches for six weeks and a brace": walking aid and
    rehabilitation time).
    """
    kinds = kinds_of(text)
    top = [m for m in mentions if not m.nested]
    if rate:
        if "SuccessRate" in kinds:
            return ["SuccessRate"]
        harms = any(is_a(m.concept, "Condition") and not is_a(m.concept, "Benefit")
                    for m in top)
        return ["ComplicationRate"] if "ComplicationRate" in kinds or harms else []
    kinds = [k for k in kinds if k not in RATE_KINDS]
    if "MedicationStopLeadTime" in kinds:
        return ["MedicationStopLeadTime"]
    aids = []
    top = [m for m in wider if not m.nested] if wider is not None else top
    if any(is_a(m.concept, "WalkingAid") for m in top):
        aids.append("WalkingAidTime")
    if any(is_a(m.concept, "Orthosis") for m in top):
        aids.append("RehabilitationTime")
    if aids:
        return aids
    if "RehabilitationTime" in kinds and "ReturnToActivityTime" in kinds:
        return ["RehabilitationTime", "ReturnToActivityTime"]
    return kinds[:1]


_TAIL_STOP = re.compile(r",|;|\b(?:and|or|but|while)\b", re.I)
_CONTINUES = re.compile(r"\W*(?:and|or|then)\b", re.I)
_CLAUSE = re.compile(r",\s*(?:and|while|but|whereas)\b|;|\b(?:while|whereas|and then)\b", re.I)


def _segments(text: str, found: list[Amount]) -> Iterator[tuple[Amount, int, int, int]]:
    """Each amount with the stretch of its clause that belongs to it alone.

    "crutches for two weeks and return to work within a month": the words up to an
    amount (from the amount before it) say what that amount measures. Two ends are
    given: the tight one stops at the next "and" or comma after the amount ("go home
    after 2 nights and use a stick..."), the wide one at the next amount ("After six
    weeks, you can move to one crutch").
    """
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text) + 1]
    ordered = sorted(found, key=lambda a: a.start)
    for i, amount in enumerate(ordered):
        clause_start = max(b for b in bounds if b <= amount.start)
        clause_end = min(b for b in bounds if b > amount.start)
        start = max(clause_start, max(ordered[i - 1].end, ordered[i - 1].start + 1) if i else 0)
        end = min(clause_end, ordered[i + 1].start if i + 1 < len(ordered) else clause_end)
        own_end = max(amount.end, amount.start + 1)
        tail = _TAIL_STOP.search(text, own_end, end)
        yield amount, start, min(end, tail.start() if tail else end), end


def _verbless(sentence: Sentence) -> bool:
    doc = sentence.doc
    return doc is not None and not any(t.pos_ in ("VERB", "AUX") for t in doc)


def quantity_facts(sentence: Sentence, subject: Concept | None,
                   following: Sentence | None = None, default_kind: str = ""
                   ) -> Iterator[QuantityFact]:
    """The quantities one sentence states about ``subject`` (the document's procedure).

    ``following`` is the next sentence (it may qualify a "same day" discharge);
    ``default_kind`` the kind a duration with no words of its own has in this section
    (in a recovery section, rehabilitation time).
    """
    if subject is None:
        return
    text = sentence.text
    found = amounts(text)
    same_day = SAME_DAY.search(text)
    if not found and same_day:
        # "the same day, or you may stay overnight": at most one night.
        overnight = OVERNIGHT.search(text) or (following is not None and
                                               OVERNIGHT.search(following.text))
        found = [Amount(0.0, 1.0 if overnight else 0.0, "DAY", same_day.start(),
                        same_day.end())]
    earlier: list[str] = []
    for amount, start, tight, wide in _segments(text, found):
        end = tight
        inside = [m for m in sentence.mentions if start <= m.start < end]
        rate = amount.unit == "PERCENT"
        wider = [m for m in sentence.mentions if start <= m.start < wide]
        kinds = segment_kinds(text[start:end], inside, rate, wider)
        if not kinds:
            end = wide
            inside = [m for m in sentence.mentions if start <= m.start < end]
            kinds = segment_kinds(text[start:end], inside, rate)
        if not kinds and _CONTINUES.match(text[start:end]):
            kinds = earlier  # "return to running after 3 months and to sport after 9"
        if not kinds and default_kind and not rate and amount.end > amount.start and \
                _verbless(sentence):
            # "Sling for 4-6 weeks", "Phase 2 (6-12 weeks): strengthening": a bare phrase
            # in a recovery section; a sentence with a verb says what it measures itself.
            kinds = [default_kind]
        earlier = kinds
        for kind in kinds:
            if (kind in RATE_KINDS) != rate:
                continue
            for about in _about(inside, kind):
                yield QuantityFact(subject, kind, amount.unit, sentence.doc_id, text,
                                   about, amount.low, amount.high)

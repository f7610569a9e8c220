"""Frame + kinds of subject and object -> property, from ``relation_rules.tsv``.

The table is the whole decision: :func:`decide` walks a mention's frames in order and
takes the first row whose frame, object class and subject class fit, so which property a
sentence yields is data a curator can read and extend. Classes are checked against the
TBox, properties against its core signature, when the table is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orthokg.errors import LexiconError
from orthokg.loaders.relations.frames import FRAMES, FrameEvidence
from orthokg.loaders.rule_files import packaged, read_rule_rows
from orthokg.ontology.classes import is_a
from orthokg.ontology.lexicon import TEXT_SOURCE, Concept
from orthokg.ontology.signature import core_signatures
from orthokg.ontology.tbox import declared_classes

COLUMNS = ("frame", "object", "subject", "property", "unless", "object_as", "example", "why")
ANY = "*"
NONE = "-"
PASS = "~"
INVERSE = "^"


@dataclass(frozen=True, slots=True)
class RelationRule:
    """A row of ``relation_rules.tsv``."""

    frame: str
    obj: str
    subject: str
    prop: str
    unless: frozenset[str]
    object_as: str
    example: str
    why: str
    line: int = 0

    @property
    def inverse(self) -> bool:
        return self.prop.startswith(INVERSE)

    @property
    def core_property(self) -> str | None:
        """The property the row asserts, None for ``-`` and ``~``."""
        return None if self.prop in (NONE, PASS) else self.prop.lstrip(INVERSE)

    def taken_as(self, obj: Concept) -> Concept:
        """The object as the fact names it: itself, or treatment with it (``object_as``).

        >>> rule = RelationRule("alternative", "Substance", "Procedure", "alternativeTo",
        ...                     frozenset(), "DrugTherapy", "", "")
        >>> c = rule.taken_as(Concept("medication", ("Drug",), ("medicines",)))
        >>> c.label, c.classes, "medication" in c.synonyms
        ('medication treatment', ('DrugTherapy',), True)
        """
        if not self.object_as:
            return obj
        return Concept(f"{obj.label} treatment", (self.object_as,),
                       (obj.label, *obj.synonyms), region=obj.region, source=TEXT_SOURCE,
                       definition=f"Treatment with {obj.label}, named as an option.")

    def fits(self, obj: Concept, subject: Concept, frames: set[str]) -> bool:
        return ((self.obj == ANY or is_a(obj, self.obj))
                and (self.subject == ANY or is_a(subject, self.subject))
                and not self.unless & frames)


@dataclass(frozen=True, slots=True)
class Decision:
    """The property for one (subject, mention) and the frame that decided it."""

    prop: str | None
    inverse: bool
    frame: str
    source: str
    rule_line: int


def _check_class(path: Path, line: int, name: str) -> str:
    if name != ANY and name not in declared_classes():
        raise LexiconError(f"{path}:{line}: class {name!r} is not declared in orthokg.ttl")
    return name


def read_relation_rules(path: Path) -> tuple[RelationRule, ...]:
    """Read and check a rule table; a bad row names the file, the line and the problem."""
    rules = []
    props = set(core_signatures())
    for line, cells in read_rule_rows(path, COLUMNS):
        frame, obj, subject, prop, unless, taken_as, example, why = (c.strip() for c in cells)
        if frame != ANY and frame not in FRAMES:
            raise LexiconError(f"{path}:{line}: frame {frame!r} not one of {', '.join(FRAMES)}")
        if prop not in (NONE, PASS) and prop.lstrip(INVERSE) not in props:
            raise LexiconError(f"{path}:{line}: property {prop!r} is not a core property")
        bad = [f for f in unless.split("|") if f and f not in FRAMES]
        if bad:
            raise LexiconError(f"{path}:{line}: unless names unknown frame {bad[0]!r}")
        if not example or not why:
            raise LexiconError(f"{path}:{line}: every rule needs an example and a reason")
        if taken_as:
            _check_class(path, line, taken_as)
        rules.append(RelationRule(frame, _check_class(path, line, obj),
                                  _check_class(path, line, subject), prop,
                                  frozenset(f for f in unless.split("|") if f), taken_as,
                                  example, why, line))
    return tuple(rules)


@cache
def default_rules() -> tuple[RelationRule, ...]:
    return read_relation_rules(packaged("orthokg.loaders.relations", "relation_rules.tsv"))


def decide(frames: Sequence[FrameEvidence], obj: Concept, subject: Concept,
           rules: Sequence[RelationRule] | None = None) -> Decision | None:
    """The first fitting row over the mention's frames (then ``*``), or None.

    >>> from orthokg.loaders.relations.frames import FrameEvidence
    >>> d = decide([FrameEvidence("risk", "cue")], Concept("bleeding", ("Complication",)),
    ...            Concept("hip arthroscopy", ("SurgicalProcedure",)))
    >>> d.prop, d.frame
    ('hasPossibleComplication', 'risk')
    """
    table = rules if rules is not None else default_rules()
    present = {f.frame for f in frames}
    for evidence in [*frames, FrameEvidence(ANY, "class default")]:
        for rule in table:
            if rule.frame != evidence.frame or not rule.fits(obj, subject, present):
                continue
            if rule.prop == PASS:
                break
            return Decision(rule.core_property, rule.inverse, evidence.frame, evidence.source,
                            rule.line)
    return None

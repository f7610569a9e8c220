"""Entity resolution: one node per concept, whatever name or document it came from.

Lexicon concepts are one node by construction (their IRI is the slug of the preferred
label). Concepts the loaders make up on the way (a surgical step "femoral head
removal", a benefit "reduced risk of osteolysis") are first looked up by every name
they carry under the same normalisation the evaluation uses, so a made-up concept
that the lexicon already knows under another name becomes that lexicon node.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import cast

from orthokg.loaders.model import Extraction, Fact
from orthokg.ontology.lexicon import LEXICON_SOURCE, Concept, Lexicon
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.signature import core_signatures
from orthokg.ontology.tbox import superclasses
from orthokg.ontology.vocab import slugify


@lru_cache(maxsize=1 << 16)
def normalize_key(name: str) -> str:
    """Order-free key of a name (the evaluation's normalisation): see ``normalized_label``.
    Cached: every build keys the whole lexicon's names again.

    >>> normalize_key("Removal of the Femoral Heads")
    'femoral head removal'
    """
    return normalized_label(name)


CORE_CLASSES = ("Procedure", "AnatomicalStructure", "Condition", "Device", "ImagingModality",
                "Substance", "Approach", "Benefit", "PatientGroup")


def _core(concept: Concept) -> set[str]:
    return {core for cls in concept.classes for core in CORE_CLASSES
            if core in superclasses(cls)}


def core_kinds(concept: Concept) -> set[str]:
    """The core classes (Procedure, Device, ...) ``concept`` belongs to."""
    return _core(concept)


def _same_kind(a: Concept, b: Concept) -> bool:
    """A made-up "reduced back pain" (a benefit) is not the symptom "lower back pain"."""
    return bool(_core(a) & _core(b))


# Properties a procedure has one value of at a time: a broader value is the narrower one.
ONE_OF_A_KIND = frozenset({"hasAnesthesia"})


LEXICON_INDEX = "resolution.keys"


def _lexicon_index(lexicon: Lexicon) -> tuple[frozenset[str], dict[str, Concept]]:
    """The lexicon's IRI slugs and its concepts by the key of each of their names, made
    once per lexicon: keying 4,000 concepts' names was a tenth of a small build."""
    found = lexicon.derived.get(LEXICON_INDEX)
    if found is None:
        keys: dict[str, Concept] = {}
        for concept in lexicon:
            for name in concept.names:
                keys.setdefault(normalize_key(name), concept)
        found = lexicon.derived[LEXICON_INDEX] = (
            frozenset(slugify(c.label) for c in lexicon), keys)
    return cast(tuple[frozenset[str], dict[str, Concept]], found)


class ConceptRegistry:
    """All concepts of a build, one per IRI: made-up concepts merged in by name and slug.

    Two made-up concepts whose labels give the same IRI slug become one node with one
    label; a made-up concept whose slug is taken by a lexicon concept of another kind
    gets its kind added to its label, so no IRI ever carries two labels or two kinds.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.by_slug: dict[str, Concept] = {}
        self._lexicon_slugs, keys = _lexicon_index(lexicon)
        self._by_key = dict(keys)
        self._lexicon = lexicon

    def subsumed(self, fact: Fact, facts: Iterable[Fact]) -> bool:
        """A page that says both "under anaesthetic" and "under general anaesthetic" of
        one procedure means one anaesthetic: the bare word is the kind it names elsewhere.
        (Other properties keep both: "treats arthritis" and "treats hip arthritis" are two
        statements a page makes.)"""
        return fact.prop in ONE_OF_A_KIND and any(
            other.subject == fact.subject and other.prop == fact.prop and
            fact.obj.label in self._lexicon.broader(other.obj) for other in facts)

    def resolve(self, concept: Concept) -> Concept:
        """The node ``concept`` is: a lexicon concept sharing a name, or itself (merged)."""
        if concept.source == LEXICON_SOURCE:
            return concept
        for name in concept.names:
            known = self._by_key.get(normalize_key(name))
            if known is not None and _same_kind(known, concept):
                return known if known.source == LEXICON_SOURCE else self._merge(concept, known)
        return self._merge(concept, None)

    def _merge(self, concept: Concept, known: Concept | None) -> Concept:
        slug = slugify(concept.label)
        if known is None and slug in self._lexicon_slugs:
            concept = replace(concept, label=f"{concept.label} ({concept.cls.lower()})",
                              synonyms=(concept.label, *concept.synonyms))
            slug = slugify(concept.label)
        seen = known or self.by_slug.get(slug)
        if seen is None:
            merged = concept
        else:
            extra = tuple(dict.fromkeys(n for n in concept.names if n not in seen.names))
            merged = replace(seen, synonyms=seen.synonyms + extra)
        self.by_slug[slugify(merged.label)] = merged
        for name in merged.names:
            self._by_key[normalize_key(name)] = merged
        return merged

    def made_up(self) -> Iterable[Concept]:
        return self.by_slug.values()


def dropped_message(fact: Fact) -> str:
    """One line for the build report: the fact, why it cannot be written, its evidence."""
    signature = core_signatures()[fact.prop]
    evidence = " ".join(fact.evidence.split())
    return (f"{fact.doc_id}: dropped {fact.subject.label!r} {fact.prop} {fact.obj.label!r}: "
            f"{'|'.join(fact.subject.classes)} -> {'|'.join(fact.obj.classes)} is outside "
            f"{'|'.join(signature.domain)} -> {'|'.join(signature.range)}, and writing it "
            f"would make the graph inconsistent; evidence: \"{evidence}\"")


def resolve_extraction(extraction: Extraction, registry: ConceptRegistry,
                       dropped: list[Fact] | None = None) -> Extraction:
    """The extraction with every concept resolved, facts that no longer fit their
    property's TBox signature dropped (appended to ``dropped`` when given, for the build
    report: a fact outside its property's domain or range would put an individual in
    two disjoint classes, and one such fact makes the whole graph inconsistent for a DL
    reasoner), and each (subject, property, object) kept once (the first sentence that
    states it is its evidence)."""
    facts: dict[tuple[str, str, str], Fact] = {}
    signatures = core_signatures()
    for fact in extraction.facts:
        subject, obj = registry.resolve(fact.subject), registry.resolve(fact.obj)
        if not signatures[fact.prop].fits(subject, obj):
            if dropped is not None:
                dropped.append(replace(fact, subject=subject, obj=obj))
            continue
        facts.setdefault((subject.label, fact.prop, obj.label),
                         replace(fact, subject=subject, obj=obj))
    facts = {key: fact for key, fact in facts.items()
             if not registry.subsumed(fact, facts.values())}
    quantities = [replace(q, subject=registry.resolve(q.subject),
                          about=registry.resolve(q.about) if q.about is not None else None)
                  for q in extraction.quantities]
    main = registry.resolve(extraction.main_procedure) if extraction.main_procedure else None
    concepts = {c.label: c for f in facts.values() for c in (f.subject, f.obj)}
    return Extraction(extraction.document, main, list(concepts.values()), list(facts.values()),
                      quantities)

"""A synthetic corpus of leaflets recombined from real pages, generated at run time.

Copies of a few pages make a poor large corpus: every copy resolves to the same nodes,
the registry never grows and the cache of a real library's variety is never tested.
This generator reads the shared corpus with OrthoKG's own reader (sections with their
roles) and writes ``size`` new documents, each:

* about one real page's procedure (its title and opening kept, the title varied:
  "Patient information: ...", "... - what to expect", a number);
* with sections drawn from that page and from other pages (a risks section from one,
  aftercare from another), so facts recombine across procedures;
* under varied headings ("Risks", "Possible complications", "What can go wrong?" for
  the same role), with sentences subsampled (60-100 % of each section) and sometimes
  reordered, so lengths and texts differ;
* written as plain text or Markdown.

The same ``size`` and ``seed`` give the same files. Nothing is written into the
repository: the documents go to a folder the caller gives (a temporary one in the
benchmarks), since the text is the corpus's, not ours.

    python -m benchmarks.corpus --size 10000 --out /tmp/orthokg-10k
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.command import DEFAULT_CORPORA

#: Heading variants per section role; a role not listed keeps the page's own heading.
HEADINGS: dict[str, tuple[str, ...]] = {
    "risks": ("Risks", "Possible complications", "What are the risks?",
              "Risks and complications", "What can go wrong?"),
    "benefits": ("Benefits", "What are the benefits?", "Why have this operation?"),
    "aftercare": ("After the operation", "Recovery", "Aftercare",
                  "What happens afterwards?"),
    "preparation": ("Before the operation", "Preparing for surgery",
                    "Getting ready"),
    "procedure": ("The procedure", "What happens during the operation?",
                  "How is it done?"),
    "alternatives": ("Alternatives", "Are there other options?",
                     "Other treatments"),
}
TITLE_FORMS = ("{title}", "Patient information: {title}", "{title} - what to expect",
               "{title} (leaflet {number})", "About {title}")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Part:
    """One section of a real page: its role, heading and sentences."""

    kind: str
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    opening: tuple[str, ...]
    parts: tuple[Part, ...]


def read_pages(sources: list[Path]) -> list[Page]:
    """The real pages, read by OrthoKG's reader into titled, sectioned text."""
    from orthokg.loaders.reading.readers import iter_document_paths, read_document

    pages = []
    for path in iter_document_paths(sources):
        document = read_document(path)
        parts = []
        for section in document.sections:
            sentences = tuple(s for block in section.blocks
                              for s in _SENTENCE.split(block.text) if s.strip())
            if sentences:
                parts.append(Part(section.kind.split(",")[0].strip() or "other",
                                  section.heading, sentences))
        if parts:
            pages.append(Page(document.title or path.stem, parts[0].sentences,
                              tuple(parts[1:])))
    return pages


def _heading(part: Part, rng: random.Random) -> str:
    for role, variants in HEADINGS.items():
        if role in part.kind:
            return rng.choice(variants)
    return part.heading


def _sentences(part: Part, rng: random.Random) -> list[str]:
    keep = max(1, round(len(part.sentences) * rng.uniform(0.6, 1.0)))
    chosen = sorted(rng.sample(range(len(part.sentences)), keep))
    sentences = [part.sentences[i] for i in chosen]
    if len(sentences) > 2 and rng.random() < 0.3:
        middle = sentences[1:]
        rng.shuffle(middle)
        sentences = sentences[:1] + middle
    return sentences


def compose(pages: list[Page], number: int, rng: random.Random) -> tuple[str, str]:
    """Document ``number``: (file suffix, text)."""
    page = rng.choice(pages)
    others = [p for p in pages if p is not page]
    parts = list(page.parts)
    for _ in range(rng.randint(1, 3)):  # sections from other pages, by role
        donor = rng.choice(others)
        if donor.parts:
            parts.append(rng.choice(donor.parts))
    keep = round(len(parts) * rng.uniform(0.6, 1.0))
    parts = [parts[i] for i in sorted(rng.sample(range(len(parts)), keep))]
    title = rng.choice(TITLE_FORMS).format(title=page.title, number=number)
    markdown = rng.random() < 0.5
    lines = [f"# {title}" if markdown else title, "", " ".join(page.opening), ""]
    for part in parts:
        heading = _heading(part, rng)
        lines += [f"## {heading}" if markdown else heading, " ".join(_sentences(part, rng)),
                  ""]
    return (".md" if markdown else ".txt"), "\n".join(lines)


def generate(sources: list[Path], size: int, into: Path, seed: int = 0) -> list[Path]:
    """Write ``size`` documents into ``into``; their paths, in order."""
    rng = random.Random(seed)
    pages = read_pages(sources)
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(size):
        suffix, text = compose(pages, number, rng)
        path = into / f"s{number:06d}{suffix}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def change(paths: list[Path], share: float, seed: int = 1) -> list[Path]:
    """Edit ``share`` of the documents (a sentence of another one appended): the
    incremental benchmark's "1 % of the library changed"."""
    rng = random.Random(seed)
    count = max(1, round(len(paths) * share))
    chosen = rng.sample(paths, count)
    for path in chosen:
        donor = rng.choice(paths).read_text(encoding="utf-8").splitlines()
        sentence = next((line for line in reversed(donor) if line.strip()), "")
        with path.open("a", encoding="utf-8") as text:
            text.write(f"\n{sentence}\n")
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    written = generate(list(DEFAULT_CORPORA), args.size, args.out, args.seed)
    print(f"{len(written)} documents -> {args.out}")


if __name__ == "__main__":
    main()

"""Helpers shared by the golden and CLI tests: the corpus and cached extractions."""

from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCHEMA = ROOT / "extractor" / "schema.json"
#: the text documents of corpus/docs (.txt, .md)
TEXT_DOCS = sorted(p for p in (CORPUS / "docs").iterdir() if p.suffix in (".txt", ".md"))


@cache
def extracted(path: str) -> dict:
    """The contract JSON of one corpus document (extracted once per session)."""
    from extractor.pipeline import extract

    return extract(Path(path)).to_dict()


def corpus_pairs(sub: str = "") -> list[tuple[Path, Path]]:
    from extractor.evaluate import find_pairs

    return find_pairs(CORPUS / sub if sub else CORPUS)

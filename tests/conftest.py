"""Shared fixtures: the corpus and a cached extraction of each document."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCHEMA = ROOT / "extractor" / "schema.json"


@cache
def extracted(path: str) -> dict:
    """The contract JSON of one corpus document (extracted once per session)."""
    from extractor.pipeline import extract

    return extract(Path(path)).to_dict()


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def corpus_pairs() -> list[tuple[Path, Path]]:
    from extractor.evaluate import find_pairs

    return find_pairs(CORPUS)

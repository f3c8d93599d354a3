"""Shared fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_util import SCHEMA, TEXT_DOCS, extracted
from extractor.index.store import connect, index_results


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """A search index of the text documents of corpus/docs (tests only read it)."""
    path = tmp_path_factory.mktemp("index") / "corpus.sqlite"
    index_results(connect(path), [extracted(str(p)) for p in TEXT_DOCS])
    return path


@pytest.fixture()
def conn(corpus_db: Path):
    return connect(corpus_db, create=False)

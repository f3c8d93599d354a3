"""Shared fixtures."""

from __future__ import annotations

import json

import pytest

from corpus_util import SCHEMA


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))

"""Rule files: they load, are NFC, use the project's tone-mark placement, agree with the code."""

from __future__ import annotations

import re
import unicodedata

import pytest

from extractor import rules
from extractor.normalize import fix_tone_marks

NAMES = rules.available()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_core_rule_files_present() -> None:
    assert {"doc_types", "abbreviations", "headings", "issuers_header"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_rule_file_is_nfc_and_traditional_tone_marks(name: str) -> None:
    path = rules.rules_dir() / f"{name}.yaml"
    raw = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw), name
    data = rules.load(name)
    # legacy-encoding tables legitimately hold mojibake; skip the tone check there
    if name == "legacy_encodings":
        return
    bad = [s for s in _strings(data) if fix_tone_marks(s) != s]
    assert not bad, bad[:5]


def test_document_type_codes_are_unique() -> None:
    types = rules.load("doc_types")["types"]
    codes = [t["code"] for t in types if t["code"]]
    assert len(codes) == len(set(codes))
    names = [t["name"] for t in types]
    assert len(names) == len(set(names))


def test_type_line_pattern_built_from_rules() -> None:
    from extractor.patterns import type_line

    for t in rules.load("doc_types")["types"]:
        assert type_line().match(t["name"].upper()), t["name"]


def test_abbreviation_keys_are_tokens() -> None:
    for key in rules.load("abbreviations")["expansions"]:
        assert key == key.strip() and not re.search(r"\s{2,}", key)


def test_missing_rule_file_is_a_clear_error() -> None:
    from extractor.errors import RulesError

    with pytest.raises(RulesError, match="rule file missing"):
        rules.load("no_such_rules_file")

"""Legacy Vietnamese encodings (TCVN3, VNI): detection, conversion, no false positives."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.read.legacy import analyse_legacy, convert_legacy, encode_legacy, syllable_validity
from extractor.rules import load

SENTENCES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Trường học, người dân, Mường Khương, quyết định, thuở, khuya, nghiêng",
    "Phòng Giáo dục và Đào tạo chủ trì, phối hợp với các cơ quan liên quan",
]

CASES = [
    # (legacy text, Unicode, encoding)
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "TCVN3"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "VNI"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", "TCVN3"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc", "VNI"),
    ("tr-êng häc cña ng-êi d©n", "trường học của người dân", "TCVN3"),  # ư read as "-"
]


@pytest.mark.parametrize("legacy,unicode,encoding", CASES)
def test_convert(legacy, unicode, encoding):
    assert convert_legacy(legacy) == (unicode, encoding)


@pytest.mark.parametrize("key", ["tcvn3", "vni"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip(key, sentence):
    encoded = encode_legacy(sentence, key)
    assert encoded != sentence
    assert convert_legacy(encoded)[0] == sentence


SHOULD_NOT = [
    # Unicode text that must come back untouched
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Nhiệt độ 25°C, diện tích 100 m², tỷ lệ ½ — «Tháng hành động» § 3",
    "Café © 2024 ® × ÷ · ¬",        # a few stray Latin-1 symbols
    "naïve façade résumé",           # foreign words
    "",
]


@pytest.mark.parametrize("text", SHOULD_NOT)
def test_should_not_convert(text):
    assert convert_legacy(text) == (text, None)
    assert not analyse_legacy(text).garbled


def _real_texts():
    repo = Path(__file__).resolve().parent.parent
    shared = repo.parent / "shared"  # CI and developers have shared/ beside the clone
    roots = [shared / "seeds", shared / "dev-corpus" / "text", repo / "corpus" / "docs",
             repo / "corpus" / "holdout" / "docs"]
    return [p for r in roots if r.is_dir() for p in sorted(r.iterdir()) if p.is_file()]


@pytest.mark.parametrize("path", _real_texts(), ids=lambda p: p.name)
def test_no_false_positive_on_real_documents(path):
    text = path.read_text(encoding="utf-8")
    result = analyse_legacy(text)
    assert result.encoding is None and result.text == text and not result.garbled


def test_unconvertible_mojibake_is_flagged():
    text = "ÿþý üûú ðñò ÷öõ ôóò ñðï " * 5  # not TCVN3/VNI words
    assert analyse_legacy(text).garbled


def test_mixed_document_converts_only_legacy_lines():
    text = "Kế hoạch số 74/KH-UBND\n" + encode_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam", "tcvn3")
    out, enc = convert_legacy(text)
    assert out == "Kế hoạch số 74/KH-UBND\nCộng hòa xã hội chủ nghĩa Việt Nam" and enc == "TCVN3"


@pytest.mark.parametrize("word,valid", [("nghiêng", True), ("trường", True), ("khuyết", True),
                                        ("ViÖt", False), ("héi", False), ("hoøa", False)])
def test_syllable_validator(word, valid):
    assert syllable_validity(word) == ((1 if valid else 0), 1)


def test_tables_are_well_formed():
    data = load("legacy_encodings")
    for key in ("tcvn3", "vni"):
        mapping = data[key]["map"]
        assert mapping and all(k and v for k, v in mapping.items())
        assert len(set(mapping.values())) >= 60
    # TCVN3 is a one-byte code: every key is one character
    assert all(len(k) == 1 for k in data["tcvn3"]["map"])

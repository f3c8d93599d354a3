"""The plain-text reader: encodings, double-encoded UTF-8, legacy fonts, page breaks."""

from __future__ import annotations

import unicodedata

import pytest

from extractor.errors import InputError
from extractor.read import read
from extractor.read.text import decode, fix_double_utf8, page_starts

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows writes them: base letter + combining tone."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out += base.encode("cp1258") + "".join(c for c in d if c in TONES).encode("cp1258")
    return out


VI = "Kế hoạch tổ chức Tháng hành động vì sự nghiệp giáo dục năm học 2024-2025 của Ủy ban nhân dân"


@pytest.mark.parametrize("data,encoding", [
    (VI.encode("utf-8"), "utf-8"),                                  # plain UTF-8
    (b"\xef\xbb\xbf" + VI.encode("utf-8"), "utf-8-sig"),            # UTF-8 with BOM (Notepad)
    (VI.encode("utf-16"), "utf-16"),                                # UTF-16 with BOM
    (VI.encode("utf-16-le"), "utf-16-le"),                          # UTF-16 without BOM
    (cp1258(VI), "cp1258"),                                         # Windows-1258
])
def test_decode(data: bytes, encoding: str) -> None:
    text, enc = decode(data)
    assert enc == encoding
    assert unicodedata.normalize("NFC", text) == VI


@pytest.mark.parametrize("bad,good", [
    (VI.encode("utf-8").decode("latin-1"), VI),                     # decoded as Latin-1 once
    ("Số: 74/KH-UBND\n" + VI.encode("utf-8").decode("latin-1"), "Số: 74/KH-UBND\n" + VI),  # one line only
])
def test_double_encoded_utf8_is_repaired(bad: str, good: str) -> None:
    fixed, n = fix_double_utf8(bad)
    assert fixed == good and n == 1


@pytest.mark.parametrize("text", [
    VI,                                                   # correct Vietnamese is never touched
    "Ủy ban nhân dân – “Kế hoạch” … ‘trích’",             # typographic quotes and dashes
    "Café Ã  la carte; Â B Ä",                            # Latin-1 letters that are not mojibake
])
def test_correct_text_is_left_alone(text: str) -> None:
    assert fix_double_utf8(text) == (text, 0)


def test_mojibake_that_cannot_be_repaired_is_reported(tmp_path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("ChÃ o má»«ng Ä‘áº¿n vá»›i káº¿ hoáº¡ch nÄƒm há»c\n", encoding="utf-8")
    assert any("mis-encoded" in w for w in read(path).warnings)


def test_tcvn3_text_is_converted(tmp_path) -> None:
    path = tmp_path / "tcvn3.txt"
    path.write_text("Céng hßa x· héi chñ nghÜa ViÖt Nam\nKÕ ho¹ch tæ chøc\n", encoding="utf-8")
    raw = read(path)
    assert raw.text.startswith("Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert any("TCVN3" in w for w in raw.warnings)


def test_form_feeds_are_pages() -> None:
    assert page_starts("a\fb\fc") == [0, 2, 4]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_files_are_input_errors(tmp_path, content: bytes) -> None:
    path = tmp_path / "e.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read(path)

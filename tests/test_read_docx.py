"""DOCX reading: numbering, header/signer tables, tables, footnotes, legacy fonts, safety."""

from __future__ import annotations

import pytest

import fixtures_read as F
from extractor.errors import CorruptFileError, LimitExceededError
from extractor.read import Limits, read
from extractor.read.docx import format_number, to_roman

LEVELS = {0: ("upperRoman", "%1.", 1), 1: ("decimal", "%2.", 1), 2: ("lowerLetter", "%3)", 1),
          3: ("decimal", "%2.%4.", 1), 4: ("bullet", "\uf0b7", 1)}


def _doc(tmp_path, body, **kw):
    return read(F.docx(tmp_path / "d.docx", body, **kw))


@pytest.fixture()
def numbered(tmp_path):
    body = "".join([
        F.table([["ỦY BAN NHÂN DÂN\nPHƯỜNG CHI LĂNG\nSố: 74/KH-UBND",
                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nChi Lăng, ngày 19 tháng 8 năm 2024"]]),
        F.para("KẾ HOẠCH", bold=True, center=True),
        F.para("MỤC ĐÍCH", num=(1, 0), bold=True),
        F.para("Nâng cao nhận thức", num=(1, 1)),
        F.para("trong nhân dân", num=(1, 2)),
        F.para("và học sinh", num=(1, 2)),
        F.para("Huy động nguồn lực", num=(1, 1), footnote=5),
        F.para("Chi tiết", num=(1, 3)),
        F.para("một ý gạch đầu dòng", num=(1, 4)),
        F.para("NỘI DUNG", num=(1, 0), bold=True),
        F.para("Tuyên truyền", num=(1, 1)),
        F.para("trong trường học", num=(1, 2)),
        F.para("Danh sách mới", num=(2, 1)),
        F.table([["TT", "Nội dung", "Cơ quan"], ["1", "Tuyên truyền", "Đài | Truyền thanh"]]),
        F.para("Céng hßa x· héi chñ nghÜa ViÖt Nam", font=".VnTime"),
        F.para("céng hßa", font=".VnTimeH"),
        F.table([["Nơi nhận:\n- UBND thị xã;\n- Lưu: VT.", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thanh Phương"]]),
    ])
    return _doc(tmp_path, body, numbering=F.numbering_xml(LEVELS, overrides={2: {1: 5}}, nums=(1, 2)),
                footnotes=F.footnotes_xml({5: "Theo Kế hoạch số 3352/KH-UBND."}))


EXPECTED_LINES = [
    # (line, why)
    ("I. MỤC ĐÍCH", "upperRoman level 0"),
    ("1. Nâng cao nhận thức", "decimal level 1"),
    ("a) trong nhân dân", "lowerLetter level 2"),
    ("b) và học sinh", "counter advances"),
    ("2. Huy động nguồn lực[^1]", "footnote reference, renumbered from id 5"),
    ("2.1. Chi tiết", "multi-level lvlText %2.%4."),
    ("• một ý gạch đầu dòng", "symbol-font bullet"),
    ("II. NỘI DUNG", "level 0 advances"),
    ("1. Tuyên truyền", "level 1 restarts under a new level 0"),
    ("a) trong trường học", "level 2 restarts"),
    ("5. Danh sách mới", "second numId with startOverride 5"),
    ("| TT | Nội dung | Cơ quan |", "table header row"),
    ("| 1 | Tuyên truyền | Đài / Truyền thanh |", "| inside a cell becomes /"),
    ("Cộng hòa xã hội chủ nghĩa Việt Nam", ".VnTime run converted from TCVN3"),
    ("CỘNG HÒA", ".VnTimeH run converted and upper-cased"),
    ("[^1] Theo Kế hoạch số 3352/KH-UBND.", "footnote text at the end"),
]


@pytest.mark.parametrize("line,why", EXPECTED_LINES)
def test_docx_lines(numbered, line, why):
    assert line in numbered.text.split("\n"), why


def test_header_and_signer_tables_read_by_column(numbered):
    lines = numbered.text.split("\n")
    assert lines[:7] == F.HEADER_LEFT[:2] + ["Số: 74/KH-UBND"] + F.HEADER_RIGHT + ["KẾ HOẠCH"]
    i = lines.index("Nơi nhận:")
    assert lines[i:i + 6] == ["Nơi nhận:", "- UBND thị xã;", "- Lưu: VT.", "KT. CHỦ TỊCH",
                              "PHÓ CHỦ TỊCH", "Nguyễn Thanh Phương"]
    assert not any(ln.startswith("| ỦY BAN") or ln.startswith("| Nơi nhận") for ln in lines)


def test_docx_hints_and_source(numbered):
    lines = numbered.text.split("\n")
    k = lines.index("KẾ HOẠCH")
    assert numbered.line_hints[k] == {"bold", "center"}
    assert "bold" in numbered.line_hints[lines.index("I. MỤC ĐÍCH")]
    assert lines.index("1. Nâng cao nhận thức") not in numbered.line_hints
    assert numbered.media_type.endswith("wordprocessingml.document")
    assert numbered.page_starts == [0] and numbered.ocr is None
    assert any("legacy" in w for w in numbered.warnings)


def test_tracked_deletion_and_field_code_skipped(tmp_path):
    body = ('<w:p><w:r><w:t>Giữ </w:t></w:r><w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del>'
            '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>lại</w:t></w:r></w:p>')
    assert _doc(tmp_path, body).text == "Giữ lại"


FORMAT_CASES = [(1, "decimal", "1"), (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"),
                (2, "lowerLetter", "b"), (27, "upperLetter", "AA"), (3, "decimalZero", "03"),
                (14, "upperRoman", "XIV")]


@pytest.mark.parametrize("n,fmt,out", FORMAT_CASES)
def test_format_number(n, fmt, out):
    assert format_number(n, fmt) == out


def test_to_roman_bounds():
    assert to_roman(0) == "0" and to_roman(3999) == "MMMCMXCIX"


# ------------------------------------------------------------------ safety

def test_entity_expansion_refused(tmp_path):
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    path = F.docx(tmp_path / "bomb.docx", F.para("&b;"), document_prefix=bomb)
    with pytest.raises(CorruptFileError, match="forbidden XML"):
        read(path)


def test_xml_size_limit(tmp_path):
    path = F.docx(tmp_path / "big.docx", F.para("x" * 5000))
    with pytest.raises(LimitExceededError, match="uncompressed"):
        read(path, limits=Limits(max_xml_bytes=1000))


def test_broken_xml(tmp_path):
    path = F.docx(tmp_path / "broken.docx", "<w:p><w:r><w:t>open")
    with pytest.raises(CorruptFileError, match="not well-formed"):
        read(path)


def test_docx_without_document_part(tmp_path):
    import zipfile

    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/other.xml", "<a/>")
    with pytest.raises(CorruptFileError):
        read(path)

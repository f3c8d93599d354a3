"""Heading recognition and the section tree, as tables of real-looking lines."""

from __future__ import annotations

import pytest

from extractor.normalize import normalize
from extractor.read import read_string
from extractor.segment import _match_label, segment

# (line, expected style key or None, expected bare label) — one comment per row
LABEL_CASES = [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I"),                      # seed, Roman with dot
    ("II THỜI GIAN THỰC HIỆN", "roman", "II"),                   # Roman without dot
    ("IV- TỔ CHỨC THỰC HIỆN", "roman", "IV"),                    # Roman with dash
    (" III. NỘI DUNG THỰC HIỆN:", "roman", "III"),               # leading space
    ("1. Mục đích", "arabic", "1"),                              # Arabic
    ("1.Tăng cường công tác tuyên truyền", "arabic", "1"),       # no space after the dot
    ("2) Phối hợp tổ chức", "arabic", "2"),                      # Arabic with parenthesis
    ("1.1. Ban biên tập, Đài Truyền thanh Phường:", "decimal2", "1.1"),
    ("2.3 Đối với các trường học", "decimal2", "2.3"),           # decimal without final dot
    ("3.2 . Ban tài chính:", "decimal2", "3.2"),                 # OCR-ish spacing
    ("3.1.2. Công tác kiểm tra", "decimal3", "3.1.2"),
    ("a) Hội Khuyến học", "letter", "a"),
    ("đ) Phòng Văn hóa - Xã hội", "letter", "đ"),                # Vietnamese letter đ
    ("b. Tiết lộ bí mật nhà nước", "letter", "b"),               # letter with dot
    ("Chương II", "chapter", "II"),
    ("CHƯƠNG III. TỔ CHỨC THỰC HIỆN", "chapter", "III"),
    ("Điều 5. Trách nhiệm của Sở Nội vụ", "article", "5"),
    ("Điều 12a. Sửa đổi", "article", "12a"),
    ("Mục 1. QUY ĐỊNH CHUNG", "muc", "1"),
    ("PHẦN THỨ NHẤT", "part", "NHẤT"),
    ("PHỤ LỤC I", "appendix", "PL-I"),
    ("Phụ lục 02", "appendix", "PL-02"),
    ("PHỤ LỤC", "appendix", "PL"),
    ("A. KẾT QUẢ THỰC HIỆN", "upper_letter", "A"),
    # should not match
    ("19/8/2024 là ngày khai giảng", None, None),                # a date
    ("19.8.2024 tổ chức", None, None),                           # a dotted date
    ("2024 - 2025", None, None),                                 # a school year
    ("1.000 người tham gia", None, None),                        # a quantity with a thousands dot
    ("10 trường hoàn thành", None, None),                        # a quantity at line start
    ("- Như trên;", None, None),                                 # a Nơi nhận bullet
    ("+ Chủ động phối hợp", None, None),                         # a bullet
    ("Mục tiêu chung", None, None),                              # "Mục" as an ordinary word
    ("Điều kiện tham gia", None, None),                          # "Điều" as an ordinary word
    ("Phụ lục kèm theo Kế hoạch này", None, None),               # Phụ lục in a sentence
    ("V/v tuyển chọn và gọi công dân", None, None),              # công văn subject line
    ("Số: 74 /KH-UBND", None, None),                             # the number line
    ("VII.", None, None),                                        # a bare numeral, no title
]


@pytest.mark.parametrize("line,style,bare", LABEL_CASES)
def test_heading_label(line: str, style: str | None, bare: str | None) -> None:
    found = _match_label(line)
    if style is None:
        assert found is None, found
    else:
        assert found is not None, line
        assert (found[0], found[2]) == (style, bare)


def _ids(text: str) -> list[tuple[str, str | None, int]]:
    return [(s.id, s.parent, s.level) for s in segment(normalize(read_string(text)))]


TREE_CASES = [
    # Roman > Arabic > decimal > letter: decimal ids hang under their Arabic parent
    ("I. MỤC ĐÍCH\n1. Tuyên truyền\n1.1. Đài Truyền thanh:\n- Tăng cường\na) Phòng GDĐT\nII. NỘI DUNG\n",
     [("I", None, 1), ("I.1", "I", 2), ("I.1.1", "I.1", 3), ("I.1.1.a", "I.1.1", 4), ("II", None, 1)]),
    # decimal directly under Roman
    ("III. TỔ CHỨC\n2.1. Đối với UBND Phường:\n2.2. Đối với trường học\n",
     [("III", None, 1), ("III.2.1", "III", 2), ("III.2.2", "III", 2)]),
    # Chương > Điều > khoản > điểm
    ("Chương II\nQUY ĐỊNH CỤ THỂ\nĐiều 5. Trách nhiệm\n1. Sở Nội vụ có trách nhiệm:\nb) Hướng dẫn\n",
     [("II", None, 1), ("II.5", "II", 2), ("II.5.1", "II.5", 3), ("II.5.1.b", "II.5.1", 4)]),
    # a Quy chế's Chương after a decision's Điều does not nest inside it
    ("Điều 3. Chánh Văn phòng thi hành.\nQUY CHẾ\nChương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n",
     [("3", None, 1), ("I", None, 1), ("I.1", "I", 2)]),
    # a plan attached after a decision's signer starts a tree of its own
    ("QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 3. Chánh Văn phòng thi hành.\n"
     "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n\nKẾ HOẠCH\n"
     "Chuyển đổi nghề\n(Ban hành kèm theo Quyết định số 4314/QĐ-UBND)\nI. THỰC TRẠNG\n1. Nghề cá\n",
     [("1", None, 1), ("3", None, 1), ("I", None, 1), ("I.1", "I", 2)]),
    # the group rows of a cell-per-line table are its parts ("I. NHIỆM VỤ CHUNG")
    ("PHỤ LỤC\n|\nSTT\n|\nNhiệm vụ\n|\nChủ trì\n|\n|\nI. NHIỆM VỤ CHUNG\n|\n|\n1\n|\nTập huấn\n|\nSở Y tế\n|\n|\n"
     "2\n|\nKiểm tra\n|\nSở Tư pháp\n|\n|\nII. NHIỆM VỤ RIÊNG\n|\n|\n3\n|\nBáo cáo\n|\nSở Nội vụ\n|\n",
     [("PL", None, 1), ("PL.I", "PL", 2), ("PL.II", "PL", 2)]),
    # numbering that skips is kept as written
    ("I. MỤC TIÊU\nII. NỘI DUNG\nIV. TỔ CHỨC THỰC HIỆN\n", [("I", None, 1), ("II", None, 1), ("IV", None, 1)]),
    # an appendix with its own numbering
    ("IV. TỔ CHỨC\n1. Phòng GDĐT\nPHỤ LỤC I\nDANH MỤC NHIỆM VỤ\n1. Nhiệm vụ chung\n",
     [("IV", None, 1), ("IV.1", "IV", 2), ("PL-I", None, 1), ("PL-I.1", "PL-I", 2)]),
    # quoted text from another document is not a heading
    ("1. Sửa đổi Điều 5 như sau:\n“2. Các cơ quan có trách nhiệm”\n2. Hiệu lực\n", [("1", None, 1), ("2", None, 1)]),
    # numbered lines among rows of figures are table rows, not headings
    ("2. Thực trạng\nCông lập 3 162 5.661 391\n1.THCS\n45 1.861 99 6\n2.1. Cơ sở vật chất\n",
     [("2", None, 1), ("2.1", "2", 2)]),
]


@pytest.mark.parametrize("text,expected", TREE_CASES)
def test_tree(text: str, expected: list) -> None:
    assert _ids(text) == expected


def test_titles_and_spans() -> None:
    text = ("KẾ HOẠCH\nTổ chức\nI. MỤC ĐÍCH, YÊU CẦU:\n- Nâng cao.\n"
            "1.2. Trường học: Mầm non, Tiểu học:\nNội dung.\nII. THỜI GIAN\nTừ ngày 1/9.\n")
    norm = normalize(read_string(text))
    secs = segment(norm)
    assert [s.title for s in secs] == ["MỤC ĐÍCH, YÊU CẦU", "Trường học", "THỜI GIAN"]
    for s in secs:
        a, b = s.span
        assert norm.text[a:b].startswith(s.label.split()[0])
        assert 0 <= a < b <= len(norm.text)
    # the first section's span ends where II starts, and contains its child
    assert secs[0].span[0] < secs[1].span[0] < secs[1].span[1] <= secs[0].span[1] <= secs[2].span[0]


def test_section_span_stops_at_signer() -> None:
    text = ("I. TỔ CHỨC THỰC HIỆN\nCác cơ quan thực hiện./.\nNơi nhận:\n- Như trên;\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n")
    norm = normalize(read_string(text))
    (sec,) = segment(norm)
    assert "Nơi nhận" not in norm.text[sec.span[0]:sec.span[1]]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "a", "I.", "1.", "Điều", "\f\f"])
def test_awkward_input_does_not_raise(text: str) -> None:
    if text.strip():
        segment(normalize(read_string(text)))


@pytest.mark.parametrize("text,ocr,expected", [
    # on an OCR'd page "I." after "I." is "II." with a lost stroke
    ("I. MỤC ĐÍCH\nNội dung.\nI. THỜI GIAN\nNội dung.\nIV. TỔ CHỨC\n", True, ["I", "II", "IV"]),
    # in born-digital text a repeated numeral is kept as written
    ("I. MỤC ĐÍCH\nNội dung.\nI. THỜI GIAN\nNội dung.\nIV. TỔ CHỨC\n", False, ["I", "I", "IV"]),
    # a numeral that goes on as expected is left alone
    ("I. MỤC ĐÍCH\nII. THỜI GIAN\nIII. NỘI DUNG\n", True, ["I", "II", "III"]),
])
def test_ocr_roman_sequence(text: str, ocr: bool, expected: list[str]) -> None:
    norm = normalize(read_string(text))
    if ocr:
        norm.ocr_pages = frozenset({1})
    assert [s.id for s in segment(norm) if s.level == 1] == expected


@pytest.mark.parametrize("text,expected", [
    # a phone photo read "I." as "L" and "III." as "II.": the sequence wins
    ("L MỤC TIÊU\nNội dung.\nII. NỘI DUNG\nNội dung.\nII. GIẢI PHÁP\nNội dung.\nIV. TỔ CHỨC\n",
     ["I", "II", "III", "IV"]),
    # a run that does not read as a sequence stays as read
    ("I. MỤC TIÊU\nNội dung.\nV. NỘI DUNG\nNội dung.\n", ["I", "V"]),
])
def test_ocr_roman_whole_sequence(text: str, expected: list[str]) -> None:
    norm = normalize(read_string(text))
    norm.ocr_pages = frozenset({1})
    assert [s.id for s in segment(norm) if s.level == 1] == expected


@pytest.mark.parametrize("text,ocr,expected", [
    # tesseract reads "d)" as "đ)" (and back): on an OCR'd page the sequence decides
    ("1. Nội dung\na) Một\nb) Hai\nc) Ba\nđ) Bốn\nđ) Năm\ne) Sáu\n", True, ["a", "b", "c", "d", "đ", "e"]),
    ("1. Nội dung\na) Một\nb) Hai\nc) Ba\nd) Bốn\nd) Năm\n", True, ["a", "b", "c", "d", "đ"]),
    # in born-digital text letters stay as written
    ("1. Nội dung\na) Một\nb) Hai\nc) Ba\nđ) Bốn\n", False, ["a", "b", "c", "đ"]),
    # other letters are never changed
    ("1. Nội dung\na) Một\nc) Ba\n", True, ["a", "c"]),
])
def test_ocr_letter_d(text: str, ocr: bool, expected: list[str]) -> None:
    norm = normalize(read_string(text))
    if ocr:
        norm.ocr_pages = frozenset({1})
    assert [s.id.rsplit(".", 1)[-1] for s in segment(norm) if s.style == "letter"] == expected

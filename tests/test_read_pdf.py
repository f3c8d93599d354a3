"""PDF reading: layout of the text layer, tables, footnotes, errors, sniffing."""

from __future__ import annotations

import pytest

from extractor.errors import (CorruptFileError, EncryptedFileError, InputError, LimitExceededError,
                              UnsupportedFormatError)
from extractor.read import Limits, read, sniff
from extractor.read.geometry import Line, Word, reading_order
from extractor.read.layout_pdf import PAGE_NUMBER, join_hyphenated, merge_continuation_rows

import fixtures_read as F


@pytest.fixture(scope="module")
def header_doc(tmp_path_factory):
    path = F.header_pdf(tmp_path_factory.mktemp("pdf") / "header.pdf")
    return read(path, ocr="never")


# the header reads column by column, as in shared/scans/*.ref.txt
def test_header_columns_are_separate_lines(header_doc):
    lines = header_doc.text.split("\n")
    assert lines[:6] == F.HEADER_LEFT + F.HEADER_RIGHT
    assert lines[6] == "KẾ HOẠCH"


LINE_CASES = [
    # (expected line in the text, why)
    ("và Thông tư số 32/2020/TT-BGDĐT", "hyphen at a line end rejoined"),
    ("Tháng hành động năm 2024[^1] được", "superscript mark -> [^1]"),
    ("[^1] Theo Kế hoạch số 3352/KH-UBND ngày 16/8/2024 của UBND thị xã.", "footnote kept, marked"),
    ("| TT | Nội dung | Cơ quan chủ trì |", "ruled table header row"),
    ("| 2 | Vận động học sinh | Trường học |", "ruled table data row"),
]


@pytest.mark.parametrize("expected,why", LINE_CASES)
def test_text_layer_lines(header_doc, expected, why):
    assert expected in header_doc.text, why


NOT_IN_TEXT = [
    # (text that must not appear, why)
    ("\n2\n", "page number at the top of page 2 removed"),
    ("20241", "superscript not glued to the year"),
    ("TT-\n", "no dangling hyphen"),
    ("KT. CHỦ TỊCH - UBND", "signer column not interleaved with Nơi nhận"),
]


@pytest.mark.parametrize("absent,why", NOT_IN_TEXT)
def test_text_layer_should_not(header_doc, absent, why):
    assert absent not in header_doc.text, why


def test_pages_and_provenance(header_doc):
    assert header_doc.pages == 2
    assert header_doc.text[header_doc.page_starts[1] - 2:header_doc.page_starts[1]] == "\n\f"
    assert header_doc.text[header_doc.page_starts[1]:].startswith("Phân công")
    assert header_doc.ocr is None
    assert header_doc.media_type == "application/pdf"
    assert len(header_doc.sha256) == 64
    # the signer block follows the recipients
    t = header_doc.text
    assert t.index("- Lưu: VT.") < t.index("KT. CHỦ TỊCH") < t.index("Nguyễn Thanh Phương")


def test_line_hints_bold_header(header_doc):
    lines = header_doc.text.split("\n")
    bold = {lines[i] for i, h in header_doc.line_hints.items() if "bold" in h}
    assert "ỦY BAN NHÂN DÂN" in bold and "KẾ HOẠCH" in bold
    assert not any(ln.startswith("Căn cứ") for ln in bold)


def test_tcvn3_text_layer_converted(tmp_path):
    lines = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc",
             "UBND tỉnh Ninh Bình quyết định thành lập trường học"]
    doc = read(F.tcvn3_pdf(tmp_path / "tcvn3.pdf", lines), ocr="never")
    assert doc.text.split("\n") == lines
    assert any("TCVN3" in w for w in doc.warnings)


# ---------------------------------------------------------------- errors

def _html(p):
    p.write_text("<!DOCTYPE html><html><body>404</body></html>")


def _corrupt(p):
    p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")


ERROR_CASES = [
    # (builder, suffix, expected error, words in the reason)
    (lambda p: F.encrypted_pdf(p), ".pdf", EncryptedFileError, "encrypted"),
    (_corrupt, ".pdf", CorruptFileError, "not a readable PDF"),
    (lambda p: F.zero_page_pdf(p), ".pdf", InputError, "no pages"),
    (_html, ".pdf", CorruptFileError, "HTML"),
    (_html, ".html", UnsupportedFormatError, "HTML"),
    (lambda p: p.write_bytes(b""), ".pdf", InputError, "empty"),
    (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 40), ".docx", CorruptFileError, "not DOCX"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), ".doc",
     UnsupportedFormatError, "Word 97-2003"),
]


@pytest.mark.parametrize("build,suffix,error,reason", ERROR_CASES)
def test_errors_have_one_line_reasons(tmp_path, build, suffix, error, reason):
    path = tmp_path / f"bad{suffix}"
    build(path)
    with pytest.raises(error) as info:
        read(path)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_page_limit(tmp_path, header_doc):
    path = F.header_pdf(tmp_path / "two.pdf")
    with pytest.raises(LimitExceededError, match="page limit"):
        read(path, limits=Limits(max_pages=1))
    with pytest.raises(LimitExceededError, match="byte limit"):
        read(path, limits=Limits(max_file_bytes=100))


SNIFF_CASES = [
    # (first bytes, kind)
    (b"%PDF-1.7\n", "pdf"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image"),
    (b"\xff\xd8\xff\xe0", "image"),
    (b"II*\x00", "image"),
    (b"<html><body>", "html"),
    ("Kế hoạch số 74/KH-UBND".encode(), "text"),
    (b"\x00\x01\x02\x03" * 50, "unknown"),
]


@pytest.mark.parametrize("head,kind", SNIFF_CASES)
def test_sniff(tmp_path, head, kind):
    p = tmp_path / "f.bin"
    p.write_bytes(head)
    assert sniff(p) == kind


# ---------------------------------------------------------------- helpers

def _line(*words):
    return Line([Word(t, x0, x1, y, y + 10, size=10) for t, x0, x1, y in words])


def test_reading_order_splits_two_column_rows():
    lines = [_line(("ỦY BAN", 60, 120, 10), ("CỘNG HÒA", 300, 420, 10)),
             _line(("Số: 1/KH", 60, 130, 24), ("Hà Nội, ngày 1", 300, 400, 24)),
             _line(("Căn cứ luật tổ chức chính quyền địa phương", 50, 500, 80))]
    out = [ln.text for ln in reading_order(lines, 595, 842)]
    assert out == ["ỦY BAN", "Số: 1/KH", "CỘNG HÒA", "Hà Nội, ngày 1",
                   "Căn cứ luật tổ chức chính quyền địa phương"]


def test_reading_order_keeps_aligned_rows_outside_header():
    # a borderless two-column listing lower on a later page keeps row order
    lines = [_line(("a", 60, 100, 500), ("1", 300, 310, 500)),
             _line(("b", 60, 100, 514), ("2", 300, 310, 514))]
    out = [ln.text for ln in reading_order(lines, 595, 842, first_page=False)]
    assert out == ["a 1", "b 2"]


HYPHEN_CASES = [
    (["Thông tư 32/2020/TT-", "BGDĐT của Bộ"], ["Thông tư 32/2020/TT-BGDĐT", "của Bộ"]),
    (["năm học 2023-", "2024 và"], ["năm học 2023-2024", "và"]),
    (["kinh tế -", "xã hội"], ["kinh tế -", "xã hội"]),           # spaced dash: not a split word
    (["TT\u00adBGDĐT"], ["TT-BGDĐT"]),                               # pdfium-joined line-end hyphen
]


@pytest.mark.parametrize("lines,expected", HYPHEN_CASES)
def test_join_hyphenated(lines, expected):
    assert join_hyphenated(lines) == expected


PAGE_NUMBER_CASES = [("2", True), ("- 3 -", True), ("Trang 4/9", True), ("2024", True),
                     ("Điều 2", False), ("2. Nhiệm vụ", False)]


@pytest.mark.parametrize("text,is_number", PAGE_NUMBER_CASES)
def test_page_number_pattern(text, is_number):
    assert bool(PAGE_NUMBER.match(text)) is is_number


def test_merge_continuation_rows():
    rows = [["1", "Rà soát quy hoạch", "Sở Xây dựng"], [None, "thống cây xanh", None],
            ["2", "Tết trồng cây", "UBND"]]
    assert merge_continuation_rows(rows)[0][1] == "Rà soát quy hoạch\nthống cây xanh"
    assert len(merge_continuation_rows(rows)) == 2


# ---------------------------------------------------------------- stream guard

def _bomb_with_fake_endstream(n_mib: int) -> bytes:
    """Deflate data of ``n_mib`` MiB of zeros whose first block, stored, holds
    the bytes ``endstream``: the first ``endstream`` in the file is not the end."""
    import zlib

    import bad_inputs as B

    c = zlib.compressobj(0, zlib.DEFLATED, -15)
    stored = c.compress(b" endstream ") + c.flush(zlib.Z_FULL_FLUSH)
    bomb = B.deflate_zeros(n_mib)
    return bomb[:2] + stored + bomb[2:]


@pytest.mark.parametrize("length", ["direct", "indirect"])
def test_stream_guard_reads_past_a_fake_endstream(tmp_path, length):
    # only 11 bytes to the first "endstream", but /Length says the data goes on
    import bad_inputs as B
    from extractor.read.pdf import check_streams

    data = _bomb_with_fake_endstream(64)
    if length == "direct":
        body = B.stream(data, b"/Filter /FlateDecode ")
        objects = [body]
    else:
        body = b"<< /Length 7 0 R /Filter /FlateDecode >>\nstream\n" + data + b"\nendstream"
        objects = [body, b"%d" % len(data)]
    path = tmp_path / "bomb.pdf"
    pdf = B.simple_pdf(contents=[B.stream(B.text_content(B.PDF_LINES)), objects[0]])
    if length == "indirect":  # object 7 holds the length
        pdf = B.pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [5 0 R 6 0 R] >>",
                           B.FONT, B.stream(B.text_content(B.PDF_LINES)), body, objects[1]])
    path.write_bytes(pdf)
    with pytest.raises(LimitExceededError, match="decompression bomb"):
        check_streams(path, Limits(max_stream_bytes=50 << 20))


def test_stream_guard_skips_streams_too_short_to_reach_the_limit(tmp_path, monkeypatch):
    import extractor.read.pdf as P

    path = F.header_pdf(tmp_path / "ok.pdf")
    inflated = []
    monkeypatch.setattr(P, "_inflated_size", lambda *a: inflated.append(a) or 0)
    P.check_streams(path, Limits())                      # 256 MB: every stream here is far too short
    assert inflated == []
    P.check_streams(path, Limits(max_stream_bytes=1000))  # a small limit: each is inflated
    assert inflated


# Electronic office systems stamp a signed document's number and day into signature
# fields whose glyphs have no Unicode: they are read by OCR of what the fields add to
# the page. Real PDFs from shared/dev-corpus (beside the clone on CI and here).
_DEV_FILES = __import__("pathlib").Path(__file__).resolve().parent.parent.parent / "shared" / "dev-corpus" / "files"
STAMPED = [
    ("f01_kh.pdf", "193/KH-UBND", "2024-11-01"),
    ("f02_qd.pdf", "807/QĐ-UBND", "2024-11-04"),
    ("f03_cv.pdf", "2926/SNV-TCBC", "2025-11-15"),
]


@pytest.mark.parametrize("name,number,date", STAMPED)
def test_numbers_stamped_in_signature_fields(name, number, date):
    import shutil

    path = _DEV_FILES / name
    if not path.exists() or shutil.which("tesseract") is None:
        pytest.skip("shared/dev-corpus or tesseract not here")
    from extractor import extract

    doc = extract(str(path)).document
    assert (doc.number_symbol, doc.issued_date) == (number, date)

"""OCR: preprocessing, repairs (fast), and a few small end-to-end OCR runs (marked ``ocr``)."""

from __future__ import annotations

import shutil

import pytest

import fixtures_read as F
from extractor.errors import InputError, LimitExceededError
from extractor.read import Limits, read
from extractor.read.ocr import _repairs, estimate_skew, is_junk, repair, suppress_colour
from extractor.rules import load

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
ocr = [pytest.mark.ocr, needs_tesseract]

LINES = ["KẾ HOẠCH số 74/KH-UBND", "Tổ chức tháng hành động vì sự nghiệp giáo dục",
         "Căn cứ Thông tư số 32/2020/TT-BGDĐT ngày 15/9/2020", "KT. CHỦ TỊCH"]


# ---------------------------------------------------------------- repairs

REPAIR_CASES = [
    # (OCR line, repaired line)
    ("ngày l6/8/2O24", "ngày 16/8/2024"),                     # l/1 and O/0 inside numbers
    ("Số: 74/KH – UBND", "Số: 74/KH-UBND"),                   # en dash in a symbol
    ("Thông tư số 32/2020/TTBGDĐT", "Thông tư số 32/2020/TT-BGDĐT"),  # lost hyphen
    ("| Nội dung | Chỉ tiêu |", "Nội dung Chỉ tiêu"),          # table rules read as bars
    ("ỦY BAN NHÂN DÂN ______", "ỦY BAN NHÂN DÂN"),             # underline rule
    ("ngày 16 /8/ 2024", "ngày 16/8/2024"),                   # spaces around slashes in dates
]

REPAIR_SHOULD_NOT = [
    # lines that must come out unchanged
    "I. MỤC ĐÍCH, YÊU CẦU",          # Roman numeral is not a 1
    "II. NỘI DUNG",
    "Số: 74 /KH-UBND",               # space before the slash is the author's
    "kinh tế - xã hội",              # a spaced dash in prose
    "Độc lập - Tự do - Hạnh phúc",
    "Lớp 10A1 có 35 học sinh",
    "Công ty TNHH MTV Lào Cai",
]


@pytest.mark.parametrize("seen,meant", REPAIR_CASES)
def test_repair(seen, meant):
    assert repair(seen) == meant


@pytest.mark.parametrize("line", REPAIR_SHOULD_NOT)
def test_repair_should_not(line):
    assert repair(line) == line


def test_repair_rules_examples_hold():
    """Every rule's own example, applied by that rule alone, gives its expected text."""
    data = load("ocr_repairs")
    compiled, _ = _repairs()
    assert len(compiled) == len(data["substitutions"])
    for rule, (pattern, replacement) in zip(data["substitutions"], compiled):
        seen, meant = rule["example"]
        assert " ".join(pattern.sub(replacement, seen).split()) == meant, rule["id"]


@pytest.mark.parametrize("line,junk", [("____", True), ("— —", True), ("|", True), ("a", False),
                                       ("1.", False)])
def test_junk_lines(line, junk):
    assert is_junk(line) is junk


# ----------------------------------------------------------- preprocessing

def test_red_seal_is_lifted_black_text_kept():
    import numpy as np

    img = F.scan_image(LINES, seal=True)
    grey, colour = suppress_colour(img)
    arr = np.asarray(grey)
    rgb = np.asarray(img)
    red = (rgb[..., 0] > 180) & (rgb[..., 1] < 120)
    assert colour and red.any()
    assert arr[red].mean() > 230          # seal ink is near white
    assert (arr < 80).sum() > 1000        # print stays dark


@pytest.mark.parametrize("angle", [0.0, 1.5, -2.0])
def test_skew_estimate(angle):
    img = F.scan_image(LINES * 3, angle=angle).convert("L")
    assert estimate_skew(img) == pytest.approx(angle, abs=0.3)


def test_image_pixel_limit(tmp_path):
    path = tmp_path / "big.png"
    F.scan_image(LINES).save(path)
    with pytest.raises(LimitExceededError, match="pixel limit"):
        read(path, limits=Limits(max_pixels=10_000))


def test_image_needs_ocr(tmp_path):
    path = tmp_path / "p.png"
    F.scan_image(LINES[:1]).save(path)
    with pytest.raises(InputError, match="only be read with OCR"):
        read(path, ocr="never")


# ------------------------------------------------------- OCR end to end

@pytest.mark.parametrize("dummy", [0], ids=["rotated-seal-png"])
@pytest.mark.ocr
@needs_tesseract
def test_ocr_rotated_scan_with_seal(tmp_path, dummy):
    path = tmp_path / "scan.png"
    F.scan_image(LINES, angle=1.5, seal=True).save(path, dpi=(200, 200))
    doc = read(path, jobs=1)
    text = " ".join(doc.text.split())
    for expected in ("KẾ HOẠCH", "74/KH-UBND", "32/2020/TT-BGDĐT", "15/9/2020", "KT. CHỦ TỊCH"):
        assert expected in text
    assert doc.media_type == "image/png"
    assert doc.ocr and doc.ocr.pages == [1] and doc.ocr.lang == "vie"
    assert doc.ocr.engine.startswith("tesseract ")
    assert doc.ocr.mean_confidence and doc.ocr.mean_confidence > 70
    assert doc.extra["ocr_words"][1]
    assert abs(doc.extra["ocr_skew"][1]) > 1.0


@pytest.mark.ocr
@needs_tesseract
def test_ocr_scanned_pdf_and_tiff_pages(tmp_path):
    imgs = [F.scan_image(LINES[:2]), F.scan_image(LINES[2:])]
    pdf = read(F.scan_pdf(tmp_path / "scan.pdf", imgs), jobs=2)
    assert pdf.pages == 2 and pdf.ocr.pages == [1, 2]
    assert pdf.extra["page_sources"] == ["ocr", "ocr"]
    assert "KẾ HOẠCH" in pdf.text[:pdf.page_starts[1]]
    assert "KT. CHỦ TỊCH" in pdf.text[pdf.page_starts[1]:]
    assert any("OCR used" in w for w in pdf.warnings)
    tif = tmp_path / "scan.tif"
    imgs[0].save(tif, save_all=True, append_images=imgs[1:], dpi=(200, 200))
    doc = read(tif, jobs=1)
    assert doc.pages == 2 and doc.media_type == "image/tiff"
    assert "KT. CHỦ TỊCH" in doc.text[doc.page_starts[1]:]

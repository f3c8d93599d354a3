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
    ("Số: (/KH-UBND", "Số: /KH-UBND"),                        # a speck in a blank number
    ("Số: [/QĐ-UBND", "Số: /QĐ-UBND"),
    ("~ CT, các PCT UBND huyện;", "- CT, các PCT UBND huyện;"),  # tilde for a list dash
    ("~- Lưu: VT, GD&ĐT.", "- Lưu: VT, GD&ĐT."),
    ("- Sở GD&ĐT tỉnh (b/©);", "- Sở GD&ĐT tỉnh (b/c);"),     # © for c
    ("Nỡi nhận:", "Nơi nhận:"),                               # the recipients label, marks misread
    ("Noi nhân: - UBND tỉnh;", "Nơi nhận: - UBND tỉnh;"),
    ("Ni nhàn", "Nơi nhận:"),                                 # bold italics, the o lost
    ("Kinh gữi: Sở Giáo dục và Đào tạo", "Kính gửi: Sở Giáo dục và Đào tạo"),
    ("Tố chức “Tháng hành động”", "Tổ chức “Tháng hành động”"),   # confusable phrases
    ("TỐ CHỨC THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"),
    ("đề cao tỉnh thần hiếu học", "đề cao tinh thần hiếu học"),
    ("hưởng chỉ phí đi lại", "hưởng chi phí đi lại"),
    ("coi thí đua là", "coi thi đua là"),
    ("KT. CHU TỊCH", "KT. CHỦ TỊCH"),
    ("3, Đề nghị Ủy ban Mặt trận", "3. Đề nghị Ủy ban Mặt trận"),  # heading dot read as a comma
    ("Số:... /KH-DCT", "Số: /KH-DCT"),                        # dots in a blank number
    ("Với nhận:", "Nơi nhận:"),                               # N read as V, with its colon
    ("UBNDTÌNH PHÚ THỌ", "UBND TỈNH PHÚ THỌ"),                # space lost, TỈNH read TÌNH
    ("UBND TÌNH BẾN TRE", "UBND TỈNH BẾN TRE"),
    ("UBNDHUYỆN VĨNH BẢO", "UBND HUYỆN VĨNH BẢO"),
    ("để tông hợp và triên khai tô chức", "để tổng hợp và triển khai tổ chức"),
    ("THÀNH PHÓ HÒ CHÍ MINH", "THÀNH PHỐ HỒ CHÍ MINH"),
    ("Thành phó Hô Chí Minh, ngày", "Thành phố Hồ Chí Minh, ngày"),   # case word by word
    ("SỞ THÔNG TIN VÀ TRUYÈN THÔNG", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"),
    ("KT. GIÁM ĐÓC", "KT. GIÁM ĐỐC"),
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
    "Số: 74 /KH-UBND",               # a real number before the slash
    "Số (2) /KH: mục",                # brackets not right before the slash
    "a ~ b",                          # a tilde inside a line
    "© 2024 Cổng thông tin",          # a real copyright sign
    "Nơi nhận hồ sơ: Bộ phận một cửa",  # "nơi nhận" in prose, not the label
    "Kinh tế - xã hội",              # "Kinh" not followed by "gửi:"
    "tỉnh Thái Nguyên",               # "tỉnh" is a word; only "tỉnh thần" is repaired
    "tố cáo, tổ chức",                # other "tố" words; the right "tổ chức"
    "chỉ đạo, chỉ tiêu",
    "chu đáo",
    "Chỉ Lăng",                        # place names are not guessed here
    "5, 6 và 7 của Điều 3",           # numbers in a wrapped list
    "2, các đơn vị",                  # prose after a comma
    "12,5 Triệu đồng",                # a decimal comma
    "Với nhận thức đầy đủ",            # "Với nhận" in prose: no colon
    "UBND tỉnh Bến Tre",              # lower-case level, already spaced
    "tình hình, tình nguyện",         # "tình" is a word; only after UBND is it TỈNH
    "phát triển kinh tế đi đôi với bảo vệ môi trường",   # "đôi với" is not repaired
    "trao đổi với các sở",
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


@pytest.mark.parametrize("line,kept", [
    ("Nơi nhận:", True),               # a label read with confidence 27 is kept
    ("Kính gửi: Sở Tài chính", True),
    ("Ni nhàn", False),                # only once repaired
    ("5 Ũ", False),
])
def test_low_confidence_label_lines_are_kept(line, kept):
    from extractor.read.geometry import Line, Word
    from extractor.read.ocr import is_residue

    ln = Line([Word(w, 0, 10, 0, 10, conf=20.0) for w in line.split()])
    assert is_residue(ln, line) is (not kept)


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


def test_grey_fringe_of_coloured_ink_is_lifted_print_beside_it_kept():
    """JPEG keeps colour at half resolution: a red stroke's edge is grey. The
    edge is lifted with the stroke; black print touching the stroke is not."""
    import numpy as np
    from PIL import Image

    from extractor.read.ocr import ink_channels, lift_colour

    arr = np.full((20, 30, 3), 235, dtype=np.uint8)
    arr[:, 10:13] = (215, 60, 60)        # red stroke
    arr[:, 13] = (160, 150, 150)         # its grey, nearly colourless edge
    arr[:, 9] = (40, 40, 40)             # black print touching it on the other side
    hi, chroma = ink_channels(Image.fromarray(arr))
    out = np.asarray(lift_colour(hi, hi, chroma))
    assert out[:, 10:14].min() > 230
    assert out[:, 9].max() < 80


@pytest.mark.parametrize("tint", [(1.0, 0.9, 0.7), (0.85, 0.9, 1.0)], ids=["warm-lamp", "cool-daylight"])
def test_tinted_paper_keeps_its_print(tint):
    """A photo under coloured light: the paper's own chroma is not ink, so the
    grey edges of the letters are not lifted (they were: 22 % fewer dark pixels)."""
    import numpy as np
    from PIL import Image

    from extractor.read.ocr import prepare

    img = F.scan_image(LINES * 3, dpi=150)
    plain = (np.asarray(prepare(img)[0]) < 128).sum()
    arr = (np.asarray(img).astype(np.float32) * np.array(tint, dtype=np.float32)).astype(np.uint8)
    tinted = (np.asarray(prepare(Image.fromarray(arr))[0]) < 128).sum()
    assert tinted > 0.95 * plain


def test_prepare_flattens_light_before_lifting_colour():
    """A photo: light falling off to one side, a large red seal. The paper
    around the lifted seal must stay as light as the paper elsewhere; lifting
    first made the seal whiter than the paper and left a grey halo (207 here)."""
    import numpy as np
    from PIL import Image, ImageDraw

    from extractor.read.ocr import prepare

    img = Image.new("RGB", (1200, 1000), (235, 235, 235))
    draw = ImageDraw.Draw(img)
    for y in range(60, 960, 40):
        draw.rectangle((100, y, 1100, y + 12), fill=(30, 30, 30))     # lines of print
    draw.ellipse((450, 350, 750, 650), fill=(225, 70, 70))            # the seal
    arr = np.asarray(img).astype(np.float32)
    arr *= np.linspace(1.0, 0.7, arr.shape[1], dtype=np.float32)[None, :, None]
    grey, _, colour = prepare(Image.fromarray(arr.astype(np.uint8)))
    out = np.asarray(grey)
    near = np.concatenate([out[318:336, 450:750].ravel(),     # paper above the seal
                           out[395:418, 400:448].ravel(), out[395:418, 752:800].ravel()])  # beside it
    assert colour
    assert near.min() > 240
    assert out[480:520, 560:640].min() > 240                   # the seal itself is gone
    assert out[382:390, 100:440].max() < 80                    # print stays dark


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

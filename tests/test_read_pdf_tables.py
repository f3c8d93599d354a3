"""Ruled tables of born-digital PDFs read from pdfium's page objects
(``extractor.read.tables_pdf``): the same rows as pdfplumber, merged cells,
producers' ways of drawing rules, rotated pages, form XObjects, tables over
two pages, horizontal rules only, pages with rules but no table, and the
fall-back to pdfplumber."""

from __future__ import annotations

import random

import pytest

import extractor
from extractor.read import read
from extractor.read.geometry import Line, Word, reading_order
from extractor.read.objects_pdf import Frame
from extractor.read.tables_pdf import find_grids

import fixtures_tables as FT

MERGED_ROWS = [
    "| TT | Nhiệm vụ | Cơ quan Chủ trì | Phối hợp |",
    "| 1 | Tuyên truyền pháp luật | Phòng Tư pháp | Các xã |",
    "| 2 | Rà soát quy hoạch hệ thống cây xanh | Sở Xây dựng | UBND huyện |",
    "|  | Trồng cây phân tán | Hạt Kiểm lâm |  |",
]
SIMPLE_ROWS = [
    "| TT | Nội dung | Thời gian |",
    "| 1 | Tập huấn cán bộ | Quý I/2025 |",
    "| 2 | Kiểm tra, đánh giá | Quý IV/2025 |",
]


def _lines(doc) -> list[str]:
    return doc.text.replace("\f", "").split("\n")


def _plumber_rows(path, page: int = 1) -> list[list[str]]:
    import pdfplumber

    from extractor.read.layout_pdf import find_tables

    with pdfplumber.open(str(path)) as pdf:
        return [t.rows for t in find_tables(pdf.pages[page - 1])]


def _pdfium_rows(path, page: int = 1) -> list[list[str]]:
    import pypdfium2 as pdfium

    from extractor.read.layout_pdf import extract_page

    pdf = pdfium.PdfDocument(str(path))
    try:
        p = extract_page(pdf[page - 1], page)
        assert not p.plumber, p.plumber
        return [t.rows for t in p.tables]
    finally:
        pdf.close()


CASES = [
    # (table, expected rows, style) -- how producers draw the rules
    *[(FT.MERGED, MERGED_ROWS, s) for s in FT.STYLES],
    *[(FT.SIMPLE, SIMPLE_ROWS, s) for s in FT.STYLES],
]


@pytest.mark.parametrize("table,rows,style", CASES)
def test_ruled_table_rows(tmp_path, table, rows, style):
    path = FT.table_pdf(tmp_path / f"{style}.pdf", table, style)
    doc = read(path, ocr="never")
    assert doc.extra["table_readers"] == {1: "pdfium"}
    lines = _lines(doc)
    assert lines == ["Phân công nhiệm vụ:", *rows, "Các cơ quan triển khai thực hiện."]


@pytest.mark.parametrize("table,style", [(FT.MERGED, s) for s in FT.STYLES] + [(FT.SIMPLE, "word")])
def test_same_rows_as_pdfplumber(tmp_path, table, style):
    path = FT.table_pdf(tmp_path / f"{style}.pdf", table, style)
    assert _pdfium_rows(path) == _plumber_rows(path)


def test_text_run_across_a_cell_border_is_split_by_character(tmp_path):
    # "12" set against the right border, "Tập" against the left one of the
    # next cell: pdfium reads "12Tập" as one word
    from reportlab.pdfgen import canvas

    from fixtures_read import _register

    regular, _ = _register()
    path = tmp_path / "tight.pdf"
    c = canvas.Canvas(str(path))
    xs, top, rh = [85, 125, 330], 700, 22
    for k in range(4):
        c.line(xs[0], top - k * rh, xs[-1], top - k * rh)
    for x in xs:
        c.line(x, top, x, top - 3 * rh)
    c.setFont(regular, 11)
    for r, (a, b) in enumerate([("TT", "Nội dung"), ("12", "Tập huấn cán bộ"), ("13", "Kiểm tra")]):
        c.drawRightString(xs[1] - 0.3, top - r * rh - 15, a)
        c.drawString(xs[1] + 0.3, top - r * rh - 15, b)
    c.showPage()
    c.save()
    rows = _pdfium_rows(path)
    assert rows == [[["TT", "Nội dung"], ["12", "Tập huấn cán bộ"], ["13", "Kiểm tra"]]]
    assert rows == _plumber_rows(path)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_reads_upright(tmp_path, rotation):
    path = FT.rotated_table_pdf(tmp_path / f"rot{rotation}.pdf", FT.MERGED, rotation)
    doc = read(path, ocr="never")
    assert _lines(doc) == ["Phụ lục: phân công nhiệm vụ", *MERGED_ROWS,
                           "Các cơ quan triển khai thực hiện."]
    assert doc.extra["table_readers"] == {1: "pdfium"}
    assert _pdfium_rows(path) == _plumber_rows(path)


@pytest.mark.parametrize("turn", [90, 270])
def test_sideways_page_reads_upright(tmp_path, turn):
    # no /Rotate: the text itself runs up (or down) the page
    doc = read(FT.sideways_table_pdf(tmp_path / f"side{turn}.pdf", FT.MERGED, turn), ocr="never")
    assert _lines(doc) == ["Phụ lục: phân công nhiệm vụ", *MERGED_ROWS,
                           "Các cơ quan triển khai thực hiện."]
    assert doc.extra["table_readers"] == {1: "pdfium"}


def test_undecided_table_on_a_sideways_page_stays_text(tmp_path):
    # pdfplumber would read the page transposed: no table rather than a wrong one
    path = FT.sideways_table_pdf(tmp_path / "side.pdf", FT.MERGED, 90, vertical=(0, 0))
    doc = read(path, ocr="never")
    assert doc.extra["table_readers"] == {1: "none: text in a table is not upright"}
    assert "|" not in doc.text
    for words in ("Tuyên truyền pháp luật", "Phòng Tư pháp", "Hạt Kiểm lâm", "Các cơ quan triển khai"):
        assert words in doc.text


def test_table_inside_form_xobject(tmp_path):
    doc = read(FT.form_table_pdf(tmp_path / "form.pdf", FT.MERGED), ocr="never")
    assert _lines(doc) == ["Phân công nhiệm vụ:", *MERGED_ROWS]


def test_table_over_two_pages_is_one_table(tmp_path):
    path = FT.two_page_table_pdf(tmp_path / "two.pdf")
    doc = read(path, ocr="never")
    assert doc.extra["table_readers"] == {1: "pdfium", 2: "pdfium"}
    for page in (1, 2):
        assert _pdfium_rows(path, page) == _plumber_rows(path, page)
    result = extractor.extract(str(path))
    assert len(result.tables) == 1
    table = result.to_dict()["tables"][0]
    assert table["header"] == ["TT", "Nhiệm vụ", "Cơ quan chủ trì"]
    assert table["rows"][0] == ["1", "Nhiệm vụ số 1", "Sở Nội vụ"]
    assert table["rows"][-1] == ["60", "Nhiệm vụ số 60", "Sở Tài chính"]


@pytest.mark.parametrize("table,expected", [
    (FT.MERGED, ["TT Nhiệm vụ Cơ quan", "Chủ trì Phối hợp",
                 "1 Tuyên truyền pháp luật Phòng Tư pháp Các xã",
                 "2 Rà soát quy hoạch Sở Xây dựng UBND huyện", "hệ thống cây xanh",
                 "Trồng cây phân tán Hạt Kiểm lâm"]),
    (FT.SIMPLE, ["TT Nội dung Thời gian", "1 Tập huấn cán bộ Quý I/2025",
                 "2 Kiểm tra, đánh giá Quý IV/2025"]),
])
def test_horizontal_rules_only_stay_lines_in_row_order(tmp_path, table, expected):
    # no vertical rules: no cells to trust, so no table; but the rules keep
    # the rows together (an empty cell must not split the page into columns)
    doc = read(FT.table_pdf(tmp_path / "h.pdf", table, "hrules"), ocr="never")
    assert _lines(doc) == ["Phân công nhiệm vụ:", *expected,
                           "Các cơ quan triển khai thực hiện."]
    assert doc.extra["table_readers"] == {}


def test_rules_without_a_table(tmp_path):
    doc = read(FT.rules_no_table_pdf(tmp_path / "rules.pdf"), ocr="never")
    assert "|" not in doc.text
    assert _lines(doc) == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                           "Căn cứ Luật Tổ chức chính quyền địa phương;",
                           "Xét đề nghị của Trưởng phòng Nội vụ.",
                           "Ghi chú: văn bản này thay thế Kế hoạch số 12/KH-UBND.",
                           "Chữ ký thành viên 1", "Chữ ký thành viên 2", "Chữ ký thành viên 3"]


def test_turned_text_in_a_table_falls_back_to_pdfplumber(tmp_path):
    path = FT.table_pdf(tmp_path / "v.pdf", FT.MERGED, "word", vertical=(0, 0))
    doc = read(path, ocr="never")
    assert doc.extra["table_readers"][1].startswith("pdfplumber: ")
    assert _lines(doc) == ["Phân công nhiệm vụ:", *MERGED_ROWS,
                           "Các cơ quan triển khai thực hiện."]


# ------------------------------------------------------------------ geometry

FRAME_CASES = [
    # (user box, /Rotate, user point, display point)
    ((0, 0, 595, 842), 0, (72, 800), (72, 42)),
    ((10, 20, 605, 862), 0, (82, 820), (72, 42)),       # crop box off the origin
    ((0, 0, 595, 842), 90, (100, 700), (700, 100)),
    ((0, 0, 595, 842), 180, (100, 700), (495, 700)),
    ((0, 0, 595, 842), 270, (100, 700), (142, 495)),
]


@pytest.mark.parametrize("box,rotation,user,display", FRAME_CASES)
def test_frame_maps_user_space_to_display(box, rotation, user, display):
    assert Frame(box, rotation).point(*user) == pytest.approx(display)


def _plumber_cells(h, v):
    """Tables of cells by pdfplumber's own functions, for the same rules."""
    from pdfplumber import table as T
    from pdfplumber.utils import filter_edges

    edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
              "orientation": "h", "object_type": "line"} for x0, x1, y in h]
    edges += [{"x0": x, "x1": x, "top": t, "bottom": b, "width": 0, "height": b - t,
               "orientation": "v", "object_type": "line"} for t, b, x in v]
    edges = filter_edges(T.merge_edges(edges, 4, 4, 4, 4), min_length=3)
    cells = T.intersections_to_cells(T.edges_to_intersections(edges, 4, 4))
    return [sorted(t) for t in T.cells_to_tables(cells)]


def _random_rules(seed: int):
    rnd = random.Random(seed)
    xs = sorted(rnd.sample(range(50, 550, 5), rnd.randint(2, 7)))
    ys = sorted(rnd.sample(range(50, 800, 5), rnd.randint(2, 9)))
    jitter = lambda: rnd.choice([0, 0, 0, 0.25, -0.25, 0.5, 1.5, 3.5])  # noqa: E731
    h = []
    for y in ys:
        k = rnd.randrange(len(xs) - 1)
        for a, b in zip(xs, xs[1:]):  # cell-wide pieces, some missing (merged cells)
            if rnd.random() < 0.85 or a == xs[k]:
                h.append((a + jitter(), b + jitter(), y + jitter()))
    v = []
    for x in xs:
        for a, b in zip(ys, ys[1:]):
            if rnd.random() < 0.85:
                v.append((a + jitter(), b + jitter(), x + jitter()))
    return h, v


def _rounded(tables):
    return [[tuple(round(c, 6) for c in cell) for cell in t] for t in tables]


@pytest.mark.parametrize("seed", range(40))
def test_grid_cells_as_pdfplumber(seed):
    h, v = _random_rules(seed)
    ours = [sorted(t) for t in find_grids(h, v)]
    assert _rounded(ours) == _rounded(_plumber_cells(h, v))


def _line(*words):
    return Line([Word(t, x0, x1, y, y + 10, size=10) for t, x0, x1, y in words])


def test_rules_across_the_gutter_keep_row_order():
    # a table ruled with horizontal lines only, one cell empty, in the header zone
    lines = [_line(("TT", 60, 80, 100), ("Nội dung", 100, 160, 100),
                   ("Thời gian", 300, 360, 100)),
             _line(("1", 60, 66, 124), ("Tập huấn", 100, 160, 124), ("Quý I", 300, 330, 124)),
             _line(("2", 60, 66, 148), ("Kiểm tra", 100, 160, 148))]
    rules = [(55, 400, 95), (55, 400, 116), (55, 400, 162)]
    rows = [ln.text for ln in reading_order(lines, 595, 842, rules=rules)]
    assert rows == ["TT Nội dung Thời gian", "1 Tập huấn Quý I", "2 Kiểm tra"]
    columns = [ln.text for ln in reading_order(lines, 595, 842)]
    assert columns[0] == "TT Nội dung"          # without the rules: read as two columns

"""Builders of PDFs with tables for the read-stage tests, drawn with reportlab
at test time.

Tables are drawn the ways PDF producers draw them (``STYLES``): Word's thin
filled bars, one stroked line per border (LibreOffice), one stroked path
for the whole grid, a stroked box per cell, and horizontal rules only.
A table is given as rows of cell text; ``None`` marks a position covered by
a merged cell, whose extent ``spans`` gives as ``(row, col): (rows, cols)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fixtures_read import _register

STYLES = ("word", "lines", "grid", "boxes")


@dataclass
class Table:
    rows: list[list[str | None]]
    widths: list[float]
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    row_h: float = 24.0
    size: float = 10.0


#: A duty table with a header cell spanning two columns, a first-column
#: cell spanning two rows, and a cell with two lines of text.
MERGED = Table(
    rows=[["TT", "Nhiệm vụ", "Cơ quan", None],
          [None, None, "Chủ trì", "Phối hợp"],
          ["1", "Tuyên truyền pháp luật", "Phòng Tư pháp", "Các xã"],
          ["2", "Rà soát quy hoạch\nhệ thống cây xanh", "Sở Xây dựng", "UBND huyện"],
          [None, "Trồng cây phân tán", "Hạt Kiểm lâm", ""]],
    widths=[30, 170, 110, 110],
    spans={(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2), (3, 0): (2, 1)},
)

SIMPLE = Table(
    rows=[["TT", "Nội dung", "Thời gian"],
          ["1", "Tập huấn cán bộ", "Quý I/2025"],
          ["2", "Kiểm tra, đánh giá", "Quý IV/2025"]],
    widths=[30, 220, 120],
)


def _cells(t: Table):
    """(row, col, x0, top, x1, bottom) of each cell, top-left origin offsets."""
    xs = [0.0]
    for w in t.widths:
        xs.append(xs[-1] + w)
    out = []
    for r, row in enumerate(t.rows):
        for k, text in enumerate(row):
            if text is None:
                continue
            nr, nc = t.spans.get((r, k), (1, 1))
            out.append((r, k, xs[k], r * t.row_h, xs[k + nc], (r + nr) * t.row_h))
    return out


def draw_table(c, t: Table, x: float, y_top: float, style: str, *,
               vertical: tuple[int, int] | None = None) -> float:
    """Draw ``t`` with its top-left corner at (x, y_top) in PDF points (y up);
    return the y of its bottom. ``vertical`` sets that cell's text rotated
    90 degrees (read bottom to top)."""
    regular, _ = _register()
    cells = _cells(t)
    segs: set[tuple[float, float, float, float]] = set()
    for _, _, x0, top, x1, bottom in cells:
        X0, X1, Y0, Y1 = x + x0, x + x1, y_top - top, y_top - bottom
        segs |= {(X0, Y0, X1, Y0), (X0, Y1, X1, Y1), (X0, Y1, X0, Y0), (X1, Y1, X1, Y0)}
    c.setLineWidth(0.5)
    if style == "word":
        for x0, y0, x1, y1 in sorted(segs):
            if y0 == y1:
                c.rect(x0 - 0.25, y0 - 0.25, x1 - x0 + 0.5, 0.5, stroke=0, fill=1)
            else:
                c.rect(x0 - 0.25, y1 - 0.25, 0.5, y0 - y1 + 0.5, stroke=0, fill=1)
    elif style == "lines":
        for x0, y0, x1, y1 in sorted(segs):
            c.line(x0, y0, x1, y1)
    elif style == "grid":
        p = c.beginPath()
        for x0, y0, x1, y1 in sorted(segs):
            p.moveTo(x0, y0)
            p.lineTo(x1, y1)
        c.drawPath(p, stroke=1, fill=0)
    elif style == "boxes":
        for _, _, x0, top, x1, bottom in cells:
            c.rect(x + x0, y_top - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
    elif style == "hrules":
        width = sum(t.widths)
        for k in (0, 1, len(t.rows)):
            c.line(x, y_top - k * t.row_h, x + width, y_top - k * t.row_h)
    else:
        raise ValueError(style)
    for r, k, x0, top, x1, bottom in cells:
        lines = t.rows[r][k].split("\n") if t.rows[r][k] else []
        c.setFont(regular, t.size)
        if vertical == (r, k):
            c.saveState()
            c.translate(x + (x0 + x1) / 2 + t.size / 3, y_top - bottom + 3)
            c.rotate(90)
            c.drawString(0, 0, " ".join(lines))
            c.restoreState()
            continue
        for i, line in enumerate(lines):
            c.drawString(x + x0 + 3, y_top - top - 3 - t.size * (1.2 * i + 1), line)
    return y_top - len(t.rows) * t.row_h


def table_pdf(path: Path, t: Table, style: str = "word", *, before: str = "Phân công nhiệm vụ:",
              after: str = "Các cơ quan triển khai thực hiện.", vertical=None) -> Path:
    """One A4 page: a line of text, the table, a line of text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, _ = _register()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(regular, 13)
    c.drawString(85, h - 90, before)
    bottom = draw_table(c, t, 85, h - 110, style, vertical=vertical)
    c.setFont(regular, 13)
    c.drawString(85, bottom - 30, after)
    c.showPage()
    c.save()
    return path


def two_page_table_pdf(path: Path, style: str = "word") -> Path:
    """A table running over a page break: the header row repeated on page 2."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, _ = _register()
    w, h = A4
    head = ["TT", "Nhiệm vụ", "Cơ quan chủ trì"]
    body = [[str(i), f"Nhiệm vụ số {i}", "Sở Nội vụ" if i % 2 else "Sở Tài chính"]
            for i in range(1, 61)]
    c = canvas.Canvas(str(path), pagesize=A4)
    for page, chunk in enumerate((body[:30], body[30:])):
        c.setFont(regular, 13)
        if page == 0:
            c.drawString(85, h - 70, "Phân công nhiệm vụ như sau:")
        draw_table(c, Table([head] + chunk, [30, 250, 150], row_h=22), 85, h - 90, style)
        c.setFont(regular, 11)
        c.drawCentredString(w / 2, 30, str(page + 1))
        c.showPage()
    c.save()
    return path


def rotated_table_pdf(path: Path, t: Table, rotation: int = 90, style: str = "word") -> Path:
    """A landscape page stored as a portrait page turned by ``/Rotate``: the
    content is drawn turned back, so it reads upright on screen."""
    from reportlab.pdfgen import canvas

    regular, _ = _register()
    W, H = 842.0, 595.0                       # as displayed
    c = canvas.Canvas(str(path), pagesize=(W, H))
    c.setPageRotation(rotation)               # reportlab stores the media box turned (H x W)
    # display (X, Yb) -> user (x, y): the inverse of the /Rotate turn
    c.transform(*{90: (0, 1, -1, 0, H, 0), 270: (0, -1, 1, 0, 0, W), 180: (-1, 0, 0, -1, W, H)}[rotation])
    c.setFont(regular, 13)
    c.drawString(60, H - 60, "Phụ lục: phân công nhiệm vụ")
    bottom = draw_table(c, t, 60, H - 80, style)
    c.setFont(regular, 13)
    c.drawString(60, bottom - 30, "Các cơ quan triển khai thực hiện.")
    c.showPage()
    c.save()
    return path


def sideways_table_pdf(path: Path, t: Table, turn: int = 90, style: str = "lines", *, vertical=None) -> Path:
    """A portrait page without ``/Rotate`` whose content is set turned by
    ``turn`` degrees counter-clockwise: a landscape table printed sideways."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, _ = _register()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.translate(*{90: (w, 0), 270: (0, h)}[turn])
    c.rotate(turn)
    W, H = h, w                               # the landscape page as drawn
    c.setFont(regular, 13)
    c.drawString(60, H - 60, "Phụ lục: phân công nhiệm vụ")
    bottom = draw_table(c, t, 60, H - 80, style, vertical=vertical)
    c.setFont(regular, 13)
    c.drawString(60, bottom - 30, "Các cơ quan triển khai thực hiện.")
    c.showPage()
    c.save()
    return path


def form_table_pdf(path: Path, t: Table, style: str = "lines") -> Path:
    """The table drawn inside a form XObject placed on the page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, _ = _register()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.beginForm("T1")
    draw_table(c, t, 0, 200, style)
    c.endForm()
    c.setFont(regular, 13)
    c.drawString(85, h - 90, "Phân công nhiệm vụ:")
    c.saveState()
    c.translate(85, h - 310)
    c.doForm("T1")
    c.restoreState()
    c.showPage()
    c.save()
    return path


def rules_no_table_pdf(path: Path) -> Path:
    """Rules that are not a table: the short line under the header, a framed
    note, signature lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, bold = _register()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(bold, 12)
    c.drawCentredString(150, h - 60, "ỦY BAN NHÂN DÂN")
    c.drawCentredString(400, h - 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.setLineWidth(0.5)
    c.line(110, h - 66, 190, h - 66)
    c.line(340, h - 66, 460, h - 66)
    c.setFont(regular, 13)
    y = h - 120
    for line in ["Căn cứ Luật Tổ chức chính quyền địa phương;",
                 "Xét đề nghị của Trưởng phòng Nội vụ."]:
        c.drawString(85, y, line)
        y -= 18
    c.rect(80, y - 40, 420, 40, stroke=1, fill=0)
    c.drawString(90, y - 25, "Ghi chú: văn bản này thay thế Kế hoạch số 12/KH-UBND.")
    for k in range(3):
        c.line(85, y - 100 - 30 * k, 250, y - 100 - 30 * k)
        c.drawString(260, y - 104 - 30 * k, f"Chữ ký thành viên {k + 1}")
    c.showPage()
    c.save()
    return path

"""Builders of small input files for the read-stage tests, made at test time.

Nothing binary is checked in: PDFs are drawn with reportlab, scans with
Pillow, DOCX files are written as raw zip + XML.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
]
BOLD_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf",
]

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "PHƯỜNG CHI LĂNG", "Số: 74/KH-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Chi Lăng, ngày 19 tháng 8 năm 2024"]


def font_path(bold: bool = False) -> str:
    for p in BOLD_CANDIDATES if bold else FONT_CANDIDATES:
        if Path(p).is_file():
            return p
    raise FileNotFoundError("no Vietnamese-capable TTF font found")


def _register() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "VnSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("VnSerif", font_path()))
        pdfmetrics.registerFont(TTFont("VnSerifBold", font_path(bold=True)))
    return "VnSerif", "VnSerifBold"


def header_pdf(path: Path) -> Path:
    """Two pages in the Nghị định 30 layout.

    Page 1: the two-column header drawn row by row (as Word exports it, so
    each baseline holds both columns), a body with a superscript footnote
    mark, a footnote in small type at the bottom, a word hyphenated across
    lines ("TT-" / "BGDĐT"). Page 2: a page number at the top, a ruled
    table, the Nơi nhận | signer block side by side.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, bold = _register()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    y = h - 60
    for left, right in zip(HEADER_LEFT, HEADER_RIGHT):
        c.setFont(bold, 12)
        c.drawCentredString(150, y, left)
        c.drawCentredString(400, y, right)
        y -= 16
    c.setFont(bold, 14)
    c.drawCentredString(w / 2, y - 40, "KẾ HOẠCH")
    c.setFont(regular, 13)
    body = ["Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư",
            "và Thông tư số 32/2020/TT-",
            "BGDĐT của Bộ Giáo dục và Đào tạo về điều lệ trường học."]
    y -= 90
    for line in body:
        c.drawString(85, y, line)
        y -= 18
    c.drawString(85, y, "Tháng hành động năm 2024")
    x = 85 + c.stringWidth("Tháng hành động năm 2024", regular, 13)
    c.setFont(regular, 8)
    c.drawString(x + 1, y + 5, "1")
    c.setFont(regular, 13)
    c.drawString(x + 9, y, " được tổ chức trên địa bàn phường.")
    c.setLineWidth(0.5)
    c.line(85, 95, 230, 95)
    c.setFont(regular, 9)
    c.drawString(85, 82, "1 Theo Kế hoạch số 3352/KH-UBND ngày 16/8/2024 của UBND thị xã.")
    c.showPage()
    # page 2
    c.setFont(regular, 11)
    c.drawCentredString(w / 2, h - 40, "2")
    c.setFont(regular, 13)
    c.drawString(85, h - 90, "Phân công nhiệm vụ như sau:")
    rows = [["TT", "Nội dung", "Cơ quan chủ trì"],
            ["1", "Tuyên truyền", "Đài Truyền thanh"],
            ["2", "Vận động học sinh", "Trường học"]]
    xs, top, rh = [85, 125, 330, 510], h - 110, 22
    c.setLineWidth(0.8)
    for k in range(len(rows) + 1):
        c.line(xs[0], top - k * rh, xs[-1], top - k * rh)
    for x in xs:
        c.line(x, top, x, top - len(rows) * rh)
    c.setFont(regular, 11)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(xs[k] + 4, top - r * rh - 15, cell)
    y = top - len(rows) * rh - 60
    c.setFont(bold, 11)
    c.drawString(85, y, "Nơi nhận:")
    c.drawCentredString(420, y, "KT. CHỦ TỊCH")
    c.setFont(regular, 10)
    c.drawString(85, y - 14, "- UBND thị xã;")
    c.setFont(bold, 11)
    c.drawCentredString(420, y - 16, "PHÓ CHỦ TỊCH")
    c.setFont(regular, 10)
    c.drawString(85, y - 28, "- Lưu: VT.")
    c.setFont(bold, 11)
    c.drawCentredString(420, y - 90, "Nguyễn Thanh Phương")
    c.showPage()
    c.save()
    return path


def tcvn3_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF whose text layer holds TCVN3 mojibake (as old .VnTime PDFs do)."""
    from reportlab.pdfgen import canvas

    from extractor.read.legacy import encode_legacy

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 12)
    y = 780
    for line in lines:
        c.drawString(72, y, encode_legacy(line, "tcvn3"))
        y -= 18
    c.showPage()
    c.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(72, 720, "secret text")
    c.showPage()
    c.save()
    return path


def zero_page_pdf(path: Path) -> Path:
    """A well-formed PDF with an empty page tree (written by pdfium itself)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.save(str(path))
    pdf.close()
    return path


# --------------------------------------------------------------------- scans

def scan_image(lines: list[str], *, angle: float = 0.0, seal: bool = False, dpi: int = 200,
               width_in: float = 6.0):
    """A Pillow RGB image of ``lines`` as printed and scanned at ``dpi``:
    black serif text, optionally a red seal over the last line, rotated."""
    from PIL import Image, ImageDraw, ImageFont

    size = int(13 / 72 * dpi)  # 13 pt type
    font = ImageFont.truetype(font_path(), size)
    line_h = int(size * 1.6)
    w = int(width_in * dpi)
    h = line_h * (len(lines) + 2)
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((int(0.3 * dpi), line_h * (i + 1)), line, fill=(20, 20, 20), font=font)
    if seal:  # red ink multiplied over the print, so text under it stays dark
        from PIL import ImageChops

        overlay = Image.new("RGB", (w, h), "white")
        od = ImageDraw.Draw(overlay)
        cx, cy, r = int(w * 0.45), line_h * len(lines), int(line_h * 1.3)
        od.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 40, 40), width=max(3, size // 6))
        od.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), fill=(230, 60, 60))
        img = ImageChops.multiply(img, overlay)
    if angle:
        img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor="white")
    img.info["dpi"] = (dpi, dpi)
    return img


def scan_pdf(path: Path, images) -> Path:
    """An image-only PDF, one page per image, page size from the image dpi."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for img in images:
        dpi = img.info.get("dpi", (200, 200))[0]
        w, h = img.size[0] * 72 / dpi, img.size[1] * 72 / dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(img), 0, 0, w, h)
        c.showPage()
    c.save()
    return path


# ---------------------------------------------------------------------- docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def para(text: str = "", *, num: tuple[int, int] | None = None, bold: bool = False,
         center: bool = False, font: str | None = None, footnote: int | None = None,
         style: str | None = None) -> str:
    """One ``w:p`` element as XML text."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if center:
        ppr += '<w:jc w:val="center"/>'
    rpr = "<w:b/>" if bold else ""
    if font:
        rpr += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'
    if footnote is not None:
        run += f'<w:r><w:footnoteReference w:id="{footnote}"/></w:r>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>"


def table(rows: list[list[str]], *, grid: int | None = None) -> str:
    cols = grid or max(len(r) for r in rows)
    tg = "".join('<w:gridCol w:w="3000"/>' for _ in range(cols))
    trs = []
    for row in rows:
        tcs = "".join(f"<w:tc>{''.join(para(p) for p in cell.split(chr(10)))}</w:tc>" for cell in row)
        trs.append(f"<w:tr>{tcs}</w:tr>")
    return f"<w:tbl><w:tblGrid>{tg}</w:tblGrid>{''.join(trs)}</w:tbl>"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def numbering_xml(levels: dict[int, tuple[str, str, int]], *, overrides: dict[int, dict[int, int]] | None = None,
                  nums: tuple[int, ...] = (1,)) -> str:
    """numbering.xml with one abstractNum (ilvl -> (numFmt, lvlText, start))
    and ``w:num`` instances ``nums`` (each may carry startOverrides)."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{_esc(text)}"/></w:lvl>'
        for i, (fmt, text, start) in sorted(levels.items()))
    body = f'<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>'
    for n in nums:
        ov = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                     for i, v in (overrides or {}).get(n, {}).items())
        body += f'<w:num w:numId="{n}"><w:abstractNumId w:val="0"/>{ov}</w:num>'
    return f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">{body}</w:numbering>'


def footnotes_xml(notes: dict[int, str]) -> str:
    items = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
             '</w:r></w:p></w:footnote>')
    for nid, text in notes.items():
        items += (f'<w:footnote w:id="{nid}"><w:p><w:r><w:footnoteRef/></w:r>'
                  f'<w:r><w:t xml:space="preserve"> {_esc(text)}</w:t></w:r></w:p></w:footnote>')
    return f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W_NS}">{items}</w:footnotes>'


def docx(path: Path, body: str, *, numbering: str | None = None, footnotes: str | None = None,
         document_prefix: str = "", extra: dict[str, bytes] | None = None) -> Path:
    """Write a minimal .docx from body XML (a sequence of w:p / w:tbl)."""
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{document_prefix}'
           f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", doc)
        if numbering:
            zf.writestr("word/numbering.xml", numbering)
        if footnotes:
            zf.writestr("word/footnotes.xml", footnotes)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path

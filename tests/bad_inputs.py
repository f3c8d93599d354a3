"""Generators of hostile and broken inputs for the robustness suite.

Everything is built at test time (no binaries in the repository) and kept
cheap: the PDF "bomb" inflates to gigabytes from about 2 MB of bytes built
in milliseconds, the 100-megapixel image is a 1-bit PNG of a few kilobytes.

Each builder takes the path to write and returns it. ``CLI_CASES`` lists
the single-file cases with the outcome the command must give (exit code 0
with a check on the JSON, or an error code and words of the reason).
"""

from __future__ import annotations

import random
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "docs" / "kh-74-ubnd-chi-lang-2024.txt"

#: A short plan used by the encoding cases (every tone mark, đ, ư, ơ).
VIET = ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND\n"
        "KẾ HOẠCH\n"
        "Triển khai thực hiện nhiệm vụ chuyển đổi số năm 2024\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành "
        "hoàn thành trước ngày 31 tháng 12 năm 2024.\n"
        "2. Giao Ủy ban nhân dân các huyện, thành phố triển khai, đạt tỷ lệ 100% hồ sơ trực tuyến.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n")
#: A phrase every correct decoding of ``VIET`` contains.
VIET_PHRASE = "Sở Thông tin và Truyền thông chủ trì"


# ------------------------------------------------------------------ generic

def write(data: bytes) -> Callable[[Path], Path]:
    """A builder writing fixed bytes."""
    def build(path: Path) -> Path:
        path.write_bytes(data)
        return path
    return build


def random_bytes(seed: int, n: int = 8192) -> Callable[[Path], Path]:
    """Random bytes (never starting with a known magic number)."""
    return write(b"\x01" + random.Random(seed).randbytes(n))


HTML = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not found</body></html>\n"


# ---------------------------------------------------------------------- PDF

def pdf_bytes(objects: list[bytes], *, root: int = 1, xref: bool = True, trailer: bytes = b"") -> bytes:
    """A PDF from object bodies (object ``i + 1`` is ``objects[i]``), with a
    correct cross-reference table unless ``xref`` is false."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % (off if xref else 999_999_999)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer, start if xref else 123)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_content(lines: list[str]) -> bytes:
    """A content stream drawing ASCII ``lines`` in Helvetica."""
    ops = [b"BT /F1 11 Tf 72 760 Td 14 TL"]
    for ln in lines:
        esc = ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + esc.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


PDF_LINES = ["UY BAN NHAN DAN TINH LANG SON", "So: 12/KH-UBND", "KE HOACH",
             "Trien khai nhiem vu chuyen doi so nam 2024",
             "1. So Thong tin va Truyen thong chu tri thuc hien."]
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def simple_pdf(*, media_box: bytes = b"[0 0 595 842]", count: int = 1, catalog_extra: bytes = b"",
               contents: list[bytes] | None = None, xref: bool = True) -> bytes:
    """One page of ASCII text; the knobs make it hostile."""
    contents = contents if contents is not None else [stream(text_content(PDF_LINES))]
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(len(contents)))
    objs = [b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box
            + b" /Resources << /Font << /F1 4 0 R >> >> /Contents [" + refs + b"] >>",
            FONT, *contents]
    return pdf_bytes(objs, xref=xref)


def zero_page_pdf(path: Path) -> Path:
    """Hand-written: a catalog and an empty page tree."""
    path.write_bytes(pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                                b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    return path


def truncated_pdf(path: Path) -> Path:
    """A real (reportlab) PDF cut off after 40 % of its bytes: no xref, no trailer."""
    full = path.with_suffix(".full.pdf")
    _reportlab_pdf(full, pages=3)
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: int(len(data) * 0.4)])
    return path


def truncated_docx(path: Path) -> Path:
    """A valid DOCX cut in half (no zip central directory)."""
    full = good_docx(path.with_suffix(".full.docx"))
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) // 2])
    return path


def header_only_pdf(path: Path) -> Path:
    """Just the header line: truncated to nothing."""
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return path


def broken_xref_pdf(path: Path) -> Path:
    """Every xref offset and startxref wrong (readers must rebuild the table)."""
    path.write_bytes(simple_pdf(xref=False))
    return path


def _reportlab_pdf(path: Path, *, pages: int = 1, encrypt=None) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    for p in range(pages):
        y = 780
        for ln in PDF_LINES:
            c.drawString(72, y, f"{ln} (trang {p + 1})")
            y -= 16
        c.showPage()
    c.save()
    return path


def encrypted_pdf(user_password: str) -> Callable[[Path], Path]:
    """RC4/AES-encrypted by reportlab; an empty user password opens without asking."""
    def build(path: Path) -> Path:
        from reportlab.lib.pdfencrypt import StandardEncryption

        return _reportlab_pdf(path, encrypt=StandardEncryption(userPassword=user_password,
                                                               ownerPassword="owner-x"))
    return build


#: Gigabytes the bomb stream inflates to.
BOMB_GIB = 2


def deflate_zeros(n_mib: int) -> bytes:
    """A zlib stream of ``n_mib`` MiB of zero bytes, about 1 KB per MiB.

    Built from one full-flushed deflate block repeated (after a full flush
    the compressor emits the same bytes for the same input), so it costs
    milliseconds instead of compressing gigabytes; the Adler-32 of ``n``
    zeros is ``(n mod 65521) << 16 | 1``.
    """
    z = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(z) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(z) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    total = n_mib << 20
    adler = ((total % 65521) << 16) | 1
    return b"\x78\xda" + first + block * (n_mib - 1) + tail + struct.pack(">I", adler)


def flate_bomb_pdf(path: Path) -> Path:
    """A page whose second content stream inflates to ``BOMB_GIB`` GiB of zeros."""
    bomb = deflate_zeros(BOMB_GIB << 10)
    path.write_bytes(simple_pdf(contents=[stream(text_content(PDF_LINES)),
                                          stream(bomb, b"/Filter /FlateDecode ")]))
    return path


def ascii85_bomb_pdf(path: Path) -> Path:
    """The bomb again, 1 GiB, hidden behind an ASCII85 filter."""
    import base64

    bomb = base64.a85encode(deflate_zeros(1 << 10), wrapcol=76) + b"~>"
    path.write_bytes(simple_pdf(contents=[stream(text_content(PDF_LINES)),
                                          stream(bomb, b"/Filter [/ASCII85Decode /FlateDecode] ")]))
    return path


def huge_mediabox_pdf(path: Path) -> Path:
    """A page a million points square (350 km), with a text layer."""
    path.write_bytes(simple_pdf(media_box=b"[0 0 1000000 1000000]"))
    return path


def huge_count_pdf(path: Path) -> Path:
    """A page tree claiming 2^31 - 1 pages; one page exists."""
    path.write_bytes(simple_pdf(count=2**31 - 1))
    return path


def deep_nesting_pdf(path: Path, depth: int = 10_000) -> Path:
    """10,000 nested arrays in the catalog and in the content stream."""
    nest = b"[" * depth + b"]" * depth
    body = text_content(PDF_LINES) + b"\n" + nest + b" pop"
    path.write_bytes(simple_pdf(catalog_extra=b"/Deep " + nest + b" ",
                                contents=[stream(body)]))
    return path


def pdf_with_text(path: Path) -> Path:
    """A valid control: the hand-written one-page PDF."""
    path.write_bytes(simple_pdf())
    return path


# ------------------------------------------------------------------- images

def big_png(path: Path) -> Path:
    """10,000 x 10,000 = 100 megapixels, 1-bit: about 12 KB on disk."""
    from PIL import Image

    Image.new("1", (10_000, 10_000), 1).save(path, optimize=True)
    return path


def _small_png() -> bytes:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(img).text((10, 40), "KE HOACH 12/KH-UBND", fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def corrupt_png(path: Path) -> Path:
    """A PNG whose image data is cut short and scrambled after the header."""
    data = _small_png()
    cut = data[: len(data) // 2]
    path.write_bytes(cut[:40] + bytes(b ^ 0x5A for b in cut[40:]))
    return path


def truncated_png(path: Path) -> Path:
    """A PNG whose header is intact but whose image data stops half way."""
    data = _small_png()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_jpeg(path: Path) -> Path:
    """JPEG start-of-image marker, then noise."""
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + random.Random(7).randbytes(3000))
    return path


def corrupt_tiff(path: Path) -> Path:
    """TIFF byte-order mark pointing at an IFD beyond the end of the file."""
    path.write_bytes(b"II*\x00" + struct.pack("<I", 0x7FFFFFF0) + random.Random(8).randbytes(500))
    return path


# --------------------------------------------------------------------- DOCX

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"/>')
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def docx_without_document(path: Path) -> Path:
    return _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "word/styles.xml": b"<x/>"})


def billion_laughs_docx(path: Path) -> Path:
    """document.xml declaring ten entities, each ten of the previous: 10^9 "lol"s."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)]
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(ents)}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>'
           f'</w:document>')
    return _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": xml.encode()})


def zip_bomb_docx(path: Path) -> Path:
    """document.xml inflating to 200 MB (about 200 KB compressed)."""
    head = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(200):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def good_docx(path: Path) -> Path:
    """A minimal valid DOCX (control)."""
    paras = "".join(f"<w:p><w:r><w:t>{ln}</w:t></w:r></w:p>" for ln in VIET.splitlines())
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{paras}</w:body></w:document>'
    return _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": xml.encode()})


# ---------------------------------------------------------------- encodings

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258: base letters precomposed, tone marks as combining bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
            out += (base + "".join(c for c in d if c in _TONES)).encode("cp1258")
    return bytes(out)


def double_utf8(text: str) -> bytes:
    """UTF-8 read as Windows-1252 (undefined bytes as Latin-1) and saved as UTF-8 again."""
    chars = []
    for b in text.encode("utf-8"):
        try:
            chars.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(b))
    return "".join(chars).encode("utf-8")


def mixed_nfc_nfd(text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    return "".join(unicodedata.normalize("NFD" if i % 2 else "NFC", ln)
                   for i, ln in enumerate(lines)).encode("utf-8")


def legacy(key: str) -> bytes:
    """TCVN3 (.VnTime) or VNI mojibake, as copied out of an old Word file."""
    from extractor.read.legacy import encode_legacy

    return encode_legacy(VIET, key).encode("utf-8")


def control_chars(path: Path) -> Path:
    """A plan with stray C0 controls (BEL, VT, ESC, NUL) here and there."""
    text = VIET.replace("KẾ HOẠCH", "KẾ\x07 HOẠCH").replace("Số:", "\x0bSố:").replace(
        "Nơi nhận", "\x1bNơi nhận").replace("năm 2024.", "năm 2024.\x00")
    path.write_bytes((text * 3).encode("utf-8"))
    return path


# ---------------------------------------------------------------- structure

def many_headings(path: Path, n: int = 5000) -> Path:
    body = [VIET]
    for i in range(1, n + 1):
        body.append(f"Điều {i}. Quy định số {i}\nCơ quan {i} chủ trì thực hiện nội dung {i}.")
    path.write_text("\n".join(body), encoding="utf-8")
    return path


def deep_numbering(path: Path, depth: int = 400) -> Path:
    lines = [VIET]
    for k in range(1, depth + 1):
        lines.append(".".join(["1"] * k) + f". Nội dung mức {k}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def long_line(path: Path, size: int = 1 << 20) -> Path:
    """One 1 MB line of plan-like sentences (dates, references, agencies, %)."""
    unit = ("Giao Sở Tài chính chủ trì, phối hợp với UBND các huyện thực hiện theo Quyết định số "
            "15/2010/QĐ-UBND ngày 12/3/2010, hoàn thành trước ngày 31/12/2024, đạt 95% kế hoạch; ")
    path.write_text(VIET.replace("\n", " ") + unit * (size // len(unit.encode()) + 1), encoding="utf-8")
    return path


ENGLISH = ("PEOPLE'S COMMITTEE OF HANOI\nSOCIALIST REPUBLIC OF VIETNAM\nNo. 15/2010/QD-UBND\n"
           "DECISION\nOn the management of Internet agents\nArticle 1. Scope\n"
           "The Department of Information and Communications shall take charge before 31 December 2024.\n")
CHINESE = ("河内市人民委员会\n越南社会主义共和国\n独立 - 自由 - 幸福\n第15/2010/QD-UBND号\n决定\n"
           "第一条 适用范围\n信息通信厅负责于2024年12月31日前完成。\n")


def big_text(path: Path, mb: int = 50) -> Path:
    """``mb`` MB of real plans, repeated."""
    unit = SAMPLE.read_bytes() + b"\n"
    with path.open("wb") as fh:
        for _ in range((mb << 20) // len(unit) + 1):
            fh.write(unit)
    return path


# ------------------------------------------------------------ not files

def fifo(path: Path) -> Path:
    """A named pipe nobody writes to: opening it for reading blocks forever."""
    import os

    os.mkfifo(path)
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def scan_png(path: Path) -> Path:
    """A small scan of a plan header (the one OCR case)."""
    from fixtures_read import scan_image

    scan_image(["KẾ HOẠCH", "Số: 12/KH-UBND"], dpi=150, width_in=4.0).save(path, dpi=(150, 150))
    return path


# -------------------------------------------------------------------- cases

@dataclass(frozen=True)
class Case:
    """One file given to ``extract FILE``: what it is and what must happen."""

    id: str
    name: str                       # file name (suffix matters)
    build: Callable[[Path], Path]
    code: int                       # expected exit code
    words: str = ""                 # in the error line (code != 0) or in the JSON text (code == 0)
    seconds: float = 30.0           # subprocess timeout
    ocr: bool = False               # needs tesseract
    cli: bool = True                # False: a result checked in-process (saves a 1.5 s start-up)


def _text(data: bytes | str) -> Callable[[Path], Path]:
    return write(data.encode("utf-8") if isinstance(data, str) else data)


CLI_CASES = [
    # -- empty and not what the name says
    Case("empty-txt", "empty.txt", write(b""), 10, "empty"),
    Case("empty-pdf", "empty.pdf", write(b""), 10, "empty"),
    Case("whitespace-md", "blank.md", write(b" \n\t\r\n   \n"), 10, "empty"),
    Case("whitespace-docx", "blank.docx", write(b"\n\n  \n"), 10, "empty"),
    Case("random-pdf", "random.pdf", random_bytes(1), 12, "not PDF"),
    Case("random-docx", "random.docx", random_bytes(2), 12, "not DOCX"),
    Case("random-png", "random.png", random_bytes(3), 12, "not image"),
    Case("random-noext", "random", random_bytes(4), 11, "unknown type"),
    Case("html-as-pdf", "saved.pdf", write(HTML), 12, "HTML"),
    Case("text-as-pdf", "note.pdf", _text(VIET), 12, "plain text"),
    Case("named-pipe", "pipe.txt", fifo, 10, "not a regular file", seconds=15),
    Case("folder-named-pdf", "folder.pdf", folder, 10, "is a directory"),
    # -- broken PDFs
    Case("pdf-control", "ok.pdf", pdf_with_text, 0, "Truyen thong chu tri"),
    Case("pdf-truncated", "truncated.pdf", truncated_pdf, 12, "not a readable PDF"),
    Case("pdf-header-only", "header-only.pdf", header_only_pdf, 12, "not a readable PDF"),
    Case("pdf-broken-xref", "xref.pdf", broken_xref_pdf, 0, "Truyen thong chu tri"),
    Case("pdf-encrypted-no-user-pw", "enc-open.pdf", encrypted_pdf(""), 0, "KE HOACH"),
    Case("pdf-encrypted-password", "enc-pw.pdf", encrypted_pdf("secret"), 13, "password"),
    Case("pdf-zero-pages", "zero.pdf", zero_page_pdf, 10, "no pages"),
    Case("pdf-flate-bomb", "bomb.pdf", flate_bomb_pdf, 14, "decompression bomb", seconds=60),
    Case("pdf-ascii85-bomb", "bomb85.pdf", ascii85_bomb_pdf, 14, "decompression bomb", seconds=60),
    Case("pdf-huge-mediabox", "huge-box.pdf", huge_mediabox_pdf, 0, "Truyen thong chu tri"),
    Case("pdf-huge-count", "huge-count.pdf", huge_count_pdf, 0, "Truyen thong chu tri"),
    Case("pdf-deep-nesting", "deep.pdf", deep_nesting_pdf, 0, "Truyen thong chu tri"),
    # -- images
    Case("png-100-megapixels", "huge.png", big_png, 14, "pixel limit"),
    Case("png-corrupt", "corrupt.png", corrupt_png, 12, "image"),
    Case("png-truncated", "truncated.png", truncated_png, 12, "cannot be decoded", ocr=True),
    Case("jpeg-corrupt", "corrupt.jpg", corrupt_jpeg, 12, "image"),
    Case("tiff-corrupt", "corrupt.tif", corrupt_tiff, 12, "image"),
    Case("png-scan-ocr", "scan.png", scan_png, 0, "KẾ HOẠCH", seconds=90, ocr=True),
    # -- DOCX
    Case("docx-not-zip", "plain.docx", _text("Kế hoạch số 1/KH-UBND, not a zip"), 12, "not DOCX"),
    Case("docx-no-document", "nodoc.docx", docx_without_document, 12, "not a Word .docx"),
    Case("docx-billion-laughs", "laughs.docx", billion_laughs_docx, 12, "forbidden XML"),
    Case("docx-zip-bomb", "zipbomb.docx", zip_bomb_docx, 14, "bytes uncompressed"),
    Case("docx-truncated", "cut.docx", truncated_docx, 12, "not a Word .docx"),
    Case("docx-control", "ok.docx", good_docx, 0, VIET_PHRASE, cli=False),
    # -- encodings (all must decode to the same Vietnamese)
    Case("utf16-le-bom", "u16.txt", _text(b"\xff\xfe" + VIET.encode("utf-16-le")), 0, VIET_PHRASE, cli=False),
    Case("utf16-be-no-bom", "u16be.txt", _text(VIET.encode("utf-16-be")), 0, VIET_PHRASE, cli=False),
    Case("utf8-bom", "bom.txt", _text(b"\xef\xbb\xbf" + VIET.encode()), 0, VIET_PHRASE, cli=False),
    Case("windows-1258", "cp1258.txt", _text(to_cp1258(VIET)), 0, VIET_PHRASE, cli=False),
    Case("tcvn3", "tcvn3.txt", _text(legacy("tcvn3")), 0, VIET_PHRASE, cli=False),
    Case("vni", "vni.txt", _text(legacy("vni")), 0, VIET_PHRASE, cli=False),
    Case("mixed-nfc-nfd", "nfd.txt", _text(mixed_nfc_nfd(VIET)), 0, VIET_PHRASE, cli=False),
    Case("double-utf8", "mojibake.txt", _text(double_utf8(VIET)), 0, VIET_PHRASE, cli=False),
    Case("control-chars", "controls.txt", control_chars, 0, VIET_PHRASE, cli=False),
    # -- structure and size
    Case("5000-headings", "headings.txt", many_headings, 0, "Điều 5000.", seconds=60),
    Case("400-deep-numbering", "deep.txt", deep_numbering, 0, "Nội dung mức 400", seconds=60),
    Case("1mb-single-line", "line.txt", long_line, 0, VIET_PHRASE.split(" chủ")[0], seconds=60),
    Case("english", "english.txt", _text(ENGLISH), 0, "Internet agents", cli=False),
    Case("chinese", "chinese.txt", _text(CHINESE), 0, "信息通信厅", cli=False),
    # -- names the shell would choke on
    Case("name-metachars", "plan $(touch PWNED); `id` 'q' \"dq\" & | > * ?.txt", _text(VIET), 0,
         VIET_PHRASE),
    Case("name-newline-escapes", "new\nline\x1b[31m red.txt", write(b""), 10, "empty"),
    Case("name-metachars-error", "x; rm -rf ~ && echo $HOME 'q'.pdf", write(b""), 10, "empty"),
]

"""Read a PDF: the text layer where it is usable, OCR where it is not.

Per page: pdfium's text layer is laid out by ``layout_pdf`` (reading order,
furniture, footnotes); ruled tables are read from pdfium's page objects
(``tables_pdf``), and with pdfplumber only on pages that method leaves
undecided (``extra["table_readers"]`` says which page used which). A page is OCR'd
(``ocr.py``) when ``ocr="always"``, or with ``ocr="auto"`` when its text
layer is missing, too short for a page that is a scanned image, or still
garbled after legacy-encoding conversion (``legacy.py``).

Pages are joined pdftotext-style: each page's lines, then ``"\\n\\f"`` before
the next page; ``page_starts[i]`` is the offset just after that form feed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import CorruptFileError, EncryptedFileError, InputError, LimitExceededError
from ..models import OcrInfo
from .base import RawDocument
from .layout_pdf import PageText, extract_page, find_tables, finish_pages
from .limits import DEFAULT_LIMITS, Limits

#: A page that is mostly an image needs at least this many visible
#: characters in its text layer to be taken as text (else it is OCR'd).
MIN_TEXT_CHARS = 40
#: Share of a page covered by images from which it counts as a scan.
SCAN_COVER = 0.5
OCR_MODES = ("auto", "always", "never")

_EMPTY_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_size(path: Path, limits: Limits) -> int:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise LimitExceededError(f"file of {size} bytes exceeds the {limits.max_file_bytes} byte limit",
                                 str(path))
    if size == 0:
        raise InputError("file is empty", str(path))
    return size


#: A stream's data starts after ``stream`` + EOL (``endstream`` is skipped by
#: hand: a look-behind first would cost regex's fast literal scan).
_STREAM = re.compile(rb"stream\r?\n")
#: Its dictionary (from the object's ``obj`` keyword) names its filters:
#: ``/Filter /FlateDecode``, ``/Filter [/ASCII85Decode /FlateDecode]``.
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/\w+)")
_ASCII = {b"ASCII85Decode": "a85", b"A85": "a85", b"ASCIIHexDecode": "hex", b"AHx": "hex"}


#: A deflate stream inflates to at most 1032 times its size (a 258-byte match
#: coded in 2 bits), plus a little; rounded up for safety.
DEFLATE_RATIO = 1100
_DEFLATE_SLACK = 1 << 16
#: ``/Length 1234`` (direct) or ``/Length 12 0 R`` (an indirect object).
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")


def check_streams(path: Path, limits: Limits) -> None:
    """Refuse a PDF with a FlateDecode stream (possibly behind an ASCII85 or
    ASCIIHex filter) that inflates beyond ``limits.max_stream_bytes`` (a
    decompression bomb), before pdfium would inflate it whole in memory.
    Streams are inflated and discarded chunk by chunk; undecodable (e.g.
    encrypted) streams are left to pdfium. A stream too short to reach the
    limit at deflate's highest ratio (``_stream_extent``) is not inflated."""
    import mmap

    cap = limits.max_stream_bytes
    ints: dict = {}
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for m in _STREAM.finditer(data):
            if data[max(0, m.start() - 3):m.start()] == b"end":
                continue
            head = data[max(0, m.start() - 4096):m.start()]
            k = head.rfind(b"obj")
            f = _FILTERS.search(head, k if k != -1 else 0)
            names = re.findall(rb"/(\w+)", f.group(1)) if f else []
            ascii_first = bool(names[:1]) and names[0] in _ASCII
            flate = (names[1:2] if ascii_first else names[:1]) in ([b"FlateDecode"], [b"Fl"])
            if not flate:
                continue
            end = data.find(b"endstream", m.end())
            extent = _stream_extent(data, head[k if k != -1 else 0:], m.end(), end, ints)
            if extent is not None and DEFLATE_RATIO * extent + _DEFLATE_SLACK <= cap:
                continue
            if ascii_first:
                raw = _ascii_decode(data[m.end():end if end != -1 else len(data)], _ASCII[names[0]])
            else:
                raw = data
            if _inflated_size(raw, 0 if raw is not data else m.end(), cap) > cap:
                raise LimitExceededError(f"a compressed stream at byte {m.end()} inflates to more than the "
                                         f"{cap} byte limit (decompression bomb?)", str(path))


#: An indirect integer object, ``12 0 obj 3456 endobj``: found from its
#: ``obj`` keyword (a literal start keeps the scan fast), then its number.
_INT_OBJECT = re.compile(rb"obj\s*(\d+)\s*endobj")
_OBJECT_NUMBER = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+$")


def _stream_extent(data, head: bytes, start: int, end: int, ints: dict) -> int | None:
    """Most bytes pdfium can take as this stream's data, or None if unknown.

    pdfium reads ``/Length`` bytes when ``endstream`` follows them, else up
    to the first ``endstream``: so the larger of the two bounds the data.
    An indirect ``/Length`` is looked up in ``ints`` (filled on first use
    with every integer object of the file, the largest definition winning);
    one not found there (inside an object stream) is unknown.
    """
    first = (end if end != -1 else len(data)) - start
    m = None
    for m in _LENGTH.finditer(head):
        pass
    if m is None:
        return first
    if m.group(2) is None:
        return max(first, int(m.group(1)))
    if not ints:
        ints[None] = 0
        for o in _INT_OBJECT.finditer(data):
            n = _OBJECT_NUMBER.search(data[max(0, o.start() - 24):o.start()])
            if n:
                key = (int(n.group(1)), int(n.group(2)))
                ints[key] = max(ints.get(key, 0), int(o.group(1)))
    value = ints.get((int(m.group(1)), int(m.group(2))))
    return None if value is None else max(first, value)


def _ascii_decode(data: bytes, kind: str) -> bytes:
    import base64
    import binascii

    try:
        if kind == "hex":
            hexits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
            return binascii.unhexlify(hexits + b"0" * (len(hexits) % 2))
        return base64.a85decode(data.split(b"~>", 1)[0], adobe=False, ignorechars=b" \t\n\r\x0c\x00")
    except (ValueError, binascii.Error):
        return b""


def _inflated_size(data, pos: int, cap: int) -> int:
    """Bytes the zlib stream at ``data[pos:]`` inflates to (counting stops past ``cap``)."""
    import zlib

    d, total = zlib.decompressobj(), 0
    try:
        while not d.eof and pos < len(data) and total <= cap:
            buf, pos = data[pos:pos + (1 << 16)], pos + (1 << 16)
            while buf and not d.eof and total <= cap:
                total += len(d.decompress(buf, 1 << 22))
                buf = d.unconsumed_tail
    except zlib.error:
        pass
    return total


def open_pdf(path: Path):
    """Open with pypdfium2, turning its errors into the library's."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            raise EncryptedFileError("PDF is encrypted and needs a password", str(path)) from exc
        if _EMPTY_PAGE_TREE.search(path.read_bytes()[:1_000_000]):
            # pdfium refuses a document without pages (its error code is stale)
            raise InputError("PDF has no pages", str(path)) from exc
        raise CorruptFileError(f"not a readable PDF ({msg.strip().rstrip('.')})", str(path)) from exc


def read_pdf(path: str | Path, *, ocr: str = "auto", jobs: int | None = None,
             limits: Limits = DEFAULT_LIMITS, dpi: int | None = None) -> RawDocument:
    """Read a PDF file into a ``RawDocument`` (see module doc)."""
    path = Path(path)
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    check_size(path, limits)
    check_streams(path, limits)
    pdf = open_pdf(path)
    try:
        try:
            pdf.init_forms()  # form field values (a stamped number and day) are read with the text
        except Exception:  # noqa: BLE001 - a PDF without a usable form still has its text
            pass
        n = len(pdf)
        if n == 0:
            raise InputError("PDF has no pages", str(path))
        if n > limits.max_pages:
            raise LimitExceededError(f"PDF has {n} pages, more than the {limits.max_pages} page limit",
                                     str(path))
        pages = []
        for i in range(n):
            page = pdf[i]
            try:
                pages.append(extract_page(page, i + 1))
            finally:
                page.close()
    finally:
        pdf.close()

    warnings: list[str] = []
    usable = [_text_usable(p) for p in pages]
    need_ocr = [ocr == "always" or (ocr == "auto" and not u) for u in usable]
    for p, u in zip(pages, usable):
        if not u:
            warnings.append(f"page {p.number}: no usable text layer, "
                            + ("OCR used" if ocr != "never" else "OCR is off"))
    text_pages = [p for p, o in zip(pages, need_ocr) if not o]
    readers = _add_tables(path, text_pages, warnings)
    finished = dict(zip((p.number for p in text_pages), finish_pages(text_pages)))
    for p in text_pages:
        page = finished[p.number]
        if page.legacy:
            warnings.append(f"page {p.number}: legacy Vietnamese encoding {page.legacy} "
                            "converted to Unicode")
        if page.garbled:
            need_ocr[p.number - 1] = ocr == "auto"
            warnings.append(f"page {p.number}: text layer garbled (unknown font encoding)"
                            + (", OCR used" if ocr == "auto" else ""))

    ocr_info, ocr_text, extra = None, {}, {}
    ocr_numbers = [p.number for p, o in zip(pages, need_ocr) if o]
    if ocr_numbers:
        ocr_info, ocr_text, extra = _ocr(path, ocr_numbers, jobs, limits, dpi, warnings)

    page_lines: list[tuple[list[str], dict[int, set[str]]]] = []
    for p, o in zip(pages, need_ocr):
        if o:
            page_lines.append((ocr_text.get(p.number, []), extra.get("ocr_hints", {}).get(p.number, {})))
        else:
            pt: PageText = finished[p.number]
            page_lines.append((pt.lines, pt.hints))
    text, starts, hints = join_pages(page_lines)
    extra["page_sources"] = ["ocr" if o else "text" for o in need_ocr]
    extra["table_readers"] = {n: r for n, r in readers.items() if not need_ocr[n - 1]}
    return RawDocument(text=text, media_type="application/pdf", path=str(path),
                       sha256=file_sha256(path), page_starts=starts, ocr=ocr_info,
                       warnings=warnings, line_hints=hints, extra=extra)


#: Characters of a text layer that carry no text: replacement and private-use.
_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff]")


def _text_usable(p) -> bool:
    visible = len("".join(p.raw_text.split()))     # str.split drops exactly what isspace() is
    if visible == 0:
        return False
    if p.image_cover >= SCAN_COVER and visible < MIN_TEXT_CHARS:
        return False
    bad = len(_UNMAPPED.findall(p.raw_text))
    return bad < 0.2 * visible


def _add_tables(path: Path, pages, warnings: list[str]) -> dict[int, str]:
    """Tables of the pages ``extract_page`` left to pdfplumber; returns, for
    every page with tables or undecided table rules, how they were read:
    ``"pdfium"``, ``"pdfplumber: <why>"`` or ``"none: <why>"`` (a page set
    sideways, which pdfplumber would read transposed, keeps its text as lines)."""
    readers = {p.number: "pdfium" for p in pages if p.tables}
    readers.update({p.number: f"none: {p.unread}" for p in pages if p.unread})
    candidates = [p for p in pages if p.plumber]
    if not candidates:
        return readers
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as doc:
            for p in candidates:
                p.tables = find_tables(doc.pages[p.number - 1])
                readers[p.number] = f"pdfplumber: {p.plumber}"
    except Exception as exc:  # pdfplumber/pdfminer failures must not lose the text
        warnings.append(f"tables not extracted: {type(exc).__name__}: {exc}")
    return readers


def _ocr(path: Path, numbers: list[int], jobs, limits: Limits, dpi, warnings):
    from .ocr import LANG, OcrJob, check_engine, ocr_pages

    engine = check_engine(LANG)
    job_list = [OcrJob("pdf", str(path), n - 1, n, dpi=dpi, timeout=limits.page_timeout,
                       max_pixels=limits.max_pixels) for n in numbers]
    results = ocr_pages(job_list, jobs)
    return ocr_summary(engine, results, warnings)


def ocr_summary(engine: str, results, warnings: list[str]):
    """OcrInfo, lines per page number, and ``extra`` for OCR results."""
    from .ocr import LANG

    text = {r.number: [_CONTROL.sub("", ln) for ln in r.lines] for r in results}
    extra_hints = {r.number: r.hints for r in results}
    for r in results:
        warnings.extend(r.warnings)
    confs = [(r.confidence, len(r.words)) for r in results if r.confidence is not None]
    total = sum(n for _, n in confs)
    mean = round(sum(c * n for c, n in confs) / total, 2) if total else None
    dpis = [r.dpi for r in results if r.dpi]
    info = OcrInfo(engine=engine, lang=LANG, dpi=max(dpis) if dpis else 0,
                   pages=[r.number for r in results], mean_confidence=mean,
                   page_confidence=[r.confidence if r.confidence is not None else 0.0 for r in results])
    extra = {"ocr_words": {r.number: r.words for r in results},
             "ocr_seconds": {r.number: round(r.seconds, 3) for r in results},
             "ocr_skew": {r.number: round(r.angle, 3) for r in results},
             "ocr_hints": extra_hints}
    return info, text, extra


def join_pages(pages: list[tuple[list[str], dict[int, set[str]]]]):
    """Join pages' lines: ``(text, page_starts, line_hints)``.

    Line indexes in ``line_hints`` count ``"\\n"``-separated lines of the
    whole text; a page's first line starts with the form feed.
    """
    parts: list[str] = []
    starts: list[int] = []
    hints: dict[int, set[str]] = {}
    offset = line_no = 0
    for i, (lines, page_hints) in enumerate(pages):
        lines = [_CONTROL.sub("", ln) for ln in lines]
        if i:
            parts.append("\n\f")
            offset += 2
            line_no += 1
        starts.append(offset)
        body = "\n".join(lines)
        parts.append(body)
        offset += len(body)
        for k, h in page_hints.items():
            if h:
                hints[line_no + k] = set(h)
        line_no += max(0, len(lines) - 1)
    return "".join(parts), starts, hints

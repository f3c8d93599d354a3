"""The read stage: any supported input -> ``RawDocument``.

``read(path)`` dispatches on the file's *content* (magic bytes), with the
suffix only as a tie-breaker: a ``.pdf`` that is really HTML is refused with
a clear reason instead of a parser traceback. ``read_string`` wraps text
already in memory.

Heavy libraries (pypdfium2, pdfplumber, pytesseract, PIL, numpy) are
imported inside the readers, so ``import extractor`` stays fast.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import CorruptFileError, InputError, LimitExceededError, UnsupportedFormatError
from .base import RawDocument
from .limits import DEFAULT_LIMITS, Limits
from .text import from_string as read_string
from .text import read_text_file

__all__ = ["RawDocument", "read", "read_string", "sniff", "Limits", "TEXT_SUFFIXES",
           "IMAGE_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}

# (magic prefix, kind); checked in order
_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"GIF8", "gif"),
    (b"BM", "bmp"),
]


def sniff(path: Path) -> str:
    """What a file is, from its first bytes: pdf | image | docx | text | html |
    ole | rtf | zip | gif | bmp | empty | unknown."""
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head.strip():
        return "empty"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "zip":
                return "docx" if _is_docx(path) else "zip"
            if kind == "bmp" and len(head) < 26:
                continue
            return kind
    # "%PDF-" may follow some junk bytes (allowed within the first 1 KB)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in low[:512]:
        return "html"
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        return "xml"
    return "text" if _looks_text(head) else "unknown"


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _looks_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls < max(1, len(head) // 100)


_REFUSE = {
    "html": "an HTML page, not a document file (was it saved from a browser or an error page?)",
    "xml": "an XML file, not a supported document",
    "ole": "a legacy Word 97-2003 .doc (or other OLE) file; convert it to .docx or PDF",
    "rtf": "an RTF file; convert it to .docx or PDF",
    "zip": "a ZIP archive that is not a Word .docx",
    "gif": "a GIF image; convert it to PNG",
    "bmp": "a BMP image; convert it to PNG",
    "unknown": "a binary file of unknown type",
}


def read(path: str | Path, *, ocr: str = "auto", jobs: int | None = None,
         limits: Limits | None = None) -> RawDocument:
    """Read one file into a ``RawDocument``.

    ``ocr`` is ``auto`` (OCR pages without a usable text layer), ``always`` or
    ``never``; ``jobs`` is the number of OCR worker processes (default: all
    cores); ``limits`` overrides the safety limits (``Limits``).

    >>> read("plan.pdf").page_starts            # doctest: +SKIP
    [0, 2081, 4410]
    """
    limits = limits or DEFAULT_LIMITS
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", str(p))
    if p.is_dir():
        raise InputError("is a directory", str(p))
    if not p.is_file():  # opening a named pipe with no writer would block forever
        raise InputError("not a regular file (a named pipe, socket or device)", str(p))
    suffix = p.suffix.lower()
    try:
        kind = sniff(p)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", str(p)) from exc
    if kind == "empty":
        raise InputError("file is empty", str(p))
    if kind in ("pdf", "image", "docx") or (kind == "text" and (suffix in TEXT_SUFFIXES or suffix == "")):
        return _check_text(_read_kind(kind, p, ocr, jobs, limits), limits)
    expected = {".pdf": "PDF", ".docx": "DOCX"}.get(suffix) or (
        "image" if suffix in IMAGE_SUFFIXES else None)
    if kind in _REFUSE:
        reason = f"file is {_REFUSE[kind]}"
        if expected:
            raise CorruptFileError(f"named {suffix} but the content is not {expected}: {reason}", str(p))
        raise UnsupportedFormatError(reason, str(p))
    if kind == "text":
        if expected:
            raise CorruptFileError(f"named {suffix} but the content is plain text, not {expected}", str(p))
        raise UnsupportedFormatError(f"unsupported file type {suffix or '(none)'}", str(p))
    raise UnsupportedFormatError(f"unsupported file type {suffix or '(none)'}", str(p))


def _read_kind(kind: str, p: Path, ocr: str, jobs: int | None, limits: Limits) -> RawDocument:
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(p, ocr=ocr, jobs=jobs, limits=limits)
    if kind == "image":
        from .image import read_image

        return read_image(p, ocr=ocr, jobs=jobs, limits=limits)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(p, limits=limits)
    return read_text_file(p, limits=limits)


def _check_text(raw: RawDocument, limits: Limits) -> RawDocument:
    """Refuse text too long for the later stages (``Limits.max_text_chars``)."""
    if len(raw.text) > limits.max_text_chars:
        raise LimitExceededError(f"{len(raw.text)} characters of text exceed the limit of "
                                 f"{limits.max_text_chars} characters", raw.path)
    return raw

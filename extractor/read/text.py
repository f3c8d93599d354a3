"""Read plain text and Markdown: decode bytes, find page breaks."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from ..errors import InputError, LimitExceededError
from .base import RawDocument
from .legacy import convert_legacy

#: Largest text file read (bytes); larger ones are refused, not truncated.
MAX_TEXT_BYTES = 200 * 1024 * 1024


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file; return ``(text, encoding)``.

    Order: a byte-order mark; UTF-16 without a BOM (many NUL bytes); strict
    UTF-8; Windows-1258 (Vietnamese ANSI, whose tone marks are combining
    characters, composed later by NFC).
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    head = data[:4096]
    if head and head.count(0) > len(head) // 4:
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


def page_starts(text: str) -> list[int]:
    """Offsets where pages begin; form feeds separate pages."""
    starts = [0]
    i = text.find("\f")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\f", i + 1)
    return starts


def from_string(text: str, *, path: str | None = None, media_type: str = "text/plain",
                sha256: str | None = None, warnings: list[str] | None = None) -> RawDocument:
    """A ``RawDocument`` from text already in memory."""
    warnings = list(warnings or [])
    text, legacy = convert_legacy(text)
    if legacy:
        warnings.append(f"legacy Vietnamese encoding {legacy} converted to Unicode")
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return RawDocument(text=text, media_type=media_type, path=path, sha256=digest,
                       page_starts=page_starts(text), warnings=warnings)


def read_text_file(path: Path) -> RawDocument:
    """Read a ``.txt`` or ``.md`` file."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise LimitExceededError(f"text file of {size} bytes exceeds the {MAX_TEXT_BYTES} byte limit", str(path))
    data = path.read_bytes()
    if not data.strip():
        raise InputError("file is empty", str(path))
    text, enc = decode(data)
    warnings = [] if enc in ("utf-8", "utf-8-sig") else [f"decoded as {enc}"]
    media = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else "text/plain"
    if not text.strip():
        raise InputError("file has no text", str(path))
    return from_string(text, path=str(path), media_type=media,
                       sha256=hashlib.sha256(data).hexdigest(), warnings=warnings)

"""Read plain text and Markdown: decode bytes, find page breaks."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from ..errors import InputError, LimitExceededError
from .base import RawDocument
from .legacy import analyse_legacy
from .limits import DEFAULT_LIMITS, Limits

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


# UTF-8 read as Windows-1252/Latin-1 and saved again: "ChÃ o má»«ng" for "Chào mừng".
# (Written second character first: "á" and "â" are common in Vietnamese, the second
# characters are not, and a pattern led by a rare class is scanned in the engine's fast loop.)
MOJIBAKE = re.compile(r"[\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                      r"\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
                      r"(?<=[ÃÄÆÅáâ].)")


def _undouble(line: str) -> str:
    """Undo one wrong decoding: each character back to its Windows-1252/Latin-1 byte.

    Bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are
    often lost when the mojibake was made; their character becomes U+FFFD.
    """
    out = bytearray()
    for ch in line:
        code = ord(ch)
        if code < 256:
            out.append(code)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            return line  # not a Windows-1252 character: this line is not mojibake
    new = out.decode("utf-8", errors="replace")
    return new if new.count("\ufffd") <= max(1, len(new) // 20) else line


def fix_double_utf8(text: str) -> tuple[str, int]:
    """Repair lines that are UTF-8 decoded twice; return the text and lines repaired.

    A line is replaced only when the round trip succeeds (at most a few lost
    characters) and removes the mojibake pairs, so correct Vietnamese, whose
    characters are not all Windows-1252 bytes, is never touched.
    """
    if not MOJIBAKE.search(text):
        return text, 0
    lines = text.split("\n")
    fixed = 0
    for i, line in enumerate(lines):
        if MOJIBAKE.search(line):
            new = _undouble(line)
            if new != line and not MOJIBAKE.search(new):
                lines[i] = new
                fixed += 1
    return "\n".join(lines), fixed


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
    text, undoubled = fix_double_utf8(text)
    if undoubled:
        warnings.append(f"{undoubled} line(s) of double-encoded UTF-8 repaired")
    result = analyse_legacy(text)
    text = result.text
    if result.encoding:
        warnings.append(f"legacy Vietnamese encoding {result.encoding} converted to Unicode")
    if result.garbled:  # never emit mojibake silently
        warnings.append("text looks mis-encoded (mojibake) and could not be converted")
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return RawDocument(text=text, media_type=media_type, path=path, sha256=digest,
                       page_starts=page_starts(text), warnings=warnings)


def read_text_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a ``.txt`` or ``.md`` file."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise LimitExceededError(f"text file of {size} bytes exceeds the {MAX_TEXT_BYTES} byte limit", str(path))
    if size > 4 * limits.max_text_chars:  # more characters than the limit in any encoding
        raise LimitExceededError(f"text file of {size} bytes exceeds the limit of {limits.max_text_chars} "
                                 "characters of text", str(path))
    data = path.read_bytes()
    if not data.strip():
        raise InputError("file is empty", str(path))
    text, enc = decode(data)
    if len(text) > limits.max_text_chars:
        raise LimitExceededError(f"{len(text)} characters of text exceed the limit of "
                                 f"{limits.max_text_chars} characters", str(path))
    warnings = [] if enc in ("utf-8", "utf-8-sig") else [f"decoded as {enc}"]
    media = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else "text/plain"
    if not text.strip():
        raise InputError("file has no text", str(path))
    return from_string(text, path=str(path), media_type=media,
                       sha256=hashlib.sha256(data).hexdigest(), warnings=warnings)

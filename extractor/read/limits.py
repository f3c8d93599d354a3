"""Safety limits of the read stage; exceeding one raises ``LimitExceededError``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Limits applied while reading one file (defaults suit office documents)."""

    #: Largest input file, bytes.
    max_file_bytes: int = 300 * 1024 * 1024
    #: Most pages (PDF, multi-page TIFF) read from one file.
    max_pages: int = 2000
    #: Largest image (decoded page image or image file), pixels; guards
    #: against decompression bombs (PIL's MAX_IMAGE_PIXELS is set to it too).
    max_pixels: int = 60_000_000
    #: Seconds tesseract may spend on one page (the page is then left empty
    #: with a warning).
    page_timeout: float = 120.0
    #: Largest uncompressed XML part of a DOCX, bytes (zip-bomb guard).
    max_xml_bytes: int = 100 * 1024 * 1024
    #: Most entries in a DOCX zip.
    max_zip_entries: int = 10_000
    #: Largest inflated size of one FlateDecode stream of a PDF, bytes
    #: (decompression-bomb guard, checked before pdfium sees the file; a
    #: 60-megapixel RGBA page image is 240 MB).
    max_stream_bytes: int = 256 * 1024 * 1024
    #: Most characters of text in one document; the later stages need about
    #: 5 s and 50 MB per million characters.
    max_text_chars: int = 10_000_000


DEFAULT_LIMITS = Limits()

"""What the read stage produces: the text as read, with page provenance.

Every reader (plain text, PDF text layer, OCR, DOCX, images) returns a
``RawDocument``. Later stages never care where the text came from.

Conventions for ``RawDocument.text``:
- pages are separated by a form feed ``"\\f"``; ``page_starts[i]`` is the
  offset where page ``i + 1`` begins;
- a table the reader recognised (PDF geometry, DOCX ``w:tbl``) is rendered
  inline, one row per line, as ``| cell | cell | cell |``; a newline inside a
  cell becomes a space and a ``|`` inside a cell becomes ``/``. The
  normaliser turns such blocks into tables with cell spans;
- a footnote is rendered at the end of its page as a line ``[^n] text``;
  the in-text reference mark as ``[^n]``;
- Word's automatic list numbering is rendered into the paragraph text
  (``"1. "``, ``"a) "``) because it is not in the XML text;
- ``line_hints`` may mark lines (by 0-based line index in ``text``) as
  ``"bold"``, ``"italic"``, ``"center"``, ``"heading"`` where the source
  format says so (DOCX run properties, PDF fonts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import OcrInfo


@dataclass
class RawDocument:
    """Text as read from one input, before normalisation."""

    text: str
    media_type: str = "text/plain"
    path: str | None = None
    sha256: str = ""
    page_starts: list[int] = field(default_factory=lambda: [0])
    ocr: OcrInfo | None = None
    warnings: list[str] = field(default_factory=list)
    line_hints: dict[int, set[str]] = field(default_factory=dict)
    # per-page OCR word confidences etc. may be added by readers
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, len(self.page_starts))

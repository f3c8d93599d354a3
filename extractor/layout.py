"""The normalised text and its lines, pages and tables.

``normalize()`` produces a ``NormText``; every later stage reads it and
never the raw input. ``text`` is what the output's top-level ``text`` holds
and what every ``span`` points into. It is made of *lines*: a heading, a
paragraph (hard-wrapped source lines rejoined), a bullet item, a header or
signer-block line, or a table row (``| cell | cell |``, cell spans in ``Line.cells``). Lines are
separated by ``"\\n"``; a blank line is never emitted.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .models import Span

#: Line kinds.
PARA = "para"
TABLE_ROW = "table_row"


@dataclass(slots=True)
class Line:
    """One line of the normalised text: ``text[start:end]`` (no newline).

    ``hints`` records what the source said about the line before markup was
    removed: ``"md_heading"`` (a Markdown ``#`` heading), ``"bold"`` (the whole
    line was emphasised), ``"italic"``, ``"center"``, ``"bullet"`` (starts with
    ``-``, ``+``, ``*``, ``•``), ``"footnote"``, ``"header"`` (the two-column
    header zone), ``"signer"`` (the Nơi nhận / signature zone).
    ``md_level`` is the number of ``#`` of a Markdown heading (0 if none).
    ``table``/``row``/``cells`` are set for table rows.
    """

    start: int
    end: int
    page: int = 1
    kind: str = PARA
    hints: frozenset[str] = frozenset()
    md_level: int = 0
    table: int | None = None
    row: int | None = None
    cells: tuple[Span, ...] = ()

    def has(self, hint: str) -> bool:
        return hint in self.hints


@dataclass
class TableBlock:
    """A table found in the text: rows of cell spans (row 0 may be a header)."""

    index: int
    page: int
    lines: list[int] = field(default_factory=list)  # indexes into NormText.lines
    cells: list[list[Span]] = field(default_factory=list)


@dataclass
class NormText:
    """The normalised text with line, page and table structure.

    ``page_starts[i]`` is the offset in ``text`` where page ``i + 1`` begins.
    ``source_offset(i)`` maps an offset of ``text`` back to ``RawDocument.text``.
    """

    text: str
    lines: list[Line]
    page_starts: list[int] = field(default_factory=lambda: [0])
    tables: list[TableBlock] = field(default_factory=list)
    #: 1-based pages whose text came from OCR (their numbering may have misread strokes)
    ocr_pages: frozenset[int] = frozenset()
    # offset map: per line, pieces (out offset in the line, source offset, exact)
    _line_pieces: list[list] = field(default_factory=list, repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [ln.start for ln in self.lines]

    # -- provenance helpers -------------------------------------------------
    def page_at(self, offset: int) -> int:
        """1-based page of the character at ``offset``."""
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def line_at(self, offset: int) -> int:
        """Index of the line containing ``offset`` (or the last line before it)."""
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    def cell_at(self, offset: int) -> tuple[int, tuple[int, int]] | None:
        """``(table, (row, column))`` of the table cell holding ``offset``, else None."""
        if not self.lines:
            return None
        ln = self.lines[self.line_at(offset)]
        if ln.table is None:
            return None
        for c, (a, b) in enumerate(ln.cells):
            if a <= offset <= b:
                return ln.table, (ln.row, c)
        return None

    def source_offset(self, offset: int) -> int:
        """Offset in the raw text that the normalised ``offset`` came from."""
        if not self._line_pieces or not self.lines:
            return offset
        li = self.line_at(offset)
        pieces = self._line_pieces[li]
        if not pieces:
            return offset
        rel = offset - self.lines[li].start
        k = max(0, bisect.bisect_right([p[0] for p in pieces], rel) - 1)
        out, src, exact = pieces[k]
        return src + (rel - out) if exact else src

    def line_text(self, line: Line) -> str:
        return self.text[line.start : line.end]

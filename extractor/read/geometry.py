"""Words and lines on a page, and their reading order.

Shared by the PDF text layer (``layout_pdf``) and OCR (``ocr``): both give
words with boxes, and both must turn a page laid out like an administrative
document (Nghị định 30/2020) into lines in reading order:

- the two-column header (issuer | national motto, number | place and date)
  and the signer zone (Nơi nhận | signature block) come out as the left
  column's lines, then the right column's, as in ``scans/*.ref.txt``;
- a text line that a PDF or tesseract reports across both columns
  ("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI ...") is split at the gutter;
- everything else keeps top-to-bottom order.

Coordinates: points (PDF) or pixels (OCR), origin top-left, y grows down.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A gap wider than this many line heights splits a line into segments.
SEGMENT_GAP = 1.6
#: A gutter must stay at least this many line heights wide over its run.
MIN_GUTTER = 1.5
#: Rows further apart than this many line heights end a column run.
MAX_ROW_STEP = 2.2
#: Rows within this share of the page height from the top of the first page
#: form the header zone, where aligned two-column rows are split too.
HEADER_ZONE = 0.28


@dataclass(slots=True)
class Word:
    """One word (or run of words without a wide gap) with its box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0          # font size (PDF) or box height (OCR)
    conf: float | None = None  # OCR confidence 0-100
    bold: bool = False
    start: int = -1            # PDF: index of its first character in pdfium's text page
    end: int = -1              # PDF: index just after its last character
    base: float = 0.0          # PDF: baseline of its first character (a line's top is its first word's)


class Line:
    """Words on one text line, left to right; the box is computed once."""

    __slots__ = ("words", "hints", "x0", "x1", "top", "bottom", "size")

    def __init__(self, words: list[Word], hints: set[str] | None = None):
        self.words = words
        self.hints = hints if hints is not None else set()
        self.x0 = min([w.x0 for w in words])
        self.x1 = max([w.x1 for w in words])
        self.top = min([w.top for w in words])
        self.bottom = max([w.bottom for w in words])
        sizes = sorted([w.size for w in words if w.size])
        self.size = sizes[len(sizes) // 2] if sizes else self.bottom - self.top

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(1e-6, self.bottom - self.top)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if w.text)

    def __repr__(self) -> str:
        return f"Line({self.text[:40]!r}, x={self.x0:.0f}-{self.x1:.0f}, y={self.top:.0f})"


def split_segments(line: Line, unit: float) -> list[Line]:
    """Split a line wherever two words are more than ``SEGMENT_GAP`` units apart."""
    words = sorted(line.words, key=lambda w: w.x0)
    limit = SEGMENT_GAP * unit
    if all(b.x0 - a.x1 <= limit for a, b in zip(words, words[1:])):
        return [line]
    out: list[list[Word]] = [[words[0]]]
    for w in words[1:]:
        if w.x0 - out[-1][-1].x1 > limit:
            out.append([w])
        else:
            out[-1].append(w)
    return [Line(ws, set(line.hints)) for ws in out]


def group_rows(lines: list[Line]) -> list[list[Line]]:
    """Group lines whose vertical middles overlap into rows, top to bottom."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda l: (l.mid, l.x0)):
        if rows:
            last = rows[-1]
            ref = sum(l.mid for l in last) / len(last)
            h = max(l.height for l in last)
            if abs(ln.mid - ref) < 0.5 * min(h, ln.height):
                last.append(ln)
                continue
        rows.append([ln])
    for row in rows:
        row.sort(key=lambda l: l.x0)
    return rows


def _free_intervals(row: list[Line], lo: float, hi: float, min_width: float) -> list[tuple[float, float]]:
    """x-intervals within ``[lo, hi]`` that no segment of ``row`` covers."""
    free, cur = [], lo
    for seg in sorted(row, key=lambda l: l.x0):
        if seg.x0 - cur >= min_width:
            free.append((cur, seg.x0))
        cur = max(cur, seg.x1)
    if hi - cur >= min_width:
        free.append((cur, hi))
    return free


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]], min_width: float):
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= min_width:
                out.append((lo, hi))
    return out


def _merge_row(row: list[Line]) -> Line:
    words = [w for seg in sorted(row, key=lambda l: l.x0) for w in seg.words]
    hints = set.intersection(*(seg.hints for seg in row)) if row else set()
    return Line(words, hints)


def _columns_of(run: list[list[Line]], gutter: tuple[float, float]) -> list[Line]:
    """Left column rows, then right column rows."""
    g = (gutter[0] + gutter[1]) / 2
    left = [[s for s in row if s.x1 <= g] for row in run]
    right = [[s for s in row if s.x0 >= g] for row in run]
    return [_merge_row(r) for r in left if r] + [_merge_row(r) for r in right if r]


def _is_columnar(run: list[list[Line]], gutter: tuple[float, float], in_header: bool,
                 rules: list[tuple[float, float, float]], unit: float) -> bool:
    """A run is read column by column if it has content on both sides and
    either sits in the header zone or its columns are not row-aligned (a
    side is empty on some row, as in Nơi nhận | signer); row-aligned runs
    elsewhere are more likely a borderless table and keep row order, and so
    does a run that a horizontal rule crosses the gutter of (a table ruled
    with horizontal lines only: an empty cell must not turn it into columns)."""
    g = (gutter[0] + gutter[1]) / 2
    sides = [(any(s.x1 <= g for s in row), any(s.x0 >= g for s in row)) for row in run]
    if not any(l for l, _ in sides) or not any(r for _, r in sides):
        return False
    if rules and _ruled(run, gutter, rules, unit):
        return False
    if len(run) < 2:
        return in_header
    return in_header or any(l != r for l, r in sides)


def _ruled(run: list[list[Line]], gutter: tuple[float, float], rules: list[tuple[float, float, float]],
           unit: float) -> bool:
    """Do rules across the gutter run between the rows, or close them above
    and below? (A full-width line under a header block alone does not count.)"""
    top, bottom = min(s.top for s in run[0]), max(s.bottom for s in run[-1])
    ys = [y for x0, x1, y in rules if x0 < gutter[0] and x1 > gutter[1]
          and top - 1.5 * unit <= y <= bottom + 1.5 * unit]
    return any(top < y < bottom for y in ys) or (any(y <= top for y in ys) and any(y >= bottom for y in ys))


def reading_order(lines: list[Line], page_width: float, page_height: float,
                  *, first_page: bool = True, unit: float | None = None,
                  rules: list[tuple[float, float, float]] | None = None) -> list[Line]:
    """Lines of one page in reading order, two-column zones read column-wise.

    ``rules``: horizontal rules drawn on the page, ``(x0, x1, y)``; rows they
    cross keep row order (see ``_is_columnar``).
    """
    if not lines:
        return []
    if unit is None:
        hs = sorted(l.size for l in lines)
        unit = hs[len(hs) // 2] or 1.0
    segs = [s for ln in lines for s in split_segments(ln, unit)]
    rows = group_rows(segs)
    lo = min(s.x0 for s in segs) - 1
    hi = max(s.x1 for s in segs) + 1
    min_gutter = MIN_GUTTER * unit
    out: list[Line] = []
    i = 0
    while i < len(rows):
        free = _free_intervals(rows[i], lo, hi, min_gutter)
        inner = [f for f in free if f[0] > lo and f[1] < hi]
        if len(rows[i]) < 2 or not inner:
            out.append(_merge_row(rows[i]))
            i += 1
            continue
        run, cur, j = [rows[i]], inner, i + 1
        while j < len(rows):
            step = min(s.top for s in rows[j]) - max(s.bottom for s in rows[j - 1])
            if step > MAX_ROW_STEP * unit:
                break
            nxt = _intersect(cur, _free_intervals(rows[j], lo, hi, min_gutter), min_gutter)
            if not nxt:
                break
            cur, j = nxt, j + 1
            run.append(rows[j - 1])
        gutter = max(cur, key=lambda f: f[1] - f[0])
        in_header = first_page and min(s.top for s in run[0]) < HEADER_ZONE * page_height
        if _is_columnar(run, gutter, in_header, rules or [], unit):
            out.extend(_columns_of(run, gutter))
        else:
            out.extend(_merge_row(r) for r in run)
        i = j
    return out


def text_area(lines: list[Line], width: float) -> tuple[float, float]:
    """Left and right edges of the body text (10th percentiles, robust to outliers)."""
    if len(lines) < 3:
        return 0.0, width
    x0s = sorted(ln.x0 for ln in lines)
    x1s = sorted(ln.x1 for ln in lines)
    return x0s[len(x0s) // 10], x1s[-1 - len(x1s) // 10]


def layout_hints(ln: Line, area: tuple[float, float]) -> set[str]:
    """What a line's position says about paragraphs.

    ``short``: it ends well before the right margin (a paragraph's or a heading's
    last line); ``indent``: it starts right of the left margin (a first line);
    ``center``: centred and narrower than the text.
    """
    hints: set[str] = set()
    left, right = area
    width = right - left
    if width <= 0:
        return hints
    if ln.x1 < right - 0.12 * width:
        hints.add("short")
    if ln.x0 - left > 0.025 * width:
        hints.add("indent")
    centre = (ln.x0 + ln.x1) / 2
    if abs(centre - (left + right) / 2) < 0.03 * width and ln.x1 - ln.x0 < 0.85 * width \
            and ln.x0 - left > 0.06 * width:
        hints.add("center")
    return hints

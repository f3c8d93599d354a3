"""Ruled tables of a born-digital PDF page, from pdfium's page objects.

pdfplumber finds ruled tables well but parses the whole page with pdfminer
first (0.3-1 s per table page). This module does the same job from what
pdfium has already loaded:

1. rules come from ``objects_pdf.scan_objects`` (thin bars and stroked
   straight segments, in display points);
2. ``find_grids`` turns rules into cells with pdfplumber's "lines" method,
   step for step and with the same tolerances: snap parallel rules to their
   mean, join collinear pieces, keep rules of ``MIN_EDGE`` points or more,
   intersect, take for every crossing the smallest cell it is the top-left
   corner of, and group cells sharing a corner into tables;
3. ``read_tables`` puts the page's words into cells by their centre (a word
   that sticks out of its cell is split by pdfium's character boxes) and
   renders rows as pdfplumber's ``Table.extract`` does: ``None`` where a
   merged cell spans the column, ``""`` for an empty cell.

Where this method cannot decide (text in a table that is not upright,
curved strokes over a table, a page too complex to walk) it raises
``Undecided`` and the page is read with pdfplumber instead.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .geometry import Line, Word
from .objects_pdf import Box, Drawing, Frame, HRule, VRule, fast, handle

#: pdfplumber settings used on the same pages (``TABLE_SETTINGS`` in layout_pdf).
SNAP = 4.0
JOIN = 4.0
INTERSECT = 4.0
#: Rules shorter than this (after joining) do not bound cells (pdfplumber's edge_min_length).
MIN_EDGE = 3.0
#: Words on one cell line: tops within this many points (pdfplumber's y_tolerance).
LINE_TOLERANCE = 3.0
#: A word sticking out of its cell by more than this is split by character boxes.
OVERHANG = 1.0


@dataclass
class TableBlock:
    """A ruled table: bbox (top-left origin) and rows of cell text.

    ``words`` holds ``id()`` of the page words placed in its cells (tables
    read here); ``None`` for tables from pdfplumber, whose lines are taken
    out of the page by the bbox instead.
    """

    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]]
    words: set[int] | None = None


# -------------------------------------------------------------------- grid

def _snap(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Move rules whose positions chain within ``SNAP`` to their mean position."""
    rules = sorted(rules, key=lambda r: r[2])
    out: list[tuple[float, float, float]] = []
    group: list[tuple[float, float, float]] = []
    for r in rules:
        if group and r[2] > group[-1][2] + SNAP:
            mean = sum(g[2] for g in group) / len(group)
            out.extend((g[0], g[1], mean) for g in group)
            group = []
        group.append(r)
    if group:
        mean = sum(g[2] for g in group) / len(group)
        out.extend((g[0], g[1], mean) for g in group)
    return out


def _join(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Join pieces on one line that overlap or are at most ``JOIN`` apart."""
    out: list[tuple[float, float, float]] = []
    for lo, hi, pos in sorted(rules, key=lambda r: (r[2], r[0])):
        if out and out[-1][2] == pos and lo <= out[-1][1] + JOIN:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi, pos)
        else:
            out.append((lo, hi, pos))
    return [r for r in out if r[1] - r[0] >= MIN_EDGE]


def merge_rules(h: list[HRule], v: list[VRule]) -> tuple[list[HRule], list[VRule]]:
    """pdfplumber's ``merge_edges`` then ``filter_edges(min_length)``."""
    return _join(_snap(h)), _join(_snap(v))


def intersections(h: list[HRule], v: list[VRule]) -> dict[tuple[float, float], tuple[list, list]]:
    """Crossings within ``INTERSECT``: point -> (vertical rules, horizontal rules)."""
    hs = sorted(h, key=lambda r: (r[2], r[0]))
    ys = [r[2] for r in hs]
    points: dict[tuple[float, float], tuple[list, list]] = {}
    for vr in sorted(v, key=lambda r: (r[2], r[0])):
        top, bottom, x = vr
        for k in range(bisect_left(ys, top - INTERSECT), bisect_right(ys, bottom + INTERSECT)):
            x0, x1, y = hs[k]
            if x0 - INTERSECT <= x <= x1 + INTERSECT:
                vs_hs = points.setdefault((x, y), ([], []))
                vs_hs[0].append(vr)
                vs_hs[1].append(hs[k])
    return points


def cells_from(points: dict[tuple[float, float], tuple[list, list]]) -> list[Box]:
    """For every crossing, the smallest cell it is the top-left corner of."""
    by_x: dict[float, list[float]] = {}
    by_y: dict[float, list[float]] = {}
    for x, y in sorted(points):
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)
    vsets = {p: set(vh[0]) for p, vh in points.items()}
    hsets = {p: set(vh[1]) for p, vh in points.items()}

    def joined_v(p, q) -> bool:
        return not vsets[p].isdisjoint(vsets[q])

    def joined_h(p, q) -> bool:
        return not hsets[p].isdisjoint(hsets[q])

    cells = []
    for x, y in sorted(points):
        pt = (x, y)
        below = [(x, yy) for yy in by_x[x] if yy > y]
        right = [(xx, y) for xx in by_y[y] if xx > x]
        found = None
        for b in below:
            if not joined_v(pt, b):
                continue
            for r in right:
                if not joined_h(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in points and joined_v(corner, r) and joined_h(corner, b):
                    found = (x, y, r[0], b[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def group_cells(cells: list[Box]) -> list[list[Box]]:
    """Cells sharing a corner, transitively; tables of one cell are dropped."""
    owner: dict[tuple[float, float], int] = {}
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[Box]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    tables = [g for g in groups.values() if len(g) > 1]
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))


def find_grids(h: list[HRule], v: list[VRule]) -> list[list[Box]]:
    """Tables as lists of cells, from rules (pdfplumber's "lines" strategy)."""
    h, v = merge_rules(h, v)
    if not h or not v:
        return []
    return group_cells(cells_from(intersections(h, v)))


def grid_rows(cells: list[Box]) -> list[list[Box | None]]:
    """Rows of a table as ``Table.rows``: a cell where one starts, else ``None``."""
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, Box]] = {}
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(c[1], {})[c[0]] = c
    return [[row.get(x) for x in xs] for _, row in sorted(rows.items())]


def bbox_of(cells: list[Box]) -> Box:
    return (min(c[0] for c in cells), min(c[1] for c in cells),
            max(c[2] for c in cells), max(c[3] for c in cells))


# -------------------------------------------------------------- cell text

class _CellIndex:
    """Which cells hold a point: the grid's lines cut the plane into squares."""

    def __init__(self, cells: list[Box]) -> None:
        self.xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
        self.ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
        self.squares: dict[tuple[int, int], list[Box]] = {}
        for c in cells:
            for i in range(bisect_left(self.xs, c[0]), bisect_left(self.xs, c[2])):
                for j in range(bisect_left(self.ys, c[1]), bisect_left(self.ys, c[3])):
                    self.squares.setdefault((i, j), []).append(c)

    def at(self, x: float, y: float) -> list[Box]:
        i = bisect_right(self.xs, x) - 1
        j = bisect_right(self.ys, y) - 1
        return self.squares.get((i, j), [])


class CharSource:
    """pdfium's text page of the page being read: boxes and angles of single
    characters."""

    def __init__(self, raw, text: str, frame: Frame) -> None:
        import math

        self.raw = handle(raw)          # FPDF_TEXTPAGE
        self.text = text                # its text (one character per index)
        self.frame = frame
        self._angle = fast("FPDFText_GetCharAngle")
        self._upright = math.radians(frame.upright_angle())

    def boxes(self, start: int, end: int):
        """(character, display box) for indexes start..end-1."""
        import pypdfium2.raw as R

        rect = R.FS_RECTF()
        ref = ctypes.addressof(rect)
        loose_box = fast("FPDFText_GetLooseCharBox")
        for k in range(start, end):
            if not loose_box(self.raw, k, ref):
                continue
            yield self.text[k], self.frame.box(rect.left, rect.bottom, rect.right, rect.top)

    def upright(self, index: int) -> bool:
        """Is the character at ``index`` set upright on the display (within 2 degrees)?"""
        angle = self._angle(self.raw, index)
        if angle < 0:
            return True  # pdfium could not tell; the text layer is read as upright anyway
        diff = abs(angle - self._upright) % _TURN
        return min(diff, _TURN - diff) < _UPRIGHT_SLOP


_TURN = 6.283185307179586
_UPRIGHT_SLOP = 0.0349   # 2 degrees in radians


class Undecided(Exception):
    """The page's tables must be read another way (pdfplumber)."""


def read_tables(grids: list[list[Box]], lines: list[Line], chars: CharSource,
                drawing: Drawing) -> list[TableBlock]:
    """Tables with cell text from the page's words (see the module doc).

    Raises ``Undecided`` where the words cannot be placed with confidence.
    """
    out = []
    for cells in grids:
        box = bbox_of(cells)
        if any(_overlaps(c, box) for c in drawing.curves):
            raise Undecided("curved paths inside a table")
        inside = [w for ln in lines for w in ln.words if _word_overlaps(w, box)]
        # pdfium may run a turned word into a line of upright ones: ask each word
        if any(w.start >= 0 and not chars.upright(w.start) for w in inside):
            raise Undecided("text in a table is not upright")
        pieces, used = _place_words(cells, inside, chars)
        rows = [[None if c is None else _cell_string(pieces.get(c, ())) for c in row]
                for row in grid_rows(cells)]
        block = make_block(box, rows)
        if block is not None:
            block.words = used
            out.append(block)
    return out


def _word_top(w: Word) -> float:
    """Top of a word by its own baseline (PDF words), else its line's."""
    return w.base - 0.78 * w.size if w.start >= 0 else w.top


def _word_overlaps(w: Word, box: Box) -> bool:
    top = _word_top(w)
    return top <= box[3] and top + (w.bottom - w.top) >= box[1] and w.x0 <= box[2] and w.x1 >= box[0]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


Piece = tuple[float, float, str]   # top, x0, text


def _place_words(cells: list[Box], words: list[Word], chars: CharSource):
    """Words (or their pieces) per cell, and the ids of the words placed.

    A word is placed by its own baseline, not its line's: pdfium may run
    text of neighbouring cells, set at different heights, into one line.
    """
    index = _CellIndex(cells)
    pieces: dict[Box, list[Piece]] = {}
    used: set[int] = set()
    for w in words:
        top = _word_top(w)
        cy = top + 0.5 * (w.bottom - w.top)
        hit = index.at((w.x0 + w.x1) / 2, cy)
        if hit and all(c[0] - OVERHANG <= w.x0 and w.x1 <= c[2] + OVERHANG for c in hit):
            text = w.text.replace("\x00", "")
            for c in hit:
                pieces.setdefault(c, []).append((top, w.x0, text))
            used.add(id(w))
        elif w.start >= 0 and (hit or _near(index, w.x0, w.x1, cy)):
            if _split_word(w, top, cy, index, chars, pieces):
                used.add(id(w))
        elif hit:
            raise Undecided("a word across cells without character boxes")
    return pieces, used


def _near(index: _CellIndex, x0: float, x1: float, cy: float) -> bool:
    """Does a word's box reach into the grid at all?"""
    return bool(index.xs) and x1 > index.xs[0] and x0 < index.xs[-1] and index.ys[0] <= cy < index.ys[-1]


def _split_word(w: Word, top: float, cy: float, index: _CellIndex, chars: CharSource,
                pieces: dict[Box, list[Piece]]) -> bool:
    """Place a word character by character (by the centre of each character's
    box); True if all of it went into cells. Characters outside every cell
    keep the word on the page as text."""
    runs: list[tuple[tuple[Box, ...], float, list[str]]] = []
    outside = False
    for ch, (x0, _, x1, _) in chars.boxes(w.start, w.end):
        hit = tuple(index.at((x0 + x1) / 2, cy))
        if not hit:
            outside = outside or not ch.isspace()
            continue
        if runs and runs[-1][0] == hit:
            runs[-1][2].append(ch)
        else:
            runs.append((hit, x0, [ch]))
    if outside:
        return False
    for hit, x0, text in runs:
        for c in hit:
            pieces.setdefault(c, []).append((top, x0, "".join(text)))
    return bool(runs)


def _cell_string(pieces) -> str:
    """Pieces in reading order: lines by top (chained within ``LINE_TOLERANCE``),
    left to right within a line."""
    if not pieces:
        return ""
    ordered = sorted(pieces)
    lines: list[list[Piece]] = [[ordered[0]]]
    for p in ordered[1:]:
        if p[0] > lines[-1][-1][0] + LINE_TOLERANCE:
            lines.append([p])
        else:
            lines[-1].append(p)
    return "\n".join(" ".join(p[2] for p in sorted(ln, key=lambda p: p[1])) for ln in lines)


# ------------------------------------------------------------------ rows

def make_block(bbox: Box, rows: list[list[str | None]]) -> TableBlock | None:
    """A ``TableBlock`` from extracted rows, or None if it is not a table
    (fewer than two rows or columns, or fewer than three non-empty cells)."""
    rows = merge_continuation_rows(rows)
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    clean = [[cell_text(c) for c in row] for row in rows]
    if sum(1 for row in clean for c in row if c) < 3:
        return None
    return TableBlock(*bbox, clean)


def merge_continuation_rows(rows: list[list[str | None]]) -> list[list[str | None]]:
    """Fold a row whose first cell is spanned from above (``None``) and whose
    cells are mostly spanned into the row above: Word tables whose text
    lines pdfplumber split into rows ("Rà soát ... hệ" / "thống cây xanh")."""
    out: list[list[str | None]] = []
    for row in rows:
        spanned = sum(1 for c in row if c is None)
        if out and row and row[0] is None and spanned * 2 >= len(row) and len(row) == len(out[-1]):
            prev = out[-1]
            for k, cell in enumerate(row):
                if cell:
                    prev[k] = f"{prev[k]}\n{cell}" if prev[k] else cell
            continue
        out.append(list(row))
    return out


def cell_text(cell: str | None) -> str:
    if not cell:
        return ""
    return " ".join(cell.replace("|", "/").split())

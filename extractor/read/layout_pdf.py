"""Lines of a born-digital PDF page, from pdfium's text layer.

Speed matters (archives are mostly PDFs), so geometry is taken from pdfium
per *word*, not per character: pdfium's own text (``get_text_range``) gives
characters in content order with its line breaks; for each word we ask only
the origin of its first character, the box of its last one, the font size
and weight (about 1 ms per page). pdfplumber (~36 ms per page) is used only
for pages that draw enough rules to hold a table (``find_tables``).

Page cleanup (``finish_pages``): running headers/footers and page numbers
removed; footnotes (small type at the page bottom, starting with a number)
kept as ``[^n] text`` lines at the end of the page, their superscript marks
in the text as ``[^n]``; words hyphenated across lines rejoined; tables
rendered as ``| cell | cell |`` rows where they stood.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field

from .geometry import Line, Word, reading_order, layout_hints, text_area
from .legacy import analyse_legacy

#: Top/bottom share of the page where running headers, footers, page numbers live.
MARGIN_ZONE = 0.09
#: Footnote type is at most this share of the body font size.
FOOTNOTE_SIZE = 0.88
#: A superscript is at most this share of its word's font size.
SUPERSCRIPT_SIZE = 0.8
#: Pages with at least this many thin rules are searched for ruled tables.
MIN_TABLE_PATHS = 6
#: Thickest path (pt) that counts as a table rule.
RULE_WIDTH = 2.5
#: pdfplumber settings: Word's cell borders are often a few points off.
TABLE_SETTINGS = {"snap_tolerance": 4, "join_tolerance": 4, "intersection_tolerance": 4}
#: Font weight from which a word counts as bold.
BOLD_WEIGHT = 600
#: Widest plausible character, in em, when guessing where a word ends.
WIDE_CHAR = 0.95

PAGE_NUMBER = re.compile(
    r"""^\s*
    (?:
        [-–—]?\s*\d{1,4}\s*[-–—]?          # "2", "- 2 -"
      | (?:Trang|trang|Page)\s+\d{1,4}      # "Trang 2"
        (?:\s*(?:/|trên|of)\s*\d{1,4})?     # "Trang 2/5", "Page 2 of 5"
      | \d{1,4}\s*/\s*\d{1,4}               # "2/5"
    )\s*$""",
    re.VERBOSE,
)

FOOTNOTE_START = re.compile(
    r"""^\s*
    (?:\[?(?P<n>\d{1,3})\]?)       # "1 Nghị định ...", "[1] ...", "1) ..."
    [\s.)]\s*(?P<rest>\S.*)$""",
    re.VERBOSE,
)

# A word ending in digits may end in a superscript footnote mark: "phúc1",
# "2024,3", "20241" (the year 2024 with mark 1); sizes decide.
TRAILING_DIGITS = re.compile(r"^(?P<head>.*?)(?P<n>\d{1,4})$")


@dataclass
class TableBlock:
    """A ruled table found by pdfplumber: bbox (top-left origin) and cell rows."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]]


@dataclass
class PdfPage:
    """What the text layer of one page holds."""

    number: int                       # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    raw_text: str = ""
    image_cover: float = 0.0          # share of the page covered by images
    paths: int = 0


# ------------------------------------------------------------------ extraction

class _Cbuf:
    """Reused ctypes out-parameters for pdfium calls (double or float)."""

    def __init__(self, ctype=ctypes.c_double) -> None:
        self.v = [ctype() for _ in range(4)]
        self.p = [ctypes.byref(x) for x in self.v]


def page_objects(page) -> tuple[float, int]:
    """(share of the page covered by images, number of thin rules drawn).

    A rule is a path object at most ``RULE_WIDTH`` thick and longer than
    that: table borders (Word draws them as thin filled rectangles or
    lines). Pages with rules in both directions are searched for tables.
    """
    import pypdfium2.raw as R

    w, h = page.get_size()
    area, horizontal, vertical = 0.0, 0, 0
    buf = _Cbuf(ctypes.c_float)
    l, b, r, t = buf.v
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for k in range(R.FPDFPage_CountObjects(page.raw)):
        obj = R.FPDFPage_GetObject(page.raw, k)
        kind = R.FPDFPageObj_GetType(obj)
        if kind not in (R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE):
            continue
        if not R.FPDFPageObj_GetBounds(obj, *buf.p):
            continue
        bw, bh = r.value - l.value, t.value - b.value
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            area += max(0.0, min(r.value, w) - max(l.value, 0)) * max(0.0, min(t.value, h) - max(b.value, 0))
        elif bh <= RULE_WIDTH and bw >= 8 * RULE_WIDTH:
            horizontal += 1
        elif bw <= RULE_WIDTH and bh >= 4 * RULE_WIDTH:
            vertical += 1
        elif bw >= 8 * RULE_WIDTH and bh >= 4 * RULE_WIDTH:
            # an outlined (stroked, unfilled) box is a cell border; filled
            # boxes are shading behind text lines and do not count
            R.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
            if stroke.value and not fill.value:
                horizontal += 2
                vertical += 2
    rules = horizontal + vertical if horizontal >= 3 and vertical >= 3 else 0
    return min(1.0, area / (w * h or 1)), rules


def extract_page(page, number: int) -> PdfPage:
    """Words and lines of one pdfium page (no reading order applied yet)."""
    import pypdfium2.raw as R

    width, height = page.get_size()
    cover, paths = page_objects(page)
    tp = page.get_textpage()
    try:
        raw = tp.raw
        n = R.FPDFText_CountChars(raw)
        text = tp.get_text_range() if n > 0 else ""
        if len(text) != n:  # characters outside the BMP: rebuild one by one
            text = "".join(chr(R.FPDFText_GetUnicode(raw, i) or 32) for i in range(n))
        # pdfium reports a hyphen at a line end (and byte 0xAD, which is "ư"
        # in TCVN3) as U+FFFE: keep it as a soft hyphen until legacy
        # conversion and line joining have decided what it is
        text = text.replace("\ufffe", "\u00ad")
        lines = _lines_from_text(raw, text, height)
    finally:
        tp.close()
    return PdfPage(number, width, height, lines, raw_text=text, image_cover=cover, paths=paths)


_LINE_RE = re.compile(r"[^\r\n]+")
_WORD_RE = re.compile(r"\S+")


def _lines_from_text(raw, text: str, height: float) -> list[Line]:
    """Lines of words from pdfium's text; see the module doc for the budget.

    Per word only the origin of its first character is asked. A word's right
    edge is taken as just before the next word unless the step to the next
    word is longer than the word could be (``WIDE_CHAR`` em per character),
    and only then is the exact box asked: so wide gaps (header columns,
    blanks in drafts) are measured exactly and ordinary spaces cost nothing.
    """
    import pypdfium2.raw as R

    buf = _Cbuf()
    ox, oy = buf.v[0], buf.v[1]
    l, r = buf.v[0], buf.v[1]
    lines: list[Line] = []

    def right_edge(index: int) -> float:
        R.FPDFText_GetCharBox(raw, index, *buf.p)
        return max(l.value, r.value)

    for lm in _LINE_RE.finditer(text):
        spans = [(lm.start() + wm.start(), lm.start() + wm.end()) for wm in _WORD_RE.finditer(lm.group(0))]
        if not spans:
            continue
        first = spans[0][0]
        size = R.FPDFText_GetFontSize(raw, first) or 10.0
        bold = R.FPDFText_GetFontWeight(raw, first) >= BOLD_WEIGHT
        starts = []
        for s, _ in spans:
            R.FPDFText_GetCharOrigin(raw, s, buf.p[0], buf.p[1])
            starts.append((ox.value, oy.value))
        base = starts[0][1]
        top, bottom = height - base - 0.78 * size, height - base + 0.22 * size
        words = []
        for k, (s, e) in enumerate(spans):
            x0 = starts[k][0]
            if k + 1 < len(spans):
                nxt = starts[k + 1][0]
                if nxt - x0 > (e - s) * WIDE_CHAR * size + 0.9 * size or nxt < x0:
                    x1 = right_edge(e - 1)
                else:
                    x1 = nxt - 0.25 * size
            else:
                x1 = right_edge(e - 1)
            if x1 < x0:  # rotated or odd text: keep the word, give it width
                x1 = x0 + 0.5 * size * (e - s)
            wtext = text[s:e]
            word = Word(wtext, x0, x1, top, bottom, size=size, bold=bold)
            m = TRAILING_DIGITS.match(wtext)
            if m and len(wtext) > 1:
                _mark_superscript(raw, buf, word, s + len(m.group("head")), m, size, base)
            words.append(word)
        lines.append(Line(words))
    return lines


def _mark_superscript(raw, buf: _Cbuf, word: Word, index: int, m: re.Match, size: float,
                      base: float) -> None:
    """Mark trailing digits set smaller and raised ("phúc¹", "2024¹") with ``\\x00``.

    Walks back from the last digit while digits are small and raised (at
    most 3), so "20241" with a small "1" becomes "2024" + mark 1.
    """
    import pypdfium2.raw as R

    end = index + len(m.group("n"))
    k = end
    while k > index and end - k < 3:
        ksize = R.FPDFText_GetFontSize(raw, k - 1)
        R.FPDFText_GetCharOrigin(raw, k - 1, buf.p[0], buf.p[1])
        if not (ksize and ksize < SUPERSCRIPT_SIZE * size and buf.v[1].value > base + 0.15 * size):
            break
        k -= 1
    if k < end and (k > index - len(m.group("head")) or m.group("head")):
        cut = len(word.text) - (end - k)
        if cut > 0:
            word.text = word.text[:cut] + "\x00" + word.text[cut:]


def find_tables(plumber_page) -> list[TableBlock]:
    """Ruled tables of a pdfplumber page, as rows of cell text.

    Characters are de-duplicated (fake bold prints each glyph twice) only
    inside each table's box, which is much cheaper than for the whole page.
    """
    out = []
    for tbl in plumber_page.find_tables(TABLE_SETTINGS):
        x0, top, x1, bottom = tbl.bbox
        try:
            region = plumber_page.crop(tbl.bbox).dedupe_chars()
            found = region.find_tables(TABLE_SETTINGS)
            tbl = max(found, key=lambda t: len(t.cells)) if found else tbl
        except ValueError:  # crop outside the page
            pass
        rows = merge_continuation_rows(tbl.extract())
        if len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue
        clean = [[_cell_text(c) for c in row] for row in rows]
        if sum(1 for row in clean for c in row if c) < 3:
            continue
        out.append(TableBlock(x0, top, x1, bottom, clean))
    return out


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


def _cell_text(cell: str | None) -> str:
    if not cell:
        return ""
    return " ".join(cell.replace("|", "/").split())


# --------------------------------------------------------------------- cleanup

def _norm_furniture(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _strip_furniture(pages: list[PdfPage]) -> None:
    """Remove page numbers and lines repeated in the margins of many pages."""
    seen: Counter[str] = Counter()
    for p in pages:
        keys = {_norm_furniture(ln.text) for ln in p.lines
                if ln.bottom < MARGIN_ZONE * p.height or ln.top > (1 - MARGIN_ZONE) * p.height}
        seen.update(keys)
    need = max(2, int(0.5 * len(pages) + 0.5))
    for p in pages:
        keep = []
        for ln in p.lines:
            in_margin = ln.bottom < MARGIN_ZONE * p.height or ln.top > (1 - MARGIN_ZONE) * p.height
            if in_margin and (PAGE_NUMBER.match(ln.text)
                              or (len(pages) >= 2 and seen[_norm_furniture(ln.text)] >= need)):
                continue
            keep.append(ln)
        p.lines = keep


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for ln in lines:
        for w in ln.words:
            sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _split_footnotes(page: PdfPage) -> list[tuple[str, str]]:
    """Take footnote lines off the bottom of the page: [(n, text)]."""
    body = _body_size(page.lines)
    if not body or len(page.lines) < 2:
        return []
    by_y = sorted(page.lines, key=lambda l: l.top)
    k = len(by_y)
    while k > 0 and by_y[k - 1].size <= FOOTNOTE_SIZE * body and by_y[k - 1].top > 0.5 * page.height:
        k -= 1
    block = by_y[k:]
    if not block:
        return []
    first = block[0].text.replace("\x00", "")
    if not FOOTNOTE_START.match(first):
        return []
    notes: list[list[str]] = []
    for ln in block:
        txt = ln.text.replace("\x00", "")
        m = FOOTNOTE_START.match(txt)
        if m and (not notes or int(m.group("n")) == int(notes[-1][0]) + 1):
            notes.append([m.group("n"), m.group("rest")])
        else:
            notes[-1][1] += " " + txt.strip()
    ids = {id(ln) for ln in block}
    page.lines = [ln for ln in page.lines if id(ln) not in ids]
    return [(n, t) for n, t in notes]


def _mark_text(ln: Line, notes: set[str]) -> str:
    parts = []
    for w in ln.words:
        if "\x00" in w.text:
            head, n = w.text.split("\x00", 1)
            parts.append(f"{head}[^{n}]" if n in notes else head + n)
        else:
            parts.append(w.text)
    return " ".join(parts)


_HYPHEN_END = re.compile(r"(?<=[^\W_])[-\u00ad\x02]$")
_STARTS_WORD = re.compile(r"^[^\W_]")


def join_hyphenated(lines: list[str]) -> list[str]:
    """Rejoin a word split by a hyphen at a line end ("TT-" + "BGDĐT ...").

    Vietnamese does not hyphenate words across lines, so a hyphen (hard, or
    soft as pdfium reports it) that ends a line right after a letter or
    digit is a real one: "2023-" + "2024" -> "2023-2024". Soft hyphens left
    inside lines are hyphens pdfium found at a line end ("TT-BGDĐT").
    """
    out: list[str] = []
    for ln in lines:
        if out and _HYPHEN_END.search(out[-1]) and _STARTS_WORD.match(ln) \
                and not out[-1].startswith("| ") and not ln.startswith("| "):
            head, _, rest = ln.partition(" ")
            out[-1] = out[-1][:-1] + "-" + head
            if rest.strip():
                out.append(rest)
            continue
        out.append(ln)
    # pdfium joins a line ending in a hyphen with the next one itself and
    # marks the hyphen (see extract_page): a real hyphen in Vietnamese
    return [ln.replace("\u00ad", "-") for ln in out]


def render_table(rows: list[list[str]]) -> list[str]:
    """``| a | b |`` lines for the rows of a table."""
    return ["| " + " | ".join(c for c in row) + " |" for row in rows]


@dataclass
class PageText:
    """Final lines of one page, with hints by line index."""

    lines: list[str]
    hints: dict[int, set[str]] = field(default_factory=dict)
    legacy: str | None = None      # encoding converted from, if any
    garbled: bool = False          # text still looks mis-encoded


def finish_pages(pages: list[PdfPage]) -> list[PageText]:
    """Reading order, furniture, footnotes, tables, hyphenation: text per page."""
    _strip_furniture(pages)
    all_notes: dict[int, list[tuple[str, str]]] = {p.number: _split_footnotes(p) for p in pages}
    note_ids = {n for notes in all_notes.values() for n, _ in notes}
    out = []
    for p in pages:
        body = [ln for ln in p.lines if not any(_inside(ln, t) for t in p.tables)]
        ordered = reading_order(body, p.width, p.height, first_page=p.number == 1)
        area = _text_area(body, p.width)
        entries: list[tuple[float, str, set[str]]] = []
        for ln in ordered:
            entries.append((ln.top, _mark_text(ln, note_ids), _hints(ln, area)))
        for t in p.tables:
            pos = next((i for i, e in enumerate(entries) if e[0] > t.top), len(entries))
            rows = [(t.top, row, set()) for row in render_table(t.rows)]
            entries[pos:pos] = rows
        legacy = analyse_legacy("\n".join(e[1] for e in entries))
        texts = join_hyphenated(legacy.text.split("\n"))
        hints: dict[int, set[str]] = {}
        if len(texts) == len(entries):
            hints = {i: e[2] for i, e in enumerate(entries) if e[2]}
        texts += [f"[^{n}] {t}" for n, t in all_notes[p.number]]
        out.append(PageText(texts, hints, legacy.encoding, legacy.garbled))
    return out


def _inside(ln: Line, t: TableBlock) -> bool:
    cx = (ln.x0 + ln.x1) / 2
    return t.top - 1 <= ln.mid <= t.bottom + 1 and t.x0 - 1 <= cx <= t.x1 + 1


def _text_area(lines: list[Line], width: float) -> tuple[float, float]:
    return text_area(lines, width)


def _hints(ln: Line, area: tuple[float, float]) -> set[str]:
    hints = layout_hints(ln, area)
    if ln.words and all(w.bold for w in ln.words):
        hints.add("bold")
    return hints

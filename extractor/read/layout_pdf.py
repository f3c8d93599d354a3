"""Lines of a born-digital PDF page, from pdfium's text layer.

Speed matters (archives are mostly PDFs), so geometry is taken from pdfium
per *word*, not per character: pdfium's own text (``get_text_range``) gives
characters in content order with its line breaks; for each word we ask only
the origin of its first character, the box of its last one, the font size
and weight (about 1 ms per page). Coordinates are display points (a page's
``/Rotate`` and crop box applied, see ``objects_pdf.Frame``).

Ruled tables are read from pdfium's page objects (``objects_pdf``) and the
same words (``tables_pdf``); only a page that method cannot decide is handed to
pdfplumber (``find_tables``, ~36 ms per page plus 0.3-1 s of table finding).

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
from .objects_pdf import Drawing, Frame, fast, handle, scan_objects
from .tables_pdf import (CharSource, TableBlock, Undecided, find_grids, make_block, merge_continuation_rows,
                         read_tables)

__all__ = ["PdfPage", "PageText", "TableBlock", "extract_page", "find_tables", "finish_pages",
           "join_hyphenated", "merge_continuation_rows", "render_table", "PAGE_NUMBER"]

#: Top/bottom share of the page where running headers, footers, page numbers live.
MARGIN_ZONE = 0.09
#: Footnote type is at most this share of the body font size.
FOOTNOTE_SIZE = 0.88
#: A superscript is at most this share of its word's font size.
SUPERSCRIPT_SIZE = 0.8
#: pdfplumber settings: Word's cell borders are often a few points off.
TABLE_SETTINGS = {"snap_tolerance": 4, "join_tolerance": 4, "intersection_tolerance": 4}
#: Horizontal rules this long (pt) may cross a gutter between table columns.
LONG_RULE = 40.0
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
class PdfPage:
    """What the text layer of one page holds."""

    number: int                       # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    raw_text: str = ""
    image_cover: float = 0.0          # share of the page covered by images
    #: why the page's tables are left to pdfplumber ("" when they were read here)
    plumber: str = ""
    #: why the page's table rules were left as text ("" unless so)
    unread: str = ""
    #: horizontal rules at least ``LONG_RULE`` long, (x0, x1, y), for reading order
    rules: list[tuple[float, float, float]] = field(default_factory=list)


# ------------------------------------------------------------------ extraction

class _Cbuf:
    """Reused out-parameters for pdfium calls: four doubles, and their
    addresses for the ``objects_pdf.fast`` functions."""

    def __init__(self) -> None:
        self.v = (ctypes.c_double * 4)()
        self.p = [ctypes.addressof(self.v) + 8 * i for i in range(4)]


def extract_page(page, number: int) -> PdfPage:
    """Words and lines of one pdfium page (no reading order applied yet), and
    its ruled tables."""
    import pypdfium2.raw as R

    width, height = page.get_size()
    frame = Frame.of(page)
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
        angle = _text_direction(raw, text)
        if angle is not None and angle != frame.upright_angle():
            frame = frame.upright_for(angle)
            width, height = frame.width, frame.height
        drawing = scan_objects(page, frame)
        lines = _add_field_values(page, _lines_from_text(raw, text, frame), frame)
        out = PdfPage(number, width, height, lines, raw_text=text, image_cover=drawing.image_cover,
                      rules=[r for r in drawing.h if r[1] - r[0] >= LONG_RULE])
        if drawing.may_hold_table:
            _read_tables(out, drawing, CharSource(raw, text, frame))
            if out.plumber and frame.rotation != (R.FPDFPage_GetRotation(page.raw) * 90) % 360:
                # pdfplumber would see this page sideways: keep its text as lines instead
                out.unread, out.plumber = out.plumber, ""
    finally:
        tp.close()
    return out


#: Form field types whose value is text (pdfium's FPDF_FORMFIELD_COMBOBOX, _TEXTFIELD).
_TEXT_FIELDS = (4, 6)
#: What a stamped field may hold to be read: the number or the day of the document.
_STAMPED = re.compile(r"\d{1,6}")
#: Scale at which a stamped field is rendered for OCR (3 = 216 dpi).
_STAMP_SCALE = 3


def _field_values(page, frame: Frame) -> list[tuple[str, float, float, float, float]]:
    """The values of a page's form fields, with their display boxes (x0, x1, top, bottom).

    Electronic office systems stamp the number and the day of a signed document into
    form fields over the blanks of "Số:      /KH-UBND" and "ngày   tháng": the text
    layer holds only the blanks. A text field gives its value; a signature field whose
    appearance draws glyphs without Unicode is read by OCR, and kept only when it is a
    number (its glyphs are the digits of "193" or "01"). Needs
    ``PdfDocument.init_forms()`` before the page is loaded.
    """
    import pypdfium2.raw as R

    env = getattr(getattr(page, "pdf", None), "formenv", None)
    if env is None:
        return []
    form = env.raw
    out: list[tuple[str, float, float, float, float]] = []
    stamped: list[tuple[float, float, float, float]] = []  # user-space rects to read by OCR
    for i in range(R.FPDFPage_GetAnnotCount(page.raw)):
        annot = R.FPDFPage_GetAnnot(page.raw, i)
        try:
            if R.FPDFAnnot_GetSubtype(annot) != R.FPDF_ANNOT_WIDGET:
                continue
            rect = R.FS_RECTF()
            if not R.FPDFAnnot_GetRect(annot, rect):
                continue
            kind = R.FPDFAnnot_GetFormFieldType(form, annot)
            if kind in _TEXT_FIELDS:
                n = R.FPDFAnnot_GetFormFieldValue(form, annot, None, 0)
                if n > 2:
                    buf = ctypes.create_string_buffer(n)
                    R.FPDFAnnot_GetFormFieldValue(form, annot, ctypes.cast(buf, ctypes.POINTER(R.FPDF_WCHAR)), n)
                    value = " ".join(buf.raw[: n - 2].decode("utf-16-le", errors="replace").split())
                    if value:
                        out.append((value, *_display_box(frame, rect)))
            elif _draws_glyphs(annot):
                stamped.append((rect.left, rect.bottom, rect.right, rect.top))
        finally:
            R.FPDFPage_CloseAnnot(annot)
    if stamped:
        out.extend(_read_stamps(page, frame, stamped))
    return out


def _display_box(frame: Frame, rect) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for x, y in ((rect.left, rect.top), (rect.right, rect.bottom)):
        xs.append(frame.a * x + frame.c * y + frame.e)
        ys.append(frame.b * x + frame.d * y + frame.f)
    return min(xs), max(xs), min(ys), max(ys)


def _draws_glyphs(annot) -> bool:
    """The annotation's appearance holds text objects (in forms, as signature fields do)."""
    import pypdfium2.raw as R

    def has_text(obj, depth: int = 0) -> bool:
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_TEXT:
            return True
        if kind == R.FPDF_PAGEOBJ_FORM and depth < 4:
            return any(has_text(R.FPDFFormObj_GetObject(obj, k), depth + 1)
                       for k in range(R.FPDFFormObj_CountObjects(obj)))
        return False

    return any(has_text(R.FPDFAnnot_GetObject(annot, j)) for j in range(R.FPDFAnnot_GetObjectCount(annot)))


def _read_stamps(page, frame: Frame, rects) -> list[tuple[str, float, float, float, float]]:
    """OCR of stamped fields: numbers only, each at its place; nothing without tesseract.

    The page is rendered with and without its form fields: the pixels the fields
    darken are their glyphs alone ("04 … 11" stamped over "ngày   tháng   năm 2024").
    """
    if frame.b or frame.c or page.get_rotation():
        return []  # (the crop below is in unrotated page coordinates)
    from types import SimpleNamespace

    from PIL import Image, ImageChops

    from .ocr import recognise

    scale = _STAMP_SCALE
    width, height = page.get_size()
    # only the part of the page the fields cover is rendered
    ul = max(0.0, min(r[0] for r in rects))
    ub = max(0.0, min(r[1] for r in rects))
    ur = min(width, max(r[2] for r in rects))
    ut = min(height, max(r[3] for r in rects))
    if ur - ul < 1 or ut - ub < 1:
        return []
    crop = (ul, ub, width - ur, height - ut)
    with_fields = page.render(scale=scale, crop=crop, may_draw_forms=True).to_pil().convert("L")
    without = page.render(scale=scale, crop=crop, may_draw_forms=False).to_pil().convert("L")
    # where the fields darken the page: their ink on white
    darker = ImageChops.subtract(without, with_fields)
    stamp = Image.eval(darker, lambda v: 255 - v if v > 40 else 255)
    out = []
    for left, bottom, right, top in rects:
        box = (max(0, int((left - ul) * scale)), max(0, int((ut - top) * scale)),
               min(stamp.width, int((right - ul) * scale)), min(stamp.height, int((ut - bottom) * scale)))
        if box[2] - box[0] < 4 or box[3] - box[1] < 4:
            continue
        try:  # one line of digits
            data = recognise(stamp.crop(box), lang="eng", psm=7, timeout=20,
                             config="-c tessedit_char_whitelist=0123456789")
        except (RuntimeError, OSError, ImportError):  # tesseract missing, failed or timed out: no stamps
            return out
        for text, x, w in zip(data["text"], data["left"], data["width"]):
            value = text.strip()
            if _STAMPED.fullmatch(value):
                x0 = left + x / scale
                rect = SimpleNamespace(left=x0, right=x0 + w / scale, bottom=bottom, top=top)
                out.append((value, *_display_box(frame, rect)))
    return out


def _add_field_values(page, lines: list[Line], frame: Frame) -> list[Line]:
    """Form field values as words of the text line they stand on (a line of their own if none)."""
    try:
        fields = _field_values(page, frame)
    except (AttributeError, OSError):  # an old pdfium without the form API
        return lines
    if not fields:
        return lines
    for value, x0, x1, top, bottom in fields:
        # the line the field stands on: the most overlap in height, then the nearest across
        best, best_key = None, None
        for k, ln in enumerate(lines):
            overlap = min(ln.bottom, bottom) - max(ln.top, top)
            if overlap < 0.3 * (ln.bottom - ln.top):
                continue
            gap = max(0.0, ln.x0 - x0, x0 - ln.x1)  # from the field's left edge, where its text starts
            key = (gap, -overlap)
            if best_key is None or key < best_key:
                best, best_key = k, key
        if best is not None and best_key[0] > 4 * lines[best].size:
            best = None  # a field far from any text of its height stands alone
        if best is None:
            size = 0.8 * (bottom - top)
            lines.append(Line([Word(value, x0, x1, top, bottom, size)]))
            continue
        ln = lines[best]
        size = ln.size
        word = Word(value, x0, max(x1, x0 + 0.5 * size * len(value)), ln.top, ln.bottom, size)
        words = sorted([*ln.words, word], key=lambda w: w.x0)
        lines[best] = Line(words, ln.hints)
    return lines


#: Lines sampled for the page's text direction, and the share that must agree.
DIRECTION_SAMPLE = 40
DIRECTION_AGREE = 0.6


def _text_direction(raw, text: str) -> int | None:
    """The direction (pdfium's clockwise character angle, a multiple of 90)
    most text lines of the page run in, or None when too few lines agree.
    The first character of up to ``DIRECTION_SAMPLE`` lines is asked."""
    import math

    angle_of = fast("FPDFText_GetCharAngle")
    raw = handle(raw)
    votes: Counter[int] = Counter()
    for k, lm in enumerate(_WORD_LINE_RE.finditer(text)):
        if k >= DIRECTION_SAMPLE:
            break
        a = angle_of(raw, lm.start(1))
        if a < 0:
            continue
        deg = math.degrees(a)
        q = round(deg / 90) % 4 * 90
        if abs((deg - q + 180) % 360 - 180) < 2.0:
            votes[q] += 1
    if not votes:
        return None
    angle, count = votes.most_common(1)[0]
    total = sum(votes.values())
    return angle if total >= 3 and count >= DIRECTION_AGREE * total else None


def _read_tables(page: PdfPage, drawing: Drawing, chars: CharSource) -> None:
    """Tables from page objects; pages this cannot decide are marked for pdfplumber."""
    if drawing.complex:
        page.plumber = "too many objects to walk"
        return
    try:
        grids = find_grids(drawing.h, drawing.v)
        page.tables = read_tables(grids, page.lines, chars, drawing) if grids else []
    except Undecided as exc:
        page.plumber = str(exc)
    except Exception as exc:  # a page this method trips on is still read, by pdfplumber
        page.plumber = f"{type(exc).__name__}: {exc}"
        page.tables = []


_LINE_RE = re.compile(r"[^\r\n]+")
#: A line with its first non-blank character in group 1.
_WORD_LINE_RE = re.compile(r"[^\S\r\n]*([^\s])[^\r\n]*")
_WORD_RE = re.compile(r"\S+")


def _lines_from_text(raw, text: str, frame: Frame) -> list[Line]:
    """Lines of words from pdfium's text; see the module doc for the budget.

    Per word only the origin of its first character is asked. A word's right
    edge is taken as just before the next word unless the step to the next
    word is longer than the word could be (``WIDE_CHAR`` em per character),
    and only then is the exact box asked: so wide gaps (header columns,
    blanks in drafts) are measured exactly and ordinary spaces cost nothing.
    """
    buf = _Cbuf()
    v = buf.v
    p0, p1, p2, p3 = buf.p
    origin, char_box = fast("FPDFText_GetCharOrigin"), fast("FPDFText_GetCharBox")
    font_size, font_weight = fast("FPDFText_GetFontSize"), fast("FPDFText_GetFontWeight")
    raw = handle(raw)
    fa, fb, fc, fd, fe, ff = frame.a, frame.b, frame.c, frame.d, frame.e, frame.f
    lines: list[Line] = []

    def right_edge(index: int) -> float:
        char_box(raw, index, p0, p1, p2, p3)          # left, right, bottom, top
        if fc == 0:   # display x runs along user x (no rotation, or 180 degrees)
            return fa * (max(v[0], v[1]) if fa > 0 else min(v[0], v[1])) + fe
        return fc * (max(v[2], v[3]) if fc > 0 else min(v[2], v[3])) + fe

    for lm in _LINE_RE.finditer(text):
        spans = [wm.span() for wm in _WORD_RE.finditer(text, lm.start(), lm.end())]
        if not spans:
            continue
        first = spans[0][0]
        size = font_size(raw, first) or 10.0
        bold = font_weight(raw, first) >= BOLD_WEIGHT
        starts = []
        for s, _ in spans:
            origin(raw, s, p0, p1)
            x, y = v[0], v[1]
            starts.append((fa * x + fc * y + fe, fb * x + fd * y + ff))
        base = starts[0][1]
        top, bottom = base - 0.78 * size, base + 0.22 * size
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
            word = Word(wtext, x0, x1, top, bottom, size, None, bold, s, e, starts[k][1])
            m = TRAILING_DIGITS.match(wtext)
            if m and len(wtext) > 1:
                _mark_superscript(raw, buf, frame, word, s + len(m.group("head")), m, size, base)
            words.append(word)
        lines.append(Line(words))
    return lines


def _mark_superscript(raw, buf: _Cbuf, frame: Frame, word: Word, index: int, m: re.Match, size: float,
                      base: float) -> None:
    """Mark trailing digits set smaller and raised ("phúc¹", "2024¹") with ``\\x00``.

    Walks back from the last digit while digits are small and raised (at
    most 3), so "20241" with a small "1" becomes "2024" + mark 1. ``base``
    is the line's baseline in display points (y down).
    """
    end = index + len(m.group("n"))
    k = end
    while k > index and end - k < 3:
        ksize = fast("FPDFText_GetFontSize")(raw, k - 1)
        fast("FPDFText_GetCharOrigin")(raw, k - 1, buf.p[0], buf.p[1])
        y = frame.b * buf.v[0] + frame.d * buf.v[1] + frame.f
        if not (ksize and ksize < SUPERSCRIPT_SIZE * size and y < base - 0.15 * size):
            break
        k -= 1
    if k < end and (k > index - len(m.group("head")) or m.group("head")):
        cut = len(word.text) - (end - k)
        if cut > 0:
            word.text = word.text[:cut] + "\x00" + word.text[cut:]


def find_tables(plumber_page) -> list[TableBlock]:
    """Ruled tables of a pdfplumber page, as rows of cell text (the fallback
    for pages ``tables_pdf`` cannot decide).

    Characters are de-duplicated (fake bold prints each glyph twice) only
    inside each table's box, which is much cheaper than for the whole page.
    """
    out = []
    for tbl in plumber_page.find_tables(TABLE_SETTINGS):
        bbox = tbl.bbox
        try:
            region = plumber_page.crop(tbl.bbox).dedupe_chars()
            found = region.find_tables(TABLE_SETTINGS)
            tbl = max(found, key=lambda t: len(t.cells)) if found else tbl
        except ValueError:  # crop outside the page
            pass
        block = make_block(bbox, tbl.extract())
        if block is not None:
            out.append(block)
    return out


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
    """The font size (0.1 pt) set in most characters."""
    raw: dict[float, int] = {}
    for ln in lines:
        for w in ln.words:
            raw[w.size] = raw.get(w.size, 0) + len(w.text)
    sizes: Counter[float] = Counter()
    for size, n in raw.items():  # rounded once per distinct size, first seen first
        sizes[round(size, 1)] += n
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
        body = _body_lines(p)
        ordered = reading_order(body, p.width, p.height, first_page=p.number == 1, rules=p.rules)
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


def _body_lines(p: PdfPage) -> list[Line]:
    """The page's lines without the words its tables hold: the words placed
    in cells (tables read here), or the words inside the box (tables from
    pdfplumber). A line keeps its other words."""
    used: set[int] = set()
    for t in p.tables:
        if t.words is not None:
            used |= t.words
    boxes = [t for t in p.tables if t.words is None]
    if not used and not boxes:
        return p.lines
    out = []
    for ln in p.lines:
        rest = [w for w in ln.words if id(w) not in used and not any(_inside(w, t) for t in boxes)]
        if len(rest) == len(ln.words):
            out.append(ln)
        elif rest:
            out.append(Line(rest, ln.hints))
    return out


def _inside(w: Word, t: TableBlock) -> bool:
    """Is a word's centre (by its own baseline) inside a table's box?"""
    top = w.base - 0.78 * w.size if w.start >= 0 else w.top
    cy = top + 0.5 * (w.bottom - w.top)
    cx = (w.x0 + w.x1) / 2
    return t.top - 1 <= cy <= t.bottom + 1 and t.x0 - 1 <= cx <= t.x1 + 1


def _text_area(lines: list[Line], width: float) -> tuple[float, float]:
    return text_area(lines, width)


def _hints(ln: Line, area: tuple[float, float]) -> set[str]:
    hints = layout_hints(ln, area)
    if ln.words and all(w.bold for w in ln.words):
        hints.add("bold")
    return hints

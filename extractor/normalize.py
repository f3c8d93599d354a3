"""The normalise stage: ``RawDocument`` -> ``NormText``.

Normalisation is a list of named steps (``STEPS``); pass a subset to
``normalize(raw, steps=…)``. Unknown names raise ``ValueError``.

- ``unicode``: NFC; control characters, zero-width and non-breaking spaces
  cleaned; typographic hyphens unified to ``-``.
- ``tone_marks``: one tone-mark placement everywhere, the traditional one
  used by Nghị định 30/2020 and the contract: ``hòa``, ``khỏe``, ``thủy``,
  ``Ủy`` (not ``hoà``, ``khoẻ``, ``thuỷ``, ``Uỷ``). Only open syllables in
  ``oa``, ``oe``, ``uy`` differ between the two styles.
- ``markdown``: ``#`` headings, ``**bold**``, ``*italic*`` and escapes
  removed, kept as line hints.
- ``table_pipes``: lone ``|`` lines and rules (``-----``, ``___``) dropped;
  ``| a | b |`` rows become table rows with cell spans.
- ``columns``: the two-column header (issuer | motto; number | place-date)
  and signer block (Nơi nhận | signature), when flattened side by side
  (pdftotext -layout, tabs, ``|`` cells), are split into one column after the
  other.
- ``page_furniture``: page-number lines dropped; form feeds become page
  breaks.
- ``rejoin``: hard-wrapped lines rejoined into paragraphs.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from itertools import accumulate

from . import patterns as P
from . import rules
from .layout import PARA, TABLE_ROW, Line, NormText, TableBlock
from .offsets import MappedStr, Piece, PieceT, concat
from .read.base import RawDocument

STEPS: tuple[str, ...] = (
    "unicode", "tone_marks", "markdown", "table_pipes", "columns", "page_furniture", "rejoin",
)

# ---------------------------------------------------------------- line steps

# C0/C1 controls except tab, newline, form feed; zero-width characters; BOM.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u00ad]")
SPACES = {0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x2002: " ", 0x2003: " ",
          0x2010: "-", 0x2011: "-", 0x2212: "-"}
# str.translate looks every character up in a dict: on Vietnamese text a regex
# over the few characters to replace is ~15x faster
SPACES_RE = re.compile("[" + "".join(map(chr, SPACES)) + "]")


def _spaces(text: str) -> str:
    return SPACES_RE.sub(lambda m: SPACES[ord(m.group())], text)

# A base letter with combining marks: composed one cluster at a time (NFD input).
CLUSTER = re.compile(r".[\u0300-\u036f]+", re.DOTALL)

# New-style tone placement in an open syllable: "hoà", "khoẻ", "thuỷ", "Uỷ".
# Not after "q" ("quý" is right as it is) and not before another letter ("toàn").
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_FIRST = {"o": "òóỏõọ", "u": "ùúủũụ"}
# (The look-behind for "q" comes after the first vowel: a pattern that starts with a
# plain character class scans several times faster.)
NEW_STYLE_TONE = re.compile(
    rf"(?P<v1>[oOuU])(?<![qQ].)(?P<v2>[{''.join(_TONED.values())}"
    rf"{''.join(_TONED.values()).upper()}])(?![{P.VI_LOWER}{P.VI_UPPER}])"
)

MD_HEADING = re.compile(r"^[ \t]*(?P<hashes>#{1,6})[ \t]+")
BOLD_MARK = re.compile(r"\*\*|__")
ITALIC_MARK = re.compile(r"(?<![\w*\\])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")
# "1\." -> "1.", "\-" -> "-" (Markdown escapes of crawled pages). Escaped "*", "_",
# "#", "|" are kept escaped: unescaped they would read as markup on a second pass.
MD_ESCAPE = re.compile(r"(?<!\\)\\(?=[-.()\[\]+!>])")
LONE_STARS = re.compile(r"^[ \t]*(?:\*[ \t]*)+$")

PIPE_ONLY = re.compile(r"^[ \t|]*\|[ \t|]*$")
RULE = re.compile(r"^[ \t|]*(?:[_=*~|]+|[-.]{3,})[ \t|_=*~-]*$")
INLINE_RULE = re.compile(r"_{3,}|-{4,}|={4,}")
PAGE_NUMBER = re.compile(r"^[ \t]*(?:-[ \t]*)?(?:[Tt]rang[ \t]+)?\d{1,3}(?:[ \t]*/[ \t]*\d{1,3})?(?:[ \t]*-)?[ \t]*$")
COLUMN_GAP = re.compile(r"[ \t]{3,}|\t+")

TERMINAL = re.compile(r"(?:[.;:!?…]|\./\.|\.\)|;\))[\s\"”’)]*$")
# A line ending with a word that expects a number or name after it continues.
EXPECTS_MORE = re.compile(
    r"(?:[,(/“\-–&]|\b(?:số|năm|tháng|ngày|quý|Điều|điều|khoản|điểm|Chương|Mục|của|và|với|tại|"
    r"theo|về|cho|các|những|từ|đến|là|được|trong|trên|giai đoạn|lên|đạt|Quyết định|Nghị định|"
    r"Thông tư|Kế hoạch|Nghị quyết|Chỉ thị|Công văn|Luật|tỉnh|huyện|quận|xã|phường|thị trấn|thị xã|"
    r"thành phố|Sở|Phòng|Ban|Bộ|UBND|Ủy ban nhân dân"
    # a sentence broken right after its first word: "Đơn vị chủ trì: Các" / "Sở, ngành …"
    r"|Các|Những|Của|Với|Tại|Theo|Về|Cho|Từ|Trong))[ \t]*$"
)
CODE_HYPHEN = re.compile(r"[\w/]-$")
# "… giai đoạn 2026" / "- 2030 …": a line ending in a year, the next starting with a dash and a year
_YEAR_END = re.compile(r"(?<![\d/.,])(?:19|20)\d\d$")
_RANGE_TAIL = re.compile(r"[-–]\s*(?:19|20)\d\d\b")
# "(đã ký)", "(Đã ký)": the signature mark of a copy stands on its own line
SIGNED = re.compile(r"^\s*[(\[]\s*(?:đã\s+)?ký\b", re.IGNORECASE)


class _Phys:
    """One physical line of the input while it is being normalised."""

    __slots__ = ("s", "src", "_ms", "page", "indent", "hints", "blank", "drop", "pipe_break",
                 "page_break_before", "md_level", "cells", "zone",
                 # features for rejoining, computed once per line by _features()
                 "f_c", "f_p", "f_term", "f_lower", "f_struct", "f_upper")

    def __init__(self, s: str, src: int, page: int, indent: int = 0):
        self.s = s  # the line's text, always ``self.ms.s``
        self.src = src  # where it starts in the source, while no step has changed it
        self._ms: MappedStr | None = None
        self.page = page
        self.indent = indent
        self.hints: set[str] = set()
        self.blank = self.drop = self.pipe_break = self.page_break_before = False
        self.md_level = 0
        self.cells: list[MappedStr] | None = None
        self.zone: str | None = None
        self.f_term = False
        self.f_upper: bool | None = None

    @property
    def ms(self) -> MappedStr:
        """The line as a mapped string (made on first use: most lines never need one)."""
        ms = self._ms
        if ms is None:
            ms = self._ms = MappedStr(self.s, [(0, self.src, True)])
        return ms

    @ms.setter
    def ms(self, value: MappedStr) -> None:
        self._ms = value
        self.s = value.s


def _phys(ms: MappedStr, page: int, *, page_break_before: bool = False,
          hints: set[str] | None = None, zone: str | None = None, indent: int = 0) -> _Phys:
    """A ``_Phys`` with the less common attributes given."""
    ph = _Phys(ms.s, 0, page, indent)
    ph.ms = ms
    if page_break_before:
        ph.page_break_before = True
    if hints is not None:
        ph.hints = hints
    if zone is not None:
        ph.zone = zone
    return ph


def _nfc(ms: MappedStr) -> MappedStr:
    if not unicodedata.is_normalized("NFC", ms.s):
        ms = ms.sub(CLUSTER, lambda m: unicodedata.normalize("NFC", m.group(0)))
        if not unicodedata.is_normalized("NFC", ms.s):  # rare: compositions across clusters
            ms = MappedStr(unicodedata.normalize("NFC", ms.s), [Piece(0, ms.src_at(0), False)])
    return ms


def _move_tone(m: re.Match[str]) -> str:
    v1, v2 = m.group("v1"), m.group("v2")
    low2 = v2.lower()
    for base, toned in _TONED.items():
        # only "oa", "oe" and "uy" differ between the two placements
        if low2 in toned and (base == "y") == (v1 in "uU"):
            tone = toned.index(low2)
            new1 = _FIRST[v1.lower()][tone]
            new1 = new1.upper() if v1.isupper() else new1
            new2 = base.upper() if v2.isupper() else base
            return new1 + new2
    return m.group(0)


def fix_tone_marks(text: str) -> str:
    """Move tone marks to the traditional placement: ``hoà`` -> ``hòa``."""
    return NEW_STYLE_TONE.sub(_move_tone, text)


def _tone_marks(ms: MappedStr) -> MappedStr:
    return ms.sub(NEW_STYLE_TONE, _move_tone)


# ------------------------------------------------------------- line splitting


_INDENT_CHARS = (" ", "\t")


def _physical_lines(raw: RawDocument, text: str) -> list[_Phys]:
    """Physical lines of ``text`` (the read text, or a same-length repair of it)."""
    starts = raw.page_starts or [0]
    if len(starts) <= 1 and "\f" not in text and not raw.line_hints:
        # one page, no hints from the reader (text files): the plain loop
        out = []
        pos = 0
        for line in text.split("\n"):
            indent = len(line) - len(line.lstrip(" \t")) if line[:1] in _INDENT_CHARS else 0
            out.append(_Phys(line, pos, 1, indent))
            pos += len(line) + 1
        return out
    out = []
    hint_at: list[tuple[int, set[str]]] = []
    pos = 0
    n = len(text)
    has_ff = "\f" in text
    page = 1
    next_page_at = starts[1] if len(starts) > 1 else n + 1
    given = raw.line_hints
    for index, line in enumerate(text.split("\n")):
        if given and index in given:  # what the reader saw: bold, centred, short, indented
            hint_at.append((len(out) + line.count("\f"), given[index]))
        end = pos + len(line)
        if not has_ff or "\f" not in line:
            while pos >= next_page_at:
                page += 1
                next_page_at = starts[page] if len(starts) > page else n + 1
            out.append(_Phys(line, pos, page, len(line) - len(line.lstrip(" \t"))))
        else:
            # a form feed inside the line splits it: the rest starts a new page
            seg_start = pos
            for k, seg in enumerate(line.split("\f")):
                pg = max(1, bisect.bisect_right(starts, seg_start))
                out.append(_phys(MappedStr(seg, [(0, seg_start, True)]), pg, page_break_before=k > 0,
                                 indent=len(seg) - len(seg.lstrip(" \t"))))
                seg_start += len(seg) + 1
            page = out[-1].page
            next_page_at = starts[page] if len(starts) > page else n + 1
        pos = end + 1
    for k, hints in hint_at:
        if k < len(out):
            out[k].hints |= set(hints)
    return out


# --------------------------------------------------------------- markdown


def _markdown(lines: list[_Phys]) -> None:
    """Remove Markdown marks; record heading level, whole-line bold/italic."""
    bold_open = italic_open = False
    for ph in lines:
        s = ph.s
        if not s.strip():
            bold_open = italic_open = False
            continue
        if "*" in s and LONE_STARS.match(s):
            ph.ms = MappedStr("", [])
            continue
        if "#" in s and s.lstrip().startswith("#"):
            m = MD_HEADING.match(s)
            if m:
                ph.md_level = len(m.group("hashes"))
                ph.ms = ph.ms.slice(m.end())
                s = ph.s
        if "*" not in s and "_" not in s and "\\" not in s:  # no emphasis marks (most lines)
            if bold_open:
                ph.hints.update(("bold", "bold_open"))
            if italic_open:
                ph.hints.update(("italic", "italic_open"))
            continue
        has_bold = "**" in s or "__" in s
        if has_bold or bold_open:  # (no bold mark and no open run: nothing to record)
            # whole-line bold: no visible character outside ** … **
            inside = bold_at_start = bold_open
            outside_chars = inside_chars = False  # any visible character inside / outside the marks
            last = 0
            for bm in BOLD_MARK.finditer(s):
                if inside:
                    inside_chars = inside_chars or any(map(str.isalnum, s[last:bm.start()]))
                else:
                    outside_chars = outside_chars or any(map(str.isalnum, s[last:bm.start()]))
                inside = not inside
                last = bm.end()
            if inside:
                inside_chars = inside_chars or any(map(str.isalnum, s[last:]))
            else:
                outside_chars = outside_chars or any(map(str.isalnum, s[last:]))
            bold_open = inside
            if inside_chars and not outside_chars:
                ph.hints.add("bold")
            elif bold_at_start and inside_chars and not inside:
                ph.hints.add("bold_close")  # "**1. Sở" / "Tài chính **(cơ quan chủ trì)": the run ends here
            elif s.lstrip().startswith(("**", "__")):
                ph.hints.add("bold_start")  # "**Điều 3. **Chánh": only the label is bold
            if inside and inside_chars:
                ph.hints.add("bold_open")  # "**II. MỤC" / "ĐÍCH, YÊU CẦU**": the run goes on
        ms = ph.ms.delete(BOLD_MARK) if has_bold else ph.ms
        stripped = ms.s.strip()
        if len(stripped) > 2 and stripped.startswith("*") and stripped.endswith("*"):
            ph.hints.add("italic")
        if "*" in ms.s:  # a "* item" bullet is not emphasis: ITALIC_MARK needs a word beside it
            odd = len(ITALIC_MARK.findall(ms.s)) % 2 == 1
            # an italic run over lines ("*2.1." / "Thu ngân sách nhà nước*"): it opens at a
            # line start and closes at the next odd mark; a stray mid-line star opens nothing
            if italic_open:
                ph.hints.add("italic")
                italic_open = not odd
            elif odd and stripped.startswith("*"):
                ph.hints.add("italic")
                italic_open = True
            ms = ms.delete(ITALIC_MARK)
        if italic_open:
            ph.hints.update(("italic", "italic_open"))
        ph.ms = ms.delete(MD_ESCAPE) if "\\" in ms.s else ms


# ------------------------------------------------------------- table pipes


def _split_cells(ms: MappedStr) -> list[MappedStr]:
    s = ms.s
    bars = [i for i, c in enumerate(s) if c == "|"]
    cells = []
    bounds = [-1, *bars, len(s)]
    for a, b in zip(bounds, bounds[1:]):
        cells.append(ms.slice(a + 1, b).strip())
    # a row "| a | b |" has empty first and last pieces outside the bars
    if s.lstrip().startswith("|"):
        cells = cells[1:]
    if s.rstrip().endswith("|") and cells:
        cells = cells[:-1]
    return cells


def _table_pipes(lines: list[_Phys]) -> None:
    for ph in lines:
        s = ph.s
        if not s.strip():
            ph.blank = True
            continue
        if "|" in s and PIPE_ONLY.match(s):
            ph.blank = ph.pipe_break = True
            continue
        # a rule is made of these characters only (a cheap test before the regex)
        if not s.strip(" \t|_=*~-.") and RULE.match(s):
            ph.blank = True
            ph.drop = True
            continue
        if "|" in s:
            ms = ph.ms.delete(INLINE_RULE) if ("__" in s or "--" in s or "==" in s) else ph.ms
            cells = _split_cells(ms)
            if len(cells) >= 2:
                ph.cells = cells
                ph.ms = ms
            elif cells:
                ph.ms = cells[0]
        elif ("__" in s or "--" in s or "==" in s) and INLINE_RULE.sub("", s).strip() == "":
            ph.blank = ph.drop = True


def _cell_tables(lines: list[_Phys]) -> list[_Phys]:
    """Rebuild tables written one cell per line between lone "|" lines (thuvienphapluat
    pages: "|" / "STT" / "|" / "Cơ quan chủ trì" / "|" … / "|" / "|" / "1" / "|" …).

    A row opens with a "|" and each of its cells closes with one, so two "|" with
    nothing between end a row and open the next. The header row (the first, ended that
    way) gives the column count N; a later row is complete after N cells, an empty pair
    of "|" inside a row is an empty cell, and a row of one cell is a group title
    spanning the columns ("I. NÂNG CAO NHẬN THỨC").
    """
    pipes = [i for i, ph in enumerate(lines) if ph.pipe_break]
    if len(pipes) < 8:
        return lines
    out: list[_Phys] = []
    done = 0
    k = 0
    while k < len(pipes):
        # a run of "|" lines at most _CELL_GAP content lines apart
        j = k
        while j + 1 < len(pipes) and _content_between(lines, pipes[j], pipes[j + 1]) <= _CELL_GAP:
            j += 1
        # the table opens at the first "|" that a header row of short cells follows
        # (the "|" of a signature block or letterhead table may come just before it)
        rows = None
        h = k
        while rows is None and j - h >= 7:
            rows = _cell_rows(lines, pipes[h], pipes[j])
            h += 1
        if rows:
            out.extend(lines[done:pipes[h - 1]])
            out.extend(rows)
            done = pipes[j] + 1
        k = j + 1
    if not done:
        return lines
    out.extend(lines[done:])
    return out


#: most lines a cell of a cell-per-line table runs over
_CELL_GAP = 12


def _content_between(lines: list[_Phys], a: int, b: int) -> int:
    return sum(1 for ph in lines[a + 1:b] if not ph.blank)


def _cell_rows(lines: list[_Phys], first: int, last: int) -> list[_Phys] | None:
    """The table rows of the "|" lines ``first`` … ``last`` (see ``_cell_tables``), or None."""
    rows: list[list[list[_Phys]]] = []
    row: list[list[_Phys]] = []
    pending: list[_Phys] = []
    n = 0  # columns, from the header row
    in_row = False
    for ph in lines[first:last + 1]:
        if ph.blank and not ph.pipe_break:
            continue
        if not ph.pipe_break:
            pending.append(ph)
            continue
        if not in_row:
            in_row = True  # the "|" that opens a row
            continue
        if pending:
            if not n and (len(pending) > 3 or sum(len(x.s) for x in pending) > 80):
                return None  # a header cell is a short label
            row.append(pending)
            pending = []
            if n and len(row) == n:
                rows.append(row)
                row, in_row = [], False
            continue
        # "|" right after "|": the end of a row (and the opening of the next), or an empty cell
        if not n:
            # a data table: three columns or more (the letterhead and signature blocks of
            # these pages are two-column layout tables, and the motto is no header)
            if not 3 <= len(row) <= 12 or any(P.MOTTO.search(ph.s) for c in row for ph in c):
                return None
            n = len(row)
            rows.append(row)
            row = []
        elif len(row) == 1:
            rows.append(row)  # a group title across the columns
            row = []
        elif row:
            row.append([])
            if len(row) == n:
                rows.append(row)
                row, in_row = [], False
    if row:
        rows.append(row)
    # … and two full rows besides the header
    if not n or sum(len(r) == n for r in rows[1:]) < 2:
        return None
    out = []
    for r in rows:
        cells = [_cell_ms(c) for c in r] + [MappedStr("", [])] * (n - len(r))
        anchor = next((c[0] for c in r if c), None)
        if anchor is None:
            continue
        ph = _Phys(" | ".join(c.s for c in cells), anchor.src, anchor.page)
        ph.cells = cells[:n]
        out.append(ph)
    return out


def _cell_ms(cell: list[_Phys]) -> MappedStr:
    """A cell's lines as one mapped string, joined with spaces."""
    parts: list[MappedStr] = []
    for ph in cell:
        ms = ph.ms.strip()
        if not ms.s:
            continue
        if parts:
            parts.append(MappedStr.synthetic(" ", ms.src_at(0)))
        parts.append(ms)
    return concat(parts) if parts else MappedStr("", [])


# ------------------------------------------------------------------ zones


def _content(ph: _Phys) -> str:
    if ph.cells:
        return " ".join(c.s for c in ph.cells)
    return ph.s


def _find_zones(lines: list[_Phys]) -> None:
    """Mark the header zone (before the type line) and signer zones."""
    type_re = P.type_line()
    label_re = P.heading_label()
    seen = 0
    header_end = None
    for i, ph in enumerate(lines):
        if ph.blank:
            continue
        seen += 1
        text = _content(ph).strip()
        if (type_re.match(text) or P.KINH_GUI.match(text) or label_re.match(text)
                or (len(text) > 90 and not COLUMN_GAP.search(text.strip()) and not ph.cells)
                or seen > 40):
            header_end = i
            break
    has_header_marks = False
    if header_end:
        block = " ".join(_content(p) for p in lines[:header_end])
        has_header_marks = bool(P.MOTTO.search(block) or P.NUMBER_LINE.search(block)
                                or P.PLACE_DATE.search(block))
    if has_header_marks:
        for ph in lines[:header_end]:
            ph.zone = "header"
    start = header_end or 0
    motto_lines, opener_lines = _LineIndex(lines).hint_lines(start)
    # a second header (an attached Quy chế / Quy định, a Phụ lục's own header)
    for k in motto_lines:
        ph = lines[k]
        if ph.zone is None and not ph.blank and P.MOTTO.search(_content(ph)):
            ph.zone = "header"
            for step in (-1, 1):
                m = k + step
                while 0 <= m < len(lines) and lines[m].zone is None and (lines[m].cells or lines[m].blank):
                    if lines[m].cells:  # pipe rows of the same header table (blank lines between)
                        lines[m].zone = "header"
                    m += step
    i = start
    for k in opener_lines:
        if k >= i and _opens_signer(lines[k]):
            i = _mark_signer_zone(lines, k)


class _LineIndex:
    """The lines' text joined, to find candidate lines with one scan of a cheap pattern.

    A regex call per line costs more than the scan itself; the lines found are
    candidates, each then checked as before.
    """

    def __init__(self, lines: list[_Phys]):
        strings = [ph.s for ph in lines]
        self.text = "\n".join(strings)
        # line k starts after the k lines before it and their newlines
        self.starts = [0, *(c + k for k, c in enumerate(accumulate(map(len, strings)), 1))]

    def hint_lines(self, first: int = 0) -> tuple[list[int], list[int]]:
        """Sorted indices (>= ``first``) of lines with a motto hint, and of lines with a signer hint."""
        motto: set[int] = set()
        opener: set[int] = set()
        at = self.starts[min(first, len(self.starts) - 1)]
        starts = self.starts
        for m in HINTS.finditer(self.text, at):
            (opener if m.lastgroup else motto).add(bisect.bisect_right(starts, m.start()) - 1)
        return sorted(motto), sorted(opener)


# Pre-checks, in one scan: a motto word ("CỘNG", "Độc", "NGHĨA", "ĐẢNG" …); the letter
# before an authority mark's dot ("TM.", "KT.", "TL.", "TUQ.", "Q.", "T/M."), or
# "…oi nh…" of "Nơi nhận" (group ``opener``). The pattern consumes the first letter by a
# character class, then checks it by a look-behind: the regex engine skips every other
# position in its fast loop. No two hints overlap, so one scan finds what one scan
# per hint would.
HINTS = re.compile(
    r"[CcĐNMTLQơƠoO](?:(?<=C)(?:ỘNG|ộng)|(?<=c)ộng|(?<=Đ)(?:ộc|ỘC|ẢNG|ảng)|(?<=N)GHĨA"
    r"|(?P<opener>(?<=[MTLQ])\s*\.|(?<=[ơƠoO])[iI]\s+[nN][hH]))"
)
# The check itself: "Nơi nhận", or an authority mark "TM." "KT." somewhere on the line.
OPENER_HINT = re.compile(r"(?i:n[ơo]i\s+nh[ậa]n)|\b(?:TM|KT|TL|TUQ|Q|T/M)\s*\.")


def _opens_signer(ph: _Phys) -> bool:
    if ph.blank or not OPENER_HINT.search(_content(ph)):
        return False
    # the line's start, or a second column far enough right to be one (as _split_band sees it)
    segs = [ms.s for col, ms in _segments(ph) if col == 0 or col >= 18]
    return any(P.NOI_NHAN.match(s) or P.AUTHORITY.match(s) for s in segs)


def _mark_signer_zone(lines: list[_Phys], i: int) -> int:
    type_re = P.type_line()
    label_re = P.heading_label()
    count = 0
    j = i
    while j < len(lines) and count < 45:
        ph = lines[j]
        if not ph.blank:
            text = _content(ph).strip()
            if j > i and (type_re.match(text) or label_re.match(text) or P.MOTTO.search(text)
                          or re.match(r"(?i)^(phụ lục|mẫu|biểu|danh sách|quy chế|quy định)\b", text)
                          or (len(text) > 110 and not COLUMN_GAP.search(text) and not ph.cells)):
                break
            ph.zone = "signer"
            count += 1
        j += 1
    return j


# ---------------------------------------------------------------- columns


def _segments(ph: _Phys) -> list[tuple[int, MappedStr]]:
    """Column segments of a zone line with their start column."""
    if ph.cells:
        return [(k * 1000, c) for k, c in enumerate(ph.cells) if c.s]
    s = ph.s
    if "\t" in s.strip():
        # "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN": tab-separated columns, by position of the tab
        out = []
        for k, part in enumerate(s.split("\t")):
            start = sum(len(x) + 1 for x in s.split("\t")[:k])
            if part.strip():
                out.append((1000 * k if k else 0, ph.ms.slice(start, start + len(part)).strip()))
        return out
    out = []
    last = 0
    for m in COLUMN_GAP.finditer(s):
        if m.start() > last and s[last:m.start()].strip():
            out.append((last, ph.ms.slice(last, m.start()).strip()))
        last = m.end()
    if s[last:].strip():
        out.append((last, ph.ms.slice(last).strip()))
    return out


def _columns(lines: list[_Phys]) -> list[_Phys]:
    """Split side-by-side columns in header and signer zones, band by band."""
    out: list[_Phys] = []
    i = 0
    while i < len(lines):
        ph = lines[i]
        if ph.zone is None or ph.blank:
            out.append(ph)
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].zone == ph.zone and not lines[j].blank:
            j += 1
        out.extend(_split_band(lines[i:j]))
        i = j
    return out


def _split_band(band: list[_Phys]) -> list[_Phys]:
    """One column after the other: pipe cells by their index, spaced text by position."""
    segs = [_segments(ph) for ph in band]
    gaps = [ss[1][0] for ph, ss in zip(band, segs) if len(ss) >= 2 and ph.cells is None]
    boundary = min(gaps) - 2 if gaps else None
    if boundary is not None and boundary < 18:
        boundary = None  # "Số:      /KH-UBND": a wide gap inside one column, not a second column
    left: list[_Phys] = []
    right: list[_Phys] = []
    for ph, ss in zip(band, segs):
        if ph.cells is None and (boundary is None or len(ss) < 2 and (not ss or ss[0][0] < boundary)):
            left.append(ph)  # a line of one column stays as it is
            continue
        for col, ms in ss:
            to_right = col >= 1000 if ph.cells is not None else (boundary is not None and col >= boundary)
            (right if to_right else left).append(
                _phys(ms, ph.page, zone=ph.zone, hints=set(ph.hints) | {"column"}))
    return left + right


# ---------------------------------------------------------- page furniture


def _page_last(ch: str) -> bool:
    return ch == "-" or ch.isdecimal()


def _page_furniture(lines: list[_Phys]) -> None:
    """Drop page-number lines at page edges or set far to the right/centre."""
    n = len(lines)
    for i, ph in enumerate(lines):
        if ph.blank or ph.cells or ph.zone:
            continue  # header and signer zones hold numbers that are not page numbers
        first = ph.s[:1]
        if first in _INDENT_CHARS:
            first = ph.s.lstrip(" \t")[:1]
        if not (first.isdecimal() or first in ("-", "T", "t")) or not _page_last(ph.s.rstrip()[-1:]) \
                or not PAGE_NUMBER.match(ph.s):
            continue  # (a page number starts with a digit, "-" or "Trang", and ends with a digit or "-")
        indent = len(ph.s) - len(ph.s.lstrip())
        prev_nb = next((lines[k] for k in range(i - 1, -1, -1) if not lines[k].blank), None)
        next_nb = next((lines[k] for k in range(i + 1, n) if not lines[k].blank), None)
        at_top = prev_nb is None or prev_nb.page != ph.page or ph.page_break_before
        at_bottom = next_nb is None or next_nb.page != ph.page or next_nb.page_break_before
        isolated = (i == 0 or lines[i - 1].blank) and (i + 1 >= n or lines[i + 1].blank)
        if at_top or at_bottom or indent >= 12 or (isolated and ph.md_level == 0 and not ph.hints):
            ph.blank = ph.drop = True


# ------------------------------------------------------------------ rejoin


def _wrap_width(lengths: list[int]) -> tuple[int, bool]:
    """The wrap width of the body's lines, and whether the text reads as hard-wrapped.

    ``lengths``: the stripped lengths of body lines (not tables) longer than 20.
    """
    lengths = sorted(lengths)
    if len(lengths) < 5:
        return 0, False
    p90 = lengths[int(len(lengths) * 0.9) - 1]
    too_long = sum(1 for v in lengths if v > p90 * 1.35)
    # hard-wrapped text has many lines close to the wrap width; paragraph-per-line
    # text (Markdown, DOCX, this module's own output) has lengths all over the place
    near = sum(1 for v in lengths if 0.8 * p90 <= v <= 1.05 * p90) / len(lengths)
    wrapped = p90 <= 130 and near >= 0.25 and too_long <= max(1, len(lengths) // 50)
    return p90, wrapped


def _first_alpha(s: str) -> str:
    for c in s:
        if c.isalpha():
            return c
        if c.isdigit():
            return ""
    return ""


_GROUP_NAME = re.compile(r"\(\?P<\w+>")


@cache
def _structure_start() -> re.Pattern[str]:
    """One pattern for every way a line can open a structure (tried in one call).

    The union of ``BULLET``, heading labels, Nơi nhận, Kính gửi, authority marks,
    type lines, "(đã ký)" and footnote marks, each with its own flags.
    """
    parts = []
    for pat in (P.BULLET, P.heading_label(), P.NOI_NHAN, P.KINH_GUI, P.AUTHORITY,
                P.type_line(), SIGNED, re.compile(r"\s*\[\^")):
        flags = ("x" if pat.flags & re.VERBOSE else "") + ("i" if pat.flags & re.IGNORECASE else "")
        body = _GROUP_NAME.sub("(?:", pat.pattern)
        tail = "\n" if "x" in flags else ""  # a verbose body may end in a comment
        parts.append(f"(?{flags}:{body}{tail})")
    return re.compile("|".join(parts))


# Words that expect a number after them: a numeral on the next line continues the
# sentence ("đạt khoảng" / "11.400 doanh nghiệp", "lần thứ" / "XIII").
NUMBER_EXPECTED = re.compile(
    r"\b(?:số|thứ|THỨ|Số|SỐ|Điều|ĐIỀU|khoản|điểm|Chương|CHƯƠNG|Mục|Phần|PHẦN|lần|LẦN"
    r"|khoảng|đạt|tối thiểu|tối đa|ít nhất|hơn|gần|lên|còn)\s*$")
NUMERAL_START = re.compile(rf"^(?:\d|{P.ROMAN}\b)")
# … unless it is a list label: "III. … XÃ HỘI SỐ" / "1. Thể chế" ("SỐ" is "digital" there)
LIST_LABEL = re.compile(rf"^(?:\d{{1,2}}|{P.ROMAN})[.)]\s+[{P.VI_UPPER}]")


def _header_item(text: str) -> bool:
    return bool(P.NUMBER_LINE.search(text) or P.PLACE_DATE.search(text) or P.MOTTO.search(text)
                or P.KINH_GUI.match(text) or re.match(r"^\s*S[ốô]\s*[:.]", text))


def _is_upper(s: str) -> bool:
    # a sentence fails on its first third: more lower-case letters there than a
    # fifth of the whole line's length is already too many
    head = s[:max(40, len(s) // 3)]
    if len(head) < len(s) and sum(map(str.islower, head)) > 0.2 * len(s):
        return False
    n_alpha = sum(map(str.isalpha, s))
    return n_alpha > 0 and sum(map(str.isupper, s)) >= 0.8 * n_alpha


_TERMINAL_LAST = ".;:!?…"  # a line ending in one of these is terminal
_TERMINAL_MAYBE = "\"”’)"  # … and one ending in these may be ("xong.”", "(đã ký).)")


class _BodyStats:
    """What the rejoin rules need to know of the body (lines outside the zones)."""

    __slots__ = ("lengths", "blanks", "nonblank", "lower_indents")

    def __init__(self) -> None:
        self.lengths: list[int] = []  # stripped lengths over 20 of lines that are not table rows
        self.blanks = 0  # blank lines that are not cell boundaries
        self.nonblank = 0
        self.lower_indents: dict[int, int] = {}  # indent -> lines that start lower-case

    def continuation_indent(self) -> int | None:
        """The usual indent of lines that continue a sentence (they start lower-case)."""
        counts = self.lower_indents
        total = sum(counts.values())
        if total < 5:
            return None
        best = max(counts, key=counts.get)
        return best if counts[best] >= 0.8 * total else None


def _features(lines: list[_Phys]) -> _BodyStats:
    """What the rejoin rules read of each line, computed once (a line is ``cur``, then
    ``prev``), and the body's statistics, in the same pass."""
    smatch = _structure_start().match
    tsearch = TERMINAL.search
    stats = _BodyStats()
    lengths = stats.lengths
    indents = stats.lower_indents
    for ph in lines:
        if ph.blank:
            if ph.zone is None and not ph.pipe_break:
                stats.blanks += 1
            continue
        s = ph.s
        ph.f_c = c = s.strip()
        ph.f_p = p = s.rstrip()
        last = p[-1:]
        if last and last in _TERMINAL_LAST:
            ph.f_term = True
        elif last and last in _TERMINAL_MAYBE:
            ph.f_term = tsearch(p, max(0, len(p) - 16)) is not None
        first = c[:1]
        ph.f_lower = lower = first.islower() if first.isalpha() else _first_alpha(c).islower()
        ph.f_struct = bool(ph.md_level or smatch(s))
        if ph.zone is None:
            stats.nonblank += 1
            if not ph.cells:
                if len(c) > 20:
                    lengths.append(len(c))
                if lower:
                    indents[ph.indent] = indents.get(ph.indent, 0) + 1
    return stats


def _upper(ph: _Phys) -> bool:
    if ph.f_upper is None:
        ph.f_upper = _is_upper(ph.f_c)
    return ph.f_upper


def _first_line_band(lines: list[_Phys], width: int) -> tuple[int, int] | None:
    """The lengths of paragraphs' first lines, when the text cuts them short.

    Some crawled pages (TVPL Markdown) break every paragraph's first line near one
    column, well before the wrap width: "a) Chủ trì tham mưu Chủ tịch" / "UBND tỉnh
    về phát triển …". The band is learnt from paragraphs whose second line starts
    lower case (certain continuations); None when first lines are not so cut.
    """
    firsts = []
    for i in range(1, len(lines) - 1):
        ph = lines[i]
        if ph.blank or ph.cells or ph.zone is not None or ph.f_term or not lines[i - 1].blank:
            continue
        nxt = lines[i + 1]
        if not nxt.blank and not nxt.cells and nxt.f_lower:
            firsts.append(len(ph.f_c))
    if len(firsts) < 8 or not width:
        return None
    firsts.sort()
    mid = firsts[len(firsts) // 2]
    lo, hi = mid - 5, mid + 3
    if mid >= 0.6 * width or sum(1 for v in firsts if lo <= v <= hi) < 0.6 * len(firsts):
        return None
    return lo, hi


def _continues(head: _Phys, prev: _Phys, prev_len: int, cur: _Phys, blank_between: bool,
               width: int, wrapped: bool, blanks_meaningless: bool, cont_indent: int | None,
               first_band: tuple[int, int] | None = None) -> bool:
    """Whether physical line ``cur`` continues the paragraph ``head`` … ``prev``.

    Rules in order; the first that decides wins. Line features come from ``_features``.
    """
    if cur.cells or prev.cells or cur.zone != prev.zone:
        return False
    p = prev.f_p
    c = cur.f_c
    term = prev.f_term
    if p.endswith(("-", "–")):
        if len(p.strip()) == 1 and P.BULLET.match(prev.s):
            return True  # a bullet dash alone on its line: "-" / "Trường hợp …"
        if p.endswith("-") and CODE_HYPHEN.search(p[-8:]) and re.match(r"[A-ZĐ]{2,}", c):
            return True  # "3183/SNV-" / "TCBC ngày …": a symbol broken at its hyphen
    if (not term and (not blank_between or blanks_meaningless) and NUMERAL_START.match(c)
            and NUMBER_EXPECTED.search(p[-16:]) and not LIST_LABEL.match(c)):
        return True  # "… Đại hội lần thứ" / "XIII của Đảng": a numeral, not a heading
    if (not blank_between or blanks_meaningless) and p[-1:].isdigit() and _RANGE_TAIL.match(c) and _YEAR_END.search(p):
        return True  # "giai đoạn 2026" / "- 2030 phấn đấu …": a year range broken at its dash
    if cur.f_struct:
        return False
    lower = cur.f_lower
    if cur.zone is not None and not blank_between:
        hp = head.s
        if P.VV_LINE.match(hp) and not _header_item(c):
            return True  # a V/v subject wrapped over several lines
        if (not term and P.BULLET.match(hp) and (not _upper(cur) or p.endswith(","))
                and not P.AUTHORITY.match(c)):
            # a Nơi nhận item wrapped: "… Cổng" / "TTĐTCP, các Vụ: …"; after a comma even
            # an upper-case line goes on: "các Phòng: ĐTQH," / "TH, KGVX, NgV;"
            return True
    if lower and not term:
        return True  # a sentence cut before a lower-case word, whatever the markup says
    if (first_band and head is prev and not term and not blank_between and cur.zone is None
            and "bold" not in prev.hints and first_band[0] <= prev_len <= first_band[1]
            and len(c) >= 0.6 * width):
        return True  # a first line cut short (see _first_line_band), then a full line
    if "short" in prev.hints or "indent" in cur.hints:
        return False  # the reader saw a line ending early, or a first-line indent
    if cur.zone is None and not term and not blank_between and _name_across(p, c):
        return True  # "3. Đề nghị Ủy ban Mặt trận" / "Tổ quốc Việt Nam tỉnh …": one name broken
    if "bold_open" in prev.hints and ("bold" in cur.hints or "bold_close" in cur.hints) and not blank_between:
        return True  # one bold run broken over two lines
    if "italic_open" in prev.hints and "italic" in cur.hints and not blank_between:
        return True  # one italic run broken over two lines
    upper_p, upper_c = _upper(prev), _upper(cur)
    if upper_p and not upper_c:
        return False  # an upper-case title or heading, then a sentence
    if ("bold" in prev.hints) != ("bold" in cur.hints) or prev.md_level:
        return False
    if cur.zone is not None or not wrapped or P.KINH_GUI.match(p):
        return False  # zones and one-paragraph-per-line text only go on before lower case
    if cont_indent is not None and cur.indent > cont_indent and not lower:
        return False  # an indented first line opens a paragraph (pdftotext -layout)
    if not term and EXPECTS_MORE.search(p[-32:]):
        return True
    hm = P.heading_label().match(head.s) if head is prev else None
    if hm and not lower and not (upper_p and upper_c) and prev_len < 0.8 * width:
        words = head.s[hm.end():].split()
        # "Điều 3. Chánh" / "Văn phòng …" wraps; "2.2. Quy mô …" / "Hiện tại …" does not
        return ("bold_start" in head.hints and 1 <= len(words) <= 2
                and not _is_upper(" ".join(words)) and not term and _first_alpha(c).isupper())
    if term:
        # "…đến trường;" / "đặc biệt là …": a wrapped sentence after ; or :
        return lower and not p.endswith((".", "!", "?", "…"))
    if blank_between and not blanks_meaningless:
        return prev_len >= 0.85 * width
    return prev_len >= 0.7 * width


@cache
def _names() -> frozenset[str]:
    """Agency heads and names of several words (rules/agencies.yaml), in lower case."""
    data = rules.load("agencies")
    words = [h["head"] for h in data["heads"]] + list(data["names"])
    return frozenset(" ".join(w.lower().split()) for w in words if " " in w.strip())


@cache
def _name_pairs() -> frozenset[tuple[str, str]]:
    """Pairs of neighbouring words in the names of ``_names()``."""
    pairs = set()
    for name in _names():
        words = name.split()
        pairs.update(zip(words, words[1:]))
    return frozenset(pairs)


def _name_across(p: str, c: str) -> bool:
    """The last words of ``p`` and the first of ``c`` make one multi-word agency name."""
    before = p.split()[-4:]
    after = c.split()[:4]
    if not before or not after:
        return False
    # a name across the break holds the pair (last word of p, first word of c)
    last, first = before[-1].lower(), after[0].lower()
    pairs = _name_pairs()
    if (last, first) not in pairs and (last, first.rstrip(",;:.")) not in pairs:
        return False
    names = _names()
    for i in range(1, len(before) + 1):
        for j in range(1, len(after) + 1):
            if " ".join(before[-i:] + after[:j]).lower().rstrip(",;:.") in names:
                return True
    return False


def _rejoin(lines: list[_Phys], do_join: bool) -> list[list[_Phys]]:
    """Group physical lines into logical lines."""
    stats = _features(lines)
    width, wrapped = _wrap_width(stats.lengths)
    blanks_meaningless = wrapped and stats.nonblank > 10 and stats.blanks >= 0.6 * stats.nonblank
    cont_indent = stats.continuation_indent()
    first_band = _first_line_band(lines, width) if wrapped and do_join else None
    groups: list[list[_Phys]] = []
    blank_between = False
    for ph in lines:
        if ph.blank:
            if ph.pipe_break:
                groups.append([])  # a cell boundary always ends the paragraph
            blank_between = True
            continue
        prev_group = groups[-1] if groups and groups[-1] else None
        if (do_join and prev_group is not None
                and _continues(prev_group[0], prev_group[-1], len(prev_group[-1].f_c), ph,
                               blank_between, width, wrapped, blanks_meaningless, cont_indent, first_band)):
            prev_group.append(ph)
        else:
            groups.append([ph])
        blank_between = False
    return [g for g in groups if g]


def _stripped(ph: _Phys) -> tuple[str, list[PieceT], int]:
    """A line stripped, runs of blanks collapsed: its text, pieces (from 0) and first source offset.

    A line that is one run of the source without runs of blanks (most lines) takes a
    fast path: one piece, no ``MappedStr`` operations.
    """
    line = ph.s
    st = line.strip()
    if not st:
        return "", [], 0
    ms = ph._ms
    if (ms is None or len(ms.pieces) == 1) and "  " not in st and "\t" not in st:
        lead = len(line) - len(line.lstrip())
        if ms is None:  # the line as read
            return st, [(0, ph.src + lead, True)], ph.src + lead
        out0, src0, exact = ms.pieces[0]
        start = max(lead, out0)
        src = src0 + (start - out0) if exact else src0
        return st, [(start - lead, src, exact)], src
    part = COLLAPSE_SUB(ph.ms.strip())
    return part.s, part.pieces, part.src_at(0)


def _join_group(group: list[_Phys]) -> MappedStr:
    """The physical lines of a paragraph joined by single spaces, runs of blanks collapsed.

    No space where a symbol was broken at its hyphen ("30/CT-" + "TTg").
    """
    texts: list[str] = []
    pieces: list[PieceT] = []
    pos = 0
    prev = ""
    for ph in group:
        st, own, src = _stripped(ph)
        if not st:
            continue
        if texts and not (prev[-1:] == "-" and CODE_HYPHEN.search(prev) and _CODE_GOES_ON.match(st)
                          and not prev.endswith(" -")):
            texts.append(" ")
            pieces.append((pos, src, False))
            pos += 1
        texts.append(st)
        pieces.extend([(o + pos, sp, ex) for o, sp, ex in own] if pos else own)
        pos += len(st)
        prev = st
    return MappedStr("".join(texts), pieces)


def _join_one(ph: _Phys) -> MappedStr:
    """``_join_group([ph])`` without the group loop."""
    st, own, _ = _stripped(ph)
    return MappedStr(st, own)


_CODE_GOES_ON = re.compile(r"[A-ZĐ0-9]")


_WS = re.compile(r"[ \t]{2,}|\t")


def COLLAPSE_SUB(ms: MappedStr) -> MappedStr:  # noqa: N802 - small helper used as a step
    if "  " not in ms.s and "\t" not in ms.s:
        return ms
    return ms.sub(_WS, " ")


# ---------------------------------------------------------------- assemble


def _assemble(groups: list[list[_Phys]], raw: RawDocument) -> NormText:
    text_parts: list[str] = []
    line_pieces: list[list[PieceT]] = []
    lines: list[Line] = []
    tables: list[TableBlock] = []
    page_first: dict[int, int] = {}
    pos = 0
    prev_table_row = False
    for group in groups:
        first = group[0]
        if first.cells:
            cells_ms = [COLLAPSE_SUB(c.strip()) for c in first.cells]
            joined, spans = _join_cells(cells_ms, pos)
            if not prev_table_row:
                tables.append(TableBlock(index=len(tables), page=first.page))
            tb = tables[-1]
            tb.lines.append(len(lines))
            tb.cells.append(spans)
            line = Line(pos, pos + len(joined.s), first.page, TABLE_ROW,
                        frozenset(first.hints | ({first.zone} if first.zone else set())),
                        table=tb.index, row=len(tb.cells) - 1, cells=tuple(spans))
            ms = joined
            prev_table_row = True
        else:
            ms = _join_one(first) if len(group) == 1 else _join_group(group)
            if not ms.s:
                continue
            hints = set(first.hints)
            if first.zone:
                hints.add(first.zone)
            if ms.s[:1] in P.BULLET_MARKS and P.BULLET.match(ms.s):  # (the line is stripped)
                hints.add("bullet")
            if len(group) > 1:  # one line keeps its own hint
                if all("bold" in g.hints for g in group):
                    hints.add("bold")
                else:
                    hints.discard("bold")
            line = Line(pos, pos + len(ms.s), first.page, PARA, frozenset(hints), first.md_level)
            prev_table_row = False
        if first.page not in page_first:
            page_first[first.page] = pos
        if len(group) > 1:
            for g in group:
                page_first.setdefault(g.page, pos)
        line_pieces.append(ms.pieces)
        text_parts.append(ms.s)
        lines.append(line)
        pos += len(ms.s) + 1
        text_parts.append("\n")
    text = "".join(text_parts)
    n_pages = raw.pages
    page_starts = [0]
    for pg in range(2, n_pages + 1):
        page_starts.append(page_first.get(pg, page_starts[-1]))
    # a page starts after the previous one; keep the list sorted
    for k in range(1, len(page_starts)):
        page_starts[k] = max(page_starts[k], page_starts[k - 1])
    nt = NormText(text=text, lines=lines, page_starts=page_starts, tables=tables)
    nt._line_pieces = line_pieces
    if raw.ocr is not None:
        nt.ocr_pages = frozenset(raw.ocr.pages)
    return nt


def _join_cells(cells: list[MappedStr], pos: int) -> tuple[MappedStr, list[tuple[int, int]]]:
    """Render a table row as ``| a | b | c |``, which reads back as the same cells."""
    first_src = next((c.src_at(0) for c in cells if c.s), 0)
    parts: list[MappedStr] = [MappedStr.synthetic("| ", first_src)]
    spans = []
    off = 2
    for k, c in enumerate(cells):
        if k:
            parts.append(MappedStr.synthetic(" | ", c.src_at(0) if c.s else first_src))
            off += 3
        spans.append((pos + off, pos + off + len(c.s)))
        parts.append(c)
        off += len(c.s)
    parts.append(MappedStr.synthetic(" |", first_src))
    return concat(parts), spans


# ------------------------------------------------------------------- public


def normalize(raw: RawDocument, steps: Sequence[str] = STEPS) -> NormText:
    """Normalise what the read stage produced into a ``NormText``.

    ``steps`` selects named steps (see the module docstring); the order of
    application is fixed.
    """
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise ValueError(f"unknown normalisation step(s) {unknown}; valid: {', '.join(STEPS)}")
    on = set(steps)
    # whole-text checks first, so clean input skips the per-line work
    text = raw.text
    need_control = "unicode" in on and CONTROL.search(text) is not None
    need_spaces = "unicode" in on and SPACES_RE.search(text) is not None
    need_nfc = "unicode" in on and not unicodedata.is_normalized("NFC", text)
    need_tone = "tone_marks" in on and NEW_STYLE_TONE.search(text) is not None
    if not need_control and not need_nfc and (need_spaces or need_tone):
        # both steps replace one character by one, so the whole text can be done at
        # once and every offset still maps to itself
        fixed = _spaces(text) if need_spaces else text
        if need_tone:
            fixed = NEW_STYLE_TONE.sub(_move_tone, fixed)
        if unicodedata.is_normalized("NFC", fixed):  # "hoà́": a moved mark can compose
            text = fixed
            need_spaces = need_tone = False
    lines = _physical_lines(raw, text)
    if need_control or need_spaces or need_nfc or need_tone:
        for ph in lines:
            if need_control:
                cleaned = ph.ms.delete(CONTROL)
                # "A\x1f\u0301": removing a control character can bring marks together
                ph.ms = _nfc(cleaned) if cleaned is not ph.ms else cleaned
            if need_spaces and SPACES_RE.search(ph.s):
                ph.ms = ph.ms.translate(SPACES)
            if need_nfc:
                ph.ms = _nfc(ph.ms)
            if need_tone:
                moved = _tone_marks(ph.ms)
                if moved is not ph.ms:  # "hoà́": moving one mark can leave another to compose
                    moved = _nfc(moved)
                ph.ms = moved
    if "markdown" in on and any(ch in text for ch in "*_\\#"):  # else no line has markup
        _markdown(lines)
    if "table_pipes" in on:
        _table_pipes(lines)
        lines = _cell_tables(lines)
    else:
        for ph in lines:
            ph.blank = not ph.s.strip()
    _find_zones(lines)
    if "page_furniture" in on:
        _page_furniture(lines)
    if "columns" in on:
        lines = _columns(lines)
    for ph in lines:
        if ph.cells is not None and ph.zone is not None and "columns" in on:
            ph.cells = None
    groups = _rejoin(lines, do_join="rejoin" in on)
    return _assemble(groups, raw)

"""The segment stage: the heading tree of a ``NormText``.

Headings are lines that open with numbering (``patterns.heading_label``):
Roman ``I.``, Arabic ``1.``, decimal ``1.1.``, letters ``a)``, upper-case
letters ``A.``, and the heading words of decisions and regulations (Phần,
Chương, Mục, Điều; khoản and điểm are the Arabic and letter items inside an
Điều), plus Phụ lục. Bullets, table rows, header and signer lines, and text
quoted from other documents are never headings.

Nesting follows the author: a style seen for the first time opens a level
below the current one; a style already open closes everything below it.
The structural words have a fixed order (Phụ lục > Phần > Chương > Mục >
Điều), so a Quy chế's ``Chương I`` after a decision's ``Điều 3`` does not
nest inside it. Numbering is kept as written, even when it skips or repeats.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import patterns as P
from .layout import PARA, NormText
from .models import Section

#: Fixed ranks of the structural heading words; other styles nest freely.
FIXED_RANK = {"appendix": 0, "part": 1, "chapter": 2, "muc": 3, "article": 4}

#: Output ``style`` for each internal style key.
STYLE_NAME = {
    "appendix": "appendix", "part": "part", "chapter": "chapter", "muc": "section",
    "article": "article", "roman": "roman", "arabic": "arabic", "decimal": "decimal",
    "letter": "letter", "upper_letter": "letter", "markdown": "markdown",
}

# Title stops at a colon followed by more text ("Trường học: Mầm non, …") or
# at the end of the first sentence (". " before an upper-case letter).
# (no "\s*" before the colon: the title is stripped after the cut, and a pattern led
# by a literal is scanned in the engine's fast loop)
TITLE_COLON = re.compile(r":\s*(?=\S)")
# (the dot first: a pattern led by a literal is scanned in the engine's fast loop)
SENTENCE_END = re.compile(rf"\.(?<!\b[A-ZĐ]\.)(?<!\bTP\.)(?<!\bTp\.)\s+(?=[{P.VI_UPPER}“\"])")
# A line that opens a quotation from another document is not a heading.
QUOTED = re.compile(r"^\s*[“\"'‘]")
# "1. Mục tiêu chung" but not "1. 000 người": numbers like 19.8 or 2024 excluded by the label regex.


@dataclass
class _Open:
    key: str          # style key, e.g. "roman", "decimal2"
    section: Section
    bare: str         # bare label, e.g. "III", "2", "a"


def _match_label(line_text: str) -> tuple[str, str, str, int] | None:
    """``(style_key, label, bare, end)`` of a heading label at the line start."""
    m = P.heading_label().match(line_text)
    if not m:
        return None
    style = m.lastgroup
    # lastgroup is the innermost group that matched last; find the outer one
    for key in ("appendix", "part", "chapter", "muc", "article", "decimal", "roman",
                "arabic", "letter", "upper_letter"):
        if m.group(key) is not None:
            style = key
            break
    label = m.group(0).strip()
    end = m.end()
    if style == "appendix":
        num = m.group("appendix_num")
        bare = f"PL-{num}" if num else "PL"
    elif style in ("part", "chapter", "muc", "article"):
        bare = m.group(f"{style}_num").split()[-1]
    elif style == "decimal":
        bare = re.sub(r"\s+", "", m.group("decimal"))
        style = f"decimal{bare.count('.') + 1}"
    else:
        bare = m.group(style)
    return style, label, bare, end


def _title(text: str) -> str:
    text = text[:800].strip().lstrip(".:-–) \t").strip()
    cm = TITLE_COLON.search(text)
    if cm and cm.start() > 0:
        text = text[: cm.start()]
    sm = SENTENCE_END.search(text)
    if sm and sm.start() > 0:
        text = text[: sm.start()]
    return text.strip().rstrip(":;.,").strip()


def _candidate_span(norm: NormText, idx: int) -> tuple[int, int] | None:
    """Where a heading label may stand on line ``idx``: the line, or the only filled cell
    of a table's group row; ``None`` if the line can hold no heading."""
    line = norm.lines[idx]
    hints = line.hints
    if line.kind != PARA or "header" in hints or "signer" in hints or "bullet" in hints:
        return _group_row(norm, idx)
    if QUOTED.match(norm.text[line.start:line.end]):
        return None
    return line.start, line.end


def _group_row(norm: NormText, idx: int) -> tuple[int, int] | None:
    """The span of a table row's only filled cell when the row is a group title across the
    columns ("| I. Kinh tế số | | |"): such a row numbers a part of the table like a heading."""
    line = norm.lines[idx]
    if line.kind == PARA or not line.cells or line.row == 0:
        return None
    (a, b), rest = line.cells[0], line.cells[1:]
    if b <= a or any(y > x for x, y in rest):
        return None
    return a, b


def _plausible(style: str, bare: str, label: str, text_after: str, line_is_emphasised: bool) -> bool:
    """Reject numbering that is really a quantity or a stray letter."""
    if label.startswith("\0"):
        return True  # an OCR'd Roman numeral already checked against its sequence
    if style == "arabic" and int(bare) > 60 and not line_is_emphasised:
        return False
    if style == "letter" and not text_after.strip():
        return False
    if style == "roman" and not re.search(r"[.)\-–:]\s*$", label) and not line_is_emphasised:
        return False  # "XIII CỦA ĐẢNG …" without a dot is a numeral in a sentence
    return True


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(numeral: str) -> int:
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        v = ROMAN_VALUES.get(a, 0)
        total += -v if ROMAN_VALUES.get(b, 0) > v else v
    return total


def to_roman(n: int) -> str:
    out = ""
    for v, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += sym
            n -= v
    return out


# On an OCR'd page: a short run of strokes before an upper-case title, as tesseract
# reads a Roman numeral from a photo: "L MỤC TIÊU", "IL. MỤC ĐÍCH", "Hl. NỘI DUNG".
OCR_ROMAN = re.compile(rf"^[ \t]*(?P<tok>[IlL1|H]{{1,4}}|[IlL1|]{{0,3}}V[IlL1|]{{0,3}}|X[IlL1|]{{0,3}})"
                       rf"[.,:]?[ \t]+(?=[{P.VI_UPPER}]{{2}})")


def _strokes(token: str) -> int:
    return sum(2 if c == "H" else 1 for c in token if c in "IlL1|H")


def _ocr_roman_sequence(norm: NormText) -> dict[int, tuple[str, str, str, int]]:
    """Top-level Roman headings of OCR'd pages, renumbered when they read as a sequence.

    Tesseract reads "I." from a photo as "L", "IL." or "1L" and "II." as "III.".
    When every candidate (a strict Roman label or a short run of strokes before
    an upper-case title) is within one stroke of I, II, III … in order, the
    sequence wins; otherwise the numerals stay as read.
    """
    cands: list[tuple[int, str, int]] = []
    for idx, line in enumerate(norm.lines):
        span = _candidate_span(norm, idx) if line.page in norm.ocr_pages else None
        if span is None:
            continue
        text = norm.text[span[0]:span[1]]
        m = OCR_ROMAN.match(text)
        if m:
            cands.append((idx, m.group("tok"), m.end()))
    if len(cands) < 2:
        return {}
    out = {}
    for k, (idx, tok, end) in enumerate(cands):
        expected = to_roman(k + 1)
        if ("V" in tok) != ("V" in expected) or ("X" in tok) != ("X" in expected):
            return {}
        if abs(_strokes(tok) - len(expected.replace("V", "").replace("X", ""))) > 1:
            return {}
        text = norm.text[norm.lines[idx].start:norm.lines[idx].end]
        out[idx] = ("roman", "\0" + text[:end].strip(), expected, end)
    return out


def _ocr_roman(stack: list[_Open], bare: str, label: str) -> tuple[str, str]:
    """On an OCR'd page, "I." after "I." is "II." with a stroke lost."""
    prev = next((op for op in reversed(stack) if op.key == "roman"), None)
    if prev is None or not bare.startswith("I") or roman_value(bare) > roman_value(prev.bare):
        return bare, label
    expected = to_roman(roman_value(prev.bare) + 1)
    if len(expected) - len(bare) in (0, 1, 2) and expected.startswith(bare[:1]):
        return expected, label.replace(bare, expected, 1)
    return bare, label


# Letter items in the official order (Nghị định 30/2020: a, b, c, d, đ, e, g, h, i, k …).
LETTER_ORDER = "abcdđeghiklmnopqrstuvxy"


def _ocr_letter(stack: list[_Open], bare: str, label: str) -> tuple[str, str]:
    """On an OCR'd page, "đ)" right after "c)" is "d)" and "d)" after "d)" is "đ)":
    tesseract confuses the two letters, and the sequence tells which was printed."""
    prev = next((op for op in reversed(stack) if op.key == "letter"), None)
    if prev is None or bare not in ("d", "đ") or prev.bare not in LETTER_ORDER:
        return bare, label
    expected = LETTER_ORDER[LETTER_ORDER.index(prev.bare) + 1:][:1]
    if expected in ("d", "đ") and expected != bare:
        return expected, label.replace(bare, expected, 1)
    return bare, label


def _section_id(parent: _Open | None, style: str, bare: str) -> str:
    if parent is None:
        return bare
    if style.startswith("decimal"):
        prefix, _, last = bare.rpartition(".")
        pid = parent.section.id
        if pid == prefix or pid.endswith("." + prefix):
            return f"{pid}.{last}"
    return f"{parent.section.id}.{bare}"


def _close_for(stack: list[_Open], key: str) -> None:
    """Pop the stack so that a heading of style ``key`` can be pushed."""
    rank = FIXED_RANK.get(key)
    if rank is not None:
        while stack and (stack[-1].key not in FIXED_RANK or FIXED_RANK[stack[-1].key] >= rank):
            stack.pop()
        return
    for depth, op in enumerate(stack):
        if op.key == key:
            del stack[depth:]
            return
    if key.startswith("decimal") and key != "decimal1":
        # "2.1." under "2." (arabic): a deeper decimal opens below the arabic one
        return


def segment(norm: NormText) -> list[Section]:
    """Build the heading tree of ``norm``, in reading order."""
    stack: list[_Open] = []
    out: list[Section] = []
    body_ends = [ln.start for ln in norm.lines if "signer" in ln.hints]
    ocr_romans = _ocr_roman_sequence(norm) if norm.ocr_pages else {}
    si = 0  # the next signer block
    for idx, line in enumerate(norm.lines):
        if si < len(body_ends) and line.start > body_ends[si]:
            # past a signer block: what follows is an attached document ("KẾ HOẠCH … (Kèm
            # theo Quyết định số …)", a Phụ lục), whose headings start a tree of their own
            si = bisect.bisect_left(body_ends, line.start, si)
            stack.clear()
        span = _candidate_span(norm, idx)
        if span is None:
            continue
        start, stop = span
        text = norm.text[start:stop]
        found = ocr_romans[idx] if idx in ocr_romans else _match_label(text)
        if not found or (line.kind != PARA and found[0] not in _GROUP_STYLES):
            continue
        key, label, bare, end = found
        if key == "decimal1":  # "2." written as a decimal with one part is Arabic
            key = "arabic"
        emphasised = line.has("bold") or line.md_level > 0
        if not _plausible(key, bare, label, text[end:], emphasised) or (
                line.kind == PARA and _in_table_like(norm, idx, text)):
            continue
        if key == "roman" and line.page in norm.ocr_pages and not label.startswith("\0"):
            bare, label = _ocr_roman(stack, bare, label)
        elif key == "letter" and line.page in norm.ocr_pages:
            bare, label = _ocr_letter(stack, bare, label)
        label = label.lstrip("\0")
        _close_for(stack, key)
        parent = stack[-1] if stack else None
        sid = _section_id(parent, key, bare)
        level = len(stack) + 1
        title = _title(text[end:])
        if not title and key in NEXT_LINE_TITLE:
            title = _next_line_title(norm, idx)
        style = STYLE_NAME.get(key.rstrip("0123456789"), "decimal")
        sec = Section(id=sid, parent=parent.section.id if parent else None, level=level,
                      label=label, style=style, title=title, span=(line.start, line.end),
                      page=line.page, title_span=(start, stop))
        out.append(sec)
        stack.append(_Open(key, sec, bare))
    _set_spans(out, norm, body_ends)
    return out


#: Numbering a group row of a table may carry ("I. Kinh tế số", "A. NHIỆM VỤ CHUNG")
_GROUP_STYLES = {"roman", "upper_letter"}

#: Styles whose title often stands on the next line ("Chương I" / "QUY ĐỊNH CHUNG").
NEXT_LINE_TITLE = {"appendix", "part", "chapter", "muc", "article", "roman", "upper_letter"}


def _next_line_title(norm: NormText, idx: int) -> str:
    """The next line, when it reads as a title (upper case or bold, short)."""
    parts: list[str] = []
    for nxt in norm.lines[idx + 1: idx + 3]:
        text = norm.text[nxt.start:nxt.end].strip()
        if (nxt.kind != PARA or nxt.has("bullet") or len(text) > 160 or _match_label(text)
                or not (text.isupper() or nxt.has("bold") or nxt.md_level)):
            break
        if parts and not (text.isupper() and parts[-1].isupper()):
            break  # a second line only continues an upper-case title
        parts.append(text)
    return _title(" ".join(parts))


_THREE_DIGITS = re.compile(r"\d\D*\d\D*\d")
# whitespace-separated tokens that are numbers ("12", "(3)", "45,5%"), found in one call
_NUMERIC_TOKENS = re.compile(r"(?<!\S)\(?\d[\d.,%]*\)?(?!\S)")


def _numeric_heavy(text: str) -> bool:
    if not _THREE_DIGITS.search(text, 0, 200):  # fewer than three digits in the first 200 characters
        return False
    nums = len(_NUMERIC_TOKENS.findall(text))
    return nums >= 3 and nums >= 0.5 * len(text.split())


def _in_table_like(norm: NormText, idx: int, text: str) -> bool:
    """A numbered line among rows of figures (a table flattened to text)."""
    if _numeric_heavy(text):
        return True
    # figures above and below: a cell of a flattened table
    for k in (idx - 1, idx + 1):
        if not 0 <= k < len(norm.lines):
            return False
        ln = norm.lines[k]
        if not (ln.kind != PARA or _numeric_heavy(norm.text[ln.start:ln.end])):
            return False
    return True


def _set_spans(sections: list[Section], norm: NormText, body_ends: list[int]) -> None:
    """Extend each span to the next heading of the same or a higher level."""
    text_end = len(norm.text.rstrip("\n"))
    # the next section of the same or a higher level, for each section (one pass from the end)
    next_start: list[int] = [text_end] * len(sections)
    stack: list[Section] = []
    for i in range(len(sections) - 1, -1, -1):
        sec = sections[i]
        while stack and stack[-1].level > sec.level:
            stack.pop()
        if stack:
            next_start[i] = stack[-1].span[0]
        stack.append(sec)
    for i, sec in enumerate(sections):
        end = next_start[i]
        # the body ends where the signer block starts
        k = bisect.bisect_right(body_ends, sec.span[0])
        if k < len(body_ends) and body_ends[k] < end:
            end = body_ends[k]
        end = max(end, sec.span[1])
        # trim the newline before the next line
        while end > sec.span[1] and norm.text[end - 1] == "\n":
            end -= 1
        sec.span = (sec.span[0], end)


class SectionLookup:
    """The innermost section holding an offset, in O(log n): spans nest, so it
    is the latest-starting section that holds the offset."""

    def __init__(self, sections: list[Section]):
        order = sorted(range(len(sections)), key=lambda i: (sections[i].span[0], sections[i].level, i))
        self.secs = [sections[i] for i in order]
        self.starts = [s.span[0] for s in self.secs]

    def at(self, offset: int) -> str | None:
        """Id of the innermost section whose span contains ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0:
            s = self.secs[i]
            if offset < s.span[1]:
                return s.id
            i -= 1
        return None


def section_at(sections: list[Section], offset: int) -> str | None:
    """Id of the innermost section whose span contains ``offset`` (one lookup)."""
    return SectionLookup(sections).at(offset)

"""Find dates, months, years, ranges and school years in normalised text.

Stages (one pass each, all linear in the text):

1. *atoms*: every pattern of ``date_patterns`` is run over the text; each
   match becomes an ``Atom`` (a point or a range, with the parts written).
   Patterns are digit-led where possible (the engine skips between digits
   in C); the context searches before a date ("trước ngày", "ngày ")
   run only after a one-``endswith`` pre-test.
2. *overlaps*: the earliest, then longest atom wins (``longest_first``; a
   policy function that can be swapped).
3. *ranges*: two neighbouring points joined by a connector ("đến", "-")
   become one range; a missing year or month is carried back from the
   right end ("ngày 05/9 đến ngày 05/10/2024").
4. *items*: values are written as ISO 8601 at the precision given, roles
   (issued, period, period_start, deadline, recurring) read from the words
   just before or after the date.
"""

from __future__ import annotations

import bisect
import re
import calendar
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import date_patterns as P
from .models import DateItem
from .patterns import lowered

__all__ = ["find_dates", "deadline_for", "longest_first"]

Parts = tuple[int | None, int | None, int | None]  # (year, month, day)


@dataclass(frozen=True)
class Atom:
    """One date expression before ranges are joined.

    ``point`` atoms have ``a`` only (kind date/month/year); range atoms
    carry both ends. ``weak`` atoms ("05/9", "tháng 8") survive only as the
    left end of a range. ``words`` marks the "ngày … tháng … năm …" form.
    """

    start: int
    end: int
    kind: str
    a: Parts
    b: Parts | None = None
    weak: bool = False
    words: bool = False


# ------------------------------------------------------------------ parsers


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _year_ok(y: int | None) -> bool:
    return y is None or P.YEAR_MIN <= y <= P.YEAR_MAX


def _point(m, y: int | None, mo: int | None, d: int | None, *, day_word=False, **kw) -> Atom | None:
    if not _year_ok(y) or (mo is not None and not 1 <= mo <= 12):
        return None
    if d is not None and not 1 <= d <= 31:
        return None
    kind = "date" if d is not None or day_word else "month" if mo is not None else "year"
    return Atom(m.start(), m.end(), kind, (y, mo, d), **kw)


def _day_words(m) -> Atom | None:
    """"ngày 19 tháng 8 năm 2024" (full) or "ngày 26 tháng 8" (no year)."""
    if m.group("y") is None:
        return _point(m, None, _int(m.group("dm")), _int(m.group("dd")))
    # a draft's blank day ("ngày   tháng 8 năm 2024") is still a date: 2024-08
    return _point(m, _int(m.group("y")), _int(m.group("m")), _int(m.group("d")), words=True, day_word=True)


def _dmy_words_bare(m) -> Atom | None:
    return _point(m, _int(m.group("y")), _int(m.group("m")), _int(m.group("d2")), words=True)


def _may_end_with(text: str, lo: int, hi: int, endings: tuple[str, ...], strip: str = P.WHITESPACE) -> bool:
    """Cheap necessary test before a "…cue$" search in ``text[lo:hi]``."""
    return text[lo:hi].rstrip(strip).lower().endswith(endings)


def _day_prefix(m) -> int | None:
    """Start of "ngày " just before a numeric date, or None."""
    text, lo, hi = m.string, max(0, m.start() - 12), m.start()
    if not _may_end_with(text, lo, hi, P.DAY_ENDINGS, P.WHITESPACE + "*_"):
        return None
    p = P.DAY_PREFIX.search(text, lo, hi)
    return p.start() if p else None


def _dmy_numeric(m) -> Atom | None:
    atom = _point(m, _int(m.group("y")), _int(m.group("m")), _int(m.group("d")))
    start = _day_prefix(m)
    return replace(atom, start=start) if atom and start is not None else atom


def _dm_numeric(m) -> Atom | None:
    # "ngày 05/9" and "(02/10)" alone in brackets are dates; "5/5 đơn vị" is not, nor
    # "mục (IV)(4.1)" (a section number in brackets: written with a dot)
    text, lo = m.string, max(0, m.start() - 3)
    bracketed = ("/" in m.group(0) and P.BRACKET_BEFORE.search(text, lo, m.start())
                 and P.BRACKET_AFTER.match(text, m.end()))
    start = _day_prefix(m)
    atom = _point(m, None, _int(m.group("m")), _int(m.group("d")), weak=start is None and not bracketed)
    return replace(atom, start=start) if atom and start is not None else atom


def _day_list(m) -> Atom | None:
    """"Ngày 26, 27/12/2011": consecutive days of one month are one range (else no atom)."""
    days = [int(d) for d in re.findall(r"\d+", m.group("days"))]
    if any(b != a + 1 for a, b in zip(days, days[1:])):
        return None
    first = _point(m, _int(m.group("y")), _int(m.group("m")), days[0])
    last = _point(m, _int(m.group("y")), _int(m.group("m")), days[-1])
    if first is None or last is None:
        return None
    return Atom(m.start(), m.end(), "range", first.a, last.a)


def _bare_year(m) -> Atom | None:
    y = _int(m.group("y"))
    lo, hi = max(0, m.start() - 25), m.start()
    if not _year_ok(y) or not _may_end_with(m.string, lo, hi, P.BARE_YEAR_ENDINGS):
        return None
    if not P.BARE_YEAR_CUE.search(m.string, lo, hi):
        return None
    return Atom(m.start("y"), m.end("y"), "year", (y, None, None))


def _month(m) -> Atom | None:
    """"tháng 12/2024"; a bare "tháng 8" is weak (the left end of a range)."""
    if m.group("y") is None:
        return _point(m, None, _int(m.group("mo")), None, weak=True)
    return _point(m, _int(m.group("y")), _int(m.group("m")), None)


def _year(m) -> Atom | None:
    return _point(m, _int(m.group("y")), None, None)


def _quarter(m) -> Atom | None:
    q = m.group("q").upper()
    n = int(q) if q.isdigit() else P.ROMAN_QUARTERS.get(q)
    y = _int(m.group("y"))
    if n is None or not _year_ok(y):
        return None
    return Atom(m.start(), m.end(), "range", (y, 3 * n - 2, None), (y, 3 * n, None))


def _part_year(m) -> Atom | None:
    n, y = int(m.group("n")), _int(m.group("y"))
    if not _year_ok(y) or not 1 <= n <= 11:
        return None
    first, last = ((1, n) if m.group("first") else (13 - n, 12))
    return Atom(m.start(), m.end(), "range", (y, first, None), (y, last, None))


def _year_range(m) -> Atom | None:
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    pre = P.YEAR_RANGE_PREFIX.search(m.string, max(0, m.start() - 40), m.start())
    school, period = bool(pre and pre.group("school")), bool(pre and pre.group("period"))
    if not (_year_ok(y1) and _year_ok(y2) and y1 < y2 <= y1 + 100):
        return None
    if not (school or period) and y2 > y1 + 50:
        return None
    school = school or (y2 == y1 + 1 and not period and _school_context(m))
    kind = "school_year" if school else "range"
    start = pre.start() if pre else m.start()
    return Atom(start, m.end(), kind, (y1, None, None), (y2, None, None))


def _school_context(m) -> bool:
    text, start = m.string, m.start()
    return P.SCHOOL_BEFORE.search(text, max(0, start - 30), start) is not None


#: (pattern, parser, lead): ``lead`` is what a pattern starts with — a day or month
#: of one or two digits (``_DD``) followed by a separator ("dd/": "19/8", "19.8.2024")
#: or by a month word ("dd month": "19 tháng 8"), "year", four digits (``_YNB``) — or
#: the words it starts with (lower case). Overlaps are resolved later; between atoms
#: of the same span, the earlier pattern here wins.
ATOM_PARSERS: list[tuple[re.Pattern[str], Callable, str | tuple[str, ...]]] = [
    (P.DAY_WORDS_ATOM, _day_words, P.leads(P.DAY_WORDS)),
    (P.DAY_LIST_ATOM, _day_list, P.leads(P.DAY_WORDS)),
    (P.DMY_WORDS_BARE_ATOM, _dmy_words_bare, "dd month"),
    (P.DMY_NUMERIC_ATOM, _dmy_numeric, "dd/"),
    (P.DM_NUMERIC_ATOM, _dm_numeric, "dd/"),
    (P.MONTH_ATOM, _month, P.leads(P.MONTH_WORDS)),
    (P.QUARTER_ATOM, _quarter, P.leads(P.QUARTER_WORDS)),
    (P.PART_YEAR_ATOM, _part_year, "dd month"),
    (P.YEAR_RANGE_ATOM, _year_range, "year"),
    (P.YEAR_ATOM, _year, P.leads(P.YEAR_WORDS)),
    (P.BARE_YEAR_ATOM, _bare_year, "year"),
]

# Where a number-led pattern can start: each begins with a digit that no digit
# precedes (``_D1``, ``_YNB`` in date_patterns), and no digit follows its number,
# so the whole run of digits is the day/month (one or two digits) or the year (four).
# The look-behinds are those of ``_D1`` and ``_YNB``: a start they reject is not tried.
_NUMBER_START = re.compile(  # led by "\d", so the engine skips to the next digit in C
    r"\d(?:(?<![\d.,]\d)(?<!\d/\d)(?P<dd>)\d?(?!\d)"
    r"|(?<![\w/.,\-]\d)(?<=[12])(?P<year>)(?:(?<=1)[89]|(?<=2)[01])[0-9]{2}(?!\d))"
)


# What may follow a day or month, after blanks: a separator of a numeric date
# ("19/8", "19.8", "19-8-2024"), or the first letter of a month word ("19 tháng 8").
_DD_SEPARATORS = "/.-"
_MONTH_FIRST = frozenset(c for w in P.MONTH_WORDS for c in (w[:1].lower(), w[:1].upper()) if c)


def _at_starts(pattern: re.Pattern[str], text: str, starts: list[int]):
    """``pattern.finditer(text)`` for a pattern whose matches can begin only at ``starts``.

    Same matches as finditer (leftmost, non-overlapping): one scan for numbers
    serves every number-led pattern, instead of a scan of the text for each.
    """
    last = 0
    for p in starts:
        if p < last:
            continue
        m = pattern.match(text, p)
        if m:
            last = m.end()
            yield m


def _word_starts(low: str, words: tuple[str, ...]) -> list[int]:
    """Sorted offsets where any of ``words`` occurs in ``low`` (the text in lower case)."""
    out: set[int] = set()
    for w in words:
        i = low.find(w)
        while i >= 0:
            out.add(i)
            i = low.find(w, i + 1)
    return sorted(out)


def find_atoms(text: str) -> list[Atom]:
    """Every atom of every pattern, overlapping, unsorted.

    Each pattern is tried only where it can start: after one scan for numbers,
    and at the places ``str.find`` gives for its first words in the lower-cased
    text (case-insensitive scans of the whole text cost several times more).
    """
    atoms = []
    after_dd = []  # day/month starts followed by a separator
    month_dd = []  # … and by a month word
    years = []
    n = len(text)
    for m in _NUMBER_START.finditer(text):
        if m.lastgroup == "year":
            years.append(m.start())
            continue
        e = m.end()
        while e < n and text[e].isspace():
            e += 1
        nxt = text[e:e + 1]
        if nxt and nxt in _DD_SEPARATORS:
            after_dd.append(m.start())
        elif nxt in _MONTH_FIRST:
            month_dd.append(m.start())
    starts = {"dd/": after_dd, "dd month": month_dd, "year": years}
    low = lowered(text)
    if len(low) != len(text):  # a character whose lower case is longer: scan as written
        low = None
    for pattern, parse, lead in ATOM_PARSERS:
        if isinstance(lead, str):
            found = _at_starts(pattern, text, starts[lead])
        elif low is not None:
            found = _at_starts(pattern, text, _word_starts(low, lead))
        else:
            found = pattern.finditer(text)
        for m in found:
            atom = parse(m)
            if atom is not None:
                atoms.append(atom)
    return atoms


def longest_first(atoms: list[Atom]) -> list[Atom]:
    """Overlap policy: earliest start wins, then the longest; in text order."""
    out: list[Atom] = []
    for atom in sorted(atoms, key=lambda a: (a.start, a.start - a.end)):
        if not out or atom.start >= out[-1].end:
            out.append(atom)
    return out


# ------------------------------------------------------------------- ranges


_LEVEL = {"date": 3, "month": 2, "year": 1}


def _carry(left: Parts, right: Parts) -> Parts | None:
    """Fill the left end's missing year/month from the right end."""
    y, mo, d = left
    ry, rmo, _ = right
    if mo is None and d is not None:
        mo = rmo
    if y is None:
        if ry is None:
            return None
        y = ry - 1 if (mo and rmo and mo > rmo) else ry
    return (y, mo, d)


def _can_join(a: Atom, b: Atom) -> bool:
    if a.b is not None or b.b is not None or b.weak:
        return False
    la, lb = _LEVEL[a.kind], _LEVEL[b.kind]
    return (la >= 2 and lb >= 2) or la == lb == 1


def _quarters(a: Atom, b: Atom) -> bool:
    """Two month ranges with years (quý I/2025, 6 tháng đầu năm 2025), in order."""
    if a.kind != "range" or b.kind != "range" or a.b is None or b.b is None:
        return False
    if None in (a.a[0], a.a[1], b.b[0], b.b[1]) or a.a[2] is not None or b.b[2] is not None:
        return False
    return (a.a[0], a.a[1]) < (b.b[0], b.b[1])


def join_ranges(text: str, atoms: list[Atom]) -> list[Atom]:
    """Join "A đến B" / "A - B" pairs into range atoms (in text order)."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b and a.weak and a.kind == "month" and b.kind == "school_year" and not text[a.end : b.start].strip():
            # "tháng 9 năm học 2021-2022": the month of that school year
            y1, y2 = b.a[0], b.b[0] if b.b else None
            y = y1 if a.a[1] >= P.SCHOOL_YEAR_START else y2
            out.append(replace(a, a=(y, a.a[1], None), weak=False))
            i += 1
            continue
        if b and _quarters(a, b) and P.RANGE_GAP.fullmatch(text, a.end, b.start):
            # "từ quý I/2025 đến quý IV/2025": from the first's start to the second's end
            out.append(Atom(a.start, b.end, "range", a.a, b.b))
            i += 2
            continue
        if b and _can_join(a, b) and P.RANGE_GAP.fullmatch(text, a.end, b.start):
            left = _carry(a.a, b.a)
            if left is not None:
                out.append(Atom(a.start, b.end, "range", left, b.a))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# -------------------------------------------------------------------- items


def _iso(parts: Parts) -> tuple[str | None, str | None]:
    """ISO value at the precision written, and a warning if impossible."""
    y, mo, d = parts
    if y is None:
        return None, "year not written"
    if d is not None and mo is not None:
        if d > calendar.monthrange(y, mo)[1]:
            return None, f"impossible date: day {d} of month {mo}/{y}"
        return f"{y:04d}-{mo:02d}-{d:02d}", None
    if mo is not None:
        return f"{y:04d}-{mo:02d}", None
    return f"{y:04d}", None


def _line_start(text: str, pos: int) -> int:
    return max(text.rfind("\n", max(0, pos - 80), pos) + 1, pos - 80, 0)


def _role(text: str, atom: Atom, kind: str) -> str | None:
    lo = _line_start(text, atom.start)
    if atom.words and kind in ("date", "month") and _is_header_date(text, lo, atom.start):
        return "issued"
    before = text[lo : atom.start].rstrip(P.WHITESPACE + ":").lower()
    if before.endswith(P.DEADLINE_ENDINGS) and P.DEADLINE_BEFORE.search(text, lo, atom.start):
        return "deadline"
    if kind != "date" and before.endswith(P.DEADLINE_MY_ENDINGS) and P.DEADLINE_MY_BEFORE.search(text, lo, atom.start):
        return "deadline"
    if kind != "range" and before.endswith(P.START_ENDINGS) and P.START_BEFORE.search(text, lo, atom.start):
        return "period_start"
    return None


def _is_header_date(text: str, lo: int, start: int) -> bool:
    """True for "<Place>, ngày …" (Nghị định 30/2020, Phụ lục I, I.4)."""
    if not text[lo:start].rstrip(" \t*_").endswith(","):
        return False  # cheap test first: PLACE_BEFORE backtracks over the line
    m = P.PLACE_BEFORE.search(text, lo, start)
    if not m:
        return False
    tokens = m.group("place").split()
    trailing = 0
    for tok in reversed(tokens):
        if not tok[0].isupper():
            break
        trailing += 1
    return trailing >= 1


def _recurrence(text: str, atom: Atom) -> str | None:
    m = P.RECURRENCE_AFTER.match(text, atom.end, min(len(text), atom.end + 40))
    if not m:
        lo = max(_line_start(text, atom.start), atom.start - 45)
        window = text[lo : atom.start].lower()
        if any(w in window for w in P.RECURRENCE_HEADS):
            m = P.RECURRENCE_BEFORE.search(text, lo, atom.start)
    return P.RECURRENCE.get(" ".join(m.group("w").lower().split())) if m else None


def _opened_start(text: str, atom: Atom) -> int:
    """Start of a range including its opener ("từ ngày 19/8 …")."""
    lo = max(0, atom.start - 15)
    if not _may_end_with(text, lo, atom.start, P.OPENER_ENDINGS, P.WHITESPACE + "("):
        return atom.start
    m = P.OPENER_BEFORE.search(text, lo, atom.start)
    return m.start() if m else atom.start


def to_item(text: str, atom: Atom) -> DateItem:
    """Turn a final atom into a ``DateItem`` with value, role and warnings."""
    value, warning = _iso(atom.a)
    end, start, kind = None, atom.start, atom.kind
    role = _role(text, atom, kind)
    if atom.b is not None:
        end, warning2 = _iso(atom.b)
        warning = warning or warning2
        opened = _opened_start(text, atom)
        if opened < start and kind == "range":
            start, role = opened, role or "period"
    recurrence = _recurrence(text, atom)
    if recurrence and role is None:
        role = "recurring"
    if warning == "year not written" and recurrence:
        warning = None
    return DateItem(
        text=text[start : atom.end], kind=kind, value=value, end=end,
        section=None, span=(start, atom.end), page=1,
        role=role, recurrence=recurrence, warning=warning,
    )


def find_dates(text: str, overlap: Callable[[list[Atom]], list[Atom]] = longest_first) -> list[DateItem]:
    """Every date, month, year, range and school year in ``text``, in order.

    Each item has ``span`` = [start, end) into ``text`` and ``text`` ==
    ``text[span]``; ``section`` is None and ``page`` 1 (the pipeline fills
    them). Impossible calendar dates keep their text with value None and a
    warning. ``overlap`` decides between overlapping matches.
    """
    if not text:
        return []
    atoms = borrow_years(text, join_ranges(text, overlap(find_atoms(text))))
    return [to_item(text, a) for a in atoms if not a.weak]


def borrow_years(text: str, atoms: list[Atom]) -> list[Atom]:
    """A day without a year takes the year of the next date of its list.

    "Chiều ngày 28/12 và cả ngày 29/12/2011": 2011-12-28; "ngày 30/12 và ngày
    02/01/2012": 2011-12-30 (a later month than the next date's is the year before).
    """
    out = list(atoms)
    for i in range(len(out) - 2, -1, -1):  # from the end: "ngày 26/12, 27/12 và 28/12/2011"
        a, b = out[i], out[i + 1]
        if (a.kind != "date" or a.b is not None or a.a[0] is not None or a.a[1] is None or a.weak
                or b.kind != "date" or b.b is not None or b.a[0] is None or b.a[1] is None
                or b.start - a.end > 40 or not P.LIST_GAP.fullmatch(text, a.end, b.start)):
            continue
        y = b.a[0] - 1 if a.a[1] > b.a[1] else b.a[0]
        out[i] = replace(a, a=(y, a.a[1], a.a[2]))
    return out


def deadline_for(span: tuple[int, int], dates: list[DateItem]) -> str | None:
    """The value of the first date with role ``deadline`` inside ``span``.

    ``dates`` are in text order, as ``find_dates`` returns them (found by
    bisection: a duty or target per call costs O(log n), not O(n)). For a
    range the end is the deadline. Returns None when the span holds no
    deadline (or only one whose value could not be parsed).
    """
    lo, hi = span
    i = bisect.bisect_left(dates, lo, key=_start_of)
    for j in range(i, len(dates)):
        item = dates[j]
        if item.span[0] >= hi:
            break
        if item.role == "deadline" and item.span[1] <= hi:
            return item.end or item.value
    return None


def _start_of(item: DateItem) -> int:
    return item.span[0]


def with_section(item: DateItem, section: str | None, page: int) -> DateItem:
    """A copy of ``item`` placed in ``section`` on ``page`` (for the pipeline)."""
    return replace(item, section=section, page=page)

"""Targets (chỉ tiêu): measurable commitments of a plan.

A target is a number with a unit — a percentage (``100%``, ``99,9 %``,
``98% trở lên``), a share (``5/5 đơn vị trường``, ``10/10 trường``) or a
count after a comparator or commitment word (``ít nhất 01 cuộc thi/năm``,
``đạt mức 7.000 đến 9.000 công dân``) — with what it measures (``metric``),
its direction (``comparator``: ``=``, ``>=``, ``<=``, ``~``, ``>``), the
deadline when the clause gives one, and the agency when the clause sits
under an agency heading or in a table row that names one.

Not targets: numbers in sections that describe the situation or past
results (titles in ``rules/targets.yaml``), clauses with past markers
(``đã đạt``), dates, section numbers, ordinal levels (``mức độ 3``), legal
references, and — in a Báo cáo — figures without a commitment cue.
Vietnamese number formats are read: ``7.000`` = 7000, ``99,9`` = 99.9.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from . import rules
from .patterns import NO_WORD_AFTER, phrases
from .agencies import SectionLookup
from .layout import NormText
from .models import Agency, DateItem, Section, Target

__all__ = ["find_targets", "parse_number"]


_NBL = r"(?<![A-Za-zÀ-ỹĐđ0-9/.,])"

# NUM: "7.000" | "2.491" | "99,9" | "1,23" | "100" | "01"
NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"


def parse_number(s: str) -> float | int:
    """Vietnamese number: "7.000" -> 7000, "99,9" -> 99.9, "01" -> 1."""
    s = s.strip().replace(".", "").replace(",", ".")
    v = float(s)
    return int(v) if v.is_integer() and "." not in s else v


@dataclass
class _Pats:
    pct: re.Pattern
    share: re.Pattern
    count: re.Pattern
    cmp_before: list[tuple[str, re.Pattern]]
    cmp_after: list[tuple[str, re.Pattern]]
    count_cue: re.Pattern
    not_after: re.Pattern
    non_target: tuple[str, ...]  # plain phrases, lower case
    past: re.Pattern
    commit: re.Pattern
    commit_words: tuple[str, ...]  # plain phrases, lower case
    report: re.Pattern
    title_lead: re.Pattern
    short_title: int


@cache
def _pats() -> _Pats:
    d = rules.load("targets")
    units = phrases(d["units"])
    per = rf"(?:\s*/\s*(?:0?1\s*)?(?P<per>{phrases(d['periods'])}){NO_WORD_AFTER})?"
    cmp_words = phrases([w for ws in d["comparator_before"].values() for w in ws])
    return _Pats(
        # PCT: "100%" | "99,9 %" | "100.%" | "từ 20 - 30%" | "95-98%"
        pct=re.compile(rf"""{_NBL}(?P<v>{NUM})
                            (?:\s*%?\s*(?:-|–|đến)\s*(?P<v2>{NUM}))?\s*\.?\s*%""", re.X),
        # SHARE: "5/5 đơn vị trường" | "10/10 trường" | "8/8 đơn vị"
        share=re.compile(rf"""{_NBL}(?P<v>{NUM})\s*/\s*(?P<total>{NUM})\s+(?P<unit>{units}){NO_WORD_AFTER}{per}""",
                         re.X | re.I),
        # COUNT: "01 cuộc thi/năm" | "7.000 đến 9.000 công dân" | "05 bộ dữ liệu"
        count=re.compile(rf"""{_NBL}(?P<v>{NUM})(?:\s*(?:-|–|đến)\s*(?P<v2>{NUM}))?\s+(?P<unit>{units}){NO_WORD_AFTER}{per}""",
                         re.X | re.I),
        cmp_before=[(c, re.compile(rf"(?:^|[\s(:])(?:{phrases(ws)})\s*(?:là\s*)?(?:mức\s*)?:?\s*$", re.I))
                    for c, ws in d["comparator_before"].items()],
        cmp_after=[(c, re.compile(rf"(?:{phrases(ws)}){NO_WORD_AFTER}", re.I)) for c, ws in d["comparator_after"].items()],
        count_cue=re.compile(rf"(?:^|\s)(?:{phrases(d['count_cues'])}|{cmp_words}){NO_WORD_AFTER}", re.I),
        not_after=re.compile(rf"(?:{phrases(d['not_after'])})\s*:?\s*$", re.I),
        non_target=tuple(w.lower() for w in d["non_target_sections"]),
        past=re.compile("|".join(d["past_markers"]), re.I),
        commit=re.compile("|".join(map(re.escape, d["commitment_cues"])), re.I),
        commit_words=tuple(w.lower() for w in d["commitment_cues"]),
        report=re.compile(rf"\W*(?:{phrases(d['report_titles'])})\W*$"),  # matched at a line start
        title_lead=re.compile(rf"^\W*(?:(?:{phrases(d['title_lead_words'])})\s+)?"),
        short_title=int(d["short_title_words"]),
    )


# ----------------------------------------------------------------- clauses


def _clause(text: str, ls: int, le: int, a: int, b: int) -> tuple[int, int]:
    """The clause around ``[a, b)`` within line ``[ls, le)``.

    Clauses end at ";", "." before a space, or ", " before another number
    ("5/5 đơn vị trường …, 100% CBQL …").
    """
    start = ls
    for m in re.finditer(r"[;]\s*|\.\s+|,\s+(?=(?:[^\W\d_]+\s+){0,2}\d)|:\s+(?=\d)", text[ls:a]):
        start = ls + m.end()
    end = le
    m = re.search(r";|\.(?:\s|$)|,\s+(?=(?:[^\W\d_]+\s+){0,2}\d+\s*(?:%|/))", text[b:le])
    if m:
        end = b + m.start()
    while start < a and text[start] in " -+*•–":
        start += 1
    return start, end


def _comparator(text: str, cs: int, a: int, b: int, ce: int, default: str = "=") -> str:
    p = _pats()
    before = text[max(cs, a - 30):a]
    for c, rx in p.cmp_before:
        if rx.search(before):
            return c
    after = text[b:ce]
    nxt = re.search(r"\d", after)
    after = after[: nxt.start()] if nxt else after
    for c, rx in p.cmp_after:
        if rx.search(after):
            return c
    return default


def _metric(text: str, cs: int, ce: int, a: int, b: int) -> str | None:
    """What the number measures: the clause without the number and cue words."""
    lead = text[cs:a]
    if len(re.sub(r"\W", "", lead)) <= 12 or re.match(r"^\s*(?:phấn đấu|chỉ đạo|tổ chức cho)?\s*$", lead, re.I):
        m = text[b:ce]
    else:
        m = lead
    m = re.sub(r"(?i)^\W*(?:phấn đấu|đạt|là|có)?\s*", "", m)
    m = re.sub(r"(?i)[\s:,]*(?:đạt\s+từ|đạt\s+mức|đạt|lên|là|từ|ít nhất|tối thiểu|khoảng|tỷ lệ)?[\s:,]*$", "", m)
    m = re.sub(r"(?i)^\s*(?:trở lên|trở xuống)\s*", "", m).strip(" ,:;-")
    return m or None


# ------------------------------------------------------------------ finding


def _excluded(sections: list[Section]) -> list[tuple[int, int]]:
    p = _pats()
    return [s.span for s in sections if _says_any(p.non_target, s.title)]


def _says_any(words: tuple[str, ...], title: str | None) -> bool:
    """Whether a section title is about one of the (lower-case) phrases.

    A short title may name it anywhere ("CƠ SỞ PHÁP LÝ VÀ THỰC TRẠNG"); a long one,
    a point written as a sentence, only at its start, after a lead word ("Một số
    kết quả đạt được"): "Chủ trì … trong tình hình mới …" is a duty, not the situation.
    """
    if not title:
        return False
    p = _pats()
    low = title.lower()
    if len(low.split()) <= p.short_title:
        return any(w in low for w in words)
    return p.title_lead.sub("", low, count=1).startswith(words)


def _is_report(norm: NormText) -> bool:
    p = _pats()
    for ln in norm.lines[:25]:
        if p.report.match(norm.text, ln.start, ln.end):
            return True
    return False


_SLASH_YEAR = re.compile(r"\s*/\s*\d{2,4}")  # "12/2024" after a number: a date, not a share


def _inside(spans, a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in spans)


def _deadline(text: str, dates: list[DateItem], cs: int, ce: int) -> str | None:
    for d in dates:
        if cs <= d.span[0] and d.span[1] <= ce:
            if d.role == "deadline" or re.search(r"(?i)(?:vào|đến|trước|trong|hết)\s*$", text[max(cs, d.span[0] - 12):d.span[0]]):
                return d.end if d.kind == "range" and d.end else d.value
    return None


# a footnote's text: "[2] Cụ thể: …", "[^3]: …"
_FOOTNOTE = re.compile(r"\s*\[\^?\d{1,3}\]")

# a number with its separators; finditer never starts inside one, so no look-behind is needed
_DIGITS = re.compile(r"[0-9](?:[0-9.,]*[0-9])?")


def _candidates(text: str, in_date=lambda a: False) -> list[tuple]:
    """(start, end, kind, match) of number expressions in the text, leftmost-longest.

    Patterns are tried only where a number starts (a fast digit scan), so
    the cost does not grow with the length of the prose around numbers.
    """
    p = _pats()
    found = []
    for d in _DIGITS.finditer(text):
        a = d.start()
        if a and text[a - 1] in "/.," or in_date(a):
            continue  # inside a number, or a date's day/month/year
        e = d.end()
        nxt = text[e:e + 1]
        # cheap tests first: a percentage has "%" close by, a share a "/", a
        # count a space or a range dash after the number ("29/8/2024" has none)
        tries = []
        if text.find("%", e, e + 40) >= 0:
            tries.append(("pct", p.pct))
        if text.find("/", e, e + 3) >= 0:
            tries.append(("share", p.share))
        if nxt in (" ", "-", "–"):
            tries.append(("count", p.count))
        for kind, rx in tries:
            m = rx.match(text, a)
            if m and "\n" not in m.group(0):
                found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda x: (x[0], -x[1]))
    out, last = [], -1
    for f in found:
        if f[0] >= last:
            out.append(f)
            last = f[1]
    return out


def find_targets(
    norm: NormText, sections: list[Section], dates: list[DateItem], agencies: list[Agency]
) -> list[Target]:
    """Measurable commitments, in reading order (see module docstring)."""
    p = _pats()
    text = norm.text
    dates = dates or []
    skip = _excluded(sections)
    report = _is_report(norm)
    date_spans: list[list[int]] = []  # the union of date spans, sorted and disjoint
    for x, y in sorted(d.span for d in dates):
        if date_spans and x <= date_spans[-1][1]:
            date_spans[-1][1] = max(date_spans[-1][1], y)
        else:
            date_spans.append([x, y])
    date_starts = [sp[0] for sp in date_spans]

    def in_date(a: int) -> bool:
        i = bisect.bisect_right(date_starts, a) - 1
        return i >= 0 and a < date_spans[i][1]

    owner_of = _owners(norm, sections, agencies)
    goals = [s.span for s in sections if _says_any(p.commit_words, s.title)]
    where = SectionLookup(sections)

    def in_goal(a: int) -> bool:
        """Inside a "Mục tiêu"/"Chỉ tiêu" section, a bare count is a target."""
        return _inside(goals, a, a + 1)

    out: list[Target] = []
    for a, b, kind, m in _candidates(text, in_date):
        li = norm.line_at(a)
        ln = norm.lines[li]
        if (ln.has("header") or ln.has("signer") or ln.has("footnote") or _inside(skip, ln.start, ln.start + 1)
                or _FOOTNOTE.match(text, ln.start, ln.end)):
            continue  # a footnote explains (figures of the past, sources); it commits to nothing
        if True:
            if in_date(a) or _SLASH_YEAR.match(text, b, b + 6):
                continue
            if kind != "pct" and p.not_after.search(text[max(ln.start, a - 15):a]):
                continue
            cs, ce = _clause(text, ln.start, ln.end, a, b)
            clause = text[cs:ce]
            if p.past.search(clause) or (report and not p.commit.search(text[ln.start:ln.end])):
                continue
            if kind == "count" and not (in_goal(a) or p.count_cue.search(text[cs:a]) or _comparator(text, cs, a, b, ce, "") != ""):
                continue
            t = _target(norm, text, kind, m, a, b, cs, ce, dates)
            t.section = where.at(a)
            t.agency = owner_of(li, a, b)
            hit = norm.cell_at(a)  # the cell of the number, where the clause may start before it
            if hit:
                t.table, t.cell = hit
            out.append(t)
    return out


def _target(norm, text, kind, m, a, b, cs, ce, dates) -> Target:
    v = parse_number(m.group("v"))
    v2 = parse_number(m.group("v2")) if "v2" in m.re.groupindex and m.group("v2") else None
    if kind == "pct":
        unit = "%"
    else:
        unit = re.sub(r"\s+", " ", m.group("unit")).lower()
        if m.group("per"):
            unit = f"{unit}/{m.group('per').lower()}"
    cmp = _comparator(text, cs, a, b, ce)
    return Target(
        text=text[cs:ce].strip(), metric=_metric(text, cs, ce, a, b), value=v, value_max=v2,
        unit=unit, comparator=cmp, deadline=_deadline(text, dates, cs, ce),
        span=(cs, ce), page=norm.page_at(a),
    )


def _owners(norm: NormText, sections: list[Section], agencies: list[Agency]):
    """Agency for a target: a role cell of its table row, else its section's heading agency."""
    if not agencies:
        return lambda li, a, b: None
    from .duties import agency_headings

    idx, found = agency_headings(norm, sections, agencies)
    heads = [(s, h[0][0][2]) for s, h in found]

    def owner(li: int, a: int, b: int) -> str | None:
        ln = norm.lines[li]
        if ln.kind == "table_row":
            ms = [m for m in idx.within(ln.start, ln.end) if m[0] >= b]
            if ms:
                return ms[0][2]
        best = None
        for s, name in heads:
            if s.span[0] <= a < s.span[1] and (best is None or s.level > best[0].level):
                best = (s, name)
        return best[1] if best else None

    return owner

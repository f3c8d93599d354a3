"""Find the documents a text cites (Luật, Nghị định, Quyết định, Công văn …).

Stages (after eyecite: find → resolve):

1. *hits*: every document number in an official notation (state
   ``24/2023/TT-BGDĐT``, ``1373/QĐ-TTg``, ``5973/UBND-KT``; Party
   ``49-KL/TW``) with the type word before it, the date after it
   (``issued_date``), the issuer after "của" and the title (trích yếu);
   laws cited by name (``Luật Du lịch``); quoted named documents.
2. *resolve*: hits of one document merge into one ``LegalReference``
   (same id and compatible dates; ``09/NQ-HĐND`` of 2023 joins
   ``09/2023/NQ-HĐND``; a law's name joins its number).
3. *short mentions*: ``Thông tư 24 và 25`` attach to the full entries.

The document's own number (``own_number`` or a header "Số: …") is skipped.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from . import legal_patterns as L
from . import rules
from .models import DateItem, LegalReference, Mention

__all__ = ["find_legal_refs", "parse_number"]


@dataclass
class Hit:
    """One mention of a cited document, before resolution."""

    start: int
    end: int
    id: str
    number: str | None = None
    year: str | None = None
    symbol: str | None = None
    type: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    party: bool = False
    issued_date: str | None = None
    issuer_written: str | None = None
    title: str | None = None
    name: str | None = None
    reach: int = 0  # end of the title (or of the hit): quoted names inside are titles
    mentions: list[tuple[int, int]] = field(default_factory=list)


# ----------------------------------------------------------------- numbers


def _valid_part(part: str) -> bool:
    """A symbol part is mostly capitals: "QĐ", "TTg", "SNgV"; not "Sở"."""
    caps = sum(1 for c in part if c.isupper() or c.isdigit() or c == "&")
    return caps >= 2 and len(part) - caps <= 2


_PART_SEP = re.compile(r"[ \t]*-[ \t]*")


@functools.lru_cache(maxsize=4096)
def _parts(sym: str) -> tuple[str, ...]:
    """The valid parts of a symbol as written ("KH- UBND" -> ("KH", "UBND")); cached."""
    out = []
    for p in _PART_SEP.split(sym):
        if not p:
            continue
        if not _valid_part(p):
            break
        out.append(p)
    return tuple(out)


def _state(m: re.Match, cue: bool) -> Hit | None:
    parts = _parts(m.group("sym"))
    if not parts:
        return None
    year = m.group("year")
    tc = L.type_code(parts[0])
    if tc and tc in L.TYPE_BY_CODE and (len(parts) >= 2 or cue):
        joint = tc in ("TTLT", "NQLT")
        rest = [L.issuer_code(p) for p in parts[1:]]
        issuer = "-".join(rest) if joint else (rest[0] if rest else None)
        symbol = "-".join([tc, *rest])
    elif cue or year or L.looks_like_issuer(parts[0]):
        tc, rest = None, [L.issuer_code(p) for p in parts]
        issuer, symbol = rest[0], "-".join(rest)
    else:
        return None
    num = m.group("num")
    ident = "/".join(x for x in (num, year, symbol) if x)
    return Hit(m.start("num"), m.end(), ident, num, year, symbol, None, tc, issuer)


def _party(m: re.Match, cue: bool) -> Hit | None:
    tc = L.type_code(m.group("type"))
    org = [L.issuer_code(p) for p in _parts(m.group("org"))]
    if not tc or tc not in L.PARTY_TYPE_BY_CODE or not org:
        return None
    num, issuer = m.group("num"), "-".join(org)
    ident = f"{num}-{tc}/{issuer}"
    return Hit(m.start("num"), m.end(), ident, num, None, f"{tc}/{issuer}",
               L.PARTY_TYPE_BY_CODE[tc], tc, issuer, party=True)


def parse_number(s: str) -> Hit | None:
    """Parse one number/symbol as written ("Số 74 /KH-UBND") into a ``Hit``."""
    for pattern, build in ((L.PARTY_NUMBER, _party), (L.STATE_NUMBER, _state)):
        m = pattern.search(s)
        if m:
            hit = build(m, True)
            if hit:
                return hit
    return None


def _type_of(hit: Hit, word: str | None) -> str | None:
    """Type from the code ("QĐ" -> Quyết định), else the word before, else Công văn."""
    if hit.type:
        return hit.type
    if hit.type_code:
        return L.TYPE_BY_CODE.get(hit.type_code)
    gives = L.TYPE_BY_NAME.get(word.lower(), (None, None))[0] if word else None
    if gives:
        return gives
    return None if hit.year else "Công văn"


def near(text: str, needle: str, before: int, after: int) -> list[tuple[int, int]]:
    """Windows ``[i - before, i + after)`` around each ``needle``, merged, in order."""
    out: list[tuple[int, int]] = []
    i, n = text.find(needle), len(text)
    while i >= 0:
        lo, hi = max(0, i - before), min(n, i + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
        i = text.find(needle, i + 1)
    return out


def finditer_in(pattern: re.Pattern, text: str, windows: list[tuple[int, int]]):
    """``pattern.finditer`` over each window (look-behinds still see the text before)."""
    for lo, hi in windows:
        yield from pattern.finditer(text, lo, hi)


def _number_hits(text: str) -> list[Hit]:
    """Every document number in ``text`` (state and Party), in order.

    Every number holds a "/" (``1373/QĐ-TTg``, ``49-KL/TW``), so the
    patterns run only in windows around the slashes (the same matches as a
    scan of the whole text, see ``L.SLASH_BEFORE``).
    """
    found: list[tuple[int, Hit]] = []
    windows = near(text, "/", L.SLASH_BEFORE, L.SLASH_AFTER)
    for pattern, build in ((L.PARTY_NUMBER, _party), (L.STATE_NUMBER, _state)):
        for m in finditer_in(pattern, text, windows):
            lo = max(0, m.start() - 40)
            word = L.TYPE_BEFORE.search(text, lo, m.start())
            cue = bool(word) or bool(L.CUE_BEFORE.search(text, lo, m.start()))
            hit = build(m, cue)
            if hit:
                hit.type = _type_of(hit, word.group("type") if word else None)
                found.append((hit.start, hit))
    found.sort(key=lambda x: x[0])
    out: list[Hit] = []
    for _, hit in found:
        if not out or hit.start >= out[-1].end:
            out.append(hit)
    return out


# ------------------------------------------------------------ context after


def _date_after(text: str, pos: int, dates: list[DateItem], starts: list[int]) -> DateItem | None:
    i = bisect.bisect_left(starts, pos)
    if i < len(dates) and dates[i].span[0] - pos <= 30:
        d = dates[i]
        if L.DATE_GAP.fullmatch(text, pos, d.span[0]) and d.kind in ("date", "month"):
            return d
    return None


def _context(text: str, hit: Hit, dates: list[DateItem], starts: list[int]) -> None:
    """Fill issued date, issuer and title from the words after the number."""
    pos = hit.end
    d = _date_after(text, pos, dates, starts)
    if d is not None:
        hit.issued_date, pos = d.value, d.span[1]
    m = L.ISSUER_AFTER.match(text, pos, min(len(text), pos + 200))
    if m:
        hit.issuer_written = " ".join(m.group("issuer").split())
        pos = m.end()
    t = L.TITLE_AFTER.match(text, pos, min(len(text), pos + 400))
    if t:
        hit.title = " ".join(t.group("title").split()).strip(" ,")
        pos = t.end()
    hit.reach = pos


# ---------------------------------------------------------------- by name


def _law_name(text: str, m: re.Match) -> tuple[str, int] | None:
    """The name of a law cited by name, and where it ends (or None)."""
    tokens = list(re.finditer(r"\S+", m.group("rest")))
    kept = []
    for i, tok in enumerate(tokens):
        w = tok.group()
        pair = f"{w} {tokens[i + 1].group()}" if i + 1 < len(tokens) else w
        if i == 0 and w.lower() in L.NAME_REJECT:
            return None
        if i > 0 and (L.NAME_STOP.match(w) or L.NAME_STOP.match(pair)):
            break
        if w[0].isdigit() or (i == 0 and L.NAME_STOP.match(w)):
            break
        kept.append(tok)
    if not kept and m.group("kind") != "Hiến pháp":
        return None
    end = m.start("rest") + kept[-1].end() if kept else m.end("kind")
    tail = L.NAME_COMMA_TAIL.match(text, end) if 0 < len(kept) <= 2 else None
    if tail:
        words = list(re.finditer(r"\S+", tail.group("tail")))
        cut = next((w for w in words if L.NAME_STOP.match(w.group())), None)
        if cut is None or cut is not words[0]:
            end = tail.start("tail") + (cut.start() if cut else words[-1].end())
            end = len(text[:end].rstrip())
    return " ".join(text[m.start() : end].split()), end


def _named_hits(text: str, numbers: list[Hit], dates, starts) -> list[Hit]:
    """Laws cited by name; a name followed by a number names that number."""
    by_start = {h.start: h for h in numbers}
    out = []
    for m in L.NAMED_LAW.finditer(text):
        got = _law_name(text, m)
        if got is None:
            continue
        name, end = got
        gap = L.NUMBER_AFTER_NAME.match(text, end)
        numbered = by_start.get(gap.end()) if gap else None
        if numbered is not None:
            numbered.name, numbered.type = name, m.group("kind")
            numbered.mentions = [(m.start(), numbered.end)]
            continue
        y = L.NAME_YEAR.match(text, end)
        ident = f"{name} năm {y.group('y')}" if y else name
        hit = Hit(m.start(), y.end() if y else end, ident, type=m.group("kind"), name=name)
        hit.year = y.group("y") if y else None
        _context(text, hit, dates, starts)
        out.append(hit)
    return out


def _standard_hits(text: str) -> list[Hit]:
    """National standards and technical regulations: "TCVN 14423:2025", "QCVN 01:2021/BXD"."""
    if not any(code in text for code in L.STANDARDS):  # (a cheap test before the scan)
        return []
    out = []
    for m in L.STANDARD.finditer(text):
        code, num, year, iss = m.group("code"), m.group("num"), m.group("year"), m.group("iss")
        ident = f"{code} {num}:{year}" + (f"/{iss}" if iss else "")
        out.append(Hit(m.start(), m.end(), ident, number=num, year=year, type=L.STANDARDS[code],
                       type_code=code, issuer_code=iss))
    return out


def _quoted_hits(text: str, numbers: list[Hit]) -> list[Hit]:
    """Đề án “…” / Chương trình “…” cited on their own (not in a title)."""
    reach = sorted((h.start, h.reach) for h in numbers)
    out = []
    for m in L.QUOTED_NAMED.finditer(text):
        i = bisect.bisect_right(reach, (m.start(), 1 << 60)) - 1
        if i >= 0 and reach[i][1] >= m.start():
            continue
        kind = m.group("kind")
        ident = f"{kind} {m.group('quote')}"
        code = L.TYPE_BY_NAME.get(kind.lower(), (kind, None))[1]
        out.append(Hit(m.start(), m.end(), ident, type=kind, type_code=code, name=ident))
    return out


# ---------------------------------------------------------------- resolve


def _compatible(a: Hit, b: Hit) -> bool:
    return a.issued_date is None or b.issued_date is None or a.issued_date == b.issued_date


def _absorb(into: Hit, other: Hit) -> None:
    for f in ("year", "type", "type_code", "issuer_code", "issued_date",
              "issuer_written", "title", "name", "number", "symbol"):
        if getattr(into, f) is None and getattr(other, f) is not None:
            setattr(into, f, getattr(other, f))
    into.party = into.party or other.party
    into.reach = max(into.reach, other.reach)
    into.mentions.extend(other.mentions or [(other.start, other.end)])


def _law_key(h: Hit) -> str | None:
    return h.name.casefold() if h.name and h.type in L.NAMED_TYPES else None


def resolve(hits: list[Hit]) -> list[Hit]:
    """Merge hits of one document into one entry each (first mention first)."""
    entries: list[Hit] = []
    by_id: dict[str, list[Hit]] = {}
    by_law: dict[str, Hit] = {}
    for h in sorted(hits, key=lambda h: (h.number is None, h.start)):
        same = by_law.get(_law_key(h) or "") if h.number is None else None
        same = same or next((e for e in by_id.get(h.id, []) if _compatible(e, h)), None)
        if same is None:
            same = Hit(h.start, h.end, h.id)
            entries.append(same)
            by_id.setdefault(h.id, []).append(same)
        _absorb(same, h)
        if _law_key(same):
            by_law.setdefault(_law_key(same), same)
    return _merge_years(entries)


def _merge_years(entries: list[Hit]) -> list[Hit]:
    """``09/NQ-HĐND`` (2023) joins ``09/2023/NQ-HĐND``: same number and symbol."""
    with_year = {(e.number, e.symbol): e for e in entries if e.year and e.number}
    out = []
    for e in entries:
        full = with_year.get((e.number, e.symbol)) if not e.year and e.number else None
        if full is not None and (e.issued_date is None or e.issued_date[:4] == full.year):
            if _compatible(full, e):
                _absorb(full, e)
                continue
        out.append(e)
    return out


def _attach_short(text: str, entries: list[Hit], taken: list[tuple[int, int]]) -> None:
    """"Thông tư 24 và 25 của Bộ GDĐT" -> mentions of the full entries."""
    index: dict[tuple[str, str], list[Hit]] = {}
    for e in entries:
        if e.type and e.number:
            index.setdefault((e.type.lower(), e.number), []).append(e)
    if not index:
        return
    known = {n for _, n in index}
    starts = sorted(taken)
    for m in L.SHORT_REF.finditer(text):
        nums = m.group("nums")
        # most numbers are counts ("45%", "năm 2024"): cheap tests first (a
        # known number, the word before), then the full pattern
        if nums not in known and (nums.isdecimal() or not any(n in known for n in L.SHORT_NUM.findall(nums))):
            continue
        lo = max(0, m.start() - 30)
        if not text[lo : m.start()].rstrip(" \t").lower().endswith(L.SHORT_TYPE_ENDINGS):
            continue
        i = bisect.bisect_right(starts, (m.end(), 0)) - 1
        if i >= 0 and starts[i][1] > m.start():
            continue
        t = L.SHORT_TYPE_BEFORE.search(text, lo, m.start())
        if t is None:
            continue
        gives = L.TYPE_BY_NAME.get(" ".join(t.group("type").lower().split()), (None, None))[0]
        for n in L.SHORT_NUM.finditer(m.group("nums")):
            found = index.get(((gives or "").lower(), n.group()), [])
            if len({e.id for e in found}) == 1:
                s = m.start("nums") + n.start()
                found[0].mentions.append((t.start() if n.start() == 0 else s, s + len(n.group())))


# ------------------------------------------------------------------ output


_EXPANSIONS = rules.load("abbreviations")["expansions"]
_ABBR = re.compile(
    r"(?<![\w&])(" + "|".join(re.escape(k) for k in sorted(_EXPANSIONS, key=len, reverse=True)) + r")(?![\w&])"
)


def _issuer(h: Hit) -> str | None:
    """Canonical issuer: the code's name when it names one body, else as written."""
    if h.issuer_code and not h.party and L.is_central(h.issuer_code.split("-")[0]):
        return L.issuer_name(h.issuer_code.split("-")[0], False)
    if h.issuer_written:
        return _ABBR.sub(lambda m: _EXPANSIONS[m.group(1)], h.issuer_written)
    if h.issuer_code:
        return L.issuer_name(h.issuer_code.split("-")[0], h.party)
    return None


def to_reference(h: Hit) -> LegalReference:
    """The output model of a resolved entry (mentions in text order)."""
    spans = sorted(set(h.mentions or [(h.start, h.end)]))
    return LegalReference(
        id=h.id, type=h.type, type_code=h.type_code, number=h.number, year=h.year,
        issuer_code=h.issuer_code, issued_date=h.issued_date, issuer=_issuer(h),
        title=h.title, mentions=[Mention(span=s, section=None, page=1) for s in spans],
        symbol=h.symbol, issuer_written=h.issuer_written, name=h.name,
    )


def _is_own(text: str, h: Hit, own: Hit | None) -> bool:
    if own is not None and (h.id == own.id or (h.number, h.symbol) == (own.number, own.symbol)):
        return True
    return bool(L.OWN_BEFORE.search(text, max(0, h.start - 12), h.start))


def find_legal_refs(text: str, dates: list[DateItem], own_number: str | None = None) -> list[LegalReference]:
    """Every document cited in ``text``, once each, with all its mentions.

    ``dates`` is ``find_dates(text)`` (used for issued dates); ``own_number``
    the document's own number/symbol, never reported. Mentions carry spans
    into ``text``; ``section`` None and ``page`` 1 (the pipeline fills them).
    """
    if not text:
        return []
    own = parse_number(own_number) if own_number else None
    dates = sorted(dates, key=lambda d: d.span[0])
    starts = [d.span[0] for d in dates]
    standards = _standard_hits(text)
    numbers = [h for h in _number_hits(text) if not _is_own(text, h, own)
               and not any(sd.start <= h.start < sd.end for sd in standards)]  # "QCVN 01:2021/BXD"
    for h in numbers:
        h.mentions.append((h.start, h.end))
        _context(text, h, dates, starts)
    named = _named_hits(text, numbers, dates, starts)
    quoted = _quoted_hits(text, numbers)
    entries = resolve(numbers + named + quoted + standards)
    _attach_short(text, entries, [(h.start, h.end) for h in numbers])
    entries.sort(key=lambda e: min(e.mentions)[0] if e.mentions else e.start)
    return [to_reference(e) for e in entries]

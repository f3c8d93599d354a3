"""Patterns that find agency mentions: the gazetteer compiled once.

Conventions (as in eyecite's ``regexes.py``): verbose regexes, named groups,
longer alternatives first, a real example on each branch. Word lists come
from ``rules/agencies.yaml`` and ``rules/abbreviations.yaml``; nothing here
names a particular agency.

A mention is read as ``HEAD [NAME] [LEVEL [LOCALITY]]`` or as a collective
``các NOUN(, NOUN)* [TAIL]``::

    Phòng Giáo dục và Đào tạo huyện      head=Phòng name=Giáo dục và Đào tạo level=huyện
    UBND phường Chi Lăng                 head=UBND level=phường locality=Chi Lăng
    Hội Khuyến học các xã, thị trấn      head=Hội Khuyến học + collective levels
    các cơ quan, đơn vị có liên quan     collective
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from . import rules
from .patterns import NO_WORD_AFTER, NO_WORD_BEFORE, lowered

#: a Vietnamese letter (NFC, any case), and the upper-case ones
L = r"A-Za-zÀ-ỹĐđ"
UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha()}))
U = f"[{re.escape(UPPER)}]"
_WB_L = NO_WORD_BEFORE  # no letter/digit before
_WB_R = NO_WORD_AFTER  # no letter/digit after


def _alt(words: list[str], fold: bool = False) -> str:
    """Alternation of literal words as a trie regex, spaces as ``\\s+``.

    Common prefixes are factored ("Sở|Sở Giáo dục" -> "Sở(?:\\s+Giáo dục)?")
    so Python's backtracking engine tests each position in a few steps
    instead of once per word; longer words still win (greedy, longest first).
    With ``fold`` the trie is built on lower case (for ``re.I`` patterns).
    """
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in (w.lower() if fold else w):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_re(trie)


def _trie_re(node: dict) -> str:
    end = "" in node
    alts = []
    for ch in sorted(k for k in node if k):
        sub = _trie_re(node[ch])
        piece = r"\s+" if ch == " " else re.escape(ch)
        alts.append(piece + sub)
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if end:
        return "(?:" + body + ")?"
    return body


_SEP = r"(?:\s*[-–,&]\s*|\s+)"


def _flex(name: str) -> str:
    """A name body with flexible dashes/commas and an optional "và".

    "Văn hóa - Xã hội" ~ "Văn hóa xã hội"; "Giáo dục và Đào tạo" ~ "Giáo dục
    Đào tạo" (lists written in a hurry: "Giám đốc các Sở: Giáo dục Đào tạo").
    """
    parts = [p for p in re.split(r"\s*[-–,]\s*|\s+", name) if p]
    out = re.escape(parts[0])
    for p in parts[1:]:
        out += f"(?:{_SEP}và)?" if p == "và" else _SEP + re.escape(p)
    return out


@dataclass
class RawMention:
    """One agency mention before merging."""

    start: int
    end: int
    written: str
    name: str  # canonical: abbreviations expanded, sentence case
    kind: str
    level: str | None = None
    locality: str | None = None
    collective: bool = False
    bare: bool = False  # the head alone, no name or level ("Công an", "Thanh tra")
    tail: str = ""  # a collective level after the name ("các huyện, thị xã"), shared by a list
    dist: bool = False  # one name of a distributed list ("Các Bộ: Tài chính, …")


@dataclass
class _Gazetteer:
    head_re: re.Pattern
    heads: dict[str, dict]  # lower(head) -> record
    name_re: dict[str, re.Pattern]
    level_re: re.Pattern
    coll_re: re.Pattern
    counted_re: re.Pattern
    ubnd_coll_re: re.Pattern
    post_re: re.Pattern
    not_after: re.Pattern
    expansions: dict[str, str]
    abbr_re: re.Pattern
    level_words: set[str]
    level_canonical: dict[str, str]
    head_lower: set[str]
    dist_re: re.Pattern
    dist_heads: dict[str, dict]
    needs_tail: set[str]
    head_first: frozenset[str]  # first words (lower case) of heads, where a head can start
    coll_first: frozenset[str]  # first words of collective lead words ("các", "toàn thể", …)
    coll_after: frozenset[str]  # last words of posts a collective may follow without "các"
    start_re: re.Pattern  # any of the first words above, in its usual casings, or a small number
    caps_compounds: frozenset[tuple[str, str]]  # (word before, head's first syllable) in lower case


class _LazyPatterns(dict):
    """Patterns by key, compiled on first use (most documents need a few of many).

    ``get(key)`` returns the compiled pattern, or None for an unknown key.
    """

    def __init__(self, sources: dict[str, tuple[str, int]]):
        super().__init__()
        self._sources = sources

    def get(self, key: str, default=None):  # type: ignore[override]
        rx = dict.get(self, key)
        if rx is None:
            src = self._sources.get(key)
            if src is None:
                return default
            rx = self[key] = re.compile(*src)
        return rx


@cache
def gazetteer() -> _Gazetteer:
    """Compile the gazetteer once (cached)."""
    data = rules.load("agencies")
    abbr = rules.load("abbreviations")["expansions"]
    heads = {h["head"].lower(): h for h in data["heads"]}
    # HEAD: "Ủy ban nhân dân" | "UBND" | "Sở" | "Phòng" | ... (longest first)
    head_re = re.compile(rf"{_WB_L}(?P<head>{_alt([h['head'] for h in data['heads']], fold=True)}){_WB_R}", re.I)
    # NAME: "Giáo dục và Đào tạo" | "Văn hóa - Xã hội" | ... (flexible punctuation)
    # NAME regexes grouped by first word, so a head tries only the few names
    # that can follow it ("Giáo dục và Đào tạo" | "Giáo dục - Đào tạo" for "giáo")
    by_first: dict[str, list[str]] = {}
    for n in sorted(set(data["names"]), key=len, reverse=True):
        by_first.setdefault(n.split()[0].lower(), []).append(_flex(n))
    name_re = _LazyPatterns({w: (rf"\s+(?P<name>{'|'.join(ps)}){_WB_R}", re.I) for w, ps in by_first.items()})
    levels = data["levels"]
    # LEVEL [LOCALITY]: "huyện" | "phường Chi Lăng" | "tỉnh Ninh Bình" | "Thành phố"
    level_re = re.compile(
        rf"""\s+(?:(?P<branch>(?i:{_alt(data.get("branch_words", []), fold=True)}))\s+)?
             (?:(?P<level>(?i:{_alt(levels, fold=True)}(?:(?:\s*,\s*|\s+và\s+)(?:{_alt(levels, fold=True)}))*)){_WB_R}
             (?P<loc>(?:\s+(?!(?:{_alt(list(heads))}){_WB_R}){U}[{L}]*){{0,4}})
             # a numbered region: "khu vực XI", "khu vực 8", "cơ sở 3"
             |(?P<region>(?i:{_alt(data.get("regions", []), fold=True)}))\s+(?P<num>[IVXL]{{1,6}}|\d{{1,2}}){_WB_R})""",
        re.X,
    )
    c = data["collective"]
    item = rf"(?:\d+\s+)?(?:{_alt(c['items'] + c['first'], fold=True)})"
    # COLLECTIVE: "các cơ quan, đơn vị có liên quan" | "các phòng, ban ngành, đoàn thể"
    #             "Các sở, ban, ngành của tỉnh" | "các ban, ngành và 3 khóm"
    coll_re = re.compile(
        rf"""(?:{_WB_L}(?P<lead>{_alt(c['lead_words'], fold=True)})\s+
                |(?<=hủ\ trưởng\ )|(?<=đứng\ đầu\ ))  # "Thủ trưởng cơ quan, đơn vị có liên quan"
             (?P<first>{_alt(c['first'], fold=True)}){_WB_R}
             (?P<more>(?:(?:\s*,\s*|\s*/\s*|\s+|\s+và\s+(?={_alt(c['needs_tail'] + c.get('and_items', []), fold=True)}))
                        {item}{_WB_R})*)
             (?P<tail>(?:\s*,?\s+(?:{_alt(c['tails'], fold=True)}){_WB_R})*)""",
        re.X | re.I,
    )
    # COUNTED: "3 khóm" (residential units named by count in a list of addressees)
    counted_re = re.compile(rf"(?<![\d/,.])\d{{1,3}}\s+(?:{_alt(c['counted'], fold=True)}){_WB_R}", re.I)
    ub = c["ubnd_items"]
    # after an UBND-like head: "các xã, thị trấn" | "cấp xã" | "các huyện, thành phố" | "các cấp"
    #   "Quản lý thị trường tại các huyện, thị xã" (the body at each place)
    name = rf"{U}[{L}]*(?:[ \t]+{U}[{L}]*)*"  # a place name: capitalised syllables
    ubnd_coll_re = re.compile(
        rf"""\s+(?:(?:và\s+|tại\s+)?các\s+(?:{_alt(ub)})(?:(?:\s*,\s*|\s+và\s+)(?:{_alt(ub)}))*{_WB_R}
                (?:[ \t]*:[ \t]*{name}(?:(?:[ \t]*,[ \t]*|[ \t]+và[ \t]+){name})+(?=[ \t]*(?:[;.)\n]|$)))?
                  # "các xã: Gia Thuận, Tân Điền và Tân Phú Đông" (a list of two or more names)
              |cấp\s+(?:{_alt(ub)}){_WB_R}
              |\d{{1,3}}\s+(?:{_alt(ub)}){_WB_R}      # "04 xã: Gia Thuận, Tân Điền": counted, then named
                (?:\s*:\s*{U}[{L}]*(?:\s+{U}[{L}]*)*(?:\s*,\s*{U}[{L}]*(?:\s+{U}[{L}]*)*)*)?
              |các\s+cấp{_WB_R})""",  # "và" splits: "các ban, ngành | và 3 khóm"
        re.X,
    )
    dd = data["distributed"]
    # DISTRIBUTED: "Các Bộ, cơ quan: Tài chính, …" | "các Sở: Tư pháp, …" (the names follow)
    dist_re = re.compile(
        rf"""{_WB_L}[cC]ác\s+(?P<head>{_alt(dd['heads'])}){_WB_R}
             (?:\s*,\s*(?:{_alt(dd['fillers'], fold=True)}){_WB_R})*\s*:[ \t]*(?={U})""",
        re.X,
    )
    # POST: "Phó Chủ tịch Thường trực" | "Giám đốc" | "Thủ trưởng"
    post_re = re.compile(rf"{_WB_L}(?P<post>{_alt(data['posts'])}){_WB_R}")
    not_after = re.compile(rf"\s*(?:,|(?:{_alt(data['not_after_head'], fold=True)}){_WB_R})", re.I)
    abbr_re = re.compile(rf"{_WB_L}(?:{_alt(list(abbr))})(?![{L}0-9&])")
    lc = {k.lower(): v for k, v in data.get("level_canonical", {}).items()}
    head_first = frozenset(h.split()[0].lower() for h in heads)
    coll_first = frozenset(w.split()[0].lower() for w in c["lead_words"])
    coll_after = frozenset({"trưởng", "đầu"})  # "Thủ trưởng", "Người đứng đầu" (see coll_re)
    assert not (head_first & coll_first) and not (head_first & coll_after), "start words must be of one kind"

    def casings(words) -> list[str]:
        return sorted({v for w in words for v in (w, w.upper(), w[:1].upper() + w[1:])})

    head_casings = set(casings(head_first)) | {h["head"].split()[0] for h in data["heads"]}  # "UBND", "MTTQ"
    next_ok = _next_words(data["heads"], coll_first | coll_after)
    seconds = sorted(set().union(*next_ok.values()))
    # what may follow a collective's lead word: its noun ("các | cơ quan"), a distributed
    # head ("các | Bộ, cơ quan:") or the rest of the lead ("toàn | thể các")
    coll_next = {w.split()[0] for w in c["first"] + dd["heads"]} | {
        w.split()[1] for w in c["lead_words"] if len(w.split()) > 1}
    # START, one group per kind of pattern that can begin at a word:
    #   counted "3 | khóm" · collective "các | cơ quan" · after a post "Thủ trưởng | cơ quan"
    #   head "Sở", "UBND" · a lower-case head that needs a name only before a capital or
    #   the rest of a longer head ("phòng Tư pháp", "ban chỉ đạo"; not "phòng họp", "nhiệm vụ")
    # (a look-ahead for the possible first characters comes first: most positions
    # fail there at once, which makes the scan about twice as fast)
    words = [*casings(coll_first), *casings(coll_after), *head_casings, *next_ok]
    firsts = {ch for w in words for ch in (w[:1], w[:1].lower(), w[:1].upper())}
    first_class = "".join(sorted(re.escape(ch) for ch in firsts if ch))
    start_re = re.compile(
        rf"""(?=[0-9{first_class}]){_WB_L}(?:(?P<count>\d{{1,3}})(?=\s+(?i:{_alt(c['counted'], fold=True)}){_WB_R})
            |(?P<coll>{_alt(casings(coll_first))}){_WB_R}(?=\s+(?i:{_alt(sorted(coll_next), fold=True)}){_WB_R})
            |(?P<after>{_alt(casings(coll_after))})(?=\ (?i:{_alt(sorted(coll_next), fold=True)}){_WB_R})
            |(?P<head>{_alt(sorted(head_casings - set(next_ok)))}){_WB_R}
            |(?P<lhead>{_alt(sorted(next_ok))}){_WB_R}(?=[\ \t]+(?:{U}|(?i:{_alt(seconds, fold=True)}){_WB_R})))""",
        re.X,
    )
    return _Gazetteer(
        head_re, heads, name_re, level_re, coll_re, counted_re, ubnd_coll_re, post_re, not_after,
        abbr, abbr_re, {lv.lower() for lv in levels}, lc, set(heads),
        dist_re, {h.lower(): heads[h.lower()] for h in dd["heads"] if h.lower() in heads}, set(c.get("needs_tail", [])),
        head_first, coll_first, coll_after, start_re,
        frozenset((w.lower(), str(h).lower()) for h, ws in data.get("caps_compounds_before_head", {}).items()
                  for w in ws),
    )


def _next_words(heads: list[dict], keep: frozenset[str]) -> dict[str, frozenset[str]]:
    """Lower-case first words of heads that need a name, with the words that continue a longer head.

    Such a head is read only before a capitalised name ("phòng Tư pháp", not
    "phòng họp", "nhiệm vụ xây dựng", "tiến bộ khoa học") or as part of a
    longer head ("ban chỉ đạo"). First words that can stand alone are not listed.
    """
    by_first: dict[str, list[dict]] = {}
    for h in heads:
        by_first.setdefault(h["head"].split()[0].lower(), []).append(h)
    out: dict[str, frozenset[str]] = {}
    for w, recs in by_first.items():
        if w in keep or any(r["name"] == "none" and r["head"][:1].islower() for r in recs):
            continue
        if any(r["name"] == "none" and len(r["head"].split()) == 1 for r in recs):
            continue
        out[w] = frozenset(r["head"].split()[1].lower() for r in recs if len(r["head"].split()) > 1)
    return out


# ------------------------------------------------------------------ casing


def expand(text: str) -> str:
    """Expand abbreviations word by word: "Phòng GDĐT" -> "Phòng Giáo dục và Đào tạo"."""
    if not _TWO_CAPS.search(text):
        return text  # every abbreviation has two capitals in a row ("UB", "GD&ĐT")
    g = gazetteer()
    return g.abbr_re.sub(lambda m: g.expansions[m.group(0)], text)


def _is_upper_run(s: str) -> bool:
    """More than six letters, all capitals ("SỞ VĂN HÓA"): a header line."""
    return s.isupper() and sum(ch.isalpha() for ch in s) > 6


def _title(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def sentence_case_head(head: str) -> str:
    """The canonical spelling of a head as listed in the gazetteer."""
    rec = gazetteer().heads.get(re.sub(r"\s+", " ", head).lower())
    return rec["head"] if rec else head


# ----------------------------------------------------------------- scanning

_WORD = re.compile(rf"(?P<sep>\s*[-–&]\s*|\s+và\s+|\s+)(?P<w>[{L}0-9&][{L}0-9&.\-]*[{L}0-9]|[{L}])")
_ABBR = re.compile(r"^[A-ZĐ][A-ZĐ&\-.]*[A-ZĐ]$")
#: function words that never continue a name even after a capital syllable
_STOP_LOWER = {
    "và", "của", "có", "là", "về", "với", "cho", "theo", "tại", "trong", "để", "các",
    "được", "đã", "sẽ", "cần", "phải", "chủ", "phối", "tham", "thực", "tổ", "xây",
    "chỉ", "báo", "làm", "triển", "hướng", "đề", "giao", "căn", "rà", "tăng", "cùng",
}


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def _name_by_capitals(text: str, pos: int, limit: int, nested_heads: bool = False) -> int:
    """Extend a name over capitalised words ("Tư pháp", "Nội vụ", "CNTT").

    A capitalised syllable may take one lowercase syllable after it (Vietnamese
    words are mostly two syllables: "Tư pháp", "Y tế"), but not after two
    capitalised syllables, which are a proper name ("Báo Khánh Hòa | mở");
    connectors "và", "-" continue only when a capitalised word follows.
    With ``nested_heads`` a head inside the name is part of it ("Công ty
    | Điện lực Khánh Hòa"). Returns the new end.
    """
    g = gazetteer()
    end = pos
    prev_cap = False
    caps = 0  # capitalised syllables in a row
    lower_run = 0
    while True:
        m = _WORD.match(text, end, limit)
        if not m:
            return end
        sep, w = m.group("sep"), m.group("w")
        if "\n" in sep:
            return end
        wl = w.lower()
        connector = sep.strip() in ("-", "–", "&", "và")
        abbr = _ABBR.match(w) is not None
        if abbr or _is_cap(w):
            if wl in g.level_words and not abbr and not connector:
                return end  # "Phường" after a name is a level
            if not nested_heads and g.head_re.match(text, m.start("w"), limit):
                return end  # the next agency starts: "Văn phòng | Ủy ban nhân dân tỉnh"
            caps = 1 if connector else caps + 1
            # an acronym is a whole word: no lower-case syllable completes it ("Sở TN&MT | cùng")
            end, prev_cap, lower_run = m.end(), True, int(abbr)
            continue
        if connector:
            return end
        if prev_cap and lower_run == 0 and caps < 2 and wl not in g.level_words and wl not in _STOP_LOWER:
            end, lower_run, caps = m.end(), 1, 0
            continue
        return end


_FIRST_WORD = re.compile(rf"\s+([{L}]+)")
_NEXT_TOKEN = re.compile(r"\s+(\S+)")
_WS = re.compile(r"\s+")
_TWO_CAPS = re.compile(f"{U}{U}")


def _level(text: str, pos: int, limit: int) -> tuple[int, str | None, str | None, str]:
    """(end, level, locality, branch word) after a name: " Chi nhánh tỉnh Bình Định"."""
    g = gazetteer()
    m = g.level_re.match(text, pos, limit)
    if not m or "\n" in m.group(0):
        return pos, None, None, ""
    if m.group("region"):
        return m.end(), _WS.sub(" ", m.group("region")).lower(), m.group("num"), ""
    lv = _WS.sub(" ", m.group("level")).lower()
    lv = g.level_canonical.get(lv, lv)
    loc = m.group("loc").strip() or None
    end = m.end()
    if loc:
        # a run-together next sentence is not a place: "phường | Phối hợp trong …"
        nxt = _NEXT_TOKEN.match(text, end, limit)
        last = loc.split()[-1]
        if nxt and f"{last} {nxt.group(1)}".lower() in _verb_phrases():
            loc = " ".join(loc.split()[:-1]) or None
            end = m.end() - len(last)
            while text[end - 1] == " ":
                end -= 1
    if loc and all(ch.isupper() for ch in loc if ch.isalpha()):
        loc = _title(loc)
    return end, lv, loc, m.group("branch") or ""


@cache
def _verb_phrases() -> frozenset[str]:
    d = rules.load("duties")
    words = d["lead_verbs"] + d["cooperate_verbs"] + d["responsible_verbs"]
    return frozenset(w.lower() for w in words if " " in w)


def _collective_canonical(written: str) -> str:
    s = expand(_WS.sub(" ", written.strip()))
    return s[:1].upper() + s[1:]


def scan(text: str, start: int = 0, end: int | None = None) -> list[RawMention]:
    """All agency mentions in ``text[start:end]``, in reading order.

    Every pattern stays within a line: each match is bounded by the end of
    the line it starts on, so the text is scanned in one pass.
    """
    return _scan_span(text, start, len(text) if end is None else end)


def _starts(text: str, start: int, end: int) -> tuple[list[int], list[int], list[int], list[int]]:
    """Word starts where each pattern can begin: (heads, collectives, counts, "các").

    One case-sensitive scan (``start_re``) finds the first words of every
    pattern, and only where the next word lets the pattern go on ("các | cơ
    quan", "3 | khóm"), instead of four case-insensitive scans that try every
    character position.
    """
    heads: list[int] = []
    colls: list[int] = []
    counts: list[int] = []
    cac: list[int] = []
    for t in gazetteer().start_re.finditer(text, start, end):
        kind = t.lastgroup
        if kind == "head" or kind == "lhead":
            heads.append(t.start())
        elif kind == "coll":
            colls.append(t.start())
            if t.group().lower() == "các":
                cac.append(t.start())
        elif kind == "after":
            colls.append(t.end() + 1)  # "Thủ trưởng | cơ quan, đơn vị có liên quan"
        else:
            counts.append(t.start())
    return heads, colls, counts, cac


def _matches(rx: re.Pattern, text: str, starts: list[int], end: int):
    """``rx.finditer`` restricted to word starts (non-overlapping, like finditer).

    Each match is bounded by the end of its line.
    """
    last = -1
    le = -1
    for p in starts:
        if p < last:
            continue
        if p > le:
            le = text.find("\n", p, end)
            if le < 0:
                le = end
        m = rx.match(text, p, le)
        if m:
            last = m.end()
            yield m


def _scan_span(text: str, start: int, end: int) -> list[RawMention]:
    """All agency mentions in ``text[start:end]``, in reading order."""
    g = gazetteer()
    heads, colls, counts, cac = _starts(text, start, end)
    bare = _bare_lists(text, start, end)
    if not heads and not colls and not counts and not bare:
        return []
    found: list[RawMention] = bare
    blocked: list[tuple[int, int]] = []  # "các Bộ, cơ quan:" before a distributed list
    for m in _matches(g.dist_re, text, cac, end):
        items = _distributed(text, m, end)
        if items:
            found.extend(items)
            blocked.append((m.start(), m.end()))
    covered = -1  # end of the last collective, with a "thuộc …" body it belongs to
    for m in _matches(g.coll_re, text, colls, end):
        if m.start() < covered:
            continue  # the body of "các cơ quan chuyên môn thuộc | các bộ, ngành Trung ương"
        if m.group("first").lower() in g.needs_tail and not m.group("tail").strip():
            continue  # "các tổ chức, cá nhân" is anyone; "… có liên quan" is addressed
        stop = _of_body(text, m.end(), end)
        written = text[m.start():stop]
        if m.group("lead") is None:  # after a post: "Thủ trưởng cơ quan, đơn vị có liên quan"
            if not m.group("tail").strip() and stop == m.end() and not m.group("more").strip():
                continue  # "Thủ trưởng cơ quan" alone points back to the addressee
            written = "các " + written
        found.append(
            RawMention(m.start(), stop, text[m.start():stop], _collective_canonical(written), "collective",
                       collective=True)
        )
        covered = stop
    for m in _matches(g.counted_re, text, counts, end):
        found.append(RawMention(m.start(), m.end(), m.group(0), _collective_canonical(m.group(0)), "collective",
                                collective=True))
    taken = sorted([(r.start, r.end) for r in found] + blocked)
    t_starts = [t[0] for t in taken]
    for m in _matches(g.head_re, text, heads, end):
        i = bisect.bisect_right(t_starts, m.start()) - 1
        if i >= 0 and taken[i][0] <= m.start() < taken[i][1]:
            continue
        r = _read_head(text, m, end)
        if r:
            found.append(r)
    if not found:
        return found
    found.sort(key=lambda r: (r.start, -r.end))
    out: list[RawMention] = []
    last_end = -1
    bi = 0
    for r in found:
        while bi < len(blocked) and blocked[bi][1] <= r.start:
            bi += 1
        if bi < len(blocked) and blocked[bi][0] <= r.start < blocked[bi][1]:
            continue
        if r.start >= last_end:
            out.append(r)
            last_end = r.end
    return out


@cache
def _bare() -> tuple[re.Pattern, tuple[str, ...], re.Pattern]:
    """A collective written without "các", its probes, and the context it needs before it."""
    c = rules.load("agencies")["collective"]
    b = c["bare"]
    item = rf"(?:{_alt(b['items'], fold=True)})"
    bare_re = re.compile(
        rf"""(?P<first>{_alt(b['first'], fold=True)}){_WB_R}
             (?P<more>(?:\s*,\s*{item}{_WB_R})+(?:\s+và\s+(?:{_alt(c['and_items'], fold=True)}){_WB_R})?)
             (?P<tail>(?:\s*,?\s+(?:{_alt(c['tails'], fold=True)}){_WB_R})*)""",
        re.X | re.I,
    )
    probes = tuple(f"{w.lower()}," for w in b["first"])
    # a heading or bullet start ("5. Sở, ban, ngành liên quan"), or a cue word before it
    before = re.compile(
        rf"""(?:^|\n)[ \t*#>\-+•]*(?:(?:[IVX]+|\d+(?:\.\d+)*)[.)]|[a-zđ]\))?[ \t*]*$
             |{_WB_L}(?:{_alt(b['after'], fold=True)})[ \t]+$""",
        re.X | re.I,
    )
    return bare_re, probes, before


def _bare_lists(text: str, start: int, end: int) -> list[RawMention]:
    """Collectives written without "các": "phối hợp với sở, ban, ngành, …", a heading
    "5. Sở, ban, ngành liên quan". Only a list of two or more nouns counts."""
    bare_re, probes, before = _bare()
    if "," not in text:
        return []
    # (a short text, a name read on its own, is lowered here: the shared cache keeps the document's)
    low = text.lower() if len(text) < 4096 else lowered(text)
    if len(low) != len(text):
        return []
    hits = set()
    for w in probes:
        i = low.find(w, start, end)
        while i >= 0:
            if i == 0 or not low[i - 1].isalpha():
                hits.add(i)
            i = low.find(w, i + 1, end)
    out = []
    for p in sorted(hits):
        ls = text.rfind("\n", 0, p) + 1
        if not before.search(text, max(ls - 1, p - 24, 0), p):
            continue
        le = text.find("\n", p, end)
        m = bare_re.match(text, p, end if le < 0 else le)
        if m:
            stop = _of_body(text, m.end(), end)
            written = text[p:stop]
            out.append(RawMention(p, stop, written, _collective_canonical(written), "collective", collective=True))
    return out


_OF = re.compile(r"[ \t]+(?:trực[ \t]+)?thuộc[ \t]+")


def _of_body(text: str, pos: int, limit: int) -> int:
    """End of "thuộc <agency>" after a collective at ``pos`` (``pos`` if there is none).

    "các cơ quan chuyên môn thuộc các bộ, ngành Trung ương", "các đơn vị nghiệp vụ
    thuộc Bộ Công an": the body they belong to is part of the collective's name;
    "các tổ chức, cá nhân thuộc phạm vi quản lý" names no body and stays as it is.
    """
    om = _OF.match(text, pos, limit)
    if not om:
        return pos
    g = gazetteer()
    q = om.end()
    line_end = text.find("\n", q, limit)
    lim = limit if line_end < 0 else line_end
    cm = g.coll_re.match(text, q, lim)
    if cm and cm.group("lead") is not None:
        return _of_body(text, cm.end(), limit)
    hm = g.head_re.match(text, q, lim)
    if hm:
        inner = _read_head(text, hm, lim)
        if inner:
            return inner.end
    return pos


_LIST_SEP = re.compile(r"\s*,\s*|\s+và\s+")


def _distributed(text: str, m: re.Match, limit: int) -> list[RawMention]:
    """Names after "các Bộ, cơ quan:" each with the head: "Tài chính" -> "Bộ Tài chính".

    The list ends at the first item that is not a name: another agency with
    its own head ("Tập đoàn Điện lực Việt Nam", "Công an Thành phố"), an
    officer post, or lowercase words ("theo chức năng, nhiệm vụ …").
    """
    g = gazetteer()
    head = m.group("head")
    rec = g.dist_heads.get(head.lower(), {"kind": "department"})
    line_end = text.find("\n", m.end())
    limit = min(limit, line_end if line_end >= 0 else limit)
    out: list[RawMention] = []
    pos = m.end()
    while pos < limit:
        if g.head_re.match(text, pos, limit) or g.post_re.match(text, pos, limit):
            break
        fw = _FIRST_WORD.match(" " + text[pos:pos + 30])
        rx = g.name_re.get(fw.group(1).lower()) if fw else None
        nm = rx.match(text, pos - 1, limit) if rx and pos > 0 and text[pos - 1] == " " else None
        name_end = nm.end() if nm else _name_by_capitals(text, pos - 1, limit) if text[pos:pos + 1].isupper() else pos
        if name_end <= pos:
            break
        body = re.sub(r"\s+", " ", text[pos:name_end].strip())
        out.append(RawMention(pos, name_end, body, f"{head} {expand(body)}", rec["kind"], dist=True))
        sm = _LIST_SEP.match(text, name_end, limit)
        if not sm or not text[sm.end():sm.end() + 1].isupper():
            break
        pos = sm.end()
    return out


def _alone_ok(text: str, m: re.Match, pos: int, limit: int) -> bool:
    """A ``name: list`` head alone is an agency between list separators."""
    before = text[max(0, m.start() - 8, text.rfind("\n", 0, m.start()) + 1):m.start()]
    return bool(re.search(r"(?:,|\bvà|\bvới|\bcùng)\s*$", before)) and bool(
        re.match(r"\s*(?:[,;)]|và\s|$)", text[pos:limit]) or g_level_follows(text, pos, limit))


def g_level_follows(text: str, pos: int, limit: int) -> bool:
    g = gazetteer()
    return bool(g.level_re.match(text, pos, limit) or g.ubnd_coll_re.match(text, pos, limit))


def _read_head(text: str, m: re.Match, limit: int) -> RawMention | None:
    """``HEAD [NAME] [LEVEL [LOCALITY]]`` from a head match, or ``None`` if it names no agency."""
    g = gazetteer()
    head_written = m.group("head")
    if head_written.isupper() and _caps_compound(text, m.start(), head_written):
        return None  # "NHIỆM VỤ", "DỰ BÁO", "CƠ SỞ": a common word, not the head "Vụ", "Báo", "Sở"
    key = head_written.lower()
    rec = g.heads.get(key) or g.heads[_WS.sub(" ", key)]
    need = rec["name"]
    cap = head_written[:1].isupper()
    pos = m.end()
    line_end = text.find("\n", pos, limit)
    if line_end >= 0:
        limit = line_end
    fw = _FIRST_WORD.match(text, pos, limit)
    rx = g.name_re.get(fw.group(1).lower()) if fw else None
    nm = rx.match(text, pos, limit) if rx else None
    if not cap and (need != "none" or rec.get("case") == "cap") and not (nm and text[nm.start("name")].isupper()):
        return None  # "phòng Tư pháp" is read; "phòng họp", "nhiệm vụ xây dựng", "tiến bộ khoa học" are not
    name_end = pos
    if nm:
        name_end = nm.end()
    elif need == "list" and _alone_ok(text, m, pos, limit):
        pass  # "phối hợp với Thanh tra, Công an …"
    elif need != "none":
        if g.not_after.match(text, pos, limit):
            return None
        name_end = _name_by_capitals(text, pos, limit, nested_heads=rec["kind"] == "enterprise")
        if name_end == pos:
            name_end = _nested(text, pos, limit)
    if name_end == pos and (need == "required" or (need == "list" and not _alone_ok(text, m, pos, limit))):
        return None
    lev_end, level, loc, branch = _level(text, name_end, limit)
    if level is None and rec.get("needs_level"):
        return None  # "Thuế" alone is the tax, "Thuế tỉnh Nghệ An" the office
    end, collective, coll = lev_end, False, ""
    cm = g.ubnd_coll_re.match(text, lev_end, limit)
    if cm:
        end, collective = cm.end(), True
        coll = _TAI.sub("", _WS.sub(" ", cm.group(0)).strip())
        if ":" in coll:  # "04 xã: Gia Thuận, …" and "các xã: Gia Thuận, …" name the same body
            coll = _COUNT.sub("các ", coll)
        if level is None:
            lm = _COLL_LEVEL.search(coll)
            level = lm.group(1).rstrip(",") if lm else None
    written = text[m.start():end]
    body = _WS.sub(" ", text[pos:name_end]).strip() if name_end > pos else ""
    if body and _is_upper_run(written):
        body = _title(body)
    name = " ".join(p for p in (_head_name(rec["head"]), expand(body), branch,
                                level if lev_end > name_end else "", loc or "", coll) if p)
    r = RawMention(m.start(), end, written, name, "collective" if collective else rec["kind"], level, loc,
                   collective)
    r.bare = not body and lev_end == name_end
    r.tail = coll if coll.startswith("các ") else ""
    return r


_WORD_BEFORE = re.compile(r"(\w+)[ \t]+$")


def _caps_compound(text: str, start: int, head_written: str) -> bool:
    """The upper-case word before ``start`` and the head's first syllable make a common word."""
    wm = _WORD_BEFORE.search(text, max(0, start - 16), start)
    if not wm or not wm.group(1).isupper():
        return False
    return (wm.group(1).lower(), head_written.split()[0].lower()) in gazetteer().caps_compounds


_TAI = re.compile(r"^tại\s+")
_COUNT = re.compile(r"^\d{1,3}\s+")
_COLL_LEVEL = re.compile(r"(?:các|cấp)\s+(\S+(?:\s+trấn|\s+xã|\s+phố)?)")
_HEAD_NAMES: dict[str, str] = {}


def _head_name(head: str) -> str:
    """A gazetteer head with abbreviations expanded (memoised: heads are few)."""
    out = _HEAD_NAMES.get(head)
    if out is None:
        out = _HEAD_NAMES[head] = expand(head)
    return out


def _nested(text: str, pos: int, limit: int) -> int:
    """End of a nested agency read as the name: "Văn phòng UBND tỉnh", "Thanh tra Sở Tư pháp"."""
    g = gazetteer()
    sub = g.head_re.match(text, pos + 1, limit) if text[pos:pos + 1] == " " else None
    if sub and g.heads[_WS.sub(" ", sub.group("head")).lower()]["kind"] in (
        "ubnd", "hdnd", "department", "ministry", "party"
    ):
        inner = _read_head(text, sub, limit)
        if inner:
            return inner.end
    return pos


@lru_cache(maxsize=4096)
def canonical_of(written: str) -> str | None:
    """Canonical name of a standalone written agency ("Phòng GDĐT" -> ...)."""
    ms = scan(written)
    return ms[0].name if ms else None


def find_posts(text: str, start: int, end: int) -> list[re.Match]:
    """Officer posts ("Phó Chủ tịch Thường trực", "Giám đốc") in a span."""
    return list(gazetteer().post_re.finditer(text, start, end))

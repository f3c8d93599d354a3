"""Agencies: the organisations a document addresses, variants merged.

``find_agencies(norm, sections)`` scans the normalised text once with the
gazetteer of ``rules/agencies.yaml`` (see ``agency_patterns``), expands
abbreviations (``UBND`` -> ``Ủy ban nhân dân``), shares a trailing level word
over a list of mass organisations (``UBMTTQ Việt Nam, Hội LHPN, Hội Nông
dân, Đoàn TNCS Hồ Chí Minh huyện`` -> four agencies of the huyện), and merges
variants of one agency with rapidfuzz while keeping every written form.

How variants are merged is a policy passed in (``merge=``); the default
merges names of the same kind, level and locality whose normalised forms are
equal or whose rapidfuzz ratio reaches ``merge_threshold`` in the rules.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Callable

from . import rules
from .agency_patterns import RawMention, expand, scan
from .agency_patterns import _alt as trie
from .layout import NormText
from .models import Agency, Mention, Section
from .segment import SectionLookup, section_at

__all__ = ["find_agencies", "merge_variants", "AgencyIndex", "section_at", "SectionLookup"]

#: kinds whose members share a trailing level word in a list
_SHARE_LEVEL = {"mass_organisation", "association"}


_KEY_SEP = re.compile(r"\s*[-–,&]\s*|\s+và\s+")
_WS = re.compile(r"\s+")


def _key(name: str) -> str:
    """Comparison key: case, dashes, commas and "và" ignored."""
    s = name.lower()
    if "-" in s or "–" in s or "," in s or "&" in s or "và" in s:
        s = _KEY_SEP.sub(" ", s)
    return " ".join(s.split())


def merge_variants(raws: list[RawMention], threshold: float | None = None) -> dict[str, str]:
    """Default merge policy: map each raw canonical name to its group's name.

    Names merge when their keys are equal, or when they share kind, level and
    locality and rapidfuzz's ``ratio`` on the keys reaches ``threshold``. The
    group's name is its most frequent form (ties: the longest).
    """
    from rapidfuzz import fuzz  # lazy: only this stage needs it

    if threshold is None:
        threshold = float(rules.load("agencies").get("merge_threshold", 92))
    counts = Counter(r.name for r in raws)
    meta = {r.name: (r.kind, r.level, r.locality) for r in raws}
    level_key = _level_keys(counts)
    by_key: dict[str, str] = {}  # key -> group name
    by_meta: dict[tuple, list[tuple[str, str]]] = {}  # meta -> [(key, group name)] in creation order
    out: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], -len(n))):
        k = level_key.get(name) or _key(name)
        rep = by_key.get(k)
        if rep is None:
            # the first group (in creation order) of the same meta that is close enough
            for gk, g in by_meta.get(meta[name], ()):
                if fuzz.ratio(gk, k) >= threshold:
                    rep = g
                    break
        if rep is None:
            rep = name
            by_key[k] = name
            by_meta.setdefault(meta[name], []).append((k, name))
        out[name] = rep
    return out


def _level_keys(names) -> dict[str, str]:
    """Keys under which a plural list of levels is one: "UBND huyện, thị xã" =
    "UBND các huyện, thị xã" (a list of levels is plural with or without "các"),
    and the Front's committee is the Front ("Mặt trận Tổ quốc Việt Nam tỉnh" =
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"; prefixes in ``rules/agencies.yaml``).
    """
    plural, same_as = _merge_patterns()
    out = {}
    for name in names:
        key = name
        low = name.lower()
        for prefix, rx, repl in same_as:
            if low.startswith(prefix):
                key = rx.sub(repl, key)
        m = plural.fullmatch(key) if ("," in key or " và " in key) else None
        if m:
            out[name] = f"{_key(m.group('base'))}|các {_key(m.group('levels'))}"
        elif key != name:
            out[name] = _key(key)
    return out


@cache
def _merge_patterns() -> tuple[re.Pattern, list[tuple[str, re.Pattern, str]]]:
    d = rules.load("agencies")
    lv = "|".join(sorted(map(re.escape, d["levels"]), key=len, reverse=True))
    # "Ủy ban nhân dân huyện, thị xã" | "UBND các xã, phường" | "Công an quận, huyện"
    plural = re.compile(rf"(?P<base>.+?)\s+(?:các\s+)?(?P<levels>(?:{lv})(?:\s*,\s*(?:{lv})|\s+và\s+(?:{lv}))+)",
                        re.I)
    same_as = [(a.lower(), re.compile(rf"^{re.escape(a)}(?![\wÀ-ỹ])", re.I), b) for a, b in d.get("same_as", {}).items()]
    return plural, same_as


def _share_levels(text: str, raws: list[RawMention]) -> None:
    """``Hội LHPN, Hội Nông dân, Đoàn TNCS Hồ Chí Minh huyện``: the level is shared."""
    i = len(raws) - 1
    while i > 0:
        last = raws[i]
        if last.level and last.kind in _SHARE_LEVEL:
            j = i
            while j > 0:
                prev = raws[j - 1]
                gap = text[prev.end:raws[j].start]
                if prev.kind in _SHARE_LEVEL and not prev.level and re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", gap):
                    prev.level = last.level  # the name stays as written
                    j -= 1
                else:
                    break
            i = j - 1
        else:
            i -= 1


_LIST_GAP = re.compile(r"\s*(?:,|và|,\s*và)\s*")


def _share_tails(text: str, raws: list[RawMention]) -> None:
    """``Thanh tra, Công an và Quản lý thị trường các huyện, thị xã``: the places are shared.

    Only bare heads (no name, no level of their own) take the tail, so "Sở Y
    tế và UBND các xã" keeps "Sở Y tế" as written.
    """
    for i in range(len(raws) - 1, 0, -1):
        last = raws[i]
        if not last.tail:
            continue
        j = i
        while j > 0:
            prev = raws[j - 1]
            if not (prev.bare and not prev.tail and _LIST_GAP.fullmatch(text, prev.end, raws[j].start)):
                break
            prev.name = f"{prev.name} {last.tail}"
            prev.tail, prev.kind, prev.collective = last.tail, "collective", True
            j -= 1


_HEAD_WORD = None


def _heading_fallback(text: str, sections: list[Section], raws: list[RawMention]) -> list[RawMention]:
    """Section titles that are short agency names the gazetteer cannot bound.

    In a heading the whole title is the name, so a head word followed by
    lowercase words is accepted: "3.2. Ban tài chính:", "1.2. Trường học:",
    "2.5. Các ban, ngành và 3 khóm:" (-> "3 khóm").
    """
    d = rules.load("agencies")
    global _HEAD_WORD
    if _HEAD_WORD is None:
        words = sorted({h["head"] for h in d["heads"]} | set(d["collective"]["first"]), key=len, reverse=True)
        _HEAD_WORD = re.compile(rf"^(?:(?:các|\d+)\s+)?(?:{trie(words, fold=True)})(?![\w])", re.I)
    needs_tail = {w.lower() for w in d["collective"].get("needs_tail", [])}
    taken = sorted((r.start, r.end) for r in raws)
    t_starts = [t[0] for t in taken]
    r_starts = [r.start for r in raws]

    def overlaps(a: int, b: int) -> bool:
        i = bisect.bisect_left(t_starts, b) - 1
        return i >= 0 and any(taken[j][1] > a for j in range(max(0, i - 3), i + 1))

    added: list[RawMention] = []
    for sec in sections:
        if not sec.title_span or not sec.title or sec.title.count(" ") > 40:
            continue
        if len(sec.title.split()) > 12:
            continue  # a sentence, not a list of names: "c) Sở, ban, ngành … là đầu mối theo dõi …"
        t0 = text.find(sec.title, sec.title_span[0], sec.title_span[1])
        if t0 < 0:
            continue
        t1 = t0 + len(sec.title)
        k = bisect.bisect_left(r_starts, t1)
        if k < len(raws) and raws[k].dist and raws[k].start <= t1 + 4:
            continue  # "8. Các Bộ, cơ quan: Tài chính, …": the names after the colon are the agencies
        pm = re.match(r"(?i)(?:đối với|đề nghị|giao)\s*:?\s*", sec.title)
        off = pm.end() if pm else 0
        for part in re.finditer(r"[^,;]+", sec.title[off:]):
            sub = re.split(r"\s+và\s+", part.group(0))
            pos = t0 + off + part.start()
            for piece in sub:
                p0 = text.find(piece, pos)
                pos = p0 + len(piece)
                ptxt = piece.strip()
                a = p0 + piece.index(ptxt) if ptxt else p0
                b = a + len(ptxt)
                if not ptxt or len(ptxt.split()) > 6 or overlaps(a, b):
                    continue
                hw = _HEAD_WORD.match(ptxt)
                if not hw or len(ptxt.split()) > 4:
                    continue
                if " ".join(hw.group(0).lower().split()) in needs_tail:
                    continue  # "IV. TỔ CHỨC THỰC HIỆN": a verb; "các tổ chức …" has its prefix
                if not re.match(r"^(?:[A-ZĐÀ-Ỹ]|\d)", ptxt):
                    continue
                name = ptxt[:1].upper() + ptxt[1:]
                added.append(RawMention(a, b, ptxt, expand(name), "collective" if re.match(r"(?i)các|\d", ptxt)
                                        else "other"))
    if not added:
        return raws
    return sorted(raws + added, key=lambda r: r.start)


def find_agencies(
    norm: NormText,
    sections: list[Section],
    *,
    merge: Callable[[list[RawMention]], dict[str, str]] = merge_variants,
) -> list[Agency]:
    """Agencies named in the text, in order of first mention.

    Each has the canonical ``name`` (abbreviations expanded), every ``written``
    form, its ``mentions`` (span, section, page, and table/cell when in a
    table), ``level``, ``locality`` and ``kind``.
    """
    text = norm.text
    raws = scan(text)
    raws = _heading_fallback(text, sections, raws)
    _share_levels(text, raws)
    _share_tails(text, raws)
    canon = merge(raws) if raws else {}
    where = SectionLookup(sections)
    by_name: dict[str, Agency] = {}
    spaced: dict[str, str] = {}  # written form -> with single spaces (forms repeat)
    for r in raws:
        name = canon.get(r.name, r.name)
        ag = by_name.get(name)
        if ag is None:
            ag = by_name[name] = Agency(name=name, level=r.level, locality=r.locality, kind=r.kind)
        written = spaced.get(r.written)
        if written is None:
            written = spaced[r.written] = _WS.sub(" ", r.written)
        if written not in ag.written:
            ag.written.append(written)
        ag.mentions.append(_mention(norm, where, r.start, r.end))
    return list(by_name.values())


def _mention(norm: NormText, where: SectionLookup, start: int, end: int) -> Mention:
    m = Mention(span=(start, end), section=where.at(start), page=norm.page_at(start))
    hit = norm.cell_at(start)
    if hit:
        m.table, m.cell = hit
    return m


@dataclass
class AgencyIndex:
    """Mentions of all agencies sorted by start, for range look-ups."""

    starts: list[int]
    items: list[tuple[int, int, str, str]]  # start, end, name, kind

    @classmethod
    def build(cls, agencies: list[Agency]) -> "AgencyIndex":
        items = sorted(
            (m.span[0], m.span[1], a.name, a.kind or "") for a in agencies for m in a.mentions
        )
        return cls([i[0] for i in items], items)

    def within(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """Mentions that start in ``[start, end)``."""
        i = bisect.bisect_left(self.starts, start)
        return self.items[i:bisect.bisect_left(self.starts, end, i)]

    def any_within(self, start: int, end: int) -> bool:
        """Whether a mention starts in ``[start, end)``."""
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

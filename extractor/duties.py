"""Duties: who must do what, by when.

Four sources, all read from the agencies already found (``find_agencies``):

1. **Agency headings** — a section whose title is an agency list
   (``1. Phòng Văn hóa - Xã hội``, ``2.1. Đối với UBND Phường:``, ``Điều 5.
   Nội dung Sở X có trách nhiệm chủ trì``) owns every sentence of its body:
   one duty per sentence, role from the heading (``responsible`` unless it
   says ``chủ trì``) plus the role the sentence opens with (``Chủ trì, …`` ->
   ``lead``, ``Phối hợp với …`` -> ``cooperate``); see ``owner_roles``.
2. **Role sentences** anywhere: ``Giao X chủ trì, phối hợp với Y``, ``Đề nghị
   X …``, ``X có trách nhiệm …``, ``UBND huyện yêu cầu X …``; the agencies
   after ``phối hợp với`` become ``cooperate`` partners.
3. **Label lines**: ``Đơn vị chủ trì: X`` / ``Đơn vị phối hợp: Y``.
4. **Task tables**: ``Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời
   gian``, one duty per row and role column (``duty_tables``).

Cue words live in ``rules/duties.yaml``. The deadline is a date of the
dates stage inside the duty's span whose role is ``deadline`` (or that
follows a deadline cue such as ``trước ngày``).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable

from . import rules
from .agencies import AgencyIndex, SectionLookup
from .agency_patterns import U, find_posts
from .layout import NormText
from .models import Agency, DateItem, Duty, Section

__all__ = ["find_duties", "duties_by_agency", "owner_roles", "heading_owners", "agency_headings"]

ROLES = ("lead", "cooperate", "responsible")


def owner_roles(heading_role: str, sentence_roles: list[str]) -> list[str]:
    """Default policy: the roles a heading's owner gets for one sentence.

    The heading role always (the agency is assigned the sentence), and any
    other role the sentence opens with (``Chủ trì, phối hợp …`` -> lead).
    A heading that *requests* (``Đề nghị Ủy ban MTTQ …``: the plan cannot
    command the Front) gives ``responsible`` only.
    """
    if heading_role == "request":
        return ["responsible"]
    out = [heading_role]
    for r in sentence_roles:
        if r not in out:
            out.append(r)
    return out


def duties_by_agency(duties: list[Duty]) -> dict[str, list[Duty]]:
    """Group duties by agency name, agencies in order of first duty."""
    out: dict[str, list[Duty]] = defaultdict(list)
    for d in duties:
        out[d.agency].append(d)
    return dict(out)


# ------------------------------------------------------------------ patterns


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


_LET = r"A-Za-zÀ-ỹĐđ0-9"
_NB = rf"(?![{_LET}])"


@dataclass
class _Cues:
    assign: re.Pattern
    clause_only: set[str]
    lead: re.Pattern
    coop: re.Pattern
    resp: re.Pattern
    not_duty: re.Pattern
    partner: re.Pattern
    labels: list[tuple[str, re.Pattern]]
    prefix: re.Pattern
    suffixes: list[tuple[str, re.Pattern]]
    no_duty: re.Pattern
    closing: re.Pattern
    deadline_before: re.Pattern
    columns: list[tuple[str, re.Pattern]]
    sep: re.Pattern
    purpose: list[tuple[re.Pattern, re.Pattern]]
    past: re.Pattern
    first_gap: re.Pattern
    any_role: re.Pattern


@cache
def _cues() -> _Cues:
    d = rules.load("duties")
    i = re.I
    ag = rules.load("agencies")
    posts = _alt(ag["posts"])
    dd = ag["distributed"]
    dist = rf"(?:các\s+(?:{_alt(dd['heads'])})(?:\s*,\s*(?:{_alt(dd['fillers'])}))*\s*:\s*)?"
    return _Cues(
        # "Giao Phòng GDĐT …" | "đề nghị UBND các xã …" | "yêu cầu các phòng …"
        assign=re.compile(rf"(?P<cue>{_alt(d['assign_before'])}){_NB}\s*:?\s*"
                          rf"(?:cho\s+)?(?:{_alt(rules.load('agencies')['posts'])})?\s*$", i),
        clause_only={w.lower() for w in d["assign_clause_start_only"]},
        # after an agency list: "chủ trì" | "phối hợp" | "có trách nhiệm"
        lead=re.compile(rf"\s*,?\s*(?:{_alt(d['lead_verbs'])}){_NB}", i),
        coop=re.compile(rf"\s*,?\s*(?:{_alt(d['cooperate_verbs'])}){_NB}", i),
        resp=re.compile(rf"\s*,?\s*(?:{_alt(d['responsible_verbs'])}){_NB}", i),
        not_duty=re.compile(rf"\s*,?\s*(?:{_alt(d['not_duty_verbs'])}){_NB}", i),
        # "phối hợp chặt chẽ với " right before a partner list
        partner=re.compile(rf"(?:{_alt(d['partner_before'])})\s*$", i),
        labels=[(role, re.compile(rf"\W*(?:{'|'.join(ps)})\s*:\s*", i)) for role, ps in d["labels"].items()],
        prefix=re.compile(rf"^\s*(?:{_alt(d['heading_prefixes'])}){_NB}\s*:?\s*", i),
        suffixes=[(role, re.compile(rf"\s*(?:{_alt(ws)})\s*[.:]?\s*$", i))
                  for role, ws in d["heading_suffixes"].items()],
        no_duty=re.compile(rf"^\W*(?:(?:{_alt(d['no_duty_title_lead'])})\s+)?(?:{'|'.join(d['no_duty_sections'])})", i),
        closing=re.compile(rf"^\W*(?:{'|'.join(d['closing_lines'])})", i),
        deadline_before=re.compile(rf"(?:{_alt(d['deadline_before'])})\s*(?:ngày|tháng|năm|quý)?\s*$", i),
        columns=[(role, re.compile(rf"^\W*(?:{_alt(ws)})\W*$", i)) for role, ws in d["table_columns"].items()],
        # between agencies of one list: ", " | " và " | "; " | ", Giám đốc " (a post
        # standing for its body: "Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, …")
        #   "Giám đốc các Sở: Tư pháp, …" (the distributed names follow)
        sep=re.compile(rf"\s*(?:,|;|và|/|\()?\s*(?:,|và)?\s*(?:(?:{posts})\s+)?{dist}", i),
        # "gửi đến X để …", "để X biết, thực hiện"
        purpose=[(re.compile(rf"(?<![{_LET}])(?:{_alt([cue])})\s+$", i),
                  re.compile(rf"\s*,?\s*(?:{_alt(after)}){_NB}", i)) for cue, after in d["purpose_before"].items()],
        past=re.compile(rf"(?<![{_LET}])(?:{_alt(d['past_before'])})\s+$", i),
        # before the first agency of a list: a post, "cho", ":" ("Giao cho Giám đốc Sở …")
        first_gap=re.compile(rf"[\s:]*(?:cho\s+)?(?:(?:{posts})\s+)?", i),
        # any lead/cooperate verb or partner cue: sentences without one skip the clause walk
        any_role=re.compile(_alt(d["lead_verbs"] + d["cooperate_verbs"] + d["partner_before"]), i),
    )


# ------------------------------------------------------------- cue index


class _CueIndex:
    """Where each family of cue words occurs in a document, found once.

    ``str.find`` over the lower-cased text per cue phrase is far cheaper than
    searching a regex in every sentence and before every mention; the regexes
    then run only where a cue is known to be near.
    """

    def __init__(self, text: str):
        d = rules.load("duties")
        low = text.lower()
        exact = len(low) == len(text)
        fams = {
            "role": d["lead_verbs"] + d["cooperate_verbs"] + d["partner_before"],
            "assign": d["assign_before"],
            "partner": d["partner_before"],
            "purpose": list(d["purpose_before"]),
        }
        self.pos: dict[str, list[int] | None] = {}
        for fam, words in fams.items():
            if not exact:
                self.pos[fam] = None  # offsets would not line up: always run the regexes
                continue
            found: set[int] = set()
            for w in {w.lower() for w in words}:  # whole phrases: the text's spaces are single
                i = low.find(w)
                while i >= 0:
                    found.add(i)
                    i = low.find(w, i + 1)
            self.pos[fam] = sorted(found)

    def near(self, fam: str, a: int, b: int) -> bool:
        """A cue of ``fam`` starts in ``[a, b)``."""
        ps = self.pos[fam]
        if ps is None:
            return True
        i = bisect.bisect_left(ps, a)
        return i < len(ps) and ps[i] < b


@lru_cache(maxsize=8)
def _cue_index(text: str) -> _CueIndex:
    return _CueIndex(text)


# --------------------------------------------------------------- structures


@dataclass
class _Item:
    """A sentence (or bullet) that may carry duties."""

    start: int
    end: int
    line: int
    roles: tuple[list[str], list[tuple]] | None = None  # _sentence_roles, computed once


_SENT_END = re.compile(rf"[.!?](?:\s+)(?={U}|[-+])")


def _sentences(norm: NormText, line_idx: int, start: int | None = None) -> list[_Item]:
    """Split one line (from ``start``, default its start) into sentences ('. ' before a capital)."""
    ln = norm.lines[line_idx]
    text = norm.text
    s = ln.start if start is None else start
    out = []
    for m in _SENT_END.finditer(text, s, ln.end):
        e = m.start() + 1
        if e - s > 3:
            out.append(_Item(s, e, line_idx))
        s = m.end()
    if ln.end - s > 3:
        out.append(_Item(s, ln.end, line_idx))
    return out


def _clauses(text: str, start: int, end: int, commas: bool = False) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at ';' and ':' (and ',' when ``commas``)."""
    out, s = [], start
    for m in (_SEMI_COMMA if commas else _SEMI).finditer(text[start:end]):
        out.append((s, start + m.start()))
        s = start + m.end()
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]


_BULLET = re.compile(r"[\s\-+*•–]*(?:[a-zđ]\)|\d+(?:\.\d+)*[.)])?\s*")
_SEMI = re.compile(r"[;:]\s*")
_SEMI_COMMA = re.compile(r"[;:,]\s*")
_STRIP = re.compile(r"[\s,;.:()\-–*]|\bvà\b")
_PAREN = re.compile(r"\([^()]*\)")
_NEXT_WORD = re.compile(r"[\s,]+([a-zà-ỹđ]+)")


def _body_start(text: str, a: int) -> int:
    """Skip bullets and numbering at a clause start ("- ", "+ ", "a) ")."""
    m = _BULLET.match(text, a, a + 12)
    return m.end() if m else a


def _agency_list(text: str, idx: AgencyIndex, pos: int, end: int) -> tuple[list[tuple], int]:
    """Agencies that follow ``pos`` as one list ("X, Y và Z"); returns (mentions, end).

    Officer posts may stand before any item ("Chánh Văn phòng UBND tỉnh,
    Giám đốc Sở Y tế, Thủ trưởng các cơ quan …"): the post names its body.
    """
    cues = _cues()
    out: list[tuple] = []
    cur = pos
    for m in idx.within(pos, end):
        if m[0] < cur:
            continue
        gap_ok = cues.sep.fullmatch(text, cur, m[0]) if out else (
            m[0] - cur <= 40 and cues.first_gap.fullmatch(text, cur, m[0]))
        if not gap_ok:
            break
        out.append(m)
        cur = m[1]
    return out, cur


# ------------------------------------------------------------------ headings


@lru_cache(maxsize=512)
def _label_re(label: str) -> re.Pattern:
    return re.compile(r"[\s*#]*(?:(?:Điều|Mục|Chương|Phần)\s+)?" + re.escape(label) + r"[\s*:.]*")


def heading_owners(norm: NormText, sec: Section, idx: AgencyIndex) -> tuple[list[tuple], str] | None:
    """Agencies a section heading names, and the heading's role; ``None`` if it names none.

    The title must be (almost) all agency names once cue words are removed:
    "Đối với UBND Phường" -> UBND phường; "Tăng cường công tác tuyên truyền"
    -> None.
    """
    if not sec.title_span:
        return None
    cues = _cues()
    text = norm.text
    a, b = sec.title_span
    line = text[a:b]
    # the title line after its label: "11. Đề nghị: UBMTTQ Việt Nam, Hội LHPN …"
    if not idx.within(a, b):
        return None
    lm = _label_re(sec.label.strip()).match(line) if sec.label else None
    t_start = a + (lm.end() if lm else 0)
    t_end = b
    title = text[t_start:t_end]
    role = "responsible"
    pm = cues.prefix.match(title)
    if pm:
        if re.match(r"(?i)\W*đề\s+nghị", pm.group(0)):
            role = "request"
        t_start += pm.end()
        title = title[pm.end():]
    for r, rx in cues.suffixes:
        sm = rx.search(title)
        if sm and sm.start() > 0:
            t_end = t_start + sm.start()
            role = r if role != "request" else role
            break
    ms = [m for m in idx.within(t_start, t_end) if m[1] <= t_end + 8]
    if not ms:
        return None
    own = sum(len(_STRIP.sub("", text[m[0]:min(m[1], t_end)])) for m in ms)
    # a parenthesis qualifies the names: "… đoàn thể các cấp (huyện, xã, thị trấn)"
    rest = _PAREN.sub("", text[t_start:t_end])
    if own < 0.75 * max(1, len(_STRIP.sub("", rest))):
        return None
    return ms, role


_LAST: list = []  # one entry: (norm, sections, agencies, index, headings)


def agency_headings(norm: NormText, sections: list[Section], agencies: list[Agency]
                    ) -> tuple[AgencyIndex, list[tuple[Section, tuple[list[tuple], str]]]]:
    """The agency index and every section heading that names agencies, with its role.

    Duties and targets both need these for the same document; the last
    document's answer is kept (with references to its inputs, so an id cannot
    be reused while it is cached).
    """
    if _LAST and _LAST[0][0] is norm and _LAST[0][1] is sections and _LAST[0][2] is agencies \
            and _LAST[0][5] == len(sections):
        return _LAST[0][3], _LAST[0][4]
    idx = AgencyIndex.build(agencies)
    heads = []
    for sec in sections:
        h = heading_owners(norm, sec, idx)
        if h:
            heads.append((sec, h))
    _LAST[:] = [(norm, sections, agencies, idx, heads, len(sections))]
    return idx, heads


def _owned_lines(norm: NormText, sections: list[Section], heads_all: list) -> dict[int, tuple[Section, list, str]]:
    """Map line index -> (owner section, owners, heading role) for owned bodies."""
    cues = _cues()
    owned: dict[int, tuple[Section, list, str]] = {}
    heads = [(sec, h) for sec, h in heads_all if not cues.no_duty.search(sec.title or "")]
    # deeper sections override shallower ones
    for sec, (ms, role) in sorted(heads, key=lambda x: x[0].level):
        first = norm.line_at(sec.span[0])
        last = norm.line_at(max(sec.span[0], sec.span[1] - 1))
        for li in range(first, last + 1):
            ln = norm.lines[li]
            if sec.title_span and ln.start < sec.title_span[1] and ln.end > sec.title_span[0]:
                continue
            if cues.closing.match(norm.text[ln.start:ln.end]) or ln.has("signer"):
                break
            owned[li] = (sec, ms, role)
    # lines that are themselves headings of non-owner subsections keep no owner
    return owned


# ------------------------------------------------------------------- finding


def _deadline(text: str, dates: list[DateItem], start: int, end: int) -> str | None:
    cues = _cues()
    best = None
    for d in dates:
        if start <= d.span[0] and d.span[1] <= end:
            if d.role == "deadline":
                return d.end or d.value if d.kind == "range" else d.value
            if best is None and cues.deadline_before.search(text[max(start, d.span[0] - 25):d.span[0]]):
                best = d.value
    return best


def _assignee(text: str, start: int, mention_start: int) -> str | None:
    posts = find_posts(text, max(start, mention_start - 40), mention_start)
    if posts and mention_start - posts[-1].end() <= 2:
        return posts[-1].group(0)
    return None


class _Collector:
    """Collects duties, dropping exact repeats (agency, role, span)."""

    def __init__(self, norm: NormText, sections: list[Section], dates: list[DateItem]):
        self.norm, self.sections, self.dates = norm, sections, dates
        self.where = SectionLookup(sections)
        self.out: list[Duty] = []
        self.report = False
        self.seen: set[tuple] = set()

    def add(self, agency: str, role: str, start: int, end: int, with_: list[str] | None = None,
            assignee: str | None = None, table: int | None = None, cell: tuple[int, int] | None = None,
            task: str | None = None) -> None:
        key = (agency, role, start, end)
        if key in self.seen:
            return
        self.seen.add(key)
        text = self.norm.text
        self.out.append(Duty(
            agency=agency, role=role, with_=[w for w in (with_ or []) if w != agency],
            task=task if task is not None else re.sub(r"^[\s\-+*•–]+", "", text[start:end]).strip(),
            deadline=_deadline(text, self.dates, start, end), assignee=assignee,
            section=self.where.at(start), span=(start, end),
            page=self.norm.page_at(start), table=table, cell=cell,
        ))


_ADVERB = r"(?:(?:chủ động|tích cực|tiếp tục|kịp thời|có kế hoạch|thường xuyên|cần|đồng thời)\s+)*"
_ADVERB_RE = re.compile(_ADVERB, re.I)
#: an opening adverbial before a subject: "Trong thời gian …, các trường học …"
_OPENER = re.compile(r"^(?:Trong|Căn cứ|Tùy|Tuỳ|Nhân|Hằng|Hàng|Định kỳ|Sau|Trước|Khi|Đồng thời|Ngoài ra|Bên cạnh)"
                     r"[^;:,]*,\s*$")


def _sentence_roles(text: str, idx: AgencyIndex, item: _Item) -> tuple[list[str], list[tuple]]:
    """Roles a sentence gives its subject, and its partner agencies (cached on the item).

    A comma-clause opening with "chủ trì" gives ``lead``; one opening with
    "phối hợp"/"kết hợp" gives ``cooperate`` unless it directly follows a
    "chủ trì" clause ("Chủ trì, phối hợp với Y" makes Y the partner only).
    """
    if item.roles is None:
        item.roles = _read_roles(text, idx, item)
    return item.roles


def _read_roles(text: str, idx: AgencyIndex, item: _Item) -> tuple[list[str], list[tuple]]:
    cues = _cues()
    roles: list[str] = []
    partners: list[tuple] = []
    if not _cue_index(text).near("role", item.start, item.end) or not cues.any_role.search(text, item.start, item.end):
        return roles, partners  # no role verb and no partner cue anywhere in the sentence
    prev_lead = False
    for a, b in _clauses(text, item.start, item.end, commas=True):
        p = _body_start(text, a)
        am = _ADVERB_RE.match(text, p, b)
        q = am.end() if am else p
        if cues.lead.match(text, q, b):
            roles.append("lead")
            prev_lead = True
            continue
        if cues.coop.match(text, q, b) and not prev_lead:
            roles.append("cooperate")
        prev_lead = False
    seen = set()
    for m in idx.within(item.start, item.end):
        if m in seen:
            continue
        w0 = max(item.start, m[0] - 40)
        pm = cues.partner.search(text, w0, m[0]) if _cue_index(text).near("partner", w0, m[0]) else None
        if pm and not cues.past.search(text, max(item.start, pm.start() - 12), pm.start()):
            lst, _ = _agency_list(text, idx, m[0], item.end)
            for x in lst:
                seen.add(x)
                partners.append(x)
    return roles, partners


def _sentence_duties(col: _Collector, idx: AgencyIndex, item: _Item, owners: list[tuple] | None) -> None:
    """Role sentences: "Giao X chủ trì …", "Đề nghị X …", "X có trách nhiệm …"."""
    cues = _cues()
    text = col.norm.text
    roles, partners = _sentence_roles(text, idx, item)
    partner_names = [p[2] for p in partners]
    ci = _cue_index(text)
    done_until = -1  # a list may run over ";": "Chánh Văn phòng UBND tỉnh, …; Thủ trưởng …"
    for a, b in _clauses(text, item.start, item.end):
        p = _body_start(text, a)
        if _label_line(col, idx, item, p, b):
            continue
        for m in idx.within(a, b):
            if m[0] < done_until:
                continue
            w0 = max(a, m[0] - 30)
            am = cues.assign.search(text, w0, m[0]) if ci.near("assign", w0, m[0]) else None
            if am:  # "Giao X …", "đề nghị X …", "yêu cầu X …"
                lst, end = _agency_list(text, idx, m[0], b)
                role = "lead" if cues.lead.match(text, end, b) else "responsible"
                for x in lst:
                    col.add(x[2], role, item.start, item.end, partner_names, _assignee(text, a, x[0]))
                done_until = end
                continue
            lst, end = _purpose_list(text, idx, a, b, m)
            if lst:  # "gửi đến X để …", "để X biết, thực hiện"
                for x in lst:
                    col.add(x[2], "responsible", item.start, item.end, partner_names)
                done_until = end
                continue
            lead_in = text[p:m[0]]
            if col.report:
                continue  # a Báo cáo narrates: only cue words assign duties there
            if not lead_in.strip() or _OPENER.match(lead_in) or _only_posts(lead_in):
                lst, end = _agency_list(text, idx, m[0], item.end)
                done_until = end
                if cues.not_duty.match(text, end, item.end) or not _verbish(text, end, item.end):
                    continue
                role = ("lead" if cues.lead.match(text, end, item.end) else
                        "cooperate" if cues.coop.match(text, end, item.end) else "responsible")
                names = [x[2] for x in lst]
                for x in lst:
                    others = partner_names + [n for n in names if n != x[2]]
                    col.add(x[2], role, item.start, item.end, others, _assignee(text, a, x[0]))
                    if role == "responsible" and "cooperate" in roles:
                        col.add(x[2], "cooperate", item.start, item.end, others)
                    elif role == "cooperate":  # "X phối hợp với Y tổ chức …": X is assigned the task too
                        col.add(x[2], "responsible", item.start, item.end, others)
    for x in partners:
        col.add(x[2], "cooperate", item.start, item.end, [o[2] for o in owners] if owners else [])


def _purpose_list(text: str, idx: AgencyIndex, a: int, b: int, m: tuple) -> tuple[list[tuple], int]:
    """The list at ``m`` when a purpose cue frames it ("gửi đến X để", "để X biết")."""
    w0 = max(a, m[0] - 12)
    if not _cue_index(text).near("purpose", w0, m[0]):
        return [], m[0]
    for before, after in _cues().purpose:
        if before.search(text, w0, m[0]):
            lst, end = _agency_list(text, idx, m[0], b)
            if after.match(text, end, b):
                return lst, end
    return [], m[0]


def _label_line(col: _Collector, idx: AgencyIndex, item: _Item, p: int, b: int) -> bool:
    """ "Đơn vị chủ trì: X" / "Đơn vị phối hợp: Y" lines; True when one was read."""
    text = col.norm.text
    for role, rx in _cues().labels:
        lm = rx.match(text, p, b + 2)
        if lm and re.match(r"^\W*(?:đơn vị|cơ quan)", text[p:lm.end()], re.I):
            lst, _ = _agency_list(text, idx, lm.end(), item.end)
            task = _label_task(col, item)
            for m in lst:
                col.add(m[2], role, item.start, item.end, task=task)
            return True
    return False


def _only_posts(s: str) -> bool:
    return bool(s.strip()) and bool(re.fullmatch(r"\s*(?:[A-ZĐ][^\s,;]*\s*){1,4}", s)) and bool(find_posts(s, 0, len(s)))


def _verbish(text: str, end: int, b: int) -> bool:
    """Something follows the list that can be a predicate (not "của", a name, or nothing)."""
    m = _NEXT_WORD.match(text, end, b)
    return bool(m) and m.group(1) not in ("của", "và", "tại", "trên", "về", "là", "gồm", "như")


def _label_task(col: _Collector, item: _Item) -> str:
    sid = col.where.at(item.start)
    for s in col.sections:
        if s.id == sid:
            return s.title
    return ""


def find_duties(
    norm: NormText,
    sections: list[Section],
    agencies: list[Agency],
    dates: list[DateItem],
    *,
    roles_policy: Callable[[str, list[str]], list[str]] = owner_roles,
) -> list[Duty]:
    """Duties assigned in the document, in reading order.

    ``roles_policy(heading_role, sentence_roles)`` decides which roles a
    heading's owner gets for each sentence of its body (default
    ``owner_roles``).
    """
    if not agencies:
        return []
    from .duty_tables import table_duties  # noqa: PLC0415 - sibling split for size

    idx, heads = agency_headings(norm, sections, agencies)
    col = _Collector(norm, sections, dates or [])
    from .targets import _is_report  # noqa: PLC0415

    col.report = _is_report(norm)
    body_start = min((s.span[0] for s in sections), default=0)
    owned = _owned_lines(norm, sections, heads)
    skip = _no_duty_ranges(sections)
    # a heading line is read from after its label: "Điều 2. Sở X chủ trì …",
    # "1. Về kinh phí: Giao Bộ Tài chính chủ trì …"
    text = norm.text
    heading_lines = {}
    for s in sections:
        if s.title_span:
            hl = norm.line_at(s.title_span[0])
            ln = norm.lines[hl]
            lm = _label_re(s.label.strip()).match(text, ln.start, ln.end) if s.label else None
            heading_lines[hl] = lm.end() if lm else ln.start
    for li, ln in enumerate(norm.lines):
        if ln.kind == "table_row" or ln.has("header") or ln.has("signer"):
            continue
        if ln.start < body_start or any(a <= ln.start < b for a, b in skip):
            continue  # the preamble and context sections assign nothing
        own = owned.get(li)
        if not own and not idx.within(ln.start, ln.end):
            continue  # every sentence rule needs an agency in the sentence
        for item in _sentences(norm, li, heading_lines.get(li)):
            if own:
                sec, owners, hrole = own
                roles, partners = _sentence_roles(text, idx, item)
                for o in owners:
                    for r in roles_policy(hrole, roles):
                        col.add(o[2], r, item.start, item.end, [p[2] for p in partners])
            if not idx.within(item.start, item.end):
                continue
            _sentence_duties(col, idx, item, own[1] if own else None)
    table_duties(col, norm, idx)
    col.out.sort(key=lambda d: (d.span[0], d.span[1]))
    return col.out


def _no_duty_ranges(sections: list[Section]) -> list[tuple[int, int]]:
    cues = _cues()
    return [s.span for s in sections if cues.no_duty.search(s.title or "")]

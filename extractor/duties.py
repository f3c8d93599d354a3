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
from functools import cache
from typing import Callable

from . import rules
from .agencies import AgencyIndex, SectionLookup
from .agency_patterns import U, find_posts
from .duty_cues import cue_index as _cue_index
from .duty_cues import cues as _cues
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
    for m in (_SEMI_COMMA if commas else _SEMI).finditer(text, start, end):
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    if end > s:
        out.append((s, end))
    return out


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


_LABEL_MARKUP = re.compile(r"[\s*#]*")
_LABEL_WORD = re.compile(r"(?:Điều|Mục|Chương|Phần)\s+")
_LABEL_TAIL = re.compile(r"[\s*:.]*")


def _after_label(text: str, a: int, b: int, label: str | None) -> int | None:
    """End of a heading's label at ``a`` ("Điều 2. ", "**1.1.** "), or ``None`` if it is not there."""
    if not label:
        return None
    label = label.strip()
    p = _LABEL_MARKUP.match(text, a, b).end()
    if not text.startswith(label, p, b):
        w = _LABEL_WORD.match(text, p, b)  # the label without its word: "Điều | 2."
        if not w or not text.startswith(label, w.end(), b):
            return None
        p = w.end()
    return _LABEL_TAIL.match(text, p + len(label), b).end()


#: the colon after a heading's agency names, before their duty on the same line
_AFTER_TITLE = re.compile(r"[\s*]*:[\s*]*(?=\S)")


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
    # the title line after its label: "11. Đề nghị: UBMTTQ Việt Nam, Hội LHPN …"
    if not idx.any_within(a, b):
        return None
    lm = _after_label(text, a, b, sec.label)
    t_start = a if lm is None else lm
    t_end = b
    title = text[t_start:t_end]
    role = "responsible"
    pm = cues.prefix.match(title)
    if pm:
        if re.match(r"(?i)\W*đề\s+nghị", pm.group(0)):
            role = "request"
        t_start += pm.end()
        title = title[pm.end():]
    cm = _AFTER_TITLE.search(title)
    # "b) Công an tỉnh: Chủ trì, phối hợp …": the duties follow the colon, unless the
    # colon is inside a name ("Ủy ban nhân dân các xã: Gia Thuận, Tân Điền")
    if cm and not any(m[0] < t_start + cm.start() < m[1] for m in idx.within(a, b)):
        t_end = t_start + cm.start()
        title = title[:cm.start()]
    tail = max(0, len(title) - 60)  # a suffix is a few words at the end: search only there
    for r, rx in cues.suffixes:
        sm = rx.search(title, tail)
        if sm and sm.start() > 0:
            t_end = t_start + sm.start()
            role = r if role != "request" else role
            break
    ms = [m for m in idx.within(t_start, t_end) if m[1] <= t_end + 8]
    if not ms:
        return None
    own = sum(len(_STRIP.sub("", text[m[0]:min(m[1], t_end)])) for m in ms)
    # a post stands for its body: "Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã"
    own += sum(len(_STRIP.sub("", p.group(0))) for p in find_posts(text, t_start, t_end))
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


def _owned_lines(norm: NormText, sections: list[Section], heads_all: list, idx: AgencyIndex
                 ) -> tuple[dict[int, tuple[Section, list, str]], dict[int, int]]:
    """Map line index -> (owner section, owners, heading role) for owned bodies.

    Also returns, for a heading line whose duties follow its title after a
    colon ("b) Công an tỉnh: Chủ trì, phối hợp …"), where that text starts.
    """
    cues = _cues()
    owned: dict[int, tuple[Section, list, str]] = {}
    tails: dict[int, int] = {}
    heads = [(sec, h) for sec, h in heads_all if not cues.no_duty.search(sec.title or "")]
    # deeper sections override shallower ones
    for sec, (ms, role) in sorted(heads, key=lambda x: x[0].level):
        first = norm.line_at(sec.span[0])
        last = norm.line_at(max(sec.span[0], sec.span[1] - 1))
        for li in range(first, last + 1):
            ln = norm.lines[li]
            if sec.title_span and ln.start < sec.title_span[1] and ln.end > sec.title_span[0]:
                # the owners' names end the title; text after a colon is their duty
                # ("b) Thanh tra: Ủy ban nhân dân các huyện làm đầu mối …" has its own subject)
                tm = _AFTER_TITLE.search(norm.text, ms[-1][1], ln.end)
                if tm and not norm.text[ms[-1][1]:tm.start()].strip(" .*") \
                        and not idx.any_within(tm.end(), tm.end() + 1):
                    owned[li] = (sec, ms, role)
                    tails[li] = tm.end()
                continue
            if cues.closing.match(norm.text, ln.start, ln.end) or ln.has("signer"):
                break
            owned[li] = (sec, ms, role)
    # lines that are themselves headings of non-owner subsections keep no owner
    return owned, tails


# ------------------------------------------------------------------- finding


def _deadline(text: str, dates: list[DateItem], start: int, end: int) -> str | None:
    """The deadline of a duty spanning ``[start, end)``; ``dates`` sorted by start."""
    cues = _cues()
    best = None
    i = bisect.bisect_left(dates, start, key=_date_start)
    while i < len(dates) and dates[i].span[0] < end:
        d = dates[i]
        i += 1
        if d.span[1] <= end:
            if d.role == "deadline":
                return d.end or d.value if d.kind == "range" else d.value
            if best is None and cues.deadline_before.search(text[max(start, d.span[0] - 25):d.span[0]]):
                best = d.value
    return best


def _date_start(d: DateItem) -> int:
    return d.span[0]


def _assignee(text: str, start: int, mention_start: int) -> str | None:
    posts = find_posts(text, max(start, mention_start - 40), mention_start)
    if posts and mention_start - posts[-1].end() <= 2:
        return posts[-1].group(0)
    return None


class _Collector:
    """Collects duties, dropping exact repeats (agency, role, span)."""

    def __init__(self, norm: NormText, sections: list[Section], dates: list[DateItem]):
        self.norm, self.sections = norm, sections
        self.dates = sorted(dates, key=_date_start)
        self.where = SectionLookup(sections)
        self.out: list[Duty] = []
        self.report = False
        self.seen: set[tuple] = set()
        self._span_info: dict[tuple[int, int], tuple] = {}  # (start, end) -> task, deadline, section, page

    def add(self, agency: str, role: str, start: int, end: int, with_: list[str] | None = None,
            assignee: str | None = None, table: int | None = None, cell: tuple[int, int] | None = None,
            task: str | None = None) -> None:
        key = (agency, role, start, end)
        if key in self.seen or agency.lower() in _anaphoric():
            return
        self.seen.add(key)
        info = self._span_info.get((start, end))
        if info is None:  # several agencies and roles share one sentence
            text = self.norm.text
            info = self._span_info[(start, end)] = (
                _TASK_LEAD.sub("", text[start:end]).strip(), _deadline(text, self.dates, start, end),
                self.where.at(start), self.norm.page_at(start))
        self.out.append(Duty(
            agency=agency, role=role, with_=[w for w in (with_ or []) if w != agency],
            task=task if task is not None else info[0], deadline=info[1], assignee=assignee,
            section=info[2], span=(start, end), page=info[3], table=table, cell=cell,
        ))


@cache
def _anaphoric() -> frozenset[str]:
    return frozenset(w.lower() for w in rules.load("duties").get("anaphoric_collectives", []))


_TASK_LEAD = re.compile(r"^[\s\-+*•–]+")
_ADVERB = r"(?:(?:chủ động|tích cực|tiếp tục|kịp thời|có kế hoạch|thường xuyên|cần|đồng thời)\s+)*"
_ADVERB_RE = re.compile(_ADVERB, re.I)


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
                end = _after_paren(text, end, b)
                role = "lead" if cues.lead.match(text, end, b) or _lead_follows(text, idx, end, b) else "responsible"
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
            if not lead_in.strip() or cues.opener.match(lead_in) or _only_posts(lead_in):
                lst, end = _agency_list(text, idx, m[0], item.end)
                done_until = end
                end = _after_paren(text, end, item.end)
                fm = cues.function.match(text, end, item.end)
                if fm:  # "Sở Nội vụ, Sở Tư pháp theo chức năng, nhiệm vụ được giao | phối hợp …"
                    end = fm.end()
                qm = cues.qualifier.match(text, end, b)
                if qm:
                    # "Các cơ quan, đơn vị được giao nhiệm vụ … có trách nhiệm …": the verb comes later
                    vm = cues.qualified_verb.search(text, qm.end(), b)
                    if vm is None:
                        continue
                    end = vm.start()
                    while text[end - 1].isspace():  # the cues read the verb after its blank
                        end -= 1
                role = ("lead" if cues.lead.match(text, end, item.end) else
                        "cooperate" if cues.coop.match(text, end, item.end) else
                        "responsible" if cues.resp.match(text, end, item.end) else None)
                # a role verb wins over a non-duty word it starts with ("là cơ quan đầu mối" / "là")
                if role is None:
                    if cues.not_duty.match(text, end, item.end) or not _verbish(text, end, item.end):
                        continue
                    role = "responsible"
                if role == "responsible" and _lead_follows(text, idx, end, b):
                    role = "lead"  # "X là cơ quan thường trực, chủ trì, phối hợp với Y …"
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


_COMMA = re.compile(r",")
_PAREN_AFTER = re.compile(r"\s*\([^()\n]{0,160}\)")


def _after_paren(text: str, end: int, b: int) -> int:
    """Skip a parenthesis after an agency list: "Giao Trung tâm Y tế huyện (Cơ quan Thường
    trực Ban Chỉ đạo …) chủ trì, …" reads the verb after it."""
    pm = _PAREN_AFTER.match(text, end, b)
    return pm.end() if pm else end


def _lead_follows(text: str, idx: AgencyIndex, end: int, b: int) -> bool:
    """A comma-clause "chủ trì" follows the subject's first phrase before any other agency:
    "Giao Sở Y tế là cơ quan thường trực, chủ trì, phối hợp với …"."""
    stop = min(b, end + 120)
    nxt = idx.within(end, stop)
    if nxt:
        stop = nxt[0][0]
    for k, c in enumerate(_COMMA.finditer(text, end, stop)):
        if k >= 3:
            break
        if _cues().lead.match(text, c.start(), stop):
            return True
    return False


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
    if not text.startswith(":", b):
        return False  # a label ends its clause with a colon
    for role, rx in _cues().labels:
        lm = rx.match(text, p, b + 2)
        if lm and _LABEL_BODY.match(text, p, lm.end()):
            lst, _ = _agency_list(text, idx, lm.end(), item.end)
            task = _label_task(col, item)
            for m in lst:
                col.add(m[2], role, item.start, item.end, task=task)
            return True
    return False


_LABEL_BODY = re.compile(r"\W*(?:đơn vị|cơ quan)", re.I)
_POST_GAP = re.compile(r"[\s,]*(?:và\s+)?")


def _only_posts(s: str) -> bool:
    """``s`` is nothing but officer posts ("Giám đốc ", "Chủ tịch ", "Thủ trưởng các ")."""
    p = 0
    posts = find_posts(s, 0, len(s))
    for m in posts:
        if not _POST_GAP.fullmatch(s, p, m.start()):
            return False
        p = m.end()
    return bool(posts) and _POST_GAP.fullmatch(s, p) is not None


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
    owned, tails = _owned_lines(norm, sections, heads, idx)
    skip = _no_duty_ranges(sections)
    # a heading line is read from after its label: "Điều 2. Sở X chủ trì …",
    # "1. Về kinh phí: Giao Bộ Tài chính chủ trì …"
    text = norm.text
    heading_lines = {}
    for s in sections:
        if s.title_span:
            hl = norm.line_at(s.title_span[0])
            ln = norm.lines[hl]
            lm = _after_label(text, ln.start, ln.end, s.label)
            heading_lines[hl] = ln.start if lm is None else lm
    # every sentence rule needs an agency in the line, unless a heading owns it
    line_starts = [ln.start for ln in norm.lines]
    lines = sorted(set(owned) | {bisect.bisect_right(line_starts, a) - 1 for a in idx.starts})
    for li in lines:
        ln = norm.lines[li]
        if ln.kind == "table_row" or ln.has("header") or ln.has("signer"):
            continue
        if ln.start < body_start or any(a <= ln.start < b for a, b in skip):
            continue  # the preamble and context sections assign nothing
        own = owned.get(li)
        for item in _sentences(norm, li, tails.get(li, heading_lines.get(li))):
            if own:
                sec, owners, hrole = own
                roles, partners = _sentence_roles(text, idx, item)
                for o in owners:
                    for r in roles_policy(hrole, roles):
                        col.add(o[2], r, item.start, item.end, [p[2] for p in partners])
            if idx.any_within(item.start, item.end):
                _sentence_duties(col, idx, item, own[1] if own else None)
    table_duties(col, norm, idx)
    col.out.sort(key=lambda d: (d.span[0], d.span[1]))
    return col.out


def _no_duty_ranges(sections: list[Section]) -> list[tuple[int, int]]:
    cues = _cues()
    return [s.span for s in sections if cues.no_duty.search(s.title or "")]

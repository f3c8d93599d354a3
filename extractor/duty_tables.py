"""Duties from task-assignment tables (split out of ``duties``).

A table whose header names role columns (``Cơ quan chủ trì``, ``Cơ quan
phối hợp``, ``Cơ quan thực hiện``; words in ``rules/duties.yaml``) gives one
duty per row and agency, with ``table`` and ``cell`` set, the row's task
column as ``task`` and its time column's date as ``deadline``.

Tables that lost their grid (pdftotext of a Word table: the header row is a
line "Nội dung Chỉ tiêu Cơ quan thực hiện Cơ quan phối hợp" and each cell a
line of its own) are read loosely: after such a header line, a line made
only of agency names fills the next role column of the header, in order.
"""

from __future__ import annotations

import re

from . import duty_cues
from .agencies import AgencyIndex
from .layout import NormText


def _column_roles(norm: NormText, cells: list[tuple[int, int]]) -> dict[int, str]:
    cues = duty_cues.cues()
    roles: dict[int, str] = {}
    for ci, (a, b) in enumerate(cells):
        cell = norm.text[a:b].strip()
        for role, rx in cues.columns:
            if rx.match(cell):
                roles[ci] = role
                break
    return roles


def table_duties(col, norm: NormText, idx: AgencyIndex) -> None:
    """Add duties from real tables and from grid-less ones to ``col``."""
    for tb in norm.tables:
        _grid_table(col, norm, idx, tb)
    _loose_tables(col, norm, idx)


def _grid_table(col, norm: NormText, idx: AgencyIndex, tb) -> None:
    if not tb.cells:
        return
    head_i, roles = None, {}
    for ri, row in enumerate(tb.cells[:3]):
        roles = _column_roles(norm, row)
        if any(r in ("lead", "cooperate", "responsible") for r in roles.values()):
            head_i = ri
            break
    if head_i is None:
        return
    task_col = next((c for c, r in roles.items() if r == "task"), None)
    for ri in range(head_i + 1, len(tb.cells)):
        row = tb.cells[ri]
        if not row:
            continue
        r0, r1 = row[0][0], row[-1][1]
        task = norm.text[row[task_col][0]:row[task_col][1]].strip() if task_col is not None and task_col < len(row) else None
        by_role: dict[str, list[str]] = {}
        for ci, (a, b) in enumerate(row):
            role = roles.get(ci)
            if role not in ("lead", "cooperate", "responsible"):
                continue
            for m in idx.within(a, b):
                by_role.setdefault(role, []).append(m[2])
        all_names = [n for names in by_role.values() for n in names]
        for ci, (a, b) in enumerate(row):
            role = roles.get(ci)
            if role not in ("lead", "cooperate", "responsible"):
                continue
            for m in idx.within(a, b):
                col.add(m[2], role, r0, r1, [n for n in all_names if n != m[2]],
                        table=tb.index, cell=(ri, ci), task=task)


_HEADER_ROLE = re.compile(
    r"(?P<lead>(?:cơ quan|đơn vị)\s+chủ\s+trì)|(?P<responsible>(?:cơ quan|đơn vị)\s+thực\s+hiện)"
    r"|(?P<cooperate>(?:cơ quan|đơn vị)\s+phối\s+hợp)",
    re.I,
)


def _header_lines(norm: NormText) -> set[int]:
    """Lines that may be a grid-less header: they hold "trì" or "hợp" (a header
    names two of the three role columns, so one of these)."""
    text = norm.text
    out = set()
    for w in ("trì", "hợp"):
        i = text.find(w)
        while i >= 0:
            li = norm.line_at(i)
            out.add(li)
            i = text.find(w, max(i + 1, norm.lines[li].end))  # one hit per line is enough
    return out


def _loose_tables(col, norm: NormText, idx: AgencyIndex) -> None:
    text = norm.text
    order: list[str] = []
    next_i = 0
    task_start = None
    maybe_header = _header_lines(norm)
    if not maybe_header:
        return
    for li in range(min(maybe_header), len(norm.lines)):
        if not order and li not in maybe_header:
            continue  # outside a table only a header line matters
        ln = norm.lines[li]
        if ln.kind == "table_row":
            continue
        s = text[ln.start:ln.end]
        # a header names two role columns; most lines name none (cheap test first)
        maybe = len(s) < 400 and ("trì" in s) + ("hợp" in s) + ("hiện" in s) >= 2
        found = [m.lastgroup for m in _HEADER_ROLE.finditer(s)] if maybe else []
        if len(found) >= 2:
            order, next_i, task_start = found, 0, None
            continue
        if not order:
            continue
        ms = idx.within(ln.start, ln.end)
        rest = s
        for m in reversed(ms):
            rest = rest[: m[0] - ln.start] + rest[m[1] - ln.start:]
        only_agencies = ms and not re.sub(r"[\s,;.:\-–]|và", "", rest)
        if not only_agencies:
            if next_i > 0 or task_start is None:
                task_start = ln.start
            next_i = 0
            if re.match(r"^\W*(?:[IVX]+|\d+)[.)]\s", s):  # a new numbered heading ends the table
                order = []
            continue
        k = next_i
        for j, m in enumerate(ms):
            if j and not re.search(r"[,;]|\bvà\b", text[ms[j - 1][1]:m[0]]):
                k += 1  # "Các trường THCS Các Trường THPT": two cells on one line
            if k >= len(order):
                break
            col.add(m[2], order[k], ln.start, ln.end,
                    task=text[task_start:ln.start].strip() if task_start is not None else None)
        next_i = k + 1

"""Audit duties across indexed documents: who must do what, by when.

``audit`` returns one row per duty (agency, role, task, deadline, overdue
flag as of a date, the document and the section); ``by_agency`` counts them
per agency by role and by document. ``to_csv``/``to_json``/``to_table``
format them; the HTML page lives in ``audit_html``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .filters import DocFilter, check_date, resolve_agencies

__all__ = ["ROLES", "AuditRow", "AuditReport", "AgencyCount", "audit", "by_agency", "to_csv", "to_json",
           "to_table", "CSV_COLUMNS"]

ROLES = ("lead", "cooperate", "responsible")

#: CSV columns, agency first so a spreadsheet sorts by it.
CSV_COLUMNS = ["agency", "role", "task", "deadline", "overdue", "number_symbol", "issued_date", "issuer",
               "section", "section_path", "source", "with"]


@dataclass
class AuditRow:
    """One duty with its document and section."""

    agency: str
    role: str
    task: str
    deadline: str | None
    overdue: bool | None  # None: no deadline
    number_symbol: str | None
    issued_date: str | None
    issuer: str | None
    section: str | None
    section_path: str | None
    source: str | None
    with_: list[str] = field(default_factory=list)
    title: str | None = None
    type_code: str | None = None
    duty_id: int = 0
    doc_id: int = 0
    span: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["with"] = d.pop("with_")
        d["span"] = list(self.span)
        return d

    @property
    def document(self) -> str:
        """How the document is named in a report: its number, else its file."""
        return self.number_symbol or (self.source or "").rsplit("/", 1)[-1] or f"#{self.doc_id}"


@dataclass
class AuditReport:
    """The rows and how the filters were understood."""

    rows: list[AuditRow]
    as_of: str
    agencies_matched: list[str] | None = None  # agency names the --agency filter resolved to

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "agencies_matched": self.agencies_matched,
                "duties": [r.to_dict() for r in self.rows]}


@dataclass
class AgencyCount:
    """Duties of one agency: by role, by document, and how many are overdue."""

    agency: str
    total: int = 0
    overdue: int = 0
    by_role: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    by_document: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def audit(conn: sqlite3.Connection, *, agency: str | None = None, role: str | None = None,
          where: DocFilter | None = None, as_of: str | None = None) -> AuditReport:
    """Duties of the indexed documents, filtered, in document and reading order.

    ``agency`` accepts abbreviations and near spellings (see
    :func:`filters.resolve_agencies`); ``role`` is lead, cooperate or
    responsible; ``as_of`` (ISO date, default today) decides ``overdue``.
    """
    as_of = check_date(as_of, "--as-of") or date.today().isoformat()
    if role is not None and role not in ROLES:
        raise ValueError(f"--role: expected one of {', '.join(ROLES)}, got {role!r}")
    cond, params = (where or DocFilter()).sql()
    sql = ["SELECT t.*, d.number_symbol, d.issued_date, d.issuer, d.source_path, d.title, d.type_code,"
           " (SELECT s.path FROM sections s WHERE s.doc_id = t.doc_id AND s.section_id = t.section_id"
           "  ORDER BY s.ord LIMIT 1) AS section_path"
           f" FROM duties t JOIN documents d ON d.id = t.doc_id WHERE {cond}"]
    matched = None
    if agency:
        keys = resolve_agencies(conn, agency)
        matched = [r[0] for r in conn.execute(
            "SELECT DISTINCT agency FROM duties WHERE agency_key IN (%s) ORDER BY agency"
            % (",".join("?" * len(keys)) or "NULL"), keys)]
        sql.append("AND t.agency_key IN (%s)" % (",".join("?" * len(keys)) or "NULL"))
        params = [*params, *keys]
    if role:
        sql.append("AND t.role = ?")
        params = [*params, role]
    sql.append("ORDER BY d.issued_date IS NULL, d.issued_date, d.id, t.ord")
    rows = [_row(r, as_of) for r in conn.execute(" ".join(sql), params)]
    return AuditReport(rows=rows, as_of=as_of, agencies_matched=matched)


def _row(r: sqlite3.Row, as_of: str) -> AuditRow:
    overdue = None if r["deadline_end"] is None else r["deadline_end"] < as_of
    return AuditRow(agency=r["agency"], role=r["role"], task=r["task"], deadline=r["deadline"],
                    overdue=overdue, number_symbol=r["number_symbol"], issued_date=r["issued_date"],
                    issuer=r["issuer"], section=r["section_id"], section_path=r["section_path"],
                    source=r["source_path"], with_=json.loads(r["with_agencies"]), title=r["title"],
                    type_code=r["type_code"], duty_id=r["id"], doc_id=r["doc_id"],
                    span=(r["start"], r["end"]))


def by_agency(rows: list[AuditRow]) -> list[AgencyCount]:
    """Per-agency counts, most duties first."""
    out: dict[str, AgencyCount] = {}
    for r in rows:
        c = out.setdefault(r.agency, AgencyCount(r.agency))
        c.total += 1
        c.overdue += bool(r.overdue)
        c.by_role[r.role] = c.by_role.get(r.role, 0) + 1
        c.by_document[r.document] = c.by_document.get(r.document, 0) + 1
    return sorted(out.values(), key=lambda c: (-c.total, c.agency))


# ----------------------------------------------------------------- formats


def _cells(r: AuditRow) -> dict[str, Any]:
    d = r.to_dict()
    d["overdue"] = "" if r.overdue is None else ("yes" if r.overdue else "no")
    d["with"] = "; ".join(r.with_)
    return d


def to_csv(report: AuditReport, counts: list[AgencyCount] | None = None) -> str:
    """CSV with a header row: duties, or with ``counts`` one row per agency."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if counts is not None:
        w.writerow(["agency", "total", *ROLES, "overdue", "documents"])
        for c in counts:
            w.writerow([c.agency, c.total, *(c.by_role.get(k, 0) for k in ROLES), c.overdue,
                        len(c.by_document)])
        return buf.getvalue()
    w.writerow(CSV_COLUMNS)
    for r in report.rows:
        cells = _cells(r)
        w.writerow([cells[k] if cells[k] is not None else "" for k in CSV_COLUMNS])
    return buf.getvalue()


def to_json(report: AuditReport, counts: list[AgencyCount] | None = None) -> str:
    """The report (or the per-agency counts) as indented JSON."""
    data: Any = report.to_dict()
    if counts is not None:
        data = {"as_of": report.as_of, "agencies": [c.to_dict() for c in counts]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_table(report: AuditReport, counts: list[AgencyCount] | None = None, width: int | None = None):
    """A ``rich.table.Table`` for the terminal (imported lazily)."""
    from rich.table import Table

    if counts is not None:
        t = Table(title=f"Duties per agency (as of {report.as_of})")
        t.add_column("Agency", min_width=30)
        for col in ("Total", "Lead", "Cooperate", "Responsible", "Overdue", "Documents"):
            t.add_column(col, justify="right")
        for c in counts:
            t.add_row(c.agency, str(c.total), *(str(c.by_role.get(k, 0)) for k in ROLES),
                      str(c.overdue), str(len(c.by_document)))
        return t
    t = Table(title=f"{len(report.rows)} duties (as of {report.as_of})", show_lines=False)
    t.add_column("Agency", min_width=20, overflow="fold")
    for col in ("Role", "Task", "Deadline", "Overdue", "Document", "Section"):
        t.add_column(col, overflow="fold")
    for r in report.rows:
        task = r.task if len(r.task) <= 90 else r.task[:87] + "…"
        t.add_row(r.agency, r.role, task, r.deadline or "",
                  "" if r.overdue is None else ("[red]yes[/red]" if r.overdue else "no"),
                  f"{r.document} {r.issued_date or ''}".strip(), r.section or "")
    return t

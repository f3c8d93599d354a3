"""Duty audit on a small indexed corpus: filters, overdue flags, formats, HTML page."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_util import TEXT_DOCS, extracted
from extractor.cli import app
from extractor.index.audit import CSV_COLUMNS, audit, by_agency, to_csv, to_json
from extractor.index.audit_html import render_audit_html
from extractor.index.filters import DocFilter, resolve_agencies
from extractor.index.store import connect, index_results
from test_index import make_rec



def all_duties() -> list[dict]:
    return [d for p in TEXT_DOCS for d in extracted(str(p))["duties"]]


def test_one_row_per_duty(conn) -> None:
    report = audit(conn, as_of="2025-01-01")
    assert len(report.rows) == len(all_duties())
    assert {r.role for r in report.rows} <= {"lead", "cooperate", "responsible"}
    row = next(r for r in report.rows if r.number_symbol == "74/KH-UBND")
    assert row.issued_date == "2024-08-19" and row.issuer == "Ủy ban nhân dân phường Chi Lăng"
    assert row.section and row.section_path and row.source.endswith("kh-74-ubnd-chi-lang-2024.txt")


AGENCY_CASES = [
    # typed -> canonical names it must resolve to (exactly)
    ("Phòng GDĐT", ["Phòng Giáo dục và Đào tạo"]),                   # abbreviation
    ("Phòng GD&ĐT", ["Phòng Giáo dục và Đào tạo"]),                  # another abbreviation
    ("phong giao duc va dao tao", ["Phòng Giáo dục và Đào tạo"]),    # no marks, lower case
    ("Phong Giao duc va Dao taoo", ["Phòng Giáo dục và Đào tạo"]),   # a typo: fuzzy
    ("Sở VHTTDL", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("xyz không có", []),                                          # nothing close
]


@pytest.mark.parametrize("typed,expected", AGENCY_CASES)
def test_agency_filter(conn, typed: str, expected: list[str]) -> None:
    report = audit(conn, agency=typed, as_of="2025-01-01")
    assert report.agencies_matched == expected
    assert {r.agency for r in report.rows} == set(expected)
    assert len(report.rows) == sum(d["agency"] in expected for d in all_duties())


def test_agency_substring_matches_every_variant(conn) -> None:
    keys = resolve_agencies(conn, "phòng giáo dục")
    assert "phong giao duc va dao tao" in keys and "phong giao duc va dao tao huyen" in keys


@pytest.mark.parametrize("role", ["lead", "cooperate", "responsible"])
def test_role_filter(conn, role: str) -> None:
    rows = audit(conn, role=role).rows
    assert rows and all(r.role == role for r in rows)
    assert len(rows) == sum(d["role"] == role for d in all_duties())


@pytest.mark.parametrize("kwargs,message", [
    ({"role": "chief"}, "--role"),            # not a role
    ({"as_of": "01/01/2025"}, "--as-of"),     # not ISO
])
def test_bad_arguments(conn, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        audit(conn, **kwargs)


def test_document_filters(conn) -> None:
    rows = audit(conn, where=DocFilter(doc_type="QĐ", date_from="2025-01-01")).rows
    assert rows and {r.number_symbol for r in rows} == {"26/2025/QĐ-UBND"}


OVERDUE_CASES = [
    # deadline, as of, overdue?
    ("2024-12", "2025-01-01", True),      # month deadline, passed
    ("2024-12", "2024-12-15", False),     # month deadline runs to the 31st
    ("2025-03-01", "2025-01-01", False),  # day deadline ahead
    ("2024", "2024-12-31", False),        # year deadline: its last day is not overdue
    ("2024", "2025-01-01", True),
    (None, "2025-01-01", None),           # no deadline: unknown
]


@pytest.mark.parametrize("deadline,as_of,overdue", OVERDUE_CASES)
def test_overdue(tmp_path: Path, deadline, as_of, overdue) -> None:
    rec = make_rec("d.txt", "Kế hoạch", "Giao Phòng Tư pháp rà soát văn bản.")
    rec["duties"] = [{"agency": "Phòng Tư pháp", "role": "lead", "with": [], "task": "rà soát văn bản",
                      "deadline": deadline, "section": None, "span": [5, 36], "page": 1}]
    conn = connect(tmp_path / "o.sqlite")
    index_results(conn, [rec])
    assert audit(conn, as_of=as_of).rows[0].overdue is overdue


def test_by_agency_counts(conn) -> None:
    counts = by_agency(audit(conn).rows)
    assert sum(c.total for c in counts) == len(all_duties())
    gd = next(c for c in counts if c.agency == "Phòng Giáo dục và Đào tạo")
    assert gd.total == sum(gd.by_role.values()) == sum(gd.by_document.values())
    assert len(gd.by_document) >= 2
    assert [c.total for c in counts] == sorted((c.total for c in counts), reverse=True)


def test_csv_agency_first(conn) -> None:
    report = audit(conn, agency="Phòng GDĐT", as_of="2025-01-01")
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert rows[0] == CSV_COLUMNS and rows[0][0] == "agency"
    assert len(rows) == 1 + len(report.rows)
    assert {r[0] for r in rows[1:]} == {"Phòng Giáo dục và Đào tạo"}
    assert {r[4] for r in rows[1:]} <= {"yes", "no", ""}


def test_json_by_agency(conn) -> None:
    data = json.loads(to_json(audit(conn), by_agency(audit(conn).rows)))
    assert data["agencies"][0]["total"] >= data["agencies"][-1]["total"]
    assert set(data["agencies"][0]["by_role"]) == {"lead", "cooperate", "responsible"}


class PageParser(HTMLParser):
    """Collects what the audit page tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.details: set[str] = set()
        self.external: list[str] = []
        self.svg_rects = 0
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])
        if tag == "link" or (tag == "script" and "src" in a):
            self.external.append(tag)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []
        elif tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        elif tag == "details":
            self.details.add(a["id"])
        elif tag == "rect":
            self.svg_rects += 1

    def handle_endtag(self, tag) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html_page(conn) -> None:
    report = audit(conn, agency="Phòng GDĐT", as_of="2025-01-01")
    page = PageParser()
    page.feed(render_audit_html(conn, report))
    assert not page.external
    assert len(page.rows) == len(report.rows) > 0
    assert all(r[0] == "Phòng Giáo dục và Đào tạo" for r in page.rows)
    assert [r[2] for r in page.rows] == [r.task for r in report.rows]
    assert page.svg_rects >= 1
    assert page.links and set(page.links) <= page.details   # every task links to its excerpt
    assert len(page.details) == len(report.rows)


def test_html_escapes_text(tmp_path: Path) -> None:
    rec = make_rec("x.txt", "Kế hoạch", "Giao <b>Phòng Tư pháp</b> & UBND xã.")
    rec["duties"] = [{"agency": "Phòng <Tư pháp>", "role": "lead", "task": "<script>alert(1)</script>",
                      "span": [5, 25], "page": 1}]
    conn = connect(tmp_path / "e.sqlite")
    index_results(conn, [rec])
    html = render_audit_html(conn, audit(conn))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_cli_audit_formats(corpus_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["audit", "--db", str(corpus_db), "--agency", "Phòng GDĐT", "--format", "csv",
                              "--as-of", "2025-01-01"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("agency,role,task,deadline,overdue")
    assert "agency matched: Phòng Giáo dục và Đào tạo" in res.stderr
    res = runner.invoke(app, ["audit", "--db", str(corpus_db), "--by-agency", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["agencies"]
    out = tmp_path / "audit.html"
    res = runner.invoke(app, ["audit", "--db", str(corpus_db), "--role", "lead", "--format", "html", "-o", str(out)])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    res = runner.invoke(app, ["audit", "--db", str(corpus_db), "--by-agency"])
    assert res.exit_code == 0 and "Duties per agency" in res.stdout and "Cooperate" in res.stdout


CLI_ERRORS = [
    (["audit", "--db", "{tmp}/none.sqlite"], 10, "no such index database"),
    (["audit", "--db", "{db}", "--format", "xml"], 2, "--format"),
    (["audit", "--db", "{db}", "--role", "boss"], 2, "--role"),
    (["audit", "--db", "{db}", "--as-of", "tomorrow"], 2, "--as-of"),
]


@pytest.mark.parametrize("args,code,message", CLI_ERRORS)
def test_cli_audit_errors(corpus_db: Path, tmp_path: Path, args, code, message) -> None:
    res = CliRunner().invoke(app, [a.format(tmp=tmp_path, db=corpus_db) for a in args])
    assert res.exit_code == code and message in res.stderr and len(res.stderr.splitlines()) == 1

"""Filters shared by search and audit: document type, issuer, dates, agency.

Each filter turns what a person typed into a SQL condition over the
``documents`` table (alias ``d``) and its parameters. Agency names are
resolved against the names actually in the index: abbreviations expanded
(``Phòng GDĐT`` -> ``Phòng Giáo dục và Đào tạo``), accents folded, then an
exact, substring or fuzzy (rapidfuzz) match, in that order.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from .fold import fold_key

__all__ = ["DocFilter", "resolve_agencies", "agency_key", "check_date", "FUZZY_CUTOFF"]

#: Lowest rapidfuzz score (0-100) for a typed agency name to match an indexed one.
FUZZY_CUTOFF = 85
#: Fuzzy matches kept: those within this many points of the best one.
FUZZY_MARGIN = 3

ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def check_date(value: str | None, name: str) -> str | None:
    """``value`` if it is an ISO date (``2024``, ``2024-08``, ``2024-08-19``), else ValueError."""
    if value is not None and not ISO_DATE.match(value):
        raise ValueError(f"{name}: expected an ISO date like 2024-08-19, got {value!r}")
    return value


def agency_key(name: str) -> str:
    """Comparison key of an agency name: abbreviations expanded, folded, lower case."""
    from ..metadata import expand_abbreviations

    return fold_key(expand_abbreviations(" ".join(name.split())))


def resolve_agencies(conn: sqlite3.Connection, query: str, table: str = "duties") -> list[str]:
    """Keys (``agency_key``/``name_key``) of indexed agencies that ``query`` names.

    Exact key first; otherwise every name that contains the query; otherwise
    the fuzzy matches scoring at least ``FUZZY_CUTOFF`` and near the best.
    """
    column = {"duties": "agency_key", "agencies": "name_key"}[table]
    keys = [r[0] for r in conn.execute(f"SELECT DISTINCT {column} FROM {table}")]
    wanted = agency_key(query)
    if not wanted:
        return []
    if wanted in keys:
        return [wanted]
    contained = [k for k in keys if wanted in k]
    if contained:
        return contained
    from rapidfuzz import fuzz, process

    found = process.extract(wanted, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20)
    # a typo matches its name, not every name within the cutoff
    best = found[0][1] if found else 0
    return [k for k, score, _i in found if score >= best - FUZZY_MARGIN]


@dataclass
class DocFilter:
    """Conditions on documents: type code or name, issuer, issue-date range."""

    doc_type: str | None = None
    issuer: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    agency_keys: list[str] | None = None  # documents naming one of these agencies

    def sql(self) -> tuple[str, list]:
        """``(condition, params)`` over ``documents d``; ``"1"`` when empty."""
        where, params = [], []
        if self.doc_type:
            where.append("(upper(d.type_code) = upper(?) OR lower(d.type) = lower(?))")
            params += [self.doc_type, self.doc_type]
        if self.issuer:
            where.append("d.issuer_key LIKE ? ESCAPE '\\'")
            params.append("%" + _like(agency_key(self.issuer)) + "%")
        if self.date_from:
            where.append("d.issued_date >= ?")
            params.append(check_date(self.date_from, "--from"))
        if self.date_to:
            # "2024-08-19" <= "2024-08\uffff": a month or year bound covers its days
            where.append("d.issued_date <= ?")
            params.append(check_date(self.date_to, "--to") + "\uffff")
        if self.agency_keys is not None:
            marks = ",".join("?" * len(self.agency_keys)) or "NULL"
            where.append(f"d.id IN (SELECT doc_id FROM agencies WHERE name_key IN ({marks}))")
            params += self.agency_keys
        return (" AND ".join(where) or "1"), params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

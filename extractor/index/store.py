"""The SQLite store: schema, connection and the incremental upsert.

One row per document, one per section, legal reference, agency, duty and
target, each child keyed to its document with ``ON DELETE CASCADE``. Search
ranks documents in ``documents_fts`` (title and text, folded by
:func:`extractor.index.fold.fold`), marks those that also match as written
in ``documents_exact_fts``, and finds the best passage of each hit in
``passages_fts`` (titles, the own text of each section, duty tasks).
``upsert_document`` adds the FTS rows (folding a document's text once for
all its passages); delete triggers remove them when their rows go, through
the SQL function ``vn_fold`` that ``connect`` registers.

A document is keyed by its source path (or ``sha256:<hash>`` when it has
none). Indexing the same result again is a no-op (same ``result_hash``);
a changed one replaces the old rows. Each document is written inside a
SAVEPOINT of a batch transaction, so a crash or a bad record never leaves a
half-indexed document behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import InputError
from .fold import fold, fold_key

__all__ = ["SCHEMA_VERSION", "IndexStats", "Failure", "connect", "index_results", "upsert_document",
           "optimize", "iter_jsonl", "failure_of", "end_of_period", "result_from_row"]

#: Bumped on any change of the tables below; an older database is rebuilt by re-indexing.
SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  source_key TEXT NOT NULL UNIQUE,      -- normalised source path, or sha256:<hash>
  source_path TEXT,
  sha256 TEXT NOT NULL,
  result_hash TEXT NOT NULL,            -- sha256 of the contract JSON: same hash = no-op
  media_type TEXT, pages INTEGER,
  type TEXT, type_code TEXT, number TEXT, symbol TEXT, number_symbol TEXT,
  issuer TEXT, issuer_key TEXT, parent_issuer TEXT, place TEXT,
  issued_date TEXT, title TEXT, period_start TEXT, period_end TEXT,
  signer_name TEXT, signer_position TEXT, signer_authority TEXT,
  recipients TEXT NOT NULL DEFAULT '[]',   -- JSON array
  text TEXT NOT NULL,
  result_json BLOB NOT NULL,            -- zlib of the contract JSON without "text"
  indexed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_type_date ON documents(type_code, issued_date);
CREATE INDEX IF NOT EXISTS documents_date ON documents(issued_date);
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer_key);

CREATE TABLE IF NOT EXISTS sections (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  section_id TEXT NOT NULL, parent_id TEXT, level INTEGER, label TEXT, style TEXT, title TEXT,
  path TEXT NOT NULL,                   -- "III. NỘI DUNG › 2. Đối với …"
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER,
  UNIQUE (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id, section_id);

CREATE TABLE IF NOT EXISTS legal_refs (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  ref_id TEXT NOT NULL, type TEXT, type_code TEXT, number TEXT, year TEXT, issuer_code TEXT,
  issued_date TEXT, issuer TEXT, title TEXT, mentions INTEGER NOT NULL,
  UNIQUE (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS legal_refs_ref ON legal_refs(ref_id);

CREATE TABLE IF NOT EXISTS agencies (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name TEXT NOT NULL, name_key TEXT NOT NULL, written TEXT NOT NULL DEFAULT '[]',
  level TEXT, locality TEXT, kind TEXT, mentions INTEGER NOT NULL,
  UNIQUE (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS agencies_key ON agencies(name_key, doc_id);

CREATE TABLE IF NOT EXISTS duties (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  agency TEXT NOT NULL, agency_key TEXT NOT NULL, role TEXT NOT NULL,
  with_agencies TEXT NOT NULL DEFAULT '[]', task TEXT NOT NULL,
  deadline TEXT, deadline_end TEXT,     -- deadline_end: last day of a month/year deadline
  assignee TEXT, section_id TEXT,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER,
  UNIQUE (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS duties_agency ON duties(agency_key, role);
CREATE INDEX IF NOT EXISTS duties_doc ON duties(doc_id);
CREATE INDEX IF NOT EXISTS duties_deadline ON duties(deadline_end);

CREATE TABLE IF NOT EXISTS targets (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  text TEXT NOT NULL, metric TEXT, value REAL, value_max REAL, unit TEXT, comparator TEXT,
  deadline TEXT, agency TEXT, section_id TEXT,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER,
  UNIQUE (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS targets_doc ON targets(doc_id);

CREATE TABLE IF NOT EXISTS passages (
  id INTEGER PRIMARY KEY,               -- contiguous per document: search ranges over them
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('title', 'section', 'duty')),
  item_id INTEGER,                      -- sections.id or duties.id
  section_id TEXT, start INTEGER, "end" INTEGER,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id);

-- Contentless FTS5 tables: the text lives once, in documents and passages.
-- Rows are added by upsert_document (which folds a document's text once for
-- all its passages); the delete triggers recompute the folded values with
-- vn_fold() (registered by connect()), to hand FTS5 exactly what was indexed.
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
  title_fold, body_fold, content='', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS documents_exact_fts USING fts5(
  title, body, content='', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
  body_fold, content='', tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title_fold, body_fold)
  VALUES ('delete', old.id, vn_fold(coalesce(old.title, '')), vn_fold(old.text));
  INSERT INTO documents_exact_fts(documents_exact_fts, rowid, title, body)
  VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
END;
CREATE TRIGGER IF NOT EXISTS passages_ad AFTER DELETE ON passages BEGIN
  INSERT INTO passages_fts(passages_fts, rowid, body_fold) VALUES ('delete', old.id, vn_fold(old.body));
END;
"""


FTS_TABLES = ("documents_fts", "documents_exact_fts", "passages_fts")


class IndexDatabaseError(InputError):
    """The database is missing, not an index of this tool, or from a newer schema."""


@dataclass
class Failure:
    """A record that could not be indexed: where it came from and why."""

    source: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error}


@dataclass
class IndexStats:
    """What one indexing run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "failed": [f.to_dict() for f in self.failed], "seconds": round(self.seconds, 3)}


# ------------------------------------------------------------------ connect


def connect(path: str | os.PathLike, *, create: bool = True) -> sqlite3.Connection:
    """Open (and with ``create``, initialise) an index database.

    Raises :class:`IndexDatabaseError` when ``create`` is false and the file
    is missing, or when the file is not an index of a known schema.
    """
    p = Path(path)
    if not create and not p.is_file():
        raise IndexDatabaseError("no such index database (build it with `extract index`)", str(p))
    try:
        conn = sqlite3.connect(p, isolation_level=None)  # explicit BEGIN/COMMIT below
        conn.row_factory = sqlite3.Row
        conn.create_function("vn_fold", 1, fold, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA mmap_size = 1073741824")
        found = _schema_version(conn)
        if found is None and create:
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        elif found is None:
            raise IndexDatabaseError("not an index database of vn-plan-extractor", str(p))
        elif found != SCHEMA_VERSION:
            raise IndexDatabaseError(f"index schema {found} is not {SCHEMA_VERSION}; rebuild it", str(p))
    except sqlite3.DatabaseError as exc:
        raise IndexDatabaseError(f"cannot open database: {exc}", str(p)) from exc
    return conn


def _schema_version(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


# ------------------------------------------------------------------ reading


def iter_jsonl(path: str | os.PathLike) -> Iterator[dict[str, Any] | Failure]:
    """Contract JSON records of a batch ``.jsonl``; failure lines become ``Failure``."""
    p = Path(path)
    try:
        fh = p.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), str(p)) from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Failure(f"{p}:{n}", f"invalid JSON: {exc.msg}")
                continue
            if not isinstance(rec, dict):
                yield Failure(f"{p}:{n}", "not a JSON object")
            elif "error" in rec and "document" not in rec:
                yield failure_of(rec, f"{p}:{n}")
            else:
                yield rec


def failure_of(rec: dict[str, Any], where: str) -> Failure:
    """A batch failure line, ``{"source": {"path"…}, "error": {"message"…}}`` or
    with plain strings, as a ``Failure``."""
    src, err = rec.get("source"), rec.get("error")
    path = src.get("path") if isinstance(src, dict) else src
    message = err.get("message") or err.get("type") if isinstance(err, dict) else err
    return Failure(str(path or where), str(message))


# ------------------------------------------------------------------ writing


def end_of_period(value: str | None) -> str | None:
    """Last day a partial ISO date covers: ``2024-12`` -> ``2024-12-31``."""
    if not value:
        return None
    import calendar

    parts = value.split("-")
    try:
        if len(parts) == 1:
            return f"{int(parts[0]):04d}-12-31"
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    except ValueError:
        return None
    return value[:10]


def _source_key(rec: dict[str, Any]) -> str:
    src = rec.get("source") or {}
    if src.get("path"):
        return os.path.normpath(str(src["path"]))
    return f"sha256:{src.get('sha256') or hashlib.sha256(rec.get('text', '').encode()).hexdigest()}"


def upsert_document(conn: sqlite3.Connection, rec: dict[str, Any]) -> str:
    """Write one contract record; returns ``added``, ``replaced`` or ``unchanged``.

    Runs in a SAVEPOINT, so it is atomic on its own or inside a batch.
    """
    if not isinstance(rec.get("document"), dict) or not isinstance(rec.get("text"), str):
        raise ValueError("not a contract record (needs 'document' and 'text')")
    # "batch" (timings of a batch run) is not part of the result: leave it out,
    # or every re-run of a batch would look like a change
    rest = json.dumps({k: v for k, v in rec.items() if k not in ("text", "batch")},
                      ensure_ascii=False, separators=(",", ":"))
    key = _source_key(rec)
    digest = hashlib.sha256(f"{rest}\x00{rec['text']}".encode("utf-8")).hexdigest()
    old = conn.execute("SELECT id, result_hash FROM documents WHERE source_key = ?", (key,)).fetchone()
    if old is not None and old["result_hash"] == digest:
        return "unchanged"
    conn.execute("SAVEPOINT doc")
    try:
        if old is not None:
            conn.execute("DELETE FROM documents WHERE id = ?", (old["id"],))
        _insert(conn, rec, key, digest, rest)
    except BaseException:
        conn.execute("ROLLBACK TO doc")
        conn.execute("RELEASE doc")
        raise
    conn.execute("RELEASE doc")
    return "added" if old is None else "replaced"


def index_results(conn: sqlite3.Connection, records: Iterable[Any], *, batch: int = 200,
                  optimize_after: int = 200) -> IndexStats:
    """Upsert many records (contract dicts, ``Result`` objects or ``Failure``).

    Commits every ``batch`` documents; a record that fails is rolled back on
    its own and reported in ``IndexStats.failed``. After ``optimize_after``
    or more changes the FTS indexes are merged (:func:`optimize`).
    """
    import time

    stats, t0, pending = IndexStats(), time.perf_counter(), 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for rec in records:
            if isinstance(rec, Failure):
                stats.failed.append(rec)
                continue
            if hasattr(rec, "to_dict"):
                rec = rec.to_dict()
            try:
                outcome = upsert_document(conn, rec)
            except (ValueError, TypeError, KeyError, AttributeError, sqlite3.IntegrityError) as exc:
                where = str((rec.get("source") or {}).get("path") or "?") if isinstance(rec, dict) else "?"
                stats.failed.append(Failure(where, f"{type(exc).__name__}: {exc}"))
                continue
            setattr(stats, outcome, getattr(stats, outcome) + 1)
            pending += outcome != "unchanged"
            if pending >= batch:
                conn.execute("COMMIT")
                conn.execute("BEGIN IMMEDIATE")
                pending = 0
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if stats.added + stats.replaced >= optimize_after:
        optimize(conn)
    stats.seconds = time.perf_counter() - t0
    return stats


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each FTS index into one b-tree: queries read less after a bulk load."""
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    conn.execute("PRAGMA optimize")


def _insert(conn: sqlite3.Connection, rec: dict[str, Any], key: str, digest: str, rest: str) -> None:
    doc, src, text = rec["document"], rec.get("source") or {}, rec["text"]
    period, signer = doc.get("period") or {}, doc.get("signer") or {}
    cur = conn.execute(
        "INSERT INTO documents (source_key, source_path, sha256, result_hash, media_type, pages, type,"
        " type_code, number, symbol, number_symbol, issuer, issuer_key, parent_issuer, place, issued_date,"
        " title, period_start, period_end, signer_name, signer_position, signer_authority, recipients,"
        " text, result_json, indexed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (key, src.get("path"), src.get("sha256") or "", digest, src.get("media_type"), src.get("pages"),
         doc.get("type"), doc.get("type_code"), doc.get("number"), doc.get("symbol"),
         doc.get("number_symbol"), doc.get("issuer"), fold_key(doc.get("issuer") or ""),
         doc.get("parent_issuer"), doc.get("place"), doc.get("issued_date"), doc.get("title"),
         period.get("start"), period.get("end"), signer.get("name"), signer.get("position"),
         signer.get("authority"), json.dumps(doc.get("recipients") or [], ensure_ascii=False), text,
         zlib.compress(rest.encode("utf-8"), 1), datetime.now(timezone.utc).isoformat(timespec="seconds")))
    doc_id = cur.lastrowid
    title = doc.get("title") or ""
    folded = fold(text)
    conn.execute("INSERT INTO documents_fts (rowid, title_fold, body_fold) VALUES (?,?,?)",
                 (doc_id, fold(title), folded))
    conn.execute("INSERT INTO documents_exact_fts (rowid, title, body) VALUES (?,?,?)", (doc_id, title, text))
    section_rows = _insert_sections(conn, doc_id, rec.get("sections") or [])
    _insert_items(conn, doc_id, rec)
    # explicit, contiguous ids: search reads one document's passages as a rowid range
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM passages").fetchone()[0]
    rows = list(_passages(doc_id, doc, text, folded, rec.get("sections") or [], section_rows, conn))
    conn.executemany(
        "INSERT INTO passages (id, doc_id, kind, item_id, section_id, start, \"end\", body)"
        " VALUES (?,?,?,?,?,?,?,?)", [(first + i, *row[:-1]) for i, row in enumerate(rows)])
    conn.executemany("INSERT INTO passages_fts (rowid, body_fold) VALUES (?,?)",
                     [(first + i, row[-1]) for i, row in enumerate(rows)])


def _insert_sections(conn: sqlite3.Connection, doc_id: int, sections: list[dict]) -> list[int]:
    titles: dict[str, str] = {}
    ids = []
    for i, s in enumerate(sections):
        own = f"{s.get('label') or ''} {s.get('title') or ''}".strip()
        titles[s["id"]] = own[:60] + ("…" if len(own) > 60 else "")
        path = " › ".join(titles[a] for a in _ancestors(s["id"], s.get("parent"), sections) if a in titles)
        cur = conn.execute(
            "INSERT INTO sections (doc_id, ord, section_id, parent_id, level, label, style, title, path,"
            " start, \"end\", page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc_id, i, s["id"], s.get("parent"), s.get("level"), s.get("label"), s.get("style"),
             s.get("title"), path, s["span"][0], s["span"][1], s.get("page")))
        ids.append(cur.lastrowid)
    return ids


def _ancestors(sid: str, parent: str | None, sections: list[dict]) -> list[str]:
    by_id = {s["id"]: s.get("parent") for s in sections}
    chain = [sid]
    while parent and parent not in chain and len(chain) < 20:
        chain.append(parent)
        parent = by_id.get(parent)
    return chain[::-1]


def _insert_items(conn: sqlite3.Connection, doc_id: int, rec: dict[str, Any]) -> None:
    conn.executemany(
        "INSERT INTO legal_refs (doc_id, ord, ref_id, type, type_code, number, year, issuer_code,"
        " issued_date, issuer, title, mentions) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, i, r.get("id") or "", r.get("type"), r.get("type_code"), r.get("number"), r.get("year"),
          r.get("issuer_code"), r.get("issued_date"), r.get("issuer"), r.get("title"),
          len(r.get("mentions") or [])) for i, r in enumerate(rec.get("legal_references") or [])])
    conn.executemany(
        "INSERT INTO agencies (doc_id, ord, name, name_key, written, level, locality, kind, mentions)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(doc_id, i, a["name"], fold_key(a["name"]), json.dumps(a.get("written") or [], ensure_ascii=False),
          a.get("level"), a.get("locality"), a.get("kind"), len(a.get("mentions") or []))
         for i, a in enumerate(rec.get("agencies") or [])])
    conn.executemany(
        "INSERT INTO duties (doc_id, ord, agency, agency_key, role, with_agencies, task, deadline,"
        " deadline_end, assignee, section_id, start, \"end\", page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, i, d["agency"], fold_key(d["agency"]), d.get("role") or "responsible",
          json.dumps(d.get("with") or [], ensure_ascii=False), d.get("task") or "", d.get("deadline"),
          end_of_period(d.get("deadline")), d.get("assignee"), d.get("section"), d["span"][0],
          d["span"][1], d.get("page")) for i, d in enumerate(rec.get("duties") or [])])
    conn.executemany(
        "INSERT INTO targets (doc_id, ord, text, metric, value, value_max, unit, comparator, deadline,"
        " agency, section_id, start, \"end\", page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, i, t.get("text") or "", t.get("metric"), t.get("value"), t.get("value_max"),
          t.get("unit"), t.get("comparator"), t.get("deadline"), t.get("agency"), t.get("section"),
          t["span"][0], t["span"][1], t.get("page")) for i, t in enumerate(rec.get("targets") or [])])


def _own_intervals(span: tuple[int, int], children: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``span`` minus the spans of its children: the text a heading owns itself."""
    out, pos = [], span[0]
    for s, e in sorted(children):
        if s > pos:
            out.append((pos, min(s, span[1])))
        pos = max(pos, e)
    if pos < span[1]:
        out.append((pos, span[1]))
    return out


def _passages(doc_id: int, doc: dict, text: str, folded: str, sections: list[dict],
              section_rows: list[int], conn: sqlite3.Connection) -> Iterator[tuple]:
    """Rows for ``passages``, each ending with its folded body: the title,
    each section's own text, the text outside every section (header, signer
    block), and each duty's task. ``folded`` is ``fold(text)``; when it is
    aligned with ``text`` (NFC text), section bodies are cut from it."""
    aligned = len(folded) == len(text)
    title = doc.get("title")
    if title:
        yield (doc_id, "title", None, None, None, None, title, fold(title))
    kids: dict[str | None, list[tuple[int, int]]] = {}
    for s in sections:
        kids.setdefault(s.get("parent"), []).append(tuple(s["span"]))
    owners = [(None, None, (0, len(text)))] + [
        (row, s["id"], tuple(s["span"])) for row, s in zip(section_rows, sections)]
    for row, sid, span in owners:
        parts = [(a, b) for a, b in _own_intervals(span, kids.get(sid, [])) if text[a:b].strip()]
        if parts:
            body = "\n".join(text[a:b].strip() for a, b in parts)
            body_fold = "\n".join(folded[a:b].strip() for a, b in parts) if aligned else fold(body)
            yield (doc_id, "section", row, sid, parts[0][0], parts[-1][1], body, body_fold)
    seen = set()  # one passage for a task shared by several agencies
    for duty in conn.execute("SELECT id, task, section_id, start, \"end\" FROM duties WHERE doc_id = ?"
                             " ORDER BY ord", (doc_id,)):
        key = (duty["start"], duty["end"], duty["task"])
        if duty["task"].strip() and key not in seen:
            seen.add(key)
            a, b, task = duty["start"], duty["end"], duty["task"]
            task_fold = folded[a:b] if aligned and text[a:b] == task else fold(task)
            yield (doc_id, "duty", duty["id"], duty["section_id"], a, b, task, task_fold)


def result_from_row(row: sqlite3.Row) -> dict[str, Any]:
    """The contract JSON of an indexed document (``documents`` row)."""
    rec = json.loads(zlib.decompress(row["result_json"]))
    rec["text"] = row["text"]
    return rec

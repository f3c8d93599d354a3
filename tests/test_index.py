"""The index store: folding, schema, incremental upsert, transactions, export."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_util import TEXT_DOCS, extracted
from extractor.cli import app
from extractor.index.export import mapping
from extractor.index.fold import fold, fold_key
from extractor.index.store import (FTS_TABLES, Failure, IndexDatabaseError, connect, end_of_period,
                                   index_results, iter_jsonl, upsert_document)



def make_rec(path: str | None, title: str, text: str, **doc) -> dict:
    """A minimal contract record (what the index needs of one)."""
    return {"schema_version": "1",
            "source": {"path": path, "sha256": f"h-{path}-{len(text)}", "media_type": "text/plain", "pages": 1},
            "document": {"title": title, "type_code": doc.pop("type_code", "KH"), **doc},
            "sections": [], "dates": [], "legal_references": [], "agencies": [], "duties": [],
            "targets": [], "tables": [], "text": text}


def corpus_records() -> list[dict]:
    return [json.loads(json.dumps(extracted(str(p)))) for p in TEXT_DOCS]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("documents", "sections", "legal_refs", "agencies", "duties", "targets", "passages")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def fts_ok(conn: sqlite3.Connection) -> None:
    for t in FTS_TABLES:
        conn.execute(f"INSERT INTO {t}({t}) VALUES ('integrity-check')")


@pytest.fixture()
def db(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "t.sqlite")


# ------------------------------------------------------------------ folding

FOLD_CASES = [
    ("giáo dục", "giao duc"),                       # one mark per letter
    ("Đào tạo", "Dao tao"),                         # đ/Đ: not a base letter plus a mark
    ("ĐẨY MẠNH ỨNG DỤNG", "DAY MANH UNG DUNG"),      # two marks on one letter, upper case
    ("nghiệp vụ ở Hà Nội", "nghiep vu o Ha Noi"),   # ệ, ở: what remove_diacritics 1 misses
    ("Ỹ ỹ Ơ ư Ư", "Y y O u U"),                     # rare letters
    ("Phòng GD&ĐT", "Phong GD&DT"),                 # abbreviations keep their shape
    ("abc 123", "abc 123"),                         # ASCII passes through
    ("", ""),                                       # empty
]


@pytest.mark.parametrize("text,folded", FOLD_CASES)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded  # NFD input folds the same


def test_fold_keeps_length_of_nfc_vietnamese() -> None:
    text = extracted(str(TEXT_DOCS[0]))["text"]
    assert len(fold(text)) == len(text)


def test_fold_key() -> None:
    assert fold_key("  Phòng  Giáo dục\nvà ĐÀO TẠO ") == "phong giao duc va dao tao"


def test_fts5_alone_does_not_fold_d_stroke() -> None:
    # why folding is done in the application: remove_diacritics 2 leaves đ alone
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('đào tạo giáo dục')")
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH 'giao'").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH 'dao'").fetchone()[0] == 0


# ------------------------------------------------------------------ schema


def test_schema_tables_keys_and_indexes(db: sqlite3.Connection) -> None:
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    for t in ("documents", "sections", "legal_refs", "agencies", "duties", "targets", "passages",
              *FTS_TABLES, "duties_agency", "documents_type_date", "passages_doc"):
        assert t in names, t
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    for child in ("sections", "legal_refs", "agencies", "duties", "targets", "passages"):
        fks = db.execute(f"PRAGMA foreign_key_list({child})").fetchall()
        assert [(f["table"], f["on_delete"]) for f in fks] == [("documents", "CASCADE")], child


OPEN_ERRORS = [
    ("missing", None, "no such index database"),                  # file not there
    ("plain.sqlite", "CREATE TABLE x (a)", "not an index database"),  # some other database
    ("junk.sqlite", b"this is not sqlite at all" * 100, "cannot open database"),  # not SQLite
]


@pytest.mark.parametrize("name,content,message", OPEN_ERRORS)
def test_connect_errors(tmp_path: Path, name: str, content, message: str) -> None:
    path = tmp_path / name
    if isinstance(content, str):
        sqlite3.connect(path).execute(content)
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(IndexDatabaseError, match=message) as err:
        connect(path, create=False)
    assert err.value.exit_code == 10 and err.value.path == str(path)


# ------------------------------------------------------------------ incremental


def test_index_corpus_then_reindex_is_a_no_op(db: sqlite3.Connection) -> None:
    recs = corpus_records()
    first = index_results(db, recs)
    assert (first.added, first.replaced, first.unchanged, first.failed) == (len(recs), 0, 0, [])
    before = counts(db)
    assert before["duties"] == sum(len(r["duties"]) for r in recs)
    assert before["sections"] == sum(len(r["sections"]) for r in recs)
    again = index_results(db, corpus_records())
    assert (again.added, again.replaced, again.unchanged) == (0, 0, len(recs))
    assert counts(db) == before
    fts_ok(db)


def test_changed_document_replaces_the_old_one(db: sqlite3.Connection) -> None:
    recs = corpus_records()
    index_results(db, recs)
    before = counts(db)
    changed = recs[0]
    changed["document"]["title"] = "Tiêu đề đã sửa đổi"
    dropped = changed["duties"].pop()
    stats = index_results(db, [changed])
    assert (stats.added, stats.replaced) == (0, 1)
    after = counts(db)
    assert after["documents"] == before["documents"]
    assert after["duties"] == before["duties"] - 1
    row = db.execute("SELECT title FROM documents WHERE source_path = ?", (changed["source"]["path"],)).fetchone()
    assert row["title"] == "Tiêu đề đã sửa đổi"
    assert not db.execute("SELECT 1 FROM duties WHERE task = ? AND doc_id IN (SELECT id FROM documents"
                          " WHERE source_path = ?)", (dropped["task"], changed["source"]["path"])).fetchall() \
        or any(d["task"] == dropped["task"] for d in changed["duties"])
    fts_ok(db)


def test_deleting_documents_empties_every_fts_index(db: sqlite3.Connection) -> None:
    # contentless FTS5 tables forget a row only if handed exactly what was
    # indexed: the delete triggers' vn_fold must match the folding at insert
    index_results(db, corpus_records())
    db.execute("DELETE FROM documents")
    assert counts(db) == dict.fromkeys(counts(db), 0)
    for table in FTS_TABLES:
        for word in ("giao", "dao", "tao", "ke", "hoach", "giáo", "đào", "ủy", "2024"):
            n = db.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (f'"{word}"',)).fetchone()[0]
            assert n == 0, (table, word)
    fts_ok(db)


def test_batch_timings_are_not_a_change(db: sqlite3.Connection) -> None:
    rec = make_rec("a.txt", "Kế hoạch", "Nội dung giáo dục.")
    assert upsert_document(db, {**rec, "batch": {"seconds": 0.1}}) == "added"
    assert upsert_document(db, {**rec, "batch": {"seconds": 0.7}}) == "unchanged"


def test_record_without_path_is_keyed_by_hash(db: sqlite3.Connection) -> None:
    rec = make_rec(None, "Kế hoạch", "Nội dung.")
    assert upsert_document(db, rec) == "added"
    assert db.execute("SELECT source_key FROM documents").fetchone()[0].startswith("sha256:")


def test_a_bad_record_is_rolled_back_alone(db: sqlite3.Connection) -> None:
    good = make_rec("good.txt", "Kế hoạch tốt", "Văn bản đầy đủ.")
    bad = make_rec("bad.txt", "Kế hoạch hỏng", "Văn bản có nhiệm vụ hỏng.")
    bad["duties"] = [{"agency": "Phòng Giáo dục và Đào tạo", "role": "lead", "task": "x"}]  # no span
    stats = index_results(db, [bad, good])
    assert stats.added == 1 and [f.source for f in stats.failed] == ["bad.txt"]
    assert [r[0] for r in db.execute("SELECT source_path FROM documents")] == ["good.txt"]
    assert counts(db)["passages"] == 2  # title + body of the good one only: nothing half-written
    fts_ok(db)


def test_a_crash_mid_batch_leaves_no_partial_document(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    conn = connect(path)
    index_results(conn, [make_rec("kept.txt", "Đã có", "Văn bản cũ.")])

    def records():
        yield make_rec("one.txt", "Một", "Văn bản một.")
        raise KeyboardInterrupt  # the process is stopped in the middle of a batch

    with pytest.raises(KeyboardInterrupt):
        index_results(conn, records())
    conn.close()
    conn = connect(path)
    assert [r[0] for r in conn.execute("SELECT source_path FROM documents")] == ["kept.txt"]
    assert counts(conn)["passages"] == 2
    fts_ok(conn)


JSONL_LINES = [
    ('{"source": {"path": "x.pdf", "sha256": null}, "error": {"type": "InputError", "message": "empty"}}',
     Failure("x.pdf", "empty")),                                   # batch.py failure line
    ('{"source": "y.pdf", "error": "corrupt"}', Failure("y.pdf", "corrupt")),  # plain failure line
    ("{not json", Failure("r.jsonl:5", "invalid JSON: Expecting property name enclosed in double quotes")),
    ("[1, 2]", Failure("r.jsonl:6", "not a JSON object")),          # not an object
]


def test_iter_jsonl_reads_records_and_failures(tmp_path: Path) -> None:
    rec = make_rec("a.txt", "Kế hoạch", "Nội dung.")
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n\n" + "\n".join(l for l, _ in JSONL_LINES) + "\n",
                    encoding="utf-8")
    out = list(iter_jsonl(path))
    assert out[0] == rec
    got = [(f.source.replace(str(tmp_path) + "/", ""), f.error) for f in out[1:]]
    assert got == [(f.source, f.error) for _, f in JSONL_LINES]


@pytest.mark.parametrize("value,end", [
    ("2024-12", "2024-12-31"),   # a month deadline runs to its last day
    ("2024-02", "2024-02-29"),   # leap year
    ("2025", "2025-12-31"),      # a year
    ("2025-03-01", "2025-03-01"),
    (None, None),
    ("sớm", None),               # not a date
])
def test_end_of_period(value, end) -> None:
    assert end_of_period(value) == end


# ------------------------------------------------------------------ CLI index + export


def test_cli_index_jsonl_files_and_folder(tmp_path: Path) -> None:
    jsonl = tmp_path / "results.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in corpus_records()[:3])
                     + '\n{"source": {"path": "broken.pdf"}, "error": {"message": "corrupt"}}\n',
                     encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "cv.txt").write_text(TEXT_DOCS[3].read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "p.sqlite"
    runner = CliRunner()
    res = runner.invoke(app, ["index", str(jsonl), str(folder), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    stats = json.loads(res.stdout)
    assert stats["added"] == 4 and stats["failed"] == [{"source": "broken.pdf", "error": "corrupt"}]
    res = runner.invoke(app, ["index", str(jsonl), "--db", str(db)])
    assert res.exit_code == 0 and "0 added, 0 replaced, 3 unchanged, 1 failed" in res.stdout


def test_cli_index_missing_source(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["index", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "p.sqlite")])
    assert res.exit_code == 10 and "nope.jsonl" in res.stderr


ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.mark.parametrize("fmt", ["elasticsearch", "opensearch"])
def test_export_bulk_and_mapping(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "p.sqlite"
    index_results(connect(db), corpus_records())
    out = tmp_path / "bulk.ndjson"
    res = CliRunner().invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "curl -XPOST" in res.stderr and "_bulk" in res.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 * len(TEXT_DOCS)
    ids = set()
    for action, doc in zip(lines[::2], lines[1::2]):
        assert list(action) == ["index"] and action["index"]["_index"] == "vn-plans"
        ids.add(action["index"]["_id"])
        assert doc["text"] and isinstance(doc["duties"], list) and "title" in doc
        for value in (doc["issued_date"], *(d["deadline"] for d in doc["duties"])):
            assert value is None or ISO.match(value)
    assert len(ids) == len(TEXT_DOCS)
    m = json.loads((tmp_path / "bulk.mapping.json").read_text(encoding="utf-8"))
    assert m == mapping(fmt)
    analysis = m["settings"]["analysis"]
    assert "đ => d" in analysis["char_filter"]["vi_d"]["mappings"]
    assert analysis["analyzer"]["vi_folding"]["filter"] == ["lowercase", "asciifolding"]
    props = m["mappings"]["properties"]
    assert props["type_code"]["type"] == "keyword" and props["number_symbol"]["type"] == "keyword"
    assert props["issued_date"] == {"type": "date", "format": "yyyy-MM-dd||yyyy-MM||yyyy"}
    assert props["title"]["fields"]["folded"]["analyzer"] == "vi_folding"
    assert props["duties"]["type"] == "nested" and props["duties"]["properties"]["deadline"]["type"] == "date"
    assert set(lines[1]) - {"score"} <= set(props) | {"signer", "period"}


def test_export_unknown_format(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "x.sqlite"), "--format", "solr",
                                   "-o", str(tmp_path / "b.ndjson")])
    assert res.exit_code == 2 and "elasticsearch" in res.stderr

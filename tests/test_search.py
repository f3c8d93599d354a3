"""Search: real FTS5 queries, accents optional (đ included), filters, ranking."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import InputError
from extractor.index.filters import DocFilter
from extractor.index.fold import fold
from extractor.index.search import parse_query, search
from extractor.index.store import connect, index_results
from test_index import make_rec



def names(hits) -> list[str]:
    return [Path(h.source).name for h in hits]


# query -> a document that must be among the hits (file name prefix)
ACCENT_CASES = [
    ("giáo dục", "kh-74"),            # as written
    ("giao duc", "kh-74"),            # no marks
    ("GIÁO DỤC", "kh-74"),            # upper case
    ("đào tạo", "d13_"),              # đ as written
    ("dao tao", "d13_"),              # đ typed as d
    ("Dao Tao", "d13_"),              # capitalised, no marks
    ("nhap ngu", "d15_"),             # two marks on one letter (ũ), folded
    ("ô nhiễm không khí", "d16_"),    # several multi-mark letters
    ("o nhiem khong khi", "d16_"),    # the same, folded
    ("tín ngưỡng", "d12_"),           # ư + ỡ
    ("tin nguong", "d12_"),
    ("Chi Lăng", "kh-74"),
    ("chi lang", "kh-74"),
    ("khuyến*", "kh-thang-khuyen-hoc"),   # prefix
    ('"đại lý internet"', "d13_"),        # phrase
    ('"dai ly internet"', "d13_"),        # phrase, folded
]


@pytest.mark.parametrize("query,expected", ACCENT_CASES)
def test_accent_insensitive(conn, query: str, expected: str) -> None:
    hits = search(conn, query, limit=50)
    assert any(n.startswith(expected) for n in names(hits)), names(hits)


def test_nfd_query_finds_the_same(conn) -> None:
    nfc = search(conn, "đào tạo nguồn nhân lực")
    nfd = search(conn, unicodedata.normalize("NFD", "đào tạo nguồn nhân lực"))
    assert nfc and names(nfc) == names(nfd)


def test_folded_and_accented_queries_find_the_same_documents(conn) -> None:
    assert sorted(names(search(conn, "đào tạo", limit=100))) == sorted(names(search(conn, "dao tao", limit=100)))


RANKING_RECORDS = [
    # many folded matches, none written with the marks of the query
    make_rec("folded-only.txt", "Ban hanh", "dao tao dao tao dao tao: dao tao can bo. Dạo tạo."),
    make_rec("exact.txt", "Kế hoạch", "Kế hoạch đào tạo cán bộ năm 2024 và nhiều nội dung khác nữa."),
    # unrelated documents, so that the query's words are rare enough for bm25
    # (FTS5 gives a word found in over half the documents an idf of ~0)
    *(make_rec(f"other{i}.txt", "Kế hoạch", "Không liên quan.") for i in range(4)),
]


def test_exact_accented_matches_rank_first(tmp_path: Path) -> None:
    conn = connect(tmp_path / "r.sqlite")
    index_results(conn, RANKING_RECORDS)
    accented = search(conn, "đào tạo")
    assert names(accented) == ["exact.txt", "folded-only.txt"]
    assert [h.exact for h in accented] == [True, False]
    # without marks in the query, bm25 alone decides: the denser document first
    assert names(search(conn, "dao tao")) == ["folded-only.txt", "exact.txt"]


def test_words_next_to_each_other_rank_first(tmp_path: Path) -> None:
    conn = connect(tmp_path / "p.sqlite")
    index_results(conn, [
        make_rec("scattered.txt", "Kế hoạch", "Chỉ đạo của tỉnh Lạng Sơn. " * 3),
        make_rec("phrase.txt", "Kế hoạch", "Phường Chi Lăng tổ chức."),
        *(make_rec(f"x{i}.txt", "Một", "Không.") for i in range(4)),
    ])
    assert names(search(conn, "chi lang")) == ["phrase.txt", "scattered.txt"]


@pytest.mark.parametrize("query", ["giáo dục", "dao tao", "kế hoạch", "ủy ban nhân dân", "năm"])
def test_skipping_a_flat_bm25_keeps_the_order(conn, query: str, monkeypatch) -> None:
    # words in half the documents or more: bm25 is ~0 everywhere, skipped
    from extractor.index import search as search_module

    assert search_module._bm25_is_flat(conn, parse_query(query))
    fast = names(search(conn, query, limit=50))
    monkeypatch.setattr(search_module, "_bm25_is_flat", lambda *_: False)
    assert names(search(conn, query, limit=50)) == fast


def test_title_weighs_more_than_text(tmp_path: Path) -> None:
    conn = connect(tmp_path / "t.sqlite")
    index_results(conn, [
        make_rec("body.txt", "Kế hoạch năm 2024", "Nội dung: phòng chống thiên tai. " + "Khác. " * 30),
        make_rec("title.txt", "Phòng chống thiên tai", "Nội dung khác. " * 30),
        make_rec("x1.txt", "Một", "Không."), make_rec("x2.txt", "Hai", "Không."),
        make_rec("x3.txt", "Ba", "Không."), make_rec("x4.txt", "Bốn", "Không."),
    ])
    assert names(search(conn, "thiên tai"))[0] == "title.txt"


FILTER_CASES = [
    # (filter, predicate every hit must satisfy)
    (DocFilter(doc_type="QĐ"), lambda h: h.type_code == "QĐ"),
    (DocFilter(doc_type="Quyết định"), lambda h: h.type_code == "QĐ"),
    (DocFilter(doc_type="kh"), lambda h: h.type_code == "KH"),
    (DocFilter(issuer="UBND tỉnh Ninh Bình"), lambda h: h.issuer == "Ủy ban nhân dân tỉnh Ninh Bình"),
    (DocFilter(issuer="ninh binh"), lambda h: "Ninh Bình" in h.issuer),
    (DocFilter(date_from="2024-01-01"), lambda h: h.issued_date >= "2024-01-01"),
    (DocFilter(date_from="2024", date_to="2024-11"), lambda h: "2024" <= h.issued_date[:7] <= "2024-11"),
    (DocFilter(date_to="2010"), lambda h: h.issued_date.startswith("2010")),
]


@pytest.mark.parametrize("flt,ok", FILTER_CASES)
def test_filters(conn, flt: DocFilter, ok) -> None:
    hits = search(conn, "nhiệm vụ", where=flt, limit=50)
    assert hits and all(ok(h) for h in hits), [(h.type_code, h.issuer, h.issued_date) for h in hits]
    assert len(hits) < len(search(conn, "nhiệm vụ", limit=50))


def test_agency_filter(conn) -> None:
    from extractor.index.filters import resolve_agencies

    keys = resolve_agencies(conn, "Sở GDĐT", table="agencies")
    assert "so giao duc va dao tao" in keys
    hits = search(conn, "học sinh", where=DocFilter(agency_keys=keys), limit=50)
    assert hits and "d16_hanoi-sgddt-cv5095-o-nhiem-khong-khi.txt" in names(hits)


def test_bad_date_is_a_usage_error(conn) -> None:
    with pytest.raises(ValueError, match="--from"):
        search(conn, "giáo dục", where=DocFilter(date_from="19/08/2024"))


def test_hit_fields_and_snippet(conn) -> None:
    hit = search(conn, "Chi Lăng")[0]
    assert hit.number_symbol == "74/KH-UBND" and hit.issued_date == "2024-08-19"
    assert hit.issuer == "Ủy ban nhân dân phường Chi Lăng" and hit.exact
    assert hit.highlights and "Chi Lăng" in hit.snippet   # the passage holding the phrase as written
    for s, e in hit.highlights:                            # words are highlighted accents or not
        assert fold(hit.snippet[s:e]).lower() in ("chi", "lang")


def test_section_path_of_a_duty_hit(conn) -> None:
    hits = search(conn, '"Hội Khuyến học"', limit=50)
    with_path = [h for h in hits if h.section_path]
    assert with_path and all(" › " in h.section_path or h.section_path for h in with_path)
    assert any(h.section and h.section_path.split(" › ")[0] for h in with_path)


AWKWARD_QUERIES = [
    "OR",                 # an FTS5 keyword as a word
    "NOT giáo",           # keywords are words here, not operators
    'giáo" dục',          # unbalanced quote
    "(giáo dục",          # bracket
    "giáo-dục",           # hyphen
    "NEAR(giáo dục)",     # an FTS5 function name
    "a:b",                # column filter syntax
]


@pytest.mark.parametrize("query", AWKWARD_QUERIES)
def test_awkward_queries_do_not_break(conn, query: str) -> None:
    search(conn, query)


@pytest.mark.parametrize("query", ["", "   ", "*", '""', "!!!"])
def test_query_without_words(conn, query: str) -> None:
    with pytest.raises(InputError, match="no words"):
        search(conn, query)


def test_parse_query() -> None:
    terms = parse_query('"giáo dục" hoà* mầm')
    assert [(t.words, t.prefix) for t in terms] == [(("giáo", "dục"), False), (("hòa",), True),
                                                  (("mầm",), False)]
    assert terms[0].fts(folded=True) == '"giao duc"' and terms[1].fts(folded=False) == '"hòa"*'


def test_reindexed_document_is_found_by_its_new_text_only(tmp_path: Path) -> None:
    conn = connect(tmp_path / "u.sqlite")
    index_results(conn, [make_rec("a.txt", "Kế hoạch cũ", "Phòng chống bão lụt.")])
    assert names(search(conn, "bao lut")) == ["a.txt"]
    index_results(conn, [make_rec("a.txt", "Kế hoạch mới", "Phòng chống hạn hán.")])
    assert search(conn, "bao lut") == [] and search(conn, "kế hoạch cũ") == []
    assert names(search(conn, "han han")) == ["a.txt"]


def test_cli_search_json_and_text(corpus_db: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["search", "dao tao", "--db", str(corpus_db), "--type", "QĐ", "--json"])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.stdout)
    assert hits and {h["type_code"] for h in hits} == {"QĐ"}
    assert {"number_symbol", "issued_date", "issuer", "section_path", "snippet", "highlights"} <= set(hits[0])
    res = runner.invoke(app, ["search", "Chi Lăng", "--db", str(corpus_db), "-n", "1"])
    assert res.exit_code == 0 and "74/KH-UBND" in res.stdout and "2024-08-19" in res.stdout


CLI_ERRORS = [
    (["search", "giáo dục", "--db", "{tmp}/missing.sqlite"], 10, "no such index database"),
    (["search", "***", "--db", "{db}"], 10, "no words"),
    (["search", "giáo dục", "--db", "{db}", "--from", "2024/01/01"], 2, "--from"),
]


@pytest.mark.parametrize("args,code,message", CLI_ERRORS)
def test_cli_search_errors(corpus_db: Path, tmp_path: Path, args, code: int, message: str) -> None:
    args = [a.format(tmp=tmp_path, db=corpus_db) for a in args]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == code and message in res.stderr and len(res.stderr.splitlines()) == 1

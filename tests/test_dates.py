"""Table-driven tests of ``find_dates`` and ``deadline_for``.

Each row is a real-looking line (Markdown, pdftotext, OCR-ish) and what
must — or must not — be found in it.
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from extractor import rules
from extractor.dates import deadline_for, find_dates

# (line, expected [(kind, value, end)] in order) — every item the line holds
FINDS = [
    # header date after a place name (NĐ 30/2020, Phụ lục I)
    ("Số: 74 /KH-UBND Chi Lăng, ngày 19 tháng 8 năm 2024", [("date", "2024-08-19", None)]),
    # numeric forms with "/", "-" and "."
    ("Căn cứ Kế hoạch số 3352/KH-UBND, ngày 16/8/2024 của UBND thị xã", [("date", "2024-08-16", None)]),
    ("họp ngày 19-8-2024 tại hội trường", [("date", "2024-08-19", None)]),
    ("MinhHồng/QĐ/20.11.2025", [("date", "2025-11-20", None)]),
    ("ngày 8/3/2022 của Bộ Tài chính", [("date", "2022-03-08", None)]),
    # OCR noise: odd spacing, misspelt month word
    ("ngày 19 thảng 8 năm 2024", [("date", "2024-08-19", None)]),
    ("đến ngày 21 tháng  9 năm 2024", [("date", "2024-09-21", None)]),
    ("ngày 19 /8/ 2024", [("date", "2024-08-19", None)]),
    ("NGÀY 05 THÁNG 01 NĂM 2025", [("date", "2025-01-05", None)]),
    # a draft's blank day is a date at month precision
    ("Vĩnh Bảo, ngày   tháng 8 năm 2024", [("date", "2024-08", None)]),
    ("Lào Cai, ngày tháng 4 năm 2019", [("date", "2019-04", None)]),
    # ranges (year carried back from the right end)
    ("từ ngày 19 tháng 8 năm 2024 đến ngày 21 tháng 9 năm 2024", [("range", "2024-08-19", "2024-09-21")]),
    ("Tháng Khuyến học tổ chức từ ngày 05/9 đến ngày 05/10/2024.", [("range", "2024-09-05", "2024-10-05")]),
    ("từ ngày **05/9** đến ngày **05/10/2024**", [("range", "2024-09-05", "2024-10-05")]),
    ("từ ngày 26 tháng 8 đến ngày 07 tháng 9 năm 2024", [("range", "2024-08-26", "2024-09-07")]),
    ("từ ngày 18 tháng 8 năm 2017 đến 25 tháng 8 năm 2017", [("range", "2017-08-18", "2017-08-25")]),
    ("từ ngày 26/8/2025 đến hết ngày 30/9/2025", [("range", "2025-08-26", "2025-09-30")]),
    ("từ ngày 15/12 đến ngày 15/01/2025", [("range", "2024-12-15", "2025-01-15")]),
    ("Kỷ niệm 16 năm Ngày Khuyến học Việt Nam (02/10/2008 - 02/10/2024)", [("range", "2008-10-02", "2024-10-02")]),
    ("(20/11/1982-20/11/2025)", [("range", "1982-11-20", "2025-11-20")]),
    ("từ tháng 8 đến tháng 12/2024", [("range", "2024-08", "2024-12")]),
    # a strategy's horizon: "tầm nhìn 2045" is a year even without "năm"
    ("Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn 2050", [("range", "2021", "2030"), ("year", "2050", None)]),
    # consecutive days sharing a month: one range; non-consecutive: the dated one only
    ("Ngày 26, 27/12/2011 tập huấn tại Sở", [("range", "2011-12-26", "2011-12-27")]),
    ("các ngày 15 và 16/3/2025", [("range", "2025-03-15", "2025-03-16")]),
    ("ngày 5, 9/3/2024", [("date", "2024-03-09", None)]),
    # a day without a year takes the year of the next date of its list
    ("Chiều ngày 28/12 và cả ngày 29/12/2011", [("date", "2011-12-28", None), ("date", "2011-12-29", None)]),
    ("ngày 30/12 và ngày 02/01/2012", [("date", "2011-12-30", None), ("date", "2012-01-02", None)]),
    ("Kiểm tra ngày 15/11; ngày 20/11/2024 tổng kết", [("date", None, None), ("date", "2024-11-20", None)]),
    ("từ năm 2021 đến năm 2025", [("range", "2021", "2025")]),
    # months
    ("hoàn thành trong tháng 12/2025", [("month", "2025-12", None)]),
    ("tháng 12 năm 2024", [("month", "2024-12", None)]),
    ("vào tháng 01/2026", [("month", "2026-01", None)]),
    ("thời gian tựu trường (tháng 9 năm học 2021-2022)", [("month", "2021-09", None), ("school_year", "2021", "2022")]),
    # quarters and parts of a year
    ("quý I/2026", [("range", "2026-01", "2026-03")]),
    ("Quý IV năm 2025", [("range", "2025-10", "2025-12")]),
    ("6 tháng đầu năm 2025", [("range", "2025-01", "2025-06")]),
    ("6 tháng cuối năm 2024", [("range", "2024-07", "2024-12")]),
    # two quarters joined into one period (NĐ 30/2020 writes "quý I/2025")
    ("từ quý I/2025 đến quý IV/2025", [("range", "2025-01", "2025-12")]),
    ("Quý III/2024 - Quý II/2025", [("range", "2024-07", "2025-06")]),
    # years and periods
    ("Tháng hành động năm 2024", [("year", "2024", None)]),
    ("giai đoạn 2021-2030", [("range", "2021", "2030")]),
    ("giai đoạn 2025 - 2035", [("range", "2025", "2035")]),
    ("Kế hoạch 5 năm (2021 - 2025)", [("range", "2021", "2025")]),
    ("Phấn đấu đến năm 2030, định hướng đến năm 2045", [("year", "2030", None), ("year", "2045", None)]),
    ("Đã xây dựng dự toán bổ sung 2025; dự toán 2026 và 2026-2028",
     [("year", "2025", None), ("year", "2026", None), ("range", "2026", "2028")]),
    # budget table column heads
    ("| Nội dung | Năm hiện hành 2025 | DT 2026 | UTH 2025 |",
     [("year", "2025", None), ("year", "2026", None), ("year", "2025", None)]),
    # school years
    ("năm học 2024-2025", [("school_year", "2024", "2025")]),
    ("đến hết năm học 2024 - 2025.", [("school_year", "2024", "2025")]),
    ("năm học mới (2024 - 2025)", [("school_year", "2024", "2025")]),
    ("năm học 2023- 2024", [("school_year", "2023", "2024")]),
    # a day and month without a year: kept, value unknown
    ("trước ngày 15/11 hằng năm", [("date", None, None)]),
    ("Tuyên truyền về Ngày Khuyến học Việt Nam (02/10), Tháng Khuyến học", [("date", None, None)]),
    # impossible calendar date: kept as text, no value
    ("ngày 31/02/2025", [("date", None, None)]),
    # table row
    ("| 1 | Tổ chức hội nghị | 15/9/2024 | Phòng GDĐT |", [("date", "2024-09-15", None)]),
]

# (line) — nothing in it is a date
NOT_DATES = [
    "Chủ trì triển khai các nhiệm vụ tại mục (IV) (4.1) (4.2) và Phụ lục",  # section numbers in brackets
    "nhiệm vụ tại mục (IV)(3.4)(a);",
    "Thông tư số 24/2023/TT-BGDĐT của Bộ Giáo dục",    # year inside a number
    "Luật số 45/2019/QH14",                             # law number
    "đạt 5/5 đơn vị",                                   # ratio
    "2.491/2541 học sinh",                              # ratio with thousands dot
    "07/09 sở, ngành",                                  # ratio like a date
    "bản đồ tỷ lệ 1/500",                               # map scale
    "lúc 14h30, 8 giờ 30 phút",                         # times of day
    "điện thoại: 02439411232, 0243.941.123",            # phone numbers
    "mục 1.2.3 và 2.1.",                                # section numbers
    "Kỷ niệm 16 năm thành lập",                         # a duration
    "Việt Nam 2045",                                    # no "năm"
    "Kế hoạch 5 năm",                                   # no year
    "49-KL/TW, 05-CT/TW",                               # Party numbers
    "số 1672/NQ-UBTVQH15",                              # term in symbol
    "",                                                 # empty
    "   \n  ",                                          # whitespace only
]

# (line, index of item, role, recurrence)
ROLES = [
    ("Chi Lăng, ngày 19 tháng 8 năm 2024", 0, "issued", None),
    ("*Hà Nội, ngày 03 tháng 12 năm 2025*", 0, "issued", None),
    ("từ ngày 19/8/2024 đến ngày 21/9/2024", 0, "period", None),
    ("gửi báo cáo về UBND huyện trước ngày 06/10/2024", 0, "deadline", None),
    ("hoàn thành trong tháng 12/2025", 0, "deadline", None),
    ("chậm nhất ngày 30/11/2025", 0, "deadline", None),
    ("chậm nhất là ngày 30/11/2025", 0, "deadline", None),
    ("nâng tỷ lệ lên 45% vào tháng 12/2024", 0, "deadline", None),
    ("trước ngày 15/11 hằng năm", 0, "deadline", "yearly"),
    ("báo cáo hằng quý vào ngày 20/3/2025", 0, "recurring", "quarterly"),
    ("thực hiện kể từ ngày 01/7/2025", 0, "period_start", None),
    ("Thông tư số 24/2023/TT-BGDĐT ngày 11/12/2023 của Bộ", 0, None, None),
]

AWKWARD = [
    "ngày" * 1000,
    "tháng " * 500 + "12",
    "1/" * 2000,
    "\x00\ufeff\u200b ngày 1/1/2024 \ud7ff",
    "năm học " + "2024-" * 300,
    "🙂 ngày 29/02/2024 🙂 ngày 29/02/2023",
    "ngày" + " " * 5000 + "tháng 8 năm 2024",
]


def _triples(text: str) -> list[tuple]:
    return [(d.kind, d.value, d.end) for d in find_dates(text)]


@pytest.mark.parametrize("line,expected", FINDS)
def test_finds(line, expected):
    assert _triples(line) == expected


@pytest.mark.parametrize("line", NOT_DATES)
def test_not_dates(line):
    assert find_dates(line) == []


@pytest.mark.parametrize("line,index,role,recurrence", ROLES)
def test_roles(line, index, role, recurrence):
    item = find_dates(line)[index]
    assert (item.role, item.recurrence) == (role, recurrence)


@pytest.mark.parametrize("line,_", FINDS)
def test_spans_point_into_text(line, _):
    for d in find_dates(line):
        assert line[d.span[0] : d.span[1]] == d.text
        assert d.section is None and d.page == 1


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_input_never_raises(text):
    for d in find_dates(text):
        assert text[d.span[0] : d.span[1]] == d.text


def test_impossible_date_keeps_text_and_warns():
    (item,) = find_dates("ngày 31/02/2025")
    assert item.text == "ngày 31/02/2025" and item.value is None and "impossible" in item.warning


def test_leap_day():
    assert _triples("ngày 29/02/2024 và ngày 29/02/2023") == [("date", "2024-02-29", None), ("date", None, None)]


def test_range_text_includes_opener():
    (item,) = find_dates("bắt đầu từ ngày 19/8/2024 đến ngày 21/9/2024")
    assert item.text.startswith("từ ngày 19/8/2024") or item.text.startswith("bắt đầu từ")


DEADLINES = [
    ("Phòng GDĐT báo cáo trước ngày 06/10/2024.", "2024-10-06"),
    ("Hoàn thành trong tháng 12/2025.", "2025-12"),
    ("Tổ chức lễ khai giảng ngày 05/9/2024.", None),
    ("", None),
]


@pytest.mark.parametrize("line,expected", DEADLINES)
def test_deadline_for(line, expected):
    assert deadline_for((0, len(line)), find_dates(line)) == expected


def test_deadline_for_respects_span():
    line = "Việc A trước ngày 06/10/2024. Việc B trước ngày 20/10/2024."
    dates = find_dates(line)
    cut = line.index("Việc B")
    assert deadline_for((cut, len(line)), dates) == "2024-10-20"
    assert deadline_for((0, cut), dates) == "2024-10-06"


def test_rules_file_is_nfc_and_complete():
    data = rules.load("dates")
    for key in ("day_words", "month_words", "deadline_cues", "recurrence_words", "range_connectors"):
        assert data[key], key
    for w in data["deadline_cues"]:
        assert unicodedata.is_normalized("NFC", w)


def test_linear_speed():
    line = "Căn cứ Kế hoạch số 3352/KH-UBND, ngày 16/8/2024 của UBND; tỷ lệ 5/5 đạt năm học 2024-2025.\n"
    text = line * 20000  # ~1.8 MB
    t0 = time.perf_counter()
    items = find_dates(text)
    assert len(items) == 40000
    assert time.perf_counter() - t0 < 20


CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "docs"


def corpus_text(size: int) -> str:
    """``size`` characters of corpus sentences (lines), repeated in order."""
    lines = [ln for p in sorted(CORPUS.glob("*")) for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out, n, i = [], 0, 0
    while n < size:
        ln = lines[i % len(lines)]
        out.append(ln)
        n, i = n + len(ln) + 1, i + 1
    return "\n".join(out)


def cpu_time(fn, *args) -> float:
    t0 = time.process_time()
    fn(*args)
    return time.process_time() - t0


def test_no_quadratic_behaviour():
    # ratios, not seconds (the machine is shared, and its speed drifts by up to
    # 1.5x for seconds at a time): 10x the text must take well under the 100x a
    # quadratic scan would; the best of three runs of each, alternated
    small, big = corpus_text(200_000), corpus_text(2_000_000)
    find_dates(small)  # warm up
    t_small = t_big = float("inf")
    for _ in range(3):
        t_small = min(t_small, cpu_time(find_dates, small))
        t_big = min(t_big, cpu_time(find_dates, big))
    assert t_big < 25 * t_small, (t_small, t_big)


# ---------------------------------------------------------------- atom search
# ``find_atoms`` tries digit-led patterns only where a number starts; it must
# find exactly what one full scan per pattern finds.

ATOM_TEXTS = [
    "Chi Lăng, ngày 19 tháng 8 năm 2024",
    "trước ngày 06/10/2024; từ 01/9 đến 30/9; năm học 2024-2025",
    "Số 24/2023/TT-BGDĐT ngày 20.11.2023; 1/12/2024 trong 01/1/12/2024",
    "QH2021, 2024-KL, 12,5 %, 3.000 người; giai đoạn 2021 – 2025",
    "6 tháng đầu năm 2025, quý I/2025, tháng 12/2024, ngày   tháng 8 năm 2024",
    "dự toán 2026 (2021 - 2025) 99,9 ٣/٤/٢٠٢٤ ５/６",  # other digit scripts too
    "",
    "không có số nào",
    # word-led patterns are tried where str.find sees their first word, in any case
    "NGÀY 05 THÁNG 3 NĂM 2024; QUÝ II/2025; Năm 2025; THÁNG 12/2024; Ngảy 1 thảng 2 nam 2025",
    "İ (its lower case is longer) ngày 5 tháng 3 năm 2024",  # falls back to full scans
]


def atoms_by_full_scans(text: str) -> list:
    """What ``find_atoms`` must equal: one full scan of the text per pattern."""
    from extractor.dates import ATOM_PARSERS

    return [a for pattern, parse, _ in ATOM_PARSERS for m in pattern.finditer(text)
            if (a := parse(m)) is not None]


@pytest.mark.parametrize("text", ATOM_TEXTS)
def test_atoms_at_number_starts_equal_full_scans(text):
    from extractor.dates import find_atoms

    assert find_atoms(text) == atoms_by_full_scans(text)


def test_atoms_equal_full_scans_on_corpus():
    from extractor.dates import find_atoms

    docs = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("**/docs/*"))
    assert docs
    for p in docs:
        text = p.read_text(encoding="utf-8")
        assert find_atoms(text) == atoms_by_full_scans(text), p.name

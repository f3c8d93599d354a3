"""Table-driven tests of ``find_legal_refs``: notations, context, resolution."""

from __future__ import annotations

import time
import unicodedata

import pytest

from extractor import legal_patterns as L
from extractor import rules
from extractor.dates import find_dates
from extractor.legal_refs import find_legal_refs, finditer_in, near, parse_number
from test_dates import corpus_text, cpu_time


def refs(text: str, own: str | None = None):
    return find_legal_refs(text, find_dates(text), own)


def ids(text: str, own: str | None = None) -> list[str]:
    return [r.id for r in refs(text, own)]


# (line, expected ids in order of first mention)
FINDS = [
    # national standards and technical regulations (code, number, year, issuer)
    ("xây dựng theo tiêu chuẩn TCVN 14423:2025 về dữ liệu", ["TCVN 14423:2025"]),
    ("đáp ứng QCVN 01:2021/BXD; Thông tư 10/2021/TT-BXD", ["QCVN 01:2021/BXD", "10/2021/TT-BXD"]),
    ("Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ", ["1373/QĐ-TTg"]),
    ("Thông tư số 24/2023/TT-BGDĐT ngày 11/12/2023", ["24/2023/TT-BGDĐT"]),
    ("Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư (khóa XII)", ["49-KL/TW"]),
    ("Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị", ["05-CT/TW"]),
    ("Quy định số 296-QĐ/TW của Ban Chấp hành Trung ương", ["296-QĐ/TW"]),
    ("Nghị quyết số 1672/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội", ["1672/NQ-UBTVQH15"]),
    ("- Kế hoạch số 13a /KH-UBND ngày 23/7/2025 của UBND phường", ["13a/KH-UBND"]),
    ("Luật Giáo dục số 43/2019/QH14 ngày 14/6/2019", ["43/2019/QH14"]),
    ("Công văn số 3252/SGDĐT-KHTC ngày 22/8/2025 của Sở", ["3252/SGDĐT-KHTC"]),
    ("Công văn số 1232/SGD&ĐT-VP ngày 17/8/2021", ["1232/SGD&ĐT-VP"]),
    ("Kế hoạch số 16/KH-MTTQ-BTT ngày 02/3/2024", ["16/KH-MTTQ-BTT"]),
    ("Văn bản số 406/UBND- VHXH  ngày 20/8/2025", ["406/UBND-VHXH"]),
    ("theo Thông tư số 29/2024/TT- BGDĐT", ["29/2024/TT-BGDĐT"]),
    ("Quyết định số 2358/QD-BGDĐT ngày 20/8/2025", ["2358/QĐ-BGDĐT"]),
    ("Chỉ thị 32/CT-TTG ngày 21/10/2025", ["32/CT-TTg"]),
    ("UBND tỉnh đã có văn bản 5973/UBND-KT hướng dẫn", ["5973/UBND-KT"]),
    ("Thông tư liên tịch số 06/2008/TTLT-BTTTT-BCA ngày 28/11/2008", ["06/2008/TTLT-BTTTT-BCA"]),
    ("Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy", ["14-KH/TU"]),
    ("Thông báo số 75-TB/VPTW ngày 04/8/2025", ["75-TB/VPTW"]),
    ("Nghị quyết số 60/2024/UBTVQH15 ngày 24/12/2024", ["60/2024/UBTVQH15"]),
    ("Tờ trình số 1804/TTr-SDTTG ngày 11 tháng 11 năm 2025", ["1804/TTr-SDTTG"]),
    ("theo Nghị định số 111/2022/NĐ-CP ngày 30/12/2022 của Chính phủ", ["111/2022/NĐ-CP"]),
    ("Nghị định 30/2020/ND-CP", ["30/2020/NĐ-CP"]),
    # pdftotext: a number split over two lines
    ("Công văn số\n1014/SNV-CCHC&VTLT ngày 22/8/2025", ["1014/SNV-CCHC&VTLT"]),
    # Markdown emphasis around the number
    ("triển khai **Nghị quyết số 214/NQ-CP** ngày 23/7/2025", ["214/NQ-CP"]),
    # laws cited by name only
    ("Căn cứ Luật tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;", ["Luật tổ chức HĐND và UBND"]),
    ("phù hợp với Luật khoáng sản năm 2010, trên cơ sở", ["Luật khoáng sản năm 2010"]),
    ("quy định của Luật Sở hữu trí tuệ và các văn bản", ["Luật Sở hữu trí tuệ"]),
    ("Căn cứ Pháp lệnh Bưu chính viễn thông ngày 25 tháng 5 năm 2002;", ["Pháp lệnh Bưu chính viễn thông"]),
    ("theo Luật Việc làm năm 2025;", ["Luật Việc làm năm 2025"]),
    ("Luật Phòng, chống tham nhũng năm 2018", ["Luật Phòng, chống tham nhũng năm 2018"]),
    # quoted named document cited on its own
    ("Thực hiện Đề án “Xây dựng xã hội học tập giai đoạn 2021-2030” trên địa bàn",
     ["Đề án “Xây dựng xã hội học tập giai đoạn 2021-2030”"]),
]

# (line) — no reference in it
NOT_REFS = [
    "font chữ TCVN3 và VNI",  # an encoding's name, not a standard
    "đạt 5/5 đơn vị, 2.491/2541 học sinh, tỷ lệ 1/500",
    "ngày 19/8/2024 và tháng 12/2024",
    "Quốc lộ 5/QL1A",                                  # not a document code
    "theo quy định của pháp luật và luật sư",          # "luật" is no name
    "Luật này có hiệu lực",                            # no name
    "Số: /KH-UBND",                                    # draft: blank number
    "Lưu: VT, VP2, VP7. LQ_VP7_QS.2024",               # print codes
    "Kế hoạch 5 năm (2021 - 2025)",                    # a count, not a number
    "",
]


@pytest.mark.parametrize("line,expected", FINDS)
def test_finds(line, expected):
    assert ids(line) == expected


@pytest.mark.parametrize("line", NOT_REFS)
def test_not_refs(line):
    assert ids(line) == []


# (line, field, value) — details of the first reference
FIELDS = [
    ("Kế hoạch số 3352/KH-UBND, ngày 16/8/2024 của UBND thị xã Tịnh Biên, tổ chức", "issued_date", "2024-08-16"),
    ("Kế hoạch số 3352/KH-UBND, ngày 16/8/2024 của UBND thị xã Tịnh Biên, tổ chức", "issuer_written", "UBND thị xã Tịnh Biên"),
    ("Kế hoạch số 3352/KH-UBND, ngày 16/8/2024 của UBND thị xã Tịnh Biên, tổ chức", "issuer", "Ủy ban nhân dân thị xã Tịnh Biên"),
    ("Kế hoạch số 3352/KH-UBND của UBND thị xã", "type", "Kế hoạch"),
    ("Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ phê duyệt Đề án “Xây dựng xã hội học tập giai đoạn 2021-2030”;",
     "title", "phê duyệt Đề án “Xây dựng xã hội học tập giai đoạn 2021-2030”"),
    ("Quyết định số 1373/QĐ-TTg", "issuer", "Thủ tướng Chính phủ"),
    ("Quyết định số 1373/QĐ-TTg", "issuer_code", "TTg"),
    ("Quyết định số 1373/QĐ-TTg", "type_code", "QĐ"),
    ("Quyết định số 1373/QĐ-TTg", "symbol", "QĐ-TTg"),
    ("Thông tư số 24/2023/TT-BGDĐT", "year", "2023"),
    ("Thông tư số 24/2023/TT-BGDĐT", "issuer", "Bộ Giáo dục và Đào tạo"),
    ("Văn bản số 4705/HD-BQP ngày 31/10/2024 của Bộ Quốc phòng hướng dẫn", "type", "Hướng dẫn"),
    ("Công văn số 6356/UBND-NNMT ngày 01/12/2025 của UBND Thành phố về việc tăng cường", "type", "Công văn"),
    ("Công văn số 6356/UBND-NNMT ngày 01/12/2025 của UBND Thành phố về việc tăng cường các biện pháp.",
     "title", "tăng cường các biện pháp"),
    ("Công văn số 6356/UBND-NNMT", "type_code", None),
    ("Công văn số 6356/UBND-NNMT", "issuer_code", "UBND"),
    ("Kết luận số 49-KL/TW", "issuer", "Ban Chấp hành Trung ương Đảng"),
    ("Kết luận số 49-KL/TW", "type", "Kết luận"),
    ("Luật Du lịch số 09/2017/QH14 ngày 19 tháng 6 năm 2017", "type", "Luật"),
    ("Luật Du lịch số 09/2017/QH14 ngày 19 tháng 6 năm 2017", "name", "Luật Du lịch"),
    ("Luật Du lịch số 09/2017/QH14 ngày 19 tháng 6 năm 2017", "issued_date", "2017-06-19"),
    ("Luật Du lịch số 09/2017/QH14", "issuer", "Quốc hội"),
    ("06/2008/TTLT-BTTTT-BCA", "issuer_code", "BTTTT-BCA"),
]


@pytest.mark.parametrize("line,field,value", FIELDS)
def test_fields(line, field, value):
    assert getattr(refs(line)[0], field) == value


# (text, expected [(id, number of mentions)]) — resolution
RESOLVES = [
    # the same document twice
    ("Quyết định số 1373/QĐ-TTg ngày 30/7/2021. Triển khai Quyết định số 1373/QĐ-TTg của Thủ tướng.",
     [("1373/QĐ-TTg", 2)]),
    # two notations of one resolution (same number, symbol and year)
    ("Nghị quyết số 09/2023/NQ-HĐND của HĐND thành phố; Nghị quyết số 09/NQ-HĐND ngày 08/12/2023",
     [("09/2023/NQ-HĐND", 2)]),
    # short mentions before and after the full ones
    ("4. Mô hình học tập theo Thông tư 24 và 25 của Bộ Giáo dục và Đào tạo\n"
     "Thông tư số 24/2023/TT-BGDĐT ngày 11/12/2023 và Thông tư số 25/2023/TT-BGDĐT ngày 27/12/2023",
     [("24/2023/TT-BGDĐT", 2), ("25/2023/TT-BGDĐT", 2)]),
    # a law's name later joins its number
    ("Căn cứ Luật Tín ngưỡng, tôn giáo số 02/2016/QH14; Nghị định thi hành Luật Tín ngưỡng, tôn giáo;",
     [("02/2016/QH14", 2)]),
    # same id, different dates and issuers: two documents
    ("Kế hoạch số 01/KH-UBND ngày 05/01/2024 của UBND tỉnh và Kế hoạch số 01/KH-UBND ngày 10/01/2024 của UBND huyện",
     [("01/KH-UBND", 1), ("01/KH-UBND", 1)]),
    # a short mention with no full entry is not a reference
    ("Kế hoạch 5 năm và Quyết định 12 của tỉnh", []),
]


@pytest.mark.parametrize("text,expected", RESOLVES)
def test_resolves(text, expected):
    assert [(r.id, len(r.mentions)) for r in refs(text)] == expected


OWN = [
    ("Số: 74 /KH-UBND Chi Lăng, ngày 19 tháng 8 năm 2024\nCăn cứ Kế hoạch số 3352/KH-UBND", "74/KH-UBND", ["3352/KH-UBND"]),
    ("Số: 74 /KH-UBND\nCăn cứ Kế hoạch số 3352/KH-UBND", None, ["3352/KH-UBND"]),
    ("(Ban hành kèm theo Kế hoạch số 144/KH-UBND ngày 24/11/2025)", "144/KH-UBND", []),
    ("Số: 26/2025/QĐ-UBND\nBãi bỏ Quyết định số 25/2021/QĐ-UBND", "26/2025/QĐ-UBND", ["25/2021/QĐ-UBND"]),
]


@pytest.mark.parametrize("text,own,expected", OWN)
def test_own_number_is_not_a_reference(text, own, expected):
    assert ids(text, own) == expected


def test_mention_spans_point_into_text():
    text = "Căn cứ Kế hoạch số 3352/KH-UBND, ngày 16/8/2024; Luật Giáo dục; Quyết định 1373/QĐ-TTg."
    for r in refs(text):
        for m in r.mentions:
            assert 0 <= m.span[0] < m.span[1] <= len(text)
            assert m.section is None and m.page == 1
    assert text[slice(*refs(text)[0].mentions[0].span)] == "3352/KH-UBND"


@pytest.mark.parametrize("written,expected", [
    ("Số 74 /KH-UBND", "74/KH-UBND"), ("49-KL/TW", "49-KL/TW"), ("24/2023/TT-BGDĐT", "24/2023/TT-BGDĐT"),
    ("QD-UBND 12", None), ("5973/UBND-KT", "5973/UBND-KT"),
])
def test_parse_number(written, expected):
    hit = parse_number(written)
    assert (hit.id if hit else None) == expected


AWKWARD = ["/" * 3000, "1/" * 3000 + "QĐ", "Luật " * 2000, "của " * 3000, "\x00\ud7ff🙂 1373/QĐ-TTg 🙂", "Số:" * 1000]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_input_never_raises(text):
    refs(text)


def test_rules_files_are_nfc_and_consistent():
    issuers = rules.load("issuers")
    for table in ("central", "party", "local"):
        for code, name in issuers[table].items():
            assert unicodedata.is_normalized("NFC", code) and name, code
    legal = rules.load("legal")
    assert "Luật" in legal["named_types"]
    codes = {t["code"] for t in rules.load("doc_types")["types"] if t.get("code")}
    assert {"QĐ", "NQ", "NĐ", "TT", "CT", "KH", "KL", "HD", "TB"} <= codes


def test_linear_speed():
    line = "Căn cứ Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ về việc phê duyệt; Luật Giáo dục.\n"
    text = line * 10000
    t0 = time.perf_counter()
    out = refs(text)
    assert [r.id for r in out] == ["1373/QĐ-TTg", "Luật Giáo dục"]
    assert len(out[0].mentions) == 10000
    assert time.perf_counter() - t0 < 20


def test_no_quadratic_behaviour():
    # ratios, not seconds (the machine is shared, and its speed drifts by up to
    # 1.5x for seconds at a time): 10x the text must take well under the 100x a
    # quadratic scan would; the best of three runs of each, alternated
    small, big = corpus_text(200_000), corpus_text(2_000_000)
    d_small, d_big = find_dates(small), find_dates(big)
    find_legal_refs(small, d_small)  # warm up
    t_small = t_big = float("inf")
    for _ in range(3):
        t_small = min(t_small, cpu_time(find_legal_refs, small, d_small))
        t_big = min(t_big, cpu_time(find_legal_refs, big, d_big))
    assert t_big < 25 * t_small, (t_small, t_big)


SLASH_TEXTS = [corpus_text(400_000), *AWKWARD, "Số 12345đ / 2024 / QĐ- UBND", "12 - KH / TU và 1/ABC-DEF-GHI-JKL-MNO",
               "7/" + "A" * 19 + "-" + "B" * 19 + "-" + "C" * 19 + "-" + "D" * 19 + "&"]


@pytest.mark.parametrize("text", SLASH_TEXTS, ids=range(len(SLASH_TEXTS)))
def test_slash_windows_find_what_a_whole_scan_finds(text):
    windows = near(text, "/", L.SLASH_BEFORE, L.SLASH_AFTER)
    for pattern in (L.STATE_NUMBER, L.PARTY_NUMBER):
        whole = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in finditer_in(pattern, text, windows)] == whole

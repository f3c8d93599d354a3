"""Targets: table-driven, with should-not-match rows."""

from __future__ import annotations

import pytest

from extractor import rules
from extractor.agencies import find_agencies
from extractor.models import DateItem
from extractor.normalize import normalize
from extractor.read import read_string
from extractor.segment import segment
from extractor.targets import find_targets, parse_number

PLAN = "II. MỤC TIÊU\n"


def _targets(text: str, dates=None):
    norm = normalize(read_string(text))
    secs = segment(norm)
    return find_targets(norm, secs, dates or [], find_agencies(norm, secs))


def _vals(text: str):
    return [(t.value, t.value_max, t.unit, t.comparator) for t in _targets(text)]


# (text, [(value, value_max, unit, comparator)])
CASES = [
    # percentages, with comparators before and after
    (PLAN + "- Phấn đấu 100% các đơn vị có tổ chức Khuyến học.\n", [(100, None, "%", "=")]),
    (PLAN + "- Nâng tỷ lệ hội viên khuyến học lên 45% trở lên vào tháng 12/2024.\n", [(45, None, "%", ">=")]),
    (PLAN + "- Tỷ lệ trẻ đạt yêu cầu đạt từ 98% trở lên.\n", [(98, None, "%", ">=")]),
    (PLAN + "- Có ít nhất 10% cán bộ từ nguồn thu hút.\n", [(10, None, "%", ">=")]),
    (PLAN + "- Tỷ lệ doanh nghiệp đổi mới sáng tạo đạt tối thiểu 40%.\n", [(40, None, "%", ">=")]),
    (PLAN + "- Tỷ lệ hộ nghèo không quá 2%.\n", [(2, None, "%", "<=")]),
    (PLAN + "- Khoảng 30% dân số sử dụng dịch vụ.\n", [(30, None, "%", "~")]),
    # Vietnamese number formats
    (PLAN + "- Lên lớp thẳng tỷ lệ 99,9%; lưu ban tỷ lệ 1,23 %.\n", [(99.9, None, "%", "="), (1.23, None, "%", "=")]),
    (PLAN + "- Mẫu giáo: 100%; MG 5 tuổi ra lớp:100.%\n", [(100, None, "%", "="), (100, None, "%", "=")]),
    (PLAN + "- Nhà trẻ 95%\n", [(95, None, "%", "=")]),
    # shares and counts with units
    (PLAN + "- 5/5 đơn vị trường thực hiện kế hoạch chuyển đổi số.\n", [(5, None, "đơn vị trường", "=")]),
    (PLAN + "- Phấn đấu 10/10 trường hoàn thành tốt nhiệm vụ trở lên.\n", [(10, None, "trường", ">=")]),
    (PLAN + "- Tổ chức ít nhất 01 cuộc thi Robotic cấp phường/năm.\n", [(1, None, "cuộc thi", ">=")]),
    (PLAN + "- Kiểm tra các đại lý ít nhất 01 lần/01 năm.\n", [(1, None, "lần/năm", ">=")]),
    (PLAN + "- Số công dân đăng ký đạt mức 7.000 đến 9.000 công dân toàn huyện.\n", [(7000, 9000, "công dân", "=")]),
    # a count after a verb of the plan's own work, in a task section
    ("III. NHIỆM VỤ\n1. Dữ liệu số\n- Ưu tiên triển khai hoàn thiện 08 cơ sở dữ liệu chuyên ngành về đất đai.\n",
     [(8, None, "cơ sở dữ liệu", "=")]),
    ("III. NHIỆM VỤ\n- Xây dựng 05 mô hình dân vận khéo; tổ chức ít nhất 02 cuộc kiểm tra.\n",
     [(5, None, "mô hình", "="), (2, None, "cuộc", ">=")]),
    # should not match: a count without a verb of work; another body's requests
    ("III. NHIỆM VỤ\n- Hiện nay tỉnh đang vận hành 11 cơ sở dữ liệu.\n", []),
    ("II. MỘT SỐ KIẾN NGHỊ CỦA HUYỆN\n1. Về đầu tư trường học (bảo đảm tỷ lệ phòng học kiên cố đạt 100%): "
     "giao Sở Tài chính nghiên cứu.\n", []),
    # should not match: dates, ordinal levels, section numbers, legal references, bare numbers
    (PLAN + "- Duy trì phổ cập giáo dục tiểu học mức độ 3.\n", []),
    (PLAN + "- Thực hiện Thông tư 24 và 25 của Bộ Giáo dục và Đào tạo.\n", []),
    (PLAN + "- Học sinh lớp 6, trẻ 5 tuổi đến trường.\n", []),
    (PLAN + "- Hoàn thành trong năm 2025 chuyên mục về công nghiệp văn hóa.\n", []),
    (PLAN + "- Trường hợp chỉ số VN_AQI ≥ 301 thì tạm dừng.\n", []),
    (PLAN + "- Cung cấp dịch vụ từ 6 giờ đến 23 giờ.\n", []),
    # money in billions of dollars, and counts of zones and workers
    (PLAN + "- Kim ngạch xuất khẩu đạt khoảng 8,95 tỷ USD.\n", [(8.95, None, "tỷ usd", "~")]),
    (PLAN + "- Có ít nhất 02 vùng dự án nuôi thủy sản công nghệ cao.\n", [(2, None, "vùng", ">=")]),
    (PLAN + "- Giải quyết việc làm cho khoảng 30.000 lao động.\n", [(30000, None, "lao động", "~")]),
    # should not match: past results
    ("I. ĐẶC ĐIỂM TÌNH HÌNH\n- Tỷ lệ huy động trẻ 5 tuổi đạt 100%.\n", []),
    ("I. KẾT QUẢ ĐẠT ĐƯỢC\n- 05 trường đạt chuẩn quốc gia, 100% giáo viên đạt chuẩn.\n", []),
    (PLAN + "- Năm qua đã đạt 98% học sinh lên lớp.\n", []),
    ("I. MỘT SỐ KẾT QUẢ ĐẠT ĐƯỢC\n- Tỷ lệ hộ nghèo còn 2%.\n", []),
    # … but a point written as a sentence that names "tình hình" inside is a task, not the situation
    ("II. NỘI DUNG THỰC HIỆN\n1. Sở Y tế\na) Chủ trì triển khai các giải pháp về dân số trong tình hình mới, "
     "cụ thể: phấn đấu tỷ lệ trẻ em dưới 15 tuổi đạt khoảng 22%; giảm 50% số cặp tảo hôn.\n",
     [(22, None, "%", "~"), (50, None, "%", "=")]),
    # should not match: a forecast, and a footnote's figures
    (PLAN + "- Dự báo tốc độ tăng trưởng GRDP giai đoạn 2026 - 2030 khoảng từ 10 - 10,5%/năm.\n", []),
    (PLAN + "[2] Cụ thể: giảm thuế giá trị gia tăng khoảng 110 tỷ đồng.\n", []),
    # should not match: a report's figures without a commitment cue
    ("BÁO CÁO\nKết quả công tác\nNgành khai thác chiếm khoảng 50% sản lượng công nghiệp.\n", []),
    ("", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_targets(text, expected):
    assert _vals(text) == expected


NUMBERS = [("7.000", 7000), ("99,9", 99.9), ("1,23", 1.23), ("01", 1), ("2.541", 2541), ("1.234,5", 1234.5)]


@pytest.mark.parametrize("written,value", NUMBERS)
def test_parse_number(written, value):
    assert parse_number(written) == value


def test_metric_text_span_and_deadline():
    text = PLAN + "- Nâng tỷ lệ hội viên khuyến học toàn huyện lên 45% trở lên vào tháng 12/2024.\n"
    norm = normalize(read_string(text))
    secs = segment(norm)
    i = norm.text.index("tháng 12/2024")
    date = DateItem(text="tháng 12/2024", kind="month", value="2024-12", span=(i, i + 13))
    t = find_targets(norm, secs, [date], [])[0]
    assert t.metric == "Nâng tỷ lệ hội viên khuyến học toàn huyện"
    assert t.deadline == "2024-12"
    assert norm.text[t.span[0]:t.span[1]] == t.text
    assert t.text.startswith("Nâng tỷ lệ") and t.section == "II"


def test_two_targets_in_one_clause():
    got = _vals(PLAN + "- 100% các nhóm lớp tổ chức ít nhất 01 hoạt động STEM/chủ đề.\n")
    assert got == [(100, None, "%", "="), (1, None, "hoạt động", ">=")]


def test_agency_from_heading():
    ts = _targets("IV. NHIỆM VỤ\n1. Sở Tài chính\n- Phấn đấu giải ngân 100% vốn được giao.\n")
    assert ts[0].agency == "Sở Tài chính"


def test_rules_file_has_comparators():
    d = rules.load("targets")
    assert set(d["comparator_before"]) <= {">=", "<=", "~", ">", "<"}
    assert "%" not in d["units"]


def test_target_in_a_table_cell_keeps_its_cell():
    from extractor import extract

    src = ("KẾ HOẠCH\nI. MỤC TIÊU\n| Nội dung | Chỉ tiêu | Cơ quan thực hiện |\n|---|---|---|\n"
           "| Tỷ lệ huy động trẻ | Nhà trẻ 95% | Phòng Văn hóa - Xã hội |\n")
    result = extract(src)
    [target] = result.targets
    assert (target.value, target.table, target.cell) == (95, 0, (1, 1))
    [agency] = result.agencies
    assert [(m.table, m.cell) for m in agency.mentions] == [(0, (1, 2))]

"""Duties: table-driven over short plans, with should-not-match rows."""

from __future__ import annotations

import pytest

from extractor import rules
from extractor.agencies import find_agencies
from extractor.duties import duties_by_agency, find_duties, owner_roles
from extractor.models import DateItem
from extractor.normalize import normalize
from extractor.read import read_string
from extractor.segment import segment


def _duties(text: str, dates=None):
    norm = normalize(read_string(text))
    secs = segment(norm)
    ags = find_agencies(norm, secs)
    return norm, find_duties(norm, secs, ags, dates or [])


def _pairs(text: str) -> set[tuple[str, str]]:
    return {(d.agency, d.role) for d in _duties(text)[1]}


SECTION = "IV. TỔ CHỨC THỰC HIỆN\n"

# (document text, expected (agency, role) pairs — exactly)
CASES = [
    # an agency heading owns its bullets; "Chủ trì, phối hợp với Y" adds lead, Y cooperates
    (SECTION + "1. Phòng Văn hóa - Xã hội\n- Chủ trì, phối hợp với Hội Khuyến học tổ chức tuyên truyền.\n"
     "- Tham mưu UBND phường bố trí kinh phí.\n",
     {("Phòng Văn hóa - Xã hội", "responsible"), ("Phòng Văn hóa - Xã hội", "lead"),
      ("Hội Khuyến học", "cooperate")}),
    # "Đối với X:" heading; a "Phối hợp" bullet makes the owner cooperate too
    (SECTION + "2.1. Đối với UBND Phường:\n- Phối hợp với trường học tổ chức khai giảng.\n",
     {("Ủy ban nhân dân phường", "responsible"), ("Ủy ban nhân dân phường", "cooperate")}),
    # "Đề nghị X" heading: a request gives responsible only
    (SECTION + "3. Đề nghị Ủy ban MTTQ Việt Nam phường\n\nPhối hợp trong công tác tuyên truyền.\n",
     {("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "responsible")}),
    # letter heading
    (SECTION + "a) Hội Khuyến học\n- Tổ chức vận động quyên góp.\n", {("Hội Khuyến học", "responsible")}),
    # heading naming two agencies
    (SECTION + "1.1. Ban biên tập, Đài Truyền thanh Phường:\n- Tăng cường thời lượng phát sóng.\n",
     {("Ban biên tập", "responsible"), ("Đài Truyền thanh phường", "responsible")}),
    # "Giao X chủ trì, phối hợp với Y"
    ("UBND tỉnh giao Bộ Chỉ huy Quân sự tỉnh chủ trì, phối hợp với các cơ quan, đơn vị có liên quan triển khai.",
     {("Bộ Chỉ huy Quân sự tỉnh", "lead"), ("Các cơ quan, đơn vị có liên quan", "cooperate")}),
    # "Giao X làm thường trực"
    (SECTION + "- Giao Phòng GDĐT làm thường trực theo dõi việc thực hiện.\n",
     {("Phòng Giáo dục và Đào tạo", "responsible")}),
    # "Đề nghị X; Y thực hiện" (a công văn without sections)
    ("Sở Giáo dục và Đào tạo đề nghị UBND các xã, phường; các đơn vị, cơ sở giáo dục trực thuộc thực hiện nghiêm túc.",
     {("Ủy ban nhân dân các xã, phường", "responsible"), ("Các đơn vị, cơ sở giáo dục trực thuộc", "responsible")}),
    # subject + role verb
    (SECTION + "- Sở Tài chính chủ trì, phối hợp với Sở Nội vụ bố trí kinh phí.\n",
     {("Sở Tài chính", "lead"), ("Sở Nội vụ", "cooperate")}),
    (SECTION + "- Các cơ quan, đơn vị, địa phương có trách nhiệm thực hiện tốt Quy chế này.\n",
     {("Các cơ quan, đơn vị, địa phương", "responsible")}),
    # "X yêu cầu Y …": Y is responsible, X is not
    (SECTION + "Ủy ban nhân dân huyện yêu cầu các phòng, ban, ngành nghiêm túc triển khai.\n",
     {("Các phòng, ban, ngành", "responsible")}),
    # label lines of a task list
    (SECTION + "1. Rà soát đội ngũ\nĐơn vị chủ trì thực hiện: Sở Nội vụ.\nĐơn vị phối hợp: Sở Tư pháp.\n",
     {("Sở Nội vụ", "lead"), ("Sở Tư pháp", "cooperate")}),
    # should not match: a heading that is not an agency, an issuer's own plan, the recipient of advice
    (SECTION + "1. Tăng cường công tác tuyên truyền\n- Tổ chức hội nghị.\n", set()),
    ("Ủy ban nhân dân huyện ban hành Kế hoạch tổ chức như sau:", set()),
    (SECTION + "- Báo cáo kết quả về Phòng Giáo dục và Đào tạo trước ngày 15/10.\n", set()),
    # should not match: context sections
    ("I. ĐẶC ĐIỂM TÌNH HÌNH\n- Phòng Giáo dục và Đào tạo đã tổ chức tốt năm học.\n", set()),
    ("", set()),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_duty_pairs(text, expected):
    assert _pairs(text) == expected


def test_one_duty_per_bullet_with_task_span_and_section():
    norm, duties = _duties(SECTION + "1. Sở Y tế\n- Chỉ đạo tiêm chủng.\n- Kiểm tra an toàn thực phẩm.\n")
    resp = [d for d in duties if d.role == "responsible"]
    assert [d.task for d in resp] == ["Chỉ đạo tiêm chủng.", "Kiểm tra an toàn thực phẩm."]
    assert all(d.section == "IV.1" for d in resp)
    d = resp[1]
    assert norm.text[d.span[0]:d.span[1]].endswith("Kiểm tra an toàn thực phẩm.")


def test_deadline_from_dates_stage():
    text = SECTION + "1. Ủy ban nhân dân các xã, thị trấn\n- Báo cáo kết quả về Hội Khuyến học huyện trước ngày 06/10/2024.\n"
    norm = normalize(read_string(text))
    start = norm.text.index("06/10/2024")
    date = DateItem(text="ngày 06/10/2024", kind="date", value="2024-10-06", span=(start - 5, start + 10), role="deadline")
    secs = segment(norm)
    duties = find_duties(norm, secs, find_agencies(norm, secs), [date])
    assert duties and duties[0].deadline == "2024-10-06"


def test_with_lists_partners():
    _, duties = _duties(SECTION + "- Sở Tài chính chủ trì, phối hợp với Sở Nội vụ, Sở Tư pháp bố trí kinh phí.\n")
    lead = [d for d in duties if d.role == "lead"][0]
    assert lead.with_ == ["Sở Nội vụ", "Sở Tư pháp"]


def test_assignee_post_before_agency():
    _, duties = _duties(SECTION + "- Giao Giám đốc Sở Tư pháp chủ trì rà soát văn bản.\n")
    assert duties[0].agency == "Sở Tư pháp" and duties[0].assignee == "Giám đốc"


def test_policy_is_swappable():
    text = SECTION + "1. Sở Y tế\n- Chủ trì tổ chức tiêm chủng.\n"
    norm = normalize(read_string(text))
    secs = segment(norm)
    ags = find_agencies(norm, secs)
    only_heading = find_duties(norm, secs, ags, [], roles_policy=lambda h, s: [h])
    assert {d.role for d in only_heading} == {"responsible"}
    assert owner_roles("responsible", ["lead"]) == ["responsible", "lead"]
    assert owner_roles("request", ["cooperate"]) == ["responsible"]


def test_duties_by_agency_groups_in_order():
    _, duties = _duties(SECTION + "1. Sở Y tế\n- Việc một.\n2. Sở Tư pháp\n- Việc hai.\n- Việc ba.\n")
    grouped = duties_by_agency(duties)
    assert list(grouped) == ["Sở Y tế", "Sở Tư pháp"] and len(grouped["Sở Tư pháp"]) == 2


def test_no_agencies_no_duties():
    assert _duties("Tổ chức tốt các hoạt động.")[1] == []


def test_rules_file_has_all_roles():
    d = rules.load("duties")
    assert set(d["labels"]) == {"lead", "cooperate", "responsible"}
    assert {"lead", "cooperate", "responsible", "task", "deadline"} <= set(d["table_columns"])

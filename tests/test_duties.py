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
    # a qualifier between the subject and its verb: "… được giao nhiệm vụ … có trách nhiệm"
    (SECTION + "Các sở, ngành được giao nhiệm vụ trong Kế hoạch có trách nhiệm chủ động tổ chức thực hiện.\n",
     {("Các sở, ngành", "responsible")}),
    (SECTION + "Sở Tài chính được giao nhiệm vụ tại Phụ lục chủ động phối hợp với Sở Nội vụ triển khai.\n",
     {("Sở Tài chính", "responsible"), ("Sở Nội vụ", "cooperate")}),
    # … without a duty verb after it, the qualifier assigns nothing here
    (SECTION + "Sở Y tế được giao quản lý các cơ sở khám bệnh.\n", set()),
    # the scope of the duty between the subject and its verb: the verb after it gives the role
    (SECTION + "Sở Nội vụ, Sở Tư pháp theo chức năng, nhiệm vụ được giao phối hợp thực hiện.\n",
     {("Sở Nội vụ", "cooperate"), ("Sở Nội vụ", "responsible"),
      ("Sở Tư pháp", "cooperate"), ("Sở Tư pháp", "responsible")}),
    (SECTION + "Các Bộ: Tài chính, Xây dựng theo chức năng, nhiệm vụ được giao khẩn trương rà soát.\n",
     {("Bộ Tài chính", "responsible"), ("Bộ Xây dựng", "responsible")}),
    (SECTION + "UBND các xã trong phạm vi quản lý có trách nhiệm kiểm tra.\n",
     {("Ủy ban nhân dân các xã", "responsible")}),
    # "chủ trì" after the subject's first phrase still makes it the lead
    (SECTION + "Giao Sở Y tế là cơ quan thường trực, chủ trì, phối hợp với các sở, ngành liên quan triển khai.\n",
     {("Sở Y tế", "lead"), ("Các sở, ngành liên quan", "cooperate")}),
    # posts over collectives: each post stands for its bodies
    (SECTION + "1. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ và Chủ tịch Ủy ban "
     "nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo quyết liệt.\n",
     {("Các Bộ", "responsible"), ("Các cơ quan ngang Bộ, cơ quan thuộc Chính phủ", "responsible"),
      ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "responsible")}),
    # "và hệ thống" inside one subject list
    (SECTION + "Đài Truyền hình Việt Nam, Thông tấn xã Việt Nam và hệ thống các cơ quan báo chí tăng thời lượng.\n",
     {("Đài Truyền hình Việt Nam", "responsible"), ("Thông tấn xã Việt Nam", "responsible"),
      ("Các cơ quan báo chí", "responsible")}),
    # a table written one cell per line between lone "|" lines (thuvienphapluat pages)
    ("PHỤ LỤC\n|\nSTT\n|\nNhiệm vụ\n|\nCơ quan chủ trì\n|\nCơ quan phối hợp\n|\n|\n**I. NHIỆM VỤ CHUNG**\n|\n|\n"
     "1\n|\nXây dựng bộ tiêu chí\nđánh giá\n|\nSở KH&CN\n|\nSở Nội vụ\n|\n|\n"
     "2\n|\nTổ chức tập huấn\n|\nSở Công Thương\n|\n|\n|\n"
     "3\n|\nKhen thưởng\n|\nSở Nội vụ\n|\nCác sở, ngành\n|\n",
     {("Sở Khoa học và Công nghệ", "lead"), ("Sở Nội vụ", "cooperate"), ("Sở Công Thương", "lead"),
      ("Sở Nội vụ", "lead"), ("Các sở, ngành", "cooperate")}),
    # a role phrase that starts with "là" is a role, not the copula
    (SECTION + "Sở Nông nghiệp và Phát triển nông thôn là cơ quan đầu mối, chịu trách nhiệm theo dõi.\n",
     {("Sở Nông nghiệp và Phát triển nông thôn", "responsible")}),
    (SECTION + "Sở Y tế là cơ quan chủ trì triển khai Kế hoạch.\n", {("Sở Y tế", "lead")}),
    # should not match: the copula alone
    (SECTION + "Sở Y tế là cơ quan quản lý nhà nước về y tế.\n", set()),
    # "cùng (với)" before a second agency; an acronym takes no lower-case syllable ("TN&MT | cùng")
    (SECTION + "Đề nghị Sở TN&MT cùng với Sở Kế hoạch và Đầu tư rà soát.\n",
     {("Sở Tài nguyên và Môi trường", "responsible"), ("Sở Kế hoạch và Đầu tư", "cooperate")}),
    (SECTION + "Sở Tài chính cùng Sở Kế hoạch và Đầu tư cân đối, bố trí kinh phí.\n",
     {("Sở Tài chính", "responsible"), ("Sở Kế hoạch và Đầu tư", "cooperate")}),
    # a lower-case opener before the subject of a clause
    (SECTION + "- Tăng cường kiểm tra; đồng thời, ngành Thuế phối hợp chặt chẽ với các ngành, các cấp chống thất thu.\n",
     {("Ngành Thuế", "cooperate"), ("Ngành Thuế", "responsible"), ("Các ngành, các cấp", "cooperate")}),
    # the regional branches of central bodies (since 2025) in a request
    (SECTION + "6. Đề nghị Thuế tỉnh, Kho bạc nhà nước khu vực XI, Chi cục Hải quan khu vực XI tăng cường phối hợp.\n",
     {("Thuế tỉnh", "responsible"), ("Kho bạc Nhà nước khu vực XI", "responsible"),
      ("Chi cục Hải quan khu vực XI", "responsible")}),
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
    # the Điều of a Quyết định: X lead, Y cooperate
    ("QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\n"
     "Điều 2. Sở Tư pháp chủ trì phối hợp với Trung tâm Y tế tỉnh tổ chức tập huấn.\n",
     {("Sở Tư pháp", "lead"), ("Trung tâm Y tế tỉnh", "cooperate")}),
    # the execution clause: every body listed (posts stand for their bodies), across ";"
    ("QUYẾT ĐỊNH:\nĐiều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, Chủ tịch UBND cấp xã; "
     "Thủ trưởng cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.\n",
     {("Văn phòng Ủy ban nhân dân tỉnh", "responsible"), ("Sở Y tế", "responsible"),
      ("Ủy ban nhân dân cấp xã", "responsible"), ("Các cơ quan, đơn vị có liên quan", "responsible")}),
    # "Giao X chủ trì, phối hợp với Y" after a colon in a numbered heading line
    ("II. KIẾN NGHỊ\n2. Về kinh phí sửa chữa trường học: Giao Sở Tài chính chủ trì, phối hợp với "
     "Sở Giáo dục và Đào tạo rà soát, đề xuất.\n",
     {("Sở Tài chính", "lead"), ("Sở Giáo dục và Đào tạo", "cooperate")}),
    # a head distributed over names: each body is responsible
    ("II. KIẾN NGHỊ\n5. Các Bộ, cơ quan: Công Thương, Xây dựng, Tư pháp theo chức năng, nhiệm vụ được giao "
     "khẩn trương rà soát.\n",
     {("Bộ Công Thương", "responsible"), ("Bộ Xây dựng", "responsible"), ("Bộ Tư pháp", "responsible")}),
    # an agency heading whose bullet names partners that share a place
    (SECTION + "b) Sở Công Thương:\n- Phối hợp với Công an, Thanh tra và Quản lý thị trường các huyện kiểm tra hàng hóa.\n",
     {("Sở Công Thương", "responsible"), ("Sở Công Thương", "cooperate"), ("Công an các huyện", "cooperate"),
      ("Thanh tra các huyện", "cooperate"), ("Quản lý thị trường các huyện", "cooperate")}),
    # subject + "phối hợp với": the subject cooperates and is assigned the task
    (SECTION + "- Sở Y tế phối hợp với Sở Tài chính và các cơ quan liên quan nghiên cứu cơ chế hỗ trợ.\n",
     {("Sở Y tế", "cooperate"), ("Sở Y tế", "responsible"), ("Sở Tài chính", "cooperate"),
      ("Các cơ quan liên quan", "cooperate")}),
    # a công văn sent to its addressee "để" act; the sender is not assigned
    ("Kính gửi: Sở Tài chính\n1. Thống nhất nội dung dự toán.\n"
     "Sở Y tế gửi đến Sở Tài chính để thẩm định, tổng hợp./.\n", {("Sở Tài chính", "responsible")}),
    ("II. KẾT LUẬN\n1. Văn phòng UBND tỉnh thông báo để Sở Nội vụ và các cơ quan liên quan biết, thực hiện.\n",
     {("Sở Nội vụ", "responsible"), ("Các cơ quan liên quan", "responsible")}),
    # "yêu cầu" + a post + a list with another post inside
    ("I. NHIỆM VỤ\nỦy ban nhân dân tỉnh yêu cầu lãnh đạo các sở, ban, ngành, Chủ tịch UBND các huyện "
     "tập trung thực hiện.\n", {("Các sở, ban, ngành", "responsible"), ("Ủy ban nhân dân các huyện", "responsible")}),
    # "làm đầu mối" assigns the focal point's work: responsible, not lead
    (SECTION + "- Phòng Nội vụ làm đầu mối tổng hợp, báo cáo kết quả thi đua.\n", {("Phòng Nội vụ", "responsible")}),
    # a heading of posts stands for their bodies
    (SECTION + "1. Giám đốc các sở, ban, ngành và Chủ tịch UBND các xã, phường, đặc khu:\n"
     "- Rà soát quy trình nội bộ giải quyết thủ tục hành chính.\n",
     {("Các sở, ban, ngành", "responsible"), ("Ủy ban nhân dân các xã, phường, đặc khu", "responsible")}),
    # a qualified collective is addressed …
    ("Sở Y tế đề nghị các cơ quan, đơn vị triển khai kế hoạch tiêm chủng.", {("Các cơ quan, đơn vị", "responsible")}),
    # should not match: a bare "các đơn vị" points back to the addressees
    ("Sở Y tế đề nghị Thủ trưởng các đơn vị nghiêm túc thực hiện./.", set()),
    (SECTION + "- Trong tháng 9, các đơn vị treo băng rôn tuyên truyền.\n", set()),
    # should not match: "có thể" permits, it does not assign
    (SECTION + "- Các trường học có thể bố trí thêm giờ học bơi.\n", set()),
    (SECTION + "- Các trường học bố trí thêm giờ học bơi.\n", {("Các trường học", "responsible")}),
    # a post stands for its body ("Chủ tịch UBND tỉnh" -> UBND tỉnh), but a heading of a
    # post and a task does not own the bullets below it
    (SECTION + "1. Chủ tịch UBND tỉnh chỉ đạo quyết liệt việc giải ngân vốn đầu tư công\n- Báo cáo hằng tháng.\n",
     {("Ủy ban nhân dân tỉnh", "responsible")}),
    (SECTION + "Giám đốc Sở Tài chính chủ trì thẩm định dự toán.\n", {("Sở Tài chính", "lead")}),
    (SECTION + "Chủ tịch UBND các huyện, thị xã chịu trách nhiệm trước Chủ tịch UBND tỉnh về kết quả.\n",
     {("Ủy ban nhân dân các huyện, thị xã", "responsible")}),
    # a heading's agencies, then their duty after a colon on the same line …
    (SECTION + "b) Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh: Chủ trì, phối hợp với Sở Y tế bảo đảm an ninh.\n",
     {("Bộ Chỉ huy Quân sự tỉnh", "lead"), ("Bộ Chỉ huy Quân sự tỉnh", "responsible"),
      ("Công an tỉnh", "lead"), ("Công an tỉnh", "responsible"), ("Sở Y tế", "cooperate")}),
    # … unless the text after the colon has its own subject
    (SECTION + "b) Thanh tra tỉnh: Ủy ban nhân dân các huyện làm đầu mối phát hiện vi phạm.\n",
     {("Ủy ban nhân dân các huyện", "responsible")}),
    # a list of named communes after the colon is part of the name
    (SECTION + "12. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Tân Phú Đông\n- Xây dựng kế hoạch cụ thể.\n",
     {("Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Tân Phú Đông", "responsible")}),
    # should not match: "Căn cứ" and "Theo đề nghị của" lines of the preamble
    ("Căn cứ Quyết định số 12/QĐ-UBND ngày 05/01/2024 của UBND tỉnh;\nTheo đề nghị của Giám đốc Sở Nội vụ.\n"
     "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\n", set()),
    # should not match: past narrative ("đã phối hợp với") in a plan and in a report
    (SECTION + "- Năm qua, Phòng Văn hóa - Xã hội đã phối hợp với Hội Khuyến học tổ chức tuyên dương.\n", set()),
    ("BÁO CÁO\nKết quả công tác\n1. Kết quả\nSở đã phối hợp với Công an tỉnh kiểm tra 15 cơ sở.\n", set()),
    # should not match: the object of "gửi … về" and "báo cáo"; Nơi nhận items
    (SECTION + "- Các trường gửi báo cáo về Phòng Giáo dục và Đào tạo trước ngày 20/5.\n",
     {("Các trường", "responsible")}),
    (SECTION + "- Tổ chức tuyên truyền.\nNơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\n", set()),
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

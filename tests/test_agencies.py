"""Agency mentions: table-driven, with should-not-match rows."""

from __future__ import annotations

import pytest

from extractor import rules
from extractor.agencies import find_agencies
from extractor.agency_patterns import expand, scan
from extractor.normalize import normalize
from extractor.read import read_string
from extractor.segment import segment

# (text, expected canonical names in order)
MENTIONS = [
    # expanded abbreviation, name read by gazetteer
    ("Phòng GDĐT làm thường trực", ["Phòng Giáo dục và Đào tạo"]),
    ("Phòng Giáo dục và Đào tạo tổ chức phát động", ["Phòng Giáo dục và Đào tạo"]),
    # lowercase head before a known name; dash variants kept as written
    ("phối hợp với phòng Văn hóa - Xã hội: tham mưu", ["Phòng Văn hóa - Xã hội"]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
    # name read by capitals, stops at the verb
    ("Sở Nội vụ chủ trì, phối hợp Sở Tư pháp theo dõi", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Trung tâm Văn hóa - Thông tin và Thể thao tổ chức", ["Trung tâm Văn hóa - Thông tin và Thể thao"]),
    # level and locality
    ("UBND phường Chi Lăng ban hành", ["Ủy ban nhân dân phường Chi Lăng"]),
    ("Trung tâm Y tế huyện Hà Quảng.", ["Trung tâm Y tế huyện Hà Quảng"]),
    ("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", ["Ủy ban nhân dân tỉnh Ninh Bình"]),
    ("Công an Thành phố Hà Nội", ["Công an thành phố Hà Nội"]),
    # nested agency as a name
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    # list of named organisations: four agencies
    ("UBMTTQ Việt Nam, Hội Liên hiệp Phụ nữ, Hội Nông dân, Đoàn TNCS Hồ Chí Minh huyện",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam", "Hội Liên hiệp Phụ nữ", "Hội Nông dân",
      "Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện"]),
    ("Hội Cựu giáo chức tham gia", ["Hội Cựu giáo chức"]),
    ("Giao trung tâm học tập cộng đồng làm thường trực", ["Trung tâm học tập cộng đồng"]),
    # collectives stay one agency
    ("phối hợp với các cơ quan, đơn vị có liên quan", ["Các cơ quan, đơn vị có liên quan"]),
    ("đề nghị UBND các xã, phường thực hiện", ["Ủy ban nhân dân các xã, phường"]),
    ("Ủy ban nhân dân cấp xã", ["Ủy ban nhân dân cấp xã"]),
    ("Các sở, ban, ngành của tỉnh", ["Các sở, ban, ngành của tỉnh"]),
    ("Hội Khuyến học các xã, thị trấn", ["Hội Khuyến học các xã, thị trấn"]),
    # "và" splits a collective from a counted unit
    ("Các ban, ngành và 3 khóm", ["Các ban, ngành", "3 khóm"]),
    ("Báo Ninh Bình, Đài Phát thanh và Truyền hình tỉnh", ["Báo Ninh Bình", "Đài Phát thanh và Truyền hình tỉnh"]),
    ("Bộ Chỉ huy Quân sự tỉnh chủ trì", ["Bộ Chỉ huy Quân sự tỉnh"]),
    # a head distributed over the names after a colon; the list stops at a post
    ("Giám đốc các Sở: Nội vụ, Tư pháp, Giáo dục Đào tạo, Chủ tịch UBND cấp xã",
     ["Sở Nội vụ", "Sở Tư pháp", "Sở Giáo dục Đào tạo", "Ủy ban nhân dân cấp xã"]),
    # … and at a name with its own head
    ("Các Bộ, cơ quan: Tài chính, Ngoại giao, Tập đoàn Bưu chính Viễn thông Việt Nam theo chức năng",
     ["Bộ Tài chính", "Bộ Ngoại giao", "Tập đoàn Bưu chính Viễn thông Việt Nam"]),
    # a collective after a post, without "các"; one that needs its qualifier
    ("Thủ trưởng cơ quan, đơn vị có liên quan chịu trách nhiệm", ["Các cơ quan, đơn vị có liên quan"]),
    ("các Sở, ban, ngành và các tổ chức, cá nhân có liên quan",
     ["Các Sở, ban, ngành", "Các tổ chức, cá nhân có liên quan"]),
    # a list-only head alone between separators; the place after "tại" is kept
    ("phối hợp với Thanh tra, Công an tại các huyện", ["Thanh tra", "Công an các huyện"]),
    # should not match: a list-only head as a verb; "Vụ"/"trường" inside common words
    ("Thanh tra, kiểm tra việc chấp hành pháp luật", []),
    ("thực hiện nhiệm vụ bảo vệ môi trường", []),
    # should not match: lowercase after the colon is a task, not names
    ("Các Sở: tổng hợp báo cáo", ["Các Sở"]),
    # should not match: heads used as verbs or common nouns
    ("Ban hành kế hoạch, chỉ đạo hoạt động", []),
    ("Phòng, chống dịch bệnh", []),
    ("Hội nghị tổng kết; Hội thi giáo viên giỏi", []),
    ("trong trường hợp cần thiết", []),
    ("xây dựng nhà trường trở thành trung tâm văn hóa", []),
    ("các hoạt động trải nghiệm, các tổ chức, cá nhân", []),
    ("5/5 đơn vị trường", []),
    # the third commune-level unit since 2025 is a level of its own
    ("Chủ tịch UBND các xã, phường, đặc khu chỉ đạo", ["Ủy ban nhân dân các xã, phường, đặc khu"]),
    # a lowercase head needs a known name after it; should not match "phòng họp", "bộ phận"
    ("họp tại phòng họp số 2 của bộ phận một cửa", []),
    # … and the name must be capitalised: a lowercase sector word after "vụ", "bộ" is a common noun
    ("thực hiện nhiệm vụ xây dựng kế hoạch; ứng dụng tiến bộ khoa học công nghệ", []),
    ("bồi dưỡng cán bộ khuyến học; hoàn thành nghĩa vụ tài chính", []),
    ("trình phòng Tài chính - Kế hoạch thẩm định", ["Phòng Tài chính - Kế hoạch"]),
    # a pattern never runs on over a line break; a list head at a line start is not in a list
    ("Ủy ban\nnhân dân tỉnh", []),
    ("Sở Xây dựng,\nThanh tra, kiểm tra công trình", ["Sở Xây dựng"]),
    ("", []),
    ("   \n  ", []),
    # upper case hides case: a head that is the second syllable of a common word is not read
    ("III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", []),
    ("III. DỰ BÁO NHỮNG TÁC ĐỘNG", []),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", []),
    ("BÁO CÁO KẾT QUẢ THỰC HIỆN", []),
    ("PHỤC VỤ NHÂN DÂN", []),
    ("CƠ SỞ PHÁP LÝ", []),
    ("THÔNG BÁO KẾT LUẬN", []),
    ("nhiệm vụ của Vụ Pháp chế", ["Vụ Pháp chế"]),
    # economic-zone boards and central collectives
    ("Ban Quản lý Khu kinh tế tỉnh chủ trì", ["Ban Quản lý Khu kinh tế tỉnh"]),
    ("Giao Ban Quản lý các khu công nghiệp tỉnh thực hiện", ["Ban Quản lý các khu công nghiệp tỉnh"]),
    ("Các bộ, ngành Trung ương hỗ trợ", ["Các bộ, ngành Trung ương"]),
    # a sector named after "ngành" (not "ngành, lĩnh vực"); tax and customs bodies
    ("ngành Thuế phối hợp với các ngành", ["Ngành Thuế", "Các ngành"]),
    ("theo ngành, lĩnh vực", []),
    ("Ngành chức năng tăng cường", []),
    ("Cục Thuế tỉnh chủ trì", ["Cục Thuế tỉnh"]),
    # collectives with their level, joined by "và", and communes counted then named
    ("Các sở, ban, ngành tỉnh có liên quan tới việc thực hiện", ["Các sở, ban, ngành tỉnh có liên quan"]),
    ("phối hợp với các sở, ban, ngành và địa phương có liên quan", ["Các sở, ban, ngành và địa phương có liên quan"]),
    ("Giao các sở, ban, ngành và UBND các huyện", ["Các sở, ban, ngành", "Ủy ban nhân dân các huyện"]),
    ("phối hợp với Ủy ban nhân dân 04 xã: Gia Thuận, Tân Điền triển khai",
     ["Ủy ban nhân dân các xã: Gia Thuận, Tân Điền"]),
    ("Ủy ban nhân dân 2024", ["Ủy ban nhân dân"]),
    # numbered regional branches of central bodies (since 2025); "Thuế" needs its level
    ("Kho bạc nhà nước khu vực XI, Ngân hàng nhà nước khu vực 8 và Thuế tỉnh",
     ["Kho bạc Nhà nước khu vực XI", "Ngân hàng Nhà nước khu vực 8", "Thuế tỉnh"]),
    ("Chi cục Hải quan khu vực V chủ trì", ["Chi cục Hải quan khu vực V"]),
    ("Thuế thu nhập doanh nghiệp tăng", []),
    # party and National Assembly bodies; the 2025 press and broadcaster
    ("Ủy ban Kiểm tra Tỉnh ủy, Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
     ["Ủy ban Kiểm tra Tỉnh ủy", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"]),
    ("Báo và Phát thanh, Truyền hình tỉnh chủ trì", ["Báo và Phát thanh, Truyền hình tỉnh"]),
    # a collective with the body it belongs to; not a scope ("thuộc phạm vi …")
    ("phối hợp cùng các cơ quan chuyên môn thuộc các bộ, ngành Trung ương trong việc",
     ["Các cơ quan chuyên môn thuộc các bộ, ngành Trung ương"]),
    ("Các phòng, ban thuộc UBND huyện triển khai", ["Các phòng, ban thuộc Ủy ban nhân dân huyện"]),
    ("các tổ chức, cá nhân thuộc phạm vi quản lý", []),
    # universities, institutes, science organisations in a list
    ("phối hợp với các cơ quan, đơn vị, tổ chức khoa học trong và ngoài nước để",
     ["Các cơ quan, đơn vị, tổ chức khoa học trong và ngoài nước"]),
    ("Các trường đại học, cao đẳng, viện nghiên cứu trên địa bàn",
     ["Các trường đại học, cao đẳng, viện nghiên cứu trên địa bàn"]),
    ("Liên minh Hợp tác xã tỉnh", ["Liên minh Hợp tác xã tỉnh"]),
    # an acronym is a whole word; a proper name of two capitals takes no lower-case syllable
    ("Đề nghị Sở TN&MT cùng với Sở KH&ĐT rà soát",
     ["Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư"]),
    ("Đài Phát thanh và Truyền hình tỉnh, Báo Khánh Hòa mở chuyên mục",
     ["Đài Phát thanh và Truyền hình tỉnh", "Báo Khánh Hòa"]),
    ("Trung tâm Văn hóa Thể thao huyện tổ chức", ["Trung tâm Văn hóa Thể thao huyện"]),
    # specialised units written in sentence case, read by the names list
    ("Cục Quản lý thị trường tỉnh, Trung tâm Kiểm soát bệnh tật tỉnh kiểm tra",
     ["Cục Quản lý thị trường tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh"]),
    ("Chi cục Chăn nuôi và Thú y, Chi cục Kiểm lâm phối hợp", ["Chi cục Chăn nuôi và Thú y", "Chi cục Kiểm lâm"]),
    # hospitals, associations, national parks, state enterprises' local units
    ("Bệnh viện Đa khoa tỉnh chuẩn bị", ["Bệnh viện Đa khoa tỉnh"]),
    ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh, Hiệp hội Du lịch tỉnh tham gia",
     ["Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Hiệp hội Du lịch tỉnh"]),
    ("Vườn quốc gia Bạch Mã phối hợp", ["Vườn quốc gia Bạch Mã"]),
    ("Công ty Điện lực Khánh Hòa, Viễn thông Khánh Hòa, Bưu điện tỉnh bảo đảm",
     ["Công ty Điện lực Khánh Hòa", "Viễn thông Khánh Hòa", "Bưu điện tỉnh"]),
    # collectives written without "các": a list of two nouns or more, after a cue or at a heading
    ("phối hợp với sở, ban, ngành, Ủy ban nhân dân xã, phường tăng cường",
     ["Sở, ban, ngành", "Ủy ban nhân dân xã, phường"]),
    ("5. Sở, ban, ngành liên quan", ["Sở, ban, ngành liên quan"]),
    ("phối hợp với các bộ, ngành, lực lượng chức năng", ["Các bộ, ngành, lực lượng chức năng"]),
    # should not match: a bare noun pair without a cue, "phòng, chống", "cơ quan, bộ phận"
    ("trong công tác phòng, chống dịch bệnh", []),
    ("giao cho cơ quan, bộ phận có liên quan", []),
    # should not match: the common words
    ("hệ thống viễn thông, bưu điện và điện lực", []),
    ("UBND các xã: Chủ trì, Phối hợp với Công an.", ["Ủy ban nhân dân các xã", "Công an"]),
    ("UBND 04 xã: Gia Thuận, Tân Điền", ["Ủy ban nhân dân các xã: Gia Thuận, Tân Điền"]),
]

# … but a head in upper case after another word is still one: (text, written forms)
CAPS_HEADS = [
    ("III. TRÁCH NHIỆM CỦA SỞ Y TẾ", ["SỞ Y TẾ"]),
    ("VỤ PHÁP CHẾ", ["VỤ PHÁP CHẾ"]),
    ("GIAO SỞ TƯ PHÁP CHỦ TRÌ", ["SỞ TƯ PHÁP"]),
]


@pytest.mark.parametrize("text,written", CAPS_HEADS)
def test_heads_in_upper_case(text, written):
    assert [m.written.strip() for m in scan(text)] == written


@pytest.mark.parametrize("text,expected", MENTIONS)
def test_scan(text, expected):
    assert [m.name for m in scan(text)] == expected


# (abbreviated, expanded)
EXPANSIONS = [
    ("UBND", "Ủy ban nhân dân"),
    ("Phòng GD&ĐT", "Phòng Giáo dục và Đào tạo"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("Hội LHPN", "Hội Liên hiệp Phụ nữ"),
    ("Phòng VH-XH", "Phòng Văn hóa - Xã hội"),
    ("UBNDX", "UBNDX"),  # not a whole token: unchanged
]


@pytest.mark.parametrize("written,expanded", EXPANSIONS)
def test_expand(written, expanded):
    assert expand(written) == expanded


def _doc(text: str):
    norm = normalize(read_string(text))
    return norm, segment(norm)


def test_variants_merge_and_keep_written_forms():
    norm, secs = _doc("Phòng GDĐT chủ trì.\nPhòng Giáo dục và Đào tạo báo cáo.\nPhòng Tư pháp phối hợp.\n")
    ags = find_agencies(norm, secs)
    names = [a.name for a in ags]
    assert names == ["Phòng Giáo dục và Đào tạo", "Phòng Tư pháp"]
    assert ags[0].written == ["Phòng GDĐT", "Phòng Giáo dục và Đào tạo"]
    assert len(ags[0].mentions) == 2
    m = ags[0].mentions[0]
    assert norm.text[m.span[0]:m.span[1]] == "Phòng GDĐT" and m.page == 1


def test_shared_level_and_kinds():
    norm, secs = _doc("Đề nghị: UBMTTQ Việt Nam, Hội Nông dân, Đoàn TNCS Hồ Chí Minh huyện phối hợp.\n")
    ags = {a.name: a for a in find_agencies(norm, secs)}
    assert ags["Hội Nông dân"].level == "huyện"
    assert ags["Ủy ban Mặt trận Tổ quốc Việt Nam"].kind == "mass_organisation"


def test_shared_places_over_a_list_of_bare_heads():
    norm, secs = _doc("Phối hợp với Công an, Thanh tra và Quản lý thị trường các huyện kiểm tra.\n"
                      "Sở Y tế và UBND các xã thực hiện.\n")
    names = [a.name for a in find_agencies(norm, secs)]
    assert names[:3] == ["Công an các huyện", "Thanh tra các huyện", "Quản lý thị trường các huyện"]
    assert "Sở Y tế" in names  # a named agency keeps its own name


def test_heading_titles_with_lowercase_names():
    norm, secs = _doc("III. NỘI DUNG\n1. Ban tài chính:\nDự trù kinh phí.\n2. Trường học:\nRà soát.\n")
    names = [a.name for a in find_agencies(norm, secs)]
    assert "Ban tài chính" in names and "Trường học" in names


def test_a_verb_heading_is_no_agency():
    # "tổ chức" is a collective noun only with "các" and a qualifier; here it is the verb
    norm, secs = _doc("III. NỘI DUNG\nRà soát.\nIV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế chủ trì.\n")
    names = [a.name for a in find_agencies(norm, secs)]
    assert names == ["Sở Y tế"], names


# (document text, names that must end up as one agency, names that must stay apart)
MERGES = [
    # a plain list of levels is plural with or without "các"
    ("UBND huyện, thị xã chủ động thực hiện.\nỦy ban nhân dân các huyện, thị xã báo cáo.\n",
     ["Ủy ban nhân dân các huyện, thị xã"], []),
    # the Front acts through its committee
    ("Mặt trận Tổ quốc Việt Nam tỉnh giám sát.\nỦy ban MTTQ Việt Nam tỉnh phối hợp.\n",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], []),
    # should not merge: one level is not a list ("UBND huyện" is the district's own committee)
    ("UBND huyện chỉ đạo.\nUBND các huyện báo cáo.\n", [], ["Ủy ban nhân dân huyện", "Ủy ban nhân dân các huyện"]),
    # should not merge: the Front of another level
    ("Mặt trận Tổ quốc Việt Nam tỉnh giám sát.\nỦy ban MTTQ Việt Nam huyện phối hợp.\n", [],
     ["Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"]),
]


@pytest.mark.parametrize("text,one,apart", MERGES)
def test_merges(text, one, apart):
    norm, secs = _doc(text)
    ags = find_agencies(norm, secs)
    names = [a.name for a in ags]
    for n in one:
        assert names.count(n) == 1 and len(ags) == 1, names
    for n in apart:
        assert n in names, names
    if apart:
        assert len(ags) == len(apart)


def test_abbreviations_have_two_capitals_in_a_row():
    # ``expand`` skips text without two capitals in a row: every key must have them
    import re

    from extractor.agency_patterns import U

    for key in rules.load("abbreviations")["expansions"]:
        assert re.search(f"{U}{U}", key), key


def test_empty_document():
    norm, secs = _doc(" ")
    assert find_agencies(norm, secs) == []


def test_rules_file_is_consistent():
    data = rules.load("agencies")
    heads = [h["head"] for h in data["heads"]]
    assert len(heads) == len(set(heads)), "duplicate heads"
    for h in data["heads"]:
        assert h["name"] in ("none", "optional", "required", "list"), h
    assert data["merge_threshold"] > 50

"""Document metadata from header and signer zones, as tables of real-looking headers."""

from __future__ import annotations

import pytest

from extractor.metadata import canonical_authority, canonical_org, canonical_position, find_metadata
from extractor.normalize import normalize
from extractor.read import read_string


def meta(text: str):
    return find_metadata(normalize(read_string(text)))


HEADERS = [
    # flattened onto one line (copied from a PDF)
    ("ỦY BAN NHÂN DÂN\nPHƯỜNG CHI LĂNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập-Tự do-Hạnh phúc\n\n"
     "Số: 74 /KH-UBND Chi Lăng, ngày 19 tháng 8 năm 2024\n\nKẾ HOẠCH\nTổ chức “Tháng hành động” năm 2024\n\nCăn cứ …\n",
     {"issuer": "Ủy ban nhân dân phường Chi Lăng", "number": "74", "symbol": "KH-UBND",
      "number_symbol": "74/KH-UBND", "place": "Chi Lăng", "issued_date": "2024-08-19", "type": "Kế hoạch",
      "type_code": "KH", "title": "Tổ chức “Tháng hành động” năm 2024"}),
    # pdftotext -layout: two columns side by side
    (" ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "  TỈNH NINH BÌNH                     Độc lập - Tự do - Hạnh phúc\n\n"
     " Số: 196 /KH-UBND               Ninh Bình, ngày 04 tháng 11 năm 2024\n\n"
     "                                KẾ HOẠCH\n    Triển khai thực hiện Chỉ thị số 30/CT-TTg\n\n"
     "      Thực hiện Chỉ thị số 30/CT-TTg ngày 29/8/2024 của Thủ tướng Chính phủ.\n",
     {"issuer": "Ủy ban nhân dân tỉnh Ninh Bình", "number_symbol": "196/KH-UBND", "place": "Ninh Bình",
      "issued_date": "2024-11-04", "title": "Triển khai thực hiện Chỉ thị số 30/CT-TTg"}),
    # crawled page: cells on separate lines, parent issuer, công văn with V/v, split date
    ("|\nUBND THÀNH PHỐ HÀ\nNỘI\n**SỞ GIÁO DỤC VÀ ĐÀO TẠO**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
     "Độc lập - Tự do - Hạnh phúc\n|\n|\nSố: 5095/SGDĐT-CTTTHSSV\n*V/v tăng cường các biện pháp cấp bách về\n"
     "kiểm soát ô nhiễm không khí*\n|\n*Hà Nội, ngày 03\ntháng 12 năm 2025*\n|\n**Kính gửi:**\n|\n- UBND các xã, phường;\n"
     "- Các đơn vị trực thuộc.\n|\nThực hiện Công văn số 6356/UBND-NNMT.\n",
     {"issuer": "Sở Giáo dục và Đào tạo", "parent_issuer": "Ủy ban nhân dân thành phố Hà Nội",
      "type": "Công văn", "type_code": None, "number_symbol": "5095/SGDĐT-CTTTHSSV", "issued_date": "2025-12-03",
      "title": "tăng cường các biện pháp cấp bách về kiểm soát ô nhiễm không khí",
      "recipients": ["UBND các xã, phường", "Các đơn vị trực thuộc"]}),
    # draft: blank number and blank day
    ("UBND HUYỆN VĨNH BẢO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Số:      /KH-UBND\nVĩnh Bảo, ngày   tháng 8 năm 2024\nKẾ HOẠCH\nTổ chức các hoạt động Tháng Khuyến học\n",
     {"number": None, "symbol": "KH-UBND", "number_symbol": None, "issued_date": "2024-08",
      "issuer": "Ủy ban nhân dân huyện Vĩnh Bảo"}),
    # split "Số:" / number lines and a regulation-style number with year
    ("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nSố:\n26/2025/QĐ-UBND\n"
     "Thái Nguyên, ngày\n21 tháng 11 năm 2025\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ PHỐI HỢP\nỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\n"
     "Căn cứ Luật Tổ chức chính quyền địa phương;\n",
     {"number": "26", "symbol": "QĐ-UBND", "number_symbol": "26/2025/QĐ-UBND", "place": "Thái Nguyên",
      "issued_date": "2025-11-21", "type": "Quyết định", "type_code": "QĐ", "title": "BAN HÀNH QUY CHẾ PHỐI HỢP"}),
    # a report with a qualifier after the type word, parent issuer first
    ("UBND TỈNH LÀO CAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ CÔNG THƯƠNG\nĐộc lập - Tự do - Hạnh phúc\n"
     "Số: /BC-SCT\nLào Cai, ngày tháng 4 năm 2019\nBÁO CÁO THAM LUẬN\nCông tác quản lý khoáng sản\n"
     "Lào Cai được đánh giá là tỉnh giàu tài nguyên khoáng sản.\n",
     {"type": "Báo cáo", "type_code": "BC", "issuer": "Sở Công Thương", "parent_issuer": "Ủy ban nhân dân tỉnh Lào Cai",
      "symbol": "BC-SCT", "issued_date": "2019-04", "title": "Công tác quản lý khoáng sản"}),
    # OCR-ish spacing and QD for QĐ
    ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố 12 /QD-UBND\n"
     "Bắc Ninh, ngày 5 tháng 3 năm 2025\nQUYẾT ĐỊNH\nVề việc thành lập Đoàn kiểm tra\n",
     {"number_symbol": "12/QĐ-UBND", "issued_date": "2025-03-05", "issuer": "Ủy ban nhân dân tỉnh Bắc Ninh"}),
    # columns interleaved on shared lines, single-spaced (text copied from a PDF)
    ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TÂN PHÚ Độc lập - Tự do - Hạnh phúc\n"
     "Số: 15/KH-UBND Tân Phú, ngày 02 tháng 3 năm 2023\nKẾ HOẠCH\nPhòng, chống thiên tai năm 2023\n"
     "Căn cứ Luật Phòng, chống thiên tai;\n",
     {"issuer": "Ủy ban nhân dân xã Tân Phú", "number_symbol": "15/KH-UBND", "place": "Tân Phú",
      "issued_date": "2023-03-02", "title": "Phòng, chống thiên tai năm 2023"}),
    # no header at all: the issuer is taken from the body only when stated
    ("KẾ HOẠCH\nTổ chức Tháng hành động năm 2017\nNhằm phát huy kết quả, UBND huyện ban hành Kế hoạch như sau:\n",
     {"issuer": "Ủy ban nhân dân huyện", "number": None, "issued_date": None, "type": "Kế hoạch"}),
    ("KẾ HOẠCH\nTổ chức Tháng hành động năm 2017\nNhằm phát huy kết quả, các đơn vị thực hiện như sau:\n",
     {"issuer": None}),
]


HEADERS += [
    # OCR read a speck in a draft's blank number: the symbol is still found and
    # the "Số:" line is not taken for the issuer (which comes from the body)
    ("Số: (/KH-UBND\nVĩnh Bảo, ngày tháng 8 năm 2024\nKẾ HOẠCH\nTổ chức Tháng Khuyến học năm 2024\n"
     "Căn cứ Kế hoạch của thành phố, Ủy ban nhân dân huyện Vĩnh Bảo ban hành Kế hoạch như sau:\n",
     {"number": None, "symbol": "KH-UBND", "issuer": "Ủy ban nhân dân huyện Vĩnh Bảo", "place": "Vĩnh Bảo"}),
    # the italic place-date line read with wrong marks (OCR)
    ("UBND HUYỆN HÀ QUẢNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\n"
     "Hà Quảng, ngảy 5 thảng 8 nằm 2021\nKẾ HOẠCH\nTuyên truyền, vận động học sinh ra lớp\n",
     {"issuer": "Ủy ban nhân dân huyện Hà Quảng", "place": "Hà Quảng", "issued_date": "2021-08-05"}),
    # dots in the blank number and the blank day
    ("BỘ CÔNG THƯƠNG\nTRƯỜNG ĐẠI HỌC CÔNG THƯƠNG\nSố:... /KH-DCT\nCỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Thành phố Hồ Chí Minh, ngày ... tháng 6 năm 2026\nKẾ HOẠCH\nKhảo sát sự hài lòng\n",
     {"issuer": "Trường Đại học Công Thương", "parent_issuer": "Bộ Công Thương", "symbol": "KH-DCT",
      "number": None, "place": "Thành phố Hồ Chí Minh", "issued_date": "2026-06"}),
    # a title that wraps before a post in mixed case goes on ("… chữ ký" / "Phó Giám đốc Sở …")
    ("UBND TỈNH BẾN TRE\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 666/TB-STTTT\nBến Tre, ngày 14 tháng 12 năm 2011\n"
     "THÔNG BÁO\nVề việc giới thiệu chức danh và chữ ký\nPhó Giám đốc Sở Thông tin và Truyền thông\n"
     "Căn cứ Quyết định số 2729/QĐ-UBND ngày 16 tháng 11 năm 2011;\n",
     {"title": "Về việc giới thiệu chức danh và chữ ký Phó Giám đốc Sở Thông tin và Truyền thông"}),
    # should not: the authority line of a decision (upper case) ends an upper-case title
    ("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 26/2025/QĐ-UBND\nThái Nguyên, ngày 21 tháng 11 năm 2025\n"
     "QUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ PHỐI HỢP\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\n"
     "Căn cứ Luật Tổ chức chính quyền địa phương;\n",
     {"title": "BAN HÀNH QUY CHẾ PHỐI HỢP"}),
    # a công văn whose two header columns were run together: "V/v" on the line after the zone
    ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN CHÂU THÀNH Độc lập - Tự do - Hạnh phúc\n\n"
     "Số: 476/UBND Châu Thành, ngày 14 tháng 6 năm 2017\n\nV/v hưởng ứng ngày ASEAN phòng, chống sốt xuất huyết\n\n"
     "Kính gửi:\n- Trung tâm Y tế huyện.\n\nThực hiện Kế hoạch số 47/KH-BCĐ ngày 5 tháng 6 năm 2017.\n",
     {"issuer": "Ủy ban nhân dân huyện Châu Thành", "number_symbol": "476/UBND", "type": "Công văn",
      "title": "hưởng ứng ngày ASEAN phòng, chống sốt xuất huyết", "issued_date": "2017-06-14"}),
    # should not: a place-date line without its month is no date
    ("UBND HUYỆN HÀ QUẢNG\nSố: 12/KH-UBND\nHà Quảng, ngày 5 năm 2021\nKẾ HOẠCH\nTuyên truyền\n",
     {"place": None, "issued_date": None}),
]


@pytest.mark.parametrize("text,expected", HEADERS)
def test_header(text: str, expected: dict) -> None:
    got = meta(text).to_dict()
    for k, v in expected.items():
        assert got[k] == v, (k, got[k])


OCR_HEADERS = [
    # a real scan (Phú Thọ, 2011): rule fragments and dots around the issuer,
    # "HỘI" read "HỌI" in the motto between the issuer lines, "SỞ" read "SƠ",
    # a handwritten day read as a dash
    ("„_—_- UBND TỈNH PHÚ THỌ..........\nCỘNG HOÀ XÃ HỌI CHỦ NGHĨA VIỆT NAM\nSƠ THÔNG TIN VÀ TRUYỀN THÔNG\n"
     "Số: /STTTT-CNTT\nV/v đăng ký danh sách tham gia Hội thi\nĐộc lập - Tự do - Hạnh phúc\n"
     "Phú Thọ, ngày — tháng 12 năm 2011\nKính gửi: Các đơn vị trực thuộc sở.\n",
     {"issuer": "Sở Thông tin và Truyền thông", "parent_issuer": "Ủy ban nhân dân tỉnh Phú Thọ",
      "symbol": "STTTT-CNTT", "place": "Phú Thọ", "issued_date": "2011-12"}),
    # should not: a continuation of the issuer's name that folds to no head stays with it
    ("UBND TỈNH BẾN TRE\nSỞ GIÁO DỤC VÀ\nĐÀO TẠO\nSố: 12/SGDĐT-VP\nBến Tre, ngày 5 tháng 3 năm 2012\n"
     "THÔNG BÁO\nVề lịch học\n",
     {"issuer": "Sở Giáo dục và Đào tạo", "parent_issuer": "Ủy ban nhân dân tỉnh Bến Tre"}),
]


@pytest.mark.parametrize("text,expected", OCR_HEADERS)
def test_header_read_by_ocr(text: str, expected: dict) -> None:
    norm = normalize(read_string(text))
    norm.ocr_pages = frozenset({1})
    got = find_metadata(norm).to_dict()
    for k, v in expected.items():
        assert got[k] == v, (k, got[k])


SIGNERS = [
    ("Nơi nhận:\n- UBND thị xã;\n- Lưu VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Thanh Phương\n",
     ("Nguyễn Thanh Phương", "Phó Chủ tịch", "KT. Chủ tịch"), ["UBND thị xã", "Lưu VT"]),
    ("Nơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH (đã ký)\nNgô Thị Thanh Hằng\n",
     ("Ngô Thị Thanh Hằng", "Phó Chủ tịch", "KT. Chủ tịch"), ["Như trên"]),
    ("Nơi nhận:\n- Giám đốc;\n- Lưu: VT, P.CNTT.\nGIÁM ĐỐC\nPhan Quang Thao\n",
     ("Phan Quang Thao", "Giám đốc", None), ["Giám đốc", "Lưu: VT, P.CNTT"]),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNGUYỄN QUANG TUẤN\n", ("Nguyễn Quang Tuấn", "Phó Giám đốc", "KT. Giám đốc"), []),
]


# OCR'd signer blocks: seal residue, marks at the edges of lines, a position
# line lost under the seal, two list items on one line.
SIGNERS += [
    # residue "5 Ũ" is no position; "PHO CHỦ TỊCH" is one, not a name; "`" dropped
    ("Nơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n5 Ũ\nPHO CHỦ TỊCH\n` Nguyễn Thị Phương\n",
     ("Nguyễn Thị Phương", "Phó Chủ tịch", "KT. Chủ tịch"), ["Như trên"]),
    # dots of the seal's edge before the position
    ("Nơi nhận:\n- Lưu VT.\nKT. CHỦ TỊCH\n......PHÓ CHỦ TỊCH\nNguyễn Thanh Phương\n",
     ("Nguyễn Thanh Phương", "Phó Chủ tịch", "KT. Chủ tịch"), ["Lưu VT"]),
    # position line unreadable: KT. (ký thay) is signed by the deputy
    ("Nơi nhận:\n- Lưu VT.\nKT. CHỦ TỊCH\nNguyễn Thị Phương\n",
     ("Nguyễn Thị Phương", "Phó Chủ tịch", "KT. Chủ tịch"), ["Lưu VT"]),
    ("KT. BỘ TRƯỞNG\nNguyễn Văn Phúc\n", ("Nguyễn Văn Phúc", "Thứ trưởng", "KT. Bộ trưởng"), []),
    ("KT. GIÁM ĐỐC\nNGUYỄN QUANG TUẤN\n", ("Nguyễn Quang Tuấn", "Phó Giám đốc", "KT. Giám đốc"), []),
    # should not: TM. alone says nothing of the position; a post is not a name
    ("TM. ỦY BAN NHÂN DÂN\nNguyễn Văn Phúc\n", ("Nguyễn Văn Phúc", None, "TM. Ủy ban nhân dân"), []),
    ("TM. ỦY BAN NHÂN DÂN\nTrưởng Phòng Tư Pháp\n", (None, None, "TM. Ủy ban nhân dân"), []),
    # two items OCR put on one line, and a mark after the closing semicolon
    ("Nơi nhận:\n- Thường trực HĐND huyện (B/c); - Sở GD&ĐT Cao Bằng; ý\n- Lưu: VT.\n"
     "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thị Phương\n",
     ("Nguyễn Thị Phương", "Phó Chủ tịch", "KT. Chủ tịch"),
     ["Thường trực HĐND huyện (B/c)", "Sở GD&ĐT Cao Bằng", "Lưu: VT"]),
    # should not: a semicolon inside one item without a dash after it
    ("Nơi nhận:\n- Sở GD&ĐT; Sở Nội vụ;\n- Lưu: VT.\nGIÁM ĐỐC\nPhan Quang Thao\n",
     ("Phan Quang Thao", "Giám đốc", None), ["Sở GD&ĐT; Sở Nội vụ", "Lưu: VT"]),
]


@pytest.mark.parametrize("block,signer,recipients", SIGNERS)
def test_signer_and_recipients(block: str, signer: tuple, recipients: list[str]) -> None:
    m = meta("KẾ HOẠCH\nVề việc thử\nI. NỘI DUNG\nCác đơn vị thực hiện nghiêm túc./.\n" + block)
    assert (m.signer.name, m.signer.position, m.signer.authority) == signer
    assert m.recipients == recipients


@pytest.mark.parametrize("src,expected", [
    ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Ủy ban nhân dân tỉnh Bắc Ninh"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("UBND THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
    ("Phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo"),   # mixed case kept
])
def test_canonical_org(src: str, expected: str) -> None:
    assert canonical_org(src) == expected


@pytest.mark.parametrize("src,expected", [
    ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"), ("GIÁM ĐỐC", "Giám đốc"), ("PHÓ HIỆU TRƯỞNG", "Phó Hiệu trưởng"),
])
def test_canonical_position(src: str, expected: str) -> None:
    assert canonical_position(src) == expected


@pytest.mark.parametrize("src,expected", [
    ("KT. CHỦ TỊCH", "KT. Chủ tịch"), ("TM. ỦY BAN NHÂN DÂN", "TM. Ủy ban nhân dân"), ("TL. GIÁM ĐỐC", "TL. Giám đốc"),
])
def test_canonical_authority(src: str, expected: str) -> None:
    assert canonical_authority(src) == expected


# The plan's own period: (document, expected period or None)
PERIODS = [
    ("UBND TỈNH A\nSố: 1/KH-UBND\nKẾ HOẠCH\nPhát triển kinh tế số giai đoạn 2026 - 2030\nI. MỤC ĐÍCH\n",
     ("2026", "2030")),
    ("UBND TỈNH A\nSố: 1/KH-UBND\nKẾ HOẠCH\nTÀI CHÍNH - NGÂN SÁCH NHÀ NƯỚC 03 NĂM 2026 - 2028\nI. MỤC ĐÍCH\n",
     ("2026", "2028")),
    # a single year or a school year in the title is not a period
    ("UBND TỈNH A\nSố: 1/KH-UBND\nKẾ HOẠCH\nGiám sát chương trình năm 2025\nI. MỤC ĐÍCH\n", None),
    ("UBND TỈNH A\nSố: 1/KH-UBND\nKẾ HOẠCH\nNhiệm vụ giáo dục năm học 2025-2026\nI. MỤC ĐÍCH\n", None),
    # a decision's title names what it decides, not its own period
    ("UBND TỈNH A\nSố: 1/QĐ-UBND\nQUYẾT ĐỊNH\nPhê duyệt đề án giai đoạn 2026 - 2030\nĐiều 1. Phê duyệt\n", None),
]


@pytest.mark.parametrize("text,expected", PERIODS)
def test_period(text, expected):
    from extractor import extract

    period = extract(text).document.period
    assert (None if period is None else (period.start, period.end)) == expected


# The place of issue and the issuer's locality spelt differently on OCR'd pages.
BODY = "Căn cứ chỉ đạo của Đảng ủy phường {0}; Ủy ban nhân dân phường {1} xây dựng kế hoạch tại phường {2}.\n"
PLACE_CASES = [
    # (issuer line, place line, body mentions, OCR'd, expected issuer's place, expected place)
    # "LẶNG" is spelt so nowhere else, "Lăng" is four times: the issuer line gives way
    ("CHI LẶNG", "Chỉ Lăng", ("Chi Lăng", "Chỉ Lăng", "Chi Lăng"), True, "Chi Lăng", "Chi Lăng"),
    # "CHI" is attested in the body: the issuer line wins over a majority of "Chỉ"
    ("CHI LĂNG", "Chỉ Lăng", ("Chỉ Lăng", "Chỉ Lăng", "Chi Lăng"), True, "Chi Lăng", "Chi Lăng"),
    # should not: only two readings, nothing to settle it: the issuer line as before
    ("CHI LẶNG", "Chỉ Lăng", ("Tam Thanh", "Tam Thanh", "Tam Thanh"), True, "Chi Lặng", "Chi Lặng"),
    # should not: one other mention is not enough to overrule the issuer line
    ("CHI LẶNG", "Chi Lặng", ("Chi Lăng", "Tam Thanh", "Tam Thanh"), True, "Chi Lặng", "Chi Lặng"),
    # should not: a text (not OCR) keeps its header as written
    ("CHI LẶNG", "Chỉ Lăng", ("Chi Lăng", "Chi Lăng", "Chi Lăng"), False, "Chi Lặng", "Chi Lặng"),
]


@pytest.mark.parametrize("issuer,place,body,ocr,want_issuer,want_place", PLACE_CASES)
def test_place_spelling_on_ocr_pages(issuer, place, body, ocr, want_issuer, want_place) -> None:
    text = (f"ỦY BAN NHÂN DÂN\nPHƯỜNG {issuer}\nSố: 74 /KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            f"Độc lập - Tự do - Hạnh phúc\n{place}, ngày 19 tháng 8 năm 2024\nKẾ HOẠCH\nTổ chức Tháng hành động\n"
            + BODY.format(*body))
    norm = normalize(read_string(text))
    if ocr:
        norm.ocr_pages = frozenset({1})
    m = find_metadata(norm)
    assert (m.issuer, m.place) == (f"Ủy ban nhân dân phường {want_issuer}", want_place)


@pytest.mark.parametrize("text,authority,expected", [
    ("PHÓ CHỦ TỊCH", False, True),          # listed
    ("PHO CHỦ TỊCH", False, True),          # listed, a mark lost
    ("GIÁM ĐỐC SỞ", True, True),            # upper case under an authority line
    ("5 Ũ", True, False),                   # seal residue
    ("mì", True, False),
    ("GIÁM ĐỐC SỞ", False, False),          # no authority line: only listed positions
    ("NGUYỄN QUANG TUẤN", True, False),     # a name in capitals
    ("VỤ TRƯỞNG VỤ PHÁP CHẾ", True, True),
])
def test_position_like(text: str, authority: bool, expected: bool) -> None:
    from extractor.metadata import _position_like

    assert _position_like(text, authority) is expected

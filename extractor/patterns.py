"""Regular expressions shared by normalise, segment and metadata.

Conventions (after eyecite's ``regexes.py``): verbose mode, named groups,
longer alternatives before shorter ones, one UPPER_CASE constant per
concept, and a real example from a document on each branch. Word lists come
from ``rules/`` (``headings.yaml``, ``doc_types.yaml``), not from code.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import rules

# Vietnamese letters, upper and lower, for character classes.
VI_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
VI_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

# A Roman numeral from I to XXXIX, validated (no "IIII", no "VX").
ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})"

# Bullet marks that open a body item, not a heading.
#: the characters a bullet starts with (``BULLET``'s mark)
BULLET_MARKS = "-+•*–—·▪◦❖➢►"
BULLET = re.compile(
    rf"""^\s*(?P<mark>
        [{BULLET_MARKS}]     # "- Tăng cường …", "+ Chủ động …", "• …"
    )(?=\s|$)""",
    re.VERBOSE,
)


@cache
def heading_words() -> dict:
    """Heading words of decisions and regulations, from rules/headings.yaml."""
    return rules.load("headings")


# Letters of Vietnamese text and digits: what a word boundary looks at.
WORD_CHARS = "A-Za-zÀ-ỹĐđ0-9"
#: no letter or digit after (the end of a word); ``\b`` would also stop at "_"
NO_WORD_AFTER = rf"(?![{WORD_CHARS}])"
#: no letter or digit before (the start of a word)
NO_WORD_BEFORE = rf"(?<![{WORD_CHARS}])"


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """``text.lower()``, kept for the last few texts: the dates and the duty cues of a
    document both search its lower-cased text."""
    return text.lower()


def phrases(words) -> str:
    """An alternation of literal phrases, longest first, a space matching any run of spaces.

    Not wrapped in a group: "(?:" + phrases(…) + ")" where it is followed by more.
    """
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts)


def _alts(words: list[str]) -> str:
    """An alternation of words and their upper-case forms, longest first."""
    forms = set()
    for w in words:
        forms.update({w, w.upper(), w[:1].upper() + w[1:]})
    return "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))


@cache
def heading_label() -> re.Pattern[str]:
    """The numbering that opens a heading line, with its style as the group name.

    Tried in order; the first branch that matches wins.
    """
    hw = heading_words()
    ordinals = _alts(hw["ordinals"])
    return re.compile(
        rf"""^[ \t]*(?:
          # "PHỤ LỤC I", "Phụ lục 02", "PHỤ LỤC" (alone on its line)
          (?P<appendix>(?:{_alts(hw["appendix"])})(?:[ \t]+(?P<appendix_num>{ROMAN}|\d{{1,3}}[a-z]?|[A-Z]\b))?)
            (?=[ \t]*[.:\-–]?[ \t]*(?:$|[{VI_UPPER}(“"]))
        | # "Phần I", "PHẦN THỨ NHẤT"
          (?P<part>(?:{_alts(hw["part"])})[ \t]+(?P<part_num>{ROMAN}|\d{{1,2}}|(?:{_alts(["thứ"])})[ \t]+(?:{ordinals})))
            (?=[ \t]*[.:\-–]?[ \t]*(?:$|[{VI_UPPER}(“"]))
        | # "Chương II", "CHƯƠNG 3"
          (?P<chapter>(?:{_alts(hw["chapter"])})[ \t]+(?P<chapter_num>{ROMAN}|\d{{1,2}}))
            (?=[ \t]*[.:\-–]?[ \t]*(?:$|[{VI_UPPER}(“"]))
        | # "Mục 1. QUY ĐỊNH CHUNG" (a subdivision of a chapter)
          (?P<muc>(?:{_alts(hw["muc"])})[ \t]+(?P<muc_num>{ROMAN}|\d{{1,2}}))
            (?=[ \t]*[.:\-–]?[ \t]*(?:$|[{VI_UPPER}(“"]))
        | # "Điều 5. Trách nhiệm …", "Điều 12a."
          (?P<article>(?:{_alts(hw["article"])})[ \t]+(?P<article_num>\d{{1,3}}[a-z]?))
            (?=[ \t]*(?:[.:\-–][ \t]*|[ \t]+|$))
        | # "1.1.", "2.3", "3.1.2", "3.2 . Ban tài chính" (no 4-digit part: not a date)
          (?P<decimal>\d{{1,2}}(?:[ \t]*\.[ \t]*\d{{1,2}}(?!\d)){{1,3}})(?:[ \t]*[.)])?
            (?=[ \t]*[{VI_UPPER}(“"])
        | # "I. MỤC ĐÍCH", "II THỜI GIAN", "IV- TỔ CHỨC"
          (?P<roman>{ROMAN})(?:[ \t]*[.)\-–:]|(?=[ \t]))
            (?=[ \t]*[{VI_UPPER}(“"])
        | # "1. Mục đích", "1.Tăng cường" (no space), "2) …"
          (?P<arabic>\d{{1,2}})[ \t]*[.)](?![\d/])
            (?=[ \t]*[{VI_UPPER}{VI_LOWER}(“"]|[ \t]+\d)      # "1. 100% cán bộ …" too
        | # "a) Hội Khuyến học", "đ) …", "b. …" (lower-case letters only)
          (?P<letter>[a-zđ])[ \t]*[).](?![\w.])
            (?=[ \t]*\S)
        | # "A. KẾT QUẢ THỰC HIỆN" (upper-case letter parts of reports)
          (?P<upper_letter>[A-H])[ \t]*[.)](?![\w.])
            (?=[ \t]*[{VI_UPPER}][{VI_UPPER}])
        )""",
        re.VERBOSE,
    )


@cache
def type_line() -> re.Pattern[str]:
    """A line that is only a document type word: "KẾ HOẠCH", "QUYẾT ĐỊNH"."""
    names = [t["name"] for t in rules.load("doc_types")["types"]]
    upper = sorted({n.upper() for n in names}, key=len, reverse=True)
    # "BÁO CÁO THAM LUẬN", "KẾ HOẠCH LIÊN TỊCH": up to three qualifying words
    return re.compile(
        rf"^[ \t]*(?P<type>{'|'.join(map(re.escape, upper))})"
        rf"(?P<qualifier>(?:[ \t]+[{VI_UPPER}]+){{0,3}})[ \t]*$"
    )


# "Số: 74 /KH-UBND", "Số:706 /UBND-VP7", "Số:      /KH-STTTT", "Số 26/2025/QĐ-UBND",
# and a draft's blank number with dots or a speck in it: "Số:... /KH-DCT",
# "Số: (/KH-UBND" (OCR)
NUMBER_LINE = re.compile(
    rf"""(?P<label>\b[Ss][ốô]\s*(?:hiệu)?\s*[:.]?)\s*
         (?:(?P<number>\d[\w.]*?(?:\s*/\s*\d{{4}})?)|[(\[{{|'‘’`,.…~_]{{1,8}})?\s*
         /\s*(?P<symbol>[{VI_UPPER}A-Za-z0-9&][\w&.\-–]*(?:\s*-\s*[\w&.]+)*)""",
    re.VERBOSE,
)

# "Chi Lăng, ngày 19 tháng 8 năm 2024", "Phú Thọ, ngày    tháng 12 năm 2011";
# the italic words read with another mark or none (OCR, text without marks):
# "Hà Quảng, ngảy 5 thảng 8 nằm 2021", "Ha Noi, ngay 5 thang 3 nam 2024";
# a blank or handwritten day read as marks: "ngày ... tháng 6", "ngày — tháng 12"
PLACE_DATE = re.compile(
    rf"""(?P<place>[{VI_UPPER}][\w .'-]{{1,40}}?)\s*,\s*
         ng[àaáảãạ]y\s*(?:(?P<day>\d{{1,2}})|(?:[^\s\d]{{1,6}}\s*){{1,2}})?\s*
         th[áaàảãạ]ng\s*(?P<month>\d{{1,2}})\s*
         n[ăaâắằẳẵặấầẩẫậ]m\s*(?P<year>\d{{4}})""",
    re.VERBOSE,
)

# Lines of the national motto (quốc hiệu and tiêu ngữ), and the Party's.
# The vowels may carry another mark: OCR reads "CỌNG HÒA XÃ HỌI CHÚ NGHĨA".
MOTTO = re.compile(
    r"""(?ix)
        C[ỘOÔỌÓÒỐỒỔỖ]NG\s*H[OÒÓỎÕỌ][AÀÁẢÃẠ]\s*X[ÃAÁÀẢẠ]\s*H[ỘOÔỌỐỒỔỖÓÒ]I |   # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        CH[ỦUÚÙŨỤ]\s*NGH[ĨIÍÌỈỊ]A\s*VI[ỆÊEẸẾỀỂỄ]T\s*NAM |                      # the second half when wrapped
        [ĐD][ộôọoốồổỗ]c\s*l[ậâaấầẩẫ]p\s*[-–—]\s*T[ựưuứừửữ]\s*[dđ]o |          # "Độc lập - Tự do - Hạnh phúc"
        ĐẢNG\s*CỘNG\s*SẢN\s*VIỆT\s*NAM                                       # Party documents
    """
)

# Authority marks of the signer block (Nghị định 30/2020, Điều 13 and Phụ lục I).
AUTHORITY = re.compile(r"^\s*(?P<mark>TM|KT|TL|TUQ|Q|T/M)\s*\.\s*(?=[A-ZĐÀ-Ỹ])")

# "Nơi nhận:" that opens the recipients list.
NOI_NHAN = re.compile(r"^\s*N[ơo]i\s+nh[ậa]n\s*:?", re.IGNORECASE)

# "Kính gửi: …" (addressees of a công văn or báo cáo).
KINH_GUI = re.compile(r"^\s*K[íi]nh\s+g[ửu]i\s*:?", re.IGNORECASE)

# "V/v tuyển chọn …" (subject line of a công văn).
VV_LINE = re.compile(r"^\s*(?:V/v|V/V|v/v)\b\.?\s*")

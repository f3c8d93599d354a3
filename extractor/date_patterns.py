"""Regular expressions for Vietnamese dates, built once from rules/dates.yaml.

Conventions (after eyecite's ``regexes.py``): verbose mode, named groups,
longer alternatives before shorter ones, a real example on every branch.
All patterns are case-insensitive and free of nested quantifiers, so a scan
is linear in the length of the text. Each ``*_ATOM`` pattern finds one kind
of date expression; ``dates.py`` runs them all, resolves overlaps and joins
neighbouring atoms into ranges.
"""

from __future__ import annotations

import re

from . import rules

FLAGS = re.IGNORECASE | re.VERBOSE | re.UNICODE

_R = rules.load("dates")


def words(items: list[str]) -> str:
    """An alternation of literal words, longest first, spaces as ``\\s+``."""
    alts = sorted({w for w in items if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) + ")"


YEAR_MIN: int = int(_R["year_min"])
YEAR_MAX: int = int(_R["year_max"])
ROMAN_QUARTERS: dict[str, int] = {k.upper(): int(v) for k, v in _R["roman_quarters"].items()}
RECURRENCE: dict[str, str] = {" ".join(k.lower().split()): v for k, v in _R["recurrence_words"].items()}

DAY = words(_R["day_words"])
MONTH = words(_R["month_words"])
YEAR_AFTER_MONTH = words(_R["year_words_after_month"])
YEAR_WORD = words(_R["year_words"])
QUARTER = words(_R["quarter_words"])
SCHOOL = words(_R["school_year_words"])
PERIOD = words(_R["period_words"])
CONNECTOR = words(_R["range_connectors"])
OPENER = words(_R["range_openers"])
RECURRENCE_WORDS = words(list(_R["recurrence_words"]))

# Number pieces. A day or month is 1-2 digits not glued to other digits;
# a year is 4 digits. ``_NB`` ("no border") keeps a number from being the
# tail of a longer number, a decimal or a document number (24/2023/…).
_NB = r"(?<![\d.,])(?<!\d/)"  # "MinhHồng/QĐ/20.11.2025" is a date; "1/12/2024" inside "01/1/12/2024" is not
_NBW = r"(?<![\w/.,\-])"  # years: also not glued to letters (QH2021)
_D = r"(?:0?[1-9]|[12][0-9]|3[01])"        # 19, 05, 5
_M = r"(?:0?[1-9]|1[0-2])"                 # 8, 08, 12
_Y = r"(?:1[89][0-9]{2}|2[01][0-9]{2})"     # 2024
_END = r"(?!\d|/\w|-[^\W\d_]|\.\d)"      # not 24/2023/TT…, not 2024-KL

# Blank day or month in a draft header: "ngày   tháng 8", "ngày …. tháng".
_BLANK = r"[\s.…_]{0,12}"

# "ngày 19 tháng 8 năm 2024", "Ngày 05 tháng 01 năm 2025",
# draft "ngày   tháng 8 năm 2024" (no day), "ngày … tháng … năm 2024",
# OCR "ngày 19 thảng 8 năm 2024", "21 tháng  9 năm 2024".
DMY_WORDS_ATOM = re.compile(
    rf"""
    (?:
        {DAY} {_BLANK} (?P<d>\d{{1,2}})? {_BLANK}    # ngày 19 / ngày ___
      | {_NB} (?P<d2>\d{{1,2}}) \s*                   # 25 (no "ngày": range ends)
    )
    {MONTH} {_BLANK} (?P<m>\d{{1,2}})? {_BLANK}       # tháng 8 / tháng …
    {YEAR_AFTER_MONTH} \s* (?P<y>\d{{4}}) (?!\d)      # năm 2024
    """,
    FLAGS,
)

# "ngày 26 tháng 8" (left end of a range, or a yearly date).
DM_WORDS_ATOM = re.compile(
    rf"""
    {DAY} \s* (?P<d>\d{{1,2}}) \s* {MONTH} \s* (?P<m>\d{{1,2}}) (?!\d)
    """,
    FLAGS,
)

# "19/8/2024", "ngày 16/8/2024", "19-8-2024", "19.8.2024", "19 /8/ 2024".
# Not "24/2023/TT-BGDĐT", "2.491/2541", "0243.941.2024".
DMY_NUMERIC_ATOM = re.compile(
    rf"""
    {_NB} (?P<d>\d{{1,2}}) \s? (?P<sep>[/.\-]) \s? (?P<m>\d{{1,2}})
    \s? (?P=sep) \s? (?P<y>\d{{4}}) {_END}
    """,
    FLAGS,
)

# "ngày 05/9" (a year may be carried back from the range's end),
# "(05/9" bare — weak: kept only when a range completes it.
DM_NUMERIC_ATOM = re.compile(
    rf"""
    {_NB} (?P<d>{_D}) \s? [/.] \s? (?P<m>{_M}) (?![\d/]|\.\d)
    """,
    FLAGS,
)

# "tháng 12/2024", "tháng 12 năm 2024", "tháng 01/2026", "tháng 8-2024".
MONTH_YEAR_ATOM = re.compile(
    rf"""
    {MONTH} \s* (?P<m>\d{{1,2}}) \s*
    (?: / | - | \. | {YEAR_AFTER_MONTH} ) \s*
    (?P<y>\d{{4}}) {_END}
    """,
    FLAGS,
)

# "tháng 8" — weak: only the left end of "từ tháng 8 đến tháng 12/2024".
MONTH_ONLY_ATOM = re.compile(rf"{MONTH} \s* (?P<m>{_M}) (?![\d/])", FLAGS)

# "quý I/2026", "Quý IV năm 2025", "quý 1/2026".
QUARTER_ATOM = re.compile(
    rf"""
    {QUARTER} \s* (?P<q>IV|I{{1,3}}|[1-4]) \s* (?: / | - | {YEAR_WORD} ) \s*
    (?P<y>\d{{4}}) {_END}
    """,
    FLAGS,
)

# "6 tháng đầu năm 2025", "06 tháng cuối năm 2024", "9 tháng đầu năm 2025".
PART_YEAR_ATOM = re.compile(
    rf"""
    {_NB} (?P<n>\d{{1,2}}) \s* {MONTH} \s*
    (?: (?P<first>{words(_R["half_first"])}) | (?P<last>{words(_R["half_last"])}) )
    \s* (?P<y>\d{{4}}) {_END}
    """,
    FLAGS,
)

# "năm học 2024-2025", "năm học 2024 – 2025", "giai đoạn 2021-2030",
# "giai đoạn từ năm 2021 đến năm 2030", "năm 2024 - 2025", bare
# "(2021 - 2025)" and "2024-2025" (kind decided from the words before).
YEAR_RANGE_ATOM = re.compile(
    rf"""
    {_NBW} (?P<y1>{_Y}) \s* (?: [-–—/] | đến | tới ) \s*
    (?: {YEAR_WORD} \s* )?
    (?P<y2>{_Y}) {_END}
    """,
    FLAGS,
)
# Words before a year range that belong to it (searched backwards):
# "năm học ", "giai đoạn từ năm ", "năm ".
YEAR_RANGE_PREFIX = re.compile(
    rf"""
    (?: (?<!\w) (?P<school>{SCHOOL}) \s* | (?<!\w) (?P<period>{PERIOD}) \s* (?:{OPENER} \s*)? )?
    (?: (?<!\w) {YEAR_WORD} \s* )? $
    """,
    FLAGS,
)
# "ngày " before a numeric date ("ngày 16/8/2024"), searched backwards.
DAY_PREFIX = re.compile(rf"(?<!\w){DAY} [\s*_]* $", FLAGS)

# A year written bare after a word that can only take a year:
# "dự toán 2026", "dự toán bổ sung 2025" (the span is the year alone).
BARE_YEAR_ATOM = re.compile(rf"{_NBW} (?P<y>{_Y}) {_END} (?!\s*[-–—]\s*\d)", FLAGS)
BARE_YEAR_CUE = re.compile(rf"(?<!\w){words(_R['bare_year_cues'])} \s+ $", FLAGS)

# "(02/10)": a day and month alone in brackets ("Ngày Khuyến học Việt Nam (02/10)").
BRACKET_BEFORE = re.compile(r"\(\s*$")
BRACKET_AFTER = re.compile(r"\s*\)")
SCHOOL_YEAR_START: int = int(_R["school_year_start_month"])

# "năm 2024", "Năm 2024", "đến năm 2030". Not "16 năm", not "Việt Nam 2045".
YEAR_ATOM = re.compile(rf"{YEAR_WORD} \s* (?P<y>{_Y}) {_END}", FLAGS)

# Between two atoms of one range: " đến ", " - ", " đến hết ".
RANGE_GAP = re.compile(rf"[\s*_]* ,? [\s*_]* {CONNECTOR} [\s*_]*", FLAGS)
# Before the left end of a range: "từ ", "kể từ ".
OPENER_BEFORE = re.compile(rf"(?<![\w]){OPENER} \s* \(? \s* $", FLAGS)
# The issue date of a header: "Chi Lăng, ngày …", "TP. Hồ Chí Minh, ngày …".
PLACE_BEFORE = re.compile(r"(?P<place>[^\s,;:|()*_]+(?:[ \t]+[^\s,;:|()*_]+){0,5})[ \t]*,[ \t*_]*$")
DEADLINE_BEFORE = re.compile(rf"(?<![\w])(?:{words(_R['deadline_cues'])})\s*:?\s*$", FLAGS)
DEADLINE_MY_BEFORE = re.compile(
    rf"(?<![\w])(?:{words(_R['deadline_cues_month_year'])})\s*$", FLAGS
)
START_BEFORE = re.compile(rf"(?<![\w])(?:{words(_R['period_start_cues'])})\s*$", FLAGS)
SCHOOL_BEFORE = re.compile(rf"{SCHOOL}[^\d\n]{{0,12}}$", FLAGS)
RECURRENCE_AFTER = re.compile(rf"[\s,]*(?P<w>{RECURRENCE_WORDS})", FLAGS)
RECURRENCE_BEFORE = re.compile(rf"(?P<w>{RECURRENCE_WORDS})[^.;\n\d]{{0,30}}$", FLAGS)

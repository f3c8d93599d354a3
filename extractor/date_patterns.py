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
from .patterns import phrases

FLAGS = re.IGNORECASE | re.VERBOSE | re.UNICODE

_R = rules.load("dates")


def words(items: list[str]) -> str:
    """An alternation of literal words, longest first, spaces as ``\\s+``, as one group."""
    return "(?:" + phrases(items) + ")"


YEAR_MIN: int = int(_R["year_min"])
YEAR_MAX: int = int(_R["year_max"])
ROMAN_QUARTERS: dict[str, int] = {k.upper(): int(v) for k, v in _R["roman_quarters"].items()}
RECURRENCE: dict[str, str] = {" ".join(k.lower().split()): v for k, v in _R["recurrence_words"].items()}

DAY_WORDS: list[str] = _R["day_words"]
MONTH_WORDS: list[str] = _R["month_words"]
YEAR_WORDS: list[str] = _R["year_words"]
QUARTER_WORDS: list[str] = _R["quarter_words"]


def leads(items: list[str]) -> tuple[str, ...]:
    """What a match of ``words(items)`` starts with, in lower case: each item's first word."""
    return tuple(sorted({w.split()[0].lower() for w in items if w.strip()}))


DAY = words(DAY_WORDS)
MONTH = words(MONTH_WORDS)
YEAR_AFTER_MONTH = words(_R["year_words_after_month"])
YEAR_WORD = words(YEAR_WORDS)
QUARTER = words(QUARTER_WORDS)
SCHOOL = words(_R["school_year_words"])
PERIOD = words(_R["period_words"])
CONNECTOR = words(_R["range_connectors"])
OPENER = words(_R["range_openers"])
RECURRENCE_WORDS = words(list(_R["recurrence_words"]))

# Number pieces. A day or month is 1-2 digits not glued to other digits;
# a year is 4 digits. A number must not be the tail of a longer number, a
# decimal or a document number (24/2023/…).
#
# Speed: a pattern whose first item is a digit class lets the regex engine
# skip to the next digit in C instead of trying every position, so the
# "not glued" checks are written as look-behinds *after* the first digit
# ("\d(?<![\d.,]\d)" == "(?<![\d.,])\d"). Patterns led by a word cannot be
# skipped that way; those sharing a first word are one pattern each.
_D1 = r"\d(?<![\d.,]\d)(?<!\d/\d)"        # first digit of 19, 05, 5 — "MinhHồng/QĐ/20.11.2025" ok; not "1/12/2024" in "01/1/12/2024"
_DD = rf"{_D1}\d?"                         # 19, 05, 5 (range checked by the parser)
_M = r"(?:0?[1-9]|1[0-2])"                 # 8, 08, 12
# 2024, 1982; _YNB is a year not glued to letters, digits or a symbol (not QH2021)
_Y = r"(?:1[89][0-9]{2}|2[01][0-9]{2})"
_YNB = r"(?:1(?<![\w/.,\-]1)[89]|2(?<![\w/.,\-]2)[01])[0-9]{2}"
_END = r"(?!\d|/\w|-[^\W\d_]|\.\d)"      # not 24/2023/TT…, not 2024-KL

# Blank day or month in a draft header: "ngày   tháng 8", "ngày …. tháng".
_BLANK = r"[\s.…_]{0,12}"
# Month words then the year of a "ngày … tháng … năm …" date.
_MONTH_YEAR_WORDS = rf"""
    {MONTH} {_BLANK} (?P<m>\d{{1,2}})? {_BLANK}       # tháng 8 / tháng …
    {YEAR_AFTER_MONTH} \s* (?P<y>\d{{4}}) (?!\d)      # năm 2024
"""

# Led by the day word. First branch (the full date): "ngày 19 tháng 8 năm
# 2024", "Ngày 05 tháng 01 năm 2025", draft "ngày   tháng 8 năm 2024" (no
# day), "ngày … tháng … năm 2024", OCR "ngày 19 thảng 8 năm 2024".
# Second branch (no year: left end of a range, or a yearly date):
# "ngày 26 tháng 8".
DAY_WORDS_ATOM = re.compile(
    rf"""
    {DAY}
    (?:
        {_BLANK} (?P<d>\d{{1,2}})? {_BLANK} {_MONTH_YEAR_WORDS}
      | \s* (?P<dd>\d{{1,2}}) \s* {MONTH} \s* (?P<dm>\d{{1,2}}) (?!\d)
    )
    """,
    FLAGS,
)

# The same without "ngày" (the right end of a range): "21 tháng  9 năm 2024".
DMY_WORDS_BARE_ATOM = re.compile(
    rf"""
    (?P<d2>{_DD}) \s* {_MONTH_YEAR_WORDS}
    """,
    FLAGS,
)

# "19/8/2024", "ngày 16/8/2024", "19-8-2024", "19.8.2024", "19 /8/ 2024".
# Not "24/2023/TT-BGDĐT", "2.491/2541", "0243.941.2024".
DMY_NUMERIC_ATOM = re.compile(
    rf"""
    (?P<d>{_DD}) \s? (?P<sep>[/.\-]) \s? (?P<m>\d{{1,2}})
    \s? (?P=sep) \s? (?P<y>\d{{4}}) {_END}
    """,
    FLAGS,
)

# "ngày 05/9" (a year may be carried back from the range's end),
# "(05/9" bare — weak: kept only when a range completes it.
DM_NUMERIC_ATOM = re.compile(
    rf"""
    (?P<d>{_DD}) \s? [/.] \s? (?P<m>\d{{1,2}}) (?![\d/]|\.\d)
    """,
    FLAGS,
)

# Led by the month word. First branch: "tháng 12/2024", "tháng 12 năm
# 2024", "tháng 01/2026", "tháng 8-2024". Second branch (weak: only the
# left end of "từ tháng 8 đến tháng 12/2024"): "tháng 8".
MONTH_ATOM = re.compile(
    rf"""
    {MONTH} \s*
    (?:
        (?P<m>\d{{1,2}}) \s* (?: / | - | \. | {YEAR_AFTER_MONTH} ) \s* (?P<y>\d{{4}}) {_END}
      | (?P<mo>{_M}) (?![\d/])
    )
    """,
    FLAGS,
)

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
    (?P<n>{_DD}) \s* {MONTH} \s*
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
    (?P<y1>{_YNB}) \s* (?: [-–—/] | đến | tới ) \s*
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
BARE_YEAR_ATOM = re.compile(rf"(?P<y>{_YNB}) {_END} (?!\s*[-–—]\s*\d)", FLAGS)
BARE_YEAR_CUE = re.compile(rf"(?<!\w){words(_R['bare_year_cues'])} \s+ $", FLAGS)

# "(02/10)": a day and month alone in brackets ("Ngày Khuyến học Việt Nam (02/10)").
BRACKET_BEFORE = re.compile(r"\(\s*$")
BRACKET_AFTER = re.compile(r"\s*\)")
SCHOOL_YEAR_START: int = int(_R["school_year_start_month"])

# "năm 2024", "Năm 2024", "đến năm 2030". Not "16 năm", not "Việt Nam 2045".
YEAR_ATOM = re.compile(rf"{YEAR_WORD} \s* (?P<y>{_Y}) {_END}", FLAGS)

# Between two atoms of one range: " đến ", " - ", " đến hết ".
RANGE_GAP = re.compile(rf"[\s*_]* ,? [\s*_]* {CONNECTOR} [\s*_]*", FLAGS)
# Between two dates of a list: " và cả ", ", " (see ``list_connectors``).
LIST_GAP = re.compile(
    rf"[\s*_]* {words(_R['list_connectors'])} [\s*_]* (?: {words(_R['list_fillers'])} \s+ )*", FLAGS)
# Consecutive days sharing a month and year: "Ngày 26, 27/12/2011", "các ngày 15 và 16/3".
DAY_LIST_ATOM = re.compile(
    rf"""
    {DAY} \s+ (?P<days>\d{{1,2}} (?: \s* (?:,|và) \s* \d{{1,2}} ){{1,5}} )
    \s* / \s* (?P<m>\d{{1,2}}) (?: \s* / \s* (?P<y>\d{{4}}) )? (?![\d/])
    """,
    FLAGS,
)
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


# ------------------------------------------------------- cheap pre-tests
# The "…cue$" searches above try every position of a line; most dates have
# no cue at all. These tuples give a necessary condition that costs one
# ``str.endswith``: after stripping the separators the pattern allows, the
# text before the date must end with the last word of a cue (lower case).

#: Every character ``\s`` matches (all Unicode whitespace is below U+3001).
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def last_words(items: list[str]) -> tuple[str, ...]:
    """The last word of each phrase, lower case: ["chậm nhất là"] -> ("là",)."""
    return tuple(sorted({w.split()[-1].lower() for w in items if w.strip()}))


DAY_ENDINGS = last_words(_R["day_words"])
DEADLINE_ENDINGS = last_words(_R["deadline_cues"])
DEADLINE_MY_ENDINGS = last_words(_R["deadline_cues_month_year"])
START_ENDINGS = last_words(_R["period_start_cues"])
OPENER_ENDINGS = last_words(_R["range_openers"])
BARE_YEAR_ENDINGS = last_words(_R["bare_year_cues"])
#: First words of the recurrence phrases: one must occur before RECURRENCE_BEFORE can match.
RECURRENCE_HEADS = tuple(sorted({w.split()[0].lower() for w in _R["recurrence_words"]}))

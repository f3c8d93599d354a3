"""Regular expressions and code tables for legal references.

Built once from rules/doc_types.yaml, rules/issuers.yaml and
rules/legal.yaml. Number formats follow Nghị định 30/2020/NĐ-CP (Điều 8,
Phụ lục I) and, for Party documents, Quy định 66-QĐ/TW. Verbose patterns,
named groups, a real example on every branch; no nested quantifiers.
"""

from __future__ import annotations

import re
import unicodedata

from . import rules
from .date_patterns import words

FLAGS = re.IGNORECASE | re.VERBOSE | re.UNICODE

_TYPES = rules.load("doc_types")
_LEGAL = rules.load("legal")
_ISSUERS = rules.load("issuers")


def fold(code: str) -> str:
    """Case- and Đ-insensitive key of a code: "QD" == "QĐ", "TTG" == "TTg"."""
    return code.upper().replace("Đ", "D")


# ---------------------------------------------------------------- type tables

#: type name (lower case) -> (name, code) — "quyết định" -> ("Quyết định", "QĐ")
TYPE_BY_NAME: dict[str, tuple[str | None, str | None]] = {
    t["name"].lower(): (t["name"], t.get("code")) for t in _TYPES["types"]
}
for _name, _gives in _LEGAL["extra_type_names"].items():
    TYPE_BY_NAME.setdefault(_name.lower(), (_gives, None))

#: type code -> type name — "QĐ" -> "Quyết định"
TYPE_BY_CODE: dict[str, str] = {t["code"]: t["name"] for t in _TYPES["types"] if t.get("code")}
PARTY_TYPE_BY_CODE: dict[str, str] = {**TYPE_BY_CODE, **_LEGAL["party_type_codes"]}

_FOLDED_TYPES: dict[str, set[str]] = {}
for _code in list(TYPE_BY_CODE) + list(_LEGAL["party_type_codes"]):
    _FOLDED_TYPES.setdefault(fold(_code), set()).add(_code)
for _variant, _code in (_TYPES.get("code_variants") or {}).items():
    if _code in TYPE_BY_CODE:
        _FOLDED_TYPES.setdefault(fold(_variant), set()).add(_code)


def type_code(part: str) -> str | None:
    """The canonical type code a symbol part stands for, or None."""
    if part in TYPE_BY_CODE or part in PARTY_TYPE_BY_CODE:
        return part
    found = _FOLDED_TYPES.get(fold(part), set())
    return next(iter(found)) if len(found) == 1 else None


# -------------------------------------------------------------- issuer tables

CENTRAL: dict[str, str] = dict(_ISSUERS["central"])
PARTY: dict[str, str] = dict(_ISSUERS["party"])
LOCAL: dict[str, str] = dict(_ISSUERS["local"])
CODE_PREFIXES: tuple[str, ...] = tuple(_ISSUERS["code_prefixes"])
_FOLDED_ISSUERS: dict[str, set[str]] = {}
for _code in list(CENTRAL) + list(PARTY) + list(LOCAL):
    _FOLDED_ISSUERS.setdefault(fold(_code), set()).add(_code)
_TERM = re.compile(r"(?<=[A-ZĐa-z])\d{1,2}$")  # QH15, UBTVQH14: the term number


def issuer_code(part: str) -> str:
    """Canonical spelling of an issuer code ("TTG" -> "TTg"); else as written."""
    base = _TERM.sub("", part)
    term = part[len(base):]
    if base in CENTRAL or base in PARTY or base in LOCAL:
        return part
    found = _FOLDED_ISSUERS.get(fold(base), set())
    return next(iter(found)) + term if len(found) == 1 else part


def issuer_name(code: str, party: bool) -> str | None:
    """Canonical issuer name for a code, or None when the code is not known."""
    base = _TERM.sub("", code)
    table = (PARTY, CENTRAL) if party else (CENTRAL, LOCAL)
    for t in table:
        if base in t:
            return t[base]
    return None


def is_central(code: str) -> bool:
    return _TERM.sub("", code) in CENTRAL


def looks_like_issuer(part: str) -> bool:
    """An issuer code listed in issuers.yaml, or built like one (SXD, BNV)."""
    base = _TERM.sub("", part)
    if fold(base) in _FOLDED_ISSUERS:
        return True
    return len(base) >= 3 and base.isupper() and base.startswith(CODE_PREFIXES)


def word_starts(items: list[str]) -> str:
    """Case-sensitive words at a word start, longest first, spaces as ``\\s+``.

    Each branch starts with its literal first letter and checks the word
    boundary after it ("L(?<!\\wL)uật" == "(?<!\\w)Luật"), so the regex
    engine skips from one candidate letter to the next in C.
    """
    alts = sorted({w for w in items if w}, key=len, reverse=True)
    out = []
    for w in alts:
        head, rest = re.escape(w[0]), re.escape(w[1:]).replace(r"\ ", r"\s+")
        out.append(rf"{head}(?<!\w{head}){rest}")
    return "(?:" + "|".join(out) + ")"


# ---------------------------------------------------------------- the numbers

# One part of a symbol: "QĐ", "TTg", "BGDĐT", "SGD&ĐT", "UBTVQH15", "CCHC&VTLT".
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]{0,19}"
# Between parts: "KH-UBND", OCR "TT- BGDĐT", "UBND -VX" (not " - ").
_HYPHEN = r"(?:-[ \t\n]?|[ \t]-(?![ \t]))"
# The number, not glued to a word, "/", ".", "," or "-" before it. The check
# sits after the first digit so the regex engine can skip from digit to
# digit ("\d(?<![…]\d)" == "(?<![…])\d").
_NUM = r"(?P<num>\d(?<![\w/.,\-]\d)\d{0,4}[a-zđ]?)"

# State documents (NĐ 30/2020 Điều 8):
#   "24/2023/TT-BGDĐT"  number/year/type-issuer (quy phạm)
#   "1373/QĐ-TTg"       number/type-issuer
#   "5973/UBND-KT"      number/issuer-unit (công văn, no type code)
#   "45/2019/QH14"      number/year/QH+term (laws)
#   "74 /KH-UBND", "13a /KH-UBND", "406/UBND- VHXH" (spacing noise)
STATE_NUMBER = re.compile(
    rf"""
    {_NUM} [ \t]? / [ \t]?
    (?: (?P<year>(?:19|20)\d{{2}}) [ \t]? / [ \t]? )?
    (?P<sym> {_CODE} (?: {_HYPHEN} {_CODE} ){{0,3}} )
    (?![\w&])
    """,
    re.VERBOSE,
)

# Party documents (Quy định 66-QĐ/TW): "49-KL/TW", "05-CT/TW", "296-QĐ/TW",
# "14-KH/TU", "75-TB/VPTW", "35-HD/BTGTW".
PARTY_NUMBER = re.compile(
    rf"""
    {_NUM} [ \t]? - [ \t]? (?P<type>{_CODE}) [ \t]? / [ \t]?
    (?P<org> {_CODE} (?: - {_CODE} ){{0,2}} )
    (?![\w&])
    """,
    re.VERBOSE,
)

# Both patterns hold a "/" and are bounded around it, so they are run only
# in windows around each "/" (a prefilter that finds exactly what a scan of
# the whole text finds). Before the first "/": at most a number (6) and
# "[ \t]?-[ \t]?" + a code (20) + "[ \t]?" (PARTY: 30). After it: "[ \t]?"
# + year "/" (8) + four codes joined by hyphens (86) + one character of
# look-ahead (STATE: 95). tests/test_legal_refs.py checks the windows
# against whole-text scans.
SLASH_BEFORE = 32
SLASH_AFTER = 100

TYPE_NAMES = words(sorted(TYPE_BY_NAME, key=len, reverse=True))
CUES = words(_LEGAL["number_cues"])

# Before a number: "Quyết định số 1373", "Kế hoạch số: 13a", "Văn bản số",
# "Thông tư liên tịch số", "QĐ số", "Số:" alone (own number / header).
TYPE_BEFORE = re.compile(
    rf"(?<![\w])(?P<type>{TYPE_NAMES}) [\s*_]* (?: {CUES} [\s*_:]* )? $", FLAGS
)
CUE_BEFORE = re.compile(rf"(?<![\w]) {CUES} [\s*_:]* $", FLAGS)
# The document's own number in the header: "Số: 74 /KH-UBND" at a line start.
OWN_BEFORE = re.compile(r"(?:(?<=\n)|(?<=\|)|^)[\s*_]*Số[\s*_]*:?[\s*_]*$", re.IGNORECASE)

# Between a number and its date: "3352/KH-UBND, ngày 16/8/2024",
# "24/2023/TT-BGDĐT ngày", "… (ban hành ngày …)".
DATE_GAP = re.compile(r"[\s,(]*(?:(?:được\s+)?ban\s+hành\s*)?", FLAGS)

# "của Bộ Giáo dục và Đào tạo về …", "của UBND thị xã Tịnh Biên, …".
ISSUER_AFTER = re.compile(
    rf"""
    [\s,]* của [\s*_]+
    (?P<issuer> [^,;:.()\n“”"|]{{2,120}}? )
    (?= \s+ (?:{words(_LEGAL["issuer_stop_words"])}) (?!\w) | \s*[,;:.()\n“”"|] | \s*$ )
    """,
    FLAGS,
)

# The title (trích yếu): "về việc …", "V/v …", "phê duyệt Đề án “…”".
TITLE_AFTER = re.compile(
    rf"""
    [\s,]*
    (?: (?:{words(_LEGAL["title_openers_dropped"])}) \s+
      | (?= (?:{words(_LEGAL["title_openers_kept"])}) \s ) )
    (?P<title> [^;\n]{{3,300}}? )
    (?= \s*(?: ; | \.(?:\s|$) | \n | $ | ,?\s+(?:{TYPE_NAMES})\s+(?:{CUES})\s ) )
    """,
    FLAGS,
)

# Laws cited by name: "Luật Giáo dục", "Bộ luật Lao động", "Pháp lệnh
# Bưu chính viễn thông", "Luật Tín ngưỡng, tôn giáo", "Hiến pháp năm 2013".
# Case-sensitive: "luật" in running text ("pháp luật") is no name.
NAMED_LAW = re.compile(
    rf"""
    (?P<kind>{word_starts(_LEGAL["named_types"])})
    (?P<rest> (?: [ \t]+ [^\s,;:.()“”"\[\]|*/]+ ){{0,12}} )
    """,
    re.VERBOSE,
)
NAMED_TYPES: frozenset[str] = frozenset(_LEGAL["named_types"])
NAME_STOP = re.compile(rf"^(?:{words(_LEGAL['name_stop_words'])})$", re.IGNORECASE)
NAME_REJECT = {w.lower() for w in _LEGAL["name_rejects"]}
# "Luật Tín ngưỡng, tôn giáo": a lower-case tail after a comma.
NAME_COMMA_TAIL = re.compile(r",[ \t]+(?P<tail>[a-zà-ỹđ]\w*(?:[ \t]+[a-zà-ỹđ]\w*){0,2})(?=[\s;,.:)]|$)")
NAME_YEAR = re.compile(r"[ \t]+năm[ \t]+(?P<y>(?:19|20)\d{2})(?!\d)")
NUMBER_AFTER_NAME = re.compile(rf"[\s,]*(?:{CUES})?[\s:]*", FLAGS)

# "TCVN 14423:2025", "QCVN 01:2021/BXD": a standard's code, number and year (a code glued
# to a word is not one: "TCVN3" is a font encoding).
STANDARDS: dict[str, str] = dict(_LEGAL.get("standards", {}))
STANDARD = re.compile(
    rf"""(?<![\w])(?P<code>{"|".join(map(re.escape, STANDARDS)) or "(?!)"})
    [ \t]* (?P<num>\d{{1,5}}(?:-\d{{1,3}})*) [ \t]* : [ \t]* (?P<year>(?:19|20)\d{{2}})
    (?: / (?P<iss>[A-ZĐ]{{2,8}}) )? (?![\w])""",
    re.VERBOSE,
)

# Short mentions: "Thông tư 24 và 25 của Bộ GDĐT", "Quyết định số 1373".
# Anchored on the digits (fast); the type word is checked just before.
SHORT_REF = re.compile(
    r"""
    (?P<nums> \d(?<![\w/.\-]\d)\d{0,4}[a-z]? (?: [ \t]* (?:,|và) [ \t]* \d{1,5}[a-z]? )* )
    (?![\w/\-.]|[ \t]*/|[ \t]*-[ \t]*\w)
    """,
    re.VERBOSE,
)
SHORT_TYPE_BEFORE = re.compile(rf"(?<![\w])(?P<type>{TYPE_NAMES}) [ \t]+ (?:{CUES}[ \t]*)? $", FLAGS)
SHORT_NUM = re.compile(r"\d{1,5}[a-z]?")
#: How the text before a short mention must end (lower case) for
#: SHORT_TYPE_BEFORE to match: the last word of a type name, or a cue.
SHORT_TYPE_ENDINGS: tuple[str, ...] = tuple(sorted(
    {n.split()[-1].lower() for n in TYPE_BY_NAME} | {c.lower() for c in _LEGAL["number_cues"]}
))

# Documents named in quotes: Đề án “Xây dựng xã hội học tập giai đoạn 2021-2030”.
QUOTED_NAMED = re.compile(
    rf"""
    (?P<kind>{word_starts(_LEGAL.get("quoted_named_types", []) or ["Đề án"])})
    [ \t]+ (?P<quote>[“"][^”"\n]{{3,200}}[”"])
    """,
    re.VERBOSE,
)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)

"""Document metadata: the parts Nghị định 30/2020/NĐ-CP requires.

Issuer and parent issuer (tên cơ quan ban hành, cơ quan chủ quản), number
and symbol (số, ký hiệu), place and date (địa danh, thời gian), type and
title (tên loại, trích yếu; ``V/v …`` for công văn), signer block
(TM./KT./Q./TL./TUQ., position, name), recipients (Nơi nhận, Kính gửi).
Read from the header and signer zones that normalise marked; the issuer
falls back to the body only when it is stated unambiguously.
"""

from __future__ import annotations

import re
from functools import cache

from . import patterns as P
from . import rules
from .layout import NormText
from .models import DateItem, DocumentMeta, Period, Section, Signer, Span

# "UBND phường Tam Thanh xây dựng kế hoạch", "Ủy ban nhân dân (UBND) huyện ban hành Kế hoạch"
BODY_ISSUER = re.compile(
    rf"""(?P<org>(?:Ủy\s+ban\s+nhân\s+dân|UBND)(?:\s*\(UBND\))?
          (?:\s+(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)
             (?:\s+[{P.VI_UPPER}][{P.VI_LOWER}]+){{0,4}})?)
         \s+(?:xây\s+dựng|ban\s+hành)\s+(?:kế\s+hoạch|Kế\s+hoạch)""",
    re.VERBOSE,
)
# Lines where the body starts after the title.
BODY_START = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Nhằm|Để|Trong|Kính\s+gửi|Ngày|Qua|Sau|Từ|Trên\s+cơ\s+sở|Thi\s+hành)\b"
)
SIGNED_MARK = re.compile(r"\s*[(\[]\s*(?:đã\s+ký|Đã\s+ký|ĐÃ\s+KÝ|ký|Ký)[^)\]]*[)\]]\s*", re.I)
NAME_WORD = re.compile(rf"^[{P.VI_UPPER}][{P.VI_LOWER}]*$")
SEPARATORS = re.compile(r"^[\s\-_=*~.|/]*$")
# "Số: 74/…", "Số /KH", "Số:" alone, and "Số: (/KH-UBND" (a speck read in a blank number)
NUMBER_START = re.compile(r"^\s*S[ốô]\s*(?:hiệu)?\s*(?::|\.?\s*(?:\d|/|$))")
# Marks an OCR'd line can carry at its edges: "......PHÓ CHỦ TỊCH", "` Nguyễn Thị Phương"
EDGE_JUNK = re.compile(r"^[\s.,:;'`‘’\"~_*•·|-]+|[\s,:;'`‘’\"~_*•·|]+$")
# Administrative levels before a place name in an issuer: "phường Chi Lăng"
LOCALITY = re.compile(r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+(.+)$")


@cache
def _header_rules() -> dict:
    return rules.load("issuers_header")


@cache
def _abbrev() -> dict[str, str]:
    return rules.load("abbreviations")["expansions"]


@cache
def _doc_types() -> tuple[dict[str, str | None], dict[str, str]]:
    data = rules.load("doc_types")
    by_name = {t["name"].lower(): t["code"] for t in data["types"]}
    by_code = {t["code"]: t["name"] for t in data["types"] if t["code"]}
    for variant, code in (data.get("code_variants") or {}).items():
        if code in by_code:
            by_code.setdefault(variant, by_code[code])
    return by_name, by_code


# -------------------------------------------------------------- name casing


@cache
def _abbrev_re() -> re.Pattern[str]:
    keys = sorted(_abbrev(), key=len, reverse=True)
    return re.compile(r"(?<![\w&])(" + "|".join(map(re.escape, keys)) + r")(?![\w&])")


def expand_abbreviations(text: str) -> str:
    """``UBND tỉnh`` -> ``Ủy ban nhân dân tỉnh`` (whole tokens only)."""
    table = _abbrev()
    return _abbrev_re().sub(lambda m: table[m.group(1)], text)


@cache
def _org_case_rules() -> tuple[list[str], re.Pattern[str], list[tuple[re.Pattern[str], str]]]:
    """Heads (longest first), the level-and-place pattern, proper-name fixes of ``canonical_org``."""
    hr = _header_rules()
    heads = sorted(hr["heads"], key=len, reverse=True)
    levels = sorted(hr["levels"], key=len, reverse=True)
    level_re = re.compile(r"(?:^|\s)(" + "|".join(map(re.escape, levels)) + r")\s+(.+)$")
    names = [(re.compile(rf"(?i)\b{re.escape(wrong)}\b"), right) for wrong, right in hr["proper_names"].items()]
    return heads, level_re, names


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def canonical_org(text: str) -> str:
    """A body's name in sentence case with abbreviations expanded.

    ``ỦY BAN NHÂN DÂN TỈNH BẮC NINH`` -> ``Ủy ban nhân dân tỉnh Bắc Ninh``;
    ``SỞ GIÁO DỤC VÀ ĐÀO TẠO`` -> ``Sở Giáo dục và Đào tạo``. Names already
    in mixed case keep their case.
    """
    raw_letters = [c for c in text if c.isalpha()]
    upper = bool(raw_letters) and sum(c.isupper() for c in raw_letters) >= 0.7 * len(raw_letters)
    text = re.sub(r"\s+", " ", expand_abbreviations(text.strip(" ,;:.-"))).strip()
    if not upper:
        return _cap(text)
    low = text.lower()
    heads, level_re, proper_names = _org_case_rules()
    head = next((h for h in heads if low.startswith(h + " ") or low == h), "")
    rest = low[len(head):].strip()
    place = ""
    lm = level_re.search(rest)
    if lm:
        place = f"{lm.group(1)} " + " ".join(_cap(w) for w in lm.group(2).split())
        rest = rest[: lm.start()].strip()
    field = re.sub(r"(^|\bvà |, | - |-)(\w)", lambda m: m.group(1) + m.group(2).upper(), rest)
    out = " ".join(x for x in (_cap(head), field, place) if x)
    for wrong, right in proper_names:
        out = wrong.sub(right, out)
    return _cap(out)


def canonical_position(text: str) -> str:
    """``PHÓ CHỦ TỊCH`` -> ``Phó Chủ tịch`` (from rules), else sentence case."""
    clean = re.sub(r"\s+", " ", text.strip(" .,:"))
    if "," in clean:  # "BỘ TRƯỞNG, CHỦ NHIỆM"
        return ", ".join(canonical_position(part) for part in clean.split(","))
    low = clean.lower()
    for pos in sorted(_header_rules()["positions"], key=len, reverse=True):
        if low == pos.lower():
            return pos
    for pos in sorted(_header_rules()["positions"], key=len, reverse=True):
        if low.startswith(pos.lower() + " "):
            return pos + clean[len(pos):]
    close = _closest_position(clean)
    if close:
        return close  # OCR: "Pho chu tịch" -> "Phó Chủ tịch"
    return canonical_org(clean) if clean.isupper() else clean


def _fold(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _closest_position(text: str) -> str | None:
    """The listed position this (OCR-damaged) text spells, if it is close enough."""
    from rapidfuzz import fuzz, process

    positions = _header_rules()["positions"]
    folded = _fold(re.sub(r"[^\w\s]", "", text))
    best = process.extractOne(folded, [_fold(p) for p in positions], scorer=fuzz.ratio, score_cutoff=86)
    return positions[best[2]] if best else None


def canonical_authority(text: str) -> str:
    """``KT. CHỦ TỊCH`` -> ``KT. Chủ tịch``; ``TM. ỦY BAN NHÂN DÂN`` -> ``TM. Ủy ban nhân dân``."""
    m = re.match(r"\s*(TM|KT|TL|TUQ|Q|T/M)\s*\.\s*(.+)", text)
    if not m:
        return text.strip()
    body = m.group(2).strip()
    pos = canonical_position(body)
    if pos == body and body.isupper():
        pos = canonical_org(body)
    return f"{m.group(1)}. {pos}"


# --------------------------------------------------------------- the header


def _lines(norm: NormText, hint: str, first_block: bool = True) -> list[tuple[str, Span]]:
    out = []
    started = False
    for ln in norm.lines:
        if ln.has(hint):
            started = True
            out.append((norm.text[ln.start:ln.end], (ln.start, ln.end)))
        elif started and first_block:
            break
    return out


def _type_index(norm: NormText) -> int | None:
    tl = P.type_line()
    for i, ln in enumerate(norm.lines[:80]):
        text = norm.text[ln.start:ln.end]
        if tl.match(text) and not ln.has("header"):
            return i
    return None


def _blob(lines: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """The header's non-motto, non-V/v lines joined into one searchable line.

    Split headers ("Số:" / "26/2025/QĐ-UBND", "Thái Nguyên, ngày" / "21 tháng
    11 năm 2025") are read as one. The span is that of the whole block.
    """
    parts = [t for t, _ in lines if not P.MOTTO.search(t) and not P.VV_LINE.match(t)]
    if not lines:
        return []
    return [(" ".join(parts), (lines[0][1][0], lines[-1][1][1]))]


def _number(meta: DocumentMeta, lines: list[tuple[str, Span]]) -> str | None:
    """Fill number/symbol; return the text after the number (flattened place-date)."""
    for text, span in lines:
        m = P.NUMBER_LINE.search(text)
        if not m:
            continue
        number = (m.group("number") or "").replace(" ", "") or None
        symbol = re.sub(r"\s+", "", m.group("symbol")).rstrip(".-")
        symbol = re.sub(r"^QD\b", "QĐ", symbol)
        meta.number = number.split("/")[0] if number else None
        meta.symbol = symbol
        meta.number_symbol = f"{number}/{symbol}" if number else None
        meta.spans["number_symbol"] = (span[0] + m.start("label"), span[0] + m.end())
        return text[m.end():]
    return None


def _place_date(meta: DocumentMeta, lines: list[tuple[str, Span]]) -> None:
    for text, span in lines:
        # flattened "Số: 74 /KH-UBND Chi Lăng, ngày …": look after the symbol
        nm = P.NUMBER_LINE.search(text)
        m = P.PLACE_DATE.search(text, nm.end() if nm else 0)
        if not m:
            continue
        place = m.group("place").strip()
        meta.place = place or None
        y, mo, d = m.group("year"), int(m.group("month")), m.group("day")
        meta.issued_date = f"{y}-{mo:02d}-{int(d):02d}" if d else f"{y}-{mo:02d}"
        meta.spans["issued_date"] = (span[0] + m.start("place"), span[0] + m.end())
        return


def _issuer(meta: DocumentMeta, lines: list[tuple[str, Span]], ocr: bool = False) -> None:
    """Issuer lines are the header lines before the motto/number, grouped by head words.

    On OCR'd pages marks at a line's edges are dropped ("„_—_- UBND TỈNH PHÚ
    THỌ.........."), and a head word read with another mark is spelt as listed
    ("SƠ THÔNG TIN" -> "SỞ THÔNG TIN"), so it still starts an organisation.
    """
    cands: list[tuple[str, Span]] = []
    for text, span in lines:
        mm = P.MOTTO.search(text)
        if mm:
            if mm.start() > 0:
                cands.append((text[: mm.start()], (span[0], span[0] + mm.start())))
            continue
        if (P.NUMBER_LINE.search(text) or P.PLACE_DATE.search(text) or P.VV_LINE.match(text)
                or NUMBER_START.match(text) or ", ngày" in text):
            break
        if SEPARATORS.match(text):
            continue
        cands.append((text, span))
    heads = sorted(_header_rules()["heads"], key=len, reverse=True)
    units: list[list[tuple[str, Span]]] = []
    for text, span in cands:
        if ocr:
            text = _ocr_head(ISSUER_EDGE.sub("", text))
        low = expand_abbreviations(text).lower().strip()
        starts_org = any(low.startswith(h + " ") or low == h for h in heads)
        if starts_org or not units:
            units.append([(text, span)])
        else:
            units[-1].append((text, span))
    if not units:
        return
    def name(unit):
        return canonical_org(" ".join(t for t, _ in unit))
    meta.issuer = name(units[-1])
    meta.spans["issuer"] = (units[-1][0][1][0], units[-1][-1][1][1])
    if len(units) > 1:
        meta.parent_issuer = name(units[-2])
        meta.spans["parent_issuer"] = (units[-2][0][1][0], units[-2][-1][1][1])


# Marks around an OCR'd header line: leading rule fragments, trailing dots
ISSUER_EDGE = re.compile(r"^(?:[^\w(]|_)+|(?:[^\w)]|_)+$")


@cache
def _folded_heads() -> list[tuple[str, int, str]]:
    """(folded head, number of words, head) of ``issuers_header.yaml``, longest first."""
    heads = sorted(_header_rules()["heads"], key=len, reverse=True)
    return [(_fold(h), len(h.split()), h) for h in heads]


def _ocr_head(text: str) -> str:
    """``text`` with its first words spelt as the head word they fold to."""
    folded = _fold(text)
    for fh, n, head in _folded_heads():
        if folded == fh or folded.startswith(fh + " "):
            words = text.split()
            seen = " ".join(words[:n])
            if seen.lower() == head:
                return text
            spelt = head.upper() if seen.isupper() else head[:1].upper() + head[1:]
            return " ".join([spelt, *words[n:]])
    return text


def _type_and_title(meta: DocumentMeta, norm: NormText, header: list[tuple[str, Span]]) -> None:
    by_name, by_code = _doc_types()
    ti = _type_index(norm)
    if ti is not None:
        ln = norm.lines[ti]
        word = P.type_line().match(norm.text[ln.start:ln.end]).group("type")
        meta.type = word[:1] + word[1:].lower()
        meta.type_code = by_name.get(meta.type.lower())
        meta.spans["type"] = (ln.start, ln.end)
        parts, spans = _title_lines(norm, ti + 1)
        if parts:
            meta.title = re.sub(r"\s+", " ", " ".join(parts)).strip()
            meta.spans["title"] = (spans[0][0], spans[-1][1])
    for text, span in header + _after_header(norm, header):
        vm = P.VV_LINE.match(text)
        if vm and not meta.title:
            meta.title = text[vm.end():].strip() or None
            meta.spans["title"] = (span[0] + vm.end(), span[1])
            if meta.type is None:
                meta.type, meta.type_code = "Công văn", None
    if meta.symbol:
        code = meta.symbol.split("-")[0]
        if meta.type is None and code in by_code:
            meta.type = by_code[code]
            meta.type_code = by_name.get(meta.type.lower())
        elif meta.type is None:
            meta.type, meta.type_code = "Công văn", None


def _after_header(norm: NormText, header: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """The first line after the header zone, where a công văn's "V/v …" stands when the
    header's two columns were run together ("Số: 476/UBND Châu Thành, ngày …" | "V/v …")."""
    if not header or not norm.lines:
        return []
    i = norm.line_at(header[-1][1][1] - 1) + 1
    if i < len(norm.lines):
        ln = norm.lines[i]
        return [(norm.text[ln.start:ln.end], (ln.start, ln.end))]
    return []


def _title_lines(norm: NormText, start: int) -> tuple[list[str], list[Span]]:
    parts: list[str] = []
    spans: list[Span] = []
    first_upper = None
    for ln in norm.lines[start:start + 5]:
        text = norm.text[ln.start:ln.end].strip()
        if (not text or ln.kind != "para" or ln.has("bullet") or BODY_START.match(text)
                or P.heading_label().match(text) or P.KINH_GUI.match(text)
                or re.match(r"^\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo", text)):
            break
        letters = [c for c in text if c.isalpha()]
        # "2026 - 2030" (no letters) keeps the case style of the line before it
        upper = (sum(c.isupper() for c in letters) > 0.8 * len(letters)) if letters else first_upper
        if first_upper is None:
            first_upper = upper
        elif upper != first_upper and not (first_upper is False and len(parts[-1]) > 40 and upper is False):
            break
        if len(text) > 300:
            break
        if parts and not CONNECTOR_END.search(parts[-1]):
            if upper and _starts_with_org_or_post(text):
                break  # "ỦY BAN NHÂN DÂN TỈNH …" / "CHỦ TỊCH …": the decision's authority line
            if not upper and text.endswith((".", ";", ":")) and not _first_lower(text):
                break  # a body sentence, not a title line
        parts.append(text)
        spans.append((ln.start, ln.end))
        if text.endswith((".", ";")):
            break
    return parts, spans


CONNECTOR_END = re.compile(r"(?:,|-|–|\b(?:của|và|về|với|tại|trên|cho|CỦA|VÀ|VỀ|VỚI|TẠI|TRÊN|CHO))\s*$")


def _first_lower(text: str) -> bool:
    first = next((c for c in text if c.isalpha()), "")
    return first.islower()


def _starts_with_org_or_post(text: str) -> bool:
    low = text.lower()
    words = [*_header_rules()["heads"], *(p.lower() for p in _header_rules()["positions"])]
    return any(low.startswith(w + " ") for w in words if len(w) > 3)


# ---------------------------------------------------------------- the signer


@cache
def _positions_longest_first() -> tuple[str, ...]:
    """Positions of the signer rules, lower case, longest first."""
    return tuple(p.lower() for p in sorted(_header_rules()["positions"], key=len, reverse=True))


def _split_authority(text: str) -> tuple[str, str] | None:
    """Split an authority line that also holds the position."""
    low = text.lower()
    for p in _positions_longest_first():
        if low.endswith(" " + p):
            head = text[: len(text) - len(p)].rstrip()
            if head.endswith(","):
                return None  # "KT. BỘ TRƯỞNG, CHỦ NHIỆM": one authority with two titles
            if P.AUTHORITY.match(head) and len(head.split(".", 1)[1].strip()) > 1:
                return head, text[len(head):].strip()
    return None


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or any(c.isdigit() for c in text):
        return False
    if text.isupper():
        return all(w.isalpha() for w in words)
    return all(NAME_WORD.match(w) for w in words)


def _position_like(text: str, authority: bool) -> bool:
    """A listed position (also as OCR misspells it: "PHO CHỦ TỊCH"), or, under an
    authority line, a short upper-case line of words ("GIÁM ĐỐC SỞ"): not seal
    residue such as "5 Ũ", nor a name in capitals ("NGUYỄN QUANG TUẤN")."""
    if text.lower() in _positions_lower() or _closest_position(text):
        return True
    words = text.replace(",", " ").split()
    return (authority and text.isupper() and len(text) < 60 and 1 <= len(words) <= 8
            and all(w.isalpha() for w in words) and sum(map(len, words)) >= 4
            and not (len(words) <= 5 and words[0].lower() in _surnames()))


@cache
def _surnames() -> frozenset[str]:
    return frozenset(n.lower() for n in _header_rules().get("surnames", []))


@cache
def _positions_lower() -> frozenset[str]:
    return frozenset(p.lower() for p in _header_rules()["positions"])


def _deputy(authority: str) -> str | None:
    """The position of who signs "KT. <head>" (ký thay: the head's deputy,
    Nghị định 30/2020, Điều 13), used when the position line is unreadable."""
    m = re.match(r"KT\.\s*(.+)$", authority)
    if not m:
        return None
    deputies = _header_rules().get("deputies") or {}
    head = m.group(1).strip()
    if head in deputies:
        return deputies[head]
    if f"Phó {head}" in _header_rules()["positions"]:
        return f"Phó {head}"
    return None


def _signer(meta: DocumentMeta, zone: list[tuple[str, Span]]) -> None:
    authority = position = name = None
    in_list = False
    for text, span in zone:
        t = SIGNED_MARK.sub(" ", text).strip()
        if P.NOI_NHAN.match(t):
            in_list = True
            continue
        if in_list and (P.BULLET.match(t) or t.startswith(("Lưu", "-"))):
            continue
        t = EDGE_JUNK.sub("", t)
        if not t or SEPARATORS.match(t):
            continue
        in_list = False
        if P.AUTHORITY.match(t):
            authority = (t, span)
            position = name = None
            split = _split_authority(t)
            if split:  # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": one bold run over two lines
                authority, position = (split[0], span), (split[1], span)
            continue
        if position is None and _position_like(t, authority is not None):
            position = (t, span)
            continue
        if name is None and _is_name(t) and (
                position is not None or (authority is not None and not _starts_with_org_or_post(t))):
            name = (t, span)
            break
    if not (authority or position or name):
        return
    auth = canonical_authority(authority[0]) if authority else None
    pos = canonical_position(position[0]) if position else None
    if pos is None and name and auth:
        pos = _deputy(auth)  # the position line lost under a seal
    meta.signer = Signer(
        name=(name[0].title() if name and name[0].isupper() else name[0]) if name else None,
        position=pos,
        authority=auth,
    )
    spans = [x[1] for x in (authority, position, name) if x]
    meta.spans["signer"] = (spans[0][0], spans[-1][1])


def _recipients(meta: DocumentMeta, norm: NormText) -> None:
    out: list[str] = []
    # Kính gửi: addressees (công văn, báo cáo, tờ trình)
    for i, ln in enumerate(norm.lines[:60]):
        text = norm.text[ln.start:ln.end]
        m = P.KINH_GUI.match(text)
        if not m:
            continue
        rest = text[m.end():].strip()
        if rest and not P.BULLET.match(rest):
            out.extend(_items(rest))
        else:
            for nxt in norm.lines[i + 1:i + 30]:
                t = norm.text[nxt.start:nxt.end]
                if not P.BULLET.match(t):
                    break
                out.extend(_items(t))
        break
    # Nơi nhận: items of the first signer zone
    zone = _lines(norm, "signer")
    collecting = False
    for text, _span in zone:
        m = P.NOI_NHAN.match(text)
        if m:
            collecting = True
            rest = text[m.end():].strip()
            if rest:
                out.extend(_items(rest))
            continue
        if collecting:
            if P.BULLET.match(text) or text.startswith("Lưu"):
                out.extend(_items(text))
            elif P.AUTHORITY.match(text) or text.isupper():
                collecting = False
    meta.recipients = out


# "- Thường trực HĐND huyện (B/c); - Sở GD&ĐT Cao Bằng;": two items that OCR
# put on one line (a dash after a semicolon starts the next)
ITEM_BREAK = re.compile(r"(?<=;)\s+(?=[-–+•]\s)")
# a mark or letter left after an item's closing semicolon: "Sở GD&ĐT Cao Bằng; ý"
TRAILING_MARK = re.compile(r";\s*[^\s\d]{1,2}$")


def _items(text: str) -> list[str]:
    out = []
    for part in ITEM_BREAK.split(text):
        part = TRAILING_MARK.sub(";", part.strip())
        part = P.BULLET.sub("", part, count=1).strip()
        part = re.sub(r"[;,.]+$", "", part).strip()
        if part:
            out.append(part)
    return out


# ------------------------------------------------------------------- public


def find_metadata(norm: NormText, sections: list[Section] | None = None) -> DocumentMeta:
    """Read the document's own metadata from ``norm``."""
    meta = DocumentMeta()
    header = _lines(norm, "header")
    ti = _type_index(norm)
    if not header:  # no header zone: the lines before the type line, if any
        stop = ti if ti is not None else 0
        header = [(norm.text[ln.start:ln.end], (ln.start, ln.end)) for ln in norm.lines[:stop]]
    blob = _blob(header)
    _number(meta, header) if any(P.NUMBER_LINE.search(t) for t, _ in header) else _number(meta, blob)
    _place_date(meta, header)
    if meta.issued_date is None:
        _place_date(meta, blob)
    _issuer(meta, header, ocr=bool(norm.ocr_pages))
    _type_and_title(meta, norm, header)
    _signer(meta, _lines(norm, "signer"))
    _recipients(meta, norm)
    if meta.issuer is None:
        _issuer_from_body(meta, norm)
    _place_from_issuer(meta, norm)
    return meta


def _place_from_issuer(meta: DocumentMeta, norm: NormText) -> None:
    """The place of issue is the issuer's locality (NĐ 30/2020, Phụ lục I): when the
    two spell the same name with different marks (OCR "Chỉ Lăng" / "Chi Lăng"),
    trust the issuer line, which is set in capitals and reads more reliably.

    On OCR'd pages the issuer line can be the one misread ("CHI LẶNG"); there a
    syllable of the issuer line gives way when no other mention of the name
    spells it so and at least two mentions agree on another spelling
    (``_attested_spelling``).
    """
    if not meta.place or not meta.issuer:
        return
    place_f = _fold(meta.place)
    for attr in ("issuer", "parent_issuer"):
        name = getattr(meta, attr) or ""
        m = LOCALITY.search(name)
        if not m or _fold(m.group(1)) != place_f:
            continue
        spelt = m.group(1)
        if norm.ocr_pages:
            spelt = _attested_spelling(spelt, norm.text)
            if spelt != m.group(1):
                setattr(meta, attr, name[: m.start(1)] + spelt)
        meta.place = spelt
        return


def _attested_spelling(name: str, text: str) -> str:
    """``name`` (from the issuer line) with each syllable that the rest of ``text``
    never spells so replaced by the spelling at least two other mentions share.

    ``"Chi Lặng"`` with mentions "CHI LẶNG" (the issuer line itself), "Chỉ
    Lăng" ×4 and "Chi Lăng" ×4 -> ``"Chi Lăng"``: "chi" is attested elsewhere
    and stays, "lặng" is not and "lăng" is, eight times. A misreading is
    rarely repeated, while the same word read right recurs.
    """
    words = name.split()
    mentions = [m.group(0).split() for m in _fold_pattern(_fold(name)).finditer(text)]
    mentions = [w for w in mentions if len(w) == len(words)]
    out = []
    for i, word in enumerate(words):
        counts: dict[str, int] = {}
        for mention in mentions:
            key = mention[i].lower()
            counts[key] = counts.get(key, 0) + 1
        own = counts.pop(word.lower(), 0) - 1  # the issuer line is one of the mentions
        other, n = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
        if own <= 0 and n >= 2:
            word = other[:1].upper() + other[1:] if word[:1].isupper() else other
        out.append(word)
    return " ".join(out)


@cache
def _fold_classes() -> dict[str, str]:
    """Folded letter -> a character class of every Vietnamese letter folding to it."""
    import unicodedata

    letters = "".join(chr(c) for c in range(0x41, 0x5B)) + "".join(chr(c) for c in range(0x61, 0x7B))
    letters += P.VI_UPPER.replace("A-Z", "") + P.VI_LOWER.replace("a-z", "")
    groups: dict[str, set[str]] = {}
    for ch in letters:
        groups.setdefault(_fold(ch), set()).add(ch)
    for ch in list(groups):
        groups[ch].add(unicodedata.normalize("NFC", ch))
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in groups.items()}


def _fold_pattern(folded: str) -> re.Pattern[str]:
    """A pattern for any spelling of ``folded`` (marks and case ignored), whole words."""
    classes = _fold_classes()
    body = r"\s+".join("".join(classes.get(c, re.escape(c)) for c in w) for w in folded.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _issuer_from_body(meta: DocumentMeta, norm: NormText) -> None:
    m = BODY_ISSUER.search(norm.text, 0, min(len(norm.text), 6000))
    if m:
        org = re.sub(r"\s*\(UBND\)", "", m.group("org"))
        meta.issuer = canonical_org(org)
        meta.spans["issuer"] = (m.start("org"), m.end("org"))


def find_period(sections: list[Section], dates: list[DateItem],
                document: DocumentMeta | None = None) -> Period | None:
    """The document's own implementation period, when it is stated.

    A date range with role ``period``, else the first range inside a section
    titled like "Thời gian thực hiện", else — for a Kế hoạch — a range of years
    in its title ("Kế hoạch … giai đoạn 2026 - 2030": the plan is for those years;
    a single year or a school year in the title is not taken).
    """
    for d in dates:
        if d.role == "period" and d.kind == "range":
            return Period(d.value, d.end)
    titles = [t.lower() for t in P.heading_words()["period_titles"]]
    for sec in sections:
        if any(sec.title.lower().startswith(t) for t in titles):
            for d in dates:
                if d.kind == "range" and sec.span[0] <= d.span[0] < sec.span[1]:
                    return Period(d.value, d.end)
    title = document.spans.get("title") if document is not None and document.type_code == "KH" else None
    if title:
        for d in dates:
            if d.kind == "range" and title[0] <= d.span[0] < title[1] and len(d.value or "") == 4:
                return Period(d.value, d.end)
    return None

"""Read a Word .docx: paragraphs, automatic numbering, tables, footnotes.

The XML is parsed directly (``defusedxml``: no DTDs, no entity expansion)
after the zip is checked against ``Limits`` (entry count, uncompressed size).

- Paragraphs come out one per line, in body order (``w:sdt`` content
  controls are opened). Tracked deletions and field codes are skipped.
- Word's automatic numbering is not in the text; it is computed from
  ``numbering.xml`` (``w:num`` -> ``w:abstractNum`` levels: ``start``,
  ``numFmt``, ``lvlText``, ``lvlRestart``, ``isLgl``, ``startOverride``),
  counted per numId and level, and written before the paragraph ("1. ",
  "a) ", "- ").
- Tables become ``| cell | cell |`` rows. A layout table -- the two-column
  header (issuer | motto, number | place-date) or the Nơi nhận | signer
  table -- is read column by column as plain lines instead, like the PDF
  and OCR readers do.
- Footnote references become ``[^n]``; the notes are listed at the end as
  ``[^n] text`` lines (a DOCX has no pages).
- Runs in legacy fonts (``.VnTime`` = TCVN3, ``.VnTimeH`` = TCVN3 upper
  case, ``VNI-*`` = VNI) are converted to Unicode by font; any other
  mojibake is caught by ``legacy.analyse_legacy`` on the whole text.
- ``line_hints``: ``bold`` (all runs bold), ``center`` (justified centre),
  ``heading`` (a Heading/Title style).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorruptFileError, EncryptedFileError, LimitExceededError
from .base import RawDocument
from .limits import DEFAULT_LIMITS, Limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: A table laid out as the document header or signer zone (read as lines).
LAYOUT_TABLE = re.compile(
    r"""(?:CỘNG\s+HÒA|CỘNG\s+HOÀ        # national motto: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        |Độc\s+lập\s*-                   # "Độc lập - Tự do - Hạnh phúc"
        |Nơi\s+nhận                      # recipients of the signer table
        |^\s*Số\s*:)                     # "Số: 74/KH-UBND"
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
#: Symbol-font bullets (private use area) are rendered as this.
BULLET = "•"


# ------------------------------------------------------------------ numbering

@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None   # lvlRestart: restart after this (1-based) level
    legal: bool = False
    suffix: str = "tab"


@dataclass
class Numbering:
    """numbering.xml, and the running counters of each list."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)                 # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return its label."""
        levels = self.abstract.get(self.nums.get(num_id, ""), {})
        if num_id in ("", "0") or ilvl not in levels:
            return ""
        lvl = levels[ilvl]
        counts = self.counters.setdefault(num_id, {})
        start = self.overrides.get(num_id, {}).get(ilvl, lvl.start)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start
        for deeper in [k for k in counts if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or restart > ilvl:  # default: any shallower level restarts it
                if restart != 0:
                    del counts[deeper]
        if lvl.fmt == "none":
            return ""
        if lvl.fmt == "bullet":
            mark = "".join(BULLET if "\ue000" <= ch <= "\uf8ff" else ch for ch in lvl.text) or BULLET
            return mark + " "

        def fill(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            ref = levels.get(k, Level())
            value = counts.get(k, self.overrides.get(num_id, {}).get(k, ref.start))
            return format_number(value, "decimal" if lvl.legal else ref.fmt)

        label = re.sub(r"%(\d)", fill, lvl.text)
        return label + ("" if lvl.suffix == "nothing" else " ") if label else ""


def format_number(n: int, fmt: str) -> str:
    """A counter value in Word's ``numFmt``."""
    if fmt in ("upperRoman", "lowerRoman"):
        r = to_roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def to_roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _val(el, tag: str, default=None):
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val", default) if child is not None else default


def parse_numbering(root) -> Numbering:
    num = Numbering()
    if root is None:
        return num
    for an in root.findall(W + "abstractNum"):
        levels = {}
        for lvl in an.findall(W + "lvl"):
            restart = _val(lvl, "lvlRestart")
            levels[int(lvl.get(W + "ilvl", "0"))] = Level(
                start=int(_val(lvl, "start", "1") or 1),
                fmt=_val(lvl, "numFmt", "decimal") or "decimal",
                text=_val(lvl, "lvlText", "") or "",
                restart=int(restart) if restart is not None else None,
                legal=lvl.find(W + "isLgl") is not None,
                suffix=_val(lvl, "suff", "tab") or "tab",
            )
        num.abstract[an.get(W + "abstractNumId", "")] = levels
    for n in root.findall(W + "num"):
        nid = n.get(W + "numId", "")
        num.nums[nid] = _val(n, "abstractNumId", "") or ""
        for ov in n.findall(W + "lvlOverride"):
            so = _val(ov, "startOverride")
            if so is not None:
                num.overrides.setdefault(nid, {})[int(ov.get(W + "ilvl", "0"))] = int(so)
    return num


# --------------------------------------------------------------------- styles

@dataclass
class Style:
    name: str = ""
    based_on: str | None = None
    num: tuple[str, int] | None = None
    bold: bool | None = None
    center: bool | None = None


def parse_styles(root) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    if root is None:
        return styles
    for st in root.findall(W + "style"):
        ppr, rpr = st.find(W + "pPr"), st.find(W + "rPr")
        s = Style(name=_val(st, "name", "") or "", based_on=_val(st, "basedOn"))
        npr = ppr.find(W + "numPr") if ppr is not None else None
        if npr is not None and _val(npr, "numId") is not None:
            s.num = (_val(npr, "numId"), int(_val(npr, "ilvl", "0") or 0))
        if rpr is not None and rpr.find(W + "b") is not None:
            s.bold = _on(rpr.find(W + "b"))
        if ppr is not None and _val(ppr, "jc") is not None:
            s.center = _val(ppr, "jc") == "center"
        styles[st.get(W + "styleId", "")] = s
    return styles


def _style_attr(styles: dict[str, Style], sid: str | None, attr: str):
    seen = set()
    while sid and sid in styles and sid not in seen:
        seen.add(sid)
        value = getattr(styles[sid], attr)
        if value is not None:
            return value
        sid = styles[sid].based_on
    return None


def _on(el) -> bool:
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


# ------------------------------------------------------------------- reading

class _Reader:
    def __init__(self, parts: dict[str, object]):
        self.numbering = parse_numbering(parts.get("word/numbering.xml"))
        self.styles = parse_styles(parts.get("word/styles.xml"))
        self.lines: list[str] = []
        self.hints: dict[int, set[str]] = {}
        self.note_ids: dict[str, int] = {}
        self.legacy_runs = 0

    # paragraphs -------------------------------------------------------
    def paragraph(self, p, *, numbered: bool = True) -> tuple[str, set[str]]:
        ppr = p.find(W + "pPr")
        sid = _val(ppr, "pStyle")
        label = ""
        if numbered:
            npr = ppr.find(W + "numPr") if ppr is not None else None
            num = None
            if npr is not None and _val(npr, "numId") is not None:
                num = (_val(npr, "numId"), int(_val(npr, "ilvl", "0") or 0))
            else:
                num = _style_attr(self.styles, sid, "num")
            if num:
                label = self.numbering.label(*num)
        texts, bolds = [], []
        for run_text, bold in self._runs(p, sid):
            texts.append(run_text)
            if run_text.strip():
                bolds.append(bold)
        text = " ".join((label + "".join(texts)).split(" ")).strip()
        hints = set()
        if bolds and all(bolds):
            hints.add("bold")
        jc = _val(ppr, "jc")
        center = jc == "center" if jc is not None else _style_attr(self.styles, sid, "center")
        if center:
            hints.add("center")
        name = (self.styles.get(sid or "", Style()).name or "").lower()
        if name.startswith(("heading", "title")):
            hints.add("heading")
        return text, hints

    def _runs(self, p, sid):
        style_bold = bool(_style_attr(self.styles, sid, "bold"))
        # runs in tracked deletions or nested text boxes are not this paragraph's text
        excluded = {id(r) for tag in ("del", "moveFrom", "txbxContent")
                    for el in p.iter(W + tag) for r in el.iter(W + "r")}
        for r in p.iter(W + "r"):
            if id(r) in excluded:
                continue
            rpr = r.find(W + "rPr")
            b = rpr.find(W + "b") if rpr is not None else None
            bold = _on(b) if b is not None else style_bold
            font = ""
            if rpr is not None and rpr.find(W + "rFonts") is not None:
                rf = rpr.find(W + "rFonts")
                font = rf.get(W + "ascii") or rf.get(W + "hAnsi") or ""
            parts = []
            for el in r:
                tag = el.tag
                if tag == W + "t":
                    parts.append(el.text or "")
                elif tag in (W + "tab", W + "ptab"):
                    parts.append("\t")
                elif tag in (W + "br", W + "cr"):
                    parts.append(" ")
                elif tag == W + "noBreakHyphen":
                    parts.append("-")
                elif tag == W + "sym":
                    ch = el.get(W + "char", "")
                    parts.append(BULLET if ch.upper().startswith("F0") else (chr(int(ch, 16)) if ch else ""))
                elif tag == W + "footnoteReference":
                    nid = el.get(W + "id", "")
                    n = self.note_ids.setdefault(nid, len(self.note_ids) + 1)
                    parts.append(f"[^{n}]")
            yield self._legacy_font("".join(parts), font), bold

    def _legacy_font(self, text: str, font: str) -> str:
        if not text or not font:
            return text
        from .legacy import _convert_with

        f = font.lower()
        if f.startswith(".vn"):
            self.legacy_runs += 1
            out = _convert_with(text, "tcvn3")
            return out.upper() if f.endswith("h") else out
        if f.startswith("vni"):
            self.legacy_runs += 1
            return _convert_with(text, "vni")
        return text

    # blocks -----------------------------------------------------------
    def add(self, text: str, hints: set[str]) -> None:
        if not text.strip():
            return
        if hints:
            self.hints[len(self.lines)] = hints
        self.lines.append(text.replace("\t", " ").strip())

    def body(self, el) -> None:
        for child in el:
            if child.tag == W + "p":
                self.add(*self.paragraph(child))
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.body(content)

    def cell_paragraphs(self, tc) -> list[tuple[str, set[str]]]:
        out = []
        for child in tc:
            if child.tag == W + "p":
                out.append(self.paragraph(child))
            elif child.tag == W + "tbl":  # nested table: its text, row by row
                for row in self.rows(child):
                    out.append((" ".join(c for c in row if c), set()))
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    out.extend(self.cell_paragraphs(content))
        return out

    def rows(self, tbl) -> list[list[str]]:
        rows = []
        for tr in tbl.findall(W + "tr"):
            cells = []
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                text = " ".join(t for t, _ in self.cell_paragraphs(tc) if t.strip())
                if vmerge is not None and vmerge.get(W + "val", "continue") == "continue":
                    text = ""
                cells.append(" ".join(text.replace("|", "/").split()))
                span = int(_val(tcpr, "gridSpan", "1") or 1) if tcpr is not None else 1
                cells.extend([""] * (span - 1))
            rows.append(cells)
        return rows

    def table(self, tbl) -> None:
        grid = tbl.find(W + "tblGrid")
        ncols = len(grid.findall(W + "gridCol")) if grid is not None else 0
        trs = tbl.findall(W + "tr")
        flat = " \n".join("".join(t.text or "" for t in tr.iter(W + "t")) for tr in trs)
        if ncols <= 3 and LAYOUT_TABLE.search(flat):
            self.layout_table(trs)
            return
        rows = self.rows(tbl)
        if all(sum(1 for c in row if c) <= 1 for row in rows):  # a framed box, not a table
            for row in rows:
                self.add(" ".join(c for c in row if c), set())
            return
        for row in rows:
            if any(c for c in row):
                self.add("| " + " | ".join(row) + " |", set())

    def layout_table(self, trs) -> None:
        """Header/signer table: each column's paragraphs, left column first."""
        columns: dict[int, list[tuple[str, set[str]]]] = {}
        for tr in trs:
            col = 0
            for tc in tr.findall(W + "tc"):
                columns.setdefault(col, []).extend(self.cell_paragraphs(tc))
                tcpr = tc.find(W + "tcPr")
                col += int(_val(tcpr, "gridSpan", "1") or 1) if tcpr is not None else 1
        for col in sorted(columns):
            for text, hints in columns[col]:
                self.add(text, hints)


# --------------------------------------------------------------------- entry

def _load_parts(path: Path, limits: Limits) -> dict[str, object]:
    from defusedxml import ElementTree as DET
    from defusedxml.common import DefusedXmlException

    wanted = ("word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml")
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(f"not a readable DOCX (bad zip: {exc})", str(path)) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_entries:
            raise LimitExceededError(f"DOCX has {len(infos)} zip entries, more than "
                                     f"{limits.max_zip_entries}", str(path))
        names = {i.filename: i for i in infos}
        if "word/document.xml" not in names:
            raise CorruptFileError("DOCX has no word/document.xml", str(path))
        parts: dict[str, object] = {}
        for name in wanted:
            info = names.get(name)
            if info is None:
                continue
            if info.flag_bits & 0x1:
                raise EncryptedFileError("DOCX part is encrypted", str(path))
            if info.file_size > limits.max_xml_bytes:
                raise LimitExceededError(f"{name} is {info.file_size} bytes uncompressed, more than "
                                         f"{limits.max_xml_bytes}", str(path))
            try:
                data = zf.read(name)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise CorruptFileError(f"DOCX part {name} cannot be read ({exc})", str(path)) from exc
            if len(data) > limits.max_xml_bytes:
                raise LimitExceededError(f"{name} exceeds {limits.max_xml_bytes} bytes", str(path))
            try:
                parts[name] = DET.fromstring(data, forbid_dtd=True)
            except DefusedXmlException as exc:
                raise CorruptFileError(f"{name} uses forbidden XML features ({type(exc).__name__})",
                                       str(path)) from exc
            except DET.ParseError as exc:
                raise CorruptFileError(f"{name} is not well-formed XML ({exc})", str(path)) from exc
    return parts


def read_docx(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a .docx file into a ``RawDocument`` (one page)."""
    from .legacy import analyse_legacy
    from .pdf import check_size

    path = Path(path)
    check_size(path, limits)
    parts = _load_parts(path, limits)
    reader = _Reader(parts)
    body = parts["word/document.xml"].find(W + "body")  # type: ignore[union-attr]
    if body is None:
        raise CorruptFileError("DOCX document has no body", str(path))
    reader.body(body)
    notes = _footnotes(parts.get("word/footnotes.xml"), reader)
    for n, text in notes:
        reader.lines.append(f"[^{n}] {text}")
    warnings: list[str] = []
    if reader.legacy_runs:
        warnings.append("legacy Vietnamese font encoding (TCVN3/VNI fonts) converted to Unicode")
    text = "\n".join(reader.lines)
    legacy = analyse_legacy(text)
    if legacy.encoding:
        text = legacy.text
        warnings.append(f"legacy Vietnamese encoding {legacy.encoding} converted to Unicode")
    if legacy.garbled:
        warnings.append("text looks garbled (unknown legacy font encoding)")
    if not text.strip():
        warnings.append("document has no text")
    return RawDocument(text=text, media_type=MEDIA_TYPE, path=str(path),
                       sha256=hashlib.sha256(path.read_bytes()).hexdigest(), page_starts=[0],
                       warnings=warnings, line_hints=reader.hints)


def _footnotes(root, reader: _Reader) -> list[tuple[int, str]]:
    if root is None or not reader.note_ids:
        return []
    by_id = {}
    for fn in root.findall(W + "footnote"):
        if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = [reader.paragraph(p, numbered=False)[0] for p in fn.iter(W + "p")]
        by_id[fn.get(W + "id", "")] = " ".join(t for t in paras if t).strip()
    out = []
    for nid, n in sorted(reader.note_ids.items(), key=lambda kv: kv[1]):
        if nid in by_id:
            out.append((n, by_id[nid]))
    return out


__all__ = ["read_docx", "format_number", "to_roman", "parse_numbering", "Numbering"]

"""The whole pipeline: read -> normalise -> segment -> extract -> ``Result``.

Data flows one way; each stage lives in its own module and sees only what
the stages before it produced.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError
from .layout import NormText
from .models import Mention, Result, Section, Source, Table
from .read import RawDocument, read, read_string
from .segment import SectionLookup

#: Suffixes that make a short string a path rather than text.
_PATHLIKE = (".txt", ".md", ".pdf", ".docx", ".doc", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def _is_path(value: str | os.PathLike) -> bool:
    if isinstance(value, os.PathLike):
        return True
    if "\n" in value or len(value) > 4096:
        return False
    return os.path.exists(value) or value.lower().endswith(_PATHLIKE)


def extract(path_or_text: str | os.PathLike, *, ocr: str = "auto", jobs: int | None = None) -> Result:
    """Extract everything from a file path or from text in memory.

    A ``str`` is taken as a path when it names an existing file or ends with
    a supported suffix (then a missing file is an error), otherwise as the
    document's text.
    """
    if _is_path(path_or_text):
        raw = read(Path(path_or_text), ocr=ocr, jobs=jobs)
    else:
        text = str(path_or_text)
        if not text.strip():
            raise InputError("text is empty")
        raw = read_string(text)
    return extract_raw(raw)


def extract_raw(raw: RawDocument) -> Result:
    """Run the stages after reading on a ``RawDocument``."""
    from .agencies import find_agencies
    from .dates import find_dates
    from .duties import find_duties
    from .legal_refs import find_legal_refs
    from .metadata import find_metadata, find_period
    from .normalize import normalize
    from .segment import segment
    from .targets import find_targets

    norm = normalize(raw)
    sections = segment(norm)
    document = find_metadata(norm, sections)
    dates = find_dates(norm.text)
    document.period = find_period(sections, dates, document)
    refs = find_legal_refs(norm.text, dates, document.number_symbol)
    agencies = find_agencies(norm, sections)
    duties = find_duties(norm, sections, agencies, dates)
    targets = find_targets(norm, sections, dates, agencies)
    tables = build_tables(norm)
    # agencies and targets placed their items in sections, pages and table cells
    # as they found them, duties in sections and pages; dates and legal
    # references are found in the bare text
    locator = Locator(norm, sections)
    for item in dates:
        item.section, item.page = locator.place(item.span[0])
        locator.cell(item)
    for ref in refs:
        for m in ref.mentions:
            locate_mention(locator, m)
    for item in duties:
        locator.cell(item)
    source = Source(path=raw.path, sha256=raw.sha256, media_type=raw.media_type,
                    pages=raw.pages, ocr=raw.ocr, warnings=list(raw.warnings))
    return Result(source=source, document=document, sections=sections, dates=dates,
                  legal_references=refs, agencies=agencies, duties=duties, targets=targets,
                  tables=tables, text=norm.text)


def locate_mention(locator: Locator, m: Mention) -> None:
    m.section, m.page = locator.place(m.span[0])
    locator.cell(m)


class Locator:
    """Section (of the offset's line), page and table cell of an offset, in O(log n)."""

    def __init__(self, norm: NormText, sections: list[Section]):
        self.norm = norm
        self.lookup = SectionLookup(sections)

    def place(self, offset: int) -> tuple[str | None, int]:
        if not self.norm.lines:
            return None, 1
        line = self.norm.lines[self.norm.line_at(offset)]
        return self.lookup.at(line.start), self.norm.page_at(offset)

    def cell(self, item) -> None:
        """Set ``table`` and ``cell`` on an item whose span starts in a table cell."""
        hit = self.norm.cell_at(item.span[0]) if hasattr(item, "table") else None
        if hit:
            item.table, item.cell = hit


def build_tables(norm: NormText) -> list[Table]:
    """Output tables from the table blocks normalise found (row 0 is the header)."""
    out = []
    for tb in norm.tables:
        rows = [[norm.text[a:b] for a, b in row] for row in tb.cells]
        first, last = norm.lines[tb.lines[0]], norm.lines[tb.lines[-1]]
        out.append(Table(page=tb.page, span=(first.start, last.end), header=rows[0] if rows else [],
                         rows=rows[1:], cell_spans=[list(r) for r in tb.cells]))
    return out

"""Typed result models: one dataclass per family of the output contract.

Every extracted item carries ``span`` (``[start, end)`` in characters of the
top-level ``text``), ``page`` (1-based) and ``section`` (the id of the
innermost heading that contains it), so a person can check it in context.
``to_dict()`` gives exactly the JSON of ``shared/design/output-contract.md``;
fields added beyond the contract are documented on each class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1"

Span = tuple[int, int]


def _plain(value: Any) -> Any:
    """Convert models, tuples and nested containers into JSON-ready values."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Model:
    """Base of all result models: ``to_dict``, ``to_json`` and a short repr."""

    # attribute name -> JSON key, for names that are Python keywords
    _json_names: dict[str, str] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            out[self._json_names.get(f.name, f.name)] = _plain(getattr(self, f.name))
        if out.get("table", 0) is None:  # table/cell appear only for items found in a table
            out.pop("table")
            out.pop("cell", None)
        return out

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        shown = []
        for f in fields(self)[:4]:  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, str) and len(v) > 40:
                v = v[:37] + "..."
            shown.append(f"{f.name}={v!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


# --------------------------------------------------------------------- source


@dataclass(repr=False)
class OcrInfo(Model):
    """How OCR was run; ``None`` on ``Source`` when no page needed OCR."""

    engine: str
    lang: str
    dpi: int
    pages: list[int] = field(default_factory=list)
    mean_confidence: float | None = None
    # added: per-page mean word confidence, same order as ``pages``
    page_confidence: list[float] = field(default_factory=list)


@dataclass(repr=False)
class Source(Model):
    """Where the document came from and how it was read."""

    path: str | None
    sha256: str
    media_type: str
    pages: int
    ocr: OcrInfo | None = None
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------- document


@dataclass(repr=False)
class Signer(Model):
    """Signer block: ``authority`` (TM./KT./Q./TL./TUQ. …), position, name."""

    name: str | None = None
    position: str | None = None
    authority: str | None = None


@dataclass(repr=False)
class Period(Model):
    """The document's own implementation period (ISO dates at stated precision)."""

    start: str | None = None
    end: str | None = None


@dataclass(repr=False)
class DocumentMeta(Model):
    """The parts Nghị định 30/2020/NĐ-CP requires of an administrative document.

    Added beyond the contract: ``spans`` maps a field name to the ``[start,
    end)`` where its value was read (provenance for the header fields).
    """

    type: str | None = None
    type_code: str | None = None
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    issued_date: str | None = None
    title: str | None = None
    period: Period | None = None
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)


# ------------------------------------------------------------------- sections


@dataclass(repr=False)
class Section(Model):
    """One heading of the tree, as numbered by the author.

    ``span`` covers the heading and its body up to the next heading of the
    same or a higher level. Added: ``title_span`` (the heading line only).
    """

    id: str
    parent: str | None
    level: int
    label: str
    style: str  # roman | arabic | decimal | letter | chapter | article | part | appendix | markdown | bold
    title: str
    span: Span
    page: int
    title_span: Span | None = None


# ---------------------------------------------------------------------- items


@dataclass(repr=False)
class Mention(Model):
    """One occurrence of an entity in the text."""

    span: Span
    section: str | None = None
    page: int = 1
    table: int | None = None
    cell: tuple[int, int] | None = None



@dataclass(repr=False)
class DateItem(Model):
    """A date, month, year, range or school year as written.

    ``kind``: date | month | year | range | school_year. ``value``/``end`` are
    ISO strings at the precision written. Added: ``role`` (issued |
    period_start | period_end | period | deadline | recurring | null),
    ``recurrence`` (e.g. "yearly", "quarterly") and ``warning`` (e.g. an
    impossible calendar date kept as text).
    """

    text: str
    kind: str
    value: str | None
    end: str | None = None
    section: str | None = None
    span: Span = (0, 0)
    page: int = 1
    role: str | None = None
    recurrence: str | None = None
    warning: str | None = None


@dataclass(repr=False)
class LegalReference(Model):
    """A cited document, with every mention of it.

    Added beyond the contract: ``symbol`` (the part after the number, e.g.
    ``QĐ-TTg``), ``issuer_written`` (the issuer as the text names it) and
    ``name`` (for laws cited by name only, e.g. ``Luật Việc làm năm 2025``).
    """

    id: str
    type: str | None
    type_code: str | None
    number: str | None
    year: str | None
    issuer_code: str | None
    issued_date: str | None
    issuer: str | None
    title: str | None
    mentions: list[Mention] = field(default_factory=list)
    symbol: str | None = None
    issuer_written: str | None = None
    name: str | None = None


@dataclass(repr=False)
class Agency(Model):
    """An organisation the document addresses; variants merged.

    Added: ``level`` (tỉnh, huyện, xã …), ``locality`` and ``kind`` (e.g.
    "ubnd", "department", "mass_organisation", "collective").
    """

    name: str
    written: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    level: str | None = None
    locality: str | None = None
    kind: str | None = None


@dataclass(repr=False)
class Duty(Model):
    """Who must do what: role is lead | cooperate | responsible."""

    _json_names = {"with_": "with"}

    agency: str
    role: str
    with_: list[str] = field(default_factory=list)
    task: str = ""
    deadline: str | None = None
    assignee: str | None = None
    section: str | None = None
    span: Span = (0, 0)
    page: int = 1
    table: int | None = None
    cell: tuple[int, int] | None = None



@dataclass(repr=False)
class Target(Model):
    """A measurable commitment (chỉ tiêu). comparator: = | >= | <= | ~ | > | <."""

    text: str
    metric: str | None
    value: float | int | None
    value_max: float | int | None = None
    unit: str | None = None
    comparator: str | None = None
    deadline: str | None = None
    agency: str | None = None
    section: str | None = None
    span: Span = (0, 0)
    page: int = 1
    table: int | None = None
    cell: tuple[int, int] | None = None



@dataclass(repr=False)
class Table(Model):
    """A table of the source: header row and data rows of cell text.

    Added: ``cell_spans`` — for each row (header first), the ``[start, end)``
    of each cell in ``text``.
    """

    page: int
    span: Span
    header: list[str]
    rows: list[list[str]]
    cell_spans: list[list[Span]] = field(default_factory=list)


# --------------------------------------------------------------------- result


@dataclass(repr=False)
class Result(Model):
    """The whole output of one document (schema version 1)."""

    source: Source
    document: DocumentMeta
    sections: list[Section] = field(default_factory=list)
    dates: list[DateItem] = field(default_factory=list)
    legal_references: list[LegalReference] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text: str = ""
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        # contract order: schema_version first, text last
        version = d.pop("schema_version")
        text = d.pop("text")
        return {"schema_version": version, **d, "text": text}

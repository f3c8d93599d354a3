"""``extract FILE --summary``: a readable overview printed with rich."""

from __future__ import annotations

from collections import defaultdict

from .models import Result

ROLE_NAMES = {"lead": "chủ trì", "cooperate": "phối hợp", "responsible": "thực hiện"}


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_summary(result: Result, console=None) -> None:
    """Print metadata, the section tree, counts, duties per agency and targets."""
    from rich.console import Console
    from rich.table import Table
    from rich.tree import Tree

    console = console or Console()
    d = result.document
    meta = Table(show_header=False, box=None, pad_edge=False)
    meta.add_column(style="bold")
    meta.add_column()
    signer = d.signer
    rows = [
        ("Loại", f"{d.type or '—'} ({d.type_code or '—'})"),
        ("Số, ký hiệu", d.number_symbol or (f"(để trống)/{d.symbol}" if d.symbol else "—")),
        ("Cơ quan ban hành", d.issuer or "—"),
        ("Cơ quan chủ quản", d.parent_issuer or "—"),
        ("Địa danh, ngày", f"{d.place or '—'}, {d.issued_date or '—'}"),
        ("Trích yếu", d.title or "—"),
        ("Thời gian thực hiện", f"{d.period.start} → {d.period.end}" if d.period else "—"),
        ("Người ký", " ".join(x for x in (signer.authority, signer.position, signer.name) if x) if signer else "—"),
        ("Nơi nhận", "; ".join(d.recipients) or "—"),
        ("Nguồn", f"{result.source.path or '(text)'} · {result.source.media_type} · {result.source.pages} trang"
                  + (f" · OCR {len(result.source.ocr.pages)} trang" if result.source.ocr else "")),
    ]
    for k, v in rows:
        meta.add_row(k, v)
    console.print(meta)
    for w in result.source.warnings:
        console.print(f"[yellow]warning:[/] {w}")

    tree = Tree("[bold]Mục lục[/]")
    nodes = {}
    for s in result.sections:
        parent = nodes.get(s.parent, tree)
        nodes[s.id] = parent.add(f"[cyan]{s.label}[/] {_short(s.title, 80)}  [dim]p.{s.page}[/]")
    console.print(tree)

    counts = Table(title="Số mục trích xuất", show_header=True)
    for name in ("sections", "dates", "legal_references", "agencies", "duties", "targets", "tables"):
        counts.add_column(name)
    counts.add_row(*(str(len(getattr(result, n))) for n in
                     ("sections", "dates", "legal_references", "agencies", "duties", "targets", "tables")))
    console.print(counts)

    by_agency: dict[str, list] = defaultdict(list)
    for duty in result.duties:
        by_agency[duty.agency].append(duty)
    if by_agency:
        t = Table(title="Nhiệm vụ theo cơ quan", show_lines=True)
        t.add_column("Cơ quan", style="bold")
        t.add_column("Vai trò")
        t.add_column("Nhiệm vụ")
        t.add_column("Hạn")
        t.add_column("Mục")
        for agency, duties in by_agency.items():
            for k, duty in enumerate(duties):
                t.add_row(agency if k == 0 else "", ROLE_NAMES.get(duty.role, duty.role),
                          _short(duty.task, 100), duty.deadline or "", duty.section or "")
        console.print(t)
    if result.targets:
        t = Table(title="Chỉ tiêu", show_lines=False)
        for col in ("Chỉ tiêu", "Giá trị", "Đơn vị", "Hạn", "Cơ quan", "Mục"):
            t.add_column(col)
        for tg in result.targets:
            value = "" if tg.value is None else f"{tg.comparator or ''} {tg.value:g}".strip()
            if tg.value_max is not None:
                value += f"–{tg.value_max:g}"
            t.add_row(_short(tg.metric or tg.text, 70), value, tg.unit or "", tg.deadline or "",
                      tg.agency or "", tg.section or "")
        console.print(t)
    if result.legal_references:
        t = Table(title="Văn bản được dẫn chiếu")
        for col in ("Số, ký hiệu", "Loại", "Ngày", "Cơ quan", "Lần"):
            t.add_column(col)
        for r in result.legal_references:
            t.add_row(r.id, r.type or "", r.issued_date or "", r.issuer or "", str(len(r.mentions)))
        console.print(t)

"""The audit as one self-contained HTML page (no network, no external files).

A bar chart of duties per agency (inline SVG, stacked by role), a table one
row per duty that sorts on a header click and filters as you type (accents
optional, as in search), and for every duty a collapsible excerpt of its
source text with the duty highlighted; the task links to it.
"""

from __future__ import annotations

import sqlite3
from html import escape

from .audit import ROLES, AgencyCount, AuditReport, AuditRow, by_agency

__all__ = ["render_audit_html", "ROLE_COLOURS"]

ROLE_COLOURS = {"lead": "#c0392b", "cooperate": "#2e86c1", "responsible": "#7f8c8d"}

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:14px 24px;background:#1f3a5f;color:#fff}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85}main{padding:16px 24px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin-bottom:16px}
h2{font-size:16px;margin:0 0 8px}.controls{display:flex;gap:12px;align-items:center;margin-bottom:8px}
.controls input[type=search]{flex:1;padding:6px 8px;font-size:14px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;
vertical-align:top}th{background:#f0f3f7;cursor:pointer;position:sticky;top:0;user-select:none}
th.asc:after{content:" ▲"}th.desc:after{content:" ▼"}td.task{max-width:520px}
.role{display:inline-block;padding:0 6px;border-radius:8px;color:#fff;font-size:12px}
.overdue{color:#c0392b;font-weight:600}details{border-bottom:1px solid #eee;padding:4px 0}
details p{white-space:pre-wrap;margin:6px 0 6px 16px;color:#444}mark{background:#ffe58a}
details:target,details.flash{background:#fff8d6}.legend span{margin-right:12px}
svg text{font-size:12px}
"""

JS = """
const fold=s=>s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').replace(/[đĐ]/g,'d').toLowerCase();
const rows=[...document.querySelectorAll('#duties tbody tr')];
rows.forEach(r=>r.dataset.key=fold(r.textContent));
function apply(){const q=fold(document.getElementById('q').value).split(/\\s+/).filter(Boolean);
 const role=document.getElementById('role').value, od=document.getElementById('od').checked; let n=0;
 rows.forEach(r=>{const ok=q.every(w=>r.dataset.key.includes(w))&&(!role||r.dataset.role===role)
  &&(!od||r.dataset.overdue==='yes');r.hidden=!ok;n+=ok});document.getElementById('shown').textContent=n;}
['q','role','od'].forEach(id=>document.getElementById(id).addEventListener('input',apply));
document.querySelectorAll('#duties th').forEach((th,i)=>th.addEventListener('click',()=>{
 const asc=!th.classList.contains('asc');document.querySelectorAll('#duties th').forEach(h=>h.className='');
 th.className=asc?'asc':'desc';const body=document.querySelector('#duties tbody');
 const val=r=>r.children[i].dataset.sort??r.children[i].textContent;
 rows.sort((a,b)=>val(a).localeCompare(val(b),'vi',{numeric:true})*(asc?1:-1)).forEach(r=>body.appendChild(r));}));
function openTarget(){const el=document.getElementById(decodeURIComponent(location.hash.slice(1)));
 if(el&&el.tagName==='DETAILS'){el.open=true;el.classList.add('flash');}}
window.addEventListener('hashchange',openTarget);openTarget();
"""


def render_audit_html(conn: sqlite3.Connection, report: AuditReport, *, title: str = "Duty audit",
                      context: int = 240, chart_top: int = 25) -> str:
    """The whole page as a string; ``conn`` supplies the source excerpts."""
    counts = by_agency(report.rows)
    scope = ""
    if report.agencies_matched is not None:
        scope = " · agency: " + (", ".join(report.agencies_matched) or "none matched")
    parts = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1><p>{len(report.rows)} duties of {len(counts)} agencies in "
        f"{len({r.doc_id for r in report.rows})} documents · overdue as of {escape(report.as_of)}: "
        f"{sum(bool(r.overdue) for r in report.rows)}{escape(scope)}</p></header><main>",
        "<section><h2>Duties per agency</h2>", _legend(), _chart(counts[:chart_top]), "</section>",
        _table(report.rows), _excerpts(conn, report.rows, context),
        f"</main><script>{JS}</script></body></html>",
    ]
    return "".join(parts)


def _legend() -> str:
    return "<div class='legend'>" + "".join(
        f"<span><span class='role' style='background:{c}'>{r}</span></span>"
        for r, c in ROLE_COLOURS.items()) + "</div>"


def _chart(counts: list[AgencyCount]) -> str:
    """Horizontal bars stacked by role, one per agency."""
    if not counts:
        return "<p>No duties.</p>"
    label_w, bar_w, row_h = 330, 520, 22
    top = max(c.total for c in counts)
    h = row_h * len(counts) + 10
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{label_w + bar_w + 60}' height='{h}'"
           f" role='img' aria-label='Duties per agency'>"]
    for i, c in enumerate(counts):
        y = 5 + i * row_h
        name = c.agency if len(c.agency) <= 48 else c.agency[:46] + "…"
        out.append(f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end'>{escape(name)}</text>")
        x = label_w
        for role in ROLES:
            n = c.by_role.get(role, 0)
            if n:
                w = bar_w * n / top
                out.append(f"<rect x='{x:.1f}' y='{y + 3}' width='{w:.1f}' height='{row_h - 6}'"
                           f" fill='{ROLE_COLOURS[role]}'><title>{escape(c.agency)}: {n} {role}</title></rect>")
                x += w
        out.append(f"<text x='{x + 4:.1f}' y='{y + 15}'>{c.total}</text>")
    out.append("</svg>")
    return "".join(out)


def _table(rows: list[AuditRow]) -> str:
    head = ("Agency", "Role", "Task", "Deadline", "Overdue", "Document", "Date", "Issuer", "Section")
    opts = "".join(f"<option value='{r}'>{r}</option>" for r in ROLES)
    out = ["<section><h2>Duties</h2><div class='controls'>",
           "<input id='q' type='search' placeholder='Filter (accents optional): agency, task, document…'>",
           f"<select id='role'><option value=''>all roles</option>{opts}</select>",
           "<label><input id='od' type='checkbox'> overdue only</label>",
           f"<span><span id='shown'>{len(rows)}</span> shown</span></div>",
           "<table id='duties'><thead><tr>", "".join(f"<th>{h}</th>" for h in head),
           "</tr></thead><tbody>"]
    for r in rows:
        od = "" if r.overdue is None else ("yes" if r.overdue else "no")
        colour = ROLE_COLOURS.get(r.role, "#999")
        out.append(
            f"<tr data-role='{escape(r.role)}' data-overdue='{od}'>"
            f"<td>{escape(r.agency)}</td>"
            f"<td><span class='role' style='background:{colour}'>{escape(r.role)}</span></td>"
            f"<td class='task'><a href='#src-{r.duty_id}'>{escape(r.task)}</a></td>"
            f"<td data-sort='{escape(r.deadline or '9999')}'>{escape(r.deadline or '')}</td>"
            f"<td class='{'overdue' if r.overdue else ''}'>{od}</td>"
            f"<td>{escape(r.document)}</td><td>{escape(r.issued_date or '')}</td>"
            f"<td>{escape(r.issuer or '')}</td><td title='{escape(r.section_path or '')}'>"
            f"{escape(r.section or '')}</td></tr>")
    out.append("</tbody></table></section>")
    return "".join(out)


def _excerpts(conn: sqlite3.Connection, rows: list[AuditRow], context: int) -> str:
    """One collapsible excerpt per duty: its span in the document text, with context."""
    out = ["<section><h2>Source excerpts</h2>"]
    texts: dict[int, str] = {}
    for r in rows:
        if r.doc_id not in texts:
            texts = {r.doc_id: conn.execute("SELECT text FROM documents WHERE id = ?",
                                            (r.doc_id,)).fetchone()[0]}
        text = texts[r.doc_id]
        s, e = r.span
        a, b = max(0, s - context), min(len(text), e + context)
        out.append(
            f"<details id='src-{r.duty_id}'><summary>{escape(r.document)} · {escape(r.section or '—')}"
            f" · {escape(r.agency)} ({escape(r.role)})</summary><p>{'…' if a else ''}"
            f"{escape(text[a:s])}<mark>{escape(text[s:e])}</mark>{escape(text[e:b])}"
            f"{'…' if b < len(text) else ''}</p></details>")
    out.append("</section>")
    return "".join(out)

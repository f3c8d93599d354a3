"""A review page for one extraction: text with every item highlighted.

``render_review(result)`` returns one self-contained HTML page (no network):
the document's ``text`` with each extracted item marked by family (header
fields, sections, dates, legal references, agencies, duties, targets), the
section tree as a clickable outline, and the JSON beside it. Clicking a
highlight shows the items under it; checkboxes hide a family.

The highlighter is displaCy's idea (marks over character spans, a colour
per label) done here without spaCy, because extraction spans overlap — a
duty contains its agency and its deadline — and displaCy's ``ent`` style
cannot nest. The text is cut into runs at every span boundary; each run
carries the classes of all items covering it.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

__all__ = ["render_review", "FAMILIES", "items_of"]

#: family -> (label in the legend, highlight colour); duties are underlined.
FAMILIES = {
    "meta": ("Header fields", "#e0c3fc"),
    "section": ("Headings", "#d0e2ff"),
    "date": ("Dates", "#ffd6a5"),
    "legal": ("Legal references", "#caffbf"),
    "agency": ("Agencies", "#9bf6ff"),
    "target": ("Targets", "#ffadad"),
    "duty": ("Duties", "#e63946"),
}

CSS = """
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222}
header{padding:10px 18px;background:#1f3a5f;color:#fff}header h1{font-size:18px;margin:0}
header p{margin:2px 0 0;opacity:.85;font-size:13px}
.legend{padding:6px 18px;border-bottom:1px solid #ddd;background:#f7f7f7;font-size:13px}
.legend label{margin-right:14px;white-space:nowrap}.sw{display:inline-block;width:12px;height:12px;
vertical-align:-1px;margin-right:3px;border-radius:2px}
.cols{display:grid;grid-template-columns:250px minmax(0,1fr) 400px;height:calc(100vh - 92px)}
.cols>div{overflow:auto;padding:10px 14px}#outline{border-right:1px solid #ddd;font-size:13px;background:#fbfbfb}
#outline ul{list-style:none;padding-left:12px;margin:0}#outline>ul{padding-left:0}#outline a{color:#1f3a5f;
text-decoration:none}#outline a:hover{text-decoration:underline}#outline .n{color:#999;font-size:11px}
#text{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:15px;line-height:1.65}
#side{border-left:1px solid #ddd;background:#fbfbfb;font-size:12px}
#side pre{font-family:Menlo,Consolas,"DejaVu Sans",sans-serif;white-space:pre-wrap;word-break:break-word;
background:#fff;border:1px solid #e3e3e3;padding:8px;margin:0 0 10px}
#side h2{font-size:13px;margin:4px 0}
span[data-i]{cursor:pointer;border-radius:2px}
.f-meta{background:#e0c3fc}.f-section{background:#d0e2ff;font-weight:600}.f-date{background:#ffd6a5}
.f-legal{background:#caffbf}.f-agency{background:#9bf6ff}.f-target{background:#ffadad}
.f-duty{border-bottom:2px solid #e63946}
body.hide-meta .f-meta,body.hide-section .f-section,body.hide-date .f-date,body.hide-legal .f-legal,
body.hide-agency .f-agency,body.hide-target .f-target{background:none;font-weight:inherit}
body.hide-duty .f-duty{border-bottom:none}span.sel{outline:2px solid #1f3a5f}
"""

JS = """
const items=JSON.parse(document.getElementById('items').textContent);
const side=document.getElementById('picked');
document.querySelectorAll('.legend input').forEach(cb=>cb.addEventListener('change',()=>
  document.body.classList.toggle('hide-'+cb.value,!cb.checked)));
document.getElementById('text').addEventListener('click',e=>{
  const run=e.target.closest('span[data-i]');if(!run)return;
  const ids=run.dataset.i.split(' ');
  document.querySelectorAll('span.sel').forEach(s=>s.classList.remove('sel'));
  ids.forEach(id=>document.querySelectorAll('span[data-i~="'+id+'"]').forEach(s=>s.classList.add('sel')));
  side.innerHTML='';ids.forEach(id=>{const it=items[+id];const h=document.createElement('h2');
   h.textContent=it.family+': '+it.label;const p=document.createElement('pre');
   p.textContent=JSON.stringify(it.item,null,2);side.append(h,p);});});
"""


def _plain(result: Any) -> dict[str, Any]:
    return result if isinstance(result, dict) else result.to_dict()


def items_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every highlightable item: ``{"family", "label", "span", "item", "anchor"}``."""
    out: list[dict[str, Any]] = []
    doc = data.get("document") or {}
    for name, span in (doc.get("spans") or {}).items():
        value = doc.get(name)
        out.append({"family": "meta", "label": name, "span": span,
                    "item": {name: value if value is not None else doc.get("signer")}})
    for s in data.get("sections") or []:
        span = s.get("title_span") or [s["span"][0], min(s["span"][1], s["span"][0] + 80)]
        out.append({"family": "section", "label": s["id"], "span": span, "item": s,
                    "anchor": f"sec-{s['id']}"})
    for d in data.get("dates") or []:
        out.append({"family": "date", "label": d.get("value") or d["text"], "span": d["span"], "item": d})
    for r in data.get("legal_references") or []:
        for m in r.get("mentions") or []:
            out.append({"family": "legal", "label": r["id"], "span": m["span"],
                        "item": {k: v for k, v in r.items() if k != "mentions"}})
    for a in data.get("agencies") or []:
        for m in a.get("mentions") or []:
            out.append({"family": "agency", "label": a["name"], "span": m["span"],
                        "item": {k: v for k, v in a.items() if k != "mentions"}})
    for t in data.get("targets") or []:
        out.append({"family": "target", "label": t.get("metric") or t["text"][:40], "span": t["span"],
                    "item": t})
    for d in data.get("duties") or []:
        out.append({"family": "duty", "label": f"{d['agency']} ({d['role']})", "span": d["span"],
                    "item": d})
    text_len = len(data.get("text") or "")
    return [it for it in out if _valid(it["span"], text_len)]


def _valid(span: Any, n: int) -> bool:
    return (isinstance(span, (list, tuple)) and len(span) == 2 and 0 <= span[0] < span[1] <= n)


def _highlight(text: str, items: list[dict[str, Any]]) -> str:
    """The text cut into runs at every span boundary, each run marked with
    the families and item numbers that cover it; section anchors inserted."""
    cuts = {0, len(text)}
    starts: dict[int, list[int]] = {}
    for i, it in enumerate(items):
        s, e = it["span"]
        cuts.update((s, e))
        starts.setdefault(s, []).append(i)
    anchors = {it["span"][0]: it["anchor"] for it in items if it.get("anchor")}
    bounds = sorted(cuts)
    active: set[int] = set()
    out = []
    for a, b in zip(bounds, bounds[1:]):
        active = {i for i in active if items[i]["span"][1] > a} | set(starts.get(a, ()))
        if a in anchors:
            out.append(f"<a id='{escape(anchors[a])}'></a>")
        piece = escape(text[a:b])
        if active:
            fams = sorted({items[i]["family"] for i in active}, key=list(FAMILIES).index)
            classes = " ".join(f"f-{f}" for f in fams)
            ids = " ".join(str(i) for i in sorted(active))
            out.append(f"<span class='{classes}' data-i='{ids}'>{piece}</span>")
        else:
            out.append(piece)
    return "".join(out)


def _outline(sections: list[dict[str, Any]], duties: list[dict[str, Any]]) -> str:
    kids: dict[str | None, list[dict]] = {}
    ids = {s["id"] for s in sections}
    for s in sections:
        kids.setdefault(s.get("parent") if s.get("parent") in ids else None, []).append(s)
    per = {}
    for d in duties:
        per[d.get("section")] = per.get(d.get("section"), 0) + 1

    def tree(parent: str | None, depth: int) -> str:
        if parent not in kids or depth > 12:
            return ""
        rows = []
        for s in kids[parent]:
            label = f"{s.get('label') or ''} {s.get('title') or ''}".strip()
            n = f" <span class='n'>{per[s['id']]} duties</span>" if per.get(s["id"]) else ""
            rows.append(f"<li><a href='#sec-{escape(s['id'])}'>{escape(label[:80])}</a>{n}"
                        f"{tree(s['id'], depth + 1)}</li>")
        return "<ul>" + "".join(rows) + "</ul>"

    return tree(None, 0) or "<p>No sections.</p>"


def _script_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render_review(result: Any) -> str:
    """The review page of one ``Result`` (or its contract dict) as HTML."""
    data = _plain(result)
    text = data.get("text") or ""
    doc = data.get("document") or {}
    items = items_of(data)
    counts = {f: 0 for f in FAMILIES}
    for it in items:
        counts[it["family"]] += 1
    shown = {k: v for k, v in data.items() if k != "text"}
    shown["text"] = f"… {len(text)} characters, shown in the middle pane …"
    heading = " ".join(x for x in (doc.get("type"), doc.get("number_symbol")) if x) or "Document"
    sub = " · ".join(x for x in (doc.get("issuer"), doc.get("issued_date"),
                                 (data.get("source") or {}).get("path")) if x)
    legend = "".join(
        f"<label><input type='checkbox' value='{f}' checked><span class='sw' style='background:{c}'></span>"
        f"{escape(name)} ({counts[f]})</label>" for f, (name, c) in FAMILIES.items())
    return "".join([
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        f"<title>Review: {escape(heading)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(heading)}: {escape(doc.get('title') or '')}</h1><p>{escape(sub)}</p></header>",
        f"<div class='legend'>{legend}</div><div class='cols'>",
        f"<div id='outline'><h2 style='font-size:13px;margin:4px 0'>Sections</h2>"
        f"{_outline(data.get('sections') or [], data.get('duties') or [])}</div>",
        f"<div id='text'>{_highlight(text, items)}</div>",
        "<div id='side'><h2>Selected item</h2><div id='picked'><p>Click a highlight.</p></div>",
        f"<h2>Extraction JSON</h2><pre id='json'>{escape(json.dumps(shown, ensure_ascii=False, indent=2))}"
        "</pre></div></div>",
        f"<script type='application/json' id='items'>{_script_json(items)}</script>",
        f"<script>{JS}</script></body></html>",
    ])

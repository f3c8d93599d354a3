"""Export the index as Elasticsearch / OpenSearch bulk NDJSON plus a mapping.

One search document per indexed document: metadata as keyword and date
fields, title and text as text fields with a ``.folded`` sub-field, and
sections, duties and targets as nested objects. The mapping's ``vi_folding``
analyser lower-cases, maps ``đ``/``Đ`` to ``d`` in a char_filter (so it does
not depend on a plugin or on a filter version) and folds the other marks
with ``asciifolding``; ``vi_exact`` keeps the marks, so a ``multi_match``
over ``title`` and ``title.folded`` ranks exact accented matches first.

Load it with::

    curl -XPUT  "$URL/vn-plans" -H 'Content-Type: application/json' --data-binary @bulk.mapping.json
    curl -XPOST "$URL/_bulk" -H 'Content-Type: application/x-ndjson' --data-binary @bulk.ndjson
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from typing import IO, Any

from .store import result_from_row

__all__ = ["FORMATS", "mapping", "bulk_lines", "export_bulk", "curl_commands"]

FORMATS = ("elasticsearch", "opensearch")
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
DATE_FORMAT = "yyyy-MM-dd||yyyy-MM||yyyy"


def _text(**extra: Any) -> dict[str, Any]:
    return {"type": "text", "analyzer": "vi_exact",
            "fields": {"folded": {"type": "text", "analyzer": "vi_folding"}}, **extra}


KEYWORD = {"type": "keyword"}
DATE = {"type": "date", "format": DATE_FORMAT}
NAME = {"type": "keyword", "normalizer": "vi_keyword",
        "fields": {"text": {"type": "text", "analyzer": "vi_folding"}}}


def mapping(fmt: str = "elasticsearch", *, shards: int = 1) -> dict[str, Any]:
    """Index settings and mappings for ``fmt`` (same body for both engines)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    analysis = {
        "char_filter": {"vi_d": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}},
        "analyzer": {
            "vi_folding": {"type": "custom", "tokenizer": "standard", "char_filter": ["vi_d"],
                           "filter": ["lowercase", "asciifolding"]},
            "vi_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        },
        "normalizer": {"vi_keyword": {"type": "custom", "char_filter": ["vi_d"],
                                      "filter": ["lowercase", "asciifolding"]}},
    }
    props = {
        "source_path": KEYWORD, "sha256": KEYWORD, "media_type": KEYWORD, "pages": {"type": "integer"},
        "type": KEYWORD, "type_code": KEYWORD, "number": KEYWORD, "symbol": KEYWORD,
        "number_symbol": KEYWORD, "issuer": NAME, "parent_issuer": NAME, "place": NAME,
        "issued_date": DATE, "title": _text(),
        "period": {"properties": {"start": DATE, "end": DATE}},
        "signer": {"properties": {"name": NAME, "position": KEYWORD, "authority": KEYWORD}},
        "recipients": NAME, "agencies": NAME, "legal_references": KEYWORD,
        "sections": {"type": "nested", "properties": {
            "id": KEYWORD, "parent": KEYWORD, "level": {"type": "integer"}, "title": _text(),
            "page": {"type": "integer"}}},
        "duties": {"type": "nested", "properties": {
            "agency": NAME, "role": KEYWORD, "with": NAME, "task": _text(), "deadline": DATE,
            "assignee": KEYWORD, "section": KEYWORD, "page": {"type": "integer"}}},
        "targets": {"type": "nested", "properties": {
            "text": _text(), "metric": _text(), "value": {"type": "double"},
            "value_max": {"type": "double"}, "unit": KEYWORD, "comparator": KEYWORD,
            "deadline": DATE, "agency": NAME, "section": KEYWORD}},
        "text": _text(),
    }
    return {"settings": {"number_of_shards": shards, "analysis": analysis},
            "mappings": {"dynamic": False, "properties": props}}


def _date(value: Any) -> str | None:
    return value if isinstance(value, str) and ISO_DATE.match(value) else None


def _search_doc(rec: dict[str, Any]) -> dict[str, Any]:
    doc, src = rec.get("document") or {}, rec.get("source") or {}
    period = doc.get("period") or {}
    return {
        "source_path": src.get("path"), "sha256": src.get("sha256"), "media_type": src.get("media_type"),
        "pages": src.get("pages"),
        **{k: doc.get(k) for k in ("type", "type_code", "number", "symbol", "number_symbol", "issuer",
                                   "parent_issuer", "place", "title", "signer", "recipients")},
        "issued_date": _date(doc.get("issued_date")),
        "period": {"start": _date(period.get("start")), "end": _date(period.get("end"))},
        "agencies": [a["name"] for a in rec.get("agencies") or []],
        "legal_references": [r["id"] for r in rec.get("legal_references") or []],
        "sections": [{"id": s["id"], "parent": s.get("parent"), "level": s.get("level"),
                      "title": s.get("title"), "page": s.get("page")} for s in rec.get("sections") or []],
        "duties": [{"agency": d["agency"], "role": d.get("role"), "with": d.get("with") or [],
                    "task": d.get("task"), "deadline": _date(d.get("deadline")),
                    "assignee": d.get("assignee"), "section": d.get("section"), "page": d.get("page")}
                   for d in rec.get("duties") or []],
        "targets": [{"text": t.get("text"), "metric": t.get("metric"), "value": t.get("value"),
                     "value_max": t.get("value_max"), "unit": t.get("unit"),
                     "comparator": t.get("comparator"), "deadline": _date(t.get("deadline")),
                     "agency": t.get("agency"), "section": t.get("section")}
                    for t in rec.get("targets") or []],
        "text": rec.get("text"),
    }


def bulk_lines(conn: sqlite3.Connection, index: str = "vn-plans") -> Iterator[str]:
    """Action and source lines, two per document; ``_id`` is a hash of the source key."""
    for row in conn.execute("SELECT source_key, result_json, text FROM documents ORDER BY id"):
        doc_id = hashlib.sha1(row["source_key"].encode("utf-8")).hexdigest()
        yield json.dumps({"index": {"_index": index, "_id": doc_id}}, ensure_ascii=False)
        yield json.dumps(_search_doc(result_from_row(row)), ensure_ascii=False)


def export_bulk(conn: sqlite3.Connection, out: IO[str], fmt: str = "elasticsearch",
                index: str = "vn-plans") -> int:
    """Write the bulk NDJSON to ``out``; returns the number of documents."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    n = 0
    for i, line in enumerate(bulk_lines(conn, index)):
        out.write(line + "\n")
        n += i % 2
    return n


def curl_commands(index: str, bulk: str, mapping_file: str, url: str = "http://localhost:9200") -> str:
    """The two commands that create the index and load the bulk file."""
    return (f"curl -XPUT '{url}/{index}' -H 'Content-Type: application/json' --data-binary @{mapping_file}\n"
            f"curl -XPOST '{url}/_bulk?refresh=true' -H 'Content-Type: application/x-ndjson'"
            f" --data-binary @{bulk}")

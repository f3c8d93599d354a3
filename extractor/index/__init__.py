"""Search index and duty audit over extracted documents.

``store`` (SQLite schema and incremental upsert) -> ``search`` (FTS5,
accent-insensitive, exact accents first) -> ``export`` (Elasticsearch /
OpenSearch bulk NDJSON) and ``audit`` (one row per duty, overdue flags,
HTML report). ``fold`` is the Vietnamese accent folding they all share.
Modules are imported on first use, like the package above::

    from extractor.index import connect, index_results, DocFilter
    from extractor.index.search import search
    conn = connect("plans.sqlite")
    index_results(conn, records)
    hits = search(conn, "dao tao", where=DocFilter(doc_type="KH"))
"""

from __future__ import annotations

from .._lazy import lazy_exports

# Only names that are not also module names here: ``fold``, ``search`` and
# ``audit`` are modules; import their functions from them.
_EXPORTS = {
    "fold_key": "fold",
    "connect": "store", "index_results": "store", "upsert_document": "store", "iter_jsonl": "store",
    "IndexStats": "store", "Failure": "store", "IndexDatabaseError": "store",
    "DocFilter": "filters", "resolve_agencies": "filters",
    "Hit": "search", "export_bulk": "export", "mapping": "export",
    "AuditRow": "audit", "AuditReport": "audit", "by_agency": "audit",
    "render_audit_html": "audit_html", "iter_records": "sources",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS, globals())

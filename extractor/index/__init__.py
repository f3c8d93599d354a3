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

from importlib import import_module
from typing import Any

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

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor.index' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__

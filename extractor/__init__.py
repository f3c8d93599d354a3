"""vn-plan-extractor: structured JSON from Vietnamese government plans.

Library API (the CLI is a thin layer over it)::

    import extractor
    result = extractor.extract("plan.pdf")          # or the text itself
    result.document.number_symbol, result.duties[0].agency
    print(result.to_json())

Stages, each usable alone: ``read`` -> ``normalize`` -> ``segment`` ->
``find_metadata`` / ``find_dates`` / ``find_legal_refs`` / ``find_agencies``
/ ``find_duties`` / ``find_targets``. Heavy libraries are imported only
where they are used, so importing this package is cheap.
"""

from __future__ import annotations

from ._lazy import lazy_exports

__version__ = "0.1.0"

#: public name -> module that defines it (imported on first use)
_EXPORTS = {
    "extract": "pipeline", "extract_raw": "pipeline",
    "read": "read", "read_string": "read", "RawDocument": "read",
    "normalize": "normalize", "segment": "segment",
    "find_metadata": "metadata", "find_dates": "dates", "find_legal_refs": "legal_refs",
    "find_agencies": "agencies", "find_duties": "duties", "find_targets": "targets",
    "evaluate": "evaluate",
    "Result": "models", "Source": "models", "DocumentMeta": "models", "Section": "models",
    "DateItem": "models", "LegalReference": "models", "Agency": "models", "Duty": "models",
    "Target": "models", "Table": "models", "Mention": "models",
    "ExtractorError": "errors", "InputError": "errors",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS, globals(), extra=("__version__",))

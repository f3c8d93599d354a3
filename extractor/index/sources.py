"""Where records to index come from: batch ``.jsonl``, contract ``.json``, or documents.

Documents (files, or folders searched recursively) are extracted with the
library first; a document that fails becomes a ``Failure`` and the rest go on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ExtractorError, InputError
from .store import Failure, failure_of, iter_jsonl

__all__ = ["iter_records", "document_files", "DOCUMENT_SUFFIXES"]


def _document_suffixes() -> frozenset[str]:
    from ..read import IMAGE_SUFFIXES, TEXT_SUFFIXES

    return frozenset({*TEXT_SUFFIXES, *IMAGE_SUFFIXES, ".pdf", ".docx"})


DOCUMENT_SUFFIXES = _document_suffixes()


def document_files(folder: Path) -> list[Path]:
    """Documents under ``folder`` (recursively, hidden files skipped), sorted."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def iter_records(paths: Iterable[str | os.PathLike], *, ocr: str = "auto",
                 jobs: int | None = None) -> Iterator[dict[str, Any] | Failure]:
    """Contract records for ``paths``: read from JSON Lines / JSON, or extracted.

    Documents go through ``extractor.batch.run`` (worker processes, timeouts)
    when it is there, else through ``extract`` one by one.
    """
    documents: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            documents += document_files(p)
        elif p.suffix.lower() == ".jsonl":
            yield from iter_jsonl(p)
        elif p.suffix.lower() == ".json":
            yield _load_json(p)
        elif not p.exists():
            raise InputError("no such file or folder", str(p))
        else:
            documents.append(p)
    if documents:
        yield from _extract_all(documents, ocr, jobs)


def _extract_all(documents: list[Path], ocr: str, jobs: int | None) -> Iterator[dict[str, Any] | Failure]:
    try:
        from ..batch import run
    except ImportError:
        for path in documents:
            yield _extract(path, ocr, jobs)
        return
    for rec in run(documents, ocr=ocr, jobs=jobs):
        data = rec.data()
        if data is None:
            continue
        yield data if rec.ok else failure_of(data, rec.path)


def _extract(path: Path, ocr: str, jobs: int | None) -> dict[str, Any] | Failure:
    from ..pipeline import extract

    try:
        return extract(path, ocr=ocr, jobs=jobs).to_dict()
    except (ExtractorError, OSError) as exc:
        return Failure(str(path), getattr(exc, "reason", None) or str(exc))


def _load_json(path: Path) -> dict[str, Any] | Failure:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Failure(str(path), f"cannot read JSON: {exc}")
    return rec if isinstance(rec, dict) else Failure(str(path), "not a JSON object")

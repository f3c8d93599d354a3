"""Load the data in ``rules/*.yaml`` once, in NFC.

Rules are data, not code: patterns' word lists, abbreviations, gazetteers.
The folder is found, in order, from ``$EXTRACTOR_RULES``, next to the package
(a source checkout or editable install), or in the installed data folder
``<prefix>/share/vn-plan-extractor/rules`` (a wheel install).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from .errors import RulesError


def rules_dir() -> Path:
    """The folder that holds the rule files."""
    candidates = []
    if env := os.environ.get("EXTRACTOR_RULES"):
        candidates.append(Path(env))
    candidates.append(Path(__file__).resolve().parent.parent / "rules")
    candidates.append(Path(sys.prefix) / "share" / "vn-plan-extractor" / "rules")
    for c in candidates:
        if (c / "doc_types.yaml").is_file():
            return c
    raise RulesError(f"rules folder not found (looked in {', '.join(map(str, candidates))})")


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


@cache
def load(name: str) -> Any:
    """Return the parsed content of ``rules/<name>.yaml`` (cached, NFC)."""
    import yaml  # lazy: only stages that need rules pay for it

    path = rules_dir() / f"{name}.yaml"
    # libyaml's loader when the wheel has it: ~10x faster than the pure-Python one
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as fh:
            return _nfc(yaml.load(fh, Loader=loader))  # noqa: S506 - a safe loader
    except FileNotFoundError as exc:
        raise RulesError(f"{path}: rule file missing") from exc
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: invalid YAML: {exc}") from exc


def available() -> list[str]:
    """Names of all rule files."""
    return sorted(p.stem for p in rules_dir().glob("*.yaml"))

"""Lazy package exports: a name is imported from its module on first use (PEP 562).

Keeps ``import extractor`` cheap: heavy modules load only when a caller
touches one of their names.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: dict[str, str], namespace: dict[str, Any],
                 extra: tuple[str, ...] = ()) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for ``package``.

    ``exports`` maps a public name to the submodule defining it; a resolved
    name is stored in ``namespace`` (the package's globals), so the lookup
    happens once. ``extra`` names are listed in ``__all__`` as they are.
    """
    names = sorted([*exports, *extra])

    def __getattr__(name: str) -> Any:  # noqa: N807 - module-level hook
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return names

    return __getattr__, __dir__, names

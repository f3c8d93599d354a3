"""Accent folding for Vietnamese search: ``Đào tạo`` -> ``dao tao``.

FTS5's own ``remove_diacritics 2`` folds most marks but never maps ``đ`` to
``d`` (``đ`` is a letter of its own, not ``d`` plus a mark), and
``remove_diacritics 1`` leaves letters that carry two marks (``ệ``, ``ở``).
So folding happens here, in the application, and the same function runs when
text is indexed and when a query is parsed.

On NFC Vietnamese text ``fold`` keeps the length: every precomposed letter
becomes one base letter. Stray combining marks (text that was not NFC) are
dropped, so NFD input folds to the same string as its NFC form.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_key", "WORD"]

#: A search token: letters and digits (Vietnamese letters included).
WORD = re.compile(r"\w+", re.UNICODE)

# Combining marks: Vietnamese tones (U+0300 grave, U+0301 acute, U+0303
# tilde, U+0309 hook above, U+0323 dot below) and vowel marks (U+0302
# circumflex, U+0306 breve, U+031B horn) all fall in this block.
_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Strip every Vietnamese mark and map ``đ/Đ`` to ``d/D`` (case kept).

    NFC and NFD input give the same result: ``fold("Giáo dục") == "Giao duc"``.
    ``đ`` is replaced first (it has no decomposition), then NFD splits every
    other letter into base + marks and the marks go; all three steps run in C.
    """
    if text.isascii():
        return text
    text = text.replace("đ", "d").replace("Đ", "D")
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def fold_key(text: str) -> str:
    """Folded, lower-cased, single-spaced: a key for comparing names."""
    return " ".join(fold(text).lower().split())

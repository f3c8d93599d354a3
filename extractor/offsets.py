"""Strings that remember where each character came from.

Normalisation deletes markup, replaces characters and joins lines; every
output character must still map back to the text as read (style habit 5).
``MappedStr`` is a string plus *pieces*: ``(out_start, src_start, exact)``
sorted by ``out_start``. In an exact piece character ``i`` came from
``src_start + (i - out_start)``; an inexact piece (a replacement of another
length, a joining space) maps every character to ``src_start``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable


# A piece is a plain tuple ``(out, src, exact)`` (cheaper to build than a
# NamedTuple on this hot path); ``Piece`` builds one.
PieceT = tuple[int, int, bool]


def Piece(out: int, src: int, exact: bool) -> tuple[int, int, bool]:  # noqa: N802 - a constructor
    return (out, src, exact)


class MappedStr:
    """An immutable string with a map back to source offsets."""

    __slots__ = ("s", "pieces")

    def __init__(self, s: str, pieces: list[PieceT]):
        self.s = s
        self.pieces = pieces

    @classmethod
    def source(cls, s: str, src_start: int) -> MappedStr:
        """A slice of the source text starting at ``src_start``."""
        return cls(s, [(0, src_start, True)])

    @classmethod
    def synthetic(cls, s: str, src: int) -> MappedStr:
        """Text that is not in the source (a joining space), mapped to ``src``."""
        return cls(s, [(0, src, False)])

    def __len__(self) -> int:
        return len(self.s)

    def __str__(self) -> str:
        return self.s

    def __repr__(self) -> str:
        return f"MappedStr({self.s!r})"

    def src_at(self, i: int) -> int:
        """Source offset of character ``i`` (``i == len`` maps past the end)."""
        if not self.pieces:
            return 0
        ps = self.pieces
        k = 0 if len(ps) == 1 else max(0, bisect.bisect_right([p[0] for p in ps], i) - 1)
        out, src, exact = ps[k]
        return src + (i - out) if exact else src

    def _pieces_between(self, a: int, b: int, shift: int) -> list[PieceT]:
        """Pieces covering ``[a, b)``, re-based so that ``a`` lands at ``shift``."""
        ps = self.pieces
        if len(ps) == 1:  # the common case: one run
            out0, src0, exact0 = ps[0]
            start = max(a, out0)
            return [(start - a + shift, src0 + (start - out0) if exact0 else src0, exact0)]
        out: list = []
        k = max(0, bisect.bisect_right([p[0] for p in ps], a) - 1)
        n = len(ps)
        while k < n and ps[k][0] < b:
            p_out, p_src, p_exact = ps[k]
            start = max(a, p_out)
            out.append((start - a + shift, p_src + (start - p_out) if p_exact else p_src, p_exact))
            k += 1
        return out

    def slice(self, a: int, b: int | None = None) -> MappedStr:
        b = len(self.s) if b is None else b
        if a >= b:
            return MappedStr("", [])
        return MappedStr(self.s[a:b], self._pieces_between(a, b, 0))

    def strip(self) -> MappedStr:
        stripped = self.s.strip()
        if len(stripped) == len(self.s):
            return self
        a = len(self.s) - len(self.s.lstrip())
        return self.slice(a, a + len(stripped))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> MappedStr:
        """``pattern.sub`` that keeps the map.

        A replacement as long as what it replaces keeps a character-by-character
        map (e.g. a moved tone mark); another length maps to the match start.
        """
        parts: list[MappedStr] = []
        last = 0
        changed = False
        # a replacement without a backslash is literal: Match.expand would parse it
        # as a template for every match
        literal = None if callable(repl) or "\\" in repl else repl
        for m in pattern.finditer(self.s):
            new = literal if literal is not None else repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            changed = True
            parts.append(self.slice(last, m.start()))
            if len(new) == m.end() - m.start():
                parts.append(MappedStr(new, self._pieces_between(m.start(), m.end(), 0)))
            elif new:
                parts.append(MappedStr(new, [(0, self.src_at(m.start()), False)]))
            last = m.end()
        if not changed:
            return self
        parts.append(self.slice(last))
        return concat(parts)

    def delete(self, pattern: re.Pattern[str]) -> MappedStr:
        """``sub(pattern, "")``: every match removed, the map kept.

        A string that is one exact run of the source (most lines) takes a fast
        path: the kept stretches are sliced directly, without a ``MappedStr``
        for each of them.
        """
        ps = self.pieces
        if len(ps) != 1 or not ps[0][2]:
            return self.sub(pattern, "")
        s = self.s
        out0, src0 = ps[0][0], ps[0][1]
        texts: list[str] = []
        pieces: list[PieceT] = []
        pos = last = 0
        for m in pattern.finditer(s):
            a, b = m.span()
            if a == b:
                continue
            if a > last:
                start = max(last, out0)
                texts.append(s[last:a])
                pieces.append((pos + start - last, src0 + (start - out0), True))
                pos += a - last
            last = b
        if last == 0:
            return self
        if last < len(s):
            start = max(last, out0)
            texts.append(s[last:])
            pieces.append((pos + start - last, src0 + (start - out0), True))
        return MappedStr("".join(texts), pieces)

    def translate(self, table: dict[int, int | str | None]) -> MappedStr:
        """``str.translate`` with one-to-one replacements only (keeps the map)."""
        t = self.s.translate(table)
        if len(t) != len(self.s):
            raise ValueError("translate() must keep the length")
        return MappedStr(t, self.pieces) if t != self.s else self


def concat(parts: Iterable[MappedStr]) -> MappedStr:
    """Concatenate mapped strings."""
    texts: list[str] = []
    pieces: list[PieceT] = []
    pos = 0
    for part in parts:
        if not part.s:
            continue
        texts.append(part.s)
        pieces.extend([(o + pos, src, ex) for o, src, ex in part.pieces])
        pos += len(part.s)
    return MappedStr("".join(texts), pieces)

"""Detect and convert legacy Vietnamese encodings (TCVN3/.VnTime, VNI).

Old documents were typed in 8-bit fonts that put Vietnamese letters on the
code points of Latin-1 letters; their text reads as mojibake once taken as
Unicode (``Céng hßa X· héi`` is TCVN3 for ``Cộng hòa Xã hội``, ``Coäng hoøa``
is VNI). The mapping tables are data: ``rules/legacy_encodings.yaml``.

Detection is conservative, line by line, so that normal Unicode Vietnamese is
never touched:

1. fast path: a text with fewer than ``MIN_FOREIGN`` characters that no
   Vietnamese word contains (``µ ¸ ß × ® ¬ ø ï ä ñ ö`` ...) is returned as is;
2. a line is converted only if, after conversion, clearly more of its words
   are well-formed Vietnamese syllables (onset + vowels + coda, at most one
   tone mark) than before;
3. one encoding is chosen for the whole text (the one that repairs most).

``analyse_legacy`` also says whether text *looks* mis-encoded but could not be
converted, so readers can warn (or OCR the page) instead of emitting mojibake.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

__all__ = ["convert_legacy", "analyse_legacy", "LegacyResult", "syllable_validity",
           "encode_legacy"]

#: Fewer foreign characters than this in a whole text: not legacy.
MIN_FOREIGN = 3
#: A line is converted when its share of valid syllables rises by this much ...
MIN_GAIN = 0.25
#: ... and reaches at least this share.
MIN_VALID_AFTER = 0.75
#: Text whose words are less than this share valid, with foreign characters,
#: is reported as garbled.
GARBLED_BELOW = 0.6

# Latin-1 letters that are Vietnamese letters (they occur in Unicode text).
_VIET_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
# Latin-1 characters that Unicode Vietnamese text (almost) never contains but
# legacy mojibake is full of; NBSP, « » § ° ² ³ · × © ® ½ can appear in real
# text, so they count, but one stray symbol never triggers conversion.
FOREIGN_CHARS = "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIET_LATIN1)
_FOREIGN_RE = re.compile("[" + re.escape(FOREIGN_CHARS) + "]")

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_STRIP = "\"'()[]{}<>.,;:!?“”‘’…–—-/\\*%&#@=+|_«»"

# Vowel groups of Vietnamese rhymes (without tone marks), longest first.
_VOWELS = ("iêu yêu uyê ươi ươu uôi oai oay oeo uây uya uyu "
           "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ ưa ưi ươ ưu uy ya yê "
           "a ă â e ê i o ô ơ u ư y").split()

# A Vietnamese syllable once its tone mark is removed (lower case).
SYLLABLE = re.compile(
    r"""^
    (?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?   # onset: "ngh" in nghĩa
    (?:""" + "|".join(_VOWELS) + r""")                           # vowels: "ươ" in trường
    (?:ch|ng|nh|[cmnpt])?                                        # coda: "ng" in trường
    $""",
    re.VERBOSE,
)


@dataclass
class LegacyResult:
    """What ``analyse_legacy`` found: the text, the encoding converted from
    (or None), how many lines were converted, and whether the (returned) text
    still looks mis-encoded."""

    text: str
    encoding: str | None = None
    lines_converted: int = 0
    garbled: bool = False


@cache
def _tables() -> dict[str, tuple[str, dict[str, str], re.Pattern[str]]]:
    """encoding key -> (display name, mapping, longest-first regex)."""
    from ..rules import load

    out = {}
    for key, spec in load("legacy_encodings").items():
        mapping = {str(k): str(v) for k, v in spec["map"].items()}
        keys = sorted(mapping, key=len, reverse=True)
        out[key] = (spec.get("name", key), mapping, re.compile("|".join(map(re.escape, keys))))
    return out


@cache
def _contextual(key: str) -> list[tuple[re.Pattern[str], str]]:
    from ..rules import load

    spec = load("legacy_encodings")[key]
    return [(re.compile(r["pattern"], re.VERBOSE), r["replace"]) for r in spec.get("contextual", [])]


def _convert_with(text: str, key: str) -> str:
    _, mapping, pattern = _tables()[key]
    text = pattern.sub(lambda m: mapping[m.group(0)], text)
    for rx, repl in _contextual(key):
        text = rx.sub(repl, text)
    return text


def encode_legacy(text: str, key: str) -> str:
    """Unicode -> legacy mojibake (``key`` is ``tcvn3`` or ``vni``); for test fixtures."""
    _, mapping, _ = _tables()[key]
    reverse = {v: k for k, v in sorted(mapping.items(), key=lambda kv: -len(kv[0]))}
    # single-byte VNI letters (ơ, ư) must not swallow their tone byte: map
    # decomposed letters greedily, longest source first
    rx = re.compile("|".join(map(re.escape, sorted(reverse, key=len, reverse=True))))
    return rx.sub(lambda m: reverse[m.group(0)], unicodedata.normalize("NFC", text))


def _is_syllable(token: str) -> bool:
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = sum(1 for ch in decomposed if ch in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return bool(SYLLABLE.match(bare))


def _scored(token: str) -> bool:
    """Words that are scored: two or more characters, a letter, a non-ASCII
    character, no digit. Mojibake symbols count ("x·" is TCVN3 for "xã")."""
    return (len(token) > 1 and not token.isascii() and any(ch.isalpha() for ch in token)
            and not any(ch.isdigit() for ch in token))


def syllable_validity(text: str) -> tuple[int, int]:
    """``(valid, scored)``: of the scored words (see ``_scored``), how many
    are well-formed Vietnamese syllables."""
    valid = scored = 0
    for raw in text.split():
        token = raw.strip(_STRIP)
        if not _scored(token):
            continue
        scored += 1
        if _is_syllable(token):
            valid += 1
    return valid, scored


def _share(text: str) -> float | None:
    valid, scored = syllable_validity(text)
    return valid / scored if scored else None


def analyse_legacy(text: str) -> LegacyResult:
    """Detect TCVN3/VNI mojibake and convert it, line by line (see module doc)."""
    if len(_FOREIGN_RE.findall(text[:200_000])) < MIN_FOREIGN:
        return LegacyResult(text)
    lines = text.split("\n")
    candidates = [i for i, ln in enumerate(lines)
                  if _FOREIGN_RE.search(ln) or (_share(ln) or 1.0) < GARBLED_BELOW]
    best_key, best_score, best_lines = None, (0, 0), {}
    for key in _tables():
        converted = {}
        for i in candidates:
            before = _share(lines[i])
            if before is None:
                continue
            new = _convert_with(lines[i], key)
            after = _share(new)
            if after is not None and after >= MIN_VALID_AFTER and after - before >= MIN_GAIN:
                converted[i] = new
        # the encoding that yields the most valid syllables wins
        score = (sum(syllable_validity(v)[0] for v in converted.values()), len(converted))
        if score > best_score:
            best_key, best_score, best_lines = key, score, converted
    if best_key:
        for i, new in best_lines.items():
            lines[i] = new
        text = "\n".join(lines)
    garbled = looks_garbled(text)
    name = _tables()[best_key][0] if best_key else None
    return LegacyResult(text, name, len(best_lines), garbled)


def looks_garbled(text: str) -> bool:
    """True if the words of ``text`` carry many foreign characters and few
    of them are valid syllables (mojibake no table could convert)."""
    if len(_FOREIGN_RE.findall(text)) < MIN_FOREIGN:
        return False
    tokens = [t for t in (raw.strip(_STRIP) for raw in text.split()) if _scored(t)]
    foreign = sum(len(_FOREIGN_RE.findall(t)) for t in tokens)
    letters = sum(len(t) for t in tokens) or 1
    if len(tokens) < 3 or foreign < MIN_FOREIGN or foreign / letters < 0.05:
        return False
    valid = sum(1 for t in tokens if _is_syllable(t))
    return valid / len(tokens) < GARBLED_BELOW


def convert_legacy(text: str) -> tuple[str, str | None]:
    """Return ``(unicode_text, encoding_name or None)``.

    >>> convert_legacy("Céng hßa x· héi chñ nghÜa ViÖt Nam")[0]
    'Cộng hòa xã hội chủ nghĩa Việt Nam'
    """
    result = analyse_legacy(text)
    return result.text, result.encoding

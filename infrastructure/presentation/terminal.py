"""Text as a terminal shows it: the columns it takes, cut or padded to a width, controls made
visible."""

# Widths come from the standard library's Unicode tables: Chinese, Japanese and Korean characters
# and full-width punctuation take two columns, combining marks and invisible format characters
# none. Over every assigned code point this agrees with `wcwidth` on all of CJK; the two differ
# on Indic spacing marks, symbols made wide after Unicode 14 and emoji sequences (a ZWJ family or
# a flag counts as its parts here), none of which a business record needs aligned.

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Conjoining Hangul vowels and finals: drawn inside the syllable their leading consonant opens.
_HANGUL_JOINED = ((0x1160, 0x11FF), (0xD7B0, 0xD7FF))

#: Bidirectional embeddings, overrides and isolates: they would reorder what is printed after
#: them, so a stored text could show an auditor something other than what it holds.
_BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))

#: What a cut text ends with, so a reader knows there was more.
ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns one character takes: 0, 1 or 2."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    code = ord(char)
    if any(low <= code <= high for low, high in _HANGUL_JOINED):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes on one line of a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def cut(text: str, columns: int) -> str:
    """`text` if it fits in `columns`, else as much of it as fits followed by "…"."""
    if display_width(text) <= columns:
        return text
    room = columns - char_width(ELLIPSIS)
    kept: list[str] = []
    used = 0
    for char in text:
        used += char_width(char)
        if used > room:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def pad(text: str, columns: int) -> str:
    """`text` followed by spaces up to `columns`; text already as wide is left as it is."""
    return text + " " * max(0, columns - display_width(text))


def one_line(text: str) -> str:
    """`text` as it can be shown on one line: line breaks and tabs become spaces, and any other
    control character is written out (`\\x1b`), so nothing stored can move the cursor, colour
    the screen or reorder the columns."""
    if text.isprintable():
        return text
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    if char.isprintable() and char not in _BIDI_CONTROLS:
        return char
    category = unicodedata.category(char)
    if category in ("Zl", "Zp") or (category == "Cc" and char.isspace()):
        return " "
    if category in ("Cc", "Cs", "Co", "Cn") or char in _BIDI_CONTROLS:
        code = ord(char)
        if code <= 0xFF:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char  # other format characters (a zero-width joiner, a soft hyphen) are harmless

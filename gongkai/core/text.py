"""Characters that have no place in what a person types into a form. Pure: no Django.

Control characters (C0 and C1, DEL) and Unicode format characters — the bidirectional
overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a name read backwards, the
zero-width characters (U+200B–U+200D, U+2060, U+FEFF) that make two names look the same —
are refused, not stripped: the person sees which one and where. A multi-line field may hold
line breaks and tabs; a single-line field may not, nor the Unicode line and paragraph
separators. Private-use characters stay allowed: some rare characters of personal names
(生僻字) are typed that way.
"""

from __future__ import annotations

import unicodedata

MULTILINE_ALLOWED = frozenset("\n\r\t")


def forbidden_character(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first refused character and its position, or None."""
    for index, char in enumerate(text):
        if multiline and char in MULTILINE_ALLOWED:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs") or (not multiline and category in ("Zl", "Zp")):
            return index, char
    return None


def describe(char: str) -> str:
    """`U+202E` — what a message names, since the character itself is invisible."""
    return f"U+{ord(char):04X}"

"""Telephone numbers an applicant gives. Pure: no Django.

- Mobile: 11 digits starting 13–19 (`1[3-9]\\d{9}`), optionally after +86 / 86.
- Landline: an area code (0 and 2–3 more digits) and a 7- or 8-digit number, separated by
  a hyphen, a space or nothing, e.g. 010-12345678, 0755 8765432; optionally an extension
  after 转, "-", "#" or "ext" (1–6 digits).
- Service numbers: 400 / 800 and 7 more digits (companies give these).
Spaces and hyphens between groups are accepted; the number is stored as typed (trimmed).
"""

from __future__ import annotations

import re

_MOBILE = re.compile(r"(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}")
_LANDLINE = re.compile(
    r"(?:\+?86[ -]?)?(?:\(0\d{2,3}\)|0\d{2,3})[ -]?[1-9]\d{2,3}[ -]?\d{4}"
    r"(?:\s*(?:转|-|#|ext\.?|EXT\.?)\s*\d{1,6})?"
)
_SERVICE = re.compile(r"[48]00[ -]?\d{3}[ -]?\d{4}")


def is_valid_phone(text: str) -> bool:
    value = text.strip()
    return any(pattern.fullmatch(value) for pattern in (_MOBILE, _LANDLINE, _SERVICE))

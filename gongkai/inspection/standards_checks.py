"""The standard catalogue's time limits as a check (filled in with the standard catalogue)."""

from __future__ import annotations


def check_standard_gaps(agencies, today) -> list:
    return []

"""Resident identity card numbers (居民身份证号码, GB 11643-1999). Pure: no Django.

18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence, and a check
character computed with ISO 7064 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2;
remainder 0..10 maps to 1 0 X 9 8 7 6 5 4 3 2). The 15-digit first-generation number has a
2-digit year and no check character.
"""

from __future__ import annotations

from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date(number: str) -> date | None:
    try:
        if len(number) == 18:
            return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if len(number) == 15:
            return date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return None
    return None


def is_valid_18(number: str) -> bool:
    value = number.upper()
    return (
        len(value) == 18
        and value[:17].isdigit()
        and value[17] in "0123456789X"
        and check_char(value[:17]) == value[17]
        and birth_date(value) is not None
    )


def is_valid_15(number: str) -> bool:
    return len(number) == 15 and number.isdigit() and birth_date(number) is not None


def is_valid(number: str) -> bool:
    return is_valid_18(number) or is_valid_15(number)


OLDEST_AGE = 150  # years: an older birth date is a typing error, not an applicant


def birth_date_problem(born: date, today: date) -> str | None:
    """Why a birth date cannot be a living person's (in Chinese), or None."""
    if born > today:
        return f"出生日期（{born.isoformat()}）晚于今天"
    try:
        oldest = today.replace(year=today.year - OLDEST_AGE)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - OLDEST_AGE, day=28)
    if born < oldest:
        return f"出生日期（{born.isoformat()}）早于{OLDEST_AGE}年前"
    return None

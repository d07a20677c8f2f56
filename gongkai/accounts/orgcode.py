"""Organisation codes as Gongkai uses them in index numbers (索引号). Pure: no Django.

Agencies identify themselves by the 9-character organisation code (组织机构代码, GB 11714) or
the 18-character unified social credit code (统一社会信用代码, GB 32100), and some portals by
a local code. Gongkai accepts any code of letters, digits and hyphens (it becomes part of
`{code}/{YYYY}-{NNNNN}`), and can tell whether a 9- or 18-character code's check digit holds.
"""

import re

_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,31}")
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_GB32100_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_GB32100_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidOrgCode(ValueError):
    pass


def validate_org_code(code: str) -> str:
    if not _CODE.fullmatch(code):
        raise InvalidOrgCode(
            f"机关代码无效：“{code}”。应为1至32位字母、数字或连字符，且以字母或数字开头"
            "（通常为9位组织机构代码或18位统一社会信用代码）"
        )
    return code


def gb11714_check_char(first8: str) -> str:
    """Check character of a 9-character organisation code, from its first eight."""
    total = sum(
        _value36(char) * weight for char, weight in zip(first8, _GB11714_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def gb32100_check_char(first17: str) -> str:
    """Check character of an 18-character unified social credit code, from its first 17."""
    total = sum(
        _GB32100_CHARS.index(char) * weight
        for char, weight in zip(first17, _GB32100_WEIGHTS, strict=True)
    )
    return _GB32100_CHARS[(31 - total % 31) % 31]


def has_valid_check_char(code: str) -> bool:
    upper = code.upper()
    try:
        if len(upper) == 9:
            return gb11714_check_char(upper[:8]) == upper[8]
        if len(upper) == 18:
            return gb32100_check_char(upper[:17]) == upper[17]
    except (ValueError, KeyError):
        return False
    return False


def is_valid_credit_code(code: str) -> bool:
    """An 18-character unified social credit code (GB 32100-2015): characters from its
    alphabet of 31 (digits and capital letters without I, O, Z, S, V) and a true check
    character."""
    upper = code.upper()
    return (
        len(upper) == 18
        and all(char in _GB32100_CHARS for char in upper)
        and gb32100_check_char(upper[:17]) == upper[17]
    )


def _value36(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    raise ValueError(char)

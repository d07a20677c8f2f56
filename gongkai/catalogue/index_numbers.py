"""Index numbers (索引号, docs/law.md §6). Pure: no Django.

There is no national format. The common one is `{organisation code}/{YYYY}-{NNNNN}`
(e.g. `000014349/2018-00222`); agencies also use the 18-character credit code, `YYYYMM`, or
hyphens. An agency's pattern uses these placeholders:

    {code}     the agency's organisation code
    {year}     the publication year (4 digits)
    {month}    the publication month (2 digits)
    {serial}   the serial number within the agency and year, zero-padded to {serial:N} digits
               (N from 1 to 8; plain {serial} means 5)
"""

from __future__ import annotations

import re
from datetime import date

DEFAULT_PATTERN = "{code}/{year}-{serial:5}"
_PLACEHOLDER = re.compile(r"\{([a-z]+)(?::(\d))?\}")
_ALLOWED_TEXT = re.compile(r"[0-9A-Za-z/\-_.]*")


class InvalidPattern(ValueError):
    pass


def validate_pattern(pattern: str) -> str:
    names = [m.group(1) for m in _PLACEHOLDER.finditer(pattern)]
    unknown = sorted(set(names) - {"code", "year", "month", "serial"})
    if unknown:
        raise InvalidPattern(f"索引号格式含未知占位符：{'、'.join(unknown)}")
    if names.count("serial") != 1:
        raise InvalidPattern("索引号格式必须恰好包含一个 {serial}（序号）")
    if "year" not in names:
        raise InvalidPattern("索引号格式必须包含 {year}：序号按年编排")
    for match in _PLACEHOLDER.finditer(pattern):
        if match.group(2) is not None and not 1 <= int(match.group(2)) <= 8:
            raise InvalidPattern("序号位数应为1至8")
    literal = _PLACEHOLDER.sub("", pattern)
    if not _ALLOWED_TEXT.fullmatch(literal):
        raise InvalidPattern("索引号格式中只能有字母、数字和 / - _ . 作为分隔符")
    return pattern


def render(pattern: str, *, code: str, published_on: date, serial: int) -> str:
    def value(match: re.Match[str]) -> str:
        name, width = match.group(1), match.group(2)
        if name == "code":
            return code
        if name == "year":
            return f"{published_on.year:04d}"
        if name == "month":
            return f"{published_on.month:02d}"
        digits = int(width) if width else 5
        text = f"{serial:0{digits}d}"
        if len(text) > digits:
            raise InvalidPattern(f"序号 {serial} 超出格式的 {digits} 位")
        return text

    return _PLACEHOLDER.sub(value, pattern)

from datetime import date

import pytest

from gongkai.catalogue.attachments import AttachmentError, check, sniff
from gongkai.catalogue.content_hash import content_hash
from gongkai.catalogue.index_numbers import InvalidPattern, render, validate_pattern


@pytest.mark.parametrize(
    ("pattern", "serial", "expected"),
    [
        ("{code}/{year}-{serial:5}", 222, "000014349/2018-00222"),  # docs/law.md §6 example
        ("{code}/{year}-{serial}", 17, "000014349/2018-00017"),
        ("{code}-{year}{month}-{serial:4}", 3, "000014349-201803-0003"),
        ("{code}/{year}-{serial:3}", 999, "000014349/2018-999"),
    ],
)
def test_index_numbers_follow_the_agencys_pattern(pattern, serial, expected):
    assert render(pattern, code="000014349", published_on=date(2018, 3, 9), serial=serial) == (
        expected
    )


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{code}/{year}", "索引号格式必须恰好包含一个 {serial}（序号）"),
        ("{code}/{serial}", "索引号格式必须包含 {year}：序号按年编排"),
        ("{code}/{year}-{serial}-{serial}", "索引号格式必须恰好包含一个 {serial}（序号）"),
        ("{agency}/{year}-{serial}", "索引号格式含未知占位符：agency"),
        ("{code} {year}-{serial}", "索引号格式中只能有字母、数字和 / - _ . 作为分隔符"),
        ("{code}/{year}-{serial:9}", "序号位数应为1至8"),
    ],
)
def test_bad_patterns_are_refused(pattern, message):
    with pytest.raises(InvalidPattern) as raised:
        validate_pattern(pattern)
    assert str(raised.value) == message


def test_a_serial_too_long_for_the_pattern_is_refused():
    with pytest.raises(InvalidPattern, match="序号 1000 超出格式的 3 位"):
        render("{code}/{year}-{serial:3}", code="X", published_on=date(2025, 1, 2), serial=1000)


def test_content_hash_ignores_line_ending_style_but_not_content():
    fields = {"title": "通知", "body": "第一段\n第二段", "written_on": date(2025, 9, 26)}
    same = content_hash(fields | {"body": "第一段\r\n第二段"}, [])
    changed = content_hash(fields | {"body": "第一段\n第三段"}, [])
    assert (content_hash(fields, []) == same, content_hash(fields, []) == changed) == (True, False)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"MZ\x90\x00 an executable", None),
        (b"<html>not a pdf</html>", None),
    ],
)
def test_attachment_type_is_judged_by_content(data, expected):
    assert sniff(data) == expected


def test_a_renamed_executable_is_refused():
    with pytest.raises(AttachmentError, match="附件“通知.pdf”的类型不受支持"):
        check(b"MZ\x90\x00 an executable", "通知.pdf")


def test_an_oversized_attachment_is_refused():
    with pytest.raises(AttachmentError, match="过大（20.0 MB），不能超过 20 MB"):
        check(b"%PDF-" + b"0" * (20 * 1024 * 1024), "大文件.pdf")

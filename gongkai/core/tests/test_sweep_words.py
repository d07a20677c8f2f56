"""What the sweep counts as an English word a person reads (sweep.english_words): every run of
Latin letters, except the exceptions it names, each shown here by a case."""

import pytest

from gongkai.core.tests.sweep import english_words, page_kind


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # Words: English however it is dressed.
        ("提交 Submit", ["Submit"]),
        ("操作（interaction.assign）", ["interaction", "assign"]),
        ("< > 十二月 2026 M T W T F S S", ["M", "T", "W", "T", "F", "S", "S"]),
        ("选择此对象执行操作 - Access Log for admin", ["Access", "Log", "for", "admin"]),
        ("数据库类型 sqlite，队列 SqliteHuey", ["SqliteHuey"]),
        ("Gongkai 政府信息公开", ["Gongkai"]),
        ("是否 True", ["True"]),
        # Names of formats, standards and products.
        ("下载 PDF · 下载 Word · 导出 XLSX、CSV", []),
        ("RSS 订阅 Atom 订阅；数据接口（API，JSON）", []),
        ("示ICP备00000000号（演示）", []),
        ("IP 地址", []),
        ("项目清单.docx（12 KB）", []),
        # Codes, numbers and versions: a figure somewhere in the run.
        ("申请 114410024-2026-00032", []),
        ("项目编号：SFQCG-2026-0871", []),
        ("内容哈希（SHA-256），编码 UTF-8", []),
        ("身份证号 11010119900307123X", []),
        ("A4 纸", []),
        ("GB/T 33190 版式文档", []),
        # The query code, letters only in a group.
        ("查询码 ABCD-EFGH-JKMN", []),
        # One capital letter against Chinese text or a figure.
        ("文号为 机关简称+前缀〔年〕第N号", []),
        ("末位为X", []),
        # Addresses, paths, e-mail, placeholders.
        ("见 https://beian.miit.gov.cn/ 和 www.gov.cn", []),
        ("负载均衡器请检查 /healthz，数据目录 /tmp/gongkai-data", []),
        ("电子邮箱 gk01@shifanqu.gov.cn", []),
        ("占位符：{code} 机关代码、{serial:N} N位序号", []),
    ],
)
def test_english_words(text, words):
    assert english_words(text) == words


def test_login_names_are_identifiers_when_known():
    assert english_words("陈志强（gongkaiban）", frozenset({"gongkaiban"})) == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://x/workbench/requests/12/", ("/workbench/requests/#/", ())),
        ("http://x/workbench/requests/13/", ("/workbench/requests/#/", ())),
        ("http://x/catalogue/item/114410091/2026-00112/", ("/catalogue/item/#/#/", ())),
        ("http://x/audit/?action=&page=2", ("/audit/", ("action", "page"))),
        ("http://x/audit/?page=3&action=x", ("/audit/", ("action", "page"))),
    ],
)
def test_addresses_differing_by_numbers_or_query_values_are_one_kind(url, kind):
    assert page_kind(url) == kind

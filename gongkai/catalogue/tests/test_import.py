"""Catalogue import and export (`gongkai catalogue import|export`): the file's rules, all or
nothing, index numbers kept or assigned, and the round trip."""

import csv
import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.models import AuditRecord
from gongkai.catalogue import catalogue_file
from gongkai.catalogue.catalogue_file import (
    CATALOGUE_COLUMNS,
    CatalogueFileError,
    read_catalogue,
)
from gongkai.catalogue.import_services import (
    catalogue_export,
    catalogue_import,
    subjects_ensure,
)
from gongkai.catalogue.models import Item, Subject
from gongkai.catalogue.services import PermissionDenied, item_content_hash
from gongkai.catalogue.taxonomy import DEFAULT_SUBJECTS
from gongkai.core.models import Counter

D = date.fromisoformat

BASE = {
    "索引号": "114410025/2019-00007",
    "标题": "示范区住房和城乡建设局关于印发《示范区老旧小区改造实施方案》的通知",
    "文号": "示住建〔2019〕12号",
    "发布机构": "示范区住房和城乡建设局",
    "成文日期": "2019-03-01",
    "发布日期": "2019-03-08",
    "主题分类": "城乡建设、环境保护",
    "第二十条类别": "（一）行政法规、规章和规范性文件",
    "体裁": "行政规范性文件",
    "关键词": "老旧小区;改造",
    "有效性": "现行有效",
    "内容概述": "印发老旧小区改造实施方案。",
    "正文": "各街道办事处、各有关单位：\n　　现将《示范区老旧小区改造实施方案》印发给你们。",
}


def cells(**overrides: str) -> list[str]:
    values = {**BASE, **overrides}
    return [values[column] for column in CATALOGUE_COLUMNS]


def csv_bytes(*rows: list[str], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header if header is not None else CATALOGUE_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(*rows: list[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(CATALOGUE_COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_import(agency, *rows: list[str], filename: str = "目录.csv"):
    return catalogue_import(agency=agency, data=csv_bytes(*rows), filename=filename)


def problems_of(agency, *rows: list[str]) -> list[tuple[int, str, str]]:
    with pytest.raises(CatalogueFileError) as caught:
        run_import(agency, *rows)
    return caught.value.problems


# -- valid files ---------------------------------------------------------------------------


def test_a_csv_imports_as_published_history_with_its_own_index_number(agency):
    result = run_import(agency, cells())
    item = Item.objects.get()
    assert (
        result.created,
        result.years,
        item.status,
        item.attribute,
        item.source,
        item.index_number,
        item.index_year,
        item.index_serial,
        item.published_on,
        item.subject.name,
        item.statutory_category,
        item.genre,
        item.validity,
        item.body,
        item.content_hash,
    ) == (
        1,
        {2019: 1},
        "published",
        "proactive",
        "import",
        "114410025/2019-00007",
        None,
        None,
        D("2019-03-08"),
        "城乡建设、环境保护",
        "20-1",
        "normative_document",
        "in_force",
        BASE["正文"],
        item_content_hash(item),
    )


def test_rows_without_index_number_are_numbered_by_the_pattern_in_order_of_publication(agency):
    run_import(
        agency,
        cells(索引号="", 标题="后发布", 发布日期="2025-03-10", 成文日期="2025-03-03"),
        cells(索引号="", 标题="先发布", 发布日期="2025-03-05", 成文日期="2025-03-03"),
        cells(索引号="", 标题="上年", 发布日期="2024-12-31", 成文日期="2024-12-30"),
    )
    rows = Item.objects.order_by("index_number").values_list(
        "title", "index_number", "index_year", "index_serial"
    )
    assert list(rows) == [
        ("上年", "114410025/2024-00001", 2024, 1),
        ("先发布", "114410025/2025-00001", 2025, 1),
        ("后发布", "114410025/2025-00002", 2025, 2),
    ]


def test_an_xlsx_with_date_cells_imports(agency):
    data = xlsx_bytes(
        cells(发布日期="", 成文日期="")[:4]
        + [datetime(2019, 3, 1), date(2019, 3, 8)]  # noqa: DTZ001 - a spreadsheet's cell
        + cells()[6:]
    )
    result = catalogue_import(agency=agency, data=data, filename="目录.xlsx")
    item = Item.objects.get()
    assert (result.created, item.written_on, item.published_on) == (
        1,
        D("2019-03-01"),
        D("2019-03-08"),
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [("（一）行政法规、规章和规范性文件", "20-1"), ("20-6", "20-6"), ("十三", "20-13"),
     ("（九）", "20-9"), ("21", "21")],
)  # fmt: skip
def test_the_article_20_category_is_given_by_label_key_or_number(agency, text, key):
    run_import(agency, cells(第二十条类别=text))
    assert Item.objects.get().statutory_category == key


def test_empty_optional_cells_take_their_defaults(agency):
    run_import(agency, cells(发布机构="", 主题分类="", 有效性="", 文号="", 关键词=""))
    item = Item.objects.get()
    assert (item.issuing_agency, item.subject, item.validity) == (
        "示范区住房和城乡建设局",
        None,
        "in_force",
    )


def test_the_import_creates_the_default_subjects_once(agency):
    run_import(agency, cells())
    run_import(agency, cells(索引号="114410025/2019-00008"))
    assert list(Subject.objects.values_list("name", flat=True)) == DEFAULT_SUBJECTS


def test_subjects_ensure_is_idempotent(db):
    assert (subjects_ensure(), subjects_ensure(), Subject.objects.count()) == (21, 0, 21)


def test_one_audit_record_names_the_file(agency):
    run_import(agency, cells(), cells(索引号=""))
    (record,) = AuditRecord.objects.filter(action="catalogue.import")
    assert (record.target_label, record.after["file"], record.after["rows"]) == (
        "示范区住房和城乡建设局",
        "目录.csv",
        2,
    )


# -- bad cells -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"标题": ""}, "标题", "不能为空"),
        ({"标题": "题" * 301}, "标题", "标题过长：301 字，最多 300 字"),
        ({"正文": "字" * 200_001}, "正文", "正文过长：200,001 字，最多 200,000 字"),
        ({"文号": "号" * 101}, "文号", "文号过长：101 字，最多 100 字"),
        ({"成文日期": ""}, "成文日期", "不能为空"),
        (
            {"成文日期": "2019/03/01"},
            "成文日期",
            "日期格式无效：“2019/03/01”，应为 YYYY-MM-DD，例如 2025-09-26",
        ),
        ({"发布日期": "2019-02-30"}, "发布日期", "日期不存在：“2019-02-30”"),
        (
            {"发布日期": "2019-02-28"},
            "发布日期",
            "发布日期（2019-02-28）早于成文日期（2019-03-01）",
        ),
        (
            {"第二十条类别": "（十六）"},
            "第二十条类别",
            "第二十条类别无效：“（十六）”，应为条例第二十条的项，"
            "如“（一）行政法规、规章和规范性文件”“20-1”或“一”",
        ),
        (
            {"体裁": "通知"},
            "体裁",
            "体裁无效：“通知”，应为 “规章”、“行政规范性文件”、“其他文件”、“通知公告”、"
            "“规划计划、工作总结”、“统计信息”、“政策解读”、“人事信息”、“财政预决算”、"
            "“政府采购”、“行政执法（许可、处罚、强制）”、“工作动态” 或 “政府信息公开年度报告”",
        ),
        ({"体裁": ""}, "体裁", "不能为空"),
        (
            {"有效性": "失效"},
            "有效性",
            "有效性无效：“失效”，应为 “现行有效”、“已修改” 或 “已废止”",
        ),
        (
            {"索引号": "114410025/2019 00007"},
            "索引号",
            "索引号不能含空格或换行：“114410025/2019 00007”",
        ),
        ({"索引号": "9" * 81}, "索引号", "索引号过长：81 字，最多 80 字"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(agency, overrides, column, message):
    assert problems_of(agency, cells(索引号="", 标题="第一行"), cells(**overrides)) == [
        (3, column, message)
    ]


def test_a_date_after_today_is_refused(agency):
    today = timezone.localdate()
    assert problems_of(agency, cells(发布日期="2099-01-01")) == [
        (2, "发布日期", f"发布日期（2099-01-01）晚于今天（{today}）")
    ]


def test_an_unknown_subject_lists_the_known_ones(agency):
    Subject.objects.create(name="住房保障", sort_order=1)
    known = "、".join(f"“{name}”" for name in ["住房保障", *DEFAULT_SUBJECTS[:-1]])
    assert problems_of(agency, cells(主题分类="房地产")) == [
        (2, "主题分类", f"主题分类“房地产”不存在，应为 {known} 或 “{DEFAULT_SUBJECTS[-1]}”")
    ]


def test_an_excel_date_serial_is_explained(agency):
    data = xlsx_bytes(cells()[:4] + [43525] + cells()[5:])
    with pytest.raises(CatalogueFileError) as caught:
        catalogue_import(agency=agency, data=data, filename="目录.xlsx")
    assert str(caught.value) == (
        "第 2 行「成文日期」：单元格是数字 43525（可能是 Excel 把日期存成了序列号），"
        "请将该列设为文本格式，填写 YYYY-MM-DD，例如 2025-09-26"
    )


def test_a_missing_column_is_named_in_the_header(agency):
    header = [c for c in CATALOGUE_COLUMNS if c != "体裁"]
    with pytest.raises(CatalogueFileError) as caught:
        catalogue_import(
            agency=agency, data=csv_bytes(cells()[:8], header=header), filename="目录.csv"
        )
    assert str(caught.value) == "第 1 行「体裁」：缺少此列"


def test_every_problem_is_reported_up_to_two_hundred(agency):
    with pytest.raises(CatalogueFileError) as caught:
        run_import(agency, *[cells(索引号="", 体裁="通告") for _ in range(250)])
    lines = str(caught.value).splitlines()
    assert (len(lines), lines[-1]) == (201, "错误过多，仅列出前 200 条。")


def test_an_unsupported_file_type_is_refused(agency):
    with pytest.raises(CatalogueFileError, match="不支持的文件类型：“目录.xls”"):
        catalogue_import(agency=agency, data=b"x", filename="目录.xls")


# -- all or nothing ------------------------------------------------------------------------


def test_one_bad_row_imports_nothing(agency):
    with pytest.raises(CatalogueFileError):
        run_import(agency, cells(), cells(索引号=""), cells(索引号="", 标题=""))
    assert (
        Item.objects.count(),
        Counter.objects.filter(kind="index").count(),
        AuditRecord.objects.filter(action="catalogue.import").count(),
    ) == (0, 0, 0)


def test_a_duplicate_index_number_in_the_file_names_both_rows(agency):
    assert problems_of(agency, cells(), cells(标题="另一条")) == [
        (3, "索引号", "索引号“114410025/2019-00007”重复，与第 2 行相同")
    ]


def test_an_index_number_already_in_the_database_is_refused(agency):
    run_import(agency, cells())
    assert problems_of(agency, cells(索引号="114410025/2019-00008"), cells()) == [
        (
            3,
            "索引号",
            "索引号 114410025/2019-00007 已被示范区住房和城乡建设局的"
            "“示范区住房和城乡建设局关于印发《示范区老旧小区改造实施方案》的通知”使用",
        )
    ]


def test_a_number_made_by_the_pattern_must_not_repeat_one_in_the_file(agency):
    problems = problems_of(
        agency,
        cells(索引号="114410025/2019-00001"),
        cells(索引号="", 标题="待编号"),
    )
    assert problems == [
        (
            3,
            "索引号",
            "索引号为空，按本机关格式编制的索引号 114410025/2019-00001 与第 2 行填写的索引号"
            "相同，请填写索引号",
        )
    ]


def test_a_refused_numbering_takes_no_serials(agency):
    with pytest.raises(CatalogueFileError):
        run_import(agency, cells(索引号="114410025/2019-00001"), cells(索引号=""))
    run_import(agency, cells(索引号=""))
    assert Item.objects.get().index_number == "114410025/2019-00001"


def test_only_the_disclosure_office_or_an_administrator_may_import(agency, department):
    clerk = UserFactory()
    role_grant(user=clerk, role=Role.CLERK, department=department)
    with pytest.raises(
        PermissionDenied,
        match="只有管理员或示范区住房和城乡建设局的政府信息公开工作机构可以导入公开目录",
    ):
        catalogue_import(agency=agency, data=csv_bytes(cells()), filename="目录.csv", actor=clerk)


# -- round trip ----------------------------------------------------------------------------


ROWS = [
    cells(),
    cells(
        索引号="",
        标题="=SUM(A1) 不是公式",
        文号="",
        成文日期="2024-12-30",
        发布日期="2025-01-06",
        主题分类="",
        第二十条类别="20-6",
        体裁="行政执法（许可、处罚、强制）",
        有效性="已废止",
        内容概述="'以撇号开头",
        正文='　　第一段，前有全角空格。\n\n　　第二段，"引号"与逗号,都在。\n',
    ),
    cells(
        索引号="114410025/2021-00003",
        标题="關於公布行政許可事項清單的公告",
        第二十条类别="（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
        体裁="通知公告",
        有效性="已修改",
        正文="-以减号开头的正文",
    ),
]


@pytest.mark.parametrize("extension", [".csv", ".xlsx"])
def test_export_reads_back_as_the_same_items(agency, extension):
    run_import(agency, *ROWS)
    before = {i.index_number: i.content_hash for i in Item.objects.all()}
    exported = catalogue_export(agency=agency, extension=extension)
    Item.objects.all().delete()
    result = catalogue_import(agency=agency, data=exported, filename="目录" + extension)
    after = {i.index_number: i.content_hash for i in Item.objects.all()}
    assert (result.created, result.numbered, after) == (3, 0, before)


def test_the_exported_csv_is_the_same_rows_as_the_imported_file(agency):
    run_import(agency, *ROWS)
    exported = read_catalogue(catalogue_export(agency=agency, extension=".csv"), "目录.csv")
    again = read_catalogue(catalogue_export(agency=agency, extension=".xlsx"), "目录.xlsx")
    assert (
        [row.title for row in exported],
        [row.body for row in exported],
        [row.summary for row in exported],
        again,
    ) == (
        [ROWS[0][1], ROWS[2][1], ROWS[1][1]],
        [ROWS[0][12], ROWS[2][12], ROWS[1][12]],
        [ROWS[0][11], ROWS[2][11], ROWS[1][11]],
        exported,
    )


def test_formula_like_cells_are_quoted_in_the_csv(agency):
    run_import(agency, *ROWS)
    text = catalogue_export(agency=agency, extension=".csv").decode("utf-8-sig")
    assert ("'=SUM(A1) 不是公式" in text, "''以撇号开头" in text, "'-以减号开头" in text) == (
        True,
        True,
        True,
    )


# -- the command ---------------------------------------------------------------------------


def run_command(*args: str) -> tuple[int, str, str]:
    """(exit code, output, error) as `gongkai` gives them: a CommandError exits with its
    return code after printing its message."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), err.getvalue()


def test_the_import_command_reports_what_it_imported(agency, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(csv_bytes(cells(), cells(索引号="", 发布日期="2025-01-06")))
    assert run_command("catalogue", "import", str(path), "--agency", agency.code) == (
        0,
        "已向示范区住房和城乡建设局导入 2 条公开条目（2019年 1 条，2025年 1 条），"
        "其中 1 条按本机关格式编制了索引号\n",
        "",
    )


def test_the_import_command_fails_with_every_problem_and_imports_nothing(agency, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(csv_bytes(cells(), cells(索引号="", 标题="", 有效性="作废")))
    result = run_command("catalogue", "import", str(path), "--agency", agency.code)
    assert (result, Item.objects.count()) == (
        (
            1,
            "",
            "目录.csv 未导入任何条目：\n"
            "第 3 行「标题」：不能为空\n"
            "第 3 行「有效性」：有效性无效：“作废”，应为 “现行有效”、“已修改” 或 “已废止”",
        ),
        0,
    )


def test_the_import_command_refuses_an_unknown_agency(db, tmp_path):
    result = run_command("catalogue", "import", str(tmp_path / "x.csv"), "--agency", "NOPE")
    assert result == (1, "", "机关代码 NOPE 不存在，未导入任何条目")


def test_the_import_command_refuses_a_missing_file(agency, tmp_path):
    result = run_command("catalogue", "import", str(tmp_path / "x.csv"), "--agency", agency.code)
    assert result == (1, "", f"文件不存在：{tmp_path / 'x.csv'}")


def test_the_export_command_writes_the_file_by_its_extension(agency, tmp_path):
    run_import(agency, *ROWS)
    path = tmp_path / "导出.xlsx"
    result = run_command("catalogue", "export", "--agency", agency.code, "-o", str(path))
    rows = read_catalogue(path.read_bytes(), path.name)
    assert (result, len(rows)) == (
        (0, f"已导出示范区住房和城乡建设局的 3 条公开条目到 {path}\n", ""),
        3,
    )


def test_the_export_command_refuses_an_unknown_extension(agency):
    result = run_command("catalogue", "export", "--agency", agency.code, "-o", "x.json")
    assert result == (1, "", "不支持的文件类型：“x.json”，请使用 .csv 或 .xlsx")


def test_the_reader_needs_no_database():
    (row,) = catalogue_file.read_catalogue(csv_bytes(cells()), "目录.csv")
    assert (row.row, row.statutory_category, row.genre, row.validity) == (
        2,
        "20-1",
        "normative_document",
        "in_force",
    )

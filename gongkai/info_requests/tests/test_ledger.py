"""The application ledger (登记台账): CSV and XLSX reading, writing and every validation rule."""

import csv
import io
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.info_requests import ledger
from gongkai.info_requests.ledger import (
    LEDGER_COLUMNS,
    LedgerError,
    LedgerRow,
    read_ledger,
    write_ledger_csv,
    write_ledger_xlsx,
)

HEADER = ",".join(LEDGER_COLUMNS)

# A valid open case; tests override some of its cells.
BASE = {
    "编号": "2025-001",
    "申请人类型": "自然人",
    "申请人": "张三",
    "申请方式": "网络",
    "收到日期": "2025-01-02",
    "申请内容": "2024年度老旧小区改造项目的资金使用明细",
}


def cells(**overrides: str) -> list[str]:
    values = {**BASE, **overrides}
    return [values.get(column, "") for column in LEDGER_COLUMNS]


def csv_bytes(rows: list[list[str]], header: list[str] | None = None, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header if header is not None else LEDGER_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header if header is not None else list(LEDGER_COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def problems_of(data: bytes, filename: str = "台账.csv") -> list[tuple[int, str, str]]:
    with pytest.raises(LedgerError) as caught:
        read_ledger(data, filename)
    return caught.value.problems


def one_row(**overrides: str) -> list[tuple[int, str, str]]:
    return problems_of(csv_bytes([cells(**overrides)]))


def read_one(**overrides: str) -> LedgerRow:
    (row,) = read_ledger(csv_bytes([cells(**overrides)]), "台账.csv")
    return row


def full_row(row: int = 2, number: str = "2025-001", **fields: object) -> LedgerRow:
    values: dict[str, object] = {
        "row": row,
        "number": number,
        "applicant_type": "natural_person",
        "applicant": "张三",
        "channel": "online",
        "received_on": date(2025, 1, 2),
        "description": "2024年度老旧小区改造项目的资金使用明细",
        "correction_notice_on": None,
        "correction_received_on": None,
        "consultation_sent_on": None,
        "consultation_answered_on": None,
        "extended": False,
        "replied_on": None,
        "outcome": None,
        "reconsideration_on": None,
        "reconsideration_result": None,
        "litigation_on": None,
        "litigation_kind": None,
        "litigation_result": None,
        "fee_yuan": None,
    }
    values.update(fields)
    return LedgerRow(**values)  # type: ignore[arg-type]


# --- valid rows -----------------------------------------------------------------------------


def test_columns_are_those_of_the_spec():
    assert LEDGER_COLUMNS == (
        "编号", "申请人类型", "申请人", "申请方式", "收到日期", "申请内容", "补正告知日期",
        "补正收到日期", "第三方征求日期", "第三方答复日期", "延期", "答复日期", "办理结果",
        "复议日期", "复议结果", "诉讼日期", "诉讼类型", "诉讼结果", "收费金额",
    )  # fmt: skip


def test_a_minimal_open_case():
    assert read_one() == full_row()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"申请人类型": "商业企业"}, {"applicant_type": "commercial"}),
        ({"申请人类型": "科研机构"}, {"applicant_type": "research"}),
        ({"申请人类型": "社会公益组织"}, {"applicant_type": "public_interest"}),
        ({"申请人类型": "法律服务机构"}, {"applicant_type": "legal_services"}),
        ({"申请人类型": "其他"}, {"applicant_type": "other_org"}),
        ({"申请方式": "当面"}, {"channel": "in_person"}),
        ({"申请方式": "信函"}, {"channel": "letter"}),
        ({"申请方式": "电子邮件"}, {"channel": "email"}),
        ({"申请方式": "传真"}, {"channel": "fax"}),
        ({"延期": "是"}, {"extended": True}),
        ({"延期": "否"}, {"extended": False}),
        (
            {"答复日期": "2025-01-20", "办理结果": "予以公开"},
            {"replied_on": date(2025, 1, 20), "outcome": "granted"},
        ),
        (
            {"答复日期": "2025-01-20", "办理结果": "不予公开-1"},
            {"replied_on": date(2025, 1, 20), "outcome": "refused_1"},
        ),
        (
            {"答复日期": "2025-01-20", "办理结果": "其他处理－3"},
            {"replied_on": date(2025, 1, 20), "outcome": "other_3"},
        ),
        (
            {
                "补正告知日期": "2025-01-02",
                "补正收到日期": "2025-01-08",
                "答复日期": "2025-01-08",
                "办理结果": "部分公开",
            },
            {
                "correction_notice_on": date(2025, 1, 2),
                "correction_received_on": date(2025, 1, 8),
                "replied_on": date(2025, 1, 8),
                "outcome": "partial",
            },
        ),  # fmt: skip
        (
            {"第三方征求日期": "2025-01-03", "第三方答复日期": "2025-01-03"},
            {
                "consultation_sent_on": date(2025, 1, 3),
                "consultation_answered_on": date(2025, 1, 3),
            },
        ),
        (
            {"答复日期": "2025-01-20", "办理结果": "无法提供-1", "复议日期": "2025-01-20"},
            {
                "replied_on": date(2025, 1, 20),
                "outcome": "unable_1",
                "reconsideration_on": date(2025, 1, 20),
                "reconsideration_result": "pending",
            },
        ),  # fmt: skip
        (
            {
                "答复日期": "2025-01-20",
                "办理结果": "无法提供-1",
                "复议日期": "2025-02-01",
                "复议结果": "纠正",
            },
            {
                "replied_on": date(2025, 1, 20),
                "outcome": "unable_1",
                "reconsideration_on": date(2025, 2, 1),
                "reconsideration_result": "corrected",
            },
        ),  # fmt: skip
        (
            {
                "答复日期": "2025-01-20",
                "办理结果": "不予处理-2",
                "诉讼日期": "2025-03-01",
                "诉讼类型": "直接起诉",
            },
            {
                "replied_on": date(2025, 1, 20),
                "outcome": "not_processed_2",
                "litigation_on": date(2025, 3, 1),
                "litigation_kind": "direct",
                "litigation_result": "pending",
            },
        ),  # fmt: skip
        (
            {
                "答复日期": "2025-01-20",
                "办理结果": "不予处理-2",
                "复议日期": "2025-02-01",
                "复议结果": "维持",
                "诉讼日期": "2025-04-01",
                "诉讼类型": "复议后起诉",
                "诉讼结果": "其他",
            },
            {
                "replied_on": date(2025, 1, 20),
                "outcome": "not_processed_2",
                "reconsideration_on": date(2025, 2, 1),
                "reconsideration_result": "upheld",
                "litigation_on": date(2025, 4, 1),
                "litigation_kind": "after_reconsideration",
                "litigation_result": "other",
            },
        ),  # fmt: skip
        ({"收费金额": "0"}, {"fee_yuan": Decimal("0")}),
        ({"收费金额": "12.5"}, {"fee_yuan": Decimal("12.5")}),
        ({"收费金额": "1200.50"}, {"fee_yuan": Decimal("1200.50")}),
        ({"收费金额": "1,200.50"}, {"fee_yuan": Decimal("1200.50")}),
        ({"收费金额": "1,234,567"}, {"fee_yuan": Decimal("1234567")}),
        ({"申请内容": "事" * 2000}, {"description": "事" * 2000}),
        ({"申请人": "某" * 200}, {"applicant": "某" * 200}),
        ({"收费金额": "9,999,999,999.99"}, {"fee_yuan": Decimal("9999999999.99")}),
        ({"编号": "N" * 60}, {"number": "N" * 60}),
        # Cells are stripped.
        (
            {"编号": "  2025-009 ", "申请人类型": " 商业企业 ", "收到日期": " 2025-01-02\t"},
            {"number": "2025-009", "applicant_type": "commercial"},
        ),
    ],
)
def test_valid_cells(overrides, expected):
    fields = dict(expected)
    number = fields.pop("number", "2025-001")
    assert read_one(**overrides) == full_row(number=number, **fields)


# --- one rule at a time -----------------------------------------------------------------------

REPLIED = {"答复日期": "2025-01-20", "办理结果": "予以公开"}

RULES = [
    # Required cells.
    ({"编号": ""}, "编号", "不能为空"),
    ({"申请人类型": ""}, "申请人类型", "不能为空"),
    ({"申请人": ""}, "申请人", "不能为空"),
    ({"申请方式": ""}, "申请方式", "不能为空"),
    ({"收到日期": ""}, "收到日期", "不能为空"),
    ({"申请内容": "  "}, "申请内容", "不能为空"),
    # Labels.
    (
        {"申请人类型": "个人"},
        "申请人类型",
        "申请人类型无效：“个人”，应为 自然人、商业企业、科研机构、社会公益组织、法律服务机构"
        " 或 其他",
    ),
    (
        {"申请方式": "电话"},
        "申请方式",
        "申请方式无效：“电话”，应为 当面、信函、网络、电子邮件 或 传真",
    ),
    ({"延期": "Y"}, "延期", "延期无效：“Y”，应填写“是”或留空"),
    (
        {"答复日期": "2025-01-20", "办理结果": "同意公开"},
        "办理结果",
        "办理结果无效：“同意公开”，应为 予以公开、部分公开、不予公开-1…8、无法提供-1…3、"
        "不予处理-1…5 或 其他处理-1…3",
    ),
    (
        {"答复日期": "2025-01-20", "办理结果": "不予公开-9"},
        "办理结果",
        "办理结果无效：“不予公开-9”，应为 予以公开、部分公开、不予公开-1…8、无法提供-1…3、"
        "不予处理-1…5 或 其他处理-1…3",
    ),
    # Dates.
    (
        {"收到日期": "2025/1/2"},
        "收到日期",
        "日期格式无效：“2025/1/2”，应为 YYYY-MM-DD，例如 2025-09-26",
    ),
    (
        {"收到日期": "20250102"},
        "收到日期",
        "日期格式无效：“20250102”，应为 YYYY-MM-DD，例如 2025-09-26",
    ),
    ({"收到日期": "2025-02-30"}, "收到日期", "日期不存在：“2025-02-30”"),
    (
        {"补正告知日期": "2025年1月5日"},
        "补正告知日期",
        "日期格式无效：“2025年1月5日”，应为 YYYY-MM-DD，例如 2025-09-26",
    ),
    # 答复日期 and 办理结果 go together.
    (
        {"答复日期": "2025-01-20"},
        "办理结果",
        "已填写答复日期（2025-01-20），办理结果不能为空",
    ),
    ({"办理结果": "予以公开"}, "答复日期", "已填写办理结果（予以公开），答复日期不能为空"),
    # Correction (补正).
    (
        {"补正告知日期": "2025-01-01"},
        "补正告知日期",
        "补正告知日期（2025-01-01）早于收到日期（2025-01-02）",
    ),
    (
        {"补正收到日期": "2025-01-08"},
        "补正收到日期",
        "填写了补正收到日期（2025-01-08），但补正告知日期为空",
    ),
    (
        {"补正告知日期": "2025-01-05", "补正收到日期": "2025-01-04"},
        "补正收到日期",
        "补正收到日期（2025-01-04）早于补正告知日期（2025-01-05）",
    ),
    # Third-party consultation (第三方征求意见).
    (
        {"第三方征求日期": "2025-01-01"},
        "第三方征求日期",
        "第三方征求日期（2025-01-01）早于收到日期（2025-01-02）",
    ),
    (
        {"第三方答复日期": "2025-01-10"},
        "第三方答复日期",
        "填写了第三方答复日期（2025-01-10），但第三方征求日期为空",
    ),
    (
        {"第三方征求日期": "2025-01-05", "第三方答复日期": "2025-01-04"},
        "第三方答复日期",
        "第三方答复日期（2025-01-04）早于第三方征求日期（2025-01-05）",
    ),
    # Reply.
    (
        {"答复日期": "2025-01-01", "办理结果": "予以公开"},
        "答复日期",
        "答复日期（2025-01-01）早于收到日期（2025-01-02）",
    ),
    (
        {
            "补正告知日期": "2025-01-03",
            "补正收到日期": "2025-01-10",
            **REPLIED,
            "答复日期": "2025-01-09",
        },
        "答复日期",
        "答复日期（2025-01-09）早于补正收到日期（2025-01-10）",
    ),  # fmt: skip
    # Reconsideration (复议).
    ({"复议日期": "2025-02-01"}, "复议日期", "填写了复议日期（2025-02-01），但答复日期为空"),
    (
        {**REPLIED, "复议日期": "2025-01-19"},
        "复议日期",
        "复议日期（2025-01-19）早于答复日期（2025-01-20）",
    ),
    ({**REPLIED, "复议结果": "维持"}, "复议结果", "填写了复议结果（维持），但复议日期为空"),
    (
        {**REPLIED, "复议日期": "2025-02-01", "复议结果": "撤销"},
        "复议结果",
        "复议结果无效：“撤销”，应为 维持、纠正、其他 或 未审结",
    ),
    # Litigation (诉讼).
    (
        {**REPLIED, "诉讼日期": "2025-03-01"},
        "诉讼类型",
        "填写了诉讼日期（2025-03-01），诉讼类型不能为空，应为 直接起诉 或 复议后起诉",
    ),
    (
        {**REPLIED, "诉讼类型": "直接起诉"},
        "诉讼类型",
        "填写了诉讼类型（直接起诉），但诉讼日期为空",
    ),
    (
        {**REPLIED, "诉讼日期": "2025-03-01", "诉讼类型": "起诉"},
        "诉讼类型",
        "诉讼类型无效：“起诉”，应为 直接起诉 或 复议后起诉",
    ),
    (
        {**REPLIED, "诉讼日期": "2025-03-01", "诉讼类型": "复议后起诉"},
        "诉讼类型",
        "诉讼类型为复议后起诉，但复议日期为空",
    ),
    (
        {**REPLIED, "复议日期": "2025-03-01", "诉讼日期": "2025-03-01", "诉讼类型": "复议后起诉"},
        "诉讼日期",
        "复议后起诉的诉讼日期（2025-03-01）应晚于复议日期（2025-03-01）",
    ),
    (
        {**REPLIED, "复议日期": "2025-03-02", "诉讼日期": "2025-03-01", "诉讼类型": "复议后起诉"},
        "诉讼日期",
        "复议后起诉的诉讼日期（2025-03-01）应晚于复议日期（2025-03-02）",
    ),
    (
        {**REPLIED, "诉讼日期": "2025-01-10", "诉讼类型": "直接起诉"},
        "诉讼日期",
        "诉讼日期（2025-01-10）早于答复日期（2025-01-20）",
    ),
    (
        {"诉讼日期": "2025-03-01", "诉讼类型": "直接起诉"},
        "诉讼日期",
        "填写了诉讼日期（2025-03-01），但答复日期为空",
    ),
    ({**REPLIED, "诉讼结果": "纠正"}, "诉讼结果", "填写了诉讼结果（纠正），但诉讼日期为空"),
    (
        {**REPLIED, "诉讼日期": "2025-03-01", "诉讼类型": "直接起诉", "诉讼结果": "胜诉"},
        "诉讼结果",
        "诉讼结果无效：“胜诉”，应为 维持、纠正、其他 或 未审结",
    ),
    # Fee (收费金额).
    ({"收费金额": "-1"}, "收费金额", "收费金额不能为负数：“-1”"),
    ({"收费金额": "1.234"}, "收费金额", "收费金额最多两位小数：“1.234”"),
    (
        {"收费金额": "abc"},
        "收费金额",
        "收费金额无效：“abc”，应为以元为单位的数字，例如 1200.50",
    ),
    (
        {"收费金额": "1,20"},
        "收费金额",
        "收费金额无效：“1,20”，应为以元为单位的数字，例如 1200.50",
    ),
    (
        {"收费金额": "100元"},
        "收费金额",
        "收费金额无效：“100元”，应为以元为单位的数字，例如 1200.50",
    ),
    (
        {"收费金额": "10,000,000,000"},
        "收费金额",
        "收费金额过大：“10,000,000,000”",
    ),
    # Lengths.
    ({"编号": "N" * 61}, "编号", "编号过长：61 字，最多 60 字"),
    ({"申请内容": "事" * 2001}, "申请内容", "申请内容过长：2,001 字，最多 2,000 字"),
    ({"申请人": "某" * 201}, "申请人", "申请人过长：201 字，最多 200 字"),
]


@pytest.mark.parametrize(("overrides", "column", "message"), RULES)
def test_each_rule(overrides, column, message):
    assert one_row(**overrides) == [(2, column, message)]


def test_an_invalid_date_is_not_also_reported_as_missing():
    # The reply date is written but wrong: one problem, not "答复日期不能为空" as well.
    overrides = {"答复日期": "2025-13-01", "办理结果": "予以公开", "复议日期": "2025-02-01"}
    assert one_row(**overrides) == [(2, "答复日期", "日期不存在：“2025-13-01”")]


def test_duplicate_number_names_the_first_row():
    data = csv_bytes([cells(), cells(**{"编号": "2025-002"}), cells()])
    assert problems_of(data) == [(4, "编号", "编号“2025-001”重复，与第 2 行相同")]


def test_all_problems_are_reported_together():
    data = csv_bytes(
        [
            cells(),
            cells(**{"编号": "2025-002", "申请人类型": "个人", "收到日期": "2025/1/2"}),
            cells(**{"编号": "2025-003"}),
            cells(**{"编号": "2025-004", "答复日期": "2025-01-20", "收费金额": "-5"}),
        ]
    )
    with pytest.raises(LedgerError) as caught:
        read_ledger(data, "台账.csv")
    assert caught.value.problems == [
        (
            3,
            "申请人类型",
            "申请人类型无效：“个人”，应为 自然人、商业企业、科研机构、社会公益组织、法律服务机构"
            " 或 其他",
        ),
        (3, "收到日期", "日期格式无效：“2025/1/2”，应为 YYYY-MM-DD，例如 2025-09-26"),
        (5, "办理结果", "已填写答复日期（2025-01-20），办理结果不能为空"),
        (5, "收费金额", "收费金额不能为负数：“-5”"),
    ]
    assert str(caught.value) == (
        "第 3 行「申请人类型」：申请人类型无效：“个人”，应为 自然人、商业企业、科研机构、"
        "社会公益组织、法律服务机构 或 其他\n"
        "第 3 行「收到日期」：日期格式无效：“2025/1/2”，应为 YYYY-MM-DD，例如 2025-09-26\n"
        "第 5 行「办理结果」：已填写答复日期（2025-01-20），办理结果不能为空\n"
        "第 5 行「收费金额」：收费金额不能为负数：“-5”"
    )
    assert isinstance(caught.value, ValueError)


def test_message_is_one_line_per_problem():
    error = LedgerError([(0, "", "文件为空"), (2, "申请人类型", "申请人类型无效：“自然\n人”")])
    assert str(error) == "文件为空\n第 2 行「申请人类型」：申请人类型无效：“自然 人”"


def test_problems_stop_at_200():
    data = csv_bytes([cells(**{"编号": f"N{i}", "申请方式": "电话"}) for i in range(300)])
    with pytest.raises(LedgerError) as caught:
        read_ledger(data, "台账.csv")
    assert len(caught.value.problems) == 200
    assert caught.value.truncated
    assert caught.value.problems[-1] == (
        201,
        "申请方式",
        "申请方式无效：“电话”，应为 当面、信函、网络、电子邮件 或 传真",
    )
    assert str(caught.value).splitlines()[-1] == "错误过多，仅列出前 200 条。"


def test_exactly_200_problems_are_not_truncated():
    data = csv_bytes([cells(**{"编号": f"N{i}", "申请方式": "电话"}) for i in range(200)])
    with pytest.raises(LedgerError) as caught:
        read_ledger(data, "台账.csv")
    assert len(caught.value.problems) == 200
    assert not caught.value.truncated


# --- the file and its header -------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_and_without_bom(bom):
    data = csv_bytes([cells()], bom=bom)
    assert data.startswith(b"\xef\xbb\xbf") is bom
    assert read_ledger(data, "台账.csv") == [full_row()]


def test_extension_is_case_insensitive():
    assert read_ledger(csv_bytes([cells()]), "台账.CSV") == [full_row()]
    assert read_ledger(xlsx_bytes([cells()]), "TAIZHANG.XLSX") == [full_row()]


@pytest.mark.parametrize("filename", ["台账.xls", "台账.txt", "台账"])
def test_other_extensions_are_refused(filename):
    assert problems_of(b"x", filename) == [
        (0, "", f"不支持的文件类型：“{filename}”，请上传 .csv 或 .xlsx 文件")
    ]


def test_gbk_csv():
    data = (HEADER + "\n" + ",".join(cells()) + "\n").encode("gbk")
    with pytest.raises(LedgerError) as caught:
        read_ledger(data, "台账.csv")
    assert caught.value.problems == [
        (0, "", "文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8 CSV")
    ]
    assert str(caught.value) == "文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8 CSV"


def test_csv_in_neither_utf8_nor_gbk():
    assert problems_of(b"\xff\xff\xff\xff") == [(0, "", "文件不是 UTF-8 编码，请另存为 UTF-8 CSV")]


def test_xlsx_named_csv():
    assert problems_of(xlsx_bytes([cells()]), "台账.csv") == [
        (0, "", "文件内容是 Excel 工作簿而不是 CSV，请将扩展名改为 .xlsx 或另存为 UTF-8 CSV")
    ]


def test_empty_file():
    assert problems_of(b"") == [(0, "", "文件为空：第 1 行应为表头")]
    assert problems_of(b"\xef\xbb\xbf") == [(0, "", "文件为空：第 1 行应为表头")]


def test_missing_column():
    header = [c for c in LEDGER_COLUMNS if c not in ("第三方答复日期", "收费金额")]
    row = [v for c, v in zip(LEDGER_COLUMNS, cells(), strict=True) if c in header]
    assert problems_of(csv_bytes([row], header=header)) == [
        (1, "第三方答复日期", "缺少此列"),
        (1, "收费金额", "缺少此列"),
    ]


def test_extra_column_is_reported_with_the_rows_problems():
    header = [*LEDGER_COLUMNS, "备注"]
    data = csv_bytes([[*cells(), "加急"], [*cells(**{"编号": "2", "申请人": ""}), ""]], header)
    assert problems_of(data) == [
        (1, "备注", "未知的列（第 20 列），请删除该列或改为规定的列名"),
        (3, "申请人", "不能为空"),
    ]


def test_misspelt_column_is_both_unknown_and_missing():
    header = ["申请人分类" if c == "申请人类型" else c for c in LEDGER_COLUMNS]
    assert problems_of(csv_bytes([cells()], header)) == [
        (1, "申请人分类", "未知的列（第 2 列），请删除该列或改为规定的列名"),
        (1, "申请人类型", "缺少此列"),
    ]


def test_duplicate_column():
    header = [*LEDGER_COLUMNS, "申请人"]
    assert problems_of(csv_bytes([[*cells(), "李四"]], header)) == [
        (1, "申请人", "列名重复：第 3 列和第 20 列"),
    ]


def test_header_in_another_order_and_with_spaces():
    order = list(reversed(LEDGER_COLUMNS))
    header = [f" {c}\t" for c in order]
    values = dict(zip(LEDGER_COLUMNS, cells(**{"延期": "是"}), strict=True))
    data = csv_bytes([[values[c] for c in order]], header)
    assert read_ledger(data, "台账.csv") == [full_row(extended=True)]


def test_unnamed_column_with_content_is_reported_once():
    header = [*LEDGER_COLUMNS, ""]
    data = csv_bytes(
        [[*cells(), ""], [*cells(**{"编号": "2"}), "备注"], [*cells(**{"编号": "3"}), "x"]],
        header,
    )
    assert problems_of(data) == [(3, "第 20 列", "该列没有列名，但填写了内容")]


def test_unnamed_empty_column_is_ignored():
    data = csv_bytes([[*cells(), ""]], [*LEDGER_COLUMNS, ""])
    assert read_ledger(data, "台账.csv") == [full_row()]


def test_row_longer_than_the_header():
    # Typically an unquoted comma in 申请内容 shifting the cells.
    data = (HEADER + "\n" + ",".join(cells()) + ",多出来的\n").encode()
    assert problems_of(data) == [(2, "第 20 列", "此行的单元格比表头多，该列没有列名")]


def test_short_rows_are_padded():
    data = (HEADER + "\n" + ",".join(cells()[:6]) + "\n").encode()
    assert read_ledger(data, "台账.csv") == [full_row()]


def test_empty_rows_are_skipped_and_rows_keep_their_numbers():
    data = csv_bytes([cells(), [""] * 19, [" "] * 3, [], cells(**{"编号": "2025-002"})])
    data += b"\r\n\r\n"
    assert read_ledger(data, "台账.csv") == [full_row(), full_row(row=6, number="2025-002")]


def test_multiline_cell_counts_as_one_row():
    data = csv_bytes([cells(**{"申请内容": "第一项\n第二项"}), cells(**{"编号": "2"})])
    rows = read_ledger(data, "台账.csv")
    assert [(r.row, r.description) for r in rows] == [
        (2, "第一项\n第二项"),
        (3, "2024年度老旧小区改造项目的资金使用明细"),
    ]


def test_file_over_50_mb_is_refused_before_parsing():
    data = b"\xff" * (50 * 1024 * 1024 + 1)  # not even UTF-8: the size is checked first
    assert problems_of(data) == [(0, "", "文件过大（50.0 MB），最大 50 MB，请拆分后分批导入")]
    assert problems_of(data, "台账.xlsx") == [
        (0, "", "文件过大（50.0 MB），最大 50 MB，请拆分后分批导入")
    ]


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(ledger, "MAX_ROWS", 3)
    rows = [cells(**{"编号": str(i)}) for i in range(4)]
    assert read_ledger(csv_bytes(rows[:3] + [[""] * 19]), "台账.csv")  # empty rows do not count
    assert problems_of(csv_bytes(rows)) == [(0, "", "数据超过 3 行，请拆分后分批导入")]
    assert problems_of(xlsx_bytes(rows), "台账.xlsx") == [
        (0, "", "数据超过 3 行，请拆分后分批导入")
    ]


def test_row_limit_is_200000():
    assert ledger.MAX_ROWS == 200_000
    assert ledger.MAX_BYTES == 50 * 1024 * 1024


def test_csv_syntax_error():
    monkey_limit = csv.field_size_limit()
    data = (HEADER + "\n" + ",".join(cells()) + ',"' + "x" * (monkey_limit + 1) + '"\n').encode()
    [(row, column, message)] = problems_of(data)
    assert (row, column) == (0, "")
    assert message.startswith("CSV 格式错误（第 2 行）：")


# --- XLSX --------------------------------------------------------------------------------------


def test_xlsx_with_text_cells():
    assert read_ledger(xlsx_bytes([cells()]), "台账.xlsx") == [full_row()]


def test_xlsx_with_real_date_cells():
    row: list[object] = cells(**REPLIED)
    row[LEDGER_COLUMNS.index("收到日期")] = date(2025, 1, 2)
    row[LEDGER_COLUMNS.index("答复日期")] = datetime(2025, 1, 20, 9, 30)  # noqa: DTZ001
    data = xlsx_bytes([row])
    assert load_workbook(io.BytesIO(data)).active["E2"].is_date  # a real date cell
    assert read_ledger(data, "台账.xlsx") == [
        full_row(replied_on=date(2025, 1, 20), outcome="granted")
    ]


def test_xlsx_date_serial_number_is_an_error():
    row: list[object] = cells()
    row[LEDGER_COLUMNS.index("收到日期")] = 45659
    row[LEDGER_COLUMNS.index("补正告知日期")] = 45660.0
    assert problems_of(xlsx_bytes([row]), "台账.xlsx") == [
        (
            2,
            "收到日期",
            "单元格是数字 45659（可能是 Excel 把日期存成了序列号），"
            "请将该列设为文本格式，填写 YYYY-MM-DD，例如 2025-09-26",
        ),
        (
            2,
            "补正告知日期",
            "单元格是数字 45660（可能是 Excel 把日期存成了序列号），"
            "请将该列设为文本格式，填写 YYYY-MM-DD，例如 2025-09-26",
        ),
    ]


def test_xlsx_numbers_in_text_and_fee_cells():
    row: list[object] = cells()
    row[LEDGER_COLUMNS.index("编号")] = 2025001
    row[LEDGER_COLUMNS.index("收费金额")] = 1200.5
    assert read_ledger(xlsx_bytes([row]), "台账.xlsx") == [
        full_row(number="2025001", fee_yuan=Decimal("1200.5"))
    ]
    row[LEDGER_COLUMNS.index("收费金额")] = 0.125
    assert problems_of(xlsx_bytes([row]), "台账.xlsx") == [
        (2, "收费金额", "收费金额最多两位小数：“0.125”")
    ]


def test_xlsx_header_in_another_order_and_empty_rows():
    order = list(reversed(LEDGER_COLUMNS))
    values = dict(zip(LEDGER_COLUMNS, cells(), strict=True))
    data = xlsx_bytes(
        [[values[c] for c in order], [None] * 19, [], [values[c] for c in order]], order
    )
    assert problems_of(data, "台账.xlsx") == [(5, "编号", "编号“2025-001”重复，与第 2 行相同")]


def test_xlsx_reads_the_first_worksheet_only():
    workbook = Workbook()
    workbook.active.append(list(LEDGER_COLUMNS))
    workbook.active.append(cells())
    other = workbook.create_sheet("说明")
    other.append(["这不是台账"])
    out = io.BytesIO()
    workbook.save(out)
    assert read_ledger(out.getvalue(), "台账.xlsx") == [full_row()]


@pytest.mark.parametrize(
    "data",
    [b"", b"not a workbook", b"PK\x03\x04broken zip", b"PK\x05\x06" + b"\x00" * 18],
)
def test_invalid_workbook(data):
    assert problems_of(data, "台账.xlsx") == [
        (0, "", "文件不是有效的 Excel 工作簿（.xlsx），请在 Excel 中另存为 .xlsx 或 UTF-8 CSV")
    ]


def test_old_xls_format():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert problems_of(data, "台账.xlsx") == [
        (0, "", "文件是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 或 UTF-8 CSV")
    ]


def test_csv_renamed_xlsx():
    assert problems_of(csv_bytes([cells()]), "台账.xlsx") == [
        (0, "", "文件不是有效的 Excel 工作簿（.xlsx），请在 Excel 中另存为 .xlsx 或 UTF-8 CSV")
    ]


# --- writing and round trips ----------------------------------------------------------------


def sample_rows() -> list[LedgerRow]:
    return [
        full_row(),
        full_row(
            row=3,
            number="0012",  # leading zeros survive: 编号 is text
            applicant_type="legal_services",
            applicant="某律师事务所",
            channel="letter",
            description="关于“城东片区”征收补偿方案的会议纪要，\n含附件、表格",
            correction_notice_on=date(2025, 1, 3),
            correction_received_on=date(2025, 1, 9),
            consultation_sent_on=date(2025, 1, 10),
            consultation_answered_on=date(2025, 1, 20),
            extended=True,
            replied_on=date(2025, 2, 27),
            outcome="refused_4",
            reconsideration_on=date(2025, 3, 15),
            reconsideration_result="upheld",
            litigation_on=date(2025, 5, 6),
            litigation_kind="after_reconsideration",
            litigation_result="pending",
            fee_yuan=Decimal("1200.50"),
        ),
        full_row(
            row=4,
            number="2025-003",
            applicant_type="other_org",
            applicant='=HYPERLINK("http://example.invalid")',
            channel="fax",
            description="-1+1 @SUM(A1:A2) 以公式字符开头的内容",
            replied_on=date(2025, 1, 2),
            outcome="other_2",
            litigation_on=date(2025, 1, 2),
            litigation_kind="direct",
            litigation_result="corrected",
            fee_yuan=Decimal("0"),
        ),
        full_row(
            row=5,
            number="2025-004",
            # Text that itself starts like the writer's quoting: read back exactly too.
            applicant="'=某公司",
            description="'+86 联系方式",
        ),
    ]


def test_csv_round_trip():
    rows = sample_rows()
    data = write_ledger_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    assert read_ledger(data, "台账.csv") == rows


def test_xlsx_round_trip():
    rows = sample_rows()
    data = write_ledger_xlsx(rows)
    assert read_ledger(data, "台账.xlsx") == rows


def test_csv_output_in_labels():
    text = write_ledger_csv(sample_rows()[1:2]).decode("utf-8-sig")
    assert text.splitlines()[1] == (
        '0012,法律服务机构,某律师事务所,信函,2025-01-02,"关于“城东片区”征收补偿方案的会议纪要，'
    )
    assert text.splitlines()[2] == (
        '含附件、表格",2025-01-03,2025-01-09,2025-01-10,2025-01-20,是,2025-02-27,不予公开-4,'
        "2025-03-15,维持,2025-05-06,复议后起诉,未审结,1200.50"
    )


def test_csv_output_does_not_start_a_formula():
    rows = list(csv.reader(io.StringIO(write_ledger_csv(sample_rows()).decode("utf-8-sig"))))
    assert rows[3][2] == '\'=HYPERLINK("http://example.invalid")'
    assert rows[3][5] == "'-1+1 @SUM(A1:A2) 以公式字符开头的内容"


def test_xlsx_output_cells():
    workbook = load_workbook(io.BytesIO(write_ledger_xlsx(sample_rows())))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == list(LEDGER_COLUMNS)
    second = dict(zip(LEDGER_COLUMNS, sheet[3], strict=True))
    assert second["编号"].value == "0012"
    assert second["编号"].data_type == "s"
    assert second["收到日期"].value == "2025-01-02"  # ISO text, not a date cell
    assert second["收到日期"].data_type == "s"
    assert second["办理结果"].value == "不予公开-4"
    assert second["收费金额"].value == 1200.5
    assert second["收费金额"].number_format == "0.00"
    formula_like = sheet.cell(row=4, column=3)
    assert formula_like.value == '=HYPERLINK("http://example.invalid")'
    assert formula_like.data_type == "s"  # text, never a formula


def test_writing_nothing_gives_the_header_only():
    assert write_ledger_csv([]) == ("\ufeff" + HEADER + "\r\n").encode()
    assert read_ledger(write_ledger_csv([]), "台账.csv") == []
    assert read_ledger(write_ledger_xlsx([]), "台账.xlsx") == []


# --- volume ------------------------------------------------------------------------------------


def test_100000_rows_csv():
    rows = []
    for i in range(100_000):
        month = 1 + i % 12
        row = cells(
            **{
                "编号": f"2025-{i:06d}",
                "收到日期": f"2025-{month:02d}-02",
                "延期": "是" if i % 5 == 0 else "",
            }
        )
        if i % 3:
            row[LEDGER_COLUMNS.index("答复日期")] = f"2025-{month:02d}-20"
            row[LEDGER_COLUMNS.index("办理结果")] = "不予公开-4" if i % 2 else "予以公开"
        if i % 11 == 0:
            row[LEDGER_COLUMNS.index("收费金额")] = "1,200.50"
        rows.append(row)
    data = csv_bytes(rows, bom=True)
    start = time.perf_counter()
    result = read_ledger(data, "台账.csv")
    print(f"\n100,000 CSV rows read in {time.perf_counter() - start:.2f} s")
    assert len(result) == 100_000

# ruff: noqa: E501 - Chinese sample texts and expected messages stay whole
"""`gongkai import messages|enquiries FILE --agency CODE`: the docs/interfaces.md columns exactly, all or
nothing, every problem named by row and column."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongkai.interaction import states
from gongkai.interaction.message_file import (
    ENQUIRY_COLUMNS,
    MESSAGE_COLUMNS,
    MessageFileError,
    read_messages,
    write_messages_csv,
    write_messages_xlsx,
)
from gongkai.interaction.models import Enquiry, Message

pytestmark = pytest.mark.django_db

HEADER = (
    "编号,渠道,类型,收到日期,标题,内容,留言人,联系方式,同意公开,有效,无效原因,答复日期,答复内容"
)
GOOD = [
    "GD-2025-001,12345转办,投诉,2025-03-03,青山路占道经营,青山路早市占道经营影响通行,王五,13700137000,是,,,2025-03-10,已安排执法队员整治",
    "GD-2025-002,网站留言,咨询,2025-03-04,公租房申请条件,请问公租房申请需要哪些材料,,,否,是,,,",
    "GD-2025-003,领导信箱,其他,2025-03-05,测试,aaaa,,,,否,无实质内容,,",
]


def write(tmp_path, lines, name="messages.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_columns_are_the_spec_columns():
    assert ",".join(MESSAGE_COLUMNS) == HEADER
    assert ENQUIRY_COLUMNS == ("日期", "渠道", "事项", "答复")


def test_good_file_imports_every_row(tmp_path, agency, capsys):
    call_command("import", "messages", str(write(tmp_path, [HEADER, *GOOD])), agency=agency.code)
    out = capsys.readouterr().out
    assert out.strip() == "已导入 3 条留言，其中 1 条尚未答复、1 条无效留言"
    hotline, question, invalid = Message.objects.order_by("number")
    assert (hotline.channel, hotline.status, hotline.public) == ("hotline", states.CLOSED, True)
    assert hotline.public_body == "青山路早市占道经营影响通行"
    assert hotline.due_on.isoformat() == "2025-03-17"
    assert (question.type, question.consent, question.status) == ("question", False, "received")
    assert (invalid.valid, invalid.invalid_reason, invalid.due_on) == (False, "无实质内容", None)


BAD = [
    (
        "有效=否 without a reason",
        "GD-1,网站留言,投诉,2025-03-03,标题,内容,,,,否,,,",
        "第 2 行「无效原因」：有效为“否”时须填写无效原因",
    ),
    (
        "reply date without text",
        "GD-1,网站留言,投诉,2025-03-03,标题,内容,,,,,,2025-03-05,",
        "第 2 行「答复内容」：已填写答复日期，答复内容不能为空",
    ),
    (
        "reply text without date",
        "GD-1,网站留言,投诉,2025-03-03,标题,内容,,,,,,,已处理",
        "第 2 行「答复日期」：已填写答复内容，答复日期不能为空",
    ),
    (
        "date not ISO",
        "GD-1,网站留言,投诉,2025/03/03,标题,内容,,,,,,,",
        "第 2 行「收到日期」：日期格式无效：“2025/03/03”，应为 YYYY-MM-DD，例如 2025-09-26",
    ),
    (
        "unknown channel",
        "GD-1,微信,投诉,2025-03-03,标题,内容,,,,,,,",
        "第 2 行「渠道」：渠道无效：“微信”，应为 网站留言、领导信箱、电子邮件、12345转办 或 信函",
    ),
    (
        "unknown type",
        "GD-1,网站留言,表扬,2025-03-03,标题,内容,,,,,,,",
        "第 2 行「类型」：类型无效：“表扬”，应为 咨询、投诉、建议、求助 或 其他",
    ),
    (
        "yes/no",
        "GD-1,网站留言,投诉,2025-03-03,标题,内容,,,同意,,,,",
        "第 2 行「同意公开」：同意公开无效：“同意”，应填写“是”或“否”（留空为是）",
    ),
    ("empty title", "GD-1,网站留言,投诉,2025-03-03,,内容,,,,,,,", "第 2 行「标题」：不能为空"),
    (
        "reply before receipt",
        "GD-1,网站留言,投诉,2025-03-03,标题,内容,,,,,,2025-03-01,已处理",
        "第 2 行「答复日期」：答复日期（2025-03-01）早于收到日期（2025-03-03）",
    ),
]


@pytest.mark.parametrize(("case", "row", "error"), BAD, ids=[b[0] for b in BAD])
def test_bad_row_is_named_and_nothing_is_kept(tmp_path, agency, case, row, error):
    path = write(tmp_path, [HEADER, GOOD[0], row.replace("GD-1", "GD-9")])
    with pytest.raises(CommandError) as raised:
        call_command("import", "messages", str(path), agency=agency.code)
    assert (
        str(raised.value) == f"messages.csv 未导入任何记录：\n{error.replace('第 2 行', '第 3 行')}"
    )
    assert Message.objects.count() == 0


def test_duplicate_numbers_in_the_file_and_in_the_database(tmp_path, agency):
    path = write(tmp_path, [HEADER, GOOD[0], GOOD[0]])
    with pytest.raises(CommandError, match="第 3 行「编号」：编号“GD-2025-001”重复，与第 2 行相同"):
        call_command("import", "messages", str(path), agency=agency.code)
    call_command("import", "messages", str(write(tmp_path, [HEADER, GOOD[0]])), agency=agency.code)
    with pytest.raises(CommandError) as raised:
        call_command(
            "import", "messages", str(write(tmp_path, [HEADER, *GOOD])), agency=agency.code
        )
    assert str(raised.value).endswith(
        "第 2 行「编号」：编号 GD-2025-001 已存在于示范区住房和城乡建设局的留言中"
    )
    assert Message.objects.count() == 1


def test_missing_column_is_named(tmp_path, agency):
    path = write(tmp_path, [HEADER.replace(",答复内容", ""), "x"])
    with pytest.raises(CommandError, match="第 1 行「答复内容」：缺少此列"):
        call_command("import", "messages", str(path), agency=agency.code)


def test_xlsx_round_trip_of_the_export(agency):
    rows = read_messages(("\n".join([HEADER, *GOOD]) + "\n").encode(), "in.csv")
    again = read_messages(write_messages_xlsx(rows), "out.xlsx")
    assert [r[1:] for r in map(_fields, again)] == [r[1:] for r in map(_fields, rows)]
    assert read_messages(write_messages_csv(rows), "out.csv") == rows


def _fields(row):
    return (row.row, row.number, row.channel, row.type, row.received_on, row.title, row.reply)


def test_xlsx_date_serial_is_refused_with_a_hint():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(MESSAGE_COLUMNS))
    sheet.append(["GD-1", "网站留言", "投诉", 45717, "标题", "内容"])
    data = io.BytesIO()
    workbook.save(data)
    with pytest.raises(MessageFileError) as raised:
        read_messages(data.getvalue(), "m.xlsx")
    assert str(raised.value).startswith("第 2 行「收到日期」：单元格是数字 45717")


def test_enquiries_import(tmp_path, agency, capsys):
    path = write(
        tmp_path,
        [
            "日期,渠道,事项,答复",
            "2025-03-03,电话,公租房申请条件,已解答",
            "2025-03-04,网上,办事时间,",
        ],
        "enquiries.csv",
    )
    call_command("import", "enquiries", str(path), agency=agency.code)
    assert capsys.readouterr().out.strip() == "已导入 2 条咨询登记"
    assert sorted(Enquiry.objects.values_list("channel", flat=True)) == ["online", "phone"]


def test_bad_enquiry_row_imports_nothing(tmp_path, agency):
    path = write(
        tmp_path,
        ["日期,渠道,事项,答复", "2025-03-03,电话,公租房申请条件,已解答", "2025-13-01,传真,,"],
        "enquiries.csv",
    )
    with pytest.raises(CommandError) as raised:
        call_command("import", "enquiries", str(path), agency=agency.code)
    assert str(raised.value) == (
        "enquiries.csv 未导入任何记录：\n"
        "第 3 行「日期」：日期不存在：“2025-13-01”\n"
        "第 3 行「渠道」：渠道无效：“传真”，应为 电话、当面 或 网上\n"
        "第 3 行「事项」：不能为空"
    )
    assert Enquiry.objects.count() == 0


def test_unknown_agency_is_refused(tmp_path):
    with pytest.raises(CommandError, match="^机关代码 NOPE 不存在，未导入任何记录$"):
        call_command("import", "messages", str(write(tmp_path, [HEADER])), agency="NOPE")

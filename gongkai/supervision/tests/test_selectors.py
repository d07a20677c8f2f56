"""The indicators read from the database (tests/conftest.py `scenario`), October 2025,
every figure worked out by hand from the 2025 schedule."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.interaction.selectors import message_figures
from gongkai.supervision.selectors import TRACEABLE, period_indicators, trace

D = date.fromisoformat
START, END = D("2025-10-01"), D("2025-10-31")


@pytest.fixture
def october(scenario):
    return period_indicators(START, END).as_json()


def test_catalogue_of_an_agency(october):
    # 20 + 21 (国庆 inside) + 1 + 2 (worked Sat 10-11) + 1 = 45 over 5 items
    assert october["agencies"][0]["catalogue"] == {
        "published": 5,
        "late": 1,
        "average_workdays": "9.0",
        "longest_workdays": 21,
        "policies": 2,
        "policies_with_interpretation": 1,
        "unmeasured": 0,
    }


def test_catalogue_split_into_government_documents_and_other_information(october):
    kinds = october["agencies"][0]["catalogue_by_kind"]
    # documents 20 + 1 + 1 = 22 / 3 = 7.33; other 21 + 2 = 23 / 2 = 11.5
    assert (
        kinds["government_documents"]["published"],
        kinds["government_documents"]["average_workdays"],
        kinds["other_information"]["published"],
        kinds["other_information"]["average_workdays"],
        kinds["other_information"]["longest_workdays"],
    ) == (3, "7.3", 2, "11.5", 21)


def test_applications_of_an_agency(october):
    # replied: on the due day (20), a day late (21), a lapsed correction (8, clock stopped);
    # open since 08-20 (due 09-17): overdue; corrected on 10-15 (due 11-12): not yet
    assert october["agencies"][0]["applications"] == {
        "received": 1,
        "replied": 3,
        "on_time": 1,
        "on_time_denominator": 2,
        "overdue_open": 1,
        "average_workdays": "16.3",
    }


def test_appeals_count_filing_in_the_period(october):
    assert october["agencies"][0]["appeals"] == {
        "filed": 2,
        "decided": 1,
        "corrected": 1,
        "correction_rate": "100.0",
    }


def test_messages_of_an_agency(october):
    assert october["agencies"][0]["messages"] == {
        "received": 2,
        "valid": 1,
        "replied": 1,
        "on_time": 1,
        "unanswered_over_3_months": 1,
        "average_workdays": "8.0",
        "valid_replied": 1,
        "reply_rate": "100.0",
    }


def test_messages_agree_with_the_interaction_apps_own_figures(scenario):
    agency, _other = scenario
    theirs = message_figures(agency, START, END)
    mine = period_indicators(START, END, agency=agency).as_json()["agencies"][0]["messages"]
    del mine["valid_replied"], mine["reply_rate"]
    assert mine == {
        "received": theirs.received,
        "valid": theirs.valid,
        "replied": theirs.replied,
        "on_time": theirs.on_time,
        "unanswered_over_3_months": theirs.unanswered_over_3_months,
        "average_workdays": theirs.average_workdays,
    }


def test_enquiries_by_channel(october):
    assert [a["enquiries"] for a in october["agencies"]] == [
        {"phone": 1, "in_person": 0, "online": 1, "total": 2},
        {"phone": 0, "in_person": 1, "online": 0, "total": 1},
    ]


def test_total_sums_agencies_and_averages_over_all_items(october):
    # 45 + 1 = 46 working days over 6 items = 7.67
    assert (
        october["total"]["catalogue"]["published"],
        october["total"]["catalogue"]["average_workdays"],
        october["total"]["catalogue"]["longest_workdays"],
        october["total"]["enquiries"]["total"],
    ) == (6, "7.7", 21, 3)


def test_departments_split_the_agency(october):
    departments = october["agencies"][0]["departments"]
    assert [(d["name"], d["catalogue"]["published"]) for d in departments] == [
        ("建筑市场监管科", 2),
        ("机关本级（未指定科室）", 3),
    ]


def test_trace_of_late_items_lists_the_item(scenario):
    rows = trace("catalogue.late", START, END)
    assert [(r.title, r.workdays) for r in rows] == [("逾期发布的通知", 21)]


def test_trace_of_overdue_cases_lists_the_case(scenario):
    rows = trace("applications.overdue_open", START, END)
    assert [(r.title, dict(r.dates)["due_on"]) for r in rows] == [
        ("逾期未答复的申请", "2025-09-17")
    ]


def test_trace_of_unanswered_messages_lists_the_message(scenario):
    rows = trace("messages.unanswered_over_3_months", START, END)
    assert [dict(r.dates)["received_on"] for r in rows] == ["2025-07-30"]


# -- the command -----------------------------------------------------------------------------


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("supervision", "indicators", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_command_prints_the_interface_json(scenario):
    data = json.loads(_run("--government", "--from", "2025-10-01", "--to", "2025-10-31"))
    assert (
        data["period"],
        [a["code"] for a in data["agencies"]],
        data["total"]["applications"]["overdue_open"],
    ) == ({"from": "2025-10-01", "to": "2025-10-31"}, ["114410025", "114410049"], 1)


def test_command_for_one_agency(scenario):
    data = json.loads(_run("--agency", "114410049", "--from", "2025-10-01", "--to", "2025-10-31"))
    assert ([a["name"] for a in data["agencies"]], data["total"]["catalogue"]["published"]) == (
        ["示范区财政局"],
        1,
    )


def test_command_trace(scenario):
    data = json.loads(
        _run(
            "--government",
            "--from",
            "2025-10-01",
            "--to",
            "2025-10-31",
            "--trace",
            "catalogue.late",
        )
    )
    assert [(r["title"], r["workdays"]) for r in data] == [("逾期发布的通知", 21)]


REFUSALS = [
    (
        ["--government", "--from", "2025-11-01", "--to", "2025-10-31"],
        "统计起始日期（2025-11-01）不能晚于截止日期（2025-10-31）",
    ),
    (["--agency", "999", "--from", "2025-10-01", "--to", "2025-10-31"], "机关代码 999 不存在"),
    (["--government", "--from", "2025-02-30", "--to", "2025-10-31"], "日期不存在：“2025-02-30”"),
    (
        ["--government", "--from", "20251001", "--to", "2025-10-31"],
        "日期格式无效：“20251001”，应为 YYYY-MM-DD，例如 2025-09-26",
    ),
    (
        ["--government", "--from", "2025-10-01", "--to", "2025-10-31", "--trace", "x"],
        "无法追溯的指标：x；可选：" + "、".join(TRACEABLE),
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_command_refuses_bad_input_and_writes_nothing(scenario, tmp_path, args, message):
    target = tmp_path / "out.json"
    with pytest.raises(CommandError) as refused:
        _run(*args, "-o", str(target))
    assert (str(refused.value), target.exists()) == (message, False)


def test_command_writes_xlsx(scenario, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "t.xlsx"
    _run(
        "--government",
        "--from",
        "2025-10-01",
        "--to",
        "2025-10-31",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    sheet = load_workbook(target)["指标"]
    assert [sheet.cell(row=r, column=1).value for r in (5, 6, 7)] == [
        "示范区住房和城乡建设局",
        "示范区财政局",
        "合计",
    ]

"""Entering a new year's schedule from the State Council notice, and refusing bad ones.

The 2027 schedule below is test data shaped like a real notice, not the official 2027 one.
"""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from gongkai.audit.models import AuditRecord
from gongkai.workdays.models import OfficialDay, YearSchedule
from gongkai.workdays.schedule_file import ScheduleError, parse_schedule
from gongkai.workdays.selectors import get_calendar, loaded_years
from gongkai.workdays.services import ScheduleConflict, schedule_load

SCHEDULE_2027 = {
    "year": 2027,
    "notice": "测试用：国务院办公厅关于2027年部分节假日安排的通知",
    "holidays": [
        {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
        {"name": "春节", "start": "2027-02-06", "end": "2027-02-14"},
        {"name": "国庆节", "start": "2027-10-01", "end": "2027-10-07"},
    ],
    "makeup_workdays": [
        {"name": "春节", "date": "2027-02-20"},
        {"name": "国庆节", "date": "2027-09-26"},
        {"name": "国庆节", "date": "2027-10-09"},
    ],
}


def schedule_text(**changes):
    return json.dumps(SCHEDULE_2027 | changes, ensure_ascii=False)


def test_parse_expands_ranges_into_days():
    parsed = parse_schedule(schedule_text())
    holidays = [d.date for d in parsed.days if d.kind == "holiday"]
    assert (parsed.year, len(holidays), holidays[0], holidays[-1]) == (
        2027,
        19,
        date(2027, 1, 1),
        date(2027, 10, 7),
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"makeup_workdays": [{"name": "春节", "date": "2027-02-17"}]},
            "makeup_workdays[0]：2027-02-17 是工作日（星期三），调休上班日只能是星期六或星期日",
        ),
        (
            {"holidays": [{"name": "元旦", "start": "2028-01-01"}]},
            "holidays[0]：2028-01-01 不在 2027 年安排的范围内（2026-12-01 至 2027-12-31）",
        ),
        (
            {"holidays": [{"name": "春节", "start": "2027-02-30"}]},
            "holidays[0].start：日期不存在：“2027-02-30”",
        ),
        (
            {"holidays": [{"name": "春节", "start": "2027/02/06"}]},
            "holidays[0].start：日期格式无效：“2027/02/06”，应为 YYYY-MM-DD，例如 2025-09-26",
        ),
        (
            {"holidays": [{"name": "春节", "start": "2027-02-10", "end": "2027-02-06"}]},
            "holidays[0]：结束日期 2027-02-06 早于开始日期",
        ),
        (
            {
                "holidays": [
                    {"name": "元旦", "start": "2027-01-01"},
                    {"name": "元旦", "start": "2027-01-01"},
                ]
            },
            "holidays[1]：2027-01-01 重复出现",
        ),
        (
            {"makeup_workdays": [{"name": "元旦", "date": "2027-01-02"}]},
            "makeup_workdays[0]：2027-01-02 重复出现",
        ),
        ({"notice": " "}, "notice：必须填写国务院办公厅通知的名称或文号"),
        ({"year": "2027"}, "year：年份无效（'2027'），应为 1990–2200 之间的整数"),
        ({"holidays": []}, "holidays：至少应有一个法定节假日"),
        ({"holidays": [{"start": "2027-01-01"}]}, "holidays[0].name：必须写明节日名称"),
    ],
)
def test_parse_refuses_bad_schedules_naming_the_place(changes, message):
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(schedule_text(**changes))
    assert str(raised.value) == message


def test_parse_refuses_text_that_is_not_json():
    with pytest.raises(ScheduleError, match="文件不是有效的 JSON：第 1 行第 2 列"):
        parse_schedule("{year: 2027}")


def test_loading_a_new_year_makes_deadlines_into_it_computable(db):
    schedule_load(parsed=parse_schedule(schedule_text()))
    # 2026-12-20 is a Sunday: Dec 21–25 and 28–31 give 9; 元旦 2027 (Fri) is off and Jan 2–3
    # is the weekend; Jan 4–8 give 14, Jan 11–15 give 19, so the 20th is Mon Jan 18.
    assert get_calendar().add(date(2026, 12, 20), 20) == date(2027, 1, 18)


def test_loading_records_the_schedule_and_an_audit_entry(db):
    schedule_load(parsed=parse_schedule(schedule_text()))
    record = AuditRecord.objects.get(action="workdays.schedule_load")
    assert (record.target_label, record.after["notice"], len(record.after["days"])) == (
        "2027 年节假日安排",
        SCHEDULE_2027["notice"],
        22,
    )


def test_loading_a_loaded_year_again_is_refused_and_changes_nothing(db):
    schedule_load(parsed=parse_schedule(schedule_text()))
    before = (OfficialDay.objects.count(), AuditRecord.objects.count())
    with pytest.raises(ScheduleConflict, match="2027 年的节假日安排已经载入"):
        schedule_load(
            parsed=parse_schedule(schedule_text(holidays=[{"name": "元旦", "start": "2027-01-01"}]))
        )
    assert (OfficialDay.objects.count(), AuditRecord.objects.count()) == before


def test_replacing_a_year_keeps_the_old_version_in_the_audit_trail(db):
    schedule_load(parsed=parse_schedule(schedule_text()))
    corrected = schedule_text(makeup_workdays=[{"name": "春节", "date": "2027-02-20"}])
    schedule_load(parsed=parse_schedule(corrected), replace=True)
    record = AuditRecord.objects.get(action="workdays.schedule_replace")
    assert (
        len(record.before["days"]),
        len(record.after["days"]),
        OfficialDay.objects.filter(date__year=2027).count(),
    ) == (22, 20, 20)


def test_a_date_already_in_another_years_schedule_is_refused(db):
    with_new_year_eve = SCHEDULE_2027["holidays"] + [{"name": "元旦", "start": "2027-12-31"}]
    schedule_load(parsed=parse_schedule(schedule_text(holidays=with_new_year_eve)))
    notice_2028 = schedule_text(
        year=2028,
        notice="测试用：2028年安排",
        holidays=[{"name": "元旦", "start": "2027-12-31", "end": "2028-01-02"}],
        makeup_workdays=[],
    )
    with pytest.raises(ScheduleConflict) as raised:
        schedule_load(parsed=parse_schedule(notice_2028))
    assert str(raised.value) == (
        "2027-12-31 已在 2027 年安排中登记为法定节假日（放假）（元旦），未作任何更改"
    )
    assert not YearSchedule.objects.filter(year=2028).exists()


def test_migrate_seeded_every_year_the_package_carries(db):
    assert loaded_years() == list(range(2004, 2027))


def test_seeded_days_are_named_in_chinese(db):
    day = OfficialDay.objects.get(date=date(2026, 2, 17))
    assert (day.kind, day.name, day.schedule.source) == (
        "holiday",
        "春节",
        YearSchedule.Source.PACKAGE,
    )


def test_load_command_reports_what_it_loaded(db, tmp_path, capsys):
    path = tmp_path / "2027.json"
    path.write_text(schedule_text(), encoding="utf-8")
    call_command("workdays", "load", str(path))
    assert capsys.readouterr().out.strip() == (
        f"已载入 2027 年节假日安排：放假 19 天，调休上班 3 天（{SCHEDULE_2027['notice']}）"
    )


def test_load_command_refuses_a_bad_file_and_changes_nothing(db, tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(
        schedule_text(makeup_workdays=[{"name": "春节", "date": "2027-02-17"}]), encoding="utf-8"
    )
    with pytest.raises(
        CommandError, match="2027.json：makeup_workdays\\[0\\]：2027-02-17 是工作日"
    ):
        call_command("workdays", "load", str(path))
    assert not YearSchedule.objects.filter(year=2027).exists()


def test_load_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("workdays", "load", str(tmp_path / "none.json"))

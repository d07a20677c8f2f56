"""Writes to the working-day calendar: the seeded schedules and an administrator's new year."""

from __future__ import annotations

import chinese_calendar
from chinese_calendar import constants as package_days
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from gongkai.audit.services import audit_record
from gongkai.workdays.models import OfficialDay, YearSchedule
from gongkai.workdays.schedule_file import HOLIDAY, MAKEUP_WORKDAY, ParsedSchedule

# chinesecalendar names its holidays in English; staff read them in Chinese.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class ScheduleConflict(ValueError):
    """Loading would contradict a schedule already loaded; the message is for people."""


def package_years() -> list[int]:
    return sorted({day.year for day in package_days.holidays})


def schedule_seed_from_package(*, using: str = "default") -> list[int]:
    """Load every year chinesecalendar carries that is not loaded yet. Idempotent."""
    loaded = set(YearSchedule.objects.using(using).values_list("year", flat=True))
    taken = set(OfficialDay.objects.using(using).values_list("date", flat=True))
    seeded: list[int] = []
    source_note = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
    with transaction.atomic(using=using):
        for year in package_years():
            if year in loaded:
                continue
            schedule = YearSchedule.objects.using(using).create(
                year=year,
                notice=f"国务院办公厅{year}年部分节假日安排的通知（据 {source_note}）",
                source=YearSchedule.Source.PACKAGE,
            )
            days = [
                OfficialDay(
                    schedule=schedule, date=day, kind=kind, name=HOLIDAY_NAMES.get(name, name)
                )
                for table, kind in (
                    (package_days.holidays, HOLIDAY),
                    (package_days.workdays, MAKEUP_WORKDAY),
                )
                for day, name in table.items()
                # A day belongs to the year it is in; Dec 30–31 moved for the next New Year
                # stay with their own year's schedule.
                if day.year == year and day not in taken
            ]
            OfficialDay.objects.using(using).bulk_create(days)
            audit_record(
                actor=None,
                action="workdays.schedule_seed",
                target=schedule,
                after={
                    "year": year,
                    "holidays": sum(d.kind == HOLIDAY for d in days),
                    "makeup_workdays": sum(d.kind == MAKEUP_WORKDAY for d in days),
                    "source": source_note,
                },
                using=using,
            )
            seeded.append(year)
        if seeded and using == "default":
            calendar_changed()
    return seeded


def schedule_load(*, parsed: ParsedSchedule, actor=None, replace: bool = False) -> YearSchedule:
    """Load a year's schedule entered from the State Council notice.

    A year already loaded is replaced only when asked (a corrected notice), and the audit
    record keeps both versions.
    """
    with transaction.atomic():
        existing = YearSchedule.objects.select_for_update().filter(year=parsed.year).first()
        if existing is not None and not replace:
            raise ScheduleConflict(
                f"{parsed.year} 年的节假日安排已经载入（{existing.notice}）；"
                "如需按更正后的通知替换，请加 --replace"
            )
        clashes = OfficialDay.objects.filter(date__in=[d.date for d in parsed.days])
        if existing is not None:
            clashes = clashes.exclude(schedule=existing)
        clash = clashes.select_related("schedule").first()
        if clash is not None:
            raise ScheduleConflict(
                f"{clash.date.isoformat()} 已在 {clash.schedule.year} 年安排中登记为"
                f"{clash.get_kind_display()}（{clash.name}），未作任何更改"
            )
        before = None
        if existing is not None:
            before = schedule_snapshot(existing)
            existing.days.all().delete()
            schedule = existing
            schedule.notice = parsed.notice
            schedule.source = YearSchedule.Source.ADMIN
            schedule.loaded_by = actor if getattr(actor, "pk", None) else None
            schedule.save()
        else:
            schedule = YearSchedule.objects.create(
                year=parsed.year,
                notice=parsed.notice,
                source=YearSchedule.Source.ADMIN,
                loaded_by=actor if getattr(actor, "pk", None) else None,
            )
        OfficialDay.objects.bulk_create(
            OfficialDay(schedule=schedule, date=d.date, kind=d.kind, name=d.name)
            for d in parsed.days
        )
        audit_record(
            actor=actor,
            action="workdays.schedule_replace" if existing else "workdays.schedule_load",
            target=schedule,
            before=before,
            after=schedule_snapshot(schedule),
        )
        calendar_changed()
    return schedule


def calendar_changed() -> None:
    """After the schedules change (a year loaded, replaced or edited), every deadline other
    apps store is recomputed once the change is committed: an estimate (暂估) becomes the
    real date, a corrected notice moves the dates it touches. The apps that store deadlines
    are named in settings.GONGKAI_CALENDAR_CHANGED (the calendar does not import them)."""
    for path in settings.GONGKAI_CALENDAR_CHANGED:
        transaction.on_commit(import_string(path), robust=True)


def schedule_snapshot(schedule: YearSchedule) -> dict:
    return {
        "year": schedule.year,
        "notice": schedule.notice,
        "days": [
            [d.date.isoformat(), d.kind, d.name]
            for d in OfficialDay.objects.filter(schedule=schedule).order_by("date")
        ],
    }

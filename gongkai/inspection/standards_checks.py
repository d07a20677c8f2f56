"""The standard catalogue's time limits as a check: a 事项 disclosed proactively, with its
responsible agency named, that has nothing published is a gap; one whose items came out later
than its 时限 (from the day the information was formed, the item's 成文日期) is reported with
how many were late."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from django.urls import reverse

from gongkai.catalogue.selectors import public_dates_by_matter
from gongkai.inspection.models import DisclosureMatter
from gongkai.interaction.clock import months_before
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar


def late(written_on: date, published_on: date, amount: int, unit: str, calendar: Calendar) -> bool:
    if unit == "workdays":
        try:
            return calendar.between(written_on, published_on) > amount
        except ScheduleNotLoaded:
            return False
    if unit == "days":
        return published_on > written_on + timedelta(days=amount)
    if unit == "months":
        return months_before(published_on, amount) > written_on
    return False


def check_standard_gaps(agencies, today) -> list:
    from gongkai.inspection.checks import Problem

    matters = list(
        DisclosureMatter.objects.filter(agency__in=agencies, way="主动").select_related("agency")
    )
    dates = public_dates_by_matter([m.pk for m in matters])
    calendar = get_calendar()
    url = reverse("inspection:standards")
    problems = []
    for matter in matters:
        published = dates.get(matter.pk, [])
        name = f"{matter.area}·{matter.level2}"
        if not published:
            problems.append(
                Problem(
                    "standard_gap",
                    f"matter:{matter.pk}",
                    matter.agency_id,
                    f"{url}?area={quote(matter.area)}",
                    f"标准目录事项“{name}”尚未公开任何信息（时限：{matter.time_limit}）",
                )
            )
            continue
        if matter.limit_amount is None:
            continue
        overdue = [
            p for w, p in published if late(w, p, matter.limit_amount, matter.limit_unit, calendar)
        ]
        if overdue:
            problems.append(
                Problem(
                    "standard_gap",
                    f"matter-late:{matter.pk}",
                    matter.agency_id,
                    f"{url}?area={quote(matter.area)}",
                    f"标准目录事项“{name}”有{len(overdue)}条信息超过时限"
                    f"（{matter.limit_label}）公开",
                )
            )
    return problems

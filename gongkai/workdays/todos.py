"""To-dos from the calendar: the next year's schedule must be entered before deadlines
reach into it (the State Council usually publishes it in November)."""

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.workdays.selectors import loaded_years

REMIND_FROM_MONTH = 11


def calendar_todos(user, scope, today):
    del user
    if not scope.has_role(Role.ADMIN):
        return []
    from gongkai.workbench.todos import Todo

    years = set(loaded_years())
    url = reverse("admin:workdays_yearschedule_add")
    if today.year not in years:
        return [
            Todo(
                f"录入 {today.year} 年节假日安排",
                "本年度节假日安排尚未载入，所有法定期限都无法计算",
                url,
                "red",
            )
        ]
    if today.month >= REMIND_FROM_MONTH and today.year + 1 not in years:
        urgency = "red" if today.month == 12 and today.day >= 15 else "amber"
        return [
            Todo(
                f"录入 {today.year + 1} 年节假日安排",
                "国务院办公厅通知发布后请尽快录入；跨年的期限在录入前无法计算",
                url,
                urgency,
            )
        ]
    return []

"""我的待办: last year's annual report until it is published (Art. 49 deadlines)."""

from django.urls import reverse

from gongkai.accounts.models import Agency, Role
from gongkai.reports.models import PUBLIC_STATUSES, AnnualReport
from gongkai.reports.services import deadline_for

REMIND_FROM_MONTH = 1
REMIND_UNTIL_MONTH = 6


def report_todos(user, scope, today):
    if not REMIND_FROM_MONTH <= today.month <= REMIND_UNTIL_MONTH:
        return []
    from gongkai.workbench.todos import Todo

    year = today.year - 1
    done = set(
        AnnualReport.objects.filter(year=year, status__in=PUBLIC_STATUSES).values_list(
            "agency_id", flat=True
        )
    )
    todos = []
    if scope.has_role(Role.DISCLOSURE_OFFICE):
        for agency in Agency.objects.filter(pk__in=scope.agency_ids):
            if agency.pk in done:
                continue
            deadline = deadline_for(year, government=False)
            todos.append(
                Todo(
                    f"发布{agency.short_name or agency.name}{year}年度报告",
                    f"第四十九条：{deadline.month}月{deadline.day}日前发布",
                    reverse("reports:edit", args=[agency.code, year]),
                    "red" if (deadline - today).days <= 7 else "amber",
                    deadline,
                )
            )
    if scope.has_role(Role.SUPERVISING_OFFICE) and None not in done:
        deadline = deadline_for(year, government=True)
        todos.append(
            Todo(
                f"发布本级政府{year}年度报告",
                f"第四十九条：{deadline.month}月{deadline.day}日前发布",
                reverse("reports:edit", args=["government", year]),
                "red" if (deadline - today).days <= 7 else "amber",
                deadline,
            )
        )
    return todos

"""我的待办 from the catalogue: items waiting for review, and Art. 26 deadlines."""

from django.urls import NoReverseMatch, reverse

from gongkai.accounts.models import Role
from gongkai.catalogue.selectors import TIME_LIMIT, review_queue, unpublished_nearing_limit


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return "#"


def catalogue_todos(user, scope, today):
    if not scope.has_role(Role.CLERK, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.ADMIN):
        return []
    from gongkai.workbench.todos import Todo

    todos = [
        Todo(
            f"待{item.get_status_display().replace('中', '')}：{item.title}",
            f"{item.agency.short_name or item.agency.name}，成文于 {item.written_on.isoformat()}",
            _url("catalogue:item", item.pk),
            "normal",
        )
        for item in review_queue(user)[:20]
    ]
    for item, days in unpublished_nearing_limit(user, today)[:20]:
        late = days > TIME_LIMIT
        todos.append(
            Todo(
                f"公开时限：{item.title}",
                f"成文已 {days} 个工作日，"
                + ("已超过" if late else "将满")
                + "第二十六条规定的20个工作日",
                _url("catalogue:item", item.pk),
                "red" if late else "amber",
            )
        )
    return todos

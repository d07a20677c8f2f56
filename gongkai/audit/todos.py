from django.urls import reverse

from gongkai.accounts.models import Role


def audit_todos(user, scope, today):
    """No standing to-dos yet: the nightly verification mails administrators on failure."""
    del user, today
    if not scope.has_role(Role.ADMIN):
        return []
    from gongkai.audit.tasks import last_verification_failed

    if last_verification_failed():
        from gongkai.workbench.todos import Todo

        return [
            Todo(
                "审计日志校验未通过",
                "夜间校验发现审计日志被改动，请立即核查",
                reverse("audit:log"),
                "red",
            )
        ]
    return []

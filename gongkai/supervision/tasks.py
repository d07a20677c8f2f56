"""Mail for a nudge (督办提醒), sent by the task worker once the nudge is committed."""

from __future__ import annotations

from django.core.mail import send_mail
from huey.contrib.djhuey import db_task

from gongkai.accounts.models import Role, User
from gongkai.supervision.models import Nudge


def nudge_recipients(nudge: Nudge) -> list[str]:
    """The agency's disclosure office: its people with an address, and the office's own."""
    people = (
        User.objects.filter(
            roles__role=Role.DISCLOSURE_OFFICE, roles__agency_id=nudge.agency_id, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    office = [nudge.agency.office_email] if nudge.agency.office_email else []
    return sorted(set(people) | set(office))


def nudge_mail(nudge_id: int) -> int:
    nudge = Nudge.objects.select_related("agency", "sent_by").filter(pk=nudge_id).first()
    if nudge is None:
        return 0
    lines = [
        f"{nudge.agency.name}公开办：",
        f"政府信息公开工作主管部门于{nudge.sent_on.isoformat()}督办以下事项，请及时办理：",
        f"{nudge.get_kind_display()}：{nudge.subject_label}",
    ]
    if nudge.note:
        lines.append(f"督办意见：{nudge.note}")
    lines.append("请登录工作台在“我的待办”中查看并确认知悉。")
    recipients = nudge_recipients(nudge)
    for email in recipients:
        send_mail(f"督办提醒：{nudge.subject_label[:40]}", "\n".join(lines), None, [email])
    return len(recipients)


@db_task()
def nudge_mail_task(nudge_id: int) -> None:
    nudge_mail(nudge_id)

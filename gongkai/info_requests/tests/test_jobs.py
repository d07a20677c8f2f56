"""Reminders and to-dos from applications, and the letter-template admin's validation."""

from datetime import date

from django.core import mail

from gongkai.info_requests.admin import LetterTemplateForm
from gongkai.info_requests.tasks import due_reminders
from gongkai.workbench.todos import todos_for

D = date.fromisoformat


def test_reminder_lists_cases_due_soon_and_overdue(register, office):
    office.email = "gk@shifanqu.gov.cn"
    office.save()
    due_today = register(received="2025-09-26")  # due 2025-10-30
    overdue = register(received="2025-09-19")  # due 2025-10-23
    register(received="2025-10-20")  # due 2025-11-17: nothing to say yet
    sent = due_reminders(D("2025-10-30"))
    body = mail.outbox[0].body
    assert (sent, mail.outbox[0].subject, body.splitlines()) == (
        1,
        "政府信息公开申请到期提醒（2 件）",
        [
            f"{overdue.number} 张三：答复期限 2025-10-23，已超期 5 个工作日",
            f"{due_today.number} 张三：答复期限 2025-10-30，剩余 0 个工作日",
        ],
    )


def test_office_todos_show_urgent_cases_coloured(register, office):
    register(received="2025-09-26")  # due 2025-10-30
    register(received="2025-10-09")  # due 2025-11-05 (Sat 10-11 was worked)
    register(received="2025-10-20")  # due 2025-11-17: not yet a to-do
    todos = todos_for(office, D("2025-10-29"))
    assert [(t.detail, t.urgency) for t in todos] == [
        ("已登记，剩余 1 个工作日", "red"),
        ("已登记，剩余 5 个工作日", "amber"),
    ]


def test_template_with_an_unknown_placeholder_is_refused(db):
    form = LetterTemplateForm(
        data={
            "kind": "reply",
            "outcome": "",
            "title": "答复告知书",
            "number_prefix": "",
            "body": "{申请人}：{不存在的字段}",
        }
    )
    assert form.errors["body"] == ["模板中有未知占位符：{不存在的字段}"]

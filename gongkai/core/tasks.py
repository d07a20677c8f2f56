"""Nightly maintenance of the database (huey; see docs/architecture.md)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.core.services import statistics_refresh


@db_periodic_task(crontab(hour="3", minute="15"))
def statistics_refresh_nightly():
    statistics_refresh()


@db_periodic_task(crontab(hour="2", minute="0"))
def backup_nightly_task():
    """The nightly backup with retention (README "Backup and restore"); on by default with
    SQLite, by GONGKAI_BACKUP_NIGHTLY with PostgreSQL. Failures mail the administrators."""
    from django.conf import settings

    if settings.GONGKAI_BACKUP_NIGHTLY:
        backup_nightly_and_report()


def backup_nightly_and_report():
    from django.core.mail import mail_admins

    from gongkai.core.backup.services import backup_nightly

    try:
        result, _removed = backup_nightly()
    except Exception as error:  # noqa: BLE001 - whatever failed, the administrators must know
        mail_admins("夜间备份失败", f"{error.__class__.__name__}: {error}")
        return None
    if result.problems:
        mail_admins(
            "夜间备份已写入，但审计日志校验未通过",
            f"备份文件：{result.path}\n" + "\n".join(result.problems),
        )
    return result

"""Demo data for the site inspection: the standard catalogue, an inspection run over the demo
government with its findings (a veto among them), one finding already closed because the
problem was fixed before the next run, and a self-check in progress. Idempotent: nothing is
done when the demo already has an inspection run."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.inspection.models import InspectionRun
from gongkai.inspection.services import inspection_run
from gongkai.interaction.selectors import messages_unanswered_over_3_months
from gongkai.interaction.services import message_reply

RUN_AGO = timedelta(days=7)


def load_demo_inspection(today=None) -> int:
    """Returns the number of findings open after the demo's runs (0 when already loaded)."""
    if InspectionRun.objects.exists() or not Agency.objects.filter(short_name="住建局").exists():
        return 0
    today = today or timezone.localdate()
    from gongkai.demo.standards import load_demo_standards

    load_demo_standards()
    supervisor = User.objects.filter(username="zhuguan").first()
    # Last week's nightly run found the messages left unanswered for over three months.
    earlier = today - RUN_AGO
    inspection_run(actor=None, today=earlier, crawl=False)
    # Since then one office replied to the oldest one: today's run closes its finding.
    oldest = messages_unanswered_over_3_months(earlier)
    if oldest:
        office = User.objects.filter(username="admin").first()
        message_reply(
            message=oldest[0],
            actor=office,
            reply="经核实，已协调相关科室办理，现答复如下：该事项已列入本年度工作计划，"
            "将于下月底前完成。感谢您的监督。",
            replied_on=today,
        )
    outcome = inspection_run(actor=supervisor, today=today, crawl=False)
    from gongkai.demo.selfcheck import load_demo_selfcheck

    load_demo_selfcheck(today)
    return outcome.still_open

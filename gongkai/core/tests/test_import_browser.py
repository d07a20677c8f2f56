"""A disclosure office uploads a ledger in a real browser and watches its import finish."""

import threading

import pytest
from django.db import connections
from playwright.sync_api import expect

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.models import ImportJob
from gongkai.core.tests.test_import_jobs import GOOD
from gongkai.info_requests.ledger_services import ledger_import_job_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_office_uploads_a_ledger_and_sees_the_import_reach_done(
    page, live_server, agency, tmp_path
):
    office = UserFactory(username="gongkaiban")
    office.set_password("mima-1234567")
    office.save()
    role_grant(user=office, role=Role.DISCLOSURE_OFFICE, agency=agency)
    ledger = tmp_path / "登记台账.csv"
    ledger.write_text(GOOD, encoding="utf-8")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("gongkaiban")
    page.get_by_label("密码").fill("mima-1234567")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/workbench/requests/import/")
    page.get_by_label("登记台账（CSV 或 XLSX）").set_input_files(str(ledger))
    page.get_by_role("button", name="上传并导入").click()

    expect(page.get_by_role("status")).to_have_text("排队中")
    # The task worker's part, in another thread while the page refreshes itself.
    job = ImportJob.objects.get()

    def work():
        try:
            ledger_import_job_run(job.pk)
        finally:
            connections.close_all()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    expect(page.get_by_role("status")).to_have_text("已完成", timeout=15_000)
    expect(page.get_by_text("已导入 2 件申请（2025年 2 件），其中 1 件尚在办理")).to_be_visible()
    expect(page.get_by_text("已校验 2 行，已导入 2 行。")).to_be_visible()

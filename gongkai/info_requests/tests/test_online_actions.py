"""The applicant's own actions from the status page (issue 12 §1): the correction (补正,
Art. 30) sent online restarts the clock from the day it is sent; a withdrawal online closes
the case as 其他处理-3. Only the browser that unlocked the case can act on it."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.services import request_correction_notice
from gongkai.info_requests.tests.test_views import apply_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(client, agency):
    """An application sent from the portal by `client`, whose session has it unlocked."""
    client.post("/apply/", apply_data(agency))
    return InfoRequest.objects.get()


@pytest.fixture
def awaiting(applied, agency):
    office = UserFactory(username="gongkaiban")
    role_grant(user=office, role=Role.DISCLOSURE_OFFICE, agency=agency)
    today = timezone.localdate()
    request_correction_notice(
        request=applied,
        actor=office,
        notice_on=today,
        items="请写明所需信息的文件名称或文号",
        complete_by=date(today.year + 1, 12, 31),
    )
    applied.refresh_from_db()
    return applied


def test_the_status_page_asks_for_the_correction_and_shows_what_is_missing(client, awaiting):
    page = client.get(f"/apply/status/?case={awaiting.pk}").content.decode()
    assert ("在线补正" in page, "请写明所需信息的文件名称或文号" in page) == (True, True)


def test_a_correction_sent_online_restarts_the_clock_from_today(client, awaiting):
    url = reverse("info_requests:status_correction", args=[awaiting.pk])
    response = client.post(url, {"response": "所需信息为示住建〔2025〕12号文件"})
    awaiting.refresh_from_db()
    correction = awaiting.corrections.get()
    after = client.get(response["Location"]).content.decode()
    assert (
        response.status_code,
        awaiting.status,
        correction.completed_on,
        correction.response,
        awaiting.events.filter(action="correction_received").get().summary,
        "补正已提交。答复期限自今日起重新计算" in after,
    ) == (
        302,
        "in_progress",
        timezone.localdate(),
        "所需信息为示住建〔2025〕12号文件",
        "申请人在线提交补正，答复期限自收到之日起重新计算",
        True,
    )


def test_an_empty_correction_is_refused_in_chinese_and_changes_nothing(client, awaiting):
    url = reverse("info_requests:status_correction", args=[awaiting.pk])
    response = client.post(url, {"response": "  "})
    awaiting.refresh_from_db()
    assert (response.status_code, "补正内容" in response.content.decode(), awaiting.status) == (
        400,
        True,
        "awaiting_correction",
    )


def test_another_browser_cannot_act_on_the_case(agency, awaiting):
    stranger = Client()
    correction = stranger.post(
        reverse("info_requests:status_correction", args=[awaiting.pk]), {"response": "改"}
    )
    withdraw = stranger.post(
        reverse("info_requests:status_withdraw", args=[awaiting.pk]), {"confirm": "on"}
    )
    awaiting.refresh_from_db()
    assert (correction.status_code, withdraw.status_code, awaiting.status) == (
        404,
        404,
        "awaiting_correction",
    )


def test_a_withdrawal_needs_confirming(client, applied):
    response = client.post(reverse("info_requests:status_withdraw", args=[applied.pk]), {})
    applied.refresh_from_db()
    assert (response.status_code, "请勾选确认后再撤回" in response.content.decode()) == (400, True)
    assert applied.status == "registered"


def test_a_withdrawal_online_closes_the_case_as_other_3(client, applied):
    response = client.post(
        reverse("info_requests:status_withdraw", args=[applied.pk]),
        {"confirm": "on", "reason": "已从其他渠道取得"},
    )
    applied.refresh_from_db()
    after = client.get(response["Location"]).content.decode()
    assert (
        applied.status,
        applied.outcome,
        applied.closed_on,
        applied.outcome_note,
        "申请已撤回，本申请终止办理。" in after,
        "撤回申请</summary>" in after,
    ) == (
        "withdrawn",
        "other_3",
        timezone.localdate(),
        "申请人在线撤回申请：已从其他渠道取得",
        True,
        False,
    )


def test_the_receipt_names_the_case_and_its_dates_but_never_the_query_code(client, applied):
    import io
    import re

    from pypdf import PdfReader

    from gongkai.info_requests.letters import cn

    done = client.get(reverse("info_requests:apply_done")).content.decode()
    code = re.search(r'id="query-code">([^<]+)<', done)
    response = client.get(reverse("info_requests:receipt", args=[applied.pk]))
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    ).replace("\n", "")
    assert (
        response.status_code,
        "政府信息公开申请回执" in text,
        applied.number in text,
        f"本机关收到申请的日期为{cn(applied.received_on)}" in text,
        code is not None,
        bool(code) and code.group(1).replace("-", "") in text.replace("-", ""),
    ) == (200, True, True, True, True, False)


def test_a_stranger_gets_no_receipt(applied):
    assert Client().get(reverse("info_requests:receipt", args=[applied.pk])).status_code == 404

"""The work queue and the case page run the same number of SQL queries whatever the number of
rows they show: no query per case, per event or per person (no N+1).

Each page is requested once unmeasured first, so that per-process caches (the working-day
calendar) are warm, then once under `CaptureQueriesContext`. The counts are compared with
each other, never with a fixed figure, so adding a query to a page does not break these tests;
adding one per row does.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import DepartmentFactory, UserFactory
from gongkai.info_requests.services import request_assign, request_correction_notice

QUEUE = "/workbench/requests/"


def queries_for(client, url: str) -> tuple[int, str]:
    assert client.get(url).status_code == 200  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def rows_shown(page: str) -> int:
    return page.count('<tr class="level-')


@pytest.fixture
def departments(agency):
    return [DepartmentFactory(agency=agency, name=name) for name in ("城建计划科", "政策法规科")]


def register_cases(register, office, departments, start: int, count: int) -> None:
    """Cases of every kind the queue shows: with and without a department, some with their
    clock stopped by a correction notice."""
    for i in range(start, start + count):
        case = register(
            received="2025-09-26" if i % 2 else "2025-10-09",
            channel=("in_person", "letter", "online")[i % 3],
            description=f"2025年老旧小区改造项目清单（第{i}项）",
        )
        if i % 3 == 0:
            request_assign(request=case, actor=office, department=departments[i % 2])
        if i % 5 == 0:
            request_correction_notice(
                request=case,
                actor=office,
                notice_on=case.received_on,
                items="请写明所需信息的具体名称",
            )


def test_queue_queries_do_not_grow_with_its_rows(client, office, register, departments):
    client.force_login(office)
    register_cases(register, office, departments, 0, 5)
    few, page = queries_for(client, QUEUE)
    assert rows_shown(page) == 5

    register_cases(register, office, departments, 5, 55)
    many, page = queries_for(client, QUEUE)
    assert rows_shown(page) == 50  # a full page of the 60 cases
    assert "第 1 / 2 页" in page

    assert many == few


def test_case_page_queries_do_not_grow_with_its_events(
    client, agency, office, register, departments
):
    # A second member of the office, so that the timeline names more than one person.
    colleague = UserFactory(username="gongkaiban2", display_name="林晓梅")
    role_grant(user=colleague, role=Role.DISCLOSURE_OFFICE, agency=agency)
    client.force_login(office)

    quiet = register()
    busy = register(description="示范区建设大道改造工程的招标文件和中标结果")
    for i in range(29):
        request_assign(
            request=busy,
            actor=(office, colleague)[i % 2],
            department=departments[i % 2],
        )
    assert quiet.events.count() == 1
    assert busy.events.count() == 30
    assert quiet.status == busy.status  # the same actions, so the same forms, on both pages

    one, page = queries_for(client, f"/workbench/requests/{quiet.pk}/")
    assert page.count("<time ") == 1
    thirty, page = queries_for(client, f"/workbench/requests/{busy.pk}/")
    assert page.count("<time ") == 30
    assert "林晓梅" in page

    assert thirty == one

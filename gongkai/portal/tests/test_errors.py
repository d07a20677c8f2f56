"""Error pages in Chinese in every mode: 400, 403 (with the reason the code gave, in
Chinese), 404, 500 (static), and the CSRF failure; in the workbench's layout for staff."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.portal import errors
from gongkai.portal.tests.pages import squash, tree

pytestmark = pytest.mark.django_db


def heading_and_reason(response) -> tuple[int, str, str]:
    page = tree(response)
    return (
        response.status_code,
        squash(page.xpath("//h1")[0].text_content()),
        squash(page.xpath('//*[@role="alert"]')[0].text_content()),
    )


def test_an_unknown_address_gets_the_chinese_404_page(client):
    assert heading_and_reason(client.get("/no-such-page/")) == (
        404,
        "页面不存在",
        "您访问的页面不存在，或该信息未主动公开。",
    )


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (PermissionDenied("该申请属于其他机关"), "您没有权限查看此页面：该申请属于其他机关"),
        (PermissionDenied(), "您没有权限查看此页面。"),
        # Django's and libraries' own messages are English: never shown.
        (PermissionDenied("CSRF verification failed."), "您没有权限查看此页面。"),
    ],
)
def test_a_refusal_says_why_in_chinese(exception, reason):
    request = RequestFactory().get("/catalogue/")
    request.user = None
    response = errors.permission_denied(request, exception)
    assert heading_and_reason(response) == (403, "无权访问", reason)


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (Http404("没有这个公开条目"), "没有这个公开条目"),
        (Http404("No Item matches the given query."), "您访问的页面不存在，或该信息未主动公开。"),
        (Http404({"path": "/x/", "tried": []}), "您访问的页面不存在，或该信息未主动公开。"),
    ],
)
def test_a_404_shows_only_a_chinese_message(exception, reason):
    request = RequestFactory().get("/x/")
    request.user = None
    assert heading_and_reason(errors.page_not_found(request, exception)) == (
        404,
        "页面不存在",
        reason,
    )


def test_a_bad_request_gets_the_chinese_400_page():
    request = RequestFactory().get("/")
    request.user = None
    assert heading_and_reason(errors.bad_request(request, None)) == (
        400,
        "请求有误",
        "请求的内容有误，无法处理。请检查填写的内容或返回上一页重试。",
    )


def test_the_500_page_is_static_and_chinese():
    response = errors.server_error(RequestFactory().get("/"))
    assert heading_and_reason(response) == (
        500,
        "系统暂时无法处理您的请求",
        "服务器出现了内部错误，我们已记录此问题。您填写的内容可能没有保存，请稍后再试。",
    )


def test_a_form_posted_without_its_token_says_the_page_expired(agency):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/apply/", {"description": "x"})
    assert heading_and_reason(response) == (403, "页面已过期", "页面已过期，请刷新后重新提交。")


def test_staff_see_a_refusal_inside_the_workbench(client, department):
    clerk = UserFactory(username="jingban")
    role_grant(user=clerk, role=Role.CLERK, department=department)
    client.force_login(clerk)
    response = client.get("/audit/")
    page = tree(response)
    assert (
        heading_and_reason(response),
        len(page.xpath('//nav[@aria-label="工作台导航"]')),
    ) == ((403, "无权访问", "您没有权限查看此页面：只有主管部门和管理员可以查看审计日志"), 1)


def test_debug_is_off_unless_asked_for(tmp_path):
    code = "import gongkai.settings as s; print(s.DEBUG)"
    env = {"GONGKAI_DATA_DIR": str(tmp_path), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    on = subprocess.run(
        [sys.executable, "-c", code],
        env=env | {"GONGKAI_DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert (off.stdout, on.stdout) == ("False\n", "True\n")

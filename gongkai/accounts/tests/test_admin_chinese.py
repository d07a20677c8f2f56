"""The admin in Chinese, including django-axes' lockout tables, which ship no Chinese."""

import lxml.html
import pytest
from axes.models import AccessAttempt


def texts(response, xpath) -> list[str]:
    return [
        " ".join(t.split())
        for t in lxml.html.fromstring(response.content.decode()).xpath(xpath)
        if t.strip()
    ]


def test_admin_index_names_the_lockout_tables_in_chinese(admin_client):
    response = admin_client.get("/admin/")
    assert texts(
        response, '//div[contains(@class, "app-axes")]//*[self::caption or self::th]//a/text()'
    )[:4] == [
        "登录安全（失败锁定）",
        "登录失败计数（锁定）",
        "登录失败记录",
        "登录记录",
    ]


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        (
            "/admin/axes/accessattempt/",
            ["尝试时间", "IP 地址", "浏览器标识", "用户名", "访问路径", "失败次数", "状态"],
        ),
        (
            "/admin/axes/accesslog/",
            ["尝试时间", "退出时间", "IP 地址", "用户名", "浏览器标识", "访问路径"],
        ),
    ],
)
def test_lockout_tables_have_chinese_columns(admin_client, path, columns):
    AccessAttempt.objects.create(
        user_agent="Mozilla/5.0",
        ip_address="127.0.0.1",
        username="shenhe",
        http_accept="text/html",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    response = admin_client.get(path)
    assert (
        texts(response, '//table[@id="result_list"]//th[@scope="col"]//div[@class="text"]//text()')
        == columns
    )


def test_django_groups_are_not_offered(admin_client):
    assert admin_client.get("/admin/auth/group/").status_code == 404


def test_a_failed_login_count_says_how_many_tries_are_left(admin_client, settings):
    AccessAttempt.objects.create(
        user_agent="Mozilla/5.0",
        ip_address="127.0.0.1",
        username="shenhe",
        http_accept="text/html",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    response = admin_client.get("/admin/axes/accessattempt/")
    assert texts(response, '//td[@class="field-status"]/text()') == [
        f"还可尝试 {settings.AXES_FAILURE_LIMIT - 2} 次"
    ]

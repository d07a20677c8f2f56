import pytest
from django.urls import reverse

from gongkai.accounts.tests.factories import UserFactory


@pytest.fixture
def clerk(db):
    return UserFactory(username="zhangwei", display_name="张伟")


def login(client, password):
    return client.post(reverse("accounts:login"), {"username": "zhangwei", "password": password})


def test_password_is_stored_with_argon2(clerk):
    assert clerk.password.startswith("argon2$")


def test_a_right_password_opens_the_workbench(client, clerk):
    response = login(client, "Gongkai@2026")
    assert (response.status_code, response["Location"]) == (302, "/workbench/")


def test_a_wrong_password_is_answered_in_chinese(client, clerk):
    response = login(client, "wrong-password")
    assert "用户名或密码不正确。连续输错多次后账号将被暂时锁定。" in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(client, clerk):
    for _ in range(5):
        login(client, "wrong-password")
    response = login(client, "Gongkai@2026")
    assert (response.status_code, "账号已暂时锁定" in response.content.decode()) == (429, True)


def test_four_failures_do_not_lock(client, clerk):
    for _ in range(4):
        login(client, "wrong-password")
    assert login(client, "Gongkai@2026").status_code == 302


def login_via_proxy(client, password, address):
    return client.post(
        reverse("accounts:login"),
        {"username": "zhangwei", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def test_behind_the_proxy_failures_from_one_address_do_not_lock_out_another(
    client, clerk, settings
):
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.1"]
    for _ in range(5):
        login_via_proxy(client, "wrong-password", "198.51.100.7")
    locked = login_via_proxy(client, "Gongkai@2026", "198.51.100.7")
    other = login_via_proxy(client, "Gongkai@2026", "203.0.113.8")
    assert (locked.status_code, other.status_code) == (429, 302)

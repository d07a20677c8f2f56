"""The Content-Security-Policy header: on every page, with a nonce only where a page asks."""

import re

import pytest

from gongkai.core.csp import policy_header

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'"
)


@pytest.mark.parametrize("path", ["/", "/apply/status/", "/accounts/login/", "/no-such-page/"])
def test_every_page_carries_the_policy(client, path):
    assert client.get(path)["Content-Security-Policy"] == POLICY


def test_the_policy_is_the_settings_one():
    assert policy_header() == POLICY


def test_the_annual_report_page_styles_itself_with_a_nonce(client):
    from gongkai.accounts.models import Role
    from gongkai.accounts.services import role_grant
    from gongkai.accounts.tests.factories import UserFactory
    from gongkai.workdays.services import schedule_seed_from_package

    schedule_seed_from_package()
    user = UserFactory(username="guanli")
    role_grant(user=user, role=Role.ADMIN)
    client.force_login(user)

    response = client.get("/workbench/reports/government/2025/report.html")

    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    assert response["Content-Security-Policy"] == POLICY.replace(
        "style-src 'self'", f"style-src 'self' 'nonce-{nonce}'"
    )
    assert re.findall(r"<style[^>]*>", html) == [
        f'<style nonce="{nonce}">',
        f'<style media="screen and (max-width: 800px)" nonce="{nonce}">',
    ]
    assert "style=" not in html
    assert "#t3 { font-size: 9pt; }" in html

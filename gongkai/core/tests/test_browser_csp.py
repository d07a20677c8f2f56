"""Under the Content-Security-Policy, the portal, the workbench, the admin and the annual
report page load in a real browser without a single violation (an inline script or style the
policy would block, reported by the browser), and still look styled."""

import pytest
from django.http import HttpResponse
from django.urls import path as url_path
from playwright.sync_api import expect

from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation
from gongkai.portal.tests.test_browser import blocking_violations
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects what the browser reports, from before the page's own first byte runs.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

PUBLIC = [
    "/",
    "/catalogue/",
    "/guide/",
    "/apply/",
    "/apply/status/",
    "/search/?q=电梯",
    "/annual-reports/",
]
STAFF = [
    "/workbench/",
    "/workbench/catalogue/",
    "/workbench/catalogue/new/",
    "/workbench/catalogue/review/",
    "/workbench/requests/",
    "/workbench/requests/new/",
    "/workbench/requests/import/",
    "/accounts/organisation/",
    "/workdays/",
    "/audit/",
    "/system/",
    "/workbench/reports/",
    "/workbench/reports/government/2025/",
    "/workbench/reports/government/2025/report.html",
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
]


@pytest.fixture
def watched(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    tab = context.new_page()
    console = []
    tab.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab, console
    context.close()


def violations(tab, console) -> list[str]:
    return tab.evaluate("window.__csp") + console


def test_public_pages_load_without_a_policy_violation(live_server, watched):
    tab, console = watched
    schedule_seed_from_package()
    load_demo_organisation()
    seen = {}
    for path in PUBLIC:
        response = tab.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        seen[path] = violations(tab, console)
        console.clear()

    assert seen == {path: [] for path in PUBLIC}
    # The portal's stylesheet applied: the page's font is not the browser's default.
    tab.goto(f"{live_server.url}/")
    assert tab.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"


def test_staff_pages_load_without_a_policy_violation(live_server, watched):
    tab, console = watched
    schedule_seed_from_package()
    load_demo_organisation()
    tab.goto(f"{live_server.url}/accounts/login/")
    tab.get_by_label("用户名").fill("admin")
    tab.get_by_label("密码").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="登录").click()
    expect(tab).to_have_url(f"{live_server.url}/workbench/")
    seen = {}
    for path in STAFF:
        response = tab.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        seen[path] = violations(tab, console)
        console.clear()

    assert seen == {path: [] for path in STAFF}
    # The 系统状态 page is as accessible as the others.
    tab.goto(f"{live_server.url}/system/")
    assert blocking_violations(tab) == []
    # The report's generated styles applied under their nonce: table 三 is in 小五 (9 pt).
    tab.goto(f"{live_server.url}/workbench/reports/government/2025/report.html")
    assert tab.evaluate("getComputedStyle(document.getElementById('t3')).fontSize") == "12px"


def injected(request):
    return HttpResponse(
        '<!doctype html><html lang="zh-CN"><title>注入</title>'
        '<p style="color: red">红字</p><script>document.title = "已执行";</script></html>'
    )


urlpatterns = [url_path("injected/", injected)]


@pytest.mark.urls(__name__)
def test_an_injected_inline_script_and_style_are_blocked_and_reported(live_server, watched):
    tab, console = watched

    tab.goto(f"{live_server.url}/injected/")

    assert [v.split(" ")[0] for v in tab.evaluate("window.__csp")] == [
        "style-src-attr",
        "script-src-elem",
    ]
    assert tab.title() == "注入"
    assert tab.evaluate("getComputedStyle(document.querySelector('p')).color") == "rgb(0, 0, 0)"

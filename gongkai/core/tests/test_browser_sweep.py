"""A day's work in the demo, in a real browser (issue 12): a citizen on the portal and each
staff role in the workbench open every page one click from where they start, and one click
beyond, and meet no error, no debug page, no English word and no page wider than a phone.

The pages are found from the menus and the pages themselves (`sweep.py`), so an app added
later is swept as soon as it is linked. The demo is the one `gongkai demo` loads.

Screenshots of the first-level pages at 1280 and 390 px: set GONGKAI_SWEEP_SCREENSHOTS to a
folder.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.accounts.models import User
from gongkai.accounts.selectors import scope_for
from gongkai.core.tests.sweep import log_in, problems, sweep
from gongkai.demo.organisation import DEMO_PASSWORD, LOGINS
from gongkai.workbench.navigation import menu_for
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Statuses a link may answer with on purpose, by kind of address (sweep.page_kind); none yet.
INTENDED: dict[str, int] = {}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    schedule_seed_from_package()
    call_command("demo", quiet_logins=True)


def one_login_per_role() -> list[str]:
    seen: set[str] = set()
    usernames = []
    for login in LOGINS:
        if login.role not in seen:
            seen.add(login.role)
            usernames.append(login.username)
    return usernames


def test_a_days_work_in_every_role_meets_no_error_no_english_and_no_dead_end(
    live_server, browser, demo
):
    shots = os.environ.get("GONGKAI_SWEEP_SCREENSHOTS")
    known = frozenset(User.objects.values_list("username", flat=True))
    portal: set = set()  # the citizen's pages, not read again for each member of staff
    found: dict[str, list[str]] = {}
    unvisited: dict[str, list[str]] = {}
    for username in [None, *one_login_per_role()]:
        name = username or "citizen"
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        context.set_default_timeout(20_000)
        page = context.new_page()
        if username:
            log_in(page, live_server.url, username, DEMO_PASSWORD)
        result = sweep(
            page,
            live_server.url,
            "/workbench/" if username else "/",
            seen_kinds=set(portal) if username else portal,
            known=known,
            screenshot_dir=Path(shots) if shots else None,
            name=name,
        )
        context.close()
        found[name] = problems(result, INTENDED)
        visited = {v.url.removeprefix(live_server.url) for v in result.visits}
        menu = (
            [e["url"] for e in menu_for(scope_for(User.objects.get(username=username)), "/")]
            if username
            else ["/", "/catalogue/", "/guide/", "/apply/", "/apply/status/", "/annual-reports/"]
        )
        unvisited[name] = sorted(set(menu) - visited)

    assert unvisited == {name: [] for name in unvisited}
    assert found == {name: [] for name in found}

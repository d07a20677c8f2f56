"""The workbench menu marks exactly one entry as the current section."""

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.workbench.navigation import menu_for


@pytest.fixture
def admin_scope(db):
    user = UserFactory(username="guanli")
    role_grant(user=user, role=Role.ADMIN)
    return scope_for(user)


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/workbench/", ["我的待办"]),
        ("/workbench/catalogue/", ["主动公开"]),
        ("/workbench/catalogue/12/edit/", ["主动公开"]),
        ("/workbench/catalogue/review/", ["审核发布"]),
        ("/workbench/requests/7/", ["依申请公开"]),
        ("/workdays/", ["工作日历"]),
        ("/audit/", ["审计日志"]),
        ("/catalogue/", []),
    ],
)
def test_one_menu_entry_is_current(admin_scope, path, current):
    assert [e["label"] for e in menu_for(admin_scope, path) if e["active"]] == current

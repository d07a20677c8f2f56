"""Audit actions read in Chinese: in the workbench's log and in the admin."""

import lxml.html
import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import agency_create, role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.labels import ACTION_LABELS, action_label
from gongkai.demo.organisation import org_code


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("reports.publish", "发布年度报告"),
        ("info_requests.extend", "延期答复"),
        ("catalogue.item_repealed", "标记为已废止"),
        ("accounts.agency_create", "新增机关"),
        # The admin's generic edits, named from the model.
        ("info_requests.lettertemplate_update", "修改文书模板（系统管理）"),
        ("accounts.agency_delete", "删除机关（系统管理）"),
        # An action no table names yet still reads as Chinese, with its code.
        ("interaction.message_reply", "其他操作（interaction.message_reply）"),
    ],
)
def test_action_codes_have_chinese_names(code, label):
    names = {"info_requests.lettertemplate": "文书模板", "accounts.agency": "机关"}
    assert action_label(code, names) == label


def test_every_label_is_chinese():
    assert [code for code, label in ACTION_LABELS.items() if label.isascii()] == []


@pytest.fixture
def supervisor_client(client, db):
    user = UserFactory(username="zhuguan")
    role_grant(user=user, role=Role.SUPERVISING_OFFICE)
    client.force_login(user)
    return client


def test_the_log_shows_the_action_in_chinese(supervisor_client):
    agency_create(code=org_code("11441002"), name="示范区住房和城乡建设局", actor=None)
    page = supervisor_client.get("/audit/", {"action": "accounts.agency_create"}).content.decode()
    assert "<td>新增机关</td><td>示范区住房和城乡建设局</td>" in page.replace("\n", "")


def test_the_admin_lists_actions_in_chinese(admin_client):
    agency_create(code=org_code("11441002"), name="示范区住房和城乡建设局", actor=None)
    response = admin_client.get("/admin/audit/auditrecord/", {"action": "accounts.agency_create"})
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath('//td[@class="field-action_name"]/text()') == ["新增机关"]


def _action_codes_in_source() -> set[str]:
    """Every audit action the apps write with a literal code: `action="app.code"`, and the
    comment calls' `_audit(actor, "code", …)` (prefixed with `participation.`)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    codes: set[str] = set()
    for path in root.glob("*/**/*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        codes.update(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        if path.parts[-2] == "participation":
            codes.update(
                f"participation.{code}"
                for code in re.findall(r'_audit\(\s*actor,\s*"([a-z_]+)"', text)
            )
    return codes


def test_every_action_written_with_a_literal_code_has_a_chinese_name():
    codes = _action_codes_in_source()
    assert "participation.summary_publish" in codes  # the scan reads the apps' sources
    assert sorted(code for code in codes if code not in ACTION_LABELS) == []

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.catalogue import services as catalogue
from gongkai.interaction.services import message_receive


@pytest.fixture
def clerk(department):
    user = UserFactory(username="jingban", display_name="张伟")
    role_grant(user=user, role=Role.CLERK, department=department)
    return user


@pytest.fixture
def reviewer(agency):
    user = UserFactory(username="shenhe", display_name="刘芳")
    role_grant(user=user, role=Role.REVIEWER, agency=agency)
    return user


@pytest.fixture
def office(agency):
    user = UserFactory(username="gongkaiban", display_name="陈志强")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    return user


@pytest.fixture
def other_office(other_agency):
    user = UserFactory(username="caizheng", display_name="周敏")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    return user


@pytest.fixture
def supervisor(db):
    user = UserFactory(username="zhuguan", display_name="王静")
    role_grant(user=user, role=Role.SUPERVISING_OFFICE)
    return user


@pytest.fixture
def publish(agency, department, clerk, reviewer):
    """A published item, through the catalogue's services (so the trail records the day)."""

    def make(title="示范区住房和城乡建设局关于2025年老旧小区改造计划的通知", **fields):
        values = {
            "title": title,
            "doc_number": "示住建〔2025〕12号",
            "written_on": date(2025, 9, 26),
            "statutory_category": "20-3",
            "genre": "notice",
            "body": "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
        } | fields
        item = catalogue.item_create(agency=agency, department=department, actor=clerk, **values)
        catalogue.item_submit(item=item, actor=clerk)
        catalogue.item_secrecy_review(item=item, actor=reviewer, passed=True)
        other = UserFactory(username=f"shenpi{item.pk}")
        role_grant(user=other, role=Role.REVIEWER, agency=agency)
        return catalogue.item_approve(item=item, actor=other)

    return make


@pytest.fixture
def receive(agency):
    def make(received, type="complaint", **kwargs):  # noqa: A002
        message, _ = message_receive(
            agency=kwargs.pop("to", agency),
            actor=None,
            channel="website",
            type=type,
            title=kwargs.pop("title", "南湖小区夜间施工噪音扰民"),
            body="南湖小区旁工地每天夜里十一点后仍在施工，请尽快处理。",
            writer_name="张三",
            contact="13800138000",
            consent=False,
            received_on=date.fromisoformat(received),
            source="portal",
        )
        return message

    return make

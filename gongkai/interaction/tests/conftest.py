from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.interaction.services import message_receive


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
def receive(agency):
    def make(received="2025-09-26", type="complaint", consent=True, **kwargs):  # noqa: A002
        message, code = message_receive(
            agency=kwargs.pop("to", agency),
            actor=None,
            channel=kwargs.pop("channel", "website"),
            type=type,
            title=kwargs.pop("title", "南湖小区夜间施工噪音扰民"),
            body=kwargs.pop("body", "南湖小区旁工地每天夜里十一点后仍在施工，请尽快处理。"),
            writer_name=kwargs.pop("writer_name", "张三"),
            contact=kwargs.pop("contact", "13800138000"),
            consent=consent,
            received_on=date.fromisoformat(received),
            source="portal",
            **kwargs,
        )
        message.query_code = code
        return message

    return make

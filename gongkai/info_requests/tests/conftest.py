from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.info_requests.services import Applicant, request_register


@pytest.fixture
def office(agency):
    user = UserFactory(username="gongkaiban", display_name="陈志强")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    return user


@pytest.fixture
def applicant():
    return Applicant(
        type="natural_person",
        name="张三",
        phone="13800138000",
        id_document_type="居民身份证",
        id_document_number="110101199003071234",
    )


@pytest.fixture
def register(agency, office, applicant):
    def make(
        received="2025-09-26",
        channel="in_person",
        description="2025年老旧小区改造项目清单",
        **kwargs,
    ):
        day = date.fromisoformat(received)
        dates = {"in_person": {"submitted_on": day}, "letter": {"signed_on": day}}.get(
            channel, {"confirmed_on": day}
        )
        case, code = request_register(
            agency=agency,
            actor=office,
            applicant=applicant,
            channel=channel,
            description=description,
            **(dates | kwargs),
        )
        case.query_code = code
        return case

    return make

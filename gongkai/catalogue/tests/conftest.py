from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.catalogue import services as s


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
def draft(agency, department, clerk):
    def make(title="示范区住房和城乡建设局关于2025年老旧小区改造计划的通知", **fields):
        values = {
            "title": title,
            "doc_number": "示住建〔2025〕12号",
            "written_on": date(2025, 9, 26),
            "statutory_category": "20-3",
            "genre": "notice",
            "body": "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
        } | fields
        return s.item_create(agency=agency, department=department, actor=clerk, **values)

    return make


@pytest.fixture
def approved(draft, clerk, reviewer):
    """A draft taken through secrecy review, waiting for approval."""

    def make(**fields):
        item = draft(**fields)
        s.item_submit(item=item, actor=clerk)
        for finding in item.findings.all():
            s.finding_mask(finding=finding, actor=reviewer)
        s.item_secrecy_review(item=item, actor=reviewer, passed=True)
        return item

    return make

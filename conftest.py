"""Shared test fixtures. The working-day calendar is seeded by `migrate` (gongkai.core), so
every test database has the official schedules 2004–2026 from chinesecalendar."""

import pytest
from django.db import connection

from gongkai.accounts.tests.factories import (
    AgencyFactory,
    DepartmentFactory,
    UserFactory,
)


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"gongkai database backend: {engine}"


@pytest.fixture
def agency(db):
    return AgencyFactory(code="114410025", name="示范区住房和城乡建设局", short_name="住建局")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="114410049", name="示范区财政局", short_name="财政局")


@pytest.fixture
def department(agency):
    return DepartmentFactory(agency=agency, name="建筑市场监管科")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def vendor():
    return connection.vendor


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["gongkai.accounts.tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_anchor_file(settings, tmp_path):
    """Each test its own audit anchors file: an anchor written by one test's database must not
    be checked against another's."""
    settings.GONGKAI_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"

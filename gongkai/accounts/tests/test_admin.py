"""Changes made in the Django admin are audited like service writes."""

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.services import agency_create, role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.models import AuditRecord


def test_an_agency_edited_in_the_admin_is_audited_with_before_and_after(client, db):
    admin = UserFactory(username="admin", display_name="王建国")
    role_grant(user=admin, role=Role.ADMIN)
    agency = agency_create(
        code="114410025", name="示范区住房和城乡建设局", office_phone="0759-2023045"
    )
    client.force_login(admin)
    data = {
        "government": str(agency.government_id),
        "code": agency.code,
        "name": agency.name,
        "short_name": "住建局",
        "kind": "department",
        "office_phone": "0759-2999999",
        "index_pattern": "{code}/{year}-{serial:5}",
        "is_active": "on",
        "sort_order": "1",
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        "departments-MIN_NUM_FORMS": "0",
        "departments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:accounts_agency_change", args=[agency.pk]), data)
    record = AuditRecord.objects.get(action="accounts.agency_update")
    assert (
        response.status_code,
        record.actor_label,
        record.before["office_phone"],
        record.after["office_phone"],
    ) == (302, "王建国（admin）", "0759-2023045", "0759-2999999")


def test_an_index_number_pattern_without_a_serial_is_refused(client, db):
    admin = UserFactory(username="admin", display_name="王建国")
    role_grant(user=admin, role=Role.ADMIN)
    agency = agency_create(code="114410025", name="示范区住房和城乡建设局")
    client.force_login(admin)
    data = {
        "government": str(agency.government_id),
        "code": agency.code,
        "name": agency.name,
        "kind": "department",
        "index_pattern": "{code}/{year}",
        "is_active": "on",
        "sort_order": "1",
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        "departments-MIN_NUM_FORMS": "0",
        "departments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:accounts_agency_change", args=[agency.pk]), data)
    agency.refresh_from_db()
    assert (
        "索引号格式必须恰好包含一个 {serial}（序号）" in response.content.decode(),
        agency.index_pattern,
    ) == (True, "{code}/{year}-{serial:5}")

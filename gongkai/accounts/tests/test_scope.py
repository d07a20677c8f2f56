"""Roles are scoped (README): a clerk sees their department, a disclosure office its agency,
the supervising office every agency, and a person without a role nothing."""

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import agencies_visible_to, departments_visible_to, scope_for
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def org(agency, other_agency, department):
    return {
        "housing": agency,
        "finance": other_agency,
        "market": department,
        "estate": DepartmentFactory(agency=agency, name="房地产市场监管科"),
        "budget": DepartmentFactory(agency=other_agency, name="预算科"),
    }


def person(role, agency=None, department=None):
    user = UserFactory()
    role_grant(user=user, role=role, agency=agency, department=department)
    return user


def names(queryset):
    return sorted(str(x) for x in queryset)


def test_clerk_sees_only_their_department(org):
    clerk = person(Role.CLERK, department=org["market"])
    assert names(departments_visible_to(clerk)) == ["住建局 · 建筑市场监管科"]


def test_clerk_sees_their_own_agency_and_no_other(org):
    clerk = person(Role.CLERK, department=org["market"])
    assert names(agencies_visible_to(clerk)) == ["示范区住房和城乡建设局"]


def test_disclosure_office_sees_every_department_of_its_agency_only(org):
    office = person(Role.DISCLOSURE_OFFICE, agency=org["housing"])
    assert names(departments_visible_to(office)) == [
        "住建局 · 建筑市场监管科",
        "住建局 · 房地产市场监管科",
    ]


def test_supervising_office_sees_every_agency(org):
    supervisor = person(Role.SUPERVISING_OFFICE)
    assert names(agencies_visible_to(supervisor)) == ["示范区住房和城乡建设局", "示范区财政局"]


def test_a_person_without_a_role_sees_nothing(org):
    nobody = UserFactory()
    assert (names(agencies_visible_to(nobody)), names(departments_visible_to(nobody))) == ([], [])


def test_clerk_scope_filters_rows_owned_by_another_department(org):
    clerk = person(Role.CLERK, department=org["market"])
    scope = scope_for(clerk)
    assert (
        scope.sees_department(org["market"]),
        scope.sees_department(org["estate"]),
        scope.sees_department(org["budget"]),
    ) == (True, False, False)


def test_organisation_page_lists_only_what_the_role_covers(client, org):
    clerk = person(Role.CLERK, department=org["market"])
    client.force_login(clerk)
    page = client.get(reverse("accounts:organisation")).content.decode()
    assert (
        "示范区住房和城乡建设局" in page,
        "建筑市场监管科" in page,
        "房地产市场监管科" in page,
        "示范区财政局" in page,
    ) == (True, True, False, False)


def test_audit_log_is_forbidden_to_a_clerk(client, org):
    client.force_login(person(Role.CLERK, department=org["market"]))
    assert client.get(reverse("audit:log")).status_code == 403


def test_audit_log_is_open_to_the_supervising_office(client, org):
    client.force_login(person(Role.SUPERVISING_OFFICE))
    response = client.get(reverse("audit:log"))
    assert (response.status_code, "accounts.role_grant" in response.content.decode()) == (200, True)


def test_django_admin_is_closed_to_a_disclosure_office(client, org):
    client.force_login(person(Role.DISCLOSURE_OFFICE, agency=org["housing"]))
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


def test_workbench_requires_login(client, db):
    response = client.get(reverse("workbench:todo"))
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/workbench/",
    )

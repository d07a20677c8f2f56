import pytest

from gongkai.accounts.models import Agency, Role, RoleAssignment
from gongkai.accounts.orgcode import gb11714_check_char, gb32100_check_char, has_valid_check_char
from gongkai.accounts.services import OrganisationError, agency_create, role_grant
from gongkai.accounts.tests.factories import DepartmentFactory
from gongkai.audit.models import AuditRecord


def test_agency_create_records_the_agency_and_its_audit_entry(db):
    agency = agency_create(
        code="114410025", name="示范区住房和城乡建设局", office_phone="0759-2023045"
    )
    record = AuditRecord.objects.get(action="accounts.agency_create")
    assert (
        agency.government.name,
        record.target_id,
        record.after["code"],
        record.after["office_phone"],
    ) == ("本级人民政府", str(agency.pk), "114410025", "0759-2023045")


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("114410025", "重复", "机关代码 114410025 已被“示范区住房和城乡建设局”使用，未作任何更改"),
        (
            "114410025".lower() + "",
            "大小写",
            "机关代码 114410025 已被“示范区住房和城乡建设局”使用，未作任何更改",
        ),
        (
            "11441/0025",
            "斜杠",
            "机关代码无效：“11441/0025”。应为1至32位字母、数字或连字符，"
            "且以字母或数字开头（通常为9位组织机构代码或18位统一社会信用代码）",
        ),
        (
            "",
            "空",
            "机关代码无效：“”。应为1至32位字母、数字或连字符，且以字母或数字开头"
            "（通常为9位组织机构代码或18位统一社会信用代码）",
        ),
        ("114410033", "  ", "机关名称不能为空"),
        ("114410033", "局" * 101, "机关名称过长（101 字），不能超过100字"),
    ],
)
def test_agency_create_refuses_bad_input_and_changes_nothing(db, code, name, message):
    agency_create(code="114410025", name="示范区住房和城乡建设局")
    before = (Agency.objects.count(), AuditRecord.objects.count())
    with pytest.raises(OrganisationError) as raised:
        agency_create(code=code, name=name)
    assert (str(raised.value), (Agency.objects.count(), AuditRecord.objects.count())) == (
        message,
        before,
    )


def test_duplicate_code_differing_only_in_case_is_refused(db):
    agency_create(code="11441200MB2C1234X5", name="示范区甲局")
    with pytest.raises(OrganisationError, match="已被“示范区甲局”使用"):
        agency_create(code="11441200mb2c1234x5", name="示范区乙局")


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("000014349", True),  # the example in docs/law.md §6
        ("000014348", False),
        ("91350100M000100Y43", True),  # a published unified social credit code format example
        ("91350100M000100Y44", False),
        ("ABC", False),
    ],
)
def test_check_character_of_organisation_codes(code, valid):
    assert has_valid_check_char(code) is valid


def test_check_characters_are_computed_from_the_code_body():
    assert (gb11714_check_char("00001434"), gb32100_check_char("91350100M000100Y4")) == ("9", "3")


@pytest.mark.parametrize(
    ("role", "with_agency", "with_department", "message"),
    [
        (Role.CLERK, True, False, "经办人必须属于一个科室"),
        (Role.REVIEWER, False, False, "审核人必须属于一个机关"),
        (Role.DISCLOSURE_OFFICE, False, False, "公开办必须属于一个机关"),
        (Role.DISCLOSURE_OFFICE, False, True, "公开办角色按机关授予，不按科室"),
        (Role.SUPERVISING_OFFICE, True, False, "主管部门角色面向全政府，不属于某个机关或科室"),
        (Role.ADMIN, False, True, "管理员角色面向全政府，不属于某个机关或科室"),
    ],
)
def test_role_grant_refuses_a_scope_that_does_not_fit_the_role(
    user, department, role, with_agency, with_department, message
):
    with pytest.raises(OrganisationError) as raised:
        role_grant(
            user=user,
            role=role,
            agency=department.agency if with_agency else None,
            department=department if with_department else None,
        )
    assert (str(raised.value), RoleAssignment.objects.count()) == (message, 0)


def test_role_grant_refuses_a_department_of_another_agency(user, department, other_agency):
    with pytest.raises(OrganisationError, match="科室“建筑市场监管科”不属于示范区财政局"):
        role_grant(user=user, role=Role.CLERK, agency=other_agency, department=department)


def test_granting_admin_opens_the_django_admin(user):
    role_grant(user=user, role=Role.ADMIN)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, True)


def test_granting_the_same_role_twice_keeps_one_assignment(user, agency):
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_department_names_are_unique_within_an_agency(department):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DepartmentFactory(agency=department.agency, name=department.name)

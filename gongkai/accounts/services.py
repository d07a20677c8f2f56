"""Writes for organisations and people. Each one is audited in its own transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.accounts.models import Agency, Department, Government, Role, RoleAssignment, User
from gongkai.accounts.orgcode import InvalidOrgCode, validate_org_code
from gongkai.audit.services import audit_record
from gongkai.core.snapshot import snapshot

AGENCY_FIELDS = (
    "government",
    "code",
    "name",
    "short_name",
    "kind",
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "is_active",
    "index_pattern",
    "reply_sign_off_required",
    "separate_review_approval",
)
DEFAULT_GOVERNMENT_NAME = "本级人民政府"


class OrganisationError(ValueError):
    """A write that would break the organisation's rules; the message is for people."""


def government_get_or_create(*, name: str | None = None, actor: User | None = None) -> Government:
    """The government this installation serves. One installation serves one government."""
    existing = Government.objects.order_by("pk").first()
    if existing is not None:
        return existing
    with transaction.atomic():
        government = Government.objects.create(name=(name or DEFAULT_GOVERNMENT_NAME).strip())
        audit_record(
            actor=actor,
            action="accounts.government_create",
            target=government,
            after=snapshot(government, ("name", "division_code")),
        )
    return government


def agency_create(*, code: str, name: str, actor: User | None = None, **details: str) -> Agency:
    code = code.strip()
    name = name.strip()
    try:
        validate_org_code(code)
    except InvalidOrgCode as error:
        raise OrganisationError(str(error)) from None
    if not name:
        raise OrganisationError("机关名称不能为空")
    if len(name) > 100:
        raise OrganisationError(f"机关名称过长（{len(name)} 字），不能超过100字")
    existing = Agency.objects.filter(code__iexact=code).first()
    if existing is not None:
        raise OrganisationError(f"机关代码 {code} 已被“{existing.name}”使用，未作任何更改")
    unknown = set(details) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    government = government_get_or_create(actor=actor)
    agency = Agency(government=government, code=code, name=name, **details)
    try:
        agency.full_clean()
    except ValidationError as error:
        raise OrganisationError(_first_message(error)) from None
    try:
        with transaction.atomic():
            agency.save()
            audit_record(
                actor=actor,
                action="accounts.agency_create",
                target=agency,
                after=snapshot(agency, AGENCY_FIELDS),
            )
    except IntegrityError:
        raise OrganisationError(f"机关代码 {code} 已存在，未作任何更改") from None
    return agency


def department_create(*, agency: Agency, name: str, actor: User | None = None) -> Department:
    name = name.strip()
    if not name:
        raise OrganisationError("科室名称不能为空")
    if Department.objects.filter(agency=agency, name=name).exists():
        raise OrganisationError(f"{agency.name}已有名为“{name}”的科室")
    with transaction.atomic():
        department = Department.objects.create(agency=agency, name=name)
        audit_record(
            actor=actor,
            action="accounts.department_create",
            target=department,
            after={"agency": agency.pk, "name": name},
        )
    return department


def user_create(
    *,
    username: str,
    password: str,
    display_name: str,
    email: str = "",
    phone: str = "",
    actor: User | None = None,
) -> User:
    if User.objects.filter(username=username).exists():
        raise OrganisationError(f"用户名 {username} 已存在")
    with transaction.atomic():
        user = User(username=username, display_name=display_name, email=email, phone=phone)
        user.set_password(password)
        user.save()
        audit_record(
            actor=actor,
            action="accounts.user_create",
            target=user,
            after={"username": username, "display_name": display_name, "email": email},
        )
    return user


def role_grant(
    *,
    user: User,
    role: Role | str,
    agency: Agency | None = None,
    department: Department | None = None,
    actor: User | None = None,
) -> RoleAssignment:
    role = Role(role)
    if department is not None:
        if agency is not None and department.agency_id != agency.pk:
            raise OrganisationError(f"科室“{department.name}”不属于{agency.name}")
        agency = department.agency
    if role == Role.CLERK and department is None:
        raise OrganisationError("经办人必须属于一个科室")
    if role in (Role.REVIEWER, Role.DISCLOSURE_OFFICE) and agency is None:
        raise OrganisationError(f"{role.label}必须属于一个机关")
    if role == Role.DISCLOSURE_OFFICE and department is not None:
        raise OrganisationError("公开办角色按机关授予，不按科室")
    if role in (Role.SUPERVISING_OFFICE, Role.ADMIN) and (agency or department):
        raise OrganisationError(f"{role.label}角色面向全政府，不属于某个机关或科室")
    existing = RoleAssignment.objects.filter(
        user=user, role=role, agency=agency, department=department
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        assignment = RoleAssignment.objects.create(
            user=user, role=role, agency=agency, department=department
        )
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(
            actor=actor,
            action="accounts.role_grant",
            target=user,
            after={
                "role": role.value,
                "agency": getattr(agency, "pk", None),
                "department": getattr(department, "pk", None),
            },
        )
    return assignment


def role_revoke(*, assignment: RoleAssignment, actor: User | None = None) -> None:
    user = assignment.user
    with transaction.atomic():
        before = {
            "role": assignment.role,
            "agency": assignment.agency_id,
            "department": assignment.department_id,
        }
        assignment.delete()
        if before["role"] == Role.ADMIN and not user.roles.filter(role=Role.ADMIN).exists():
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(actor=actor, action="accounts.role_revoke", target=user, before=before)


def _first_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return f"{field}: {messages[0]}"
    return error.messages[0]


def administrators_mail(*, subject: str, body: str) -> int:
    """Mail the administrators (accounts.selectors.administrator_emails); returns how many
    addresses it went to (0 when nobody has one: the failure is still in the logs)."""
    from django.core.mail import send_mail

    from gongkai.accounts.selectors import administrator_emails

    recipients = administrator_emails()
    if recipients:
        send_mail(subject, body, None, recipients)
    return len(recipients)

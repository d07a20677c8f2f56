"""Reads for organisations and people, and the scope a person's roles give them.

Every other app filters by `scope_for(user)`: a clerk sees their department's work, a reviewer
or disclosure office their agency's, the supervising office and administrators the whole
government's, and anyone without a role nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Agency, Department, Role, RoleAssignment, User


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str]
    whole_government: bool
    agency_ids: frozenset[int]  # agencies seen whole (reviewer, disclosure office)
    department_ids: frozenset[int]  # departments seen (clerk, department reviewer)
    member_agency_ids: frozenset[int] = frozenset()  # agencies of those departments

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def sees_agency(self, agency_id: int) -> bool:
        """Whether the agency appears to this person at all (its name, its guide data)."""
        return (
            self.whole_government
            or agency_id in self.agency_ids
            or agency_id in self.member_agency_ids
        )

    def sees_department(self, department: Department) -> bool:
        return (
            self.whole_government
            or department.agency_id in self.agency_ids
            or department.pk in self.department_ids
        )

    def department_filter(self, prefix: str = "") -> Q:
        """A Q for rows owned by a department, given the path to it (`prefix` + department)."""
        if self.whole_government:
            return Q()
        return Q(**{f"{prefix}department__in": self.department_ids}) | Q(
            **{f"{prefix}department__agency__in": self.agency_ids}
        )

    def agency_filter(self, prefix: str = "") -> Q:
        if self.whole_government:
            return Q()
        return Q(**{f"{prefix}agency__in": self.agency_ids})


NO_SCOPE = Scope(frozenset(), False, frozenset(), frozenset())


def scope_for(user: User | None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_gongkai_scope", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    agency_ids: set[int] = set()
    department_ids: set[int] = set()
    member_agency_ids: set[int] = set()
    whole = False
    for role, agency_id, department_id in RoleAssignment.objects.filter(user=user).values_list(
        "role", "agency_id", "department_id"
    ):
        roles.add(role)
        if role in (Role.SUPERVISING_OFFICE, Role.ADMIN):
            whole = True
        elif role == Role.CLERK or (role == Role.REVIEWER and department_id):
            department_ids.add(department_id)
            member_agency_ids.add(agency_id)
        else:
            agency_ids.add(agency_id)
    if user.is_superuser:
        roles.add(Role.ADMIN)
        whole = True
    scope = Scope(
        frozenset(roles),
        whole,
        frozenset(agency_ids),
        frozenset(department_ids),
        frozenset(member_agency_ids),
    )
    user._gongkai_scope = scope
    return scope


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    scope = scope_for(user)
    agencies = Agency.objects.filter(is_active=True).select_related("government")
    if scope.whole_government:
        return agencies
    return agencies.filter(pk__in=scope.agency_ids | scope.member_agency_ids)


def departments_visible_to(user: User) -> QuerySet[Department]:
    scope = scope_for(user)
    departments = Department.objects.filter(is_active=True).select_related("agency")
    if scope.whole_government:
        return departments
    return departments.filter(Q(pk__in=scope.department_ids) | Q(agency__in=scope.agency_ids))


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code__iexact=code.strip()).first()


def administrator_emails() -> list[str]:
    """Where mail for the administrators goes: every active person with the administrator
    role and an e-mail address, and the addresses in settings.ADMINS (GONGKAI_ADMINS)."""
    from django.conf import settings

    people = (
        User.objects.filter(roles__role=Role.ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(people) | {email for _name, email in settings.ADMINS})

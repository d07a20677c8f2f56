from axes import admin as axes_admin
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from gongkai.accounts.models import Agency, Department, Government, RoleAssignment, User
from gongkai.accounts.services import AGENCY_FIELDS
from gongkai.audit.admin import AuditedModelAdmin
from gongkai.catalogue.index_numbers import InvalidPattern, validate_pattern
from gongkai.core.forms import ModelForm


@admin.register(Government)
class GovernmentAdmin(AuditedModelAdmin):
    list_display = ["name", "division_code", "supervising_office_name"]
    audit_fields = ("name", "division_code", "supervising_office_name")


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ["name", "sort_order", "is_active"]


class AgencyForm(ModelForm):
    class Meta:
        model = Agency
        fields = [*AGENCY_FIELDS, "sort_order"]

    def clean_index_pattern(self):
        pattern = self.cleaned_data["index_pattern"]
        try:
            return validate_pattern(pattern)
        except InvalidPattern as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    form = AgencyForm
    list_display = ["code", "name", "kind", "office_phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    audit_fields = AGENCY_FIELDS
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["name", "agency", "is_active"]
    list_filter = ["agency"]
    search_fields = ["name", "agency__name"]
    audit_fields = ("agency", "name", "is_active", "sort_order")


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["agency", "department"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, AuditedModelAdmin):
    list_display = ["username", "display_name", "email", "is_active", "last_login"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "email", "phone")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    audit_fields = (
        "username",
        "display_name",
        "email",
        "phone",
        "is_active",
        "is_staff",
        "is_superuser",
    )
    inlines = [RoleInline]


# django-axes' lockout tables: its admin's "status" column has no Chinese name of its own.
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description="状态")
    def status(self, obj):
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return f"还可尝试 {left} 次" if left > 0 else "已锁定"


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)

# Gongkai's roles are its own (RoleAssignment, scoped to an agency or department); Django's
# groups and permissions are unused, and their permission names are English ("Can add …").
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

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

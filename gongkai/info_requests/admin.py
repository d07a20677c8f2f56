from django import forms
from django.contrib import admin

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.core.forms import ModelForm
from gongkai.info_requests.letters import KNOWN_PLACEHOLDERS, TemplateError, check_placeholders
from gongkai.info_requests.models import InfoRequest, LetterTemplate


class LetterTemplateForm(ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["kind", "outcome", "title", "number_prefix", "body"]
        help_texts = {
            "body": "每段一行。可用占位符："
            + "、".join("{" + name + "}" for name in sorted(KNOWN_PLACEHOLDERS))
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        try:
            check_placeholders(body)
        except TemplateError as error:
            raise forms.ValidationError(str(error)) from None
        return body


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedModelAdmin):
    """Administrators edit the letters' wording; letters already issued keep theirs."""

    form = LetterTemplateForm
    list_display = ["kind", "outcome", "title", "updated"]
    audit_fields = ("kind", "outcome", "title", "number_prefix", "body")

    @admin.display(description="更新时间", ordering="updated_at")
    def updated(self, template):
        return template.updated_at


@admin.register(InfoRequest)
class InfoRequestAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the workbench's services."""

    list_display = ["number", "agency", "applicant_name", "received_on", "status", "outcome"]
    list_filter = ["agency", "status", "channel", "applicant_type"]
    search_fields = ["number", "applicant_name", "description"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

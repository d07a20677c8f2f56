from django.contrib import admin

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.interaction.models import Message, MessageSettings, ReplyTemplate


@admin.register(MessageSettings)
class MessageSettingsAdmin(AuditedModelAdmin):
    """An agency's message clock: 10 working days by default (docs/law.md §8)."""

    list_display = ["agency", "reply_days", "question_reply_days"]
    audit_fields = ("agency", "reply_days", "question_reply_days")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(AuditedModelAdmin):
    list_display = ["name", "sort_order"]
    audit_fields = ("name", "body", "sort_order")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: messages change only through the workbench's services."""

    list_display = ["number", "agency", "title", "received_on", "status"]
    list_filter = ["agency", "status", "channel", "type"]
    search_fields = ["number", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

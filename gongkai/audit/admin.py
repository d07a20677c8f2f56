from django.contrib import admin

from gongkai.audit.labels import action_label
from gongkai.audit.models import AuditRecord
from gongkai.audit.selectors import action_choices, model_names


class ActionFilter(admin.SimpleListFilter):
    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return action_choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class TargetTypeFilter(admin.SimpleListFilter):
    title = "对象类型"
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        names = model_names()
        types = AuditRecord.objects.order_by("target_type").values_list("target_type", flat=True)
        return [(code, names.get(code, code)) for code in types.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(target_type=self.value()) if self.value() else queryset


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "actor_label", "action_name", "target_label"]
    list_filter = [ActionFilter, TargetTypeFilter]
    search_fields = ["target_label", "actor_label", "action"]
    ordering = ["-seq"]

    @admin.display(description="操作", ordering="action")
    def action_name(self, record):
        return action_label(record.action, model_names())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits write audit records in the admin's own transaction.

    `audit_fields` are the fields recorded before and after; subclasses may route creation
    through a service instead by overriding `save_model`.
    """

    audit_fields: tuple[str, ...] = ()

    def _snapshot(self, obj):
        from gongkai.core.snapshot import snapshot

        return snapshot(obj, self.audit_fields) if obj is not None and obj.pk else None

    def save_model(self, request, obj, form, change):
        from gongkai.audit.services import audit_record

        before = None
        if change:
            before = self._snapshot(type(obj).objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        meta = obj._meta
        audit_record(
            actor=request.user,
            action=f"{meta.app_label}.{meta.model_name}_{'update' if change else 'create'}",
            target=obj,
            before=before,
            after=self._snapshot(obj),
        )

    def delete_model(self, request, obj):
        from gongkai.audit.services import Target, audit_record

        meta = obj._meta
        target = Target(f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(obj)[:255])
        before = self._snapshot(obj)
        super().delete_model(request, obj)
        audit_record(
            actor=request.user,
            action=f"{meta.app_label}.{meta.model_name}_delete",
            target=target,
            before=before,
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

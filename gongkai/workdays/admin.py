from django.contrib import admin

from gongkai.audit.services import audit_record
from gongkai.workdays.models import OfficialDay, YearSchedule
from gongkai.workdays.services import schedule_snapshot


class OfficialDayInline(admin.TabularInline):
    model = OfficialDay
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(YearSchedule)
class YearScheduleAdmin(admin.ModelAdmin):
    """An administrator enters a new year from the State Council notice: the days off and
    the weekend days worked, with the notice's reference. Each save is audited."""

    list_display = ["year", "notice", "source", "updated_at"]
    fields = ["year", "notice"]
    inlines = [OfficialDayInline]

    def save_model(self, request, obj, form, change):
        request._schedule_before = schedule_snapshot(obj) if change else None
        if not change:
            obj.source = YearSchedule.Source.ADMIN
            obj.loaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        schedule = form.instance
        schedule.save()  # bump updated_at so every process rebuilds its calendar
        audit_record(
            actor=request.user,
            action="workdays.schedule_update" if change else "workdays.schedule_load",
            target=schedule,
            before=request._schedule_before,
            after=schedule_snapshot(schedule),
        )

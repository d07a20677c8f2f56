from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from gongkai.audit.services import audit_record
from gongkai.workdays.models import OfficialDay, YearSchedule
from gongkai.workdays.schedule_file import ScheduleError, validate_day
from gongkai.workdays.services import calendar_changed, schedule_snapshot


class OfficialDayFormSet(BaseInlineFormSet):
    """Each day is checked against the year being entered (the same rules as a loaded file).

    The check lives here, not in OfficialDay.clean, because when a year is added the inline
    days are validated before the schedule exists; the formset's instance carries its year.
    """

    def clean(self):
        super().clean()
        year = self.instance.year
        if not year:
            return
        for form in self.forms:
            day, kind = form.cleaned_data.get("date"), form.cleaned_data.get("kind")
            if not day or not kind or form.cleaned_data.get("DELETE"):
                continue
            try:
                validate_day(year, day, kind)
            except ScheduleError as error:
                form.add_error("date", str(error))


class OfficialDayInline(admin.TabularInline):
    model = OfficialDay
    formset = OfficialDayFormSet
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
        calendar_changed()

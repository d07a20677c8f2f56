"""Forms of the supervising office's desk: every label and message in Chinese."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from gongkai.core.forms import Form, IsoDateField
from gongkai.supervision.models import Nudge

MAX_PERIOD_DAYS = 366 * 5


def default_period(today: date) -> tuple[date, date]:
    """This year so far."""
    return date(today.year, 1, 1), today


class PeriodForm(Form):
    start = IsoDateField(label="统计起始日期")
    end = IsoDateField(label="统计截止日期")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("统计起始日期不能晚于截止日期")
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError("统计期间不能超过五年")
        return data


def period_from(query) -> tuple[PeriodForm, date, date]:
    """The period asked for in the query string, or this year so far (a bad period shows its
    messages on the form and the default period below it)."""
    start, end = default_period(timezone.localdate())
    if "start" not in query and "end" not in query:
        return PeriodForm(initial={"start": start, "end": end}), start, end
    form = PeriodForm(query)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


class NudgeForm(Form):
    kind = forms.ChoiceField(label="督办事项", choices=Nudge.Kind.choices)
    subject_id = forms.IntegerField(label="事项记录", min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(
        label="督办意见", max_length=500, required=False, widget=forms.TextInput()
    )


class CircularNewForm(PeriodForm):
    pass


class CircularEditForm(Form):
    title = forms.CharField(label="标题", max_length=200)
    recipients = forms.CharField(label="主送", max_length=300, required=False)
    body = forms.CharField(
        label="正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 24})
    )


class CircularIssueForm(Form):
    issued_on = IsoDateField(label="印发日期")
    publish = forms.BooleanField(label="同时在门户网站公开", required=False)

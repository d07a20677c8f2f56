import calendar as month_layout
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gongkai.core.forms import Form, IsoDateField
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar, loaded_years, official_days_in


class DeadlineForm(Form):
    start = IsoDateField(
        label="起算日",
        earliest=date(2000, 1, 1),
        latest=date(2099, 12, 31),
        widget=forms.TextInput,
        help_text="YYYY-MM-DD，当日不计",
    )
    n = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=10000,
        error_messages={"min_value": "工作日数不能为负数"},
    )


@login_required
def calendar_page(request):
    today = timezone.localdate()
    years = loaded_years()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2099:  # the same range as DeadlineForm.start
        raise Http404("没有这一年的日历")
    cal = get_calendar()
    result = None
    error = None
    form = DeadlineForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        try:
            result = cal.add(form.cleaned_data["start"], form.cleaned_data["n"])
        except ScheduleNotLoaded as exc:
            error = str(exc)
    months = _months(year, cal) if cal.is_loaded(year) else []
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "years": years,
            "months": months,
            "form": form,
            "result": result,
            "error": error,
            "loaded": cal.is_loaded(year),
        },
    )


def _months(year, cal):
    named = official_days_in(year)
    layout = month_layout.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in layout.monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                official = named.get(day)
                kind = (
                    "makeup"
                    if official and official.kind == "makeup_workday"
                    else (
                        "off"
                        if not cal.is_workday(day) and day.weekday() < 5 or official
                        else ("weekend" if day.weekday() >= 5 else "work")
                    )
                )
                cells.append(
                    {
                        "day": day,
                        "kind": kind,
                        "title": f"{day.isoformat()} {official.name if official else ''}",
                    }
                )
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months

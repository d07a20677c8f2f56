import calendar as month_layout

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from gongkai.core.dates import InvalidDate, parse_iso_date
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import estimate_for, get_calendar, loaded_years, official_days_in


class DeadlineForm(forms.Form):
    start = forms.CharField(label="起算日", max_length=10, help_text="YYYY-MM-DD，当日不计")
    n = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=10000,
        error_messages={"min_value": "工作日数不能为负数"},
    )

    def clean_start(self):
        try:
            return parse_iso_date(self.cleaned_data["start"])
        except InvalidDate as error:
            raise forms.ValidationError(str(error)) from None


@login_required
def calendar_page(request):
    today = timezone.localdate()
    years = loaded_years()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    cal = get_calendar()
    result = None
    error = None
    estimate = None
    form = DeadlineForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        try:
            result = cal.add(form.cleaned_data["start"], form.cleaned_data["n"])
        except ScheduleNotLoaded as exc:
            error = str(exc)
            estimate = _estimate(form.cleaned_data["start"], form.cleaned_data["n"], cal)
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
            "estimate": estimate,
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


def _estimate(start, n, cal):
    """The 暂估 date beside a refusal (workdays/statutory.py); None when even that is out
    of reach."""
    try:
        return estimate_for(cal).add(start, n)
    except ScheduleNotLoaded:
        return None

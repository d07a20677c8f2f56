import calendar as month_layout
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gongkai.core.forms import Form, IsoDateField
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import estimate_for, get_calendar, loaded_years, official_days_in


class DeadlineForm(Form):
    start = IsoDateField(
        label="起算日",
        earliest=date(2000, 1, 1),
        latest=date(2099, 12, 31),
        help_text="当日不计",
    )
    n = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=10000,
        error_messages={"min_value": "工作日数不能为负数"},
    )


MONTHS = range(1, 13)
WEEKDAYS = "一二三四五六日"


def _month_of(request, today):
    """(year, month) from ?year=&month=; a bad or missing value falls back to today's."""
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2099:  # the same range as DeadlineForm.start
        raise Http404("没有这一年的日历")
    default_month = today.month if year == today.year else 1
    try:
        month = int(request.GET.get("month", default_month))
    except ValueError:
        month = default_month
    if month not in MONTHS:
        month = default_month
    return year, month


@login_required
def calendar_page(request):
    today = timezone.localdate()
    years = loaded_years()
    year, month = _month_of(request, today)
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
    loaded = cal.is_loaded(year)
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "month": month,
            "months": MONTHS,
            "weekdays": WEEKDAYS,
            "previous": previous,
            "following": following,
            "today": today,
            "years": years,
            "weeks": _weeks(year, month, cal, today) if loaded else [],
            "form": form,
            "result": result,
            "error": error,
            "estimate": estimate,
            "loaded": loaded,
        },
    )


KIND_LABELS = {"off": "放假", "makeup": "调休上班", "weekend": "周末", "work": ""}


def _weeks(year, month, cal, today):
    """The month as weeks of cells (Monday first); None pads the first and last week."""
    named = official_days_in(year)
    weeks = []
    for week in month_layout.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(None)
                continue
            official = named.get(day)
            if official and official.kind == "makeup_workday":
                kind = "makeup"
            elif official or (not cal.is_workday(day) and day.weekday() < 5):
                kind = "off"
            elif day.weekday() >= 5:
                kind = "weekend"
            else:
                kind = "work"
            cells.append(
                {
                    "day": day,
                    "kind": kind,
                    "label": KIND_LABELS[kind],
                    "name": official.name if official else "",
                    "is_today": day == today,
                }
            )
        weeks.append(cells)
    return weeks


def _estimate(start, n, cal):
    """The 暂估 date beside a refusal (workdays/statutory.py); None when even that is out
    of reach."""
    try:
        return estimate_for(cal).add(start, n)
    except ScheduleNotLoaded:
        return None

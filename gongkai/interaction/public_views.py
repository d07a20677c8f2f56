"""Public pages: the message form (留言 / 领导信箱), the writer's status page with the rating,
the list of published messages and the monthly statistics.

The form has the application form's protections: a one-time submission key (a double
submission makes one message) and a limit per address; status look-ups are rate-limited.
The portal only ever shows the masked copies a message got when the privacy guard passed it.
"""

from __future__ import annotations

import secrets

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.models import Agency
from gongkai.core import ratelimit
from gongkai.core.client_address import client_address, limit_key
from gongkai.interaction import forms as f
from gongkai.interaction import services as s
from gongkai.interaction import states
from gongkai.interaction.labels import TYPES
from gongkai.interaction.models import Message
from gongkai.interaction.selectors import message_for_writer, monthly_figures, public_messages

MESSAGES_PER_HOUR = 5
LOOKUPS_PER_HOUR = 30
SESSION_MESSAGES = "gongkai_messages"
PAGE_SIZE = 20


HOUR = 3600


def limited(key: str, limit: int) -> bool:
    """One more hit on `key` in a fixed hour, counted atomically in the store all web
    processes share (core.ratelimit); True when it is over `limit`."""
    return ratelimit.hit(key, HOUR) > limit


def _remember(request, message) -> None:
    seen = set(request.session.get(SESSION_MESSAGES, []))
    seen.add(message.pk)
    request.session[SESSION_MESSAGES] = sorted(seen)


@require_http_methods(["GET", "POST"])
def message_new(request):
    form = f.MessageForm(
        request.POST or None,
        initial={"submission_key": secrets.token_hex(16), "to": request.GET.get("to", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = client_address(request)
        # A repeat of a message already sent (same submission key) lands on it and is not
        # counted; anything else counts atomically, so simultaneous posts cannot overrun it.
        repeat = Message.objects.filter(submission_key=data["submission_key"]).exists()
        if not repeat and limited(f"message-new:{limit_key(address)}", MESSAGES_PER_HOUR):
            form.add_error(None, "同一地址一小时内提交的留言过多，请稍后再试。")
        else:
            agency, channel = form.target()
            try:
                message, code = s.message_receive(
                    agency=agency,
                    actor=None,
                    channel=channel,
                    type=data["type"],
                    title=data["title"],
                    body=data["body"],
                    writer_name=data["writer_name"],
                    contact=data["phone"],
                    consent=data["consent"],
                    source="portal",
                    submission_key=data["submission_key"],
                    submitted_from=address or None,
                )
            except s.MessageError as error:
                form.add_error(None, str(error))
            else:
                if code:
                    request.session["gongkai_new_message"] = {"pk": message.pk, "code": code}
                    _remember(request, message)
                return redirect("interaction:done")
    return render(
        request,
        "interaction/public/new.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def message_done(request):
    new = request.session.get("gongkai_new_message")
    if not new:
        return redirect("interaction:status")
    message = Message.objects.select_related("agency").filter(pk=new["pk"]).first()
    if message is None:
        return redirect("interaction:status")
    return render(
        request, "interaction/public/done.html", {"message": message, "code": new["code"]}
    )


@require_http_methods(["GET", "POST"])
def message_status(request):
    form = f.StatusForm(request.POST or None)
    message = None
    if request.method == "POST" and form.is_valid():
        if limited(f"message-lookup:{limit_key(client_address(request))}", LOOKUPS_PER_HOUR):
            form.add_error(None, "查询次数过多，请一小时后再试。")
        else:
            message = message_for_writer(form.cleaned_data["number"], form.cleaned_data["code"])
            if message is None:
                form.add_error(None, "留言编号或查询码不正确。")
            else:
                _remember(request, message)
    elif request.GET.get("m", "").isdigit():
        if int(request.GET["m"]) in request.session.get(SESSION_MESSAGES, []):
            message = (
                Message.objects.select_related("agency").filter(pk=int(request.GET["m"])).first()
            )
    return _status_page(
        request, form, message, status=400 if form.is_bound and form.errors else 200
    )


def _status_page(request, form, message, *, rate_form=None, status=200):
    context = {"form": form, "message": message}
    if message is not None:
        context |= {
            "events": message.events.filter(public=True).order_by("on", "pk"),
            "status_label": states.STATUS_LABELS[message.status],
            "rate_form": rate_form or f.RateForm(),
            "can_rate": message.status == states.REPLIED,
        }
    return render(request, "interaction/public/status.html", context, status=status)


@require_POST
def message_rate(request, pk: int):
    if pk not in request.session.get(SESSION_MESSAGES, []):
        raise Http404("没有这条留言")
    message = Message.objects.select_related("agency").get(pk=pk)
    rate_form = f.RateForm(request.POST)
    if rate_form.is_valid():
        try:
            s.message_rate(message=message, satisfaction=rate_form.cleaned_data["satisfaction"])
        except s.MessageError as error:
            rate_form.add_error(None, str(error))
        else:
            return redirect(f"{_status_url()}?m={pk}")
    return _status_page(request, f.StatusForm(), message, rate_form=rate_form, status=400)


def _status_url():
    from django.urls import reverse

    return reverse("interaction:status")


def message_list(request):
    agency_id = request.GET.get("agency", "")
    agency_id = int(agency_id) if agency_id.isdigit() else None
    page = Paginator(public_messages(agency_id), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/public/list.html",
        {
            "page": page,
            "agencies": Agency.objects.filter(is_active=True),
            "agency_id": agency_id,
            "types": TYPES,
        },
    )


def message_public(request, pk: int):
    message = public_messages().filter(pk=pk, public=True).first()
    if message is None:
        raise Http404("没有这条公开留言")
    return render(request, "interaction/public/detail.html", {"message": message})


def _recent_months(count: int = 24) -> list[tuple[str, str]]:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1
    months = []
    for back in range(count):
        year, month = divmod(index - back, 12)
        months.append((f"{year:04d}-{month + 1:02d}", f"{year}年{month + 1}月"))
    return months


def message_statistics(request):
    form = f.MonthForm(request.GET or None)
    if form.is_valid():
        year, month = form.cleaned_data["month"]
    else:
        today = timezone.localdate()
        year, month = today.year, today.month
    rows = monthly_figures(year, month)
    return render(
        request,
        "interaction/public/statistics.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "rows": rows[:-1],
            "total": rows[-1][1],
            "value": f"{year:04d}-{month:02d}",
            "months": _recent_months(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )

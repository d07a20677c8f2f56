"""Public pages: the online application form (Art. 29) and the applicant's status page.

The status page is reached only with the tracking number and the secret query code; once
they match, the case is remembered in the visitor's session so its letters can be downloaded.
A wrong number and a wrong code get the same answer.

Limits (docs/architecture.md "Applicants" gives the reasoning and the figures), all counted
atomically in the store every worker shares (`core.ratelimit`), keyed on the client address
behind trusted proxies (`core.client_address`):

- applications: 5 new cases an hour per address;
- query-code look-ups: 30 an hour and 100 a day per address; per address *and* number, 5 tries
  (1 while the number is being guessed at from many addresses), then a wait before each
  further try that doubles every time (1 minute, 2, 4, … up to a day). Nothing blocks a
  number for everyone, so no one can lock an applicant out of their own case: the
  applicant's own address always has its first try.

A repeated submission — the same submission key, or the same applicant with the same text
within ten minutes (back, then submit again) — lands on the existing case. The query code is
shown once, on the done page; to the browser that submitted, it is shown again after a repeated
submission for 30 minutes (a lost reply must not strand the applicant). The plain code is
never stored: the session keeps it sealed with a key that only the browser holds (a cookie),
so neither the database nor the cookie alone reveals it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_http_methods

from gongkai.core import ratelimit
from gongkai.core.client_address import client_address, limit_key
from gongkai.info_requests import services as s
from gongkai.info_requests import states
from gongkai.info_requests.disclosure_services import files_for_applicant
from gongkai.info_requests.forms import (
    ApplyForm,
    OnlineCorrectionForm,
    OnlineWithdrawForm,
    StatusForm,
)
from gongkai.info_requests.models import DisclosedFile, InfoRequest, Letter
from gongkai.info_requests.selectors import case_for_applicant
from gongkai.info_requests.views import disclosed_file_response, letter_response

HOUR = 3600
DAY = 24 * HOUR
SUBMISSIONS_PER_HOUR = 5
REPEAT_WINDOW = 10 * 60  # same applicant, same text: the same application
LOOKUPS_PER_HOUR = 30
LOOKUPS_PER_DAY = 100
TRIES_PER_CASE = 5  # per address and number before the back-off starts
TRIES_PER_CASE_UNDER_ATTACK = 1
ATTACK_FAILURES_PER_DAY = 20  # wrong codes for one number from all addresses in a day
TRIES_WINDOW = 30 * DAY
FIRST_WAIT = 60
LONGEST_WAIT = DAY
CODE_KEPT = 30 * 60

SESSION_CASES = "gongkai_cases"
SESSION_CODES = "gongkai_codes"
SESSION_NEW = "gongkai_new_case"
SEAL_COOKIE = "gongkai_seal"


# -- the sealed code -------------------------------------------------------------------------


def _seal_key(request) -> str:
    key = request.COOKIES.get(SEAL_COOKIE, "")
    if len(key) != 32 or not all(c in "0123456789abcdef" for c in key):
        key = getattr(request, "_gongkai_seal", "") or secrets.token_hex(16)
    request._gongkai_seal = key
    return key


def _keystream(key: str, nonce: bytes, length: int) -> bytes:
    return hmac.new(bytes.fromhex(key), nonce, hashlib.sha256).digest()[:length]


def _keep_code(request, number: str, code: str) -> None:
    nonce = secrets.token_bytes(16)
    stream = _keystream(_seal_key(request), nonce, len(code))
    sealed = bytes(a ^ b for a, b in zip(code.encode(), stream, strict=True))
    codes = _fresh_codes(request)
    codes[number] = {"nonce": nonce.hex(), "sealed": sealed.hex(), "at": time.time()}
    request.session[SESSION_CODES] = codes


def _kept_code(request, number: str) -> str | None:
    entry = _fresh_codes(request).get(number)
    key = request.COOKIES.get(SEAL_COOKIE, "")
    if entry is None or len(key) != 32:
        return None
    try:
        sealed = bytes.fromhex(entry["sealed"])
        stream = _keystream(key, bytes.fromhex(entry["nonce"]), len(sealed))
        code = bytes(a ^ b for a, b in zip(sealed, stream, strict=True)).decode("ascii")
    except (ValueError, KeyError, UnicodeDecodeError):
        return None
    return code if code.isalnum() else None


def _fresh_codes(request) -> dict:
    now = time.time()
    codes = request.session.get(SESSION_CODES, {})
    fresh = {n: e for n, e in codes.items() if now - e.get("at", 0) < CODE_KEPT}
    if fresh != codes:
        request.session[SESSION_CODES] = fresh
    return fresh


def _with_seal_cookie(request, response):
    """The browser keeps the sealing key for a while after each visit of the form: longer than
    filling it in plus the 30 minutes the code is kept."""
    response.set_cookie(
        SEAL_COOKIE,
        getattr(request, "_gongkai_seal", None) or _seal_key(request),
        max_age=4 * HOUR,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
        path="/apply/",
    )
    return response


def display_code(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four are easier to copy down."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


# -- applying --------------------------------------------------------------------------------


def _repeat_name(agency_id: int, data: dict) -> str:
    """Who applies for what, as a digest: the same person with the same text is the same
    application for REPEAT_WINDOW."""
    parts = [
        str(agency_id),
        data["applicant_type"],
        " ".join(data["applicant_name"].split()),
        data["id_document_type"],
        data["id_document_number"],
        " ".join(data["description"].split()),
    ]
    digest = salted_hmac("gongkai.info_requests.repeat", "\x1f".join(parts)).hexdigest()
    return f"apply-repeat:{digest}"


TOO_LARGE = (
    "提交的内容过大，无法处理：表单文字合计不能超过 2 MB，身份证明材料不能超过 5 MB。"
    "请删减后重新填写提交。"
)


def _too_large(request) -> bool:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (or with too many fields) cannot be read:
    answer with the form and a message instead of Django's 400 page."""
    if request.method != "POST":
        return False
    try:
        request.POST  # noqa: B018 - parsing is what may fail
        request.FILES  # noqa: B018
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        return True
    return False


@require_http_methods(["GET", "POST"])
def apply_page(request):
    too_large = _too_large(request)
    form = ApplyForm(
        None if too_large else request.POST or None,
        None if too_large else request.FILES or None,
        initial={"submission_key": secrets.token_hex(16), "agency": request.GET.get("agency")},
    )
    # The session and the sealing key exist before the form is posted, so that a reply lost
    # on the way back still finds this browser's code when the form is posted again.
    request.session.setdefault("gongkai_apply", 1)
    _seal_key(request)
    if request.method == "POST" and form.is_valid():
        outcome = _submit(request, form)
        if outcome is not None:
            return _with_seal_cookie(request, redirect("info_requests:apply_done"))
    response = render(
        request,
        "info_requests/public/apply.html",
        {"form": form, "too_large": TOO_LARGE if too_large else ""},
        status=413 if too_large else 400 if form.is_bound and form.errors else 200,
    )
    return _with_seal_cookie(request, response)


def _submit(request, form) -> InfoRequest | None:
    data = form.cleaned_data
    agency = data["agency"]
    address = client_address(request)
    own_key = data["submission_key"]
    key = ratelimit.claim(_repeat_name(agency.pk, data), own_key, REPEAT_WINDOW)
    existing = (
        InfoRequest.objects.filter(agency=agency, submission_key__in={own_key, key})
        .order_by("pk")
        .first()
    )
    if existing is not None:
        _land(request, existing, code="")
        return existing
    if ratelimit.hit(f"apply:{limit_key(address)}", HOUR) > SUBMISSIONS_PER_HOUR:
        form.add_error(None, "同一地址一小时内提交的申请过多，请稍后再试。")
        return None
    today = timezone.localdate()
    try:
        case, code = s.request_register(
            agency=agency,
            actor=None,
            applicant=s.Applicant(
                type=data["applicant_type"],
                name=data["applicant_name"],
                contact_person=data["contact_person"],
                id_document_type=data["id_document_type"],
                id_document_number=data["id_document_number"],
                phone=data["phone"],
                email=data["email"],
                address=data["address"],
                postcode=data["postcode"],
            ),
            channel="online",
            description=data["description"],
            submitted_on=today,
            confirmed_on=today,
            doc_numbers=data["doc_numbers"],
            delivery_form=data["delivery_form"],
            delivery_way=data["delivery_way"],
            source="portal",
            submission_key=key,
            id_proof=data["id_proof"],
            submitted_from=address,
        )
    except s.RequestError as error:
        form.add_error(None, str(error))
        return None
    _land(request, case, code=code)
    return case


def _land(request, case: InfoRequest, *, code: str) -> None:
    """After a submission, new or repeated: what the done page will show this browser."""
    if code:
        _keep_code(request, case.number, code)
    kept = code or _kept_code(request, case.number)
    if kept:
        _remember(request, case)
    request.session[SESSION_NEW] = {
        "number": case.number,
        "show_code": bool(kept),
        "repeat": not code,
    }


def done_page(request):
    new = request.session.get(SESSION_NEW)
    if not new:
        return redirect("info_requests:status")
    case = (
        InfoRequest.objects.select_related("agency")
        .filter(number=new["number"], query_code_hash__gt="")
        .first()
    )
    if case is None:
        return redirect("info_requests:status")
    code = _kept_code(request, case.number) if new.get("show_code") else None
    if new.get("show_code"):
        request.session[SESSION_NEW] = new | {"show_code": False}
    own = case.pk in request.session.get(SESSION_CASES, [])
    return render(
        request,
        "info_requests/public/done.html",
        {
            "case": case,
            "code": display_code(code) if code else "",
            "repeat": new.get("repeat", False),
            "own": own,
        },
    )


def _remember(request, case) -> None:
    seen = set(request.session.get(SESSION_CASES, []))
    seen.add(case.pk)
    request.session[SESSION_CASES] = sorted(seen)


# -- the status page -------------------------------------------------------------------------


def _minutes(seconds: float) -> int:
    return max(1, int(-(-seconds // 60)))


def _lookup_refusal(address: str, number: str) -> str | None:
    """Counts this try against every limit; the refusal to show if one is exceeded."""
    pair = f"{address}|{number}"
    waiting = ratelimit.expires_in(f"lookup-wait:{pair}")
    if waiting > 0:
        return f"该申请编号的查询尝试过多，请于{_minutes(waiting)}分钟后再试。"
    if ratelimit.hit(f"lookup-hour:{address}", HOUR) > LOOKUPS_PER_HOUR:
        return "查询次数过多，请一小时后再试。"
    if ratelimit.hit(f"lookup-day:{address}", DAY) > LOOKUPS_PER_DAY:
        return "今天的查询次数过多，请明天再试。"
    tries = ratelimit.hit(f"lookup-tries:{pair}", TRIES_WINDOW)
    under_attack = ratelimit.peek(f"lookup-fail:{number}") >= ATTACK_FAILURES_PER_DAY
    free = TRIES_PER_CASE_UNDER_ATTACK if under_attack else TRIES_PER_CASE
    if tries >= free:  # this try is allowed; the next waits, twice as long each time
        wait = min(FIRST_WAIT * 2 ** (tries - free), LONGEST_WAIT)
        if not ratelimit.acquire(f"lookup-wait:{pair}", wait):
            waiting = ratelimit.expires_in(f"lookup-wait:{pair}")
            return f"该申请编号的查询尝试过多，请于{_minutes(waiting)}分钟后再试。"
    return None


@require_http_methods(["GET", "POST"])
def status_page(request):
    too_large = _too_large(request)
    form = StatusForm(None if too_large else request.POST or None)
    case = None
    if request.method == "POST" and not too_large and form.is_valid():
        number, code = form.cleaned_data["number"], form.cleaned_data["code"]
        address = limit_key(client_address(request))
        refusal = _lookup_refusal(address, number)
        if refusal:
            form.add_error(None, refusal)
        else:
            case = case_for_applicant(number, code)
            if case is None:
                ratelimit.hit(f"lookup-fail:{number}", DAY)
                form.add_error(None, "申请编号或查询码不正确。")
            else:
                ratelimit.clear(f"lookup-tries:{address}|{number}")
                ratelimit.clear(f"lookup-wait:{address}|{number}")
                _remember(request, case)
    elif request.GET.get("case"):
        wanted = request.GET["case"]
        if wanted.isdigit() and int(wanted) in request.session.get(SESSION_CASES, []):
            case = InfoRequest.objects.select_related("agency").get(pk=int(wanted))
    context = {
        "form": form,
        "case": case,
        "too_large": "提交的内容过大，无法处理：请只填写申请编号和查询码。" if too_large else "",
    }
    if case is not None:
        context |= _case_context(case, request.GET.get("done", ""))
    return render(
        request,
        "info_requests/public/status.html",
        context,
        status=413 if too_large else 400 if form.is_bound and form.errors else 200,
    )


DONE_NOTICES = {
    "correction": "补正已提交。答复期限自今日起重新计算，请留意办理进度。",
    "withdraw": "申请已撤回，本申请终止办理。",
}


def _case_context(case, done: str = "", correction_form=None, withdraw_form=None) -> dict:
    awaiting = case.status == states.AWAITING_CORRECTION
    withdrawable = "withdraw" in states.allowed_actions(case.status)
    return {
        "events": case.events.filter(public=True).order_by("on", "pk"),
        "letters": case.letters.filter(for_applicant=True).order_by("issued_on", "pk"),
        "files": files_for_applicant(case),
        "status_label": states.STATUS_LABELS[case.status],
        "done_notice": DONE_NOTICES.get(done, ""),
        "correction": case.corrections.filter(completed_on__isnull=True).last()
        if awaiting
        else None,
        "correction_form": (correction_form or OnlineCorrectionForm()) if awaiting else None,
        "withdraw_form": (withdraw_form or OnlineWithdrawForm()) if withdrawable else None,
    }


def _unlocked_case(request, pk: int) -> InfoRequest:
    """A case this browser unlocked with its number and query code (or just submitted)."""
    if pk not in request.session.get(SESSION_CASES, []):
        raise Http404("请先凭申请编号和查询码查询该申请")
    return get_object_or_404(InfoRequest.objects.select_related("agency"), pk=pk)


def _status_again(request, case, *, correction_form=None, withdraw_form=None, error=""):
    context = {"form": StatusForm(), "case": case, "action_error": error}
    context |= _case_context(case, "", correction_form, withdraw_form)
    return render(request, "info_requests/public/status.html", context, status=400)


@require_http_methods(["POST"])
def status_correction(request, pk: int):
    """The applicant sends the correction online (Art. 30); then back to the status page."""
    case = _unlocked_case(request, pk)
    form = OnlineCorrectionForm(request.POST)
    if not form.is_valid():
        return _status_again(request, case, correction_form=form)
    try:
        s.request_correction_submit_online(request=case, response=form.cleaned_data["response"])
    except s.RequestError as error:
        return _status_again(request, case, correction_form=form, error=str(error))
    return redirect(f"{reverse('info_requests:status')}?case={case.pk}&done=correction")


@require_http_methods(["POST"])
def status_withdraw(request, pk: int):
    """The applicant withdraws online; then back to the status page."""
    case = _unlocked_case(request, pk)
    form = OnlineWithdrawForm(request.POST)
    if not form.is_valid():
        return _status_again(request, case, withdraw_form=form)
    try:
        s.request_withdraw_online(request=case, reason=form.cleaned_data["reason"])
    except s.RequestError as error:
        return _status_again(request, case, withdraw_form=form, error=str(error))
    return redirect(f"{reverse('info_requests:status')}?case={case.pk}&done=withdraw")


def status_file(request, pk: int):
    """A file provided with a granted or partly granted reply, for the browser that unlocked
    the case (disclosure_services.files_for_applicant)."""
    disclosed = get_object_or_404(DisclosedFile.objects.select_related("request"), pk=pk)
    if disclosed.request_id not in request.session.get(SESSION_CASES, []):
        raise Http404("没有这个文件")
    if not files_for_applicant(disclosed.request).filter(pk=pk).exists():
        raise Http404("没有这个文件")
    return disclosed_file_response(disclosed)


def status_receipt(request, pk: int):
    """The receipt (回执) as a PDF, for the browser that submitted or unlocked the case."""
    from django.http import HttpResponse

    from gongkai.info_requests.documents import render_pdf
    from gongkai.info_requests.letters import receipt_content

    case = _unlocked_case(request, pk)
    response = HttpResponse(render_pdf(receipt_content(case)), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=receipt-{case.number}.pdf"
    response["Cache-Control"] = "private, no-store"
    return response


def status_letter(request, pk: int, fmt: str):
    letter = get_object_or_404(Letter, pk=pk, for_applicant=True)
    if letter.request_id not in request.session.get(SESSION_CASES, []):
        raise Http404("没有这份文书")
    return letter_response(letter, fmt)

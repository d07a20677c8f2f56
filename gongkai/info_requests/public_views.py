"""Public pages: the online application form (Art. 29) and the applicant's status page.

The status page is reached only with the tracking number and the secret query code; once
they match, the case is remembered in the visitor's session so its letters can be downloaded.
A wrong number and a wrong code get the same answer, and lookups are rate-limited.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django import forms
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.accounts.models import Agency
from gongkai.info_requests import services as s
from gongkai.info_requests import states
from gongkai.info_requests.forms import ApplicantFields
from gongkai.info_requests.idproof import IdProofError, check_id_number, check_upload
from gongkai.info_requests.models import InfoRequest, Letter
from gongkai.info_requests.selectors import case_for_applicant
from gongkai.info_requests.views import letter_response

SUBMISSIONS_PER_HOUR = 5
LOOKUPS_PER_HOUR = 30
SESSION_CASES = "gongkai_cases"


class ApplyForm(ApplicantFields):
    agency = forms.ModelChoiceField(
        label="向哪个机关申请", queryset=Agency.objects.none(), empty_label="请选择机关"
    )
    id_proof = forms.FileField(label="身份证明材料（图片或 PDF，不超过 5 MB）")
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(label="我确认以上信息真实有效")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["id_document_type"].required = True
        self.fields["id_document_number"].required = True

    def clean_id_proof(self):
        upload = self.cleaned_data["id_proof"]
        try:
            check_upload(upload)
        except IdProofError as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self):
        data = super().clean()
        if data.get("id_document_type") == "居民身份证" and data.get("id_document_number"):
            try:
                check_id_number(data["id_document_number"])
            except IdProofError as error:
                self.add_error("id_document_number", str(error))
        return data


class StatusForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=60)
    code = forms.CharField(label="查询码", max_length=20)


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _limited(key: str, limit: int) -> bool:
    """A fixed one-hour window per key in the cache (shared cache in production)."""
    added = cache.add(key, 0, timeout=3600)
    del added
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


@require_http_methods(["GET", "POST"])
def apply_page(request):
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        initial={"submission_key": secrets.token_hex(16), "agency": request.GET.get("agency")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recent = (
            InfoRequest.objects.filter(
                submitted_from=_client_address(request),
                created_at__gte=timezone.now() - timedelta(hours=1),
            )
            .exclude(submission_key=data["submission_key"])
            .count()
        )
        if recent >= SUBMISSIONS_PER_HOUR:
            form.add_error(None, "同一地址一小时内提交的申请过多，请稍后再试。")
        else:
            today = timezone.localdate()
            try:
                case, code = s.request_register(
                    agency=data["agency"],
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
                    submission_key=data["submission_key"],
                    id_proof=data["id_proof"],
                    submitted_from=_client_address(request),
                )
            except s.RequestError as error:
                form.add_error(None, str(error))
            else:
                if code:
                    request.session["gongkai_new_case"] = {"number": case.number, "code": code}
                    _remember(request, case)
                return redirect("info_requests:apply_done")
    return render(
        request,
        "info_requests/public/apply.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def done_page(request):
    new = request.session.get("gongkai_new_case")
    if not new:
        return redirect("info_requests:status")
    case = InfoRequest.objects.select_related("agency").get(
        number=new["number"], query_code_hash__gt=""
    )
    return render(request, "info_requests/public/done.html", {"case": case, "code": new["code"]})


def _remember(request, case) -> None:
    seen = set(request.session.get(SESSION_CASES, []))
    seen.add(case.pk)
    request.session[SESSION_CASES] = sorted(seen)


@require_http_methods(["GET", "POST"])
def status_page(request):
    form = StatusForm(request.POST or None)
    case = None
    if request.method == "POST" and form.is_valid():
        if _limited(f"gongkai:lookup:{_client_address(request)}", LOOKUPS_PER_HOUR):
            form.add_error(None, "查询次数过多，请一小时后再试。")
        else:
            case = case_for_applicant(form.cleaned_data["number"], form.cleaned_data["code"])
            if case is None:
                form.add_error(None, "申请编号或查询码不正确。")
            else:
                _remember(request, case)
    elif request.GET.get("case"):
        wanted = request.GET["case"]
        if wanted.isdigit() and int(wanted) in request.session.get(SESSION_CASES, []):
            case = InfoRequest.objects.select_related("agency").get(pk=int(wanted))
    context = {"form": form, "case": case}
    if case is not None:
        context |= {
            "events": case.events.filter(public=True).order_by("on", "pk"),
            "letters": case.letters.filter(for_applicant=True).order_by("issued_on", "pk"),
            "status_label": states.STATUS_LABELS[case.status],
        }
    return render(
        request,
        "info_requests/public/status.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


def status_letter(request, pk: int, fmt: str):
    letter = get_object_or_404(Letter, pk=pk, for_applicant=True)
    if letter.request_id not in request.session.get(SESSION_CASES, []):
        raise Http404("没有这份文书")
    return letter_response(letter, fmt)

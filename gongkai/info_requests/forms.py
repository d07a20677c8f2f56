"""Forms for the case engine. They parse and check shapes — formats of dates, identity
documents, phone numbers, characters — and leave the legal rules to the services.

Every form here is a `gongkai.core.forms.Form`: messages written for each field, no control
characters in text."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from gongkai.accounts.models import Agency, Department
from gongkai.core.dates import REGULATION_START
from gongkai.core.forms import Form, IsoDateField
from gongkai.core.phones import is_valid_phone
from gongkai.info_requests import states
from gongkai.info_requests.fees import METHODS
from gongkai.info_requests.idproof import (
    CREDIT_CODE,
    DOCUMENT_TYPES,
    DOCUMENTS,
    IdProofError,
    check_document,
    check_upload,
)
from gongkai.info_requests.models import Appeal, Consultation, InfoRequest
from gongkai.info_requests.outcomes import APPLICANT_TYPES, CHANNELS, LITIGATION_KINDS, OUTCOMES


def date_field(label, required=True, *, latest=None):
    """A date on a case: from the Regulations' entry into force to today (or `latest`)."""
    kwargs = {"latest": latest} if latest else {}
    return IsoDateField(label=label, required=required, earliest=REGULATION_START, **kwargs)


def within_a_year():
    return timezone.localdate() + timedelta(days=366)


REPLY_OUTCOMES = [(o.code, o.title) for o in OUTCOMES if o.code not in ("other_1", "other_2")]
DOCUMENT_CHOICES = [("", "请选择")] + [(d.value, d.label) for d in DOCUMENT_TYPES]
PHONE_RULE = (
    "联系电话格式不正确：手机号码为11位（如13800138000），固定电话须带区号"
    "（如010-12345678，分机可写作“转123”）"
)
CONTACT_RULE = "至少填写一种联系方式：电话、电子邮箱或通信地址（第二十九条）"


class ApplicantFields(Form):
    applicant_type = forms.ChoiceField(label="申请人类型", choices=list(APPLICANT_TYPES.items()))
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=200)
    contact_person = forms.CharField(
        label="联系人（法人或其他组织必填）", max_length=50, required=False
    )
    id_document_type = forms.ChoiceField(
        label="身份证明类型", choices=DOCUMENT_CHOICES, required=False
    )
    id_document_number = forms.CharField(label="身份证明号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "邮政编码应为6位数字"},
    )
    description = forms.CharField(
        label="所需政府信息的名称、文号或便于查询的其他特征",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    doc_numbers = forms.CharField(label="文件名称、文号（如知道）", max_length=300, required=False)
    delivery_form = forms.ChoiceField(label="提供形式", choices=InfoRequest.DeliveryForm.choices)
    delivery_way = forms.ChoiceField(label="获取方式", choices=InfoRequest.DeliveryWay.choices)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not is_valid_phone(phone):
            raise forms.ValidationError(PHONE_RULE)
        return phone

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        organisation = bool(kind) and kind != "natural_person"
        if organisation and not (data.get("contact_person") or "").strip():
            self.add_error("contact_person", "法人或其他组织提出申请的，请填写联系人姓名")
        self._clean_document(data, organisation=organisation, person=kind == "natural_person")
        if {"phone", "email", "address"} <= data.keys() and not (
            data["phone"] or data["email"] or data["address"].strip()
        ):
            self.add_error(None, CONTACT_RULE)
        return data

    def _clean_document(self, data, *, organisation: bool, person: bool) -> None:
        if "id_document_type" not in data or "id_document_number" not in data:
            return
        kind, number = data["id_document_type"], data["id_document_number"].strip()
        if kind and not number:
            self.add_error("id_document_number", f"请填写{DOCUMENTS[kind].label}号码")
            return
        if number and not kind:
            self.add_error("id_document_type", "请选择身份证明类型")
            return
        if not kind:
            return
        if person and not DOCUMENTS[kind].for_person:
            self.add_error("id_document_type", "自然人请选择本人的身份证件，如居民身份证、护照")
            return
        if organisation and kind != CREDIT_CODE:
            self.add_error("id_document_type", "法人或其他组织请选择统一社会信用代码")
            return
        try:
            data["id_document_number"] = check_document(kind, number, today=timezone.localdate())
        except IdProofError as error:
            self.add_error("id_document_number", str(error))


class ApplyForm(ApplicantFields):
    """The citizen's online application (Art. 29)."""

    agency = forms.ModelChoiceField(
        label="向哪个机关申请", queryset=Agency.objects.none(), empty_label="请选择机关"
    )
    id_proof = forms.FileField(label="身份证明材料（图片或 PDF，不超过 5 MB）")
    submission_key = forms.CharField(
        label="提交标识",
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={
            "required": "表单已失效，请刷新页面后重新填写提交",
            "max_length": "表单已失效，请刷新页面后重新填写提交",
        },
    )
    confirm = forms.BooleanField(label="我确认以上信息真实有效")

    # The agency first, as on a paper form's head: a citizen choosing it last, after the
    # delivery options, has already written the request to nobody in particular.
    field_order = ["agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["id_document_type"].required = True
        self.fields["id_document_type"].initial = "居民身份证"
        self.fields["id_document_number"].required = True

    def clean_id_proof(self):
        upload = self.cleaned_data["id_proof"]
        try:
            check_upload(upload)
        except IdProofError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class StatusForm(Form):
    """The applicant's key to the status page: the number and the query code. The code may be
    typed in any case, with or without the spaces and hyphens it is shown with."""

    number = forms.CharField(label="申请编号", max_length=60)
    code = forms.CharField(label="查询码", max_length=30)

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").upper()


class RegisterForm(ApplicantFields):
    channel = forms.ChoiceField(label="申请方式", choices=list(CHANNELS.items()))
    submitted_on = date_field("提交日期（当面）", required=False)
    signed_on = date_field("签收日期（信函）", required=False)
    confirmed_on = date_field("确认日期（网络、电子邮件、传真、平信）", required=False)
    oral = forms.BooleanField(label="口头申请，由我代为填写", required=False)
    department = forms.ModelChoiceField(
        label="承办科室", queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["department"].queryset = agency.departments.filter(is_active=True)


class AssignForm(Form):
    department = forms.ModelChoiceField(label="承办科室", queryset=Department.objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["department"].queryset = case.agency.departments.filter(is_active=True)


class CorrectionNoticeForm(Form):
    notice_on = date_field("告知日期")
    items = forms.CharField(
        label="需补正的事项（一次性告知）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    complete_by = date_field("补正期限（留空为15个工作日）", required=False, latest=within_a_year)


class CorrectionReceivedForm(Form):
    completed_on = date_field("收到补正日期")


class LapseForm(Form):
    on = date_field("认定日期")


class ConsultForm(Form):
    kind = forms.ChoiceField(label="类型", choices=Consultation.Kind.choices)
    party = forms.CharField(label="征求对象", max_length=200)
    sent_on = date_field("发出日期")


class ConsultationAnswerForm(Form):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none())
    answer = forms.ChoiceField(label="意见", choices=Consultation.Answer.choices)
    answered_on = date_field("收到意见日期（逾期未答复可不填）", required=False)
    note = forms.CharField(label="说明", max_length=1000, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["consultation"].queryset = case.consultations.filter(
                answered_on__isnull=True
            )


class ExtendForm(Form):
    approved_by = forms.CharField(label="批准人（公开工作机构负责人）", max_length=50)
    reason = forms.CharField(label="延期理由", max_length=300)
    on = date_field("延期决定日期")


class FeeNoticeForm(Form):
    method = forms.ChoiceField(label="计收方式", choices=list(METHODS.items()))
    quantity = forms.IntegerField(label="件数或页数", min_value=1, max_value=100000)
    notice_on = date_field("通知日期")


class FeePaidForm(Form):
    paid_on = date_field("缴费日期")


class ReplyForm(Form):
    outcome = forms.ChoiceField(label="办理结果", choices=REPLY_OUTCOMES)
    replied_on = date_field("答复日期")
    note = forms.CharField(
        label="答复说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    other_agency_name = forms.CharField(
        label="掌握该信息的机关（能够确定的）", max_length=100, required=False
    )
    signed_off_by = forms.CharField(
        label="签发人（本机关要求领导签发的，必填）", max_length=50, required=False
    )
    signed_off_on = date_field("签发日期", required=False)


class WithdrawForm(Form):
    on = date_field("撤回日期")
    reason = forms.CharField(label="说明", max_length=300, required=False)


class AppealForm(Form):
    kind = forms.ChoiceField(label="类型", choices=Appeal.Kind.choices)
    litigation_kind = forms.ChoiceField(
        label="诉讼类型", required=False, choices=[("", "—")] + list(LITIGATION_KINDS.items())
    )
    filed_on = date_field("申请或起诉日期")
    body = forms.CharField(label="复议机关或法院", max_length=100, required=False)


class QueueFilterForm(Form):
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部未办结")] + list(states.STATUS_LABELS.items()),
    )
    channel = forms.ChoiceField(
        label="申请方式", required=False, choices=[("", "全部")] + list(CHANNELS.items())
    )
    applicant_type = forms.ChoiceField(
        label="申请人类型", required=False, choices=[("", "全部")] + list(APPLICANT_TYPES.items())
    )
    outcome = forms.ChoiceField(
        label="办理结果",
        required=False,
        choices=[("", "全部")] + [(o.code, o.title) for o in OUTCOMES],
    )
    q = forms.CharField(label="编号、申请人或内容", required=False, max_length=100)


class AppealDecideForm(Form):
    appeal = forms.ModelChoiceField(label="复议或诉讼", queryset=Appeal.objects.none())
    result = forms.ChoiceField(
        label="结果", choices=[("upheld", "维持"), ("corrected", "纠正"), ("other", "其他")]
    )
    decided_on = date_field("审结日期")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["appeal"].queryset = case.appeals.filter(result="pending")


class OnlineCorrectionForm(Form):
    """The applicant's correction (补正), sent from the status page."""

    response = forms.CharField(
        label="补正内容（按补正告知书的要求，补充或更正所需信息的名称、文号或其他特征）",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )


class OnlineWithdrawForm(Form):
    """The applicant withdraws the application from the status page."""

    reason = forms.CharField(label="撤回说明（可不填）", max_length=300, required=False)
    confirm = forms.BooleanField(
        label="我确认撤回这份申请；撤回后本申请终止办理",
        error_messages={"required": "请勾选确认后再撤回"},
    )


class DisclosedFileForm(Form):
    file = forms.FileField(
        label="提供的文件（PDF、DOCX、XLSX、JPG、PNG，不超过 20 MB）",
        error_messages={"required": "请选择文件", "empty": "文件为空"},
    )


class DeliveryForm(Form):
    way = forms.ChoiceField(
        label="提供方式",
        choices=[("paper", "纸质材料已送达"), ("on_site", "申请人已现场查阅")],
    )
    on = date_field("提供日期")
    note = forms.CharField(label="说明（可不填）", max_length=200, required=False)

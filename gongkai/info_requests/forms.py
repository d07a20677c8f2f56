"""Forms for the case engine. They only parse and check shapes; the rules live in services."""

from django import forms

from gongkai.accounts.models import Department
from gongkai.info_requests import states
from gongkai.info_requests.fees import METHODS
from gongkai.info_requests.models import Appeal, Consultation, InfoRequest
from gongkai.info_requests.outcomes import APPLICANT_TYPES, CHANNELS, LITIGATION_KINDS, OUTCOMES

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_INPUT,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "日期格式应为 YYYY-MM-DD，且须是存在的日期"},
    )


REPLY_OUTCOMES = [(o.code, o.title) for o in OUTCOMES if o.code not in ("other_1", "other_2")]


class ApplicantFields(forms.Form):
    applicant_type = forms.ChoiceField(label="申请人类型", choices=list(APPLICANT_TYPES.items()))
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=200)
    contact_person = forms.CharField(
        label="联系人（法人或其他组织）", max_length=50, required=False
    )
    id_document_type = forms.CharField(
        label="身份证明类型", max_length=30, required=False, initial="居民身份证"
    )
    id_document_number = forms.CharField(label="身份证明号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
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


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="承办科室", queryset=Department.objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["department"].queryset = case.agency.departments.filter(is_active=True)


class CorrectionNoticeForm(forms.Form):
    notice_on = date_field("告知日期")
    items = forms.CharField(
        label="需补正的事项（一次性告知）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    complete_by = date_field("补正期限（留空为15个工作日）", required=False)


class CorrectionReceivedForm(forms.Form):
    completed_on = date_field("收到补正日期")


class LapseForm(forms.Form):
    on = date_field("认定日期")


class ConsultForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Consultation.Kind.choices)
    party = forms.CharField(label="征求对象", max_length=200)
    sent_on = date_field("发出日期")


class ConsultationAnswerForm(forms.Form):
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


class ExtendForm(forms.Form):
    approved_by = forms.CharField(label="批准人（公开工作机构负责人）", max_length=50)
    reason = forms.CharField(label="延期理由", max_length=300)
    on = date_field("延期决定日期")


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式", choices=list(METHODS.items()))
    quantity = forms.IntegerField(label="件数或页数", min_value=1, max_value=100000)
    notice_on = date_field("通知日期")


class FeePaidForm(forms.Form):
    paid_on = date_field("缴费日期")


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=REPLY_OUTCOMES)
    replied_on = date_field("答复日期")
    note = forms.CharField(
        label="答复说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    other_agency_name = forms.CharField(
        label="掌握该信息的机关（能够确定的）", max_length=100, required=False
    )


class WithdrawForm(forms.Form):
    on = date_field("撤回日期")
    reason = forms.CharField(label="说明", max_length=300, required=False)


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Appeal.Kind.choices)
    litigation_kind = forms.ChoiceField(
        label="诉讼类型", required=False, choices=[("", "—")] + list(LITIGATION_KINDS.items())
    )
    filed_on = date_field("申请或起诉日期")
    body = forms.CharField(label="复议机关或法院", max_length=100, required=False)


class QueueFilterForm(forms.Form):
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


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label="登记台账（CSV 或 XLSX）")


class AppealDecideForm(forms.Form):
    appeal = forms.ModelChoiceField(label="复议或诉讼", queryset=Appeal.objects.none())
    result = forms.ChoiceField(
        label="结果", choices=[("upheld", "维持"), ("corrected", "纠正"), ("other", "其他")]
    )
    decided_on = date_field("审结日期")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["appeal"].queryset = case.appeals.filter(result="pending")

"""Forms for messages and enquiries: every label and message in Chinese."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.accounts.models import Agency, Department
from gongkai.core.forms import Form, IsoDateField
from gongkai.interaction import services as s
from gongkai.interaction import states
from gongkai.interaction.labels import (
    CHANNELS,
    ENQUIRY_CHANNELS,
    INVALID_REASONS,
    SATISFACTION,
    TYPES,
)

REQUIRED = {"required": "此项为必填项", "invalid_choice": "请从列表中选择"}
LEADER_MAILBOX = "leader"


def _text(label, max_length, *, required=True, widget=None, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages={
            "required": f"请填写{label}",
            "max_length": f"{label}不能超过 {max_length} 字",
        },
    )


class MessageForm(Form):
    """The public form (留言 / 领导信箱)."""

    to = forms.ChoiceField(label="留言对象", error_messages=REQUIRED)
    type = forms.ChoiceField(
        label="留言类型", choices=[("", "请选择")] + list(TYPES.items()), error_messages=REQUIRED
    )
    title = _text("标题", s.MAX_TITLE)
    body = _text("留言内容", s.MAX_BODY, widget=forms.Textarea(attrs={"rows": 8}))
    writer_name = _text("姓名", s.MAX_NAME)
    phone = _text("联系电话", 20, help_text="仅用于工作人员联系您，不会公开")
    consent = forms.BooleanField(
        label="同意在网站公开我的留言和答复（姓名、电话等个人信息不会公开）", required=False
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "请选择")]
        office = s.government_office()
        if office is not None:
            choices.append((LEADER_MAILBOX, f"领导信箱（{office.government.name}）"))
        choices += [(str(a.pk), a.name) for a in Agency.objects.filter(is_active=True)]
        self.fields["to"].choices = choices

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace("-", "")
        if not phone.isdigit() or not 7 <= len(phone) <= 12:
            raise forms.ValidationError("请填写有效的联系电话（7至12位数字）")
        return phone

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body.strip()) < 5:
            raise forms.ValidationError("留言内容过短，请具体描述您的问题（至少5个字）")
        return body

    def target(self) -> tuple[Agency, str]:
        """The receiving agency and the channel."""
        to = self.cleaned_data["to"]
        if to == LEADER_MAILBOX:
            return s.government_office(), "leader_mailbox"
        return Agency.objects.get(pk=int(to)), "website"


class StatusForm(Form):
    number = _text("留言编号", 60)
    code = _text("查询码", 20)


class RateForm(Form):
    satisfaction = forms.ChoiceField(
        label="您对答复的评价",
        choices=list(SATISFACTION.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择满意、基本满意或不满意",
            "invalid_choice": "请选择满意、基本满意或不满意",
        },  # noqa: E501
    )


class MonthForm(Form):
    month = forms.CharField(label="月份", max_length=7, required=False)

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            today = timezone.localdate()
            return today.year, today.month
        try:
            year, month = (int(part) for part in value.split("-"))
            if not (2000 <= year <= 2100 and 1 <= month <= 12):
                raise ValueError
        except ValueError:
            raise forms.ValidationError("月份格式应为 YYYY-MM，例如 2026-05") from None
        return year, month


# -- workbench -------------------------------------------------------------------------------


class QueueFilterForm(Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "未办结")] + list(states.STATUS_LABELS.items())
    )
    type = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部")] + list(TYPES.items())
    )
    channel = forms.ChoiceField(
        label="渠道", required=False, choices=[("", "全部")] + list(CHANNELS.items())
    )
    q = forms.CharField(label="搜索", required=False, max_length=100)


class AssignForm(Form):
    department = forms.ModelChoiceField(
        label="承办科室",
        queryset=Department.objects.none(),
        empty_label="请选择",
        error_messages=REQUIRED,
    )

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        if message is not None:
            self.fields["department"].queryset = Department.objects.filter(
                agency=message.agency, is_active=True
            )


class ReplyForm(Form):
    reply = _text("答复内容", s.MAX_REPLY, widget=forms.Textarea(attrs={"rows": 10}))
    replied_on = IsoDateField(label="答复日期", required=False, help_text="留空为今天")


class TransferForm(Form):
    to_agency = forms.ModelChoiceField(
        label="转办给", queryset=Agency.objects.none(), empty_label="请选择机关",
        error_messages=REQUIRED,
    )  # fmt: skip
    reason = _text("转办理由", s.MAX_REASON)

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        if message is not None:
            self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True).exclude(
                pk=message.agency_id
            )


class InvalidForm(Form):
    kind = forms.ChoiceField(
        label="无效原因",
        choices=[("", "请选择")] + [(r, r) for r in INVALID_REASONS],
        error_messages=REQUIRED,
    )
    note = _text("说明", 200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind"):
            data["reason"] = data["kind"] + (f"：{data['note']}" if data.get("note") else "")
        return data


class HideForm(Form):
    reason = _text("不予公开原因", s.MAX_REASON)


class EmptyForm(Form):
    pass


class EnquiryForm(Form):
    """The counter's quick register: four fields, the date defaults to today."""

    channel = forms.ChoiceField(
        label="渠道",
        choices=list(ENQUIRY_CHANNELS.items()),
        widget=forms.RadioSelect,
        initial="phone",
        error_messages={
            "required": "请选择电话、当面或网上",
            "invalid_choice": "请选择电话、当面或网上",
        },  # noqa: E501
    )
    topic = _text("咨询事项", s.MAX_TOPIC)
    answer = _text("答复", s.MAX_ANSWER, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.IntegerField(
        label="用时（分钟）",
        required=False,
        min_value=1,
        max_value=s.MAX_MINUTES,
        error_messages={
            "invalid": "用时应为整数分钟",
            "min_value": "用时至少 1 分钟",
            "max_value": f"用时不能超过 {s.MAX_MINUTES} 分钟",
        },
    )
    on = IsoDateField(label="日期", required=False, help_text="留空为今天")
    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), empty_label=None, error_messages=REQUIRED
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        if len(agencies) == 1:
            self.fields["agency"].widget = forms.HiddenInput()
            self.fields["agency"].initial = agencies[0].pk


class ConvertForm(Form):
    type = forms.ChoiceField(
        label="留言类型", choices=list(TYPES.items()), initial="complaint", error_messages=REQUIRED
    )


class UploadForm(Form):
    file = forms.FileField(
        label="留言台账文件（CSV 或 XLSX）",
        error_messages={"required": "请选择文件", "empty": "文件为空"},
    )

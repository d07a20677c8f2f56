"""Forms of comment calls: every label and message in Chinese (core.forms)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from gongkai.accounts.models import Agency, Department
from gongkai.core.forms import Form, IsoDateField
from gongkai.participation import articles
from gongkai.participation import services as s
from gongkai.participation.labels import CHANNELS, DECISIONS, KINDS


def _latest_date():
    return timezone.localdate() + timedelta(days=730)


def _earliest_date():
    return timezone.localdate() - timedelta(days=3650)


def _text(label, max_length, *, required=True, rows=None, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        help_text=help_text,
    )


class CallForm(Form):
    """Create or edit a draft call (workbench)."""

    agency = forms.ModelChoiceField(
        label="起草单位", queryset=Agency.objects.none(), empty_label="请选择"
    )
    department = forms.ModelChoiceField(
        label="起草科室",
        queryset=Department.objects.none(),
        required=False,
        empty_label="（不指定）",
    )
    title = _text("标题", s.MAX_TITLE)
    kind = forms.ChoiceField(label="文件类型", choices=[("", "请选择")] + list(KINDS.items()))
    draft = _text(
        "征求意见稿",
        s.MAX_DRAFT,
        rows=16,
        help_text="每条另起一行，以“第一条”“第二条”……开头；章节标题（第一章　总则）单独成行",
    )
    drafting_note = _text("起草说明", s.MAX_NOTE, rows=8)
    opens_on = IsoDateField(label="开始日期", earliest=_earliest_date, latest=_latest_date)
    closes_on = IsoDateField(label="截止日期", earliest=_earliest_date, latest=_latest_date)
    shortened_reason = _text(
        "缩短期限的理由",
        s.MAX_REASON,
        required=False,
        rows=3,
        help_text="期限少于法定最短期限时必须填写，并随征求意见一并公布",
    )
    contact = _text("联系人及电话", s.MAX_CONTACT)
    via_website = forms.BooleanField(label="接受网站提交意见", required=False, initial=True)
    letter_address = _text("信函地址", s.MAX_ADDRESS, required=False)
    email_address = forms.EmailField(label="电子邮箱", max_length=s.MAX_EMAIL, required=False)
    name_required = forms.BooleanField(label="提交意见须填写姓名", required=False)
    contact_required = forms.BooleanField(label="提交意见须填写联系方式", required=False)
    attachment = forms.FileField(
        label="附件", required=False, help_text="PDF、DOCX、XLSX、JPG、PNG"
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [a.pk for a in agencies]
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=ids)
        self.fields["department"].queryset = Department.objects.filter(
            agency__in=ids, is_active=True
        ).select_related("agency")
        self.fields["department"].label_from_instance = lambda d: (
            f"{d.agency.short_name or d.agency.name} · {d.name}"
        )
        if len(ids) == 1:
            self.fields["agency"].initial = ids[0]

    def clean(self):
        data = super().clean()
        agency, department = data.get("agency"), data.get("department")
        if agency and department and department.agency_id != agency.pk:
            self.add_error("department", f"科室“{department.name}”不属于{agency.name}")
        return data

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("attachment", None)
        data.pop("agency", None)
        return data


class CommentForm(Form):
    """The public comment form: on the whole draft or on one article."""

    article = forms.TypedChoiceField(label="意见针对", coerce=int, empty_value=None, required=False)
    body = _text("意见内容", s.MAX_COMMENT, rows=8)
    name = _text("姓名", s.MAX_NAME, required=False)
    contact = _text(
        "联系方式", s.MAX_COMMENT_CONTACT, required=False, help_text="仅供起草单位联系您，不会公开"
    )
    consent = forms.BooleanField(
        label="同意在网站公开我的意见（姓名、联系方式等个人信息不会公开）", required=False
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = _article_choices(call)
        if call is not None:
            self.fields["name"].required = call.name_required
            self.fields["contact"].required = call.contact_required

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body.strip()) < s.MIN_COMMENT:
            raise forms.ValidationError(f"意见内容过短，请至少写{s.MIN_COMMENT}个字")
        return body


def _article_choices(call) -> list[tuple[str, str]]:
    choices = [("", "全文（总体意见）")]
    for block in articles.split(call.draft) if call is not None else []:
        if block.kind == articles.ARTICLE:
            choices.append((str(block.number), f"{block.label}　{block.text[:24]}"))
    return choices


class RecordForm(Form):
    """A comment received by letter or e-mail, entered by the drafting unit's staff as the
    commenter gave it (services.comment_record checks the dates against the period)."""

    channel = forms.ChoiceField(label="收到渠道")
    received_on = IsoDateField(
        label="收到日期", earliest=_earliest_date, initial=timezone.localdate
    )
    postmarked_on = IsoDateField(
        label="邮戳日期",
        earliest=_earliest_date,
        required=False,
        help_text="信函在截止日期后收到的，填写邮戳日期；邮戳日期不晚于截止日期的意见有效",
    )
    article = forms.TypedChoiceField(label="意见针对", coerce=int, empty_value=None, required=False)
    body = _text("意见内容", s.MAX_COMMENT, rows=8, help_text="照录信函或邮件中的意见原文")
    name = _text("姓名", s.MAX_NAME, required=False, help_text="按来信填写，未署名的留空")
    contact = _text("联系方式", s.MAX_COMMENT_CONTACT, required=False)
    consent = forms.BooleanField(
        label="提交人同意公开其意见（来信未表示同意的不勾选）", required=False
    )

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = _article_choices(call)
        channels = [
            (name, CHANNELS[name])
            for name, field in s.STAFF_CHANNELS.items()
            if call is not None and getattr(call, field)
        ]
        self.fields["channel"].choices = [("", "请选择")] + channels
        if len(channels) == 1:
            self.fields["channel"].initial = channels[0][0]

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body.strip()) < s.MIN_COMMENT:
            raise forms.ValidationError(f"意见内容过短，请至少写{s.MIN_COMMENT}个字")
        return body


class HideForm(Form):
    reason = _text("不予公开原因", s.MAX_HIDE_REASON)


class MergeForm(Form):
    into = forms.TypedChoiceField(label="合并到", coerce=int)
    reason = _text("合并理由", s.MAX_HIDE_REASON, required=False)

    def __init__(self, *args, comment=None, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [("", "请选择")] + [
            (str(c.pk), f"{c.receipt_number}　{c.body[:30]}")
            for c in candidates
            if comment is None or c.pk != comment.pk
        ]

    def clean_reason(self):
        return self.cleaned_data["reason"] or "重复意见"


class OpinionForm(Form):
    summary = _text("意见内容", s.MAX_OPINION, rows=3)
    decision = forms.ChoiceField(
        label="采纳情况", choices=list(DECISIONS.items()), widget=forms.RadioSelect
    )
    reason = _text(
        "理由", s.MAX_OPINION, required=False, rows=3, help_text="部分采纳或未采纳的，必须说明理由"
    )
    comments = forms.TypedMultipleChoiceField(
        label="归入的意见", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, comments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [
            (c.pk, f"{c.receipt_number}　{c.body[:40]}") for c in comments
        ]

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in ("partly_adopted", "not_adopted")
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "部分采纳或未采纳的，请说明理由")
        return data


class SummaryForm(Form):
    intro = _text("采纳情况说明", s.MAX_SUMMARY, rows=6)


class FinalForm(Form):
    """The final document: one of the agency's latest published policy documents, or any
    published item by its index number; both empty removes the link."""

    item = forms.TypedChoiceField(
        label="本机关近期发布的文件", coerce=int, required=False, empty_value=None
    )
    index_number = _text(
        "或填写索引号",
        80,
        required=False,
        help_text="正式文件须已在公开目录发布；两项都留空为取消关联",
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "（不选）")] + [
            (str(i.pk), f"{i.published_on:%Y-%m-%d}　{i.title}") for i in candidates
        ]


class WithdrawForm(Form):
    reason = _text("撤回理由", s.MAX_HIDE_REASON)


class EmptyForm(Form):
    pass

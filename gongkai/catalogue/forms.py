from django import forms
from django.db.models import Q

from gongkai.catalogue.models import Item, Subject
from gongkai.catalogue.taxonomy import GENRES, STATUTORY_CATEGORIES, WITHHELD_REASONS
from gongkai.core.dates import EARLIEST_DOCUMENT
from gongkai.core.forms import Form, IsoDateField
from gongkai.inspection.models import DisclosureMatter


class ItemForm(Form):
    title = forms.CharField(label="标题", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    # Documents still in force may be older than the Regulations: from 1949 to today.
    written_on = IsoDateField(label="成文日期", earliest=EARLIEST_DOCUMENT)
    statutory_category = forms.ChoiceField(
        label="第二十条类别", choices=list(STATUTORY_CATEGORIES.items())
    )
    genre = forms.ChoiceField(label="体裁", choices=list(GENRES.items()))
    subject = forms.ModelChoiceField(
        label="主题分类", queryset=Subject.objects.all(), required=False
    )
    keywords = forms.CharField(label="关键词（以逗号分隔）", max_length=200, required=False)
    summary = forms.CharField(
        label="内容概述", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    body = forms.CharField(
        label="正文", widget=forms.Textarea(attrs={"rows": 12}), required=False, max_length=200_000
    )
    attribute = forms.ChoiceField(
        label="公开属性",
        choices=[("proactive", "主动公开"), ("on_request", "依申请公开"), ("withheld", "不予公开")],
    )
    withheld_reason = forms.ChoiceField(
        label="不予公开的法律依据",
        required=False,
        choices=[("", "—")] + list(WITHHELD_REASONS.items()),
    )
    is_policy = forms.BooleanField(label="政策文件（须同步发布政策解读）", required=False)
    interprets = forms.ModelChoiceField(
        label="所解读的政策文件（仅政策解读）", queryset=Item.objects.none(), required=False
    )
    disclosure_matter = forms.ModelChoiceField(
        label="标准目录事项（其公开时限用于考核及时性）",
        queryset=DisclosureMatter.objects.none(),
        required=False,
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["interprets"].queryset = Item.objects.filter(
                agency=agency, is_policy=True, interpretation__isnull=True
            )
            # The agency's own 事项 and those no agency was named for.
            self.fields["disclosure_matter"].queryset = DisclosureMatter.objects.filter(
                Q(agency=agency) | Q(agency__isnull=True)
            )


class AttachmentForm(Form):
    file = forms.FileField(label="附件（PDF、DOCX、XLSX、JPG、PNG，不超过 20 MB）")


class ReviewForm(Form):
    note = forms.CharField(label="意见", max_length=500, required=False)


class JustifyForm(Form):
    reason = forms.CharField(label="依法保留的理由", max_length=300)


class ValidityForm(Form):
    validity = forms.ChoiceField(
        label="有效性", choices=[("amended", "已修改"), ("repealed", "已废止")]
    )
    on = IsoDateField(label="变更日期", earliest=EARLIEST_DOCUMENT)
    by = forms.ModelChoiceField(
        label="修改或废止它的文件", queryset=Item.objects.none(), required=False
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["by"].queryset = Item.objects.filter(
                agency=item.agency, status=Item.Status.PUBLISHED
            ).exclude(pk=item.pk)


class WithdrawForm(Form):
    reason = forms.CharField(label="撤回理由", max_length=300)

from django import forms

from gongkai.accounts.models import Agency
from gongkai.core.forms import Form
from gongkai.inspection.rules import RULES
from gongkai.inspection.standards import AUDIENCES, CHANNELS, LEVELS, WAYS

STATUS_CHOICES = [("open", "未整改"), ("closed", "已整改"), ("all", "全部")]


class FindingFilterForm(Form):
    agency = forms.ChoiceField(label="机关", required=False)
    rule = forms.ChoiceField(
        label="检查项",
        required=False,
        choices=[("", "全部")] + [(r.code, r.label) for r in RULES.values()],
    )
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "全部"), ("portal", "门户网站公共页面")] + [
            (str(a.pk), a.name) for a in agencies
        ]


class RunForm(Form):
    agency = forms.ChoiceField(label="检查范围", required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "全部机关和门户网站")] + [
            (str(a.pk), a.name) for a in agencies
        ]


class StandardUploadForm(Form):
    file = forms.FileField(
        label="标准目录文件（CSV 或 XLSX）",
        error_messages={"required": "请选择文件", "empty": "文件为空"},
    )


class DisclosureMatterForm(Form):
    area = forms.CharField(label="领域", max_length=50)
    level1 = forms.CharField(label="一级事项", max_length=100)
    level2 = forms.CharField(label="二级事项", max_length=200)
    content = forms.CharField(
        label="公开内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    basis = forms.CharField(
        label="公开依据", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )
    time_limit = forms.CharField(label="公开时限", max_length=300)
    subject = forms.CharField(label="公开主体", max_length=200)
    channels = forms.MultipleChoiceField(
        label="公开渠道",
        choices=[(c, c) for c in CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个公开渠道"},
    )
    audience = forms.ChoiceField(label="公开对象", choices=[(a, a) for a in AUDIENCES])
    way = forms.ChoiceField(label="公开方式", choices=[(w, w) for w in WAYS])
    levels = forms.MultipleChoiceField(
        label="公开层级",
        choices=[(v, v) for v in LEVELS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个层级"},
    )
    agency = forms.ModelChoiceField(
        label="责任机关", queryset=Agency.objects.filter(is_active=True), required=False
    )


class SelfCheckStartForm(Form):
    agency = forms.ChoiceField(label="机关")
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in agencies]


class WithheldDecisionForm(Form):
    decision = forms.ChoiceField(
        label="审查结论",
        choices=[("keep", "继续不予公开"), ("disclose", "转为主动公开")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审查结论"},
    )
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

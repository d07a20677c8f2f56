from django import forms

from gongkai.core.forms import Form
from gongkai.inspection.rules import RULES

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

"""What every form in Gongkai shares: messages written for the field, in Chinese; no control
or invisible formatting characters in text; dates in one strict format within a range.

`Form` and `ModelForm` here are Django's with `FieldRulesMixin`. The mixin replaces each of
Django's default messages (required, too long, invalid e-mail, not a number, not on the list…)
by one that names the field — "申请人姓名不能超过200个字" rather than Django's
"确保该值不超过 200 个字符" — and leaves the messages a form wrote itself alone. It also gives
every text field the control-character check of `core.text` (password fields excepted).
`gongkai/core/tests/test_forms.py` walks every form class of the project and fails on any
message that is still Django's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core import text
from gongkai.core.dates import REGULATION_START, InvalidDate, parse_iso_date, range_problem

DateBound = date | Callable[[], date] | None


def today() -> date:
    return timezone.localdate()


def _resolve(bound: DateBound) -> date | None:
    return bound() if callable(bound) else bound


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD and nothing else (`2026-1-1` and `20260101` are refused,
    which `strptime` would accept), between `earliest` and `latest` (dates or callables;
    by default from the Regulations' entry into force to today)."""

    def __init__(self, *, earliest: DateBound = REGULATION_START, latest: DateBound = today, **kw):
        kw.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kw)
        self.earliest = earliest
        self.latest = latest

    def bounds(self) -> tuple[date | None, date | None]:
        return _resolve(self.earliest), _resolve(self.latest)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        value = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_iso_date(value)
        except InvalidDate:
            raise ValidationError(
                f"{self.label or '日期'}“{value}”不存在，请检查月份和日期", code="invalid"
            ) from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        problem = range_problem(value, *self.bounds())
        if problem:
            raise ValidationError(f"{self.label or '日期'}{problem}", code="out_of_range")


class NoControlCharacters:
    """Refuses control and invisible formatting characters (`core.text`)."""

    code = "control_character"

    def __init__(self, label: str, *, multiline: bool):
        self.label = label
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = text.forbidden_character(value, multiline=self.multiline)
        if found:
            index, char = found
            raise ValidationError(
                f"{self.label}含有不可见的控制字符或格式字符（{text.describe(char)}，"
                f"第{index + 1}个字符），请删除后重新填写",
                code=self.code,
            )

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and self.multiline == other.multiline


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField)


def field_messages(field: forms.Field, label: str) -> dict[str, str]:
    """The messages written for this field, by Django's error code."""
    label = label.replace("%", "%%")
    if isinstance(field, forms.BooleanField):
        required = f"请勾选“{label}”"
    elif _is_choice(field):
        required = f"请选择{label}"
    elif isinstance(field, forms.FileField):
        required = f"请上传{label}"
    else:
        required = f"请填写{label}"
    messages = {
        "required": required,
        "max_length": f"{label}不能超过%(limit_value)d个字（现有%(show_value)d个字）",
        "min_length": f"{label}至少要%(limit_value)d个字（现有%(show_value)d个字）",
        "null_characters_not_allowed": f"{label}不能包含空字符",
        "invalid_choice": f"请从列表中选择{label}",
        "invalid_list": f"请从列表中选择{label}",
        "invalid_pk_value": f"请从列表中选择{label}",
        "max_value": f"{label}不能大于%(limit_value)s",
        "min_value": f"{label}不能小于%(limit_value)s",
        "step_size": f"{label}须为%(limit_value)s的整数倍",
        "max_digits": f"{label}的数字不能超过%(max)s位",
        "max_decimal_places": f"{label}最多保留%(max)s位小数",
        "max_whole_digits": f"{label}的整数部分不能超过%(max)s位",
        "invalid": f"{label}格式不正确",
    }
    if isinstance(field, forms.EmailField):
        messages["invalid"] = "电子邮箱格式不正确"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{label}应为整数"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{label}应为数字"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{label}应为存在的日期，格式为 YYYY-MM-DD，例如 2025-09-26"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = f"{label}不是有效的网址"
    if isinstance(field, forms.FileField):
        messages |= {
            "invalid": "没有收到文件，请重新选择文件后提交",
            "missing": "没有收到文件，请重新选择文件后提交",
            "empty": f"{label}是空文件",
            "max_length": "文件名不能超过%(max)d个字（现有%(length)d个字）",
            "contradiction": "请上传新文件或勾选清除，不要同时选择",
            "invalid_image": "只接受能打开的图片文件",
        }
    return messages


def _defaults(field: forms.Field) -> set[str]:
    found: set[str] = set()
    for klass in type(field).__mro__:
        found.update(str(m) for m in getattr(klass, "default_error_messages", {}).values())
    return found


def apply_field_rules(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        label = str(field.label or name)
        defaults = _defaults(field)
        for code, message in field_messages(field, label).items():
            current = field.error_messages.get(code)
            if current is None or str(current) in defaults:
                field.error_messages[code] = message
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
            check = NoControlCharacters(label, multiline=isinstance(field.widget, forms.Textarea))
            if check not in field.validators:
                field.validators.append(check)
        if isinstance(field, IsoDateField):
            earliest, latest = field.bounds()
            if earliest:
                field.widget.attrs["min"] = earliest.isoformat()
            if latest:
                field.widget.attrs["max"] = latest.isoformat()


class FieldRulesMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_field_rules(self)  # type: ignore[arg-type]


class Form(FieldRulesMixin, forms.Form):
    pass


class ModelForm(FieldRulesMixin, forms.ModelForm):
    pass


# --- the upload form of the workbench's imports (ledger, catalogue) -------------------------

IMPORT_EXTENSIONS = (".csv", ".xlsx")


class ImportUploadForm(Form):
    file = forms.FileField(error_messages={"required": "请选择要导入的文件"})

    def __init__(self, *args, label: str = "导入文件", max_bytes: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(
                f"不支持的文件类型：“{upload.name}”，请上传 .csv 或 .xlsx 文件"
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1024 / 1024:.1f} MB），"
                f"最大 {self.max_bytes // 1024 // 1024} MB，请拆分后分批导入"
            )
        return upload

"""Every form of the project speaks for its fields in Chinese (no Django default message is
left), refuses control characters in text and takes dates only as YYYY-MM-DD within range."""

import importlib
import pkgutil
import re
from datetime import date

import django.contrib.auth.forms as auth_forms
import django.core.validators as validators
import django.forms.fields as form_fields
import django.forms.models as model_forms
import pytest
from django import forms
from django.utils import translation

import gongkai
from gongkai.core.forms import Form, IsoDateField
from gongkai.core.text import forbidden_character

CJK = re.compile(r"[\u4e00-\u9fff]")


def project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        name = module.name
        if ".tests" in name or ".migrations" in name or ".management" in name:
            continue
        if name.rsplit(".", 1)[-1] in ("forms", "views", "public_views", "admin"):
            importlib.import_module(name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("gongkai.") and ".tests" not in sub.__module__:
                found.add(sub)
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__qualname__}")


def django_default_messages() -> set[str]:
    lazy = []
    for module in (form_fields, model_forms):
        for obj in vars(module).values():
            if isinstance(obj, type):
                lazy += getattr(obj, "default_error_messages", {}).values()
    for obj in vars(validators).values():
        if isinstance(obj, type):
            if hasattr(obj, "message"):
                lazy.append(obj.message)
            messages = getattr(obj, "messages", None)
            if isinstance(messages, dict):
                lazy += messages.values()
    lazy += auth_forms.AuthenticationForm.error_messages.values()
    found = set()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            found |= {str(message) for message in lazy}
    return found


FORMS = project_forms()
ABSTRACT = {"gongkai.core.forms.Form", "gongkai.core.forms.ModelForm"}


def test_the_walk_finds_the_forms_people_fill_in():
    names = {f.__qualname__ for f in FORMS}
    assert {"ApplyForm", "StatusForm", "RegisterForm", "LoginForm", "ItemForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_class",
    [f for f in FORMS if f"{f.__module__}.{f.__qualname__}" not in ABSTRACT],
    ids=lambda f: f"{f.__module__.removeprefix('gongkai.')}.{f.__qualname__}",
)
def test_no_django_default_message_is_left(form_class):
    defaults = django_default_messages()
    form = form_class()
    left = []
    for name, field in form.fields.items():
        for code, message in field.error_messages.items():
            if str(message) in defaults or not CJK.search(str(message)):
                left.append(f"{name}.{code}: {message}")
        for validator in field.validators:
            message = getattr(validator, "message", None)
            if message is None:
                continue
            if str(message) in defaults and validator.code not in field.error_messages:
                left.append(f"{name} validator {validator.code}: {message}")
    for code, message in getattr(form, "error_messages", {}).items():
        if str(message) in defaults:
            left.append(f"form.{code}: {message}")
    assert left == []


NOT_ISO = "收到日期应为存在的日期，格式为 YYYY-MM-DD，例如 2025-09-26"


class Sample(Form):
    name = forms.CharField(label="申请人姓名", max_length=5)
    note = forms.CharField(label="说明", widget=forms.Textarea, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    count = forms.IntegerField(label="件数", min_value=1, max_value=9, required=False)
    kind = forms.ChoiceField(label="类型", choices=[("a", "甲")], required=False)
    day = IsoDateField(label="收到日期", required=False)
    written = IsoDateField(
        label="成文日期", earliest=date(1949, 10, 1), latest=date(2026, 12, 3), required=False
    )
    own = forms.CharField(label="代码", required=False, error_messages={"required": "自定义"})


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "请填写申请人姓名"),
        ({"name": "张三李四王五"}, "name", "申请人姓名不能超过5个字（现有6个字）"),
        ({"email": "x@"}, "email", "电子邮箱格式不正确"),
        ({"count": "abc"}, "count", "件数应为整数"),
        ({"count": "0"}, "count", "件数不能小于1"),
        ({"count": "10"}, "count", "件数不能大于9"),
        ({"kind": "b"}, "kind", "请从列表中选择类型"),
        ({"name": "张\x00三"}, "name", "申请人姓名不能包含空字符"),
        ({"day": "2026-1-1"}, "day", NOT_ISO),
        ({"day": "20260101"}, "day", NOT_ISO),
        ({"day": "2025-W39-5"}, "day", NOT_ISO),
        ({"day": "2025-02-29"}, "day", "收到日期“2025-02-29”不存在，请检查月份和日期"),
        ({"day": "0001-01-01"}, "day", "收到日期不能早于2008-05-01"),
        ({"day": "2008-04-30"}, "day", "收到日期不能早于2008-05-01"),
        ({"day": "9999-12-31"}, "day", "收到日期不能晚于"),
        ({"written": "1900-01-01"}, "written", "成文日期不能早于1949-10-01"),
        ({"written": "2026-12-04"}, "written", "成文日期不能晚于2026-12-03"),
    ],
)
def test_messages_are_written_for_the_field(data, field, message):
    form = Sample(data={"name": "张三"} | data)
    assert (form.is_valid(), message in " ".join(form.errors[field])) == (False, True)


def test_a_message_the_form_wrote_itself_is_kept():
    form = Sample(data={"name": "张三", "own": ""})
    form.fields["own"].required = True
    assert (form.is_valid(), form.errors["own"]) == (False, ["自定义"])


@pytest.mark.parametrize("day", ["2008-05-01", "2025-09-26"])
def test_dates_in_range_are_taken(day):
    form = Sample(data={"name": "张三", "day": day})
    assert (form.is_valid(), form.cleaned_data["day"]) == (True, date.fromisoformat(day))


def test_the_date_input_carries_its_range():
    html = str(Sample()["written"])
    assert ('min="1949-10-01"' in html, 'max="2026-12-03"' in html) == (True, True)


# -- control characters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "multiline", "found", "why"),
    [
        ("王小明", False, None, "plain name"),
        ("Zoë O'Brien-李", False, None, "Latin letters, apostrophe, hyphen"),
        ("王\u202e明小", False, "\u202e", "RTL override (U+202E)"),
        ("王\u2066小明\u2069", False, "\u2066", "bidi isolate (U+2066)"),
        ("王\u200b小明", False, "\u200b", "zero-width space"),
        ("王\u200d小明", False, "\u200d", "zero-width joiner"),
        ("\ufeff王小明", False, "\ufeff", "byte-order mark"),
        ("王\x07小明", False, "\x07", "C0 bell"),
        ("王\x1b[31m小明", False, "\x1b", "ANSI escape"),
        ("王\x85小明", False, "\x85", "C1 next line"),
        ("王\x7f小明", False, "\x7f", "DEL"),
        ("王\n小明", False, "\n", "newline in a single-line field"),
        ("王\t小明", False, "\t", "tab in a single-line field"),
        ("王\u2028小明", False, "\u2028", "line separator in a single-line field"),
        ("第一行\r\n第二行\t缩进", True, None, "line breaks and tabs in a text area"),
        ("第一行\u202e", True, "\u202e", "RTL override in a text area"),
        ("王\ue000明", False, None, "private use: rare name characters (生僻字)"),
    ],
)
def test_forbidden_characters(text, multiline, found, why):
    result = forbidden_character(text, multiline=multiline)
    assert (result[1] if result else None) == found, why


def test_a_control_character_is_refused_with_its_code_and_place():
    form = Sample(data={"name": "王\u202e明"})
    assert (form.is_valid(), form.errors["name"]) == (
        False,
        ["申请人姓名含有不可见的控制字符或格式字符（U+202E，第2个字符），请删除后重新填写"],
    )


def test_a_text_area_keeps_its_line_breaks():
    form = Sample(data={"name": "王明", "note": "第一行\r\n第二行"})
    assert form.is_valid()


def test_password_fields_are_not_checked_for_control_characters():
    from gongkai.accounts.views import LoginForm

    form = LoginForm()
    assert [v for v in form.fields["password"].validators if hasattr(v, "multiline")] == []
